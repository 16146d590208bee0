# Two commands for a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv-$(notdir $(PYTHON))
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint system-libs clean screenshots bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Qt needs a few shared libraries that a bare Linux may lack; install them when we can.
system-libs:
	@bash scripts/ensure-system-libs.sh

run: system-libs $(STAMP)
	$(BIN)/psoas-desktop $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check psoas_desktop tests benchmarks
	$(BIN)/lint-imports

test: system-libs $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/pacer_drift.py

clean:
	rm -rf .venv-* build *.egg-info

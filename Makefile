# Two commands for a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv-$(notdir $(PYTHON))
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DIST_STAMP := $(VENV)/.installed-dist
# Reproducible installs: exact versions from requirements/lock-pyXY.txt for this Python, when there
# is one (refresh: bash scripts/lock-requirements.sh python3.X).
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d%d" % sys.version_info[:2])' 2>/dev/null)
LOCK := $(wildcard requirements/lock-py$(PYVER).txt)
CONSTRAINTS := $(if $(LOCK),-c $(LOCK),)

.PHONY: run test test-slow lint system-libs validators clean screenshots xvfb-screenshots bench bench-pacer dist icons lock mutation

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/python -m pip install --quiet $(CONSTRAINTS) -e '.[test,audio]'
	touch $(STAMP)

$(DIST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet $(CONSTRAINTS) -e '.[dist]'
	touch $(DIST_STAMP)

# Qt needs a few shared libraries that a bare Linux may lack; install them when we can.
system-libs:
	@bash scripts/ensure-system-libs.sh

# desktop-file-validate and appstreamcli check resources/*.desktop and *.metainfo.xml in `make test`.
validators:
	@bash scripts/ensure-validators.sh

run: system-libs $(STAMP)
	$(BIN)/psoas-desktop $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check psoas_desktop tests benchmarks scripts packaging
	$(BIN)/lint-imports

test: system-libs validators $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# The long fault runs (every kill -9 point); .ci/run runs them after `make test`.
test-slow: system-libs $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m slow

# The one-folder Linux bundle at dist/psoas-desktop/, checked (no GPL-only Qt file, notices,
# migrations) and started with --self-test in a clean HOME with no screen.
dist: system-libs $(DIST_STAMP)
	bash packaging/build-linux.sh $(BIN)/python

icons: $(STAMP)
	$(BIN)/python scripts/make-icons.py

lock:
	bash scripts/lock-requirements.sh $(PYTHON)

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py --size 1280x800
	$(BIN)/python scripts/screenshots.py --size 1024x600 --suffix _1024x600

# Every screen at 720x560, 1024x600, 1280x800, 800x1280 and 1920x1080 from a real window under
# Xvfb and openbox (docs/screenshots/sizes/), and the open-book figure strip.
xvfb-screenshots: $(STAMP)
	bash scripts/xvfb-screenshots.sh $(BIN)/python

# One table: start, taps, client page and search, each beside its floor measured in the same run,
# with ratio and budget, compared with benchmarks/baseline.json (about 2 minutes; the 100,000-session
# history database is seeded once into .bench-cache/). BENCH_ARGS=--save-baseline writes a new
# baseline. Benchmarks print; nothing asserts a wall-clock limit.
BENCH_ARGS ?=

bench: system-libs $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/frame.py --compare $(BENCH_ARGS)

# The breath pacer's drift over a 5-minute block (SPEC 4), on its own: it runs for 5 minutes.
bench-pacer: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/pacer_drift.py

# Mutation testing (mutmut 3.8.1, config in pyproject.toml), never part of `make test`:
# every mutant of domain/ and of the save path (persistence/writing.py, reading.py) against
# tests/domain and tests/persistence, about 9 minutes here (domain 3, save path 5.5). A subset:
# `make mutation MUTANTS='psoas_desktop.domain.*'`. It starts from a clean mutants/ so no score is
# a stale cache, then prints each part's score and every mutant not killed (equivalent ones say why).
MUTANTS ?= psoas_desktop.*

mutation: $(STAMP)
	@$(BIN)/python -c "import mutmut" 2>/dev/null || $(BIN)/python -m pip install --quiet $(CONSTRAINTS) -e '.[test,audio,mutation]'
	rm -rf mutants
	@echo 'mutmut runs for about 9 minutes; progress in mutation.log'
	QT_QPA_PLATFORM=offscreen $(BIN)/mutmut run --max-children 2 '$(MUTANTS)' >mutation.log 2>&1 || (tail -n 40 mutation.log; exit 1)
	@case '$(MUTANTS)' in psoas_desktop.persistence*) ;; \
	  *) $(BIN)/python scripts/mutation_score.py psoas_desktop.domain. ;; esac
	@case '$(MUTANTS)' in psoas_desktop.domain*) ;; \
	  *) $(BIN)/python scripts/mutation_score.py psoas_desktop.persistence. ;; esac

clean:
	rm -rf .venv-* build dist *.egg-info mutants mutation.log

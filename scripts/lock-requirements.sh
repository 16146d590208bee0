#!/usr/bin/env bash
# Refreshes requirements/lock-pyXY.txt: every package (and exact version) that the app and its
# test, audio and dist extras install on this Python, resolved in a fresh virtual environment.
# `make` installs with `pip install -c` this file, so every machine gets the same versions.
#
#   bash scripts/lock-requirements.sh [python3.X]     (default: python3)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-python3}
version=$("$python" -c 'import sys; print("%d%d" % sys.version_info[:2])')
out="requirements/lock-py$version.txt"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip install --quiet '.[test,audio,dist]'
mkdir -p requirements
{
  echo "# Exact versions for Python ${version:0:1}.${version:1} (constraints for pip install -c; used by make)."
  echo "# Refresh: bash scripts/lock-requirements.sh $(basename "$python")   (or make lock PYTHON=...)"
  "$work/venv/bin/python" -m pip freeze --exclude psoas-desktop | LC_ALL=C sort -f
} > "$out"
echo "wrote $out"

#!/usr/bin/env bash
# make dist: builds dist/psoas-desktop/ with PyInstaller, lists it for GPL-only Qt files, notices
# and migrations (tests/packaging), then runs the frozen app's --self-test with a clean HOME and
# no screen. Prints the build time, the bundle size and the self-test time.
#
#   bash packaging/build-linux.sh [path/to/venv/python]
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-python3}
bundle=dist/psoas-desktop

rm -rf build/pyinstaller "$bundle"
start=$(date +%s%N)
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/psoas-desktop.spec
built=$(date +%s%N)

echo "== checking the bundle (no GPL-only Qt file, notices, migrations) =="
PSOAS_BUNDLE="$bundle" QT_QPA_PLATFORM=offscreen "$python" -m pytest -q -p no:cacheprovider \
  tests/packaging

echo "== self-test of the frozen app (clean HOME, no screen) =="
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
self_start=$(date +%s%N)
env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
  "$bundle/psoas-desktop" --self-test
self_end=$(date +%s%N)
if [ -n "$(ls -A "$home")" ]; then
  echo "self-test wrote into the clean HOME:" >&2; ls -lAR "$home" >&2; exit 1
fi

size=$(du -sm "$bundle" | cut -f1)
files=$(find "$bundle" -type f | wc -l)
echo "dist: $bundle built in $(( (built - start) / 1000000000 )) s: $size MB in $files files;" \
  "self-test $(( (self_end - self_start) / 1000000 )) ms"

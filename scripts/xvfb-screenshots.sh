#!/usr/bin/env bash
# Every screen at the five window sizes from a real X window: starts Xvfb and openbox on a free
# display, runs scripts/xvfb_screenshots.py there with a throw-away HOME, then stops both.
# Needs xvfb, openbox, xdotool, x11-utils (xwininfo, xprop) and imagemagick (import).
set -euo pipefail
python=${1:-python3}
display=${XVFB_DISPLAY:-:93}
home=$(mktemp -d)
Xvfb "$display" -screen 0 1920x1320x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $wm $xvfb 2>/dev/null || true; rm -rf "$home"' EXIT
sleep 1
DISPLAY=$display openbox >/dev/null 2>&1 &
wm=$!
sleep 1
HOME=$home DISPLAY=$display "$python" scripts/xvfb_screenshots.py "${@:2}"
"$python" scripts/figure_strip.py

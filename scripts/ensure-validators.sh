#!/usr/bin/env bash
# Installs desktop-file-validate and appstreamcli (Debian/Ubuntu, root or sudo) so `make test`
# can check resources/*.desktop and *.metainfo.xml; without them those two tests skip, saying so.
set -u
[ "$(uname -s)" = "Linux" ] || exit 0
command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=""
command -v desktop-file-validate >/dev/null 2>&1 || missing="$missing desktop-file-utils"
command -v appstreamcli >/dev/null 2>&1 || missing="$missing appstream"
[ -z "$missing" ] && exit 0
echo "Installing validators for the desktop files:$missing"
if [ "$(id -u)" = "0" ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "Please install:$missing (e.g. apt-get install$missing)" >&2; exit 0; fi
$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null \
  || echo "Could not install:$missing; the desktop-file checks will be skipped." >&2

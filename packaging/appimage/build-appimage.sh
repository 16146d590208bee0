#!/usr/bin/env bash
# Wraps the one-folder bundle (make dist) into Psoas_Desktop-<version>-x86_64.AppImage.
#
#   make dist && bash packaging/appimage/build-appimage.sh [path/to/appimagetool]
#
# appimagetool is not in Debian's or PyPI's archives: get the release from the AppImage project
# (github.com/AppImage/appimagetool) on the build machine, check its signature, and pass its path.
# Build on the oldest distribution you support: the bundle needs that glibc or newer.
set -euo pipefail
cd "$(dirname "$0")/../.."
tool=${1:-appimagetool}
id=org.psoasdesktop.PsoasDesktop
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' psoas_desktop/__init__.py)
bundle=dist/psoas-desktop
[ -x "$bundle/psoas-desktop" ] || { echo "no bundle at $bundle: run make dist first" >&2; exit 1; }

appdir=build/appimage/PsoasDesktop.AppDir
rm -rf "$appdir"
mkdir -p "$appdir/usr/lib" "$appdir/usr/share/applications" "$appdir/usr/share/metainfo" \
  "$appdir/usr/share/icons"
cp -a "$bundle" "$appdir/usr/lib/psoas-desktop"
cp packaging/appimage/AppRun "$appdir/AppRun"
cp "resources/$id.desktop" "$appdir/$id.desktop"
cp "resources/$id.desktop" "$appdir/usr/share/applications/"
cp "resources/$id.metainfo.xml" "$appdir/usr/share/metainfo/$id.appdata.xml"
cp -a resources/icons/hicolor "$appdir/usr/share/icons/"
cp "resources/icons/hicolor/256x256/apps/$id.png" "$appdir/$id.png"
ln -sf "$id.png" "$appdir/.DirIcon"

# The frozen app must start from inside the AppDir before it is packed.
QT_QPA_PLATFORM=offscreen HOME="$(mktemp -d)" "$appdir/AppRun" --self-test
ARCH=x86_64 "$tool" --no-appstream "$appdir" "dist/Psoas_Desktop-$version-x86_64.AppImage"
echo "wrote dist/Psoas_Desktop-$version-x86_64.AppImage"

"""Renders the app icon's PNG sizes (and a Windows .ico) from its one SVG source.

    python scripts/make-icons.py

Writes resources/icons/hicolor/<N>x<N>/apps/<APP_ID>.png for the sizes desktops ask for, and
resources/icons/<APP_ID>.ico. Run it after changing the SVG and commit the results.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from psoas_desktop import APP_ID  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"make-icons: {SOURCE} is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        target = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(target)):
            print(f"make-icons: could not write {target}", file=sys.stderr)
            return 1
        print(target.relative_to(ROOT))
    ico = ICONS / f"{APP_ID}.ico"
    if not render(renderer, 256).save(str(ico), "ICO"):
        print(f"make-icons: could not write {ico}", file=sys.stderr)
        return 1
    print(ico.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())

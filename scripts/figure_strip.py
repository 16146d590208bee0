"""Draws the rep coach's open-book figure at six moments of one breath cycle into one PNG strip.

    python scripts/figure_strip.py [--out docs/screenshots/open_book_strip.png] [--direction left]

The same drawing (`documents.figure.paint_open_book`) and the same clock-to-arm mapping
(`ui.widgets.open_book_figure.opening_for`) the rep coach uses, at the default phases, so the
strip shows the arm moving in step with the pacer: still while inhaling, opening on the exhale,
resting open at the end of the range, returning on the inhale.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# (phase index, fraction of the phase gone) for the six frames
MOMENTS = ((0, 0.5), (1, 0.35), (1, 0.7), (2, 0.5), (3, 0.5), (3, 1.0))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/screenshots/open_book_strip.png")
    parser.add_argument("--direction", choices=("left", "right"), default="left")
    args = parser.parse_args()

    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (kept alive)
    from psoas_desktop.documents.figure import paint_open_book
    from psoas_desktop.domain.model import Direction
    from psoas_desktop.domain.pacing import DEFAULT_PHASES
    from psoas_desktop.ui.widgets.open_book_figure import opening_for

    direction = Direction(args.direction)
    frame_w, frame_h, caption_h = 300, 240, 76
    image = QImage(frame_w * len(MOMENTS), frame_h + caption_h, QImage.Format.Format_RGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(17)
    painter.setFont(font)
    for i, (phase, fraction) in enumerate(MOMENTS):
        opening = opening_for(phase, fraction)
        left = i * frame_w
        paint_open_book(painter, QRectF(left + 10, 10, frame_w - 20, frame_h - 20), direction,
                        opening)
        seconds = sum(p.seconds for p in DEFAULT_PHASES[:phase]) + fraction * DEFAULT_PHASES[phase].seconds
        painter.setPen(QColor("#1E2A30"))
        painter.drawText(QRectF(left + 6, frame_h, frame_w - 12, caption_h),
                         Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
                         f"{seconds:.1f} s · {DEFAULT_PHASES[phase].name.lower()}\n"
                         f"arm {opening * 100:.0f} % open")
        if i:
            painter.setPen(QColor("#D5D2CA"))
            painter.drawLine(left, 10, left, frame_h + caption_h - 10)
    painter.end()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        print(f"could not write {out}")
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

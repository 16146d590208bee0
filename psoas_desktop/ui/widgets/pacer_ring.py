"""The breath pacer's countdown ring: an arc that empties as the phase runs out."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..style import PALETTE


class PacerRing(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("pacerRing")
        self._fraction = 0.0
        self._seconds = 0.0
        self._paused = False
        self.setMinimumSize(180, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_state(self, fraction: float, seconds_left: float, paused: bool) -> None:
        self._fraction, self._seconds, self._paused = fraction, seconds_left, paused
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        side = min(self.width(), self.height()) - 24
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        thickness = max(10.0, side / 12)
        p.setPen(QPen(QColor("#E1DED6"), thickness))
        p.drawEllipse(rect)
        pen = QPen(QColor(PALETTE["band"]), thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        span = int(-360 * 16 * (1.0 - self._fraction))
        p.drawArc(rect, 90 * 16, span)
        p.setPen(QColor(PALETTE["ink"]))
        font = QFont(self.font())
        font.setPixelSize(int(side / 3.2))
        font.setBold(True)
        p.setFont(font)
        text = "II" if self._paused else f"{max(0, int(self._seconds + 0.999))}"
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        p.end()

"""The breath pacer's countdown ring: an arc that empties as the phase runs out, the open-book
movement drawn inside it and the seconds left under the figure."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...documents.figure import paint_open_book
from ...domain.model import Direction
from ..style import PALETTE

# The figure is drawn at this many steps of its opening (0 .. 1), each drawing kept as a picture
# once made: a repaint (every tick of the pacer, every rep counted) blits it rather than drawing
# the figure's antialiased paths again (issue 13). 1/120 of the movement is under a degree.
FIGURE_STEPS = 120


class PacerRing(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("pacerRing")
        self.setAccessibleName("Breath pacer")
        self._fraction = 0.0
        self._seconds = 0.0
        self._paused = False
        self._opening = 0.0
        self._direction = Direction.LEFT
        self._figure = True
        self._drawn: dict[tuple[int, int, float, Direction, int], QPixmap] = {}
        self.setMinimumSize(150, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_direction(self, direction: Direction, figure: bool = True) -> None:
        """The direction the figure shows; `figure` False draws no figure (a protocol whose
        movement the app has no drawing of), only the ring and the seconds."""
        self._direction = direction
        self._figure = figure
        self.update()

    @property
    def opening(self) -> float:
        """How open the drawn figure's top arm is (0 forward .. 1 open)."""
        return self._opening

    def show_state(self, fraction: float, seconds_left: float, paused: bool,
                   opening: float | None = None) -> None:
        self._fraction, self._seconds, self._paused = fraction, seconds_left, paused
        if opening is not None:
            self._opening = opening
        self.update()

    def ring_rect(self) -> QRectF:
        """The circle the arc is drawn on: its whole stroke stays inside the widget."""
        side = min(self.width(), self.height())
        thickness = self.thickness()
        inner = side - thickness - 4
        return QRectF((self.width() - inner) / 2, (self.height() - inner) / 2, inner, inner)

    def thickness(self) -> float:
        return max(8.0, min(self.width(), self.height()) / 16)

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        rect = self.ring_rect()
        side = rect.width()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        thickness = self.thickness()
        p.setPen(QPen(QColor("#E1DED6"), thickness))
        p.drawEllipse(rect)
        pen = QPen(QColor(PALETTE["band"]), thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        span = int(-360 * 16 * (1.0 - self._fraction))
        p.drawArc(rect, 90 * 16, span)
        # the movement in the upper part of the circle, the seconds left below it
        inner = rect.adjusted(thickness, thickness, -thickness, -thickness)
        figure = QRectF(inner.left() + inner.width() * 0.08, inner.top() + inner.height() * 0.12,
                        inner.width() * 0.84, inner.height() * 0.5)
        if self._figure:
            p.drawPixmap(figure.topLeft(), self._figure_picture(figure))
        p.setPen(QColor(PALETTE["ink"]))
        font = QFont(self.font())
        font.setPixelSize(max(12, int(side / 5)))
        font.setBold(True)
        p.setFont(font)
        text = "II" if self._paused else f"{max(0, int(self._seconds + 0.999))}"
        numbers = QRectF(inner.left(), inner.top() + inner.height() * 0.6, inner.width(),
                         inner.height() * 0.32)
        p.drawText(numbers, Qt.AlignmentFlag.AlignCenter, text)
        p.end()

    def _figure_picture(self, figure: QRectF) -> QPixmap:
        """The figure at its opening (to 1/FIGURE_STEPS) for `figure`'s size, drawn once."""
        ratio = self.devicePixelRatioF()
        width, height = math.ceil(figure.width()), math.ceil(figure.height())
        step = round(max(0.0, min(1.0, self._opening)) * FIGURE_STEPS)
        key = (width, height, ratio, self._direction, step)
        found = self._drawn.get(key)
        if found is None:
            if len(self._drawn) > 2 * (FIGURE_STEPS + 1):  # another size or direction: anew
                self._drawn.clear()
            found = QPixmap(math.ceil(width * ratio), math.ceil(height * ratio))
            found.setDevicePixelRatio(ratio)
            found.fill(Qt.GlobalColor.transparent)
            painter = QPainter(found)
            paint_open_book(painter, QRectF(0, 0, width, height), self._direction,
                            step / FIGURE_STEPS)
            painter.end()
            self._drawn[key] = found
        return found

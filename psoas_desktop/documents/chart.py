"""The session chart (left and right at start, after A, after B) drawn as vector graphics with
QPainter, from `domain.analysis.session_series`: no widgets, no pyqtgraph, so a PDF page and a
printer get crisp lines."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen

from ..domain.model import Side
from .page import INK, MUTED, RULE, font

SIDE_COLOURS = {Side.LEFT: QColor("#2E6DA4"), Side.RIGHT: QColor("#B8732A")}
BAND_ALPHA = 40


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high (steps of 1, 2 or 5 times a power of ten)."""
    if high <= low:
        high = low + 1.0
    raw = (high - low) / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 0.001:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def paint_session_chart(
    painter: QPainter,
    rect: QRectF,
    series: dict[Side, list[float | None]],
    unit: str,
    band: float | None,
    labels: Sequence[str] = ("Start", "After A", "After B"),
    text_size: float = 8.0,
    minimum: float | None = None,
) -> None:
    """Left and right across the time points in `rect` (page units), with each leg's starting
    value plus or minus `band` shaded (None: no band) and a legend. Lower is better; the axis
    does not go below `minimum`, the lowest value the method can record (0 for a gap)."""
    painter.save()
    try:
        _paint(painter, rect, series, unit, band, labels, text_size, minimum)
    finally:
        painter.restore()


def _paint(painter: QPainter, rect: QRectF, series: dict[Side, list[float | None]], unit: str,
           band: float | None, labels: Sequence[str], text_size: float,
           minimum: float | None) -> None:
    values = [v for points in series.values() for v in points if v is not None]
    starts = [points[0] for points in series.values() if points and points[0] is not None]
    low = min([0.0, *values, *(s - (band or 0) for s in starts)])
    if minimum is not None:
        low = max(low, minimum)
    high = max([1.0, *values, *(s + (band or 0) for s in starts)])
    ticks = nice_ticks(low, high)
    if minimum is not None:
        ticks = [t for t in ticks if t >= minimum] or [minimum]
    low, high = ticks[0], ticks[-1]
    small = font(text_size)
    metrics = QFontMetricsF(small)
    line = metrics.height()
    axis_width = max(metrics.horizontalAdvance(_tick(t)) for t in ticks) + line * 1.6
    plot = QRectF(rect.left() + axis_width, rect.top() + line * 1.8,
                  rect.width() - axis_width - line, rect.height() - line * 4.0)

    def x_at(index: int) -> float:
        return plot.left() + plot.width() * (0.08 + 0.84 * index / max(1, len(labels) - 1))

    def y_at(value: float) -> float:
        return plot.bottom() - (value - low) / (high - low) * plot.height()

    # grid and axes
    painter.setFont(small)
    for t in ticks:
        y = y_at(t)
        painter.setPen(QPen(RULE, line * 0.05))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(MUTED)
        painter.drawText(QRectF(rect.left(), y - line / 2, axis_width - line * 0.4, line),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         _tick(t))
    painter.setPen(QPen(INK, line * 0.06))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    painter.drawLine(plot.bottomLeft(), plot.topLeft())
    for index, text in enumerate(labels):
        painter.setPen(INK)
        painter.drawText(QRectF(x_at(index) - plot.width() / 6, plot.bottom() + line * 0.3,
                                plot.width() / 3, line),
                         int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), text)
    # the unit, said once above the axis (0/1: what the two values mean)
    words = "1 = does not touch, 0 = touches" if unit == "0/1" else unit
    painter.setPen(MUTED)
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width() / 2, line),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                     f"{words} (lower is better)")

    # each leg's measurement-error band around its starting value
    if band is not None:
        for side, points in series.items():
            if points and points[0] is not None:
                colour = QColor(SIDE_COLOURS[side])
                colour.setAlpha(BAND_ALPHA)
                top, bottom = y_at(min(high, points[0] + band)), y_at(max(low, points[0] - band))
                painter.fillRect(QRectF(plot.left(), top, plot.width(), bottom - top), colour)

    # the two lines: left solid with dots, right dashed with squares (readable in grey print)
    for side, points in series.items():
        colour = SIDE_COLOURS[side]
        pen = QPen(colour, line * 0.14)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        if side is Side.RIGHT:
            pen.setStyle(Qt.PenStyle.DashLine)
        path = QPainterPath()
        started = False
        for index, value in enumerate(points):
            if value is None:
                started = False
                continue
            point = QPointF(x_at(index), y_at(value))
            if started:
                path.lineTo(point)
            else:
                path.moveTo(point)
                started = True
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(QPen(colour, line * 0.05))
        painter.setBrush(colour)
        r = line * 0.22
        for index, value in enumerate(points):
            if value is None:
                continue
            centre = QPointF(x_at(index), y_at(value))
            if side is Side.LEFT:
                painter.drawEllipse(centre, r, r)
            else:
                painter.drawRect(QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r))

    # legend, top right
    x = rect.right()
    for side in reversed(list(series)):
        text = f"{side.value.capitalize()} leg"
        width = metrics.horizontalAdvance(text)
        x -= width
        painter.setPen(INK)
        painter.drawText(QRectF(x, rect.top(), width + 1, line),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text)
        pen = QPen(SIDE_COLOURS[side], line * 0.14)
        if side is Side.RIGHT:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(x - line * 1.8, rect.top() + line / 2),
                         QPointF(x - line * 0.4, rect.top() + line / 2))
        x -= line * 3.0
    if band is not None:
        painter.setPen(MUTED)
        painter.drawText(QRectF(rect.left(), plot.bottom() + line * 1.5, rect.width(), line),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                         "Shaded: each leg's starting value ± the measurement error; a change "
                         "inside it is not a real change.")


def _tick(value: float) -> str:
    return f"{value:g}".replace("-", "−")

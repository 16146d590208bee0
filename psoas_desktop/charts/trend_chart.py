"""Across sessions, on a date axis: the legs at start and end, the left-right difference, and
which direction had more impact. One point per finished session, in session order; one method
per chart (the caller splits methods with `charts.series.select`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics

from ..domain.analysis import TrendPoint
from .base import (
    ACCENT,
    LEFT_COLOUR,
    MUTED,
    NORMAL,
    RIGHT_COLOUR,
    ChartStyle,
    fit_legend,
    legend_strip,
    restriction_range,
    side_pen,
    touch_safe_plot,
)
from .series import DirectionRow, asymmetry_series, direction_rows, timestamp

SERIES = (
    ("Left at start", "left_start", LEFT_COLOUR, True),
    ("Left at end", "left_end", LEFT_COLOUR, False),
    ("Right at start", "right_start", RIGHT_COLOUR, True),
    ("Right at end", "right_end", RIGHT_COLOUR, False),
)
ASYMMETRY_SERIES = (("Difference at start", MUTED, True), ("Difference at end", ACCENT, False))
# Above this many sessions on screen the lines are drawn 1 px wide: Qt strokes wide antialiased
# polylines slowly (1,000 sessions: about 2 s at 4 px, 5 ms at 1 px), and so many points read
# as a band anyway. Colour, dash and hollow/filled marks still tell the series apart.
DENSE = 80

DIRECTION_ROWS: tuple[tuple[DirectionRow, str, float, bool], ...] = (
    # row, series name, y, filled (a win beyond measurement error); every mark a circle: the row
    # says which way, the fill says how sure (explained in the key), no shape to decode
    (DirectionRow.LEFT, "Rotating left had more impact", 1.0, True),
    (DirectionRow.LEANS_LEFT, "Similar, leaning left", 0.45, False),
    (DirectionRow.EVEN, "Similar, within measurement error", 0.0, False),
    (DirectionRow.LEANS_RIGHT, "Similar, leaning right", -0.45, False),
    (DirectionRow.RIGHT, "Rotating right had more impact", -1.0, True),
)
DIRECTION_KEY = (("clear difference", True), ("too close to tell", False))  # short: fits 720 px
DIRECTION_TICKS = [(1.0, "Rotating left"), (0.45, "leans left"), (0.0, "Similar"),
                   (-0.45, "leans right"), (-1.0, "Rotating right")]


DAY = 86400.0
MIN_WINDOW = 14 * DAY  # the narrowest date axis: days apart, never hours of one day


class VisitDateAxis(pg.DateAxisItem):
    """Dates only, each label whole ('3 Mar', 'Mar 2025', '2025'): a visit has a day, never a
    time of day; one row of labels at a step wide enough that none runs into the next."""

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph override)
        span = maxVal - minVal
        metrics = QFontMetrics(self.style.get("tickFont") or QFont())  # before the first paint too
        for step in DATE_STEPS:  # the finest step whose labels, with a gap, fit side by side
            sample = date_label(datetime(2025, 9, 28).timestamp(), step_seconds(step))
            if span / step_seconds(step) * (metrics.boundingRect(sample).width() + 24) <= size:
                break
        return [(step_seconds(step), date_ticks(minVal, maxVal, step))]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph override)
        return [date_label(v, spacing) for v in values]


# (days, months) between ticks, finest first: days and weeks, then months, then years
DATE_STEPS = ((1, 0), (2, 0), (7, 0), (14, 0), (0, 1), (0, 2), (0, 3), (0, 6), (0, 12), (0, 24),
              (0, 60), (0, 120))


def step_seconds(step: tuple[int, int]) -> float:
    days, months = step
    return days * DAY + months * 30.4 * DAY


def date_ticks(low: float, high: float, step: tuple[int, int]) -> list[float]:
    """Local midnights from low to high: every n days, or the 1st of every n months."""
    days, months = step
    first = datetime.fromtimestamp(low).date()
    if months:
        first = first.replace(day=1)
        index = first.year * 12 + first.month - 1
        index -= index % months
    ticks: list[float] = []
    n = 0
    while True:
        if months:
            i = index + n * months
            when = datetime(i // 12, i % 12 + 1, 1)
        else:
            when = datetime.combine(first, datetime.min.time()) + timedelta(days=n * days)
        t = when.timestamp()
        n += 1
        if t > high or n > 400:
            return ticks
        if t >= low:
            ticks.append(t)


def date_label(timestamp_: float, spacing: float) -> str:
    """'3 Mar' for ticks days or weeks apart, 'Mar 2025' months apart, '2025' years apart."""
    when = datetime.fromtimestamp(timestamp_)
    if spacing >= 360 * DAY:
        return f"{when:%Y}"
    if spacing >= 28 * DAY:
        return f"{when:%b %Y}"
    return f"{when.day} {when:%b}"


def key_sample(colour: str, dashed: bool, filled: bool, style: ChartStyle,
               symbol: str = "o", line: bool = True) -> pg.PlotDataItem:
    """A key entry drawn as the data is: the legend paints the mark from the item's scatter, which
    takes its pen and brush only with data, so the sample holds one point it never shows."""
    return pg.PlotDataItem(
        [0.0], [0.0], pen=side_pen(colour, dashed=dashed, width=style.line_width) if line else None,
        symbol=symbol, symbolSize=style.symbol_size, symbolPen=pg.mkPen(colour, width=2),
        symbolBrush=colour if filled else pg.mkBrush("w"))


class _DateChart(pg.PlotWidget):
    """A touch-safe plot on a date axis whose x range is set by range buttons, never by a finger."""

    def __init__(self, object_name: str, y_label: str, style: ChartStyle, legend: bool = True,
                 parent=None) -> None:
        axis = VisitDateAxis(orientation="bottom")
        super().__init__(parent, axisItems={"bottom": axis})
        self.setObjectName(object_name)
        self.style_ = style
        self._plot = touch_safe_plot(self, y_label, style=style, legend=legend, legend_columns=2)
        if not legend:
            self._plot.setTitle(None)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if getattr(self, "_plot", None) is not None:  # pyqtgraph resizes before __init__ ends
            self.fit_key()

    def fit_key(self) -> None:
        """The key in as many columns as fit across the chart (its most, one row, when wide;
        one entry a row when narrow), so no entry is ever cut at the edge."""
        key = getattr(self, "_key", None) or self._plot.legend
        if key is None or not key.items:
            return
        most = getattr(self, "_key_columns", 2)
        for columns in range(most, 0, -1):
            key.setColumnCount(columns)
            key.updateSize()
            if key.boundingRect().width() <= self.width() - 24:
                break
        fit_legend(self._plot, key)

    def _set_window(self, xs: Sequence[float], window: tuple[float, float] | None) -> None:
        old_note = getattr(self, "_note", None)
        if old_note is not None:  # a chart that keeps its curves keeps no stale note
            self._plot.removeItem(old_note)
            self._note = None
        if window is None and xs:
            span = max(max(xs) - min(xs), DAY)
            window = (min(xs) - 0.05 * span, max(xs) + 0.05 * span)
        if window is not None and window[1] - window[0] < MIN_WINDOW:  # one or two visits
            middle = (window[0] + window[1]) / 2
            window = (middle - MIN_WINDOW / 2, middle + MIN_WINDOW / 2)
        if window is not None:
            self._plot.setXRange(*window, padding=0)
        if not xs:  # say so on the chart itself, not only in the caption
            low, high = window or (0.0, 1.0)
            y_low, y_high = self._plot.getViewBox().viewRange()[1]
            note = pg.TextItem("No visits in this range", color=MUTED, anchor=(0.5, 0.5))
            font = QFont()
            font.setPixelSize(self.style_.label_px + 2)
            note.setFont(font)
            note.setPos((low + high) / 2, (y_low + y_high) / 2)
            self._plot.addItem(note)
            self._note = note

    def _widths(self, n: int) -> tuple[int, int]:
        """Line width and mark size for n points."""
        if n <= DENSE:
            return self.style_.line_width, self.style_.symbol_size
        if n <= 3 * DENSE:
            return 1, max(5, self.style_.symbol_size // 2)
        return 1, 0  # hundreds of visits: marks would only blot the lines (and cost time)

    def x_range(self) -> tuple[float, float]:
        low, high = self._plot.getViewBox().viewRange()[0]
        return float(low), float(high)


class TrendChart(_DateChart):
    """Left and right, at start (dashed, hollow) and at end (solid, filled) of each visit.

    The key is two-dimensional and fits one row: colour = leg, line and mark = start or end.
    """

    def __init__(self, parent=None, style: ChartStyle = NORMAL) -> None:
        super().__init__("trendChart", "restriction", style, legend=False, parent=parent)
        self._key = legend_strip(self._plot, style, columns=4)
        self._key_columns = 4
        s = style
        samples = (
            ("Left", pg.PlotDataItem(pen=side_pen(LEFT_COLOUR, width=s.line_width))),
            ("Right", pg.PlotDataItem(pen=side_pen(RIGHT_COLOUR, width=s.line_width))),
            ("at start", key_sample(MUTED, dashed=True, filled=False, style=s)),
            ("at end", key_sample(MUTED, dashed=False, filled=True, style=s)),
        )
        self._samples = [item for _name, item in samples]  # kept alive with the key
        for name, item in samples:
            self._key.addItem(item, name)
        self.fit_key()
        self._curves = [self._plot.plot([], [], name=name) for name, *_rest in SERIES]

    def show_trend(self, points: Sequence[TrendPoint], unit: str,
                   window: tuple[float, float] | None = None) -> None:
        """Four series, each with one point per finished session in session order.

        The four curves are made once and then given new points and looks (issue 13: making
        them again was 9 ms of the 35 ms from Finish to the client page)."""
        self._plot.setLabel("left", f"{unit}, lower is better")
        xs = [timestamp(p) for p in points]
        width, size = self._widths(len(points))
        for curve, (_name, attribute, colour, at_start) in zip(self._curves, SERIES, strict=True):
            curve.setData(
                xs, [getattr(p, attribute) for p in points],
                pen=side_pen(colour, dashed=at_start, width=width),
                symbol="o" if size else None, symbolSize=size,
                symbolBrush=pg.mkBrush("w") if at_start else colour,
                symbolPen=pg.mkPen(colour, width=2),
            )
        restriction_range(self._plot, [getattr(p, a) for p in points for _n, a, _c, _s in SERIES])
        self._set_window(xs, window)


class AsymmetryChart(_DateChart):
    """How far apart the legs are (left minus right, without its sign) at the start and at the end
    of each visit (0 = both legs alike)."""

    def __init__(self, parent=None, style: ChartStyle = NORMAL) -> None:
        super().__init__("asymmetryChart", "difference", style, parent=parent)

    def show_asymmetry(self, points: Sequence[TrendPoint], unit: str,
                       window: tuple[float, float] | None = None) -> None:
        self._plot.clear()
        self._plot.setLabel("left", f"difference, {unit}")
        xs = [timestamp(p) for p in points]
        start, end = asymmetry_series(points)
        width, size = self._widths(len(points))
        for (name, colour, at_start), ys in zip(ASYMMETRY_SERIES, (start, end), strict=True):
            self._plot.plot(
                xs, ys, name=name, pen=side_pen(colour, dashed=at_start, width=width),
                symbol="o" if size else None, symbolSize=size,
                symbolBrush=pg.mkBrush("w") if at_start else colour,
                symbolPen=pg.mkPen(colour, width=2),
            )
        restriction_range(self._plot, start + end)
        self.fit_key()
        self._set_window(xs, window)


class DirectionChart(_DateChart):
    """Which direction had more impact in each visit: a filled mark for a win beyond measurement
    error, a hollow mark for 'similar' (nearer the side it leaned to), one mark a visit."""

    def __init__(self, parent=None, style: ChartStyle = NORMAL) -> None:
        super().__init__("directionChart", "", style, legend=False, parent=parent)
        self._key = legend_strip(self._plot, style, columns=2)
        self._samples = [key_sample(ACCENT, dashed=False, filled=filled, style=style, line=False)
                         for _name, filled in DIRECTION_KEY]  # kept alive with the key
        for (name, _filled), item in zip(DIRECTION_KEY, self._samples, strict=True):
            self._key.addItem(item, name)
        self.fit_key()
        self._plot.getAxis("left").setTicks([DIRECTION_TICKS])
        self._plot.getAxis("left").setWidth(int(style.tick_px * 7.5))
        self._plot.value_grid.set_alpha(0.15)

    def show_directions(self, points: Sequence[TrendPoint],
                        window: tuple[float, float] | None = None) -> None:
        self._plot.clear()
        rows = direction_rows(points)
        _width, size = self._widths(len(points))
        for row, name, y, filled in DIRECTION_ROWS:
            xs = rows[row]
            colour = MUTED if row is DirectionRow.EVEN else ACCENT
            self._plot.plot(
                xs, [y] * len(xs), name=name, pen=None, symbol="o",
                symbolSize=max(size, 6) + (6 if filled else 2),
                symbolBrush=colour if filled else pg.mkBrush("w"),
                symbolPen=pg.mkPen(colour, width=2),
            )
        self._plot.setYRange(-1.4, 1.4, padding=0)
        self._set_window([timestamp(p) for p in points], window)

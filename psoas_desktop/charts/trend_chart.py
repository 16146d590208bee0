"""Across sessions, on a date axis: the legs at start and end, the left-right difference, and
which direction had more impact. One point per finished session, in session order; one method
per chart (the caller splits methods with `charts.series.select`)."""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtGui import QFont

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

DIRECTION_ROWS: tuple[tuple[DirectionRow, str, float, str, bool], ...] = (
    # row, series name, y, symbol, filled (a win beyond measurement error)
    (DirectionRow.LEFT, "Rotating left had more impact", 1.0, "t1", True),
    (DirectionRow.LEANS_LEFT, "Similar, leaning left", 0.45, "t1", False),
    (DirectionRow.EVEN, "Similar, within measurement error", 0.0, "o", False),
    (DirectionRow.LEANS_RIGHT, "Similar, leaning right", -0.45, "t", False),
    (DirectionRow.RIGHT, "Rotating right had more impact", -1.0, "t", True),
)
DIRECTION_TICKS = [(1.0, "Rotating left"), (0.45, "leans left"), (0.0, "Similar"),
                   (-0.45, "leans right"), (-1.0, "Rotating right")]


class _DateChart(pg.PlotWidget):
    """A touch-safe plot on a date axis whose x range is set by range buttons, never by a finger."""

    def __init__(self, object_name: str, y_label: str, style: ChartStyle, legend: bool = True,
                 parent=None) -> None:
        axis = pg.DateAxisItem(orientation="bottom")
        super().__init__(parent, axisItems={"bottom": axis})
        self.setObjectName(object_name)
        self.style_ = style
        self._plot = touch_safe_plot(self, y_label, style=style, legend=legend, legend_columns=2)
        if not legend:
            self._plot.setTitle(None)

    def _set_window(self, xs: Sequence[float], window: tuple[float, float] | None) -> None:
        if window is None and xs:
            span = max(max(xs) - min(xs), 86400.0)
            window = (min(xs) - 0.05 * span, max(xs) + 0.05 * span)
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
        s = style
        samples = (
            ("Left", pg.PlotDataItem(pen=side_pen(LEFT_COLOUR, width=s.line_width))),
            ("Right", pg.PlotDataItem(pen=side_pen(RIGHT_COLOUR, width=s.line_width))),
            ("at start", pg.PlotDataItem(pen=side_pen(MUTED, dashed=True, width=s.line_width),
                                         symbol="o", symbolBrush=pg.mkBrush("w"),
                                         symbolPen=pg.mkPen(MUTED, width=2), symbolSize=s.symbol_size)),
            ("at end", pg.PlotDataItem(pen=side_pen(MUTED, width=s.line_width), symbol="o",
                                       symbolBrush=MUTED, symbolPen=pg.mkPen(MUTED, width=2),
                                       symbolSize=s.symbol_size)),
        )
        self._samples = [item for _name, item in samples]  # kept alive with the key
        for name, item in samples:
            self._key.addItem(item, name)
        fit_legend(self._plot, self._key)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """One row of key when it fits, two on a narrow (portrait) chart."""
        super().resizeEvent(event)
        key = getattr(self, "_key", None)  # pyqtgraph resizes once before __init__ finishes
        if key is None:
            return
        columns = 4 if self.width() >= 36 * self.style_.legend_pt else 2
        if key.columnCount != columns:
            self._key.setColumnCount(columns)
            fit_legend(self._plot, self._key)

    def show_trend(self, points: Sequence[TrendPoint], unit: str,
                   window: tuple[float, float] | None = None) -> None:
        """Four series, each with one point per finished session in session order."""
        self._plot.clear()
        self._plot.setLabel("left", f"{unit}, lower is better")
        xs = [timestamp(p) for p in points]
        width, size = self._widths(len(points))
        for name, attribute, colour, at_start in SERIES:
            ys = [getattr(p, attribute) for p in points]
            self._plot.plot(
                xs, ys, name=name, pen=side_pen(colour, dashed=at_start, width=width),
                symbol="o" if size else None, symbolSize=size,
                symbolBrush=pg.mkBrush("w") if at_start else colour,
                symbolPen=pg.mkPen(colour, width=2),
            )
        restriction_range(self._plot, [getattr(p, a) for p in points for _n, a, _c, _s in SERIES])
        self._set_window(xs, window)


class AsymmetryChart(_DateChart):
    """|left - right| at the start and at the end of each visit (0 = both legs alike)."""

    def __init__(self, parent=None, style: ChartStyle = NORMAL) -> None:
        super().__init__("asymmetryChart", "difference", style, parent=parent)

    def show_asymmetry(self, points: Sequence[TrendPoint], unit: str,
                       window: tuple[float, float] | None = None) -> None:
        self._plot.clear()
        self._plot.setLabel("left", f"|left − right|, {unit}")
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
        fit_legend(self._plot)
        self._set_window(xs, window)


class DirectionChart(_DateChart):
    """Which direction had more impact in each visit: a filled mark for a win beyond measurement
    error, a hollow mark for 'similar' (nearer the side it leaned to), one mark a visit."""

    def __init__(self, parent=None, style: ChartStyle = NORMAL) -> None:
        super().__init__("directionChart", "", style, legend=False, parent=parent)
        self._plot.getAxis("left").setTicks([DIRECTION_TICKS])
        self._plot.getAxis("left").setWidth(int(style.tick_px * 7.5))
        self._plot.showGrid(x=False, y=True, alpha=0.15)

    def show_directions(self, points: Sequence[TrendPoint],
                        window: tuple[float, float] | None = None) -> None:
        self._plot.clear()
        rows = direction_rows(points)
        _width, size = self._widths(len(points))
        for row, name, y, symbol, filled in DIRECTION_ROWS:
            xs = rows[row]
            colour = MUTED if row is DirectionRow.EVEN else ACCENT
            self._plot.plot(
                xs, [y] * len(xs), name=name, pen=None, symbol=symbol,
                symbolSize=max(size, 6) + (6 if filled else 2),
                symbolBrush=colour if filled else pg.mkBrush("w"),
                symbolPen=pg.mkPen(colour, width=2),
            )
        self._plot.setYRange(-1.4, 1.4, padding=0)
        self._set_window([timestamp(p) for p in points], window)

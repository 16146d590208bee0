"""Across sessions: left and right at start and at end, one point per finished session, on dates."""

from __future__ import annotations

import pyqtgraph as pg

from ..domain.analysis import TrendPoint
from .base import LEFT_COLOUR, RIGHT_COLOUR, restriction_range, side_pen, touch_safe_plot

SERIES = (
    ("Left at start", "left_start", LEFT_COLOUR, True),
    ("Left at end", "left_end", LEFT_COLOUR, False),
    ("Right at start", "right_start", RIGHT_COLOUR, True),
    ("Right at end", "right_end", RIGHT_COLOUR, False),
)


class TrendChart(pg.PlotWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent, axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self.setObjectName("trendChart")
        self._plot = touch_safe_plot(self, "restriction")

    def show_trend(self, points: list[TrendPoint], unit: str) -> None:
        """Four series, each with one point per finished session in session order."""
        self._plot.clear()
        self._plot.setLabel("left", f"restriction ({unit}), lower is better")
        xs = [p.started_at.timestamp() for p in points]
        for name, attribute, colour, at_start in SERIES:
            ys = [getattr(p, attribute) for p in points]
            self._plot.plot(
                xs, ys, name=name, pen=side_pen(colour, dashed=at_start),
                symbol="o", symbolSize=12,
                symbolBrush=None if at_start else colour, symbolPen=pg.mkPen(colour, width=2),
            )
        restriction_range(self._plot, [getattr(p, a) for p in points for _n, a, _c, _s in SERIES])
        if xs:
            span = max(xs[-1] - xs[0], 86400.0)
            self._plot.setXRange(xs[0] - 0.05 * span, xs[-1] + 0.05 * span, padding=0)

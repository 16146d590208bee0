"""This session's plot: left and right over start, after A and after B, with the measurement-error band.

The pyqtgraph widget inside `session_chart.SessionChart`, which builds it when first drawn or shown.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ..domain.model import Side
from .base import (
    BAND_ALPHA,
    LEFT_COLOUR,
    RIGHT_COLOUR,
    fit_legend,
    restriction_range,
    side_pen,
    touch_safe_plot,
)

TIMEPOINT_TICKS = [(0, "Start"), (1, "After A"), (2, "After B")]


class SessionPlot(pg.PlotWidget):
    """Its curves and bands are made once and given new data on each show_session (entering the
    summary step redraws in a frame instead of rebuilding the plot, issue 13)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionPlot")
        self._plot = touch_safe_plot(self, "restriction", legend_columns=2)
        self._plot.getAxis("bottom").setTicks([TIMEPOINT_TICKS])
        self._unit: str | None = None
        self._curves: dict[Side, pg.PlotDataItem] = {}
        self._bands: dict[Side, pg.LinearRegionItem] = {}
        for side, colour in ((Side.LEFT, LEFT_COLOUR), (Side.RIGHT, RIGHT_COLOUR)):
            self._curves[side] = pg.PlotDataItem(
                name=f"{side.value.capitalize()} leg",
                pen=side_pen(colour, dashed=side is Side.RIGHT),
                symbol="o" if side is Side.LEFT else "s", symbolSize=14,
                symbolBrush=colour, symbolPen=colour,
            )
            shade = QColor(colour)
            shade.setAlpha(BAND_ALPHA)
            band = pg.LinearRegionItem(
                orientation="horizontal", movable=False, brush=shade,
                pen=pg.mkPen(colour, width=2, style=Qt.PenStyle.DotLine),
            )
            band.setZValue(-10)  # behind the lines
            self._bands[side] = band

    def _shown(self, item: pg.GraphicsObject, wanted: bool) -> None:
        """Add `item` to the plot, or take it out (a curve's legend entry goes with it)."""
        present = item in self._plot.items
        if wanted and not present:
            self._plot.addItem(item)
        elif present and not wanted:
            self._plot.removeItem(item)

    def show_session(
        self, series: dict[Side, list[float | None]], unit: str, band_half_width: float | None
    ) -> None:
        """Plot both sides; shade baseline +/- the real-change threshold on each side."""
        if unit != self._unit:
            self._plot.setLabel("left", f"{unit}, lower is better")
            self._unit = unit
        extent: list[float] = []
        bands: list[tuple[Side, float]] = []
        for side in Side:
            points = [(x, y) for x, y in enumerate(series[side]) if y is not None]
            curve = self._curves[side]
            self._shown(curve, bool(points))
            if not points:
                continue
            xs, ys = zip(*points, strict=True)
            extent.extend(ys)
            curve.setData(list(xs), list(ys))
            if band_half_width is not None:
                bands.append((side, ys[0]))
        floor = min([0.0, *extent])  # restriction never reads below full extension
        banded = {side for side, _baseline in bands}
        for side, baseline in bands:
            assert band_half_width is not None
            extent.append(baseline + band_half_width)
            self._bands[side].setRegion(
                (max(floor, baseline - band_half_width), baseline + band_half_width))
        for side, band in self._bands.items():
            self._shown(band, side in banded)
        self._plot.setXRange(-0.2, 2.2, padding=0)
        restriction_range(self._plot, extent)
        fit_legend(self._plot)

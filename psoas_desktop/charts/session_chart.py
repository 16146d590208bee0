"""This session: left and right over start, after A and after B, with the measurement-error band."""

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


class SessionChart(pg.PlotWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionChart")
        self._plot = touch_safe_plot(self, "restriction", legend_columns=2)
        self._plot.getAxis("bottom").setTicks([TIMEPOINT_TICKS])

    def show_session(
        self, series: dict[Side, list[float | None]], unit: str, band_half_width: float | None,
        labels: list[str] | None = None, better: str = "lower",
    ) -> None:
        """Plot both sides over the protocol's timepoints (`labels`, the seed's by default);
        shade baseline +/- the real-change threshold on each side."""
        self._plot.clear()
        ticks = list(enumerate(labels)) if labels else TIMEPOINT_TICKS
        self._plot.getAxis("bottom").setTicks([ticks])
        self._plot.setLabel("left", f"{unit}, {better} is better")
        colours = {Side.LEFT: LEFT_COLOUR, Side.RIGHT: RIGHT_COLOUR}
        extent: list[float] = []
        bands: list[tuple[Side, float]] = []
        for side in Side:
            points = [(x, y) for x, y in enumerate(series[side]) if y is not None]
            if not points:
                continue
            xs, ys = zip(*points, strict=True)
            extent.extend(ys)
            self._plot.plot(
                list(xs), list(ys), name=f"{side.value.capitalize()} leg",
                pen=side_pen(colours[side], dashed=side is Side.RIGHT),
                symbol="o" if side is Side.LEFT else "s", symbolSize=14,
                symbolBrush=colours[side], symbolPen=colours[side],
            )
            if band_half_width is not None:
                bands.append((side, ys[0]))
        floor = min([0.0, *extent])  # restriction never reads below full extension
        for side, baseline in bands:
            assert band_half_width is not None
            extent.append(baseline + band_half_width)
            colour = QColor(colours[side])
            colour.setAlpha(BAND_ALPHA)
            band = pg.LinearRegionItem(
                values=(max(floor, baseline - band_half_width), baseline + band_half_width),
                orientation="horizontal", movable=False, brush=colour,
                pen=pg.mkPen(colours[side], width=2, style=Qt.PenStyle.DotLine),
            )
            band.setZValue(-10)  # behind the lines
            self._plot.addItem(band)
        self._plot.setXRange(-0.2, len(ticks) - 0.8, padding=0)
        restriction_range(self._plot, extent)
        fit_legend(self._plot)

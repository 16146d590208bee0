"""Shared set-up for touch-safe charts: no finger pan or zoom, readable axes, calm colours."""

from __future__ import annotations

import pyqtgraph as pg
import PySide6  # noqa: F401  (pyqtgraph must see PySide6 first)
from PySide6.QtGui import QFont

LEFT_COLOUR = "#2E6DA4"
RIGHT_COLOUR = "#B8732A"
INK = "#1E2A30"
BAND_ALPHA = 28

pg.setConfigOptions(antialias=True, background="w", foreground=INK)


def touch_safe_plot(widget: pg.PlotWidget, y_label: str, x_label: str = "") -> pg.PlotItem:
    """A plot a finger cannot pan or zoom by accident; ranges change through buttons only."""
    plot = widget.getPlotItem()
    plot.setMouseEnabled(x=False, y=False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    widget.setMinimumHeight(240)
    font = QFont()
    font.setPixelSize(16)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setTickFont(font)
        axis.setTextPen(INK)
    plot.setLabel("left", y_label, **{"font-size": "16px"})
    if x_label:
        plot.setLabel("bottom", x_label, **{"font-size": "16px"})
    plot.showGrid(x=False, y=True, alpha=0.2)
    plot.addLegend(offset=(-10, 10), labelTextSize="13pt", labelTextColor=INK,
                   brush=pg.mkBrush(255, 255, 255, 220))
    return plot


def side_pen(colour: str, dashed: bool = False) -> object:
    from PySide6.QtCore import Qt

    return pg.mkPen(colour, width=4, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)


def restriction_range(plot: pg.PlotItem, values: list[float]) -> None:
    """Y from 0 (full extension) to a little above the largest value, so changes read honestly."""
    low = min([0.0, *values])
    high = max([1.0, *values])
    plot.setYRange(low, high + 0.25 * (high - low), padding=0)

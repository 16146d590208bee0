"""Shared set-up for touch-safe charts: no finger pan or zoom, readable axes, calm colours."""

from __future__ import annotations

import PySide6  # noqa: F401  (pyqtgraph must see PySide6 first)
import pyqtgraph as pg
from PySide6.QtGui import QFont

LEFT_COLOUR = "#2E6DA4"
RIGHT_COLOUR = "#B8732A"
INK = "#1E2A30"
BAND_ALPHA = 40

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
    plot.addLegend(offset=(10, 10), labelTextSize="14pt", labelTextColor=INK)
    return plot


def side_pen(colour: str, dashed: bool = False) -> object:
    from PySide6.QtCore import Qt

    return pg.mkPen(colour, width=4, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)

"""This session's chart, built when first drawn or shown: pyqtgraph is not imported before then.

The wizard builds its summary step, and with it this chart, when the main window is built, and the
home screen shows no chart: importing pyqtgraph (with numpy, about 0.3 s and 25 MB) waits until a
chart is needed (issue 13). The plot itself is `session_plot.SessionPlot`, a pyqtgraph PlotWidget;
its methods (`getPlotItem`, ...) are reached through this widget as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from ..domain.model import Side
    from .session_plot import SessionPlot

MIN_HEIGHT = 240  # charts.base.NORMAL.min_height (base imports pyqtgraph)


class SessionChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionChart")
        self.setMinimumHeight(MIN_HEIGHT)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._plot: SessionPlot | None = None

    @property
    def plot(self) -> SessionPlot:
        """The pyqtgraph widget, built (and pyqtgraph imported) on first use."""
        if self._plot is None:
            from .session_plot import SessionPlot

            self._plot = SessionPlot(self)
            self._plot.setMinimumHeight(0)  # this widget holds the height the page asked for
            self._layout.addWidget(self._plot)
        return self._plot

    def show_session(
        self, series: dict[Side, list[float | None]], unit: str, band_half_width: float | None
    ) -> None:
        """Plot both sides; shade baseline +/- the real-change threshold on each side."""
        self.plot.show_session(series, unit, band_half_width)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.plot  # noqa: B018 (shown empty: the axes are there before the first data)
        super().showEvent(event)

    def __getattr__(self, name: str) -> Any:
        """The plot's own methods (getPlotItem, scene, ...), as when this was the PlotWidget."""
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.plot, name)

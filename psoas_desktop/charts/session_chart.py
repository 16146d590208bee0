"""This session: left and right over start and after each direction, with the measurement error
shaded (fill only, no edge lines that could read as data; the caller captions it)."""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QFontMetrics

from ..domain.model import Side
from .base import (
    BAND_ALPHA,
    LEFT_COLOUR,
    NORMAL,
    RIGHT_COLOUR,
    ChartStyle,
    fit_legend,
    restriction_range,
    side_pen,
    touch_safe_plot,
)

X_PAD = 0.45  # room at each end for half a time point's label (else pyqtgraph drops it)
TIMEPOINT_TICKS = [(0, "Start"), (1, "After the first"), (2, "After the second")]


def _shortened(ticks: Sequence[str]) -> list[str]:
    """'After rotating\nto your left' -> 'After\nleft': a long tick keeps its first word and the
    words no other long tick shares (those name its direction)."""
    long = [t.split() for t in ticks if len(t.split()) > 2]
    shared = {w for w in {w for words in long for w in words}
              if sum(w in words for words in long) > 1}
    result = []
    for tick in ticks:
        words = tick.split()
        if len(words) <= 2:
            result.append(tick)
            continue
        own = [w for w in words[1:] if w not in shared] or words[-1:]
        result.append(f"{words[0]}\n{' '.join(own)}")
    return result


class SessionChart(pg.PlotWidget):
    def __init__(self, parent=None, style: ChartStyle = NORMAL) -> None:
        super().__init__(parent)
        self.setObjectName("sessionChart")
        self._style = style
        self._plot = touch_safe_plot(self, "restriction", style=style, legend_columns=2)
        self._plot.getAxis("bottom").setTicks([TIMEPOINT_TICKS])
        self._plot.getAxis("bottom").setHeight(int(style.tick_px * 3.4))  # two-line time points
        self._ticks = [t for _x, t in TIMEPOINT_TICKS]
        self._tick_names: list[str] = list(self._ticks)
        self._y_label = ""
        # Built once and reused (issue 13): showing a session moves the points and the shading
        # of these items; an item is added to or taken from the plot (and its key) only when a
        # side gains or loses its readings or the band comes or goes.
        colours = {Side.LEFT: LEFT_COLOUR, Side.RIGHT: RIGHT_COLOUR}
        self._curves = {side: pg.PlotDataItem(
            [], [], name=f"{side.value.capitalize()} leg",
            pen=side_pen(colours[side], dashed=side is Side.RIGHT, width=style.line_width),
            symbol="o" if side is Side.LEFT else "s", symbolSize=style.symbol_size + 2,
            symbolBrush=colours[side], symbolPen=colours[side]) for side in Side}
        self._bands = {}
        for side in Side:
            colour = QColor(colours[side])
            colour.setAlpha(BAND_ALPHA)
            band = pg.LinearRegionItem(
                values=(0.0, 1.0), orientation="horizontal", movable=False, brush=colour,
                pen=pg.mkPen(None),  # shading only: an edge line would read as data
            )
            band.setZValue(-10)  # behind the lines
            self._bands[side] = band
        self._shown: tuple[tuple[Side, ...], tuple[Side, ...]] | None = None  # curves, bands
        self._asked: tuple | None = None  # what show_session was last asked to show

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if hasattr(self, "_ticks"):  # pyqtgraph resizes once before __init__ finishes
            self._fit_ticks()

    def _fit_ticks(self) -> None:
        """The time points in full words when they fit side by side, else their short form
        ('After rotating\nto your left' -> 'After\nleft'): pyqtgraph drops a label that
        would overlap, and a time point must never go unnamed."""
        axis = self._plot.getAxis("bottom")
        metrics = QFontMetrics(axis.style.get("tickFont") or QFont())
        widest = max(metrics.horizontalAdvance(line) for t in self._ticks for line in t.split("\n"))
        room = self._plot.getViewBox().width() or self.width()
        fits = widest + 16 <= room / (len(self._ticks) - 1 + 2 * X_PAD + 0.4)
        names = self._ticks if fits else _shortened(self._ticks)
        if names != self._tick_names:  # new ticks redraw the axis: only when they change
            self._tick_names = names
            axis.setTicks([list(enumerate(names))])

    def show_session(
        self, series: dict[Side, list[float | None]], unit: str, band_half_width: float | None,
        ticks: Sequence[str] | None = None, better: str = "lower",
    ) -> None:
        """Plot both sides; shade baseline +/- the real-change threshold on each side.

        `ticks` names the protocol's time points in words ('After rotating\nto your left').
        The same points, band and words as last shown change nothing: the summary is shown its
        session in idle time before it is entered (issue 13), then again on entering."""
        asked = (tuple((side, tuple(series[side])) for side in Side), unit, band_half_width,
                 tuple(ticks) if ticks else None, better)
        if asked == self._asked:
            return
        self._asked = asked
        self._ticks = list(ticks) if ticks else [t for _x, t in TIMEPOINT_TICKS]
        self._fit_ticks()
        y_label = f"{unit}, {better} is better"
        if y_label != self._y_label:
            self._y_label = y_label
            self._plot.setLabel("left", y_label)
        extent: list[float] = []
        curves: dict[Side, tuple[list[int], list[float]]] = {}
        bands: dict[Side, float] = {}
        for side in Side:
            points = [(x, y) for x, y in enumerate(series[side]) if y is not None]
            if not points:
                continue
            xs, ys = zip(*points, strict=True)
            extent.extend(ys)
            curves[side] = (list(xs), list(ys))
            if band_half_width is not None:
                bands[side] = ys[0]
        floor = min([0.0, *extent])  # restriction never reads below full extension
        shown = (tuple(curves), tuple(bands))
        if shown != self._shown:  # a side or the band came or went: the items and key again
            for item in (*self._curves.values(), *self._bands.values()):
                self._plot.removeItem(item)
            for side in curves:
                self._plot.addItem(self._curves[side])
            for side in bands:
                self._plot.addItem(self._bands[side])
        for side, (xs, ys) in curves.items():
            self._curves[side].setData(xs, ys)
        for side, baseline in bands.items():
            assert band_half_width is not None
            extent.append(baseline + band_half_width)
            self._bands[side].setRegion(
                (max(floor, baseline - band_half_width), baseline + band_half_width))
        self._plot.setXRange(-X_PAD, len(self._ticks) - 1 + X_PAD, padding=0)
        restriction_range(self._plot, extent)
        if shown != self._shown:
            fit_legend(self._plot)
            self._shown = shown

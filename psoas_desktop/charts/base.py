"""Shared set-up for touch-safe charts: no finger pan or zoom, readable axes, calm colours, PNG."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QWidget

LEFT_COLOUR = "#2E6DA4"
RIGHT_COLOUR = "#B8732A"
INK = "#1E2A30"
MUTED = "#5B6770"
ACCENT = "#2F6F73"
BAND_ALPHA = 18

pg.setConfigOptions(antialias=True, background="w", foreground=INK)


@dataclass(frozen=True)
class ChartStyle:
    """Sizes of one chart: the client page's, or review mode's large type read from a metre."""

    tick_px: int = 16
    label_px: int = 16
    legend_pt: int = 13
    line_width: int = 4
    symbol_size: int = 12
    min_height: int = 240


NORMAL = ChartStyle()
LARGE = ChartStyle(tick_px=22, label_px=22, legend_pt=16, line_width=6, symbol_size=20, min_height=300)


def touch_safe_plot(
    widget: pg.PlotWidget,
    y_label: str,
    x_label: str = "",
    style: ChartStyle = NORMAL,
    legend: bool = True,
    legend_columns: int = 1,
) -> pg.PlotItem:
    """A plot a finger cannot pan or zoom by accident; ranges change through buttons only."""
    plot = widget.getPlotItem()
    plot.setMouseEnabled(x=False, y=False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    widget.setMinimumHeight(style.min_height)
    font = QFont()
    font.setPixelSize(style.tick_px)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setTickFont(font)
        axis.setTextPen(INK)
    plot.getAxis("bottom").setHeight(int(style.tick_px * 2.2))  # room for the larger dates
    plot.getAxis("left").setWidth(int(style.tick_px * 2.2 + style.label_px * 1.6))  # "0.5" + label
    label_style = {"font-size": f"{style.label_px}px"}
    plot.setLabel("left", y_label, **label_style)
    if x_label:
        plot.setLabel("bottom", x_label, **label_style)
    # The horizontal grid, drawn by one light item rather than the left axis (see HorizontalGrid),
    # and the axis as it is with its grid: no tick marks, no value cut at the plot's top edge.
    plot.getAxis("left").setStyle(tickLength=0, hideOverlappingLabels=True)
    plot.value_grid = HorizontalGrid(plot)
    if legend:
        plot.legend = legend_strip(plot, style, legend_columns)  # series add themselves by name
    return plot


class HorizontalGrid(pg.GraphicsObject):
    """The horizontal lines `PlotItem.showGrid(y=True)` draws (the left axis's ticks, the finer
    levels fainter, by pyqtgraph's own rule), as one light item behind the data.

    The axis's own grid makes the axis as large as the plot and draws each line across it: about
    6 ms of every paint of a chart on a 2-core machine, 8 ms for a trend chart, where these
    lines take well under one (issue 13: the summary is painted within a frame, a client page
    in a few). Every chart has one (touch_safe_plot); lines follow the axis's own values, or the
    ones given to it (AxisItem.setTicks), as its grid would."""

    def __init__(self, plot: pg.PlotItem, alpha: float = 0.2) -> None:
        super().__init__()
        self._plot = plot
        self._alpha = alpha  # of the strongest lines, as PlotItem.showGrid(alpha=...)
        self.setZValue(-100)  # behind the shading and the lines
        self._made: tuple[tuple, list[tuple[QPen, list[QLineF]]]] | None = None  # see _strokes
        plot.getViewBox().addItem(self, ignoreBounds=True)

    def set_alpha(self, alpha: float) -> None:
        """Lines fainter or stronger (0 to 1), as PlotItem.showGrid(alpha=...) would draw them."""
        self._alpha = alpha
        self._made = None
        self.update()

    def viewRangeChanged(self) -> None:  # noqa: N802 (pyqtgraph calls it as the view moves)
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._plot.getViewBox().viewRect()

    def lines(self) -> list[tuple[float, int]]:
        """Each line as (value, alpha 0-255), as the axis would draw it now."""
        view, axis = self._plot.getViewBox(), self._plot.getAxis("left")
        shown = view.viewRect()
        pixels = view.height()
        if pixels <= 0 or shown.height() <= 0:
            return []
        given = axis._tickLevels  # noqa: SLF001 (setTicks' levels: AxisItem has no getter)
        levels = (axis.tickValues(shown.top(), shown.bottom(), pixels) if given is None
                  else [(None, [value for value, _text in level]) for level in given])
        found = []
        for level, (_spacing, values) in enumerate(levels):
            alpha = (255 / (level + 1) * self._alpha
                     * min(1.0, max(0.0, 0.05 * pixels / (len(values) + 1))))
            found += [(value, int(alpha)) for value in values
                      if shown.top() <= value <= shown.bottom()]
        return found

    def _strokes(self) -> list[tuple[QPen, list[QLineF]]]:
        """The lines grouped by their pen, made again only when the view's range or height
        changed: a repaint of an unchanged chart draws what it drew (issue 13)."""
        view = self._plot.getViewBox()
        shown = view.viewRect()
        key = (shown.getRect(), view.height())
        if self._made is not None and self._made[0] == key:
            return self._made[1]
        base = self._plot.getAxis("left").tickPen()
        by_alpha: dict[int, list[QLineF]] = {}
        for value, alpha in self.lines():
            by_alpha.setdefault(alpha, []).append(QLineF(shown.left(), value, shown.right(), value))
        strokes = []
        for alpha, lines in by_alpha.items():
            pen = QPen(base)
            colour = QColor(pen.color())
            colour.setAlpha(alpha)
            pen.setColor(colour)
            pen.setCosmetic(True)
            strokes.append((pen, lines))
        self._made = (key, strokes)
        return strokes

    def paint(self, painter: QPainter, *_args: object) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for pen, lines in self._strokes():
            painter.setPen(pen)
            painter.drawLines(lines)


def legend_strip(plot: pg.PlotItem, style: ChartStyle, columns: int) -> pg.LegendItem:
    """A key in a strip above the data (the title row), so it never covers a point."""
    key = pg.LegendItem(labelTextSize=f"{style.legend_pt}pt", labelTextColor=INK, colCount=columns,
                        horSpacing=18)
    key.setParentItem(plot)
    key.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-8, 0))
    plot.setTitle(None)
    return key


def fit_legend(plot: pg.PlotItem, key: pg.LegendItem | None = None) -> None:
    """Give the strip above the data the height of the key (call after adding the series)."""
    key = key or plot.legend
    if key is None:
        return
    key.updateSize()
    plot.layout.setRowFixedHeight(0, key.boundingRect().height() + 4)


def side_pen(colour: str, dashed: bool = False, width: int = 4) -> object:
    return pg.mkPen(colour, width=width,
                    style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)


def restriction_range(plot: pg.PlotItem, values: list[float], headroom: float = 0.25) -> None:
    """Y from 0 (full extension) to a little above the largest value, so changes read honestly.

    `headroom` leaves room at the top for the legend, so it never covers a point."""
    low = min([0.0, *values])
    high = max([1.0, *values])
    span = high - low
    plot.setYRange(low - 0.04 * span, high + headroom * span, padding=0)  # 0 stays labelled


def render_chart(widget: QWidget, width: int = 1600) -> QImage:
    """A chart (or any widget) as an image: a pyqtgraph PlotWidget is rendered from its scene at
    `width` pixels, so the picture is sharp whatever the size on screen; any other widget is
    grabbed as drawn."""
    if isinstance(widget, pg.PlotWidget):
        from pyqtgraph.exporters import ImageExporter

        exporter = ImageExporter(widget.getPlotItem())
        exporter.parameters()["width"] = int(width)
        exporter.parameters()["background"] = pg.mkColor("w")
        rendered = exporter.export(toBytes=True)
        if isinstance(rendered, QImage) and not rendered.isNull():
            return rendered
    return widget.grab().toImage()


def save_chart_png(widget: QWidget, path: str | Path, width: int = 1600) -> Path:
    """Write a chart (or any widget) to a PNG file; returns the path written.

    Raises OSError when the file cannot be written.
    """
    target = Path(path)
    if target.suffix.lower() != ".png":
        target = target.with_suffix(".png")
    image = render_chart(widget, width)
    if image.isNull() or not image.save(str(target), "PNG"):
        raise OSError(f"Could not write the picture to {target}.")
    return target

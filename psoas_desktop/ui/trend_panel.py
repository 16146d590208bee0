"""The across-visits charts with their touch controls: which chart, which date range, which method.

Methods are never mixed on one axis: the method chips (shown when a client was measured more than
one way) pick the sessions drawn, defaulting to the most recent method. Used by the client page
(normal size) and by review mode (large type).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from ..charts.base import NORMAL, ChartStyle
from ..charts.series import ChartKind, TimeRange, TrendSelection, method_spec, select
from ..charts.trend_chart import AsymmetryChart, DirectionChart, TrendChart
from ..domain.analysis import TrendPoint
from ..domain.model import Method
from .widgets.chips import ChipRow
from .widgets.touch import button

CHIP_METHOD = {
    Method.GAP_CM: "Gap",
    Method.FINGERS: "Fingers",
    Method.THIGH_ANGLE: "Thigh angle",
    Method.TOUCHES: "Touches",
    Method.TABLE_EDGE_ANGLE: "Table edge",
}


def _name(prefix: str, base: str) -> str:
    return base if not prefix else prefix + base[0].upper() + base[1:]


class TrendPanel(QWidget):
    """`on_changed(selection, kind)` runs after every redraw, so the owner can update captions."""

    def __init__(
        self,
        style: ChartStyle = NORMAL,
        prefix: str = "",
        on_changed: Callable[[TrendSelection, ChartKind], None] | None = None,
        on_save: Callable[[QWidget, ChartKind], None] | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        controls: bool = True,
    ) -> None:
        super().__init__()
        self._prefix = prefix
        self._controls = controls
        self._on_changed = on_changed
        self._now = now
        self._points: list[TrendPoint] = []
        self._method: Method | None = None
        self._range = TimeRange.ALL
        self._kind = ChartKind.LEGS
        self.selection: TrendSelection = select([], None, self._range, now())
        self._stale: set[ChartKind] = set(ChartKind)
        self._drawn: dict[ChartKind, tuple] = {}  # what each chart last drew

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.kind_chips = ChipRow(self.choose_kind)
        self.kind_chips.set_options([(k, k.label, _name(prefix, f"chart{k.value.capitalize()}Chip"))
                                     for k in ChartKind])
        self.range_chips = ChipRow(self.choose_range)
        self.range_chips.set_options([(r, r.label, _name(prefix, f"range{r.value.capitalize()}Button"))
                                      for r in TimeRange])
        self.method_chips = ChipRow(self.choose_method)
        self.save_button = None
        if controls:
            top = QHBoxLayout()
            top.addWidget(self.kind_chips)
            top.addStretch(1)
            if on_save is not None:
                self.save_button = button("Save PNG", _name(prefix, "saveChartButton"), "chip",
                                          lambda: on_save(self.current_chart(), self._kind))
                top.addWidget(self.save_button)
            layout.addLayout(top)
        else:  # the owner offers its own choices (review mode)
            for row in (self.kind_chips, self.range_chips, self.method_chips):
                row.setParent(self)
                row.hide()

        self.legs = TrendChart(style=style)
        self.difference = AsymmetryChart(style=style)
        self.direction = DirectionChart(style=style)
        self.charts = {ChartKind.LEGS: self.legs, ChartKind.DIFFERENCE: self.difference,
                       ChartKind.DIRECTION: self.direction}
        if prefix:
            for chart in self.charts.values():
                chart.setObjectName(_name(prefix, chart.objectName()))
        self.stack = QStackedWidget()
        for chart in self.charts.values():
            self.stack.addWidget(chart)
        layout.addWidget(self.stack, 1)

        if controls:
            bottom = QHBoxLayout()
            bottom.addWidget(self.range_chips)
            bottom.addStretch(1)
            bottom.addWidget(self.method_chips)
            layout.addLayout(bottom)

    # --- data in ------------------------------------------------------------------------
    def show_points(self, points: Sequence[TrendPoint], method: Method | None = None,
                    time_range: TimeRange | None = None, kind: ChartKind | None = None) -> None:
        """Every finished session's trend point (any method); keeps the chosen range and chart."""
        self._points = list(points)
        self._method = method
        if time_range is not None:
            self._range = time_range
        if kind is not None:
            self._kind = kind
        self._redraw()

    # --- what is shown ------------------------------------------------------------------
    @property
    def kind(self) -> ChartKind:
        return self._kind

    @property
    def time_range(self) -> TimeRange:
        return self._range

    def current_chart(self) -> QWidget:
        return self.charts[self._kind]

    def _draw_current(self) -> None:
        """Only the chart on screen is drawn; the others when first shown (1,000 sessions open fast)."""
        if self._kind not in self._stale:
            return
        self._stale.discard(self._kind)
        selection = self.selection
        shown, window = list(selection.shown), selection.window
        unit = selection.shown[0].method_spec.unit if selection.shown else (
            method_spec(selection.method).unit if selection.method else "cm")
        drawn = self._drawn.get(self._kind)
        if (drawn is not None and drawn[1:] == (window, unit) and len(drawn[0]) == len(shown)
                and all(a is b for a, b in zip(drawn[0], shown, strict=True))):
            return  # the chart already shows exactly these points (a client page reopened)
        self._drawn[self._kind] = (shown, window, unit)
        if self._kind is ChartKind.LEGS:
            self.legs.show_trend(shown, unit, window)
        elif self._kind is ChartKind.DIFFERENCE:
            self.difference.show_asymmetry(shown, unit, window)
        else:
            self.direction.show_directions(shown, window)

    # --- choices ------------------------------------------------------------------------
    def choose_kind(self, kind) -> None:
        self._kind = kind
        self.kind_chips.set_current(kind)
        self._draw_current()
        self.stack.setCurrentWidget(self.charts[kind])
        if self._on_changed is not None:
            self._on_changed(self.selection, kind)

    def choose_range(self, time_range) -> None:
        self._range = time_range
        self._redraw()

    def choose_method(self, method) -> None:
        self._method = method
        self._redraw()

    def _redraw(self) -> None:
        selection = select(self._points, self._method, self._range, self._now())
        self.selection = selection
        self._method = selection.method
        self._stale = set(ChartKind)
        self._draw_current()
        self.kind_chips.set_current(self._kind)
        self.range_chips.set_current(self._range)
        self.stack.setCurrentWidget(self.charts[self._kind])
        if len(selection.methods) > 1:
            wanted = list(selection.methods)
            if list(self.method_chips.chips) != wanted:
                self.method_chips.set_options(
                    [(m, CHIP_METHOD.get(m, m), _name(self._prefix, f"trendMethod_{m}")) for m in wanted])
            self.method_chips.set_current(selection.method)
        self.method_chips.setVisible(len(selection.methods) > 1 and self._controls)
        if self._on_changed is not None:
            self._on_changed(selection, self._kind)

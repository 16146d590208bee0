"""Client review mode: one chart across the whole window, large type, a plain-language caption in
SPEC 7's neutral words, calm colours (no red) and a big Close."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from ..charts.base import LARGE
from ..charts.series import ChartKind, TimeRange, TrendSelection, method_spec, review_caption
from ..domain.analysis import TrendPoint
from ..domain.model import Method
from .style import set_role
from .trend_panel import TrendPanel
from .widgets.chips import ChipRow
from .widgets.touch import button, card, label


class ReviewPage(QWidget):
    def __init__(self, on_close: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("reviewPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 16, 28, 16)
        layout.setSpacing(12)
        top = QHBoxLayout()
        self.panel = TrendPanel(LARGE, prefix="review", on_changed=self._changed, controls=False)
        self.kind_chips = ChipRow(self.panel.choose_kind, role="reviewChip")
        self.kind_chips.set_options([(k, k.title_short, f"review{k.value.capitalize()}Chip")
                                     for k in ChartKind])
        top.addWidget(self.kind_chips)
        top.addStretch(1)
        self.close_button = button("Close", "reviewCloseButton", "review", on_close)
        top.addWidget(self.close_button)
        layout.addLayout(top)
        self.body = body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        body.setSpacing(18)
        body.addWidget(self.panel, 7)
        frame, box = card()
        self.title = label("", "reviewTitle", "reviewTitle")
        box.addWidget(self.title)
        self.caption = label("", "reviewCaption", "reviewCaption")
        box.addWidget(self.caption)
        box.addStretch(1)
        self.method_note = label("", "muted", "reviewMethodNote")
        box.addWidget(self.method_note)
        body.addWidget(frame, 3)
        layout.addLayout(body, 1)

    def show_review(self, points: Sequence[TrendPoint], method: Method | None,
                    time_range: TimeRange, kind: ChartKind) -> None:
        """Opens on what the client page showed: the same chart, method and date range."""
        self.panel.show_points(points, method, time_range, kind)

    def _changed(self, selection: TrendSelection, kind: ChartKind) -> None:
        self.kind_chips.set_current(kind)
        self.title.setText(kind.title)
        method = selection.method
        spec = selection.shown[0].method_spec if selection.shown else method_spec(method or "")
        self.caption.setText(review_caption(list(selection.shown), method or Method.GAP_CM))
        span = {TimeRange.QUARTER: "the last 3 months", TimeRange.YEAR: "the last 12 months",
                TimeRange.ALL: "all visits"}[selection.time_range]
        self.method_note.setText(
            f"Measured as {spec.label.lower()} ({spec.unit}); {span}."
            if method else "")

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Smaller caption type on a 1024 px screen, so the whole caption fits beside the chart."""
        width, height = event.size().width(), event.size().height()
        wide = width >= 1200
        portrait = height > width
        wanted = "reviewCaption" if wide or portrait else "reviewCaptionSmall"
        if self.caption.property("role") != wanted:
            set_role(self.caption, wanted)
        self.title.setVisible(wide or portrait)  # 1024 px: the chosen chip names the chart
        # portrait: chart above the caption; landscape: caption beside, wider on 1024 px
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                               else QBoxLayout.Direction.LeftToRight)
        chart, caption = (7, 3) if wide or portrait else (3, 2) if width >= 940 else (1, 1)
        self.body.setStretch(0, chart)
        self.body.setStretch(1, caption)
        super().resizeEvent(event)

"""Client review mode: one chart across the whole window, large type, a plain-language caption in
SPEC 7's neutral words, calm colours (no red) and a big Close."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from ..charts.base import LARGE
from ..charts.review_words import TODAY_TITLE, review_caption_for, today_caption
from ..charts.series import ChartKind, TimeRange, TrendSelection, method_spec
from ..charts.session_chart import SessionChart
from ..domain.analysis import SIDE_FACTOR, TrendPoint, analyse, session_series
from ..domain.model import Method, Session
from .style import set_role
from .trend_panel import TrendPanel
from .widgets.chips import ChipRow
from .widgets.results_table import timepoint_words
from .widgets.touch import button, card, label

TODAY = "today"  # the chip after the three across-visit charts: today's session on its own


class ReviewPage(QWidget):
    def __init__(self, on_close: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("reviewPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 16, 28, 16)
        layout.setSpacing(12)
        top = QHBoxLayout()
        self.panel = TrendPanel(LARGE, prefix="review", on_changed=self._changed, controls=False)
        self.kind_chips = ChipRow(self._choose, role="reviewChip")
        self.kind_chips.set_options([*((k, k.title_short, f"review{k.value.capitalize()}Chip")
                                       for k in ChartKind), (TODAY, "Today", "reviewTodayChip")])
        self._today: Session | None = None
        self._today_sem: float | None = None
        self.today_chart = SessionChart(style=LARGE)
        self.today_chart.setObjectName("reviewTodayChart")
        top.addWidget(self.kind_chips)
        top.addStretch(1)
        self.close_button = button("Close", "reviewCloseButton", "review", on_close)
        top.addWidget(self.close_button)
        layout.addLayout(top)
        self.body = body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        body.setSpacing(18)
        self.views = QStackedWidget()
        self.views.addWidget(self.panel)
        self.views.addWidget(self.today_chart)
        body.addWidget(self.views, 7)
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
                    time_range: TimeRange, kind: ChartKind, today: Session | None = None,
                    today_sem: float | None = None) -> None:
        """Opens on what the client page showed: the same chart, method and date range;
        `today` (the latest finished session) is the Today chart."""
        self._today, self._today_sem = today, today_sem
        self.kind_chips.chips[TODAY].setEnabled(today is not None)
        self.views.setCurrentWidget(self.panel)
        self.panel.show_points(points, method, time_range, kind)

    def _choose(self, kind) -> None:
        if kind != TODAY:
            self.views.setCurrentWidget(self.panel)
            self.panel.choose_kind(kind)
            return
        session = self._today
        self.kind_chips.set_current(TODAY)
        self.views.setCurrentWidget(self.today_chart)
        self.title.setText(TODAY_TITLE)
        self.caption.setText(today_caption(session))
        self.method_note.setText("")
        if session is None:
            return
        result = analyse(session, self._today_sem)
        band = SIDE_FACTOR * result.sem if result.sem is not None else None
        spec = session.method_spec
        self.today_chart.show_session(session_series(session), spec.unit, band,
                                      [timepoint_words(session, t, two_lines=True)
                                       for t in session.protocol.timepoint_keys],
                                      session.protocol.better)
        when = session.started_at.astimezone()
        self.method_note.setText(f"Measured as {spec.label.lower()} ({spec.unit}); "
                                 f"{when.day} {when:%B %Y}.")

    def _changed(self, selection: TrendSelection, kind: ChartKind) -> None:
        self.kind_chips.set_current(kind)
        self.title.setText(kind.title)
        method = selection.method
        spec = selection.shown[0].method_spec if selection.shown else method_spec(method or "")
        self.caption.setText(review_caption_for(kind, list(selection.shown), method or Method.GAP_CM))
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
        chip_role = "reviewChip" if width >= 900 else "chip"  # four chips and Close in one row
        for chip in self.kind_chips.chips.values():
            if chip.property("role") != chip_role:
                set_role(chip, chip_role)
        # portrait: chart above the caption; landscape: caption beside, wider on 1024 px
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                               else QBoxLayout.Direction.LeftToRight)
        chart, caption = (7, 3) if wide or portrait else (3, 2) if width >= 940 else (1, 1)
        self.body.setStretch(0, chart)
        self.body.setStretch(1, caption)
        super().resizeEvent(event)

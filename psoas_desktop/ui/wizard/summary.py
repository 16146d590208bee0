"""Step 7, summary: results table, this session's chart, the honest verdict, the client's answer."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtWidgets import QGridLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ...config import Settings
from ...domain.analysis import (
    SIDE_FACTOR,
    SessionAnalysis,
    analyse,
    home_program,
    session_series,
)
from ...domain.model import FeltBetter, Measurement, Session, Side, Summary
from ...domain.protocol_def import ProtocolDef
from ..widgets.number_row import NumberRow
from ..widgets.results_table import ResultsTable, band_caption, felt_words, timepoint_words
from ..widgets.touch import Columns, button, card, label, scrolling
from .base import StepContext, StepView


class SummaryStep(StepView):
    def __init__(self) -> None:
        super().__init__()
        from ...charts.session_chart import SessionChart  # pyqtgraph only when first needed

        self._felt: FeltBetter | None = None
        self._setting_program = False  # the suggestion is being written, not typed
        content = QWidget()
        page = QVBoxLayout(content)
        page.setContentsMargins(0, 0, 0, 0)
        self.verdict = label("", "verdict", "verdictLabel")
        page.addWidget(self.verdict)
        columns = Columns((3, 2), stack_below=1100)
        page.addWidget(columns)
        left, right = columns.columns

        frame, box = card()
        self.chart = SessionChart()  # first: above the fold at 1280x800, the table below it
        self.chart.setMinimumHeight(300)
        box.addWidget(self.chart)
        self.band_caption = label("", "hint", "bandCaption")
        box.addWidget(self.band_caption)
        self.table = ResultsTable("summaryResults")
        box.addWidget(self.table)
        left.addWidget(frame)

        frame, box = card()
        box.addWidget(label("Which direction felt better to the client?", "subtitle"))
        grid = QGridLayout()
        self.felt_buttons: dict[FeltBetter, QPushButton] = {}
        for felt in FeltBetter:  # the two directions a row each: their words are long
            b = button(felt_words(felt, None), f"felt_{felt.value}", "chip", checkable=True)
            b.clicked.connect(lambda _c=False, f=felt: self._choose_felt(f))
            row = {FeltBetter.FIRST: (0, 0, 1, 2), FeltBetter.SECOND: (1, 0, 1, 2),
                   FeltBetter.NO_DIFFERENCE: (2, 0, 1, 1), FeltBetter.NOT_SURE: (2, 1, 1, 1)}[felt]
            grid.addWidget(b, *row)
            self.felt_buttons[felt] = b
        box.addLayout(grid)
        box.addWidget(label("Pain now (optional, 0-10)", "muted"))
        self.pain = NumberRow(object_name="painAfter", per_row=6, spoken="Pain now")
        self.pain.changed.connect(lambda _value: self.changed.emit())
        box.addWidget(self.pain)
        box.addWidget(label("Notes", "muted"))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("summaryNotes")
        self.notes.setAccessibleName("Session notes")
        self.notes.setFixedHeight(90)
        self.notes.textChanged.connect(self._typed)
        box.addWidget(self.notes)
        box.addWidget(label("Suggested home program", "muted"))
        self.program = QPlainTextEdit()
        self.program.setObjectName("homeProgram")
        self.program.setAccessibleName("Suggested home program")
        self.program.setAccessibleDescription("Filled in from the verdict and the client's answer until you edit it")
        self.program.setFixedHeight(90)
        self.program.textChanged.connect(self._typed)
        box.addWidget(self.program)
        right.addWidget(frame)
        right.addStretch(1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content))

    def load(self, session: Session, context: StepContext) -> None:
        self._show(session, context.settings)

    def prepare(self, protocol: ProtocolDef, settings: Settings) -> None:
        """Show a sample session of `protocol` (both legs at every time point, the first
        direction chosen), so the table's cells and the chart's lines, shading and key are made
        before the first summary (issue 13): a real session then changes words and moves points.
        Only `load` shows a session on screen."""
        sample = Session(client_id=0, started_at=datetime.now(UTC), method=protocol.default_method,
                         protocol=protocol, first_direction=protocol.direction_keys[0])
        reading = sample.method_spec.minimum
        for timepoint in protocol.timepoint_keys:
            sample = sample.with_measurements(timepoint, tuple(
                Measurement(timepoint, side, (reading,)) for side in Side))
        self._show(sample, settings)

    def preview(self, session: Session, settings: Settings) -> SessionAnalysis:
        """The results of `session` as they stand (table, verdict, chart), while the summary is
        not on screen: the wizard calls it in idle time after each save on the step before the
        summary, so entering the summary finds its table and chart already showing the same
        readings (issue 13). Touches nothing the therapist enters here, so nothing is saved."""
        sem = settings.sem(session.method, session.method_spec)
        result = analyse(session, sem)
        unit = session.method_spec.unit
        self.table.show_session(session, result)
        self.verdict.setText(result.verdict.text)
        band = SIDE_FACTOR * result.sem if result.sem is not None else None
        self.chart.show_session(session_series(session), unit, band,
                                [timepoint_words(session, t, two_lines=True)
                                 for t in session.protocol.timepoint_keys],
                                session.protocol.better)
        self.band_caption.setText(band_caption(result, unit))
        self.band_caption.setVisible(bool(self.band_caption.text()))
        return result

    def _show(self, session: Session, settings: Settings) -> None:
        result = self.preview(session, settings)
        for felt, b in self.felt_buttons.items():
            b.setText(felt_words(felt, session))
            b.setAccessibleName(felt_words(felt, session))
        self._felt = session.summary.felt_better
        self._refresh_felt()
        self.pain.set_value(session.summary.pain_after)
        self.notes.setPlainText(session.summary.notes)
        self._verdict, self._first = result.verdict, session.first_direction
        self._protocol = session.protocol
        self.program.setPlainText(session.summary.home_program or self._suggested_program())

    def _suggested_program(self) -> str:
        return home_program(self._verdict, self._felt, self._first, self._protocol)

    def apply(self, session: Session) -> Session:
        return replace(session, summary=Summary(
            felt_better=self._felt,
            pain_after=self.pain.value(),
            notes=self.notes.toPlainText().strip(),
            home_program=self.program.toPlainText().strip(),
        ))

    def _choose_felt(self, felt: FeltBetter) -> None:
        untouched = self.program.toPlainText().strip() == self._suggested_program()
        self._felt = None if self._felt is felt else felt
        self._refresh_felt()
        if untouched:  # the suggestion follows the client's answer until the therapist edits it
            self._setting_program = True
            self.program.setPlainText(self._suggested_program())
            self._setting_program = False
        self.changed.emit()

    def _typed(self) -> None:
        if not self._setting_program:
            self.typing.emit()

    def _refresh_felt(self) -> None:
        for f, b in self.felt_buttons.items():
            b.setChecked(f is self._felt)

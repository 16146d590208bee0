"""Step 7, summary: results table, this session's chart, the honest verdict, the client's answer."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QGridLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ...domain.analysis import SIDE_FACTOR, analyse, home_program, session_series
from ...domain.model import TIMEPOINTS, FeltBetter, Session, Side, Summary
from ..widgets.number_row import NumberRow
from ..widgets.touch import Columns, button, card, label, scrolling
from .base import StepContext, StepView

FELT_LABELS = {
    FeltBetter.FIRST: "A felt better",
    FeltBetter.SECOND: "B felt better",
    FeltBetter.NO_DIFFERENCE: "No difference",
    FeltBetter.NOT_SURE: "Not sure",
}


def _signed(x: float, unit: str) -> str:
    return f"{x:+.1f} {unit}".replace("+0.0", "0.0").replace("-0.0", "0.0")


class SummaryStep(StepView):
    def __init__(self) -> None:
        super().__init__()
        from ...charts.session_chart import SessionChart  # pyqtgraph only when first needed

        self._felt: FeltBetter | None = None
        content = QWidget()
        page = QVBoxLayout(content)
        page.setContentsMargins(0, 0, 0, 0)
        self.verdict = label("", "verdict", "verdictLabel")
        page.addWidget(self.verdict)
        columns = Columns((3, 2))
        page.addWidget(columns)
        left, right = columns.columns

        frame, box = card()
        self.table = QGridLayout()
        self.table.setHorizontalSpacing(18)
        box.addLayout(self.table)
        self.chart = SessionChart()
        self.chart.setMinimumHeight(300)
        box.addWidget(self.chart)
        left.addWidget(frame)

        frame, box = card()
        box.addWidget(label("Which direction felt better to the client?", "subtitle"))
        grid = QGridLayout()
        self.felt_buttons: dict[FeltBetter, QPushButton] = {}
        for i, felt in enumerate(FeltBetter):
            b = button(FELT_LABELS[felt], f"felt_{felt.value}", "chip", checkable=True)
            b.clicked.connect(lambda _c=False, f=felt: self._choose_felt(f))
            grid.addWidget(b, i // 2, i % 2)
            self.felt_buttons[felt] = b
        box.addLayout(grid)
        box.addWidget(label("Pain now (optional, 0-10)", "muted"))
        self.pain = NumberRow(object_name="painAfter", per_row=6)
        box.addWidget(self.pain)
        box.addWidget(label("Notes", "muted"))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("summaryNotes")
        self.notes.setFixedHeight(90)
        box.addWidget(self.notes)
        box.addWidget(label("Suggested home program", "muted"))
        self.program = QPlainTextEdit()
        self.program.setObjectName("homeProgram")
        self.program.setFixedHeight(90)
        box.addWidget(self.program)
        right.addWidget(frame)
        right.addStretch(1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content))

    def load(self, session: Session, context: StepContext) -> None:
        sem = context.settings.sem(session.method)
        result = analyse(session, sem)
        unit = session.method.spec.unit
        self._fill_table(session, result.asymmetry, unit)
        self.verdict.setText(result.verdict.text)
        band = SIDE_FACTOR * result.sem if result.sem is not None else None
        self.chart.show_session(session_series(session), unit, band)
        self._felt = session.summary.felt_better
        self._refresh_felt()
        self.pain.set_value(session.summary.pain_after)
        self.notes.setPlainText(session.summary.notes)
        self.program.setPlainText(
            session.summary.home_program
            or home_program(result.verdict, self._felt, session.first_direction)
        )

    def apply(self, session: Session) -> Session:
        return replace(session, summary=Summary(
            felt_better=self._felt,
            pain_after=self.pain.value(),
            notes=self.notes.toPlainText().strip(),
            home_program=self.program.toPlainText().strip(),
        ))

    def _choose_felt(self, felt: FeltBetter) -> None:
        self._felt = None if self._felt is felt else felt
        self._refresh_felt()

    def _refresh_felt(self) -> None:
        for f, b in self.felt_buttons.items():
            b.setChecked(f is self._felt)

    def _fill_table(self, session: Session, asymmetry, unit: str) -> None:
        while self.table.count():
            item = self.table.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        spec = session.method.spec
        headers = ["", *(t.label for t in TIMEPOINTS), "Change A", "Change B"]
        for col, text in enumerate(headers):
            self.table.addWidget(label(text, "muted", wrap=False), 0, col)
        for row, side in enumerate(Side, start=1):
            self.table.addWidget(label(f"{side.value.capitalize()} leg", "", wrap=False), row, 0)
            values = [session.value(t, side) for t in TIMEPOINTS]
            for col, v in enumerate(values, start=1):
                self.table.addWidget(label("–" if v is None else spec.format(v), "", wrap=False), row, col)
            if None not in values:
                self.table.addWidget(label(_signed(values[0] - values[1], unit), "", wrap=False), row, 4)
                self.table.addWidget(label(_signed(values[1] - values[2], unit), "", wrap=False), row, 5)
        self.table.addWidget(label("Left − right", "muted", wrap=False), 3, 0)
        for col, t in enumerate(TIMEPOINTS, start=1):
            if t in asymmetry:
                self.table.addWidget(label(_signed(asymmetry[t], unit), "muted", wrap=False), 3, col)
        self.table.addWidget(label("Change = improvement (lower is better)", "hint", wrap=False), 4, 0, 1, 6)

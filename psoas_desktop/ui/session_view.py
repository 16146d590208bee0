"""A finished session, read only: its chart, table and verdict, the client's answer, the SOAP
note (edited, then signed), dated addenda (later notes are added beneath, never written over what
was recorded), and the session report and home handout to print or save."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from ..domain.analysis import SIDE_FACTOR, analyse, session_series
from ..domain.model import Client, Method, Session, SessionStatus
from .chart_export import ChartLabel
from .widgets.elided_label import ElidedLabel
from .widgets.results_table import ResultsTable, felt_words, timepoint_words
from .widgets.touch import Columns, button, card, label, scrolling


def _pain(value: int | None) -> str:
    return "–" if value is None else f"{value}/10"


class SessionView(QWidget):
    """`on_add_addendum(session_id, text)` stores a note and returns the reloaded session."""

    def __init__(
        self,
        on_back: Callable[[], None],
        on_add_addendum: Callable[[int, str], Session | None],
        sem_for: Callable[[Method], float | None],
        on_save_chart: Callable[[QWidget, ChartLabel], None] | None = None,
        documents=None,  # DocumentsControl: the SOAP note, print and save (None: not offered)
    ) -> None:
        super().__init__()
        from ..charts.session_chart import SessionChart  # pyqtgraph only when first needed

        self.setObjectName("sessionView")
        self._on_add_addendum = on_add_addendum
        self._sem_for = sem_for
        self._session: Session | None = None
        self._client: Client | None = None
        self._documents = documents
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 20, 28, 20)
        outer.setSpacing(12)
        top = QHBoxLayout()
        top.addWidget(button("◀  Back", "sessionBackButton", "secondary",
                             lambda: self._leave(on_back)))
        titles = QVBoxLayout()
        titles.setSpacing(0)
        self.title = ElidedLabel("", "title", "sessionTitle")
        self.subtitle = label("", "muted", "sessionSubtitle")
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        top.addLayout(titles, 1)
        if on_save_chart is not None:
            top.addWidget(button("Save PNG", "saveSessionChartButton", "chip",
                                 lambda: on_save_chart(self.chart, self._chart_label())))
        outer.addLayout(top)

        content = QWidget()
        page = QVBoxLayout(content)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(12)
        self.verdict = label("", "verdict", "pastVerdictLabel")
        page.addWidget(self.verdict)
        columns = Columns((3, 2))
        page.addWidget(columns)
        left, right = columns.columns

        frame, box = card()
        self.table = ResultsTable("pastResultsTable")
        box.addWidget(self.table)
        self.chart = SessionChart()
        self.chart.setFixedHeight(300)  # whole on a 800 px screen; the page scrolls for the rest
        box.addWidget(self.chart)
        box.addWidget(label("Shaded: each leg's starting value plus or minus the measurement error; "
                            "a change inside it is not a real change.", "hint", "bandHint"))
        left.addWidget(frame)
        left.addStretch(1)

        frame, box = card()
        box.addWidget(label("Recorded", "subtitle"))
        self.facts = label("", "", "sessionFacts")
        box.addWidget(self.facts)
        right.addWidget(frame)

        self.soap = None
        if documents is not None:
            from .soap_card import SoapCard

            frame, box = card()
            self.soap = SoapCard(documents.save_note, documents.signer_name,
                                 documents.remember_signer)
            box.addWidget(self.soap)
            right.addWidget(frame)

        frame, box = card()
        box.addWidget(label("Addenda", "subtitle"))
        box.addWidget(label("Dated notes added later. They never change what was recorded.", "hint"))
        self.addenda_box = QVBoxLayout()
        self.addenda_box.setSpacing(8)
        box.addLayout(self.addenda_box)
        self.addendum_edit = QPlainTextEdit()
        self.addendum_edit.setObjectName("addendumEdit")
        self.addendum_edit.setAccessibleName("A later note about this session")
        self.addendum_edit.setPlaceholderText("A later note about this session")
        self.addendum_edit.setFixedHeight(96)
        box.addWidget(self.addendum_edit)
        self.add_button = button("Add dated note", "addAddendumButton", "secondary", self._add)
        self.add_button.setEnabled(False)
        self.addendum_edit.textChanged.connect(
            lambda: self.add_button.setEnabled(bool(self.addendum_edit.toPlainText().strip())))
        box.addWidget(self.add_button)
        right.addWidget(frame)
        if documents is not None:
            frame, box = card()
            box.addWidget(label("Documents", "subtitle"))
            box.addWidget(label("The one-page session report, and the home-program handout for "
                                "the client. Saved files are readable by you only.", "hint"))
            box.addWidget(label("Clinic name on the documents", "muted"))
            self.clinic_edit = QLineEdit()
            self.clinic_edit.setObjectName("clinicNameEdit")
            self.clinic_edit.setAccessibleName("Clinic name on the documents")
            self.clinic_edit.setPlaceholderText("e.g. Praxis am Park")
            self.clinic_edit.editingFinished.connect(self._remember_clinic)
            box.addWidget(self.clinic_edit)
            for text, name, kind, printing in (
                    ("Print report…", "printReportButton", "report", True),
                    ("Save report PDF…", "saveReportButton", "report", False),
                    ("Print handout…", "printHandoutButton", "handout", True),
                    ("Save handout PDF…", "saveHandoutButton", "handout", False)):
                box.addWidget(button(text, name, "chip",
                                     lambda k=kind, p=printing: self._document(k, p)))
            self.saved_label = label("", "hint", "savedDocumentLabel")
            box.addWidget(self.saved_label)
            right.addWidget(frame)
        right.addStretch(1)
        outer.addWidget(scrolling(content), 1)

    @property
    def client(self) -> Client | None:
        return self._client

    @property
    def session_id(self) -> int | None:
        return self._session.id if self._session else None

    def show_session(self, session: Session, client_name: str,
                     client: Client | None = None) -> None:
        self._session = session
        self._client = client
        spec = session.method_spec
        when = session.started_at.astimezone()
        self.show_client_name(client_name)
        status = {SessionStatus.COMPLETED: "finished", SessionStatus.ABANDONED: "ended early",
                  SessionStatus.IN_PROGRESS: "in progress"}[session.status]
        self.subtitle.setText(f"{when:%A, %H:%M} · {spec.label} ({spec.unit}) · {status}, read only")
        result = analyse(session, self._sem_for(session.method))
        self.verdict.setText(result.verdict.text)
        self.table.show_session(session, result)
        band = SIDE_FACTOR * result.sem if result.sem is not None else None
        self.chart.show_session(session_series(session), spec.unit, band,
                                [timepoint_words(session, t, two_lines=True)
                                 for t in session.protocol.timepoint_keys],
                                session.protocol.better)
        self.facts.setText(self._facts(session))
        self._show_addenda(session)
        self.addendum_edit.clear()
        if self.soap is not None and self._documents is not None:
            self.clinic_edit.setText(self._documents.clinic_name())
            stored = self._documents.stored_note(session)
            self.soap.show_note(stored or self._documents.draft_note(session), stored is not None)

    def _facts(self, s: Session) -> str:
        lines = []
        if s.first_direction:
            words = s.protocol.direction
            lines.append(f"Order: {words(s.first_direction).words} first, then "
                         f"{words(s.protocol.opposite(s.first_direction)).words}")
        felt = felt_words(s.summary.felt_better, s).lower() if s.summary.felt_better else "not asked"
        lines.append(f"Client's own answer: {felt}")
        lines.append(f"Pain before {_pain(s.check_in.pain_before)}, after {_pain(s.summary.pain_after)}")
        if s.check_in.pain_locations:
            lines.append("Where: " + ", ".join(sorted(p.label for p in s.check_in.pain_locations)))
        if s.check_in.changes_since_last:
            lines.append(f"Since last visit: {s.check_in.changes_since_last}")
        if s.check_in.neuroplastic_suspected:
            lines.append("Gentle mode (nervous-system features suspected, not a diagnosis)")
        for event in s.safety_events:
            lines.append(f"STOP at {event.occurred_at.astimezone():%H:%M}: {event.kind.label}"
                         + (f", {event.action_taken}" if event.action_taken else ""))
        if s.abandon_reason:
            lines.append(f"Ended early: {s.abandon_reason}")
        if s.summary.notes:
            lines.append(f"Notes: {s.summary.notes}")
        if s.summary.home_program:
            lines.append(f"Home program: {s.summary.home_program}")
        return "\n".join(lines)

    def _remember_clinic(self) -> None:
        """The clinic's name is a remembered choice: typed once, on every report after."""
        if self._documents is not None and (
                self.clinic_edit.text().strip() != self._documents.clinic_name()):
            self._documents.remember_clinic(self.clinic_edit.text())

    def show_client_name(self, client_name: str) -> None:
        """The title: the name (as the privacy switch shows it) and the session's day."""
        if self._session is not None:
            self.title.setText(f"{client_name}, {self._session.started_at.astimezone():%d %b %Y}")

    def _chart_label(self) -> ChartLabel:
        """The saved picture's title: client, the session's day and method (not in the file name)."""
        session, client = self._session, self._client
        day = session.started_at.astimezone().date() if session else date.today()
        return ChartLabel(client.name if client else "", "session",
                          f"Session of {day.strftime('%d %b %Y').lstrip('0')}",
                          session.method if session else None, day,
                          session.method_spec if session else None)

    def _leave(self, on_back: Callable[[], None]) -> None:
        """Back keeps what was typed in the note (saved first); a failed save stays here."""
        if self.soap is None or self.soap.flush():
            on_back()

    def _document(self, kind: str, printing: bool) -> None:
        session, client, documents = self._session, self._client, self._documents
        if session is None or client is None or documents is None:
            return
        self._remember_clinic()
        if self.soap is not None:
            self.soap.flush()  # the report shows the note as typed
        if printing:
            pages = (documents.report_pages([session], client) if kind == "report"
                     else documents.handout_pages(session, client))
            documents.print(pages, "Session report" if kind == "report" else "Home program")
            return

        def save(folder) -> None:
            written = documents.save_session_document(folder, kind, session, client)
            if written is not None:
                self.saved_label.setText(f"Saved {written.name} in {written.parent}")

        documents.choose_folder(save)

    def _show_addenda(self, session: Session) -> None:
        while self.addenda_box.count():
            item = self.addenda_box.takeAt(0)
            if item.widget():
                item.widget().hide()  # gone at once, not only when the event loop deletes it
                item.widget().deleteLater()
        if not session.addenda:
            self.addenda_box.addWidget(label("None yet.", "muted"))
        for addendum in sorted(session.addenda, key=lambda a: a.written_at):
            text = f"{addendum.written_at.astimezone():%d %b %Y, %H:%M}\n{addendum.text}"
            note = label(text, "notice", "addendumText")
            self.addenda_box.addWidget(note)
            note.show()
        can_add = session.is_finished and session.id is not None
        self.addendum_edit.setVisible(can_add)
        self.add_button.setVisible(can_add)

    def _add(self) -> None:
        text = self.addendum_edit.toPlainText().strip()
        if not text or self._session is None or self._session.id is None:
            return
        reloaded = self._on_add_addendum(self._session.id, text)
        if reloaded is not None:
            self._session = reloaded
            self._show_addenda(reloaded)
            self.addendum_edit.clear()

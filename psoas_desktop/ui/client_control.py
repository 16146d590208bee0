"""The client side of the app: the client page, client dialogs, archive and delete, past
sessions with their addenda, review mode and chart pictures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStackedWidget, QWidget

from ..domain.model import Addendum, Client, Method, Session
from ..domain.ports import Store
from .store_ops import StoreOps

if TYPE_CHECKING:  # the page, dialogs and documents are imported when first used (issue 13)
    from .client_page import ClientPage
    from .documents_control import DocumentsControl


class ClientControl:
    def __init__(self, parent: QWidget, store: Store, ops: StoreOps, stack: QStackedWidget,
                 sem: Callable[[Method], float | None], show_home: Callable[..., None],
                 start_session: Callable[[int], None], resume_session: Callable[[int], None]
                 ) -> None:
        self._parent = parent
        self._store = store
        self._ops = ops
        self._stack = stack
        self._sem = sem
        self._show_home = show_home
        self._start_session = start_session
        self._resume_session = resume_session
        self._documents: DocumentsControl | None = None  # QtPrintSupport: built on first use
        self.page: ClientPage | None = None
        self.session_view = None  # built when the first past session is opened
        self.review_page = None  # built when review mode first opens
        self.name_for: Callable[[int | None, str], str] = lambda _id, name: name  # privacy switch

    # --- the client page ------------------------------------------------------------------
    @property
    def documents(self) -> DocumentsControl:
        if self._documents is None:
            from .documents_control import DocumentsControl

            self._documents = DocumentsControl(self._parent, self._store, self._ops, self._sem)
        return self._documents

    def _client_page(self) -> ClientPage:
        if self.page is None:
            from .client_page import ClientPage

            self.page = ClientPage(
                self._show_home, self._start_session, self.edit_client, self._sem,
                on_archive=self.set_archived, on_delete=self.delete_client,
                on_open_session=self.open_session, on_review=self.open_review,
                on_save_chart=self.save_chart, on_export=self.export_client,
                on_print=self.print_client_reports,
            )
            self._stack.addWidget(self.page)
        return self.page

    def prepare_page(self) -> None:
        """Build the client page (and its charts) ahead of its first use, e.g. in idle time,
        and paint it once offscreen: style polish, the fonts' glyphs and the charts' first
        paint are then done before it is first shown (issue 13: its paint 22 -> 13 ms). It is
        laid out at the size it will be shown at (a stack sizes only its current page), so
        showing it is no re-layout from the narrow columns to the wide ones."""
        page = self._client_page()
        page.resize(self._stack.size())
        page.grab()

    def _name(self, client: Client | None) -> str:
        return self.name_for(client.id, client.name) if client is not None else ""

    def refresh_names(self) -> None:
        """Show names again as the privacy switch says, on the client page and a past session."""
        if self.page is not None and self.page.client is not None:
            self.page.name.setText(self._name(self.page.client))
        if self.session_view is not None and self.session_view.isVisible():
            self.session_view.show_client_name(self._name(self.session_view.client))

    def _audit_view(self, action: str, detail: str) -> None:
        """One audit line for a view (SPEC 8.1); a line that cannot be written is only logged."""
        self._ops.run(lambda: self._store.record_audit(action, detail), quiet=True)

    def open_client(self, client_id: int, viewed: bool = True) -> None:
        """Show the client's page; `viewed` False when coming back to it (from a past session,
        review mode, an edit or archiving), which is no new view for the audit log."""
        client = self._ops.fetch(lambda: self._store.get_client(client_id))
        sessions = self._ops.fetch(lambda: self._store.sessions_for_client(client_id))
        if client is None or sessions is None:
            return
        if viewed:
            self._audit_view("view_client", f"Client {client_id}'s page was opened.")
        page = self._client_page()
        page.show_client(client, sessions)
        page.name.setText(self._name(client))
        self._stack.setCurrentWidget(page)

    def back_to_client(self) -> None:
        """Back from a session or review mode to the client page, re-read from the records."""
        if self.page is not None and self.page.client_id is not None:
            self.open_client(self.page.client_id, viewed=False)
        else:
            self._show_home()

    # --- archive and delete ---------------------------------------------------------------
    def set_archived(self, client_id: int, archived: bool) -> None:
        self._ops.run(lambda: self._store.set_archived(client_id, archived),
                      lambda _client: self.open_client(client_id, viewed=False))

    def delete_client(self, client_id: int) -> None:
        """Say what will be removed, ask for a reason, and only then delete (never one tap)."""
        from .delete_client_dialog import DeleteClientDialog

        report = self._ops.fetch(lambda: self._store.deletion_preview(client_id))
        if report is None:
            return
        dialog = DeleteClientDialog(self._parent, report)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: dialog.reason is not None and self._delete_confirmed(client_id, dialog.reason))
        dialog.open()

    def _delete_confirmed(self, client_id: int, reason: str) -> None:
        self._ops.run(lambda: self._store.delete_client(client_id, reason),
                      lambda _report: self._show_home(clear_search=True))

    # --- past sessions, review mode, pictures ---------------------------------------------
    def open_session(self, session_id: int) -> None:
        """A finished session opens read only; one still in progress resumes in the wizard."""
        session = self._ops.fetch(lambda: self._store.get_session(session_id))
        if session is None:
            return
        if not session.is_finished:
            self._resume_session(session_id)
            return
        client = self._ops.fetch(lambda: self._store.get_client(session.client_id))
        if self.session_view is None:
            from .session_view import SessionView

            self.session_view = SessionView(self.back_to_client, self._add_addendum,
                                            self._sem, self.save_chart, self.documents)
            self._stack.addWidget(self.session_view)
        self.session_view.show_session(session, self._name(client), client)
        self._audit_view("view_session", f"Past session {session_id} (client {session.client_id}) "
                         "was opened.")
        self._stack.setCurrentWidget(self.session_view)

    def _add_addendum(self, session_id: int, text: str) -> Session | None:
        addendum = Addendum(written_at=datetime.now(UTC), text=text)
        if not self._ops.run(lambda: self._store.add_addendum(session_id, addendum)):
            return None
        return self._ops.fetch(lambda: self._store.get_session(session_id))

    # --- exports and printing from the client page --------------------------------------------
    def export_client(self, client_id: int) -> None:
        """Ask which export, then the folder; the file is named by id and date, owner-only."""
        from .widgets.question import Answer, TouchQuestion

        client = self._ops.fetch(lambda: self._store.get_client(client_id))
        if client is None:
            return
        question = TouchQuestion(
            self._parent, "exportQuestion", "Export this client's records",
            "Choose what to write; then choose a folder. The file name holds no name, only the "
            "client's number and today's date, and the file is readable by you only.",
            [Answer("Measurements (CSV)", "exportCsvButton"),
             Answer("Everything held (JSON)", "exportJsonButton"),
             Answer("FHIR R4", "exportFhirButton"),
             Answer("Session reports (PDF)", "exportPdfButton"),
             Answer("Cancel", "cancelExportButton")],
            cancel="cancelExportButton")
        question.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        kinds = {"exportCsvButton": "csv", "exportJsonButton": "json",
                 "exportFhirButton": "fhir", "exportPdfButton": "pdf"}
        question.accepted.connect(lambda: self.documents.choose_folder(
            lambda folder: self._exported(self.documents.export_client(
                folder, kinds[question.answer], client))))
        question.open()

    def _exported(self, written) -> None:
        if written is not None and self.page is not None:
            self.page.show_saved(f"Saved {written.name} in {written.parent}")

    def print_client_reports(self, client_id: int) -> None:
        """Print the report of every finished session of the client, one page each."""
        from .messages import show_problem

        client = self._ops.fetch(lambda: self._store.get_client(client_id))
        sessions = self._ops.fetch(lambda: self._store.sessions_for_client(client_id))
        if client is None or sessions is None:
            return
        finished = [s for s in sessions if s.is_finished]
        if not finished:
            show_problem(self._parent, "There is no finished session to print yet.",
                         "Nothing to print")
            return
        self.documents.print(self.documents.report_pages(finished, client), "Session reports")

    def open_review(self) -> None:
        page = self.page
        if page is None or page.client is None:
            return
        if self.review_page is None:
            from .review import ReviewPage

            self.review_page = ReviewPage(self.close_review)
            self._stack.addWidget(self.review_page)
        panel = page.panel
        self.review_page.show_review(page.points, panel.selection.method, panel.time_range,
                                     panel.kind, page.latest_session,
                                     self._sem(page.latest_session.method)
                                     if page.latest_session is not None else None)
        self._stack.setCurrentWidget(self.review_page)
        self._audit_view("review", f"Review mode was opened for client {page.client.id}.")

    def close_review(self) -> None:
        if self.page is not None:
            self._stack.setCurrentWidget(self.page)
        else:
            self._show_home()

    def save_chart(self, chart: QWidget, label) -> None:
        """`label`: a chart_export.ChartLabel (the picture's title; the file name has no name)."""
        from .chart_export import ask_and_save_png

        ask_and_save_png(self._parent, chart, label)

    # --- client dialogs -------------------------------------------------------------------
    def new_client(self) -> None:
        """Open the client dialog without blocking (tests and touch users alike find it open)."""
        self._open_dialog(None, lambda client: self._show_home(select_id=client.id,
                                                               clear_search=True))

    def edit_client(self, client_id: int) -> None:
        client = self._ops.fetch(lambda: self._store.get_client(client_id))
        if client is not None:
            self._open_dialog(client, lambda saved: saved.id is not None
                              and self.open_client(saved.id, viewed=False))

    def _open_dialog(self, client: Client | None, on_saved: Callable[[Client], object]) -> None:
        from .client_dialog import ClientDialog

        dialog = ClientDialog(self._parent, client)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        saved: list[Client] = []

        def store_client(entered: Client) -> str | None:
            """The dialog shows the message itself and stays open, keeping what was typed."""
            problems: list[str] = []
            self._ops.run(lambda: self._store.update_client(entered) if entered.id is not None
                          else self._store.add_client(entered), saved.append,
                          failed=lambda error: problems.append(str(error)))
            return problems[0] if problems else None

        dialog.store_client = store_client
        dialog.accepted.connect(lambda: saved and on_saved(saved[-1]))
        dialog.open()

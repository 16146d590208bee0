"""The main window: home, client page and wizard in one stack, plus clicker and pedal keys."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QWidget,
)

from ..config import Settings
from ..domain.analysis import OwnSem, own_sem
from ..domain.model import Addendum, Client, DeletionReport, Method, Session
from ..domain.pacing import Clock
from ..domain.ports import StorageError, Store
from .client_dialog import ClientDialog
from .client_page import ClientPage
from .cues import Cues
from .home import HomePage
from .keep_awake import KeepAwake
from .messages import show_problem
from .sem_dialog import SemDialog
from .wizard.base import CuePlayer, StepContext, Wakefulness
from .wizard.page import WizardPage

TEXT_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)
NEXT_KEYS = {Qt.Key.Key_PageDown, Qt.Key.Key_Right}
BACK_KEYS = {Qt.Key.Key_PageUp, Qt.Key.Key_Left}
PAUSE_KEYS = {Qt.Key.Key_B, Qt.Key.Key_Period}


class MainWindow(QMainWindow):
    def __init__(
        self,
        store: Store,
        settings: Settings,
        clock_factory: Callable[[], Clock],
        cues: CuePlayer | None = None,
        awake: Wakefulness | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Psoas Desktop")
        self.setMinimumSize(720, 560)
        self.resize(1280, 800)
        self._store = store
        self._settings = settings.with_preferences(self._call_quietly(store.preferences) or {})
        self._clock_factory = clock_factory
        self._cues = cues  # built on first use when not given: Qt Multimedia is slow to load
        self._awake = awake or KeepAwake()
        self._closing_confirmed = False
        self.home = HomePage(self._search, self.new_client, self.open_client, self.start_session,
                             self.resume_session, self.edit_measurement_error)
        self.client_page: ClientPage | None = None
        self.session_view = None  # built when the first past session is opened
        self.review_page = None  # built when review mode first opens
        self.wizard = WizardPage(store, self.open_client, self.show_home)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.home)
        self.stack.addWidget(self.wizard)
        self.setCentralWidget(self.stack)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.show_home()

    # --- storage calls with calm errors -------------------------------------------------
    def _call(self, action: Callable[[], object]) -> object | None:
        try:
            return action()
        except StorageError as error:
            show_problem(self, str(error), "Could not reach the records")
            return None

    # --- pages --------------------------------------------------------------------------
    def show_home(self, select_id: int | None = None) -> None:
        self._search(self.home.search.text(), select_id)
        in_progress = self._call(self._store.sessions_in_progress) or []
        if in_progress:
            latest = max(in_progress, key=lambda s: s.started_at)
            client = self._call(lambda: self._store.get_client(latest.client_id))
            name = client.name if isinstance(client, Client) else "a client"
            self.home.show_resume(latest, name, len(in_progress) - 1)
        else:
            self.home.show_resume(None, "")
        self.stack.setCurrentWidget(self.home)

    def _search(self, text: str, select_id: int | None = None) -> None:
        archived = self.home.include_archived
        rows = self._call(lambda: self._store.list_clients(text, include_archived=archived))
        if rows is not None:
            self.home.show_clients(rows, select_id)

    def _client_page(self) -> ClientPage:
        if self.client_page is None:
            self.client_page = ClientPage(
                self.show_home, self.start_session, self.edit_client, self._sem,
                on_archive=self.set_archived, on_delete=self.delete_client,
                on_open_session=self.open_session, on_review=self.open_review,
                on_save_chart=self.save_chart,
            )
            self.stack.addWidget(self.client_page)
        return self.client_page

    def open_client(self, client_id: int) -> None:
        client = self._call(lambda: self._store.get_client(client_id))
        sessions = self._call(lambda: self._store.sessions_for_client(client_id))
        if not isinstance(client, Client) or sessions is None:
            return
        page = self._client_page()
        page.show_client(client, sessions)
        self.stack.setCurrentWidget(page)

    def back_to_client(self) -> None:
        """Back from a session or review mode to the client page, re-read from the records."""
        if self.client_page is not None and self.client_page.client_id is not None:
            self.open_client(self.client_page.client_id)
        else:
            self.show_home()

    # --- archive and delete ---------------------------------------------------------------
    def set_archived(self, client_id: int, archived: bool) -> None:
        if self._call(lambda: self._store.set_archived(client_id, archived)) is not None:
            self.open_client(client_id)

    def delete_client(self, client_id: int) -> None:
        """Say what will be removed, ask for a reason, and only then delete (never one tap)."""
        from .delete_client_dialog import DeleteClientDialog

        report = self._call(lambda: self._store.deletion_preview(client_id))
        if not isinstance(report, DeletionReport):
            return
        dialog = DeleteClientDialog(self, report)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: dialog.reason is not None and self._delete_confirmed(client_id, dialog.reason))
        dialog.open()

    def _delete_confirmed(self, client_id: int, reason: str) -> None:
        if self._call(lambda: self._store.delete_client(client_id, reason)) is not None:
            self.home.search.clear()
            self.show_home()

    # --- past sessions, review mode, pictures ---------------------------------------------
    def open_session(self, session_id: int) -> None:
        """A finished session opens read only; one still in progress resumes in the wizard."""
        session = self._call(lambda: self._store.get_session(session_id))
        if not isinstance(session, Session):
            return
        if not session.is_finished:
            self.resume_session(session_id)
            return
        client = self._call(lambda: self._store.get_client(session.client_id))
        name = client.name if isinstance(client, Client) else ""
        if self.session_view is None:
            from .session_view import SessionView

            self.session_view = SessionView(self.back_to_client, self._add_addendum,
                                            self._sem, self.save_chart)
            self.stack.addWidget(self.session_view)
        self.session_view.show_session(session, name)
        self.stack.setCurrentWidget(self.session_view)

    def _add_addendum(self, session_id: int, text: str) -> Session | None:
        addendum = Addendum(written_at=datetime.now(UTC), text=text)

        def add() -> bool:
            self._store.add_addendum(session_id, addendum)
            return True

        if self._call(add) is None:
            return None
        reloaded = self._call(lambda: self._store.get_session(session_id))
        return reloaded if isinstance(reloaded, Session) else None

    def open_review(self) -> None:
        page = self.client_page
        if page is None or page.client is None:
            return
        if self.review_page is None:
            from .review import ReviewPage

            self.review_page = ReviewPage(self.close_review)
            self.stack.addWidget(self.review_page)
        panel = page.panel
        self.review_page.show_review(page.points, panel.selection.method, panel.time_range,
                                     panel.kind)
        self.stack.setCurrentWidget(self.review_page)

    def close_review(self) -> None:
        if self.client_page is not None:
            self.stack.setCurrentWidget(self.client_page)
        else:
            self.show_home()

    def save_chart(self, chart: QWidget, title: str) -> None:
        from .chart_export import ask_and_save_png, suggested_file_name

        ask_and_save_png(self, chart, suggested_file_name(title))

    def new_client(self) -> None:
        """Open the client dialog without blocking (tests and touch users alike find it open)."""
        self._open_client_dialog(None, self._add_client)

    def edit_client(self, client_id: int) -> None:
        client = self._call(lambda: self._store.get_client(client_id))
        if isinstance(client, Client):
            self._open_client_dialog(client, self._update_client)

    def _open_client_dialog(self, client: Client | None, on_saved: Callable[[Client], None]) -> None:
        dialog = ClientDialog(self, client)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        saved: list[Client] = []

        def store_client(entered: Client) -> str | None:
            try:
                saved.append(self._store.update_client(entered) if entered.id is not None
                             else self._store.add_client(entered))
            except StorageError as error:
                return str(error)
            return None

        dialog.store_client = store_client
        dialog.accepted.connect(lambda: saved and on_saved(saved[-1]))
        dialog.open()

    def _add_client(self, client: Client) -> None:
        self.home.search.clear()
        self.show_home(select_id=client.id)

    def _update_client(self, client: Client) -> None:
        if client.id is not None:
            self.open_client(client.id)

    # --- sessions -----------------------------------------------------------------------
    @staticmethod
    def _call_quietly(action: Callable[[], object]) -> object | None:
        try:
            return action()
        except StorageError:
            return None

    def _sem(self, method: Method) -> float | None:
        return self._settings.sem(method)

    def edit_measurement_error(self) -> None:
        """The SEM per method, with the therapist's own offered once 20 visits allow it."""

        def own(method: Method) -> OwnSem | None:
            pairs = self._call(lambda: self._store.baseline_pairs(method))
            return own_sem(pairs) if pairs else None

        dialog = SemDialog(self, self._settings, own)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._remember_settings(dialog.settings))
        dialog.open()

    def _remember_settings(self, settings: Settings) -> None:
        try:
            self._store.save_preferences(settings.to_preferences())
        except StorageError as error:
            show_problem(self, str(error), "Not saved")
            return
        self._settings = settings

    def _context(self, client: Client, previous: Session | None) -> StepContext:
        remembered = self._call(self._store.preferences) or {}
        if self._cues is None:
            self._cues = Cues()
        return StepContext(client, self._settings.with_preferences(remembered), previous,
                           self._clock_factory, self._cues, self._awake)

    def _open_wizard(self, session: Session, previous: Session | None) -> None:
        client = self._call(lambda: self._store.get_client(session.client_id))
        if isinstance(client, Client):
            self.wizard.open(session, self._context(client, previous))
            self.stack.setCurrentWidget(self.wizard)

    def start_session(self, client_id: int) -> None:
        unfinished = [s for s in (self._call(self._store.sessions_in_progress) or [])
                      if s.client_id == client_id]
        if unfinished:
            self.resume_session(unfinished[-1].id)
            return
        last = self._call(lambda: self._store.last_session(client_id))
        previous = last if isinstance(last, Session) else None
        method = previous.method if previous else Method.GAP_CM
        session = self._call(lambda: self._store.start_session(client_id, method, datetime.now(UTC)))
        if isinstance(session, Session):
            self._open_wizard(session, previous)

    def resume_session(self, session_id: int) -> None:
        session = self._call(lambda: self._store.get_session(session_id))
        if not isinstance(session, Session):
            return
        earlier = self._call(lambda: self._store.sessions_for_client(session.client_id)) or []
        before = [s for s in earlier if s.id != session.id and s.started_at <= session.started_at]
        self._open_wizard(session, before[-1] if before else None)

    # --- keys from clickers, pedals and laptops -----------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget):
            if watched is not self.wizard.next:  # here or in a dialog over the wizard
                self.wizard.note_other_input()  # a tap between two Next presses: not a bounce
            return False
        if kind != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self or QApplication.activeModalWidget() is not None:
            return False
        assert isinstance(event, QKeyEvent)
        if isinstance(watched, TEXT_INPUTS) and event.key() != Qt.Key.Key_F11:
            return False  # typing a space or an arrow in a text field stays typing
        return self._handle_key(event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_F11:
            self.toggle_full_screen()
            return True
        if isinstance(QApplication.focusWidget(), TEXT_INPUTS):
            return False
        if self.client_page is not None and self.stack.currentWidget() is self.client_page:
            if key in NEXT_KEYS and not event.isAutoRepeat():
                self.client_page.start_session()  # SPEC 9.1: PageDown or Right starts a session
                return True
            return False
        if self.stack.currentWidget() is not self.wizard:
            return False
        if event.isAutoRepeat() and key in NEXT_KEYS | BACK_KEYS | PAUSE_KEYS | {Qt.Key.Key_Space}:
            return True  # a held pedal acts once
        if key not in NEXT_KEYS:
            self.wizard.note_other_input()
        if key in NEXT_KEYS:
            self.wizard.main_action()
        elif key in BACK_KEYS:
            self.wizard.go_back()
        elif key == Qt.Key.Key_Space:
            self.wizard.rep_done()
        elif key in PAUSE_KEYS:
            self.wizard.toggle_pause()
        else:
            return False
        return True

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Closing mid-session keeps the session, and says so; nothing entered is lost.

        A close from the window's own button (spontaneous) saves, then says the session is kept
        and lets the therapist stay; a close from the program (logout, a test) saves and closes.
        """
        session = self.wizard.session
        if session is not None and not self._closing_confirmed:
            saved = self.wizard.save_entries()
            if event.spontaneous():
                event.ignore()
                if saved:
                    self._confirm_close()
                else:
                    show_problem(self, "The latest entries could not be saved, so the app stays "
                                       "open. " + self.wizard.save_problem.text())
                return
            if not saved:
                logging.getLogger(__name__).error("closed with unsaved entries: %s",
                                                  self.wizard.save_problem.text())
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)

    def _confirm_close(self) -> None:
        from .widgets.question import Answer, TouchQuestion

        question = TouchQuestion(
            self, "closeKeepsSession", "The session is kept",
            "Everything entered is saved, and the session stays in progress: resume it from the "
            "home screen next time.",
            [Answer("Close the app", "closeAppButton"),
             Answer("Stay in the session", "stayButton", "primary")],
            cancel="stayButton")
        question.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        question.accepted.connect(self._close_confirmed)
        question.open()

    def _close_confirmed(self) -> None:
        self._closing_confirmed = True
        self.close()

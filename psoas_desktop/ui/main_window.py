"""The main window: home, the client side and the wizard in one stack, plus clicker and pedal keys."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..config import Settings
from ..domain.analysis import OwnSem, own_sem
from ..domain.model import Method
from ..domain.pacing import Clock
from ..domain.ports import Store
from .client_control import ClientControl
from .home import HomePage
from .keep_awake import KeepAwake
from .messages import show_problem
from .session_control import SessionControl
from .store_ops import StoreOps
from .warm_up import CHART_WARM_UP, warm_up_when_idle
from .widgets.touch import button
from .wizard.base import CuePlayer, Wakefulness

if TYPE_CHECKING:  # built after home is painted (issue 13)
    from .client_page import ClientPage
    from .wizard.page import WizardPage

TEXT_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)
NEXT_KEYS = {Qt.Key.Key_PageDown, Qt.Key.Key_Right}
BACK_KEYS = {Qt.Key.Key_PageUp, Qt.Key.Key_Left}
PAUSE_KEYS = {Qt.Key.Key_B, Qt.Key.Key_Period}
BACKUP_CHECK_MS = 5 * 60 * 1000  # how often to ask whether a backup is due (it decides)
BACKUP_AFTER_FINISH_MS = 150  # after the client page is painted


class MainWindow(QMainWindow):
    """Navigation between home, the client side and the wizard; keys; closing.

    The client side lives in `ClientControl`, starting and resuming sessions in `SessionControl`,
    and every store call goes through `StoreOps`.
    """

    warmed_up = Signal()  # the idle warm-up after the first show has built what it builds

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
        # The screen's available area (minus panels and docks), never a fixed 1280x800.
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            self.resize(screen.availableGeometry().size().expandedTo(self.minimumSize()))
        self._store = store
        self._ops = StoreOps(self)
        self._settings = settings.with_preferences(self._ops.fetch(store.preferences, quiet=True)
                                                   or {})
        self._closing_confirmed = False
        self._warmed = False
        self.stack = QStackedWidget()
        # The wizard (every step's widgets) is built in idle time after home is painted, or
        # when first needed, whichever comes first: home paints sooner (issue 13).
        self._wizard: WizardPage | None = None
        self.sessions = SessionControl(store, self._ops, lambda: self.wizard,
                                       lambda: self._settings,
                                       clock_factory, cues, awake or KeepAwake(),
                                       lambda: self.stack.setCurrentWidget(self.wizard))
        self.clients = ClientControl(self, store, self._ops, self.stack, self._sem,
                                     self.show_home, self.start_session, self.resume_session)
        self.home = HomePage(self._search, self.clients.new_client, self.open_client,
                             self.start_session, self.resume_session, self.edit_measurement_error,
                             self.show_backups)
        self.stack.addWidget(self.home)
        # Full screen has an on-screen way out (F11 is not on a touch screen or a clicker).
        self.exit_full_screen = button("Exit full screen", "exitFullScreenButton", "chip",
                                       self.toggle_full_screen)
        self.full_screen_bar = QWidget()
        bar = QHBoxLayout(self.full_screen_bar)
        bar.setContentsMargins(0, 4, 12, 0)
        bar.addStretch(1)
        bar.addWidget(self.exit_full_screen)
        self.full_screen_bar.hide()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.full_screen_bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        # Automatic backups (SPEC 8.1): after each finished session, and at most every 30 minutes
        # while something changed; the store decides whether one is due (a file stat when not).
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(self.backup_if_due)
        self._backup_timer.start()
        self._set_up_privacy(store)
        self.show_home()
        if self.privacy.has_passphrase:
            self.privacy.lock()  # asked at start (SPEC 8.1)

    def _set_up_privacy(self, store: Store) -> None:
        """The names switch and the passphrase lock (ui.privacy): every screen that shows a
        client's name asks `self.names`; the buttons sit in home's tools row."""
        from .privacy import NameMask, PrivacyControl

        self.names = NameMask()
        for shower in (self.home.model, self.clients):  # the wizard takes it when built
            shower.name_for = self.names.name
        self.privacy = PrivacyControl(self, store, self.names, self._refresh_names)
        self.home.tools.insertWidget(self.home.tools.count() - 1, self.privacy.privacy_button)
        # Lock… beside New client: the tools row is full at 720 px
        self.home.top_row.insertWidget(1, self.privacy.passphrase_button)

    def _refresh_names(self) -> None:
        self.home.model.layoutChanged.emit()
        if self.stack.currentWidget() is self.home:
            self.show_home()
        if self._wizard is not None:
            self._wizard.show_client_name()
        self.clients.refresh_names()

    @property
    def wizard(self) -> WizardPage:
        """The session wizard, built on first use (normally in idle time after home shows)."""
        if self._wizard is None:
            from .wizard.page import WizardPage

            self._wizard = WizardPage(self._store, self._session_ended, self._session_left)
            self._wizard.name_for = self.names.name
            self.stack.addWidget(self._wizard)
        return self._wizard

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._warmed:
            self._warmed = True
            # the history read first: a few ms, and the first client page pays it otherwise
            warm_up_when_idle(self, [lambda: self._ops.run(self._store.warm_up, quiet=True),
                                     *CHART_WARM_UP, lambda: self.wizard.prepare_steps(),
                                     self.clients.prepare_page, self.sessions.prepare_cues],
                              done=self.warmed_up.emit)

    # --- navigation -------------------------------------------------------------------------
    def show_home(self, select_id: int | None = None, clear_search: bool = False) -> None:
        if clear_search:
            self.home.search.clear()
        self._search(self.home.search.text(), select_id)
        in_progress = self._ops.fetch(self._store.sessions_in_progress) or []
        if in_progress:
            latest = max(in_progress, key=lambda s: s.started_at)
            client = self._ops.fetch(lambda: self._store.get_client(latest.client_id))
            self.home.show_resume(latest, self.names.name(client.id, client.name) if client
                                  else "a client",
                                  len(in_progress) - 1)
        else:
            self.home.show_resume(None, "")
        self.stack.setCurrentWidget(self.home)

    def _search(self, text: str, select_id: int | None = None) -> None:
        archived = self.home.include_archived
        rows = self._ops.fetch(lambda: self._store.list_clients(text, include_archived=archived))
        if rows is not None:
            self.home.show_clients(rows, select_id)

    def _session_ended(self, client_id: int) -> None:
        """A session was finished or ended: show the client's page, then back up if due.

        The backup (a verified copy: about a second at ten years' records) follows once the page
        is painted, so Finish is answered within a frame (issue 13); the session is committed.
        """
        self.open_client(client_id)
        QTimer.singleShot(BACKUP_AFTER_FINISH_MS, self.backup_if_due)

    def _session_left(self) -> None:
        """A session kept for later: home, then a backup if one is due (one may have waited
        while the session was on screen)."""
        self.show_home()
        QTimer.singleShot(BACKUP_AFTER_FINISH_MS, self.backup_if_due)

    def backup_if_due(self) -> None:
        """A quiet automatic backup: a failure is logged, never put in front of the client.

        Not while a session is on screen: a verified copy takes up to a second at ten years'
        records, and every tap there is answered within a frame (issue 13). Every entry is
        already committed; the copy waits for the check after that session is finished or kept
        for later, or the next periodic one."""
        if self._wizard is not None and self.stack.currentWidget() is self._wizard:
            return
        self._ops.run(lambda: self._store.backup_if_due(datetime.now(UTC)), quiet=True)

    @property
    def client_page(self) -> ClientPage | None:
        return self.clients.page

    def open_client(self, client_id: int) -> None:
        self.clients.open_client(client_id)

    def start_session(self, client_id: int) -> None:
        self.sessions.start(client_id)

    def resume_session(self, session_id: int) -> None:
        self.sessions.resume(session_id)

    def show_backups(self) -> None:
        """Backups, restore and the audit log (SPEC 8.1); a restore reloads home."""
        from .restore_dialog import BackupsDialog

        dialog = BackupsDialog(self, self._store, lambda: self.show_home(clear_search=True))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # --- measurement error --------------------------------------------------------------
    def _sem(self, method: Method) -> float | None:
        return self._settings.sem(method)

    def edit_measurement_error(self) -> None:
        """The SEM per method, with the therapist's own offered once 20 visits allow it."""

        def own(method: Method) -> OwnSem | None:
            pairs = self._ops.fetch(lambda: self._store.baseline_pairs(method))
            return own_sem(pairs) if pairs else None

        from .sem_dialog import SemDialog

        dialog = SemDialog(self, self._settings, own)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._remember_settings(dialog.settings))
        dialog.open()

    def _remember_settings(self, settings: Settings) -> None:
        if self._ops.run(lambda: self._store.save_preferences(settings.to_preferences()),
                         title="Not saved"):
            self._settings = settings

    # --- keys from clickers, pedals and laptops -----------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget):
            wizard = self._wizard
            if wizard is not None and watched is not wizard.next:  # here or in a dialog over it
                wizard.note_other_input()  # a tap between two Next presses: not a bounce
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
        if self._wizard is None or self.stack.currentWidget() is not self._wizard:
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

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.WindowStateChange:
            self.full_screen_bar.setVisible(self.isFullScreen())
        super().changeEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Closing mid-session keeps the session, and says so; nothing entered is lost.

        A close from the window's own button (spontaneous) saves, then says the session is kept
        and lets the therapist stay; a close from the program (logout, a test) saves and closes.
        """
        session = self._wizard.session if self._wizard is not None else None
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

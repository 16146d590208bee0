"""Privacy on screen (SPEC 8.1): the names switch, the passphrase lock and its idle timer.

`NameMask` is asked for every client name the screens show; `PrivacyControl` owns the switch
(home's `privacyButton`), the passphrase (`passphraseButton`, `lockNowButton`), the lock screen
over the whole window, and the idle check: an application event filter notes each tap, key or
touch, and a coarse QTimer asks `domain.privacy.IdleLock` (an injected clock) whether five quiet
minutes have passed. Locking hides every name and covers the window; the session in progress
stays where it is (every entry is saved as it is made, and typed text is saved before locking).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain.ports import Store
from ..domain.privacy import (
    HIDE_NAMES_KEY,
    IDLE_LOCK_SECONDS,
    PASSPHRASE_KEY,
    IdleLock,
    hash_passphrase,
    passphrase_problem,
    shown_name,
    verify_passphrase,
)
from .store_ops import StoreOps
from .widgets.touch import button, label

IDLE_CHECK_MS = 5_000  # how often the idle time is looked at (the lock comes within 5 s of due)
INPUT_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin,
                QEvent.Type.Wheel, QEvent.Type.MouseButtonDblClick}
WRONG_PASSPHRASE = "That passphrase does not match. Take your time and try again."


class NameMask:
    """How client names are shown now: as they are, or hidden (the switch, or the lock)."""

    def __init__(self) -> None:
        self.switched_on = False  # the privacy switch
        self.locked = False

    @property
    def hidden(self) -> bool:
        return self.switched_on or self.locked

    def name(self, client_id: int | None, name: str) -> str:
        return shown_name(client_id, name, self.hidden)


def _field(object_name: str, placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(object_name)
    field.setPlaceholderText(placeholder)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumHeight(64)
    field.setStyleSheet("font-size: 22px; padding: 8px 14px;")
    return field


class LockScreen(QWidget):
    """Covers the whole window: one large passphrase field and Unlock, no name anywhere."""

    def __init__(self, parent: QWidget, on_unlock: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lockScreen { background: #f4f1ec; }")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(16)
        column.addWidget(label("Psoas Desktop is locked", "title"))
        column.addWidget(label("Names and records are hidden. A session in progress is kept "
                               "exactly as it was.", "muted"))
        self.field = _field("lockPassphraseEdit", "Passphrase")
        self.field.returnPressed.connect(lambda: on_unlock(self.field.text()))
        column.addWidget(self.field)
        self.unlock = button("Unlock", "unlockButton", "primary",
                             lambda: on_unlock(self.field.text()))
        column.addWidget(self.unlock)
        self.message = label("", "hint", "lockMessage")
        self.message.hide()
        column.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(column, 2)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.hide()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


class PassphraseDialog(QDialog):
    """Set, change or remove the passphrase; changing or removing one asks for it first."""

    def __init__(self, parent: QWidget, has_passphrase: bool,
                 on_save: Callable[[str, str, str], str | None],
                 on_remove: Callable[[str], str | None],
                 on_lock_now: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle("Passphrase lock")
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(label("Passphrase lock", "title"))
        layout.addWidget(label(
            "With a passphrase, Psoas Desktop asks for it at start and after 5 quiet minutes, "
            "and hides names while locked. It cannot be recovered if forgotten: the records stay "
            "in the file, but this screen will not open without it.", "muted"))
        self.current = _field("currentPassphraseEdit", "Current passphrase")
        self.current.setVisible(has_passphrase)
        layout.addWidget(self.current)
        self.new = _field("newPassphraseEdit", "New passphrase")
        self.repeat = _field("repeatPassphraseEdit", "The new passphrase again")
        layout.addWidget(self.new)
        layout.addWidget(self.repeat)
        self.message = label("", "hint", "passphraseMessage")
        self.message.hide()
        layout.addWidget(self.message)
        if has_passphrase:
            layout.addWidget(button("Lock now", "lockNowButton", "primary",
                                    lambda: (self.accept(), on_lock_now())))
        row = QHBoxLayout()
        row.addWidget(button("Cancel", "cancelPassphraseButton", "secondary", self.reject))
        if has_passphrase:
            row.addWidget(button("Remove passphrase", "removePassphraseButton", "secondary",
                                 lambda: self._done(on_remove(self.current.text()))))
        row.addWidget(button("Save passphrase", "savePassphraseButton", "primary",
                             lambda: self._done(on_save(self.current.text(), self.new.text(),
                                                        self.repeat.text()))))
        layout.addLayout(row)

    def _done(self, problem: str | None) -> None:
        if problem is None:
            self.accept()
        else:
            self.message.setText(problem)
            self.message.show()


class PrivacyControl(QObject):
    """The names switch, the passphrase and the lock, for one main window."""

    def __init__(self, window, store: Store, mask: NameMask, refresh: Callable[[], None],
                 clock: Callable[[], float] = time.monotonic,
                 idle_seconds: float = IDLE_LOCK_SECONDS) -> None:
        super().__init__(window)
        self._window = window
        self._store = store
        self._ops = StoreOps(window, "Privacy setting not kept")
        self._mask = mask
        self._refresh = refresh
        prefs = self._ops.fetch(store.preferences, quiet=True) or {}
        self._hash = prefs.get(PASSPHRASE_KEY, "")
        mask.switched_on = prefs.get(HIDE_NAMES_KEY) == "1"
        self.idle = IdleLock(clock, idle_seconds)
        self.lock_screen = LockScreen(window, self.unlock)
        self.privacy_button = button("Hide names", "privacyButton", "chip", self.toggle_names,
                                     checkable=True)
        self.privacy_button.setChecked(mask.switched_on)
        self.passphrase_button = button("Lock…", "passphraseButton", "chip", self.edit_passphrase)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_CHECK_MS)
        self.idle_timer.timeout.connect(self.check_idle)
        self.idle_timer.start()
        window.installEventFilter(self)  # Qt drops its filters when this object goes
        self._watch_input()

    def _watch_input(self) -> None:
        """Every event of the app passes through this filter only while there is a passphrase
        (the idle time and the lock need it): without one, the few hundred events of each tap
        do not pay for a Python call each (issue 13)."""
        app = QApplication.instance()
        assert app is not None
        if self.has_passphrase:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)

    @property
    def locked(self) -> bool:
        return self._mask.locked

    @property
    def has_passphrase(self) -> bool:
        return bool(self._hash)

    # --- the names switch ----------------------------------------------------------------
    def toggle_names(self) -> None:
        self._mask.switched_on = self.privacy_button.isChecked()
        self._ops.run(lambda: self._store.save_preferences(
            {HIDE_NAMES_KEY: "1" if self._mask.switched_on else "0"}), quiet=True)
        self._refresh()

    # --- the lock ------------------------------------------------------------------------
    def check_idle(self) -> None:
        if self.has_passphrase and not self.locked and self.idle.due():
            self.lock()

    def lock(self) -> None:
        """Cover the window and hide names; typed text in the wizard is saved first."""
        if not self.has_passphrase or self.locked:
            return
        wizard = getattr(self._window, "wizard", None)
        if wizard is not None and wizard.session is not None:
            wizard.save_entries()
        for dialog in self._window.findChildren(QDialog):
            if dialog.isVisible() and dialog.objectName() == "passphraseDialog":
                dialog.reject()
        self._mask.locked = True
        self._refresh()
        self.lock_screen.say("")
        self.lock_screen.field.clear()
        self.lock_screen.setGeometry(self._window.rect())
        self.lock_screen.show()
        self.lock_screen.raise_()
        self.lock_screen.field.setFocus()

    def unlock(self, passphrase: str) -> None:
        if not self.locked:
            return
        if not verify_passphrase(passphrase, self._hash):
            self.lock_screen.field.clear()
            self.lock_screen.say(WRONG_PASSPHRASE)
            return
        self.lock_screen.hide()
        self._mask.locked = False
        self.idle.touch()
        self._refresh()

    # --- setting the passphrase ------------------------------------------------------------
    def edit_passphrase(self) -> PassphraseDialog:
        dialog = PassphraseDialog(self._window, self.has_passphrase, self._save_passphrase,
                                  self._remove_passphrase, self._lock_from_dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _lock_from_dialog(self) -> None:
        QTimer.singleShot(0, self.lock)  # after the dialog has closed

    def _check_current(self, current: str) -> str | None:
        if self.has_passphrase and not verify_passphrase(current, self._hash):
            return "The current passphrase does not match. Nothing was changed."
        return None

    def _keep(self, value: str) -> str | None:
        kept = self._ops.run(lambda: self._store.save_preferences({PASSPHRASE_KEY: value}),
                             quiet=True)
        if not kept:
            return "The passphrase could not be kept in the records. Nothing was changed."
        self._hash = value
        self.idle.touch()
        self._watch_input()
        return None

    def _save_passphrase(self, current: str, new: str, repeated: str) -> str | None:
        problem = self._check_current(current) or passphrase_problem(new, repeated)
        return problem or self._keep(hash_passphrase(new))

    def _remove_passphrase(self, current: str) -> str | None:
        return self._check_current(current) or self._keep("")

    # --- input while locked, and the idle time ------------------------------------------------
    def _ours(self, watched: QObject) -> bool:
        """Input for this window or a dialog over it (another window's input is its own)."""
        if not isinstance(watched, QWidget) or not self._window.isVisible():
            return False
        top = watched.window()
        while top is not None and top is not self._window:
            parent = top.parentWidget()
            top = parent.window() if parent is not None else None
        return top is self._window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if watched is self._window and kind == QEvent.Type.Resize and self.locked:
            self.lock_screen.setGeometry(self._window.rect())
            return False
        if kind not in INPUT_EVENTS or not self._ours(watched):
            return False
        if not self.locked:
            self.idle.touch()
            return False
        # Locked: only the lock screen takes input (no clicker key may move a session on).
        inside = isinstance(watched, QWidget) and (
            watched is self.lock_screen or self.lock_screen.isAncestorOf(watched))
        return not inside

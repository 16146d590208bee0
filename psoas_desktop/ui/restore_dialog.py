"""Backups and restore in the app (SPEC 8.1): the backups with date, clients and sessions, a
read-only preview of the chosen one, Back up now, and Restore this backup after a confirmation
(the store backs up the current records first). On a database server it says plainly that the
server's own backups protect the records."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHBoxLayout, QListView, QVBoxLayout

from ..domain.ports import (
    BackupInfo,
    BackupPreview,
    BackupShelf,
    ServerBackupsError,
    StorageError,
)
from .store_ops import StoreOps
from .style import set_role
from .widgets.question import Answer, TouchQuestion
from .widgets.touch import Columns, button, card, enable_kinetic_scrolling, label, scrolling
from .widgets.two_line_delegate import TwoLineDelegate

PathRole = Qt.ItemDataRole.UserRole + 1


def _count(n: int | None, one: str, many: str) -> str:
    return "?" if n is None else f"{n} {one if n == 1 else many}"


def when(taken_at: datetime) -> str:
    """A backup's time as the therapist reads it: local, with the weekday."""
    return f"{taken_at.astimezone():%a %d %b %Y, %H:%M}"


def backup_row(info: BackupInfo) -> str:
    """The list's two lines for one backup: when, then what it holds."""
    if info.problem:
        return f"{when(info.taken_at)}\nThis copy could not be read"
    size = f"{info.size_bytes / 1_000_000:.1f} MB" if info.size_bytes >= 100_000 else (
        f"{max(1, round(info.size_bytes / 1000))} kB")
    return (f"{when(info.taken_at)}\n{_count(info.clients, 'client', 'clients')}, "
            f"{_count(info.sessions, 'session', 'sessions')} · {size}")


def preview_text(preview: BackupPreview) -> str:
    names = ", ".join(preview.client_names) or "no clients"
    return (f"{_count(len(preview.client_names), 'client', 'clients')} and "
            f"{_count(preview.sessions, 'session', 'sessions')}.\n\nClients: {names}.")


class BackupsDialog(QDialog):
    """Opened with open() from home; `on_restored` reloads home after a restore.

    With `problem` (a damaged database at start) the sentence is shown on top and Back up now
    is off: only a restore can help.
    """

    def __init__(self, parent, store: BackupShelf, on_restored: Callable[[], None],
                 now: Callable[[], datetime] = lambda: datetime.now(UTC),
                 problem: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.setWindowTitle("Backups")
        self.setModal(True)
        if parent is not None:
            self.resize(max(700, parent.width() - 80), max(520, parent.height() - 80))
        self._store = store
        self._on_restored = on_restored
        self._now = now
        self._backups: list[BackupInfo] = []
        self._ops = StoreOps(self, "Backups")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(label("Backups", "title"))
        layout.addWidget(label(
            "A checked copy is kept after each finished session and every 30 minutes while "
            "something changed. Choose one to see what it holds.", "muted", "backupsIntro"))

        columns = Columns((3, 2), stack_below=760)
        self.model = QStandardItemModel(self)
        self.list = QListView()
        self.list.setObjectName("backupList")
        self.list.setModel(self.model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setItemDelegate(TwoLineDelegate(self.list, headline_px=20, detail_px=16,
                                                  row_height=76))
        enable_kinetic_scrolling(self.list)
        self.list.selectionModel().selectionChanged.connect(lambda *_: self._chosen_changed())
        columns.columns[0].addWidget(self.list, 1)

        frame, box = card()
        box.addWidget(label("What this backup holds", "subtitle"))
        self.preview = label("Choose a backup to see its clients and sessions.", "",
                             "backupPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        area = scrolling(self.preview)
        area.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: "
                           "transparent; }")
        box.addWidget(area, 1)
        columns.columns[1].addWidget(frame, 1)
        layout.addWidget(columns, 1)

        self.status = label("", "notice", "backupsStatus")
        self.status.hide()
        layout.addWidget(self.status)

        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(button("Close", "closeBackupsButton", "secondary", self.reject), 1)
        row.addWidget(button("Audit log…", "auditLogButton", "secondary", self.show_audit_log), 1)
        self.backup_button = button("Back up now", "backupNowButton", "secondary",
                                    self.back_up_now)
        row.addWidget(self.backup_button, 1)
        self.restore_button = button("Restore this backup", "restoreBackupButton", "primary",
                                     self.ask_restore)
        row.addWidget(self.restore_button, 2)
        layout.addLayout(row)
        self.refresh()
        if problem is not None:
            self._say(problem, problem=True)
            self.backup_button.setEnabled(False)

    # --- data ---------------------------------------------------------------------------------
    def refresh(self, select_path: str | None = None) -> None:
        """Read the backups again; on a server say whose backups protect the records."""
        try:
            backups = list(self._store.list_backups())
        except ServerBackupsError as error:
            self._server(str(error))
            return
        except StorageError as error:
            self._say(str(error), problem=True)
            backups = []
        self._fill(backups, select_path)

    def _server(self, sentence: str) -> None:
        self.list.hide()
        self.preview.setText(sentence)
        self._say(sentence)
        self.backup_button.setEnabled(False)
        self.restore_button.setEnabled(False)

    def _fill(self, backups: Sequence[BackupInfo], select_path: str | None) -> None:
        self._backups = list(backups)
        self.model.clear()
        for info in self._backups:
            item = QStandardItem(backup_row(info))
            item.setData(info.path, PathRole)
            item.setEditable(False)
            self.model.appendRow(item)
        if not self._backups:
            self.preview.setText("There is no backup yet. Tap Back up now to make the first.")
        chosen = next((i for i, b in enumerate(self._backups) if b.path == select_path), 0)
        if self._backups:
            self.list.setCurrentIndex(self.model.index(chosen, 0))
        self._chosen_changed()

    def chosen(self) -> BackupInfo | None:
        indexes = self.list.selectionModel().selectedIndexes()
        if not indexes:
            return None
        path = indexes[0].data(PathRole)
        return next((b for b in self._backups if b.path == path), None)

    def _chosen_changed(self) -> None:
        info = self.chosen()
        self.restore_button.setEnabled(info is not None and not info.problem)
        if info is None:
            return
        if info.problem:
            self.preview.setText(f"The backup of {when(info.taken_at)} could not be read, so it "
                                 "cannot be restored.")
            return
        preview = self._ops.fetch(lambda: self._store.preview_backup(info.path))
        if preview is not None:
            self.preview.setText(f"Backup of {when(info.taken_at)}: " + preview_text(preview))

    def _say(self, text: str, problem: bool = False) -> None:
        set_role(self.status, "error" if problem else "notice")
        self.status.setText(text)
        self.status.show()

    # --- actions ------------------------------------------------------------------------------
    def back_up_now(self) -> None:
        def done(info: BackupInfo) -> None:
            self._say(f"Backed up: {backup_row(info).replace(chr(10), ' — ')}.")
            self.refresh(info.path)

        self._ops.run(lambda: self._store.backup_now(self._now()), done,
                      failed=lambda error: self._say(str(error), problem=True))

    def ask_restore(self) -> None:
        info = self.chosen()
        if info is None or info.problem:
            return
        question = TouchQuestion(
            self, "confirmRestoreQuestion", "Restore this backup?",
            f"Every record will be replaced by the backup of {when(info.taken_at)} "
            f"({_count(info.clients, 'client', 'clients')}, "
            f"{_count(info.sessions, 'session', 'sessions')}). The records as they are now are "
            "backed up first, so you can go back to them by restoring that backup.",
            [Answer("Don't restore", "cancelRestoreButton"),
             Answer("Restore", "confirmRestoreButton", "primary")],
            cancel="cancelRestoreButton")
        question.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        question.accepted.connect(lambda: self.restore(info))
        question.open()

    def restore(self, info: BackupInfo) -> None:
        """Restore `info` (asked already): the current records are backed up first."""

        def done(previous: BackupInfo | None) -> None:
            kept = (f" The records as they were are kept in the backup of "
                    f"{when(previous.taken_at)}." if previous is not None else "")
            self._say(f"Restored the backup of {when(info.taken_at)}.{kept}")
            self.refresh(previous.path if previous is not None else None)
            self._on_restored()

        self._ops.run(lambda: self._store.restore_backup(info.path, self._now()), done,
                      failed=lambda error: self._say(str(error), problem=True))

    def show_audit_log(self) -> None:
        from .audit_dialog import AuditLogDialog

        dialog = AuditLogDialog(self, self._store)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

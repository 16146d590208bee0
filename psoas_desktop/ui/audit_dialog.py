"""The audit log, read-only (SPEC 8.1): views, edits, exports, backups, restores and deletions,
newest first, each with its time and sentence."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QDialog, QListView, QVBoxLayout

from ..domain.ports import AuditEntry, Store
from .store_ops import StoreOps
from .widgets.touch import button, enable_kinetic_scrolling, label

ACTIONS = {
    "backup": "Backup",
    "restore": "Restore",
    "export": "Export",
    "delete_client": "Client deleted",
    "view_client": "Client viewed",
    "view_session": "Past session viewed",
    "review": "Review with client",
    "edit_client": "Client edited",
    "edit_session": "Session entries changed",
    "edit_note": "Session note",
}


def audit_row(entry: AuditEntry) -> str:
    """One entry as the list shows it: the time and kind, then the sentence."""
    kind = ACTIONS.get(entry.action, entry.action.replace("_", " ").capitalize())
    return f"{entry.at.astimezone():%a %d %b %Y, %H:%M} · {kind}\n{entry.detail}"


class AuditLogDialog(QDialog):
    def __init__(self, parent, store: Store) -> None:
        super().__init__(parent)
        self.setObjectName("auditLogDialog")
        self.setWindowTitle("Audit log")
        self.setModal(True)
        if parent is not None:
            self.resize(max(660, parent.width() - 60), max(480, parent.height() - 60))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(label("Audit log", "title"))
        layout.addWidget(label("What was done with the records, newest first. Nothing here can "
                               "be changed.", "muted"))
        self.model = QStandardItemModel(self)
        self.list = QListView()
        self.list.setObjectName("auditList")
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(4)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        enable_kinetic_scrolling(self.list)
        layout.addWidget(self.list, 1)
        self.empty = label("Nothing has been recorded yet.", "muted", "auditEmpty")
        layout.addWidget(self.empty)
        layout.addWidget(button("Close", "closeAuditLogButton", "secondary", self.accept))
        entries = StoreOps(self, "Audit log").fetch(store.audit_log)
        self.show_entries(entries or [])

    def show_entries(self, entries: Sequence[AuditEntry]) -> None:
        self.model.clear()
        for entry in reversed(list(entries)):
            item = QStandardItem(audit_row(entry))
            item.setEditable(False)
            self.model.appendRow(item)
        self.empty.setVisible(not entries)

    def rows(self) -> list[str]:
        """What the list shows, top to bottom (for tests and screen readers)."""
        return [self.model.item(i).text() for i in range(self.model.rowCount())]

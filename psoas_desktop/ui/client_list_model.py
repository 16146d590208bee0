"""The client list as a Qt item model over domain ClientSummary rows (testable without widgets)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ..domain.model import ClientSummary

ClientIdRole = Qt.ItemDataRole.UserRole + 1
ArchivedRole = Qt.ItemDataRole.UserRole + 2
MUTED = QColor("#5B6770")


def describe(summary: ClientSummary, name_for: Callable[[int | None, str], str] | None = None) -> str:
    """Two lines: the name (as `name_for` shows it: the privacy switch), then the last visit."""
    if summary.last_visit is None:
        seen = "no visits yet"
    else:
        visits = "visit" if summary.session_count == 1 else "visits"
        seen = f"last visit {summary.last_visit.astimezone():%d %b %Y} · {summary.session_count} {visits}"
    archived = " · archived" if summary.client.archived else ""
    name = name_for(summary.client.id, summary.client.name) if name_for else summary.client.name
    return f"{name}\n{seen}{archived}"


class ClientListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ClientSummary] = []
        self.name_for: Callable[[int | None, str], str] | None = None  # the privacy switch

    def set_rows(self, rows: Sequence[ClientSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return describe(summary, self.name_for)
        if role == ClientIdRole:
            return summary.client.id
        if role == ArchivedRole:
            return summary.client.archived
        if role == Qt.ItemDataRole.ForegroundRole and summary.client.archived:
            return MUTED
        return None

    def row_of(self, client_id: int) -> int | None:
        for i, s in enumerate(self._rows):
            if s.client.id == client_id:
                return i
        return None

"""A client's sessions as a Qt item model, newest first (testable without widgets).

Each row reads: date and method; first direction, verdict, pain before and after, addenda.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ..charts.series import leaning, short_method
from ..domain.analysis import Outcome, TrendPoint
from ..domain.model import Session, SessionStatus

SessionIdRole = Qt.ItemDataRole.UserRole + 1
SessionStatusRole = Qt.ItemDataRole.UserRole + 2
MUTED = QColor("#5B6770")


def verdict_words(session: Session, point: TrendPoint | None) -> str:
    """The verdict in a few words: the direction with more impact (A or B), or similar."""
    if session.status is SessionStatus.IN_PROGRESS:
        return "in progress, tap to resume"
    if session.status is SessionStatus.ABANDONED:
        return "ended early"
    if point is None:
        return "not fully measured"
    if point.outcome is Outcome.FIRST:
        return f"more impact: {point.first_direction} (A)"
    if point.outcome is Outcome.SECOND:
        return f"more impact: {point.second_direction} (B)"
    lean = leaning(point)
    return f"similar, leans {lean}" if lean else "similar"


def describe_session(session: Session, point: TrendPoint | None) -> str:
    when = session.started_at.astimezone()
    first_line = f"{when:%d %b %Y}  ·  {short_method(session.method, session.method_spec)}"
    parts = []
    if session.first_direction:
        parts.append(f"first {session.first_direction}")
    parts.append(verdict_words(session, point))
    pain = (session.check_in.pain_before, session.summary.pain_after)
    if pain != (None, None):
        parts.append("pain " + " → ".join("–" if p is None else str(p) for p in pain))
    if session.addenda:
        n = len(session.addenda)
        parts.append(f"{n} addend{'um' if n == 1 else 'a'}")
    return first_line + "\n" + "  ·  ".join(parts)


class SessionListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Session] = []
        self._points: Mapping[int | None, TrendPoint] = {}
        self._text: dict[int, str] = {}

    def set_sessions(self, sessions: Sequence[Session], points: Sequence[TrendPoint]) -> None:
        """`sessions` in the order they were started; shown newest first."""
        self.beginResetModel()
        self._rows = list(reversed(sessions))
        self._points = {p.session_id: p for p in points}
        self._text = {}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        session = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            row = index.row()
            if row not in self._text:  # built lazily: 1,000 sessions open at once
                self._text[row] = describe_session(session, self._points.get(session.id))
            return self._text[row]
        if role == SessionIdRole:
            return session.id
        if role == SessionStatusRole:
            return session.status.value
        if role == Qt.ItemDataRole.ForegroundRole and session.status is not SessionStatus.COMPLETED:
            return MUTED
        return None

    def session_at(self, row: int) -> Session:
        return self._rows[row]

    def row_of(self, session_id: int) -> int | None:
        for i, s in enumerate(self._rows):
            if s.id == session_id:
                return i
        return None

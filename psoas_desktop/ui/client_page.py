"""A client's page: details, session history and the across-sessions chart."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QHBoxLayout, QListWidget, QVBoxLayout, QWidget

from ..domain.analysis import Outcome, TrendPoint, direction_preference, trend
from ..domain.model import Client, Method, Session, SessionStatus
from .widgets.touch import button, card, enable_kinetic_scrolling, label

OUTCOME_WORDS = {Outcome.FIRST: "A had more impact", Outcome.SECOND: "B had more impact",
                 Outcome.SIMILAR: "similar", Outcome.INCOMPLETE: "incomplete"}
STATUS_WORDS = {SessionStatus.IN_PROGRESS: "in progress", SessionStatus.ABANDONED: "ended early"}


def session_line(session: Session, point: TrendPoint | None) -> str:
    when = session.started_at.astimezone()
    parts = [f"{when:%d %b %Y}", session.method.spec.label]
    if session.first_direction:
        parts.append(f"first: {session.first_direction.value}")
    if point is not None:
        parts.append(OUTCOME_WORDS[point.outcome])
    elif session.status in STATUS_WORDS:
        parts.append(STATUS_WORDS[session.status])
    pain = (session.check_in.pain_before, session.summary.pain_after)
    if pain != (None, None):
        parts.append("pain " + " → ".join("–" if p is None else str(p) for p in pain))
    return " · ".join(parts)


class ClientPage(QWidget):
    def __init__(
        self,
        on_home: Callable[[], None],
        on_start_session: Callable[[int], None],
        on_edit: Callable[[int], None],
        sem_for: Callable[[Method], float | None],
    ) -> None:
        super().__init__()
        from ..charts.trend_chart import TrendChart  # pyqtgraph only when first needed

        self._client: Client | None = None
        self._on_start_session = on_start_session
        self._on_edit = on_edit
        self._sem_for = sem_for
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(14)
        top = QHBoxLayout()
        top.addWidget(button("◀  Home", "homeButton", "secondary", on_home))
        self.name = label("", "title", "clientTitle", wrap=False)
        top.addWidget(self.name, 1)
        top.addWidget(button("Edit", "editClientButton", "secondary", self._edit))
        top.addWidget(button("Start session", "startSessionButton", "primary", self._start))
        layout.addLayout(top)
        self.details = label("", "muted", "clientDetails")
        layout.addWidget(self.details)

        body = QHBoxLayout()
        frame, box = card()
        box.addWidget(label("Across visits", "subtitle"))
        self.chart = TrendChart()
        box.addWidget(self.chart, 1)
        self.chart_note = label("", "hint", "trendNote")
        box.addWidget(self.chart_note)
        body.addWidget(frame, 3)
        frame, box = card()
        box.addWidget(label("Sessions", "subtitle"))
        self.sessions = QListWidget()
        self.sessions.setObjectName("sessionList")
        self.sessions.setWordWrap(True)
        enable_kinetic_scrolling(self.sessions)
        box.addWidget(self.sessions, 1)
        body.addWidget(frame, 2)
        layout.addLayout(body, 1)

    @property
    def client_id(self) -> int | None:
        return self._client.id if self._client else None

    def show_client(self, client: Client, sessions: Sequence[Session]) -> None:
        self._client = client
        self.name.setText(client.name)
        facts = []
        if client.date_of_birth:
            facts.append(f"born {client.date_of_birth:%d %b %Y}")
        if client.thigh_length_cm:
            facts.append(f"thigh {client.thigh_length_cm:g} cm")
        if client.notes:
            facts.append(client.notes)
        self.details.setText(" · ".join(facts) or "No details yet.")
        self.details.setVisible(True)

        latest_method = sessions[-1].method if sessions else Method.GAP_CM
        same_method = [s for s in sessions if s.method is latest_method]
        sems = {m: self._sem_for(m) for m in Method}
        points = trend(same_method, sems)
        by_id = {p.session_id: p for p in trend(sessions, sems)}
        self.chart.show_trend(points, latest_method.spec.unit)
        others = len(sessions) - len(same_method)
        note = f"{latest_method.spec.label}: dashed = at start, solid = at end."
        if others:
            note += f" {others} visit(s) measured another way are listed, not drawn on this scale."
        preference = direction_preference(points)
        if preference is not None:
            unit = latest_method.spec.unit
            note += (f" Over {preference.sessions} visits, rotating left minus rotating right: "
                     f"{preference.mean:+.1f} {unit} (95 % range {preference.low:+.1f} to "
                     f"{preference.high:+.1f}); left first {preference.left_first}×, "
                     f"right first {preference.right_first}×.")
        self.chart_note.setText(note)
        self.sessions.clear()
        for s in reversed(sessions):
            self.sessions.addItem(session_line(s, by_id.get(s.id)))

    def _start(self) -> None:
        if self._client and self._client.id is not None:
            self._on_start_session(self._client.id)

    def _edit(self) -> None:
        if self._client and self._client.id is not None:
            self._on_edit(self._client.id)

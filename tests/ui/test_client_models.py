"""The client and session item models, tested without any widget."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import Qt

from psoas_desktop.domain.analysis import trend
from psoas_desktop.domain.model import (
    Addendum,
    CheckIn,
    Client,
    ClientSummary,
    Direction,
    Method,
    SessionStatus,
    Summary,
)
from psoas_desktop.ui.client_list_model import ArchivedRole, ClientIdRole, ClientListModel
from psoas_desktop.ui.session_list_model import (
    SessionIdRole,
    SessionListModel,
    SessionStatusRole,
    describe_session,
)
from tests.domain.builders import make_session

DISPLAY = Qt.ItemDataRole.DisplayRole
SEMS = {m: m.spec.default_sem for m in Method}


def test_client_model_rows_show_name_and_last_visit():
    """One row per client: name, last visit and count; the id and archived flag by role."""
    model = ClientListModel()
    model.set_rows([
        ClientSummary(Client("Anna Berg", id=3), datetime(2026, 3, 2, 10, tzinfo=UTC), 2),
        ClientSummary(Client("Zoe Old", id=9, archived=True), None, 0),
    ])
    assert model.rowCount() == 2
    first, second = model.index(0), model.index(1)
    assert first.data(DISPLAY) == "Anna Berg\nlast visit 02 Mar 2026 · 2 visits"
    assert first.data(ClientIdRole) == 3 and first.data(ArchivedRole) is False
    assert second.data(DISPLAY) == "Zoe Old\nno visits yet · archived"
    assert second.data(ArchivedRole) is True
    assert second.data(Qt.ItemDataRole.ForegroundRole) is not None  # muted
    assert model.row_of(9) == 1 and model.row_of(4) is None


def test_session_model_lists_newest_first_with_verdict_and_pain():
    """Rows newest first: date and method, then first direction, verdict, pain before and after."""
    older = replace(make_session(first=Direction.LEFT, session_id=1, day=0),
                    check_in=CheckIn(pain_before=5), summary=Summary(pain_after=2))
    newer = replace(make_session(first=Direction.RIGHT, session_id=2, day=7),
                    addenda=(Addendum(datetime(2024, 3, 9, tzinfo=UTC), "note"),))
    running = make_session(first=None, session_id=3, day=8, status=SessionStatus.IN_PROGRESS,
                           rows=((2, 2),))
    model = SessionListModel()
    sessions = [older, newer, running]
    model.set_sessions(sessions, trend(sessions, SEMS))
    assert [model.index(r).data(SessionIdRole) for r in range(3)] == [3, 2, 1]
    assert model.index(0).data(SessionStatusRole) == "in_progress"
    oldest_text = model.index(2).data(DISPLAY)
    headline, detail = oldest_text.split("\n")
    assert headline.endswith("·  Gap (cm)") and "2024" in headline
    assert detail == "first left  ·  similar, leans left  ·  pain 5 → 2"  # impacts 3 and 1
    assert model.index(1).data(DISPLAY).endswith("first right  ·  similar, leans right  ·  1 addendum")
    assert "in progress" in model.index(0).data(DISPLAY)


def test_session_verdict_names_the_winning_direction_with_its_letter():
    """A session whose first direction clearly won reads 'more impact: left (A)'."""
    session = make_session(((6, 0), (2, 0), (2, 0)), first=Direction.LEFT, session_id=1)
    [point] = trend([session], {Method.GAP_CM: 0.5})
    assert "more impact: left (A)" in describe_session(session, point)
    session_b = make_session(((4, 0), (4, 0), (0, 0)), first=Direction.LEFT, session_id=2)
    [point_b] = trend([session_b], {Method.GAP_CM: 0.5})
    assert "more impact: right (B)" in describe_session(session_b, point_b)


def test_abandoned_session_reads_ended_early():
    """An abandoned session is listed calmly as 'ended early'."""
    session = make_session(status=SessionStatus.ABANDONED, session_id=5)
    assert "ended early" in describe_session(session, None)

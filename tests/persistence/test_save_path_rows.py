"""The save path's rows: what `writing` stores and how `reading` puts it back together.

Written to kill the mutants `make mutation-save-path` found surviving in persistence/writing.py
and persistence/reading.py: the order numbers stored with each child row, a load that follows
those numbers (not the order rows happen to lie in the file), sessions loaded together keeping
their own children, and fields the round-trip examples left at their defaults.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from psoas_desktop.domain.model import (
    Addendum,
    Client,
    Direction,
    Measurement,
    Method,
    Rep,
    RepBlock,
    SafetyEvent,
    SafetyEventKind,
    Session,
    SessionStatus,
    Side,
    Timepoint,
)
from psoas_desktop.persistence.db import database_url, make_engine
from psoas_desktop.persistence.migrate import upgrade_to_head
from psoas_desktop.persistence.repository import Repository

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = make_engine(database_url(str(tmp_path / "psoas.db")))
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def repo(engine: Engine) -> Repository:
    return Repository(engine)


def reps(n: int, start: datetime = T0) -> tuple[Rep, ...]:
    return tuple(Rep(start + timedelta(seconds=20 * i), start + timedelta(seconds=20 * i + 14))
                 for i in range(n))


def busy_session(client_id: int, day: int = 0) -> Session:
    """A session with two readings per side, three reps and then one, and two safety events."""
    at = T0 + timedelta(days=day)
    return Session(
        client_id=client_id,
        started_at=at,
        method=Method.GAP_CM,
        first_direction=Direction.RIGHT,
        measurements=(
            Measurement(Timepoint.BASELINE, Side.LEFT, (3.0, 3.5)),
            Measurement(Timepoint.BASELINE, Side.RIGHT, (1.5, 1.0)),
        ),
        blocks=(RepBlock(Direction.RIGHT, 3, reps(3, at)), RepBlock(Direction.LEFT, 4, reps(1, at))),
        safety_events=(
            SafetyEvent(at + timedelta(minutes=3), SafetyEventKind.DIZZINESS, 2, "Sat up", "Fine"),
            SafetyEvent(at + timedelta(minutes=4), SafetyEventKind.OTHER, None, "", "Second"),
        ),
    )


def test_child_rows_store_their_order_numbers(repo: Repository, engine: Engine) -> None:
    """Rows keep the documented numbering: reps 1-based, readings 0-based, blocks and events by position."""
    client = repo.add_client(Client("Row Numbers"))
    saved = repo.save_session(busy_session(client.id))
    with engine.connect() as db:
        rep_numbers = db.execute(text(
            "SELECT b.position, r.rep_number FROM reps r JOIN rep_blocks b ON b.id = r.block_id "
            "WHERE b.session_id = :s ORDER BY b.position, r.rep_number"), {"s": saved.id}).all()
        readings = db.execute(text(
            "SELECT position, reading_index, value FROM measurements WHERE session_id = :s "
            "ORDER BY position, reading_index"), {"s": saved.id}).all()
        events = db.execute(text(
            "SELECT position, note FROM safety_events WHERE session_id = :s ORDER BY position"),
            {"s": saved.id}).all()
    assert [tuple(r) for r in rep_numbers] == [(0, 1), (0, 2), (0, 3), (1, 1)]
    assert [tuple(r) for r in readings] == [(0, 0, 3.0), (0, 1, 3.5), (1, 0, 1.5), (1, 1, 1.0)]
    assert [tuple(r) for r in events] == [(0, "Fine"), (1, "Second")]


def test_loading_follows_the_stored_order_not_the_order_rows_lie_in(
    repo: Repository, engine: Engine
) -> None:
    """With every child row lying in reverse in the file, a session still loads exactly as saved."""
    client = repo.add_client(Client("Reversed Rows"))
    saved = repo.save_session(busy_session(client.id))
    flip = 1_000_000  # new ids in reverse order, so a table scan meets the rows backwards
    with engine.begin() as db:
        db.execute(text("PRAGMA defer_foreign_keys = ON"))
        db.execute(text(f"UPDATE measurements SET id = {flip} - id"))
        db.execute(text(f"UPDATE safety_events SET id = {flip} - id"))
        db.execute(text(f"UPDATE reps SET id = {flip} - id, block_id = {flip} - block_id"))
        db.execute(text(f"UPDATE rep_blocks SET id = {flip} - id"))
    assert repo.get_session(saved.id) == saved


def test_sessions_loaded_together_keep_their_own_events_and_addenda(repo: Repository) -> None:
    """A client's sessions, loaded in one go, each get their own events and addenda, in order."""
    client = repo.add_client(Client("Two Visits"))
    done = SessionStatus.COMPLETED
    first = repo.save_session(replace(busy_session(client.id, 0), status=done, finished_at=T0))
    second = repo.save_session(replace(busy_session(client.id, 1), status=done, finished_at=T0))
    notes = [(first, "First, one"), (second, "Second, one"), (first, "First, two")]
    for i, (session, note) in enumerate(notes):
        repo.add_addendum(session.id, Addendum(T0 + timedelta(days=2, minutes=i), note))
    loaded = repo.sessions_for_client(client.id)
    assert [s.id for s in loaded] == [first.id, second.id]
    assert [[a.text for a in s.addenda] for s in loaded] == [["First, one", "First, two"],
                                                            ["Second, one"]]
    assert [s.safety_events for s in loaded] == [first.safety_events, second.safety_events]


def test_single_reading_ticks_and_an_abandon_reason_come_back(repo: Repository) -> None:
    """Confounder ticks on one-reading measurements and the reason for ending early are kept."""
    client = repo.add_client(Client("Ticks And Reason"))
    session = Session(
        client_id=client.id, started_at=T0, status=SessionStatus.ABANDONED, finished_at=T0,
        abandon_reason="Client had to leave",
        measurements=(
            Measurement(Timepoint.BASELINE, Side.LEFT, (3.0,), lower_back_arches=True),
            Measurement(Timepoint.BASELINE, Side.RIGHT, (2.0,), knee_cannot_straighten=True),
        ),
    )
    saved = repo.save_session(session)
    assert repo.get_session(saved.id) == saved == replace(session, id=saved.id)

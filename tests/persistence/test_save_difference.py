"""A later save writes only its difference (issue 13), and leaves the records exactly as a full save.

Each edit of an in-progress session is saved by one repository (which writes the difference from
the copy it saved last) and, on a second database, by a new repository each time (the full path);
both databases must then hold the same rows, and a third reader the same session.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from psoas_desktop.domain.model import (
    Client,
    Direction,
    Measurement,
    Rep,
    RepBlock,
    SafetyEvent,
    SafetyEventKind,
    Session,
    SessionStatus,
    Side,
    Timepoint,
)
from psoas_desktop.domain.ports import StaleSessionError, StorageError
from psoas_desktop.persistence.db import database_url, make_engine
from psoas_desktop.persistence.migrate import upgrade_to_head
from psoas_desktop.persistence.repository import Repository
from tests.persistence.test_repository import T0, full_session

TABLES = {
    "sessions": "*",
    "measurements": "session_id, position, timepoint, side, reading_index, value, "
                    "lower_back_arches, knee_cannot_straighten",
    "rep_blocks": "session_id, position, direction, planned_reps, skipped",
    "reps": "(SELECT direction FROM rep_blocks b WHERE b.id = block_id), rep_number, started_at, "
            "ended_at",
    "safety_events": "session_id, position, occurred_at, kind, pain, action_taken, note",
}


def _open(path: Path):
    engine = make_engine(database_url(str(path)))
    upgrade_to_head(engine)
    return engine


@pytest.fixture(scope="module")
def empty_records(tmp_path_factory) -> Path:
    """A migrated, empty database to copy (migrating one per example would be slow)."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    _open(path).dispose()
    return path


def rows(path: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as connection:
        return {table: sorted(connection.execute(f"SELECT {columns} FROM {table}").fetchall(),
                              key=repr)
                for table, columns in TABLES.items()}


def in_progress(client_id: int) -> Session:
    return replace(full_session(client_id), status=SessionStatus.IN_PROGRESS, finished_at=None,
                   summary=replace(full_session(client_id).summary, pain_after=None),
                   verdict_basis=None)


def add_rep(session: Session, index: int) -> Session:
    blocks = list(session.blocks)
    if not blocks:
        return session
    block = blocks[index % len(blocks)]
    if len(block.reps) >= 10:
        return session
    at = T0 + timedelta(minutes=30, seconds=len(block.reps))
    if block.skipped:
        block = replace(block, skipped=False)
    blocks[index % len(blocks)] = replace(block, reps=(*block.reps, Rep(at, at + timedelta(seconds=9))))
    return replace(session, blocks=tuple(blocks))


def undo_rep(session: Session, index: int) -> Session:
    blocks = list(session.blocks)
    if not blocks:
        return session
    block = blocks[index % len(blocks)]
    blocks[index % len(blocks)] = replace(block, reps=block.reps[:-1])
    return replace(session, blocks=tuple(blocks))


def skip_block(session: Session, index: int) -> Session:
    blocks = list(session.blocks)
    if not blocks:
        return session
    blocks[index % len(blocks)] = replace(blocks[index % len(blocks)], reps=(), skipped=True)
    return replace(session, blocks=tuple(blocks))


def toggle_block(session: Session, index: int) -> Session:
    direction = (Direction.LEFT, Direction.RIGHT)[index % 2]
    kept = tuple(b for b in session.blocks if b.direction is not direction)
    if len(kept) < len(session.blocks):
        return replace(session, blocks=kept)
    return replace(session, blocks=(RepBlock(direction, 1 + index % 9), *session.blocks))


def change_reading(session: Session, index: int) -> Session:
    keys = [(t, s) for t in Timepoint for s in Side]
    timepoint, side = keys[index % len(keys)]
    others = tuple(m for m in session.measurements if (m.timepoint, m.side) != (timepoint, side))
    if index % 3 == 0 and len(others) < len(session.measurements):
        return replace(session, measurements=others)  # the reading removed
    readings = (float(index % 15),) if index % 2 else (1.0, float(index % 15))
    return replace(session, measurements=(
        *others, Measurement(timepoint, side, readings, lower_back_arches=index % 4 == 1)))


def add_event(session: Session, index: int) -> Session:
    at = T0 + timedelta(minutes=10 + len(session.safety_events))
    return replace(session, safety_events=(
        *session.safety_events, SafetyEvent(at, SafetyEventKind.OTHER, index % 11)))


def change_check_in(session: Session, index: int) -> Session:
    return replace(session, completed_step=index % 7, check_in=replace(
        session.check_in, pain_before=index % 11, changes_since_last=f"note {index}"))


EDITS = [add_rep, undo_rep, skip_block, toggle_block, change_reading, add_event, change_check_in]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 40)), min_size=1, max_size=10))
def test_saving_the_difference_leaves_the_same_rows_as_a_full_save(tmp_path_factory, empty_records,
                                                                  edits) -> None:
    """After every edit, the difference-writing repository's file holds the same rows as a file
    written by full saves, and a fresh reader gets back exactly the session saved."""
    folder = tmp_path_factory.mktemp("difference")
    quick_path, full_path = folder / "quick.db", folder / "full.db"
    shutil.copyfile(empty_records, quick_path)
    shutil.copyfile(empty_records, full_path)
    quick_engine = make_engine(database_url(str(quick_path)))
    full_engine = make_engine(database_url(str(full_path)))
    try:
        quick = Repository(quick_engine)
        client = quick.add_client(Client("Diff Client"))
        assert Repository(full_engine).add_client(Client("Diff Client")) == client
        session = quick.start_session(client.id, full_session(0).method, T0)
        session = quick.save_session(replace(in_progress(client.id), id=session.id,
                                             revision=session.revision))
        full = Repository(full_engine).start_session(client.id, session.method, T0)
        full = Repository(full_engine).save_session(replace(session, revision=full.revision))
        for edit, index in edits:
            session = quick.save_session(edit(session, index))
            full = Repository(full_engine).save_session(replace(session, revision=full.revision))
            assert rows(quick_path) == rows(full_path)
            assert Repository(quick_engine).get_session(session.id) == session
    finally:
        quick_engine.dispose()
        full_engine.dispose()


def _sent(engine, action) -> list[str]:
    """Every SQL statement `action` sends through `engine`, in order, on one line each."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def _writes(engine, action) -> list[str]:
    """The INSERT, UPDATE and DELETE statements `action` sends, first words only."""
    found = [statement.split() for statement in _sent(engine, action)]
    return [" ".join(words[:3]) if words[0] != "UPDATE" else " ".join(words[:2])
            for words in found if words[0] in ("INSERT", "UPDATE", "DELETE")]


def _started(repo: Repository, name: str) -> Session:
    """A new client's session, started and saved in progress with the usual entries."""
    client = repo.add_client(Client(name))
    started = repo.start_session(client.id, full_session(0).method, T0)
    return repo.save_session(replace(in_progress(client.id), id=started.id,
                                     revision=started.revision))


def test_a_rep_done_writes_one_rep_row_and_the_session_version(tmp_path) -> None:
    """A rep counted: one INSERT into reps and one UPDATE of the session's version, nothing else;
    an unchanged save bumps the version only."""
    engine = _open(tmp_path / "psoas.db")
    try:
        repo = Repository(engine)
        session = _started(repo, "One Rep")
        assert _writes(engine, lambda: repo.save_session(add_rep(session, 0))) == [
            "UPDATE sessions", "INSERT INTO reps"]
        session = repo.get_session(session.id)
        assert _writes(engine, lambda: repo.save_session(session)) == ["UPDATE sessions"]
    finally:
        engine.dispose()


def test_a_save_from_another_window_is_still_refused(tmp_path) -> None:
    """Two repositories on one file: after the other saved, this one's next save (which would
    write its difference) is refused as stale and writes nothing."""
    path = tmp_path / "psoas.db"
    engine = _open(path)
    try:
        here, there = Repository(engine), Repository(engine)
        session = _started(here, "Two Windows")
        there.save_session(change_check_in(there.get_session(session.id), 5))
        before = rows(path)
        with pytest.raises(StaleSessionError):
            here.save_session(add_rep(session, 0))
        assert rows(path) == before
    finally:
        engine.dispose()


def test_a_finished_session_is_not_changed_by_a_later_save(tmp_path) -> None:
    """Finished (by this repository), a session cannot be saved again, difference or not."""
    engine = _open(tmp_path / "psoas.db")
    try:
        repo = Repository(engine)
        session = _started(repo, "Finished")
        finished = repo.save_session(replace(session, status=SessionStatus.COMPLETED,
                                             finished_at=T0 + timedelta(minutes=20)))
        with pytest.raises(StorageError, match="already finished"):
            repo.save_session(replace(add_rep(session, 0), revision=finished.revision))
        with pytest.raises(StorageError):
            repo.save_session(add_rep(session, 0))
    finally:
        engine.dispose()


def test_a_changed_tick_updates_only_that_column_of_its_reading(tmp_path) -> None:
    """'Lower back arches' ticked on one reading: its row is updated in that column alone (the
    readings and their positions are left as they are), besides the session's version."""
    engine = _open(tmp_path / "psoas.db")
    try:
        repo = Repository(engine)
        session = _started(repo, "One Tick")
        first = session.measurements[0]
        ticked = replace(session, measurements=(
            replace(first, lower_back_arches=not first.lower_back_arches),
            *session.measurements[1:]))
        seen = [statement for statement in _sent(engine, lambda: repo.save_session(ticked))
                if statement.startswith("UPDATE measurements")]
        assert len(seen) == len(first.readings)  # one row per reading of that leg
        for statement in seen:
            assert statement.startswith("UPDATE measurements SET lower_back_arches=? WHERE")
        assert repo.get_session(session.id).measurements == ticked.measurements
    finally:
        engine.dispose()

"""Archiving, audited deletion and remembered preferences, on a real migrated SQLite file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text

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
    Summary,
    Timepoint,
)
from psoas_desktop.domain.ports import StorageError
from psoas_desktop.persistence.db import database_url, make_engine
from psoas_desktop.persistence.deletion import ReasonRequiredError
from psoas_desktop.persistence.migrate import upgrade_to_head
from psoas_desktop.persistence.repository import AuditEntry, RecordNotFoundError, Repository

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
DELETED_AT = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
CHILD_TABLES = ("measurements", "rep_blocks", "reps", "safety_events", "addenda")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "psoas.db"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = make_engine(database_url(str(db_path)))
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def repo(engine: Engine) -> Repository:
    return Repository(engine, clock=lambda: DELETED_AT)


def visit(client_id: int, day: int, *, events: int = 0, note: str = "") -> Session:
    """A finished session: two baseline readings per side, one after each direction, 2 blocks."""
    at = T0 + timedelta(days=day)
    readings = {Timepoint.BASELINE: (4.0, 4.5), Timepoint.AFTER_FIRST: (3.0,),
                Timepoint.AFTER_SECOND: (2.5,)}
    return Session(
        client_id=client_id,
        started_at=at,
        method=Method.GAP_CM,
        status=SessionStatus.COMPLETED,
        completed_step=7,
        first_direction=Direction.LEFT,
        measurements=tuple(
            Measurement(timepoint, side, values)
            for timepoint, values in readings.items()
            for side in Side
        ),
        blocks=tuple(
            RepBlock(direction, 3, tuple(
                Rep(at + timedelta(minutes=n), at + timedelta(minutes=n, seconds=14))
                for n in range(3)
            ))
            for direction in Direction
        ),
        safety_events=tuple(
            SafetyEvent(at + timedelta(minutes=5 + n), SafetyEventKind.DIZZINESS, 2)
            for n in range(events)
        ),
        summary=Summary(notes=note),
        finished_at=at + timedelta(minutes=20),
    )


def rows_of_client(engine: Engine, client_id: int) -> dict[str, int]:
    """How many rows each table holds for one client (children found through its sessions)."""
    sessions = f"select id from sessions where client_id = {client_id}"
    queries = {
        "clients": f"select count(*) from clients where id = {client_id}",
        "sessions": f"select count(*) from sessions where client_id = {client_id}",
        "reps": "select count(*) from reps where block_id in "
                f"(select id from rep_blocks where session_id in ({sessions}))",
    }
    for table in CHILD_TABLES:
        queries.setdefault(table, f"select count(*) from {table} where session_id in ({sessions})")
    with engine.connect() as connection:
        return {table: connection.execute(text(sql)).scalar_one() for table, sql in queries.items()}


def test_archiving_hides_a_client_from_the_list_until_unarchived(repo: Repository) -> None:
    """set_archived hides the client unless include_archived, keeps their sessions, and undoes."""
    anna, ben = repo.add_client(Client("Anna Berg")), repo.add_client(Client("Ben Holm"))
    repo.save_session(visit(anna.id, 3))
    repo.save_session(visit(ben.id, 1))

    archived = repo.set_archived(anna.id, True)

    assert archived == Client("Anna Berg", anna.id, archived=True)
    assert repo.get_client(anna.id).archived
    assert [s.client.name for s in repo.list_clients()] == ["Ben Holm"]
    assert [s.client.name for s in repo.list_clients("anna")] == []
    listed = repo.list_clients(include_archived=True)
    assert [(s.client.name, s.session_count) for s in listed] == [("Anna Berg", 1), ("Ben Holm", 1)]
    assert len(repo.sessions_for_client(anna.id)) == 1
    assert repo.set_archived(anna.id, False) == anna
    assert [s.client.name for s in repo.list_clients()] == ["Anna Berg", "Ben Holm"]
    with pytest.raises(RecordNotFoundError):
        repo.set_archived(999, True)


def test_deletion_preview_counts_sessions_measurements_and_events(
    repo: Repository, engine: Engine
) -> None:
    """Measurements count once per side and time point (two readings are one); nothing changes."""
    anna = repo.add_client(Client("Anna Berg"))
    repo.save_session(visit(anna.id, 0, events=2))
    repo.save_session(visit(anna.id, 7))
    repo.start_session(anna.id, Method.FINGERS, T0 + timedelta(days=14))
    before = rows_of_client(engine, anna.id)

    report = repo.deletion_preview(anna.id)

    assert (report.client_name, report.sessions, report.measurements, report.safety_events) == (
        "Anna Berg", 3, 12, 2
    )
    assert rows_of_client(engine, anna.id) == before
    assert repo.audit_log() == []
    with pytest.raises(RecordNotFoundError):
        repo.deletion_preview(999)


def test_delete_client_removes_every_row_and_writes_one_audit_entry(
    repo: Repository, engine: Engine
) -> None:
    """Client, sessions, readings, blocks, reps, events and addenda go; other clients' stay."""
    anna, ben = repo.add_client(Client("Anna Berg")), repo.add_client(Client("Ben Holm"))
    for day in range(4):
        repo.save_session(visit(anna.id, day, events=1 if day == 2 else 0))
    repo.add_addendum(repo.last_session(anna.id).id, Addendum(T0, "Called next day"))
    ben_sessions = [repo.save_session(visit(ben.id, day, events=1)) for day in range(2)]
    assert rows_of_client(engine, anna.id)["addenda"] == 1

    report = repo.delete_client(anna.id, "  Client asked for her records to be erased  ")

    assert (report.sessions, report.measurements, report.safety_events) == (4, 24, 1)
    assert set(rows_of_client(engine, anna.id).values()) == {0}
    with pytest.raises(RecordNotFoundError):
        repo.get_client(anna.id)
    assert repo.sessions_for_client(ben.id) == ben_sessions
    assert [s.client.name for s in repo.list_clients(include_archived=True)] == ["Ben Holm"]
    assert [e for e in repo.audit_log() if e.action == "delete_client"] == [AuditEntry(
        DELETED_AT,
        "delete_client",
        "Deleted client 'Anna Berg' (4 sessions, 24 measurements, 1 safety event): "
        "Client asked for her records to be erased",
    )]


def test_audit_wording_counts_in_the_singular_and_plural(repo: Repository) -> None:
    """One session reads '1 session'; none reads '0 ... events'."""
    solo = repo.add_client(Client("Solo Visit"))
    one_reading = visit(solo.id, 0)
    repo.save_session(replace(one_reading, measurements=one_reading.measurements[:1]))
    repo.delete_client(solo.id, "Duplicate record")
    assert repo.audit_log()[0].detail == (
        "Deleted client 'Solo Visit' (1 session, 1 measurement, 0 safety events): Duplicate record"
    )


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_delete_client_needs_a_written_reason(
    repo: Repository, engine: Engine, reason: str
) -> None:
    """A blank reason is refused calmly (a StorageError and a ValueError); nothing is deleted."""
    anna = repo.add_client(Client("Anna Berg"))
    repo.save_session(visit(anna.id, 0))
    before = rows_of_client(engine, anna.id)
    with pytest.raises(ReasonRequiredError) as caught:
        repo.delete_client(anna.id, reason)
    assert isinstance(caught.value, StorageError) and isinstance(caught.value, ValueError)
    assert "reason" in str(caught.value) and "Nothing was deleted" in str(caught.value)
    assert rows_of_client(engine, anna.id) == before
    assert repo.audit_log() == []


def test_a_deletion_that_fails_halfway_removes_nothing(engine: Engine) -> None:
    """Rows removed before a failure (here: writing the audit entry) come back: one transaction."""
    def broken_clock() -> datetime:
        raise RuntimeError("clock failed while writing the audit entry")

    repo = Repository(engine, clock=broken_clock)
    anna = Repository(engine).add_client(Client("Anna Berg"))
    repo.save_session(visit(anna.id, 0, events=1))
    before = rows_of_client(engine, anna.id)
    with pytest.raises(RuntimeError, match="audit entry"):
        repo.delete_client(anna.id, "Asked to be removed")
    assert rows_of_client(engine, anna.id) == before
    assert repo.audit_log() == []
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 0


def test_deleting_an_unknown_client_changes_nothing(repo: Repository) -> None:
    """An id that is not stored raises RecordNotFoundError and writes no audit entry."""
    with pytest.raises(RecordNotFoundError, match="Client 42"):
        repo.delete_client(42, "Cleaning up")
    assert repo.audit_log() == []


def test_deleted_records_do_not_linger_in_the_database_files(
    repo: Repository, db_path: Path
) -> None:
    """After deletion a distinctive note is in neither the database file nor its WAL."""
    marker = "Zanzibar-unique-note-8317"
    client = repo.add_client(Client("Erased Person", notes=marker))
    for day in range(30):
        repo.save_session(visit(client.id, day, note=marker))

    def files_mention_marker() -> bool:
        paths = (db_path, Path(f"{db_path}-wal"))
        return any(marker.encode() in p.read_bytes() for p in paths if p.exists())

    assert files_mention_marker()
    repo.delete_client(client.id, "Erasure request")
    assert not files_mention_marker()


def test_preferences_start_empty_and_upsert(repo: Repository) -> None:
    """save_preferences adds new keys, replaces given ones, and keeps keys it was not given."""
    assert repo.preferences() == {}
    repo.save_preferences({"planned_reps": "3", "sound_cues": "0"})
    repo.save_preferences({"planned_reps": "5", "phase_seconds": "3,4,4,3"})
    assert repo.preferences() == {
        "planned_reps": "5", "sound_cues": "0", "phase_seconds": "3,4,4,3"
    }
    repo.save_preferences({})
    assert repo.preferences()["planned_reps"] == "5"


@pytest.mark.parametrize("values", [{"": "1"}, {"k" * 101: "1"}, {"planned_reps": 4}])
def test_invalid_preferences_are_refused_whole(repo: Repository, values: dict) -> None:
    """An empty or overlong name, or a value that is not text, stores nothing of the batch."""
    with pytest.raises(ValueError):
        repo.save_preferences({"sound_cues": "1", **values})
    assert repo.preferences() == {}


def test_preferences_survive_reopening_the_database(db_path: Path, repo: Repository) -> None:
    """Preferences are in the file: a new engine and repository read them back."""
    repo.save_preferences({"spoken_cues": "1"})
    other = make_engine(database_url(str(db_path)))
    assert Repository(other).preferences() == {"spoken_cues": "1"}
    other.dispose()


def _plans(engine: Engine, action: Callable[[], object]) -> list[str]:
    """SQLite's query plan lines for every statement `action` runs."""
    statements: list[tuple[str, object]] = []

    def remember(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    with engine.connect() as connection:
        return [
            row[3]
            for statement, parameters in statements
            for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        ]


def test_history_and_client_list_never_scan_a_whole_table(repo: Repository, engine: Engine) -> None:
    """The client page's load and the client list only search indexes (what keeps a 1,000-session
    client and a 2,000-client list fast): no full scan of any session table."""
    anna = repo.add_client(Client("Anna Berg"))
    repo.add_client(Client("Ben Holm"))
    for day in range(3):
        repo.save_session(visit(anna.id, day, events=1))

    page = _plans(engine, lambda: repo.sessions_for_client(anna.id))
    listing = _plans(engine, lambda: repo.list_clients("an"))

    assert not [line for line in page if line.startswith("SCAN")], page
    for table in ("sessions", "measurements", "reps", "rep_blocks", "safety_events", "addenda"):
        assert any(line.startswith(f"SEARCH {table} USING") for line in page), page
    assert not [line for line in listing if line.startswith("SCAN sessions")], listing
    assert any("SEARCH sessions USING COVERING INDEX" in line for line in listing), listing

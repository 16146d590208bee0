"""A small database holding one of every kind of record, and a way to compare two databases."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from psoas_desktop.domain.model import (
    Addendum,
    CheckIn,
    Client,
    Direction,
    FeltBetter,
    Measurement,
    Method,
    PainLocation,
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
from psoas_desktop.persistence.db import database_url, make_engine
from psoas_desktop.persistence.migrate import upgrade_to_head
from psoas_desktop.persistence.repository import Repository

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def open_repository(path: Path) -> Repository:
    engine = make_engine(database_url(str(path)))
    upgrade_to_head(engine)
    return Repository(engine)


def finished_session(client_id: int, start: datetime = T0) -> Session:
    """A finished session with readings, two rep blocks, a safety event and a summary."""
    return Session(
        client_id=client_id,
        started_at=start,
        method=Method.GAP_CM,
        status=SessionStatus.COMPLETED,
        completed_step=7,
        check_in=CheckIn(pain_before=4, pain_locations=frozenset({PainLocation.RIGHT_HIP}),
                         changes_since_last="Slept better", red_flags_answered=True),
        first_direction=Direction.RIGHT,
        measurements=tuple(
            Measurement(t, side, (value,)) for t, values in
            ((Timepoint.BASELINE, (3.0, 1.5)), (Timepoint.AFTER_FIRST, (2.0, 1.0)),
             (Timepoint.AFTER_SECOND, (0.5, 0.0)))
            for side, value in zip((Side.LEFT, Side.RIGHT), values, strict=True)
        ),
        blocks=(
            RepBlock(Direction.RIGHT, 3, tuple(
                Rep(start + timedelta(seconds=60 + 14 * i), start + timedelta(seconds=74 + 14 * i))
                for i in range(3))),
            RepBlock(Direction.LEFT, 3, (Rep(start + timedelta(minutes=5),
                                             start + timedelta(minutes=5, seconds=14)),)),
        ),
        safety_events=(SafetyEvent(start + timedelta(minutes=3), SafetyEventKind.DIZZINESS, 2,
                                   "Paused", "Fine after a minute"),),
        summary=Summary(FeltBetter.SECOND, 1, "Right side freer", "Open-book 3x daily"),
        finished_at=start + timedelta(minutes=20),
    )


def seed(path: Path) -> Path:
    """Clients (one archived, one removed with an audit entry), a finished session with an
    addendum, one in progress, one abandoned, and remembered preferences."""
    repo = open_repository(path)
    anna = repo.add_client(Client("Anna Berg", notes="Prefers mornings"))
    zoe = repo.add_client(Client("Zoë Ørsted"))
    old = repo.add_client(Client("Archived Person"))
    gone = repo.add_client(Client("Removed Person"))
    done = repo.save_session(finished_session(anna.id))
    repo.add_addendum(done.id, Addendum(T0 + timedelta(days=1), "Called: felt looser all day"))
    repo.save_session(replace(finished_session(zoe.id, T0 + timedelta(days=2)),
                              status=SessionStatus.IN_PROGRESS, completed_step=3,
                              finished_at=None, summary=Summary()))
    repo.save_session(Session(client_id=old.id, started_at=T0 + timedelta(days=3),
                              method=Method.FINGERS, status=SessionStatus.ABANDONED,
                              abandon_reason="Client had to leave"))
    repo.set_archived(old.id, True)
    repo.delete_client(gone.id, "Asked to be removed")
    repo.save_preferences({"planned_reps": "4", "sound": "on"})
    repo.close()
    return path


def table_contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (alembic_version included), read without changing the file."""
    uri = f"{path.absolute().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        names = [n for (n,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        return {name: connection.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
                for name in names}


def corrupt_table_page(path: Path, table: str = "measurements") -> None:
    """Overwrite the cell pointers of `table`'s root page: SQLite's checks then fail."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    offset = (root - 1) * page_size
    data[offset + 8: offset + 200] = b"\xab" * 192
    path.write_bytes(bytes(data))

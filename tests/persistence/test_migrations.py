"""Migrations: the schema matches the models, older databases are backed up, newer ones refused."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from psoas_desktop.domain.model import Client, Method, Session, VerdictBasis
from psoas_desktop.domain.ports import InvalidRecordError, StorageError
from psoas_desktop.domain.protocol_def import parse_protocol, seed_protocol, seed_protocol_data
from psoas_desktop.persistence.db import NotADatabaseError, database_url, make_engine
from psoas_desktop.persistence.migrate import (
    MIGRATIONS,
    NewerDatabaseError,
    alembic_config,
    check_current,
    upgrade_to_head,
)
from psoas_desktop.persistence.orm import Base
from psoas_desktop.persistence.repository import Repository

NEXT_REVISION = '''
"""Test-only revision: a nickname column, checking foreign keys are off while it runs."""

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().exec_driver_sql("PRAGMA foreign_keys").scalar() != 0:
        raise RuntimeError("foreign keys must be off during a batch migration")
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("nickname", sa.Text(), nullable=True))
    {tail}


def downgrade():
    with op.batch_alter_table("clients") as batch:
        batch.drop_column("nickname")
'''


HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()
NEXT = "9001"  # a revision only a future release would ship


def _engine(path: Path) -> Engine:
    return make_engine(database_url(str(path)))


def _newer_app(tmp_path: Path, tail: str = "pass") -> Path:
    """A copy of the app's migrations plus a revision 0002, as a newer release would ship."""
    location = tmp_path / "newer-migrations"
    shutil.copytree(MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    (location / "versions" / f"{NEXT}_nickname.py").write_text(
        NEXT_REVISION.format(revision=NEXT, head=HEAD, tail=tail)
    )
    return location


def _revision(path: Path) -> str | None:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("select version_num from alembic_version").fetchall()
    return rows[0][0] if rows else None


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "psoas.db"


def test_migrated_schema_is_exactly_the_orm_models(db_path: Path) -> None:
    """Upgrading an empty database gives the models' tables, columns, types and indexes, no more."""
    engine = _engine(db_path)
    assert upgrade_to_head(engine) is None  # nothing to back up in a new database
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        tables = set(inspect(connection).get_table_names())
    assert tables == set(Base.metadata.tables) | {"alembic_version"}
    assert _revision(db_path) == HEAD
    engine.dispose()


def test_upgrading_a_current_database_changes_nothing(db_path: Path) -> None:
    """A second upgrade at head takes no backup and leaves the data as it was."""
    engine = _engine(db_path)
    upgrade_to_head(engine)
    Repository(engine).add_client(Client("Kept"))
    assert upgrade_to_head(engine) is None
    assert [p.name for p in db_path.parent.iterdir() if ".backup-" in p.name] == []
    check_current(engine)
    engine.dispose()


def test_upgrade_takes_a_url_string(db_path: Path) -> None:
    """upgrade_to_head also accepts a URL and disposes of the engine it made."""
    upgrade_to_head(database_url(str(db_path)))
    assert _revision(db_path) == HEAD


def test_an_older_database_is_backed_up_then_upgraded_in_place(
    db_path: Path, tmp_path: Path
) -> None:
    """A newer app first copies the database (0600, at the old revision), then upgrades it."""
    engine = _engine(db_path)
    upgrade_to_head(engine)
    client = Repository(engine).add_client(Client("Older Data"))
    newer = _newer_app(tmp_path)
    with pytest.raises(StorageError, match="older version"):
        check_current(engine, script_location=newer)

    backup = upgrade_to_head(engine, script_location=newer)

    assert backup is not None and backup.parent == db_path.parent
    assert backup.name.startswith(f"psoas.db.backup-{HEAD}-")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert _revision(backup) == HEAD
    with sqlite3.connect(backup) as copy:
        assert copy.execute("select name from clients").fetchall() == [("Older Data",)]
    assert _revision(db_path) == NEXT
    assert Repository(engine).get_client(client.id) == client
    with engine.connect() as connection:
        assert "nickname" in {c["name"] for c in inspect(connection).get_columns("clients")}
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    check_current(engine, script_location=newer)
    engine.dispose()


def test_a_failed_upgrade_rolls_back_completely(db_path: Path, tmp_path: Path) -> None:
    """If a migration fails halfway, the database stays at its old revision with its old columns."""
    engine = _engine(db_path)
    upgrade_to_head(engine)
    Repository(engine).add_client(Client("Survivor"))
    broken = _newer_app(tmp_path, tail='raise RuntimeError("disk trouble halfway")')
    with pytest.raises(RuntimeError, match="halfway"):
        upgrade_to_head(engine, script_location=broken)
    assert _revision(db_path) == HEAD
    with engine.connect() as connection:
        assert "nickname" not in {c["name"] for c in inspect(connection).get_columns("clients")}
    assert [s.client.name for s in Repository(engine).list_clients()] == ["Survivor"]
    assert len([p for p in db_path.parent.iterdir() if f".backup-{HEAD}-" in p.name]) == 1
    engine.dispose()


def test_a_newer_database_is_refused_and_left_byte_for_byte(db_path: Path) -> None:
    """A revision this app does not know raises NewerDatabaseError and changes no byte."""
    engine = _engine(db_path)
    upgrade_to_head(engine)
    Repository(engine).add_client(Client("From The Future"))
    engine.dispose()
    with sqlite3.connect(db_path) as connection:
        connection.execute("update alembic_version set version_num = '0099_future'")
    connection.close()
    before = db_path.read_bytes()

    with pytest.raises(NewerDatabaseError) as caught:
        _engine(db_path)  # refused at the door, on a read-only connection
    assert str(caught.value) == (
        "This database was written by a newer version of Psoas Desktop; please update the app."
    )
    with pytest.raises(NewerDatabaseError):
        upgrade_to_head(database_url(str(db_path)))
    assert db_path.read_bytes() == before
    assert [p.name for p in db_path.parent.iterdir() if ".backup-" in p.name] == []


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    """An SQLite file with someone else's tables (no Psoas revision) is not migrated into."""
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("create table recipes (name text)")
        connection.execute("insert into recipes values ('bread')")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(NotADatabaseError, match="not a Psoas Desktop database"):
        upgrade_to_head(database_url(str(path)))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]


def _release(tmp_path: Path, *revisions: str) -> Path:
    """The migrations as an earlier release shipped them: only `revisions` (e.g. "0001")."""
    location = tmp_path / f"release-{revisions[-1]}-migrations"
    shutil.copytree(MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    for revision in (location / "versions").glob("*.py"):
        if not revision.name.startswith((*(f"{r}_" for r in revisions), "__init__")):
            revision.unlink()
    return location


def _first_release(tmp_path: Path) -> Path:
    """The migrations as the first release shipped them: revision 0001 only."""
    return _release(tmp_path, "0001")


def test_a_first_release_database_gains_audit_log_and_preferences(
    db_path: Path, tmp_path: Path
) -> None:
    """A 0001 database with records is backed up, upgraded to head, and keeps every record."""
    engine = _engine(db_path)
    upgrade_to_head(engine, script_location=_first_release(tmp_path))
    assert _revision(db_path) == "0001"
    repo = Repository(engine)
    client = repo.add_client(Client("From Release One"))
    with engine.connect() as connection:
        assert "preferences" not in inspect(connection).get_table_names()

    backup = upgrade_to_head(engine)

    assert backup is not None and backup.name.startswith("psoas.db.backup-0001-")
    assert _revision(db_path) == HEAD
    assert repo.get_client(client.id) == client
    repo.save_preferences({"planned_reps": "4"})
    assert repo.preferences() == {"planned_reps": "4"}
    assert repo.delete_client(client.id, "Asked to be removed").sessions == 0
    assert [entry.action for entry in repo.audit_log()] == ["delete_client"]
    engine.dispose()


_SESSION_0002 = (
    "insert into sessions (id, client_id, started_at, status, method, completed_step, "
    "pain_locations, changes_since_last, red_flags, red_flags_answered, override_reason, "
    "precautions, surgery_clearance, neuroplastic_suspected, notes, home_program, abandon_reason) "
    "values (?, 1, ?, ?, ?, 7, '', '', '', 1, '', '', '', 0, '', '', '')"
)


def _release_two_database(db_path: Path, tmp_path: Path, preferences: dict[str, str]) -> None:
    """A 0002 database: finished sessions of every method, one in progress, one abandoned."""
    engine = _engine(db_path)
    upgrade_to_head(engine, script_location=_release(tmp_path, "0001", "0002"))
    engine.dispose()
    sessions = [  # id, status, method, readings per (time point, side)
        (1, "completed", "gap_cm", {("baseline", "left"): 2, ("baseline", "right"): 2,
                                    ("after_first", "left"): 2, ("after_first", "right"): 2}),
        (2, "completed", "gap_cm", {("baseline", "left"): 2, ("baseline", "right"): 1}),
        (3, "completed", "fingers", {("baseline", "left"): 1}),
        (4, "completed", "thigh_angle", {}),
        (5, "completed", "touches", {("baseline", "left"): 2, ("baseline", "right"): 2}),
        (6, "completed", "table_edge_angle", {("baseline", "left"): 1}),
        (7, "in_progress", "gap_cm", {("baseline", "left"): 2, ("baseline", "right"): 2}),
        (8, "abandoned", "gap_cm", {("baseline", "left"): 1}),
    ]
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("insert into clients values (1, 'Old', 'old', null, null, '', 0, "
                           "'2026-01-01T09:00:00.000000')")
        for session_id, status, method, readings in sessions:
            connection.execute(_SESSION_0002, (session_id, f"2026-01-0{session_id}T09:00:00.000000",
                                               status, method))
            for position, ((timepoint, side), count) in enumerate(readings.items()):
                for index in range(count):
                    connection.execute(
                        "insert into measurements (session_id, position, timepoint, side, "
                        "reading_index, value, lower_back_arches, knee_cannot_straighten) "
                        "values (?, ?, ?, ?, ?, 1.0, 0, 0)",
                        (session_id, position, timepoint, side, index))
        connection.execute("insert into rep_blocks (session_id, position, direction, "
                           "planned_reps) values (1, 0, 'left', 3)")
        connection.executemany("insert into preferences values (?, ?)", preferences.items())


def test_a_release_two_database_keeps_each_finished_verdict_as_judged_before(
    db_path: Path, tmp_path: Path
) -> None:
    """0002 -> 0003: finished sessions get today's SEM (valid preference, else default) and their
    fewest readings per value; unfinished ones stay unjudged; old rep blocks are not skipped."""
    _release_two_database(db_path, tmp_path, {
        "sem_gap_cm": "0.7",  # set by the therapist: used
        "sem_fingers": "one",  # unreadable: the default
        "sem_thigh_angle": "-3",  # not a SEM: the default
        "sem_table_edge_angle": "2.5",
        "sem_touches": "1",  # touches has no error model whatever is stored
    })
    engine = _engine(db_path)

    backup = upgrade_to_head(engine)

    assert backup is not None and backup.name.startswith("psoas.db.backup-0002-")
    repo = Repository(engine)
    basis = {s.id: s.verdict_basis for s in repo.sessions_for_client(1)}
    assert basis == {
        1: VerdictBasis(0.7, 2),
        2: VerdictBasis(0.7, 1),
        3: VerdictBasis(1.0, 1),
        4: VerdictBasis(2.0, 1),  # no measurements: one reading
        5: VerdictBasis(None, 2),
        6: VerdictBasis(2.5, 1),
        7: None,
        8: None,
    }
    assert [b.skipped for b in repo.get_session(1).blocks] == [False]
    engine.dispose()


def test_without_preferences_finished_sessions_get_the_method_defaults(
    db_path: Path, tmp_path: Path
) -> None:
    """0002 -> 0003 with no stored SEMs: gap and fingers 1, both angles 2, touches none."""
    _release_two_database(db_path, tmp_path, {})
    engine = _engine(db_path)
    upgrade_to_head(engine)
    sems = {s.method: s.verdict_basis.sem
            for s in Repository(engine).sessions_for_client(1) if s.verdict_basis}
    assert sems == {Method.GAP_CM: 1.0, Method.FINGERS: 1.0, Method.THIGH_ANGLE: 2.0,
                    Method.TOUCHES: None, Method.TABLE_EDGE_ANGLE: 2.0}
    engine.dispose()


def test_a_release_five_database_keeps_every_session_on_its_step_as_a_step_key(
    db_path: Path, tmp_path: Path
) -> None:
    """0005 -> 0006: every stored position becomes the seed protocol's step key (nothing
    completed stays NULL), every session follows the seed protocol, version 1, whose definition
    is now held with the records, and each in-progress session resumes where it did."""
    engine = _engine(db_path)
    upgrade_to_head(engine, script_location=_release(tmp_path, "0001", "0002", "0003", "0004",
                                                     "0005"))
    engine.dispose()
    positions = {1: -1, 2: 0, 3: 1, 4: 3, 5: 6, 6: 7}
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("insert into clients values (1, 'Old', 'old', null, null, '', 0, "
                           "'2026-01-01T09:00:00.000000')")
        for session_id, position in positions.items():
            connection.execute(_SESSION_0002.replace(", 7, ", f", {position}, "),
                               (session_id, f"2026-01-0{session_id}T09:00:00.000000",
                                "completed" if position == 7 else "in_progress", "gap_cm"))

    upgrade_to_head(_engine(db_path))

    with closing(sqlite3.connect(db_path)) as connection:
        stored = dict(connection.execute("select id, progress_step from sessions"))
        protocols = connection.execute("select key, version, content_hash from protocols").fetchall()
        refs = set(connection.execute("select protocol_key, protocol_version from sessions"))
    assert stored == {1: None, 2: "check_in", 3: "baseline", 4: "reps_first",
                      5: "retest_second", 6: "summary"}
    seed = seed_protocol()
    assert protocols == [(seed.key, seed.version, seed.content_hash)]
    assert refs == {(seed.key, seed.version)}
    repo = Repository(_engine(db_path))
    by_id = {s.id: s for s in repo.sessions_for_client(1)}
    assert {i: s.completed_step for i, s in by_id.items()} == positions
    assert all(s.protocol == seed for s in by_id.values())


def test_a_stored_protocol_version_is_never_changed(db_path: Path) -> None:
    """Sessions keep the definition they followed: the same key and version with other content
    is refused with a sentence, and nothing is written."""
    repo = Repository(_engine(db_path))
    upgrade_to_head(_engine(db_path))
    client = repo.add_client(Client("Ida"))
    data = dict(seed_protocol_data(), title="Edited in place")
    edited = parse_protocol(data, "edited")
    with pytest.raises(InvalidRecordError, match="already in the records with other content"):
        repo.save_session(Session(client.id, datetime(2026, 5, 1, 9, 0), protocol=edited))
    assert repo.sessions_for_client(client.id) == []
    renumbered = parse_protocol(dict(data, version=2), "edited")
    saved = repo.save_session(Session(client.id, datetime(2026, 5, 1, 9, 0), protocol=renumbered))
    assert Repository(_engine(db_path)).get_session(saved.id).protocol.title == "Edited in place"

"""Backups (SPEC 8.1): verified owner-only copies, the Anki rotation, the schedule, and restore."""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import make_url

from psoas_desktop.domain.model import Client
from psoas_desktop.domain.ports import ServerBackupsError, StorageError
from psoas_desktop.persistence.backup import (
    ANKI_PLAN,
    RotationLimits,
    backup_files,
    backups_to_keep,
    list_backups,
    restore_backup,
    take_backup,
    write_verified_copy,
)
from psoas_desktop.persistence.errors import (
    DamagedDatabaseError,
    NewerDatabaseError,
    NotADatabaseError,
)
from psoas_desktop.persistence.repository import Repository
from tests.records_seed import (
    corrupt_table_page,
    finished_session,
    open_repository,
    seed,
    table_contents,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return seed(tmp_path / "psoas.db")


# --- the rotating plan --------------------------------------------------------------------------
_local_times = st.lists(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 3, 12)),
    max_size=120,
)
_limits = st.builds(RotationLimits, st.integers(0, 12), st.integers(0, 10), st.integers(0, 9))
TODAY = date(2026, 3, 10)


@given(_local_times, _limits)
def test_rotation_keeps_a_subset_with_everything_since_yesterday(times, limits) -> None:
    """Kept indexes are real ones, every backup from yesterday on is kept, and the newest too."""
    kept = backups_to_keep(times, TODAY, limits)
    assert kept <= set(range(len(times)))
    recent = {i for i, t in enumerate(times) if t.date() >= TODAY - timedelta(days=1)}
    assert recent <= kept
    if times:
        assert max(range(len(times)), key=lambda i: times[i]) in kept


@given(_local_times, _limits)
def test_rotation_is_stable_when_run_again(times, limits) -> None:
    """Thinning what a thinning kept removes nothing more (the plan is idempotent)."""
    kept = sorted(backups_to_keep(times, TODAY, limits))
    again = backups_to_keep([times[i] for i in kept], TODAY, limits)
    assert again == set(range(len(kept)))


@given(_local_times)
def test_rotation_keeps_at_most_12_daily_10_weekly_9_monthly_older_backups(times) -> None:
    """Before yesterday at most 31 backups stay, no two on one day, each its day's newest."""
    kept = backups_to_keep(times, TODAY, ANKI_PLAN)
    older = [times[i] for i in kept if times[i].date() < TODAY - timedelta(days=1)]
    assert len(older) <= 12 + 10 + 9
    assert len({t.date() for t in older}) == len(older)
    for t in older:
        assert t == max(x for x in times if x.date() == t.date())


@given(_local_times)
def test_rotation_covers_the_12_most_recent_earlier_days(times) -> None:
    """Each of the 12 newest days (before yesterday) that has a backup keeps one."""
    kept_days = {times[i].date() for i in backups_to_keep(times, TODAY, ANKI_PLAN)}
    earlier_days = sorted({t.date() for t in times if t.date() < TODAY - timedelta(days=1)},
                          reverse=True)
    assert set(earlier_days[:12]) <= kept_days


def test_a_year_of_daily_backups_thins_to_the_anki_plan() -> None:
    """365 daily backups up to yesterday keep yesterday, 12 days, 10 weeks and 9 months: 32."""
    times = [datetime(2026, 3, 9, 18) - timedelta(days=i) for i in range(365)]
    kept = sorted((times[i] for i in backups_to_keep(times, TODAY)), reverse=True)
    assert len(kept) == 1 + 12 + 10 + 9
    assert [t.date() for t in kept[:13]] == [date(2026, 3, 9) - timedelta(i) for i in range(13)]
    weekly = kept[13:23]
    assert all(t.weekday() == 6 for t in weekly)  # the newest backup of a week is its Sunday
    monthly = kept[23:]
    assert all((t + timedelta(days=1)).month != t.month for t in monthly)  # last day of month


# --- one verified copy ----------------------------------------------------------------------------
def test_a_backup_is_a_verified_owner_only_copy_of_every_record(records: Path) -> None:
    """take_backup writes backups/NAME-<UTC>.db, 0600 in a 0700 folder, holding every row."""
    os.umask(0o022)
    info = take_backup(records, NOW)
    path = Path(info.path)
    assert path.parent == records.parent / "backups"
    assert path.name == "psoas-2026-03-10-120000Z.db"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert table_contents(path) == table_contents(records)
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert (info.clients, info.sessions, info.taken_at) == (3, 3, NOW)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_an_existing_wider_backups_folder_is_made_owner_only(records: Path) -> None:
    """A backups folder that others could read is tightened to 0700 before a copy goes in."""
    folder = records.parent / "backups"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    take_backup(records, NOW)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_damaged_database_never_becomes_a_backup(records: Path) -> None:
    """A copy that fails integrity_check raises DamagedDatabaseError; no file, no leftover."""
    corrupt_table_page(records)
    target = records.parent / "copy.db"
    with pytest.raises(DamagedDatabaseError):
        write_verified_copy(records, target)
    assert sorted(p.name for p in records.parent.iterdir()) == ["psoas.db"]


def test_a_backup_never_replaces_an_existing_file(records: Path) -> None:
    """write_verified_copy refuses a target that exists and leaves it as it was."""
    target = records.parent / "thesis.docx"
    target.write_bytes(b"years of work")
    with pytest.raises(StorageError, match="never replaces"):
        write_verified_copy(records, target)
    assert target.read_bytes() == b"years of work"


def test_two_backups_in_one_second_get_two_names(records: Path) -> None:
    """A second backup at the same time is numbered, not written over the first."""
    first, second = take_backup(records, NOW), take_backup(records, NOW)
    assert Path(second.path).name == "psoas-2026-03-10-120000Z-2.db"
    assert [p.name for p, _ in backup_files(records)] == [
        Path(second.path).name, Path(first.path).name]


def test_leftover_temporary_files_are_never_listed_and_are_cleaned(records: Path) -> None:
    """A killed backup's hidden .partial file is not a backup, and the next backup removes it."""
    folder = records.parent / "backups"
    folder.mkdir(mode=0o700)
    stale = folder / ".psoas-2026-03-09-100000Z.db.999999999.partial"
    stale.write_bytes(b"SQLite format 3\x00" + b"\x00" * 500)
    (folder / f"{stale.name}-journal").write_bytes(b"x")
    assert list_backups(records) == []
    take_backup(records, NOW)
    assert [p.name for p in folder.iterdir()] == ["psoas-2026-03-10-120000Z.db"]


def test_list_backups_shows_date_clients_and_sessions_newest_first(records: Path) -> None:
    """Each listed backup says when it was taken and how many clients and sessions it holds."""
    take_backup(records, NOW - timedelta(hours=2))
    repo = open_repository(records)
    repo.add_client(Client("Later Client"))
    repo.close()
    take_backup(records, NOW)
    listed = list_backups(records)
    assert [(b.taken_at, b.clients, b.sessions) for b in listed] == [
        (NOW, 4, 3), (NOW - timedelta(hours=2), 3, 3)]
    assert all(b.size_bytes > 0 and b.problem == "" for b in listed)


def test_thinning_applies_the_plan_to_the_backups_folder(records: Path) -> None:
    """Forty daily backups are thinned as they are taken: the plan's count remains."""
    for day in range(40, -1, -1):
        take_backup(records, NOW - timedelta(days=day), RotationLimits(daily=3, weekly=2,
                                                                       monthly=1))
    kept = backup_files(records)
    assert len(kept) <= 2 + 3 + 2 + 1
    assert kept[0][1] == NOW


# --- the schedule -----------------------------------------------------------------------------
def test_backup_if_due_follows_finish_and_the_30_minute_rule(tmp_path: Path) -> None:
    """First backup once there are records; none while nothing changed; a finished session
    at once; other changes only after 30 minutes."""
    repo = open_repository(tmp_path / "psoas.db")
    assert repo.backup_if_due(NOW) is None  # no records yet: nothing worth a copy
    client = repo.add_client(Client("Anna"))
    first = repo.backup_if_due(NOW)
    assert first is not None and first.clients == 1
    assert repo.backup_if_due(NOW + timedelta(hours=5)) is None  # nothing changed since

    repo.update_client(replace(client, notes="changed"))
    assert repo.backup_if_due(NOW + timedelta(minutes=10)) is None  # changed, too soon
    late = repo.backup_if_due(NOW + timedelta(minutes=31))
    assert late is not None and late.taken_at == NOW + timedelta(minutes=31)

    repo.save_session(finished_session(client.id))
    after_finish = repo.backup_if_due(NOW + timedelta(minutes=33))  # 2 minutes later: Finish
    assert after_finish is not None and after_finish.sessions == 1
    assert repo.backup_if_due(NOW + timedelta(minutes=34)) is None
    assert [b.taken_at for b in repo.list_backups()] == [
        NOW + timedelta(minutes=33), NOW + timedelta(minutes=31), NOW]
    repo.close()


def test_a_server_database_says_its_backups_are_the_servers() -> None:
    """On PostgreSQL no backup is pretended: backup_if_due is None, listing names pg_dump."""
    engine = SimpleNamespace(url=make_url("postgresql://clinic.example/psoas"))
    repo = Repository(engine)  # type: ignore[arg-type]
    assert repo.backup_if_due(NOW) is None
    with pytest.raises(ServerBackupsError, match="pg_dump"):
        repo.list_backups()
    with pytest.raises(ServerBackupsError, match="pg_dump"):
        repo.backup_now(NOW)


# --- restore ------------------------------------------------------------------------------------
def test_restore_brings_back_every_record_and_keeps_the_current_state(records: Path) -> None:
    """Backup, change everything, restore: every row is back, and the changed state is kept."""
    before = table_contents(records)
    backup = Path(take_backup(records, NOW).path)
    repo = open_repository(records)
    repo.add_client(Client("Added After"))
    repo.delete_client(1, "test")
    repo.close()
    changed = table_contents(records)

    result = restore_backup(records, backup, NOW + timedelta(hours=1))

    assert table_contents(records) == before
    assert result.previous is not None and table_contents(result.previous) == changed
    assert stat.S_IMODE(records.stat().st_mode) == 0o600
    assert not Path(f"{records}-wal").exists() and not Path(f"{records}-shm").exists()
    assert not [p for p in records.parent.iterdir() if p.name.endswith(".partial")]
    reopened = open_repository(records)
    assert {s.client.name for s in reopened.list_clients()} == {"Anna Berg", "Zoë Ørsted"}
    reopened.close()


def test_restore_over_a_damaged_database_keeps_a_raw_copy_of_it(records: Path) -> None:
    """A damaged current database is copied byte for byte before the backup replaces it."""
    backup = Path(take_backup(records, NOW).path)
    with closing(sqlite3.connect(records)) as writer:  # leave frames in a -wal, as a crash does
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("UPDATE clients SET notes = 'in the wal only'")
        writer.commit()
        stale_wal = Path(f"{records}-wal").read_bytes()
    corrupt_table_page(records)
    Path(f"{records}-wal").write_bytes(stale_wal)
    damaged = records.read_bytes()
    result = restore_backup(records, backup, NOW)
    assert result.previous is not None and result.previous.read_bytes() == damaged
    assert Path(f"{result.previous}-wal").read_bytes() == stale_wal
    assert "damaged" in result.previous.name
    assert not Path(f"{records}-wal").exists()  # the old -wal would be replayed into the copy
    assert table_contents(records) == table_contents(backup)


@pytest.mark.parametrize("problem", ["foreign", "newer", "damaged", "text"])
def test_restore_refuses_an_input_that_is_not_a_good_psoas_database(
    records: Path, tmp_path: Path, problem: str
) -> None:
    """Another program's file, a newer or damaged database or a text file: refused, and the
    current database is not touched (no backup taken, same bytes)."""
    source = tmp_path / "input.db"
    if problem == "foreign":
        with closing(sqlite3.connect(source)) as other:
            other.execute("CREATE TABLE recipes (name TEXT)")
            other.execute("CREATE TABLE alembic_version (version_num TEXT)")
            other.execute("INSERT INTO alembic_version VALUES ('0001')")
            other.commit()
        expected: type[Exception] = NotADatabaseError
    elif problem == "text":
        source.write_text("not a database")
        expected = NotADatabaseError
    else:
        write_verified_copy(records, source)
        if problem == "newer":
            with closing(sqlite3.connect(source)) as copy:
                copy.execute("UPDATE alembic_version SET version_num = '0999'")
                copy.commit()
            expected = NewerDatabaseError
        else:
            corrupt_table_page(source)
            expected = DamagedDatabaseError
    before = records.read_bytes()
    with pytest.raises(expected):
        restore_backup(records, source, NOW)
    assert records.read_bytes() == before
    assert not (records.parent / "backups").exists()


def test_restoring_the_oldest_kept_backup_is_not_thinned_away_first(records: Path) -> None:
    """With the plan full, the backup taken before a restore pushes the oldest monthly backup
    out of the plan: the chosen (oldest) backup is still copied before any thinning."""
    every_5_days = [NOW - timedelta(days=2 + 5 * i) for i in range(300)]
    times = sorted(every_5_days[i] for i in backups_to_keep(
        [t.astimezone().replace(tzinfo=None) for t in every_5_days], NOW.astimezone().date()))
    for taken in times:
        take_backup(records, taken, limits=None)
    oldest = backup_files(records)[-1][0]
    repo = open_repository(records)
    repo.add_client(Client("Newer"))
    repo.close()
    before = table_contents(oldest)
    restore_backup(records, oldest, NOW)
    assert table_contents(records) == before
    assert not oldest.exists()  # thinned afterwards, as the plan says


def test_the_repository_restores_while_open_and_keeps_working(records: Path) -> None:
    """Store.restore_backup on an open repository: records as in the backup, the state before
    kept as a listed backup, and the same repository reads and writes the restored file."""
    repo = open_repository(records)
    chosen = repo.backup_now(NOW - timedelta(hours=1))
    repo.add_client(Client("Only Before Restore"))
    previous = repo.restore_backup(chosen.path, NOW)
    assert previous is not None and previous.clients == 4
    assert "Only Before Restore" not in {s.client.name for s in repo.list_clients()}
    assert repo.add_client(Client("After Restore")).id is not None
    assert [b.taken_at for b in repo.list_backups()] == [NOW, NOW - timedelta(hours=1)]
    repo.close()

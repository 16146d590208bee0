"""Verified, owner-only backups of an SQLite database, kept on a rotating plan, and restore.

Every copy is written with SQLite's online backup into a temporary file beside its final name,
checked with `PRAGMA integrity_check`, flushed to disk and only then linked into place: a killed
backup leaves at most a hidden `.NAME.PID.partial` file, which listings ignore and the next
backup removes. Copies live in a `backups/` folder (0700) beside the database, files 0600.

Rotation follows Anki's plan: everything from today and yesterday, then the newest backup of
each of 12 earlier days, then of 10 earlier weeks, then of 9 earlier months.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
from collections.abc import Callable, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ..domain.ports import AuditEntry, BackupInfo, BackupPreview, StorageError
from .db import OWNER_ONLY, fsync_file, fsync_folder, translate_errors
from .errors import DamagedDatabaseError, NotADatabaseError
from .probe import open_read_only, probe_sqlite_file, shown

BACKUP_FOLDER = "backups"
FOLDER_MODE = 0o700
AUTO_INTERVAL = timedelta(minutes=30)
STAMP = "%Y-%m-%d-%H%M%S"
AUDIT_BACKUP = "backup"
AUDIT_RESTORE = "restore"
DUE_REASONS = {
    "first": "taken automatically (the first one)",
    "interval": "taken automatically (records changed, 30 minutes passed)",
    "finished": "taken automatically (a session was finished)",
}
_TEMPORARY = re.compile(r"^\..+\.(\d+)\.partial(?:-wal|-shm|-journal)?$")


@dataclass(frozen=True)
class RotationLimits:
    """How many older backups to keep: one per day, then per week, then per month."""

    daily: int = 12
    weekly: int = 10
    monthly: int = 9


ANKI_PLAN = RotationLimits()


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the database replaced, and where its previous state was kept."""

    database: Path
    restored_from: Path
    previous: Path | None  # a verified backup, or a raw copy of a damaged file; None if none


# --- the rotating plan (pure) ------------------------------------------------------------------
def backups_to_keep(
    times: Sequence[datetime], today: date, limits: RotationLimits = ANKI_PLAN
) -> set[int]:
    """Indexes of the backups (by their local time) to keep on `today`; the rest may go.

    Newest first: the newest backup and every backup from yesterday on are kept; then, while
    daily slots remain, the newest backup of each earlier day; then of each earlier week (Monday
    to Sunday); then of each earlier month. A backup is kept only if it is on an earlier day
    (week, month) than the last one kept, so each slot holds that period's newest backup.
    """
    yesterday = today - timedelta(days=1)
    left = {"daily": limits.daily, "weekly": limits.weekly, "monthly": limits.monthly}
    last: tuple[int, int, int] | None = None  # (day, week, month) of the last kept backup
    kept: set[int] = set()
    for index in sorted(range(len(times)), key=lambda i: times[i], reverse=True):
        day = times[index].date()
        periods = (day.toordinal(), (day.toordinal() - 1) // 7, day.year * 12 + day.month)
        if day >= yesterday or last is None:
            stage = None  # recent, or the newest of all: never thinned away
        elif left["daily"] > 0:
            stage = "daily"
        elif left["weekly"] > 0:
            stage = "weekly"
        elif left["monthly"] > 0:
            stage = "monthly"
        else:
            continue
        if stage is not None:
            position = ("daily", "weekly", "monthly").index(stage)
            if last is not None and periods[position] >= last[position]:
                continue  # this day (week, month) already has its newest backup
            left[stage] -= 1
        kept.add(index)
        last = periods
    return kept


# --- writing one verified copy ---------------------------------------------------------------
def temporary_name(final: Path) -> Path:
    """The hidden name a file is written under until it is complete."""
    return final.with_name(f".{final.name}.{os.getpid()}.partial")


def write_verified_copy(
    source: Path, target: Path, *, read_only_source: bool = False, keep_source_time: bool = False
) -> Path:
    """Copy the database `source` to the new file `target` (never replacing one), verified.

    The copy is a self-contained rollback-journal file (no -wal needed), owner-only. With
    `read_only_source`, the source is opened so that nothing can be written into it (a file to
    restore from); otherwise through an ordinary connection (the app's own database, which may be
    in use). With `keep_source_time`, the copy's mtime is the source's just before copying, so
    that any later change to the source shows as newer than the copy.
    """
    if os.path.lexists(target):
        raise StorageError(f"{shown(target)} already exists; a backup never replaces a file.")
    temporary = temporary_name(target)
    _remove_with_companions(temporary)
    try:
        source_time = source_stamp(source)
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, OWNER_ONLY))
        with translate_errors():
            _copy(source, temporary, read_only_source)
        fsync_file(temporary)
        if keep_source_time:
            os.utime(temporary, ns=(source_time, source_time))
        _link_into_place(temporary, target)
    except BaseException:
        _remove_with_companions(temporary)
        raise
    _remove_with_companions(temporary)
    fsync_folder(target.parent)
    return target


def _copy(source: Path, temporary: Path, read_only_source: bool) -> None:
    opener: Callable[[], sqlite3.Connection] = (
        (lambda: open_read_only(source)) if read_only_source
        else (lambda: sqlite3.connect(source, timeout=5))
    )
    with closing(opener()) as origin, closing(sqlite3.connect(temporary)) as copy:
        origin.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
        result = [row[0] for row in copy.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        raise DamagedDatabaseError("; ".join(str(r) for r in result[:5]))


def _link_into_place(temporary: Path, target: Path) -> None:
    """Give the complete file its real name; fails rather than replace an existing file."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise StorageError(
            f"{shown(target)} already exists; a backup never replaces a file."
        ) from None
    except OSError:  # no hard links on this file system (FAT): rename, checked just before
        if os.path.lexists(target):
            raise StorageError(
                f"{shown(target)} already exists; a backup never replaces a file."
            ) from None
        os.rename(temporary, target)


def _remove_with_companions(path: Path) -> None:
    for candidate in (path, *(Path(f"{path}{s}") for s in ("-journal", "-wal", "-shm"))):
        with suppress(FileNotFoundError):
            os.unlink(candidate)


def clean_stale_temporaries(folder: Path) -> list[Path]:
    """Remove hidden `.NAME.PID.partial` files left by a writer that is no longer running."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        if _process_alive(int(match.group(1))):
            continue
        with suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own leftover: this process is not writing it now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def source_stamp(path: Path) -> int:
    """When the database last changed: its mtime, or its -wal's if that holds any frames."""
    stamp = os.stat(path).st_mtime_ns
    with suppress(FileNotFoundError):
        wal = os.stat(f"{path}-wal")
        if wal.st_size > 0:
            stamp = max(stamp, wal.st_mtime_ns)
    return stamp


# --- the backups folder ------------------------------------------------------------------------
def backups_folder(database: Path) -> Path:
    return database.parent / BACKUP_FOLDER


def ensure_backups_folder(database: Path) -> Path:
    """The owner-only backups folder beside `database`, made if needed."""
    folder = backups_folder(database)
    try:
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
        info = os.lstat(folder)
    except OSError as error:
        raise StorageError(
            f"The backups folder {shown(folder)} could not be made: {error.strerror or error}."
        ) from error
    if not stat.S_ISDIR(info.st_mode):
        raise StorageError(f"{shown(folder)} is not a folder, so no backup could be written.")
    if stat.S_IMODE(info.st_mode) & ~FOLDER_MODE:
        with suppress(PermissionError):
            os.chmod(folder, stat.S_IMODE(info.st_mode) & FOLDER_MODE)
    return folder


def backup_name(database: Path, taken_at: datetime, number: int = 1) -> str:
    stamp = taken_at.astimezone(UTC).strftime(STAMP)
    suffix = f"-{number}" if number > 1 else ""
    return f"{database.stem}-{stamp}Z{suffix}.db"


def _name_pattern(database: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(database.stem)}-(\d{{4}}-\d{{2}}-\d{{2}}-\d{{6}})Z(?:-(\d+))?\.db$")


def backup_files(database: Path) -> list[tuple[Path, datetime]]:
    """Complete backups of `database` (by name; temporaries ignored), newest first."""
    folder = backups_folder(database)
    pattern = _name_pattern(database)
    found: list[tuple[Path, datetime, int]] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        match = pattern.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        taken = datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)
        found.append((Path(entry.path), taken, int(match.group(2) or 1)))
    found.sort(key=lambda item: (item[1], item[2]), reverse=True)
    return [(path, taken) for path, taken, _ in found]


def describe(path: Path, taken_at: datetime) -> BackupInfo:
    """Date, clients and sessions of one backup, read without changing it."""
    try:
        size = os.stat(path).st_size
        with closing(open_read_only(path)) as connection:
            clients = connection.execute("SELECT count(*) FROM clients").fetchone()[0]
            sessions = connection.execute("SELECT count(*) FROM sessions").fetchone()[0]
    except (OSError, sqlite3.Error, StorageError) as error:
        return BackupInfo(str(path), taken_at, None, None, 0, f"could not be read ({error})")
    return BackupInfo(str(path), taken_at, clients, sessions, size)


def preview(path: Path) -> tuple[list[str], int]:
    """The client names (in name order) and the number of sessions in one backup, read-only."""
    with translate_errors(), closing(open_read_only(path)) as connection:
        names = [name for (name,) in connection.execute(
            "SELECT name FROM clients ORDER BY name_folded, name, id")]
        sessions = connection.execute("SELECT count(*) FROM sessions").fetchone()[0]
    return names, sessions


def note_in_audit_log(database: Path, at: datetime, action: str, detail: str) -> bool:
    """Append one audit line with a short-lived connection (the command line's backups and
    restores); best effort: False, and nothing else, if it could not be written."""
    from sqlalchemy import create_engine, insert
    from sqlalchemy.engine import URL
    from sqlalchemy.exc import SQLAlchemyError

    from .orm import audit_log

    engine = create_engine(URL.create("sqlite", database=str(database)))
    try:
        with engine.begin() as connection:
            connection.execute(insert(audit_log).values(at=at, action=action, detail=detail))
    except (SQLAlchemyError, sqlite3.Error, OSError):
        return False
    finally:
        engine.dispose()
    return True


def restore_sentence(result: RestoreResult, where: str = "") -> str:
    """The audit log's sentence for a restore (file names and times only)."""
    found = _name_pattern(result.database).match(result.restored_from.name)
    source = (f"the backup taken {found.group(1)} UTC" if found
              else f"the file {shown(result.restored_from)}")
    if result.previous is None:
        before = "there were no records before it"
    elif "-damaged-" in result.previous.name:
        before = f"the damaged records before it were copied to {result.previous.name}"
    else:
        before = f"the records before it were backed up as {result.previous.name}"
    return f"Restored {source}{where}; {before}."


def list_backups(database: Path) -> list[BackupInfo]:
    """Every complete backup of `database`, newest first, with what it holds."""
    return [describe(path, taken) for path, taken in backup_files(database)]


def take_backup(
    database: Path, now: datetime, limits: RotationLimits | None = ANKI_PLAN
) -> BackupInfo:
    """A verified backup of `database` into its backups folder, then the rotation applied."""
    folder = ensure_backups_folder(database)
    clean_stale_temporaries(folder)
    number = 1
    while os.path.lexists(folder / backup_name(database, now, number)):
        number += 1
    target = folder / backup_name(database, now, number)
    write_verified_copy(database, target, keep_source_time=True)
    if limits is not None:
        thin_backups(database, now, limits)
    return describe(target, now)


def thin_backups(database: Path, now: datetime, limits: RotationLimits = ANKI_PLAN) -> list[Path]:
    """Remove the backups the rotating plan no longer keeps (days in local time)."""
    files = backup_files(database)
    local = [taken.astimezone() for _, taken in files]
    today = now.astimezone().date()
    keep = backups_to_keep(local, today, limits)
    removed = []
    for index, (path, _) in enumerate(files):
        if index not in keep:
            with suppress(FileNotFoundError):
                os.unlink(path)
                removed.append(path)
    return removed


# --- when an automatic backup is due ----------------------------------------------------------
def _finished_marker(connection: sqlite3.Connection) -> tuple[int, str | None]:
    return tuple(connection.execute(  # type: ignore[return-value]
        "SELECT count(*), max(finished_at) FROM sessions WHERE status = 'completed'"
    ).fetchone())


def backup_due(database: Path, now: datetime, interval: timedelta = AUTO_INTERVAL) -> str | None:
    """Why a backup is due now ('first', 'interval', 'finished'), or None if it is not.

    Due when there is no backup yet (and there are records), or when something changed since the
    newest backup and either `interval` has passed or a session was finished meanwhile. "Changed"
    compares file times only (a stat, no query), so the usual answer, "not due", costs nothing.
    """
    files = backup_files(database)
    if not files:
        with translate_errors(), closing(sqlite3.connect(database, timeout=5)) as connection:
            has_clients = connection.execute("SELECT count(*) FROM clients").fetchone()[0] > 0
        return "first" if has_clients else None
    newest, taken_at = files[0]
    try:
        if source_stamp(database) <= os.stat(newest).st_mtime_ns:
            return None
        if now - taken_at >= interval:
            return "interval"
        with closing(open_read_only(newest)) as copy:
            newest_marker = _finished_marker(copy)
    except (OSError, sqlite3.Error, StorageError):
        return "first"  # the newest backup cannot be read: take a good one
    with translate_errors(), closing(sqlite3.connect(database, timeout=5)) as connection:
        marker = _finished_marker(connection)
    return "finished" if marker != newest_marker else None


# --- restore ---------------------------------------------------------------------------------
def restore_backup(database: Path, source: Path, now: datetime) -> RestoreResult:
    """Replace `database` with a verified copy of `source`, keeping its current state first.

    `source` must be a Psoas database this app knows (integrity_check ok). The current database
    is backed up (or, if damaged, copied byte for byte) before anything is replaced; a file of
    another program at `database` is refused. The copy is written beside the database, flushed,
    the old -wal/-shm/-journal removed and then renamed over it in one step: at every moment the
    database is either the old one, complete, or the restored one.
    """
    checked = probe_sqlite_file(source, full_check=True)
    if checked.state != "psoas":
        raise NotADatabaseError(f"{shown(source)} holds no Psoas Desktop records to restore.")
    with suppress(OSError):
        if os.path.samefile(source, database):
            raise StorageError(f"{shown(source)} is the database itself; choose a backup.")
    previous: Path | None = None
    try:
        current = probe_sqlite_file(database)
    except DamagedDatabaseError:
        previous = _raw_copy(database, now)
        current = None
    if current is not None and current.state != "new":
        _checkpoint_or_refuse(database)
        # not thinned yet: the rotation must not remove `source` before it is copied
        previous = Path(take_backup(database, now, limits=None).path)
    if not database.parent.is_dir():
        raise StorageError(f"The folder {shown(database.parent)} does not exist.")
    temporary = temporary_name(database)
    _remove_with_companions(temporary)
    try:
        write_verified_copy(source, temporary, read_only_source=True)
        for suffix in ("-wal", "-shm", "-journal"):  # they belong to the old file
            with suppress(FileNotFoundError):
                os.unlink(f"{database}{suffix}")
        os.replace(temporary, database)
    except OSError as error:
        raise StorageError(
            f"The database could not be replaced: {error.strerror or error}. It was left as "
            "it was."
        ) from error
    finally:
        _remove_with_companions(temporary)
    fsync_folder(database.parent)
    probe_sqlite_file(database)
    thin_backups(database, now)
    return RestoreResult(database, source, previous)


def _checkpoint_or_refuse(database: Path) -> None:
    """Fold the -wal into the file, refusing if another connection is using the database."""
    with translate_errors(), closing(sqlite3.connect(database, timeout=2)) as connection:
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        raise StorageError(
            "The database is in use (Psoas Desktop may be open on it); close it and try again."
        )


def _raw_copy(database: Path, now: datetime) -> Path:
    """A byte-for-byte copy of a damaged database (and its -wal) into the backups folder."""
    folder = ensure_backups_folder(database)
    stamp = now.astimezone(UTC).strftime(STAMP)
    target = folder / f"{database.stem}-damaged-{stamp}Z.db"
    for source, destination in ((database, target),
                                (Path(f"{database}-wal"), Path(f"{target}-wal"))):
        if not source.exists():
            continue
        temporary = temporary_name(destination)
        fd = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, OWNER_ONLY)
        with os.fdopen(fd, "wb") as out, source.open("rb") as original:
            shutil.copyfileobj(original, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, destination)
    fsync_folder(folder)
    return target


# --- the backups of a database that cannot be opened ----------------------------------------
DAMAGED_NO_BACKUP = (
    "The records are damaged, so they cannot be backed up; restoring a backup keeps a copy of "
    "them, as they are, first."
)


class DamagedRecordsShelf:
    """The backups of a damaged database (`domain.ports.BackupShelf`): listed, previewed and
    restored without ever opening the database itself; a restore keeps a raw copy of it first."""

    def __init__(self, database: Path) -> None:
        self._database = database

    def list_backups(self) -> list[BackupInfo]:
        return list_backups(self._database)

    def preview_backup(self, backup_path: str) -> BackupPreview:
        names, sessions = preview(Path(backup_path))
        return BackupPreview(tuple(names), sessions)

    def backup_now(self, now: datetime) -> BackupInfo:
        raise StorageError(DAMAGED_NO_BACKUP)

    def restore_backup(self, backup_path: str, now: datetime) -> BackupInfo | None:
        result = restore_backup(self._database, Path(backup_path), now)
        note_in_audit_log(self._database, now, AUDIT_RESTORE, restore_sentence(result))
        if result.previous is None or "-damaged-" in result.previous.name:
            return None
        return describe(result.previous, now)

    def audit_log(self) -> list[AuditEntry]:
        return []  # the damaged file's own log cannot be trusted, and is never opened

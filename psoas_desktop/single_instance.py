"""One app window per set of records: a QLockFile beside an SQLite database (SPEC 8.1).

`<database>.lock` holds the process id, program name and host of the app that has the records
open, and that process keeps an OS-level lock on it. A second start finds it held and says so. A
lock left by a killed process is recovered: Qt sees that its process is gone and removes it, and
if the process id has since been reused, `removeStaleLockFile` still succeeds because no live
process holds the OS-level lock (the approach Qt's documentation gives for long-held locks:
stale time 0, a short tryLock, then the stale check).

Only SQLite files get a lock; a server database (a clinic's PostgreSQL) has its own concurrency.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QLockFile

from .domain.ports import StorageError
from .lock_probe import lock_path_for

TRY_MS = 300

log = logging.getLogger(__name__)


class RecordsAlreadyOpen(StorageError):
    """Another running app has these records open."""

    def __init__(self, database: Path, pid: int | None) -> None:
        who = f" (process {pid})" if pid else ""
        super().__init__(
            f"These records are already open in another Psoas Desktop window{who}. Please use "
            f"that window; only one window at a time can work on {database.name}."
        )


def lock_records(database: Path) -> QLockFile | None:
    """Hold the lock beside `database` for as long as the returned QLockFile lives.

    Raises RecordsAlreadyOpen when a live app holds it. Returns None when no lock file can be
    made there (a read-only folder): the database layer then reports its own calm error.
    """
    path = lock_path_for(database)
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # held for hours: never stale by age, only by a dead owner
    if lock.tryLock(TRY_MS):
        return _owner_only(lock, path)
    if lock.error() != QLockFile.LockError.LockFailedError:
        log.warning("could not lock %s (%s); carrying on without", database, lock.error().name)
        return None
    pid = _owner_pid(lock)
    if lock.removeStaleLockFile() and lock.tryLock(TRY_MS):
        log.warning("recovered a stale lock on %s left by process %s", database, pid)
        return _owner_only(lock, path)
    raise RecordsAlreadyOpen(database, pid)


def _owner_only(lock: QLockFile, path: Path) -> QLockFile:
    try:
        os.chmod(path, 0o600)  # it names this computer and process: the owner's business only
    except OSError:
        pass
    return lock


def _owner_pid(lock: QLockFile) -> int | None:
    info = lock.getLockInfo()
    try:
        return int(info[0]) if info else None
    except (TypeError, ValueError):
        return None

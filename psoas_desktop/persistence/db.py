"""Engines for the records: URL handling, SQLite pragmas, owner-only files, calm storage errors."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir
from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import SQLAlchemyError

from ..domain.ports import ReadOnlyDatabaseError, StorageError
from .errors import DAMAGED
from .errors import BadAddressError as BadAddressError  # re-exported: callers import them here
from .errors import DamagedDatabaseError as DamagedDatabaseError
from .errors import NotADatabaseError as NotADatabaseError
from .probe import (
    PSOAS_APPLICATION_ID,
    checked_path_text,
    checked_sqlite_path,
    probe_sqlite_file,
    shown,
)
from .probe import SQLITE_HEADER as SQLITE_HEADER

APP_DIR_NAME = "psoas-desktop"
OWNER_ONLY = 0o600
DEFAULT_BUSY_TIMEOUT_MS = 1500  # waits on the UI thread: long enough for a commit, short at the table
# Page cache per connection, in KiB (SQLite's default is 2 MB). A busy client's history is
# scattered over the file; 32 MB keeps it cached between openings of the client page.
CACHE_KIB = 32_000

BUSY = (
    "The database is busy (another copy of Psoas Desktop may be open). "
    "Your entries are still on screen; please try again."
)
DISK_FULL = (
    "The disk is full, so this step could not be saved. "
    "Your entries are still on screen; free some space and try again."
)
READ_ONLY = (
    "The database file can be read but not changed (check the file's permissions and the "
    "disk), so this step could not be saved. Your entries are still on screen."
)
CANNOT_OPEN = (
    "The database file could not be opened. Check that the disk is connected and the "
    "file is still there."
)
READ_ONLY_AT_START = (
    "The records file {path} can be read but not changed (check the permissions of the file and "
    "its folder, and that the disk is not write-protected). Psoas Desktop did not open it, "
    "because no session could be saved into it; make it writable, or copy it somewhere you can "
    "write, and start the app again."
)
GENERAL = (
    "The records could not be saved or read just now. "
    "Your entries are still on screen; please try again."
)

log = logging.getLogger(__name__)


def database_url(url_or_path: str) -> str:
    """A plain file path becomes an absolute `sqlite:///` URL; anything with `://` is kept.

    A blank value, or one like '::::' that is neither a URL nor clearly a path, is refused
    (BadAddressError) instead of becoming a new database in the current folder.
    """
    url_or_path = checked_path_text(url_or_path)
    if "://" in url_or_path:
        return url_or_path
    try:
        path = Path(url_or_path).expanduser().absolute()
    except RuntimeError as error:  # '~someone' with no such user
        raise BadAddressError(f"{shown(url_or_path)} is not a path this computer knows.") from error
    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def default_database_path(create: bool = True) -> Path:
    """`psoas.db` in the user data folder, which is made (owner-only) unless `create` is False."""
    folder = Path(user_data_dir(APP_DIR_NAME, appauthor=False))
    if create:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder / "psoas.db"


def demo_database_path(create: bool = True) -> Path:
    """`demo.db` beside the default database: made-up records for `--demo`, never real ones."""
    return default_database_path(create).with_name("demo.db")


def log_file_path() -> Path:
    """The app's log file (owner-only: a traceback may quote a client's entries)."""
    folder = Path(user_log_dir(APP_DIR_NAME, appauthor=False))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / "psoas-desktop.log"
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, OWNER_ONLY))
    return path


def sqlite_path(url: str | URL) -> Path | None:
    """The file behind an SQLite URL; None for other databases and SQLite URI filenames.

    Raises BadAddressError for an address that cannot hold records (unknown, in memory).
    """
    return checked_sqlite_path(url)


def make_engine(
    url: str,
    *,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    known_revisions: Iterable[str] | None = None,
) -> Engine:
    """An engine whose every SQLite connection has foreign keys, WAL, full sync and a busy timeout.

    The address and an SQLite file are checked first, on a read-only connection (`probe`):
    another program's file, a newer or damaged database, a device, pipe or folder, an in-memory
    or unknown address are refused with a StorageError before any byte is written or any mode
    changed. A new file is created owner-only, marked as this app's, and appears complete.
    `known_revisions` (default: this app's migrations) are the schema revisions accepted.
    """
    path = checked_sqlite_path(url)
    if path is not None:
        if probe_sqlite_file(path, known_revisions).state == "new":
            create_database_file(path)
    with translate_errors():
        try:
            engine = create_engine(url)
        except ImportError as error:
            raise StorageError(
                f"This database needs a driver that is not installed ({error.name or error}). "
                "Install it, or use an SQLite file."
            ) from None
    if engine.dialect.name == "sqlite":
        _set_pragmas_on_connect(engine, busy_timeout_ms)
    if path is not None:
        with translate_errors(), engine.connect():
            pass  # the first connection switches the file to WAL, creating -wal and -shm
        secure_sqlite_files(path)
    return engine


def secure_sqlite_files(path: Path) -> None:
    """Make the database and its -wal/-shm companions readable by their owner only."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            mode = candidate.stat().st_mode & 0o777
            if mode & ~OWNER_ONLY:  # only ever take permissions away: a read-only file stays so
                os.chmod(candidate, mode & OWNER_ONLY)
        except FileNotFoundError:
            continue
        except PermissionError:
            log.warning("could not make %s owner-only (permission denied)", candidate)


def create_database_file(path: Path) -> None:
    """A new, empty SQLite file marked with this app's application_id, owner-only.

    It is made under a temporary name and linked into place only when complete, so a killed
    start never leaves an empty file that would later look like another program's.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        fd = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, OWNER_ONLY)
        os.close(fd)
        with closing(sqlite3.connect(temporary)) as connection:
            connection.execute(f"PRAGMA application_id={PSOAS_APPLICATION_ID}")
            connection.commit()
        fsync_file(temporary)
        try:
            os.link(temporary, path)  # fails if the name was taken meanwhile: never overwrite
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links (FAT): rename, checked just before
            if os.path.lexists(path):
                raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
            os.rename(temporary, path)
        fsync_folder(path.parent)
    except FileExistsError:
        probe_sqlite_file(path)  # someone else made it meanwhile: judge that file instead
    except (OSError, sqlite3.Error) as error:
        strerror = getattr(error, "strerror", None)
        raise StorageError(
            f"A new database could not be created at {shown(path)}: {strerror or error}."
        ) from error
    finally:
        for leftover in (temporary, Path(f"{temporary}-journal")):
            with suppress(FileNotFoundError):
                os.unlink(leftover)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename or link in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _set_pragmas_on_connect(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        try:
            # busy_timeout first, so that switching to WAL also waits for a busy database
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        finally:
            cursor.close()


def is_read_only_error(error: BaseException) -> bool:
    """Whether a database or file error says the records can be read but not changed."""
    original = getattr(error, "orig", None) or error
    if isinstance(original, OSError) and not isinstance(original, sqlite3.Error):
        return original.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
    name = (getattr(original, "sqlite_errorname", "") or "").upper()
    text = f"{name} {original}".lower()
    return name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text


def refuse_read_only(engine: Engine) -> None:
    """Refuse, at start, an SQLite database this app can read but not change.

    Asks SQLite itself (so a read-only file, folder, disk or `mode=ro` address are all found,
    whoever runs the app, root included): a table created in a transaction that is rolled back.
    In WAL mode (every connection of `make_engine`) nothing reaches the disk, and a read-only
    file is refused before anything is written. Raises ReadOnlyDatabaseError.
    """
    if engine.dialect.name != "sqlite":
        return
    try:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("BEGIN")  # explicit: the driver would run DDL outside a transaction
            try:
                cursor.execute("CREATE TABLE _psoas_write_probe (x INTEGER)")
            finally:
                cursor.execute("ROLLBACK")
                cursor.close()
        finally:
            raw.close()
    except (SQLAlchemyError, sqlite3.Error, OSError) as error:
        if is_read_only_error(error):
            path = engine.url.database or ""
            raise ReadOnlyDatabaseError(READ_ONLY_AT_START.format(
                path=shown(path.removeprefix("file:").split("?")[0]))) from error
        raise StorageError(friendly_message(error)) from error


def friendly_message(error: BaseException) -> str:
    """A sentence a therapist understands for a database or file error."""
    original = getattr(error, "orig", None) or error
    name = getattr(original, "sqlite_errorname", "") or ""
    text = f"{name} {original}".lower()
    if isinstance(original, OSError) and not isinstance(original, sqlite3.Error):
        codes = {
            errno.ENOSPC: DISK_FULL,
            errno.EDQUOT: DISK_FULL,
            errno.EROFS: READ_ONLY,
            errno.EACCES: READ_ONLY,
            errno.EPERM: READ_ONLY,
        }
        return codes.get(original.errno or 0, GENERAL)
    checks = (
        (("locked", "busy"), BUSY),
        (("disk is full", "sqlite_full"), DISK_FULL),
        (("readonly", "read-only", "read only"), READ_ONLY),
        (("not a database", "malformed", "corrupt", "sqlite_notadb"), DAMAGED),
        (("unable to open", "cantopen"), CANNOT_OPEN),
    )
    for needles, message in checks:
        if any(needle in text for needle in needles):
            return message
    return GENERAL


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn SQLAlchemy, sqlite3 and file errors into a StorageError with a calm message."""
    try:
        yield
    except StorageError:
        raise
    except (SQLAlchemyError, sqlite3.Error, OSError) as error:
        log.info("storage error: %r", error)
        raise StorageError(friendly_message(error)) from error

"""Engines for the records: URL handling, SQLite pragmas, owner-only files, calm storage errors."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir, user_log_dir
from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from ..domain.ports import StorageError

APP_DIR_NAME = "psoas-desktop"
SQLITE_HEADER = b"SQLite format 3\x00"
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
DAMAGED = (
    "The database file is damaged, so it was not changed. Please keep a copy of it and "
    "restore your most recent backup."
)
CANNOT_OPEN = (
    "The database file could not be opened. Check that the disk is connected and the "
    "file is still there."
)
GENERAL = (
    "The records could not be saved or read just now. "
    "Your entries are still on screen; please try again."
)

log = logging.getLogger(__name__)


class NotADatabaseError(StorageError):
    """The chosen file is not a Psoas Desktop database; it was left untouched."""


def database_url(url_or_path: str) -> str:
    """A plain file path becomes an absolute `sqlite:///` URL; anything with `://` is kept."""
    if "://" in url_or_path:
        return url_or_path
    path = Path(url_or_path).expanduser().absolute()
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
    """The file behind an SQLite URL; None for other databases and in-memory SQLite."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StorageError(f"{url} is neither a database address nor a file path.") from error
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if database.startswith("file:"):  # SQLite URI filenames: leave them to the driver
        return None
    return Path(database)


def make_engine(url: str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Engine:
    """An engine whose every SQLite connection has foreign keys, WAL, full sync and a busy timeout.

    An SQLite file is checked before any connection: it must be an SQLite file (else
    NotADatabaseError, file untouched) in an existing folder; a new one is created owner-only.
    """
    path = sqlite_path(url)
    if path is not None:
        _prepare_sqlite_file(path)
    options: dict[str, Any] = {}
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and (parsed.database or ":memory:") == ":memory:":
        # one shared connection, or every checkout would see its own empty database
        options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    with translate_errors():
        try:
            engine = create_engine(url, **options)
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


def _prepare_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise NotADatabaseError(f"{path} is a folder, not a database file. It was left untouched.")
    if not path.parent.is_dir():
        raise StorageError(
            f"The folder {path.parent} does not exist, so the database {path.name} could not be "
            "opened or created there. Check the path, or create the folder first."
        )
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, OWNER_ONLY)
    except FileExistsError:
        _check_sqlite_header(path)
        _check_not_foreign(path)
        secure_sqlite_files(path)
    except OSError as error:
        raise StorageError(
            f"A new database could not be created at {path}: {error.strerror or error}."
        ) from error
    else:
        os.close(fd)


def _check_sqlite_header(path: Path) -> None:
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StorageError(f"{path} could not be read: {error.strerror or error}.") from error
    if header and header != SQLITE_HEADER:
        raise NotADatabaseError(
            f"{path} is not a Psoas Desktop database (it is not an SQLite file). "
            "It was left untouched."
        )


def _check_not_foreign(path: Path) -> None:
    """Refuse another program's SQLite file before our pragmas (WAL) could rewrite its header."""
    with translate_errors(), closing(sqlite3.connect(path)) as connection:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    if tables and "alembic_version" not in tables:
        raise NotADatabaseError(
            f"{path} is not a Psoas Desktop database (it holds other "
            "tables). It was left untouched."
        )


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

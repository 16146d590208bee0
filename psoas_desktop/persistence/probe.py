"""Look before touching: decide whether an address can hold Psoas records, changing nothing.

Every check here runs before any pragma that writes (WAL), any chmod and any migration. A file
is only ever stat()ed, its first bytes read through a non-blocking descriptor, and its tables
read through a read-only SQLite connection (`mode=ro`, or `immutable=1` when no -wal file
exists, so that not even a -wal/-shm pair appears beside another program's database).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from ..domain.ports import StorageError
from .errors import BadAddressError, DamagedDatabaseError, NewerDatabaseError, NotADatabaseError

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_HEADER = b"SQLite format 3\x00"
# Written into every database file this app creates (PRAGMA application_id), so that an empty
# database it made can be told from another program's empty one. 0x50736F61 is "Psoa".
PSOAS_APPLICATION_ID = 0x50736F61
VERSION_TABLE = "alembic_version"
# Tables and columns present in every Psoas schema since revision 0001: another program that
# also uses Alembic (even with a revision called "0001") does not have them all.
SIGNATURE: dict[str, frozenset[str]] = {
    "clients": frozenset({"name", "name_folded", "thigh_length_cm", "archived"}),
    "sessions": frozenset({"client_id", "first_direction", "red_flags"}),
    "measurements": frozenset({"session_id", "timepoint", "side"}),
}
MAX_SHOWN = 80  # characters of a path quoted in a message


@dataclass(frozen=True)
class DatabaseFile:
    """What a path holds: `new` (nothing yet), `fresh` (made by this app, no tables yet) or
    `psoas` (records at the given schema revisions, all known to this app)."""

    path: Path
    state: str
    revisions: frozenset[str] = frozenset()


def shown(value: object) -> str:
    """A path or address short enough for a one-line message."""
    text = str(value)
    return text if len(text) <= MAX_SHOWN else f"{text[:30]}...{text[-45:]}"


# --- addresses ------------------------------------------------------------------------------
def checked_path_text(url_or_path: str) -> str:
    """Refuse a blank value, or one that is neither clearly a URL nor clearly a path."""
    text = url_or_path.strip()
    if not text:
        raise BadAddressError(
            "No database was given (the path is blank). Give an SQLite file path or a "
            "database address."
        )
    if "://" in text:
        return url_or_path
    windows_drive = len(text) > 2 and text[1] == ":" and text[2] in "\\/" and text[0].isalpha()
    if ":" in text and "/" not in text and "\\" not in text and not windows_drive:
        # e.g. '::::' or 'postgresql:clinic': a mistyped address, not a file name
        raise BadAddressError(
            f"'{shown(text)}' is neither a database address (like postgresql://host/name) "
            "nor a file path. For a file whose name holds ':', write it as ./NAME."
        )
    return url_or_path


def checked_sqlite_path(url: str | URL) -> Path | None:
    """The SQLite file a URL names; None for a server database or an SQLite URI filename.

    Refuses (BadAddressError) an unreadable or unknown address and an in-memory database,
    which would open a window in which nothing can be kept.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise BadAddressError(
            f"'{shown(url)}' is neither a database address nor a file path."
        ) from error
    try:
        parsed.get_dialect()
    except NoSuchModuleError as error:
        raise BadAddressError(
            f"'{parsed.drivername}' is not a kind of database Psoas Desktop knows. Give an "
            "SQLite file path or a postgresql:// address."
        ) from error
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    in_memory = (
        database in ("", ":memory:")
        or parsed.query.get("mode") == "memory"
        or "mode=memory" in database
        or database.startswith("file::memory:")
    )
    if in_memory:
        raise BadAddressError(
            "An in-memory database keeps nothing once the app closes, so it cannot hold "
            "records. Give an SQLite file path instead."
        )
    if database.startswith("file:"):  # SQLite URI filenames (e.g. mode=ro): left to the driver
        return None
    return Path(database)


# --- files ----------------------------------------------------------------------------------
def probe_sqlite_file(
    path: Path, known_revisions: Iterable[str] | None = None, *, full_check: bool = False
) -> DatabaseFile:
    """Classify `path` without changing it; raise a StorageError subclass if it cannot be used.

    `full_check` runs `PRAGMA integrity_check` (for a file about to be restored) instead of the
    faster `quick_check` (at every start).
    """
    known = frozenset(known_revisions) if known_revisions is not None else known_heads_and_past()
    info = _stat(path)
    if info is None:
        _check_folder(path)
        return DatabaseFile(path, "new")
    if stat.S_ISDIR(info.st_mode):
        raise NotADatabaseError(
            f"{shown(path)} is a folder, not a database file. It was left untouched."
        )
    if not stat.S_ISREG(info.st_mode):
        raise BadAddressError(
            f"{shown(path)} is {file_kind(info.st_mode)}, not a database file. "
            "It was left untouched."
        )
    if info.st_size == 0:
        raise NotADatabaseError(
            f"{shown(path)} is an empty file that Psoas Desktop did not make. It was left "
            "untouched; choose another name, or remove it to start new records there."
        )
    if read_header(path) != SQLITE_HEADER:
        raise NotADatabaseError(
            f"{shown(path)} is not a Psoas Desktop database (it is not an SQLite file). "
            "It was left untouched."
        )
    with closing(open_read_only(path)) as connection:
        try:
            return _classify(connection, path, known, full_check)
        except sqlite3.DatabaseError as error:
            if _is_damage(error):
                raise DamagedDatabaseError(str(error)) from error
            raise _storage_error(error) from error


def is_sqlite_file(path: Path) -> bool:
    """True for an existing regular file that starts with the SQLite header (never blocks)."""
    info = _stat(path)
    if info is None or not stat.S_ISREG(info.st_mode):
        return False
    try:
        return read_header(path) == SQLITE_HEADER
    except StorageError:
        return False


def read_header(path: Path) -> bytes:
    """The first 16 bytes, read through a non-blocking descriptor (a FIFO never hangs us)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise StorageError(f"{shown(path)} could not be read: {error.strerror or error}.") from error
    try:
        return os.read(fd, len(SQLITE_HEADER))
    except OSError as error:
        raise StorageError(f"{shown(path)} could not be read: {error.strerror or error}.") from error
    finally:
        os.close(fd)


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write into `path`.

    Without a -wal file, `immutable=1`: SQLite would otherwise create a -wal/-shm pair beside
    a WAL-mode database even on a read-only connection.
    """
    absolute = path.absolute()
    uri = "file:" + quote(str(absolute), safe="/")
    has_wal = os.path.lexists(f"{absolute}-wal")
    uri += "?mode=ro" if has_wal else "?mode=ro&immutable=1"
    try:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)
    except sqlite3.Error as error:
        raise _storage_error(error) from error


@cache
def known_heads_and_past(script_location: Path = MIGRATIONS) -> frozenset[str]:
    """Every schema revision this app ships (its heads and all their ancestors).

    Read from the scripts' text (`schema.shipped_revisions`, no Alembic import); Alembic loads
    them only when that reading finds no complete chain (a damaged install).
    """
    from .schema import shipped_revisions  # schema imports this module at load time

    shipped = shipped_revisions(script_location)
    if shipped is not None:
        return shipped.known
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(script_location).replace("%", "%%"))
    script = ScriptDirectory.from_config(config)
    return frozenset(revision.revision for revision in script.walk_revisions())


def _classify(
    connection: sqlite3.Connection, path: Path, known: frozenset[str], full_check: bool
) -> DatabaseFile:
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    tables = {
        name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    revisions: frozenset[str] = frozenset()
    if VERSION_TABLE in tables:
        revisions = frozenset(
            row[0] for row in connection.execute(f"SELECT version_num FROM {VERSION_TABLE}")
        )
    if not (tables - {VERSION_TABLE}) and not revisions:
        if application_id != PSOAS_APPLICATION_ID:
            raise NotADatabaseError(
                f"{shown(path)} is an empty database that Psoas Desktop did not make (another "
                "program's). It was left untouched."
            )
        state = "fresh"
    elif not revisions or not has_psoas_signature(connection, tables):
        raise NotADatabaseError(
            f"{shown(path)} is not a Psoas Desktop database (it holds another program's "
            "tables). It was left untouched."
        )
    elif revisions - known:
        raise NewerDatabaseError()
    else:
        state = "psoas"
    check = "integrity_check" if full_check else "quick_check"
    result = [row[0] for row in connection.execute(f"PRAGMA {check}")]
    if result != ["ok"]:
        raise DamagedDatabaseError("; ".join(str(r) for r in result[:5]))
    return DatabaseFile(path, state, revisions)


def has_psoas_signature(connection: sqlite3.Connection, tables: set[str]) -> bool:
    """True when the tables and columns every Psoas schema has are all there."""
    for table, columns in SIGNATURE.items():
        if table not in tables:
            return False
        present = {row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')}
        if not columns <= present:
            return False
    return True


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _path_error(path, error) from error


def _check_folder(path: Path) -> None:
    parent = path.parent
    try:
        info = os.stat(parent)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise _path_error(path, error) from error
    if info is None or not stat.S_ISDIR(info.st_mode):
        raise StorageError(
            f"The folder {shown(parent)} does not exist, so the database {shown(path.name)} "
            "could not be opened or created there. Check the path, or create the folder first."
        )
    name_max = _name_max(parent)
    if len(os.fsencode(path.name)) > name_max:
        raise BadAddressError(
            f"The file name {shown(path.name)} is too long ({len(path.name)} characters; "
            f"this disk allows {name_max}). Choose a shorter name."
        )


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def _path_error(path: Path, error: OSError) -> StorageError:
    if error.errno == errno.ENAMETOOLONG:
        return BadAddressError(
            f"The path {shown(path)} is too long ({len(str(path))} characters) for this disk. "
            "Choose a shorter name or folder."
        )
    if error.errno == errno.ENOTDIR:
        return StorageError(
            f"{shown(path)} cannot be a database: part of its folder path is a file."
        )
    if error.errno == errno.ELOOP:
        return BadAddressError(f"{shown(path)} is a loop of links, not a database file.")
    return StorageError(f"{shown(path)} could not be checked: {error.strerror or error}.")


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words (for the sentences that refuse it)."""
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    name = (getattr(error, "sqlite_errorname", "") or "").upper()
    text = str(error).lower()
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or any(
        word in text for word in ("malformed", "not a database", "corrupt")
    )


def _storage_error(error: sqlite3.Error) -> StorageError:
    from .db import friendly_message  # db imports this module at load time

    return StorageError(friendly_message(error))

"""Bring a database to this app's schema: back up an older one first, refuse a newer one.

Alembic runs programmatically on the package's `migrations` folder; no alembic.ini is needed.
"""

from __future__ import annotations

import os
import sqlite3
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, inspect

from ..domain.ports import StorageError
from .backup import clean_stale_temporaries, write_verified_copy
from .db import (
    database_url,
    make_engine,
    secure_sqlite_files,
    sqlite_path,
    translate_errors,
)
from .errors import NewerDatabaseError as NewerDatabaseError  # re-exported for callers
from .errors import NotADatabaseError
from .probe import MIGRATIONS as MIGRATIONS
from .probe import SIGNATURE, VERSION_TABLE, known_heads_and_past


def alembic_config(script_location: Path = MIGRATIONS) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location).replace("%", "%%"))
    return config


class MissingMigrationsError(StorageError):
    """The app's own upgrade scripts are missing or broken (a damaged install); nothing changed."""

    def __init__(self, location: Path, detail: str) -> None:
        super().__init__(
            f"Psoas Desktop's database upgrade scripts are missing or damaged ({detail}; looked "
            f"in {location}). The records were not changed. Please reinstall the app."
        )


def migration_scripts(script_location: Path = MIGRATIONS) -> ScriptDirectory:
    """The app's Alembic scripts, checked: env.py and a complete chain of versions to one head.

    Without this, a bundle that lost its versions/ folder has no heads, a new database looks
    "current" with no tables, and the app would run on an empty file.
    """
    location = Path(script_location)
    if not (location / "env.py").is_file():
        raise MissingMigrationsError(location, "env.py is missing")
    try:
        with warnings.catch_warnings():  # alembic warns, then fails, on a revision it cannot find
            warnings.simplefilter("ignore", UserWarning)
            script = ScriptDirectory.from_config(alembic_config(location))
            heads = script.get_heads()
            revisions = list(script.walk_revisions())
    except KeyError as error:
        raise MissingMigrationsError(location, f"revision {error.args[0]} is missing") from error
    except (CommandError, ValueError) as error:
        raise MissingMigrationsError(location, " ".join(str(error).split())) from error
    if not revisions or len(heads) != 1:
        detail = "no version scripts" if not revisions else f"{len(heads)} heads"
        raise MissingMigrationsError(location, detail)
    if revisions[-1].down_revision is not None:
        raise MissingMigrationsError(location, f"revision {revisions[-1].down_revision} is missing")
    return script


def upgrade_to_head(
    engine_or_url: Engine | str, *, script_location: Path = MIGRATIONS
) -> Path | None:
    """Upgrade in place to the newest schema; returns the backup taken first, if any.

    Raises NewerDatabaseError (nothing changed) when a newer app wrote the database,
    NotADatabaseError for an SQLite file holding some other program's tables, and
    MissingMigrationsError (before any connection) when the app's scripts are incomplete.
    """
    script = migration_scripts(script_location)
    engine = (
        engine_or_url
        if isinstance(engine_or_url, Engine)
        else make_engine(database_url(engine_or_url),
                         known_revisions=known_heads_and_past(script_location))
    )
    config = alembic_config(script_location)
    try:
        with translate_errors():
            with engine.connect() as connection:
                current = _current_revisions(connection, script)
                foreign = not current and _has_tables(connection)
            if current == set(script.get_heads()):
                return None
            path = sqlite_path(engine.url)
            if foreign:
                name = path or engine.url.render_as_string()
                raise NotADatabaseError(
                    f"{name} is not a Psoas Desktop database (it holds other "
                    "tables). It was left untouched."
                )
            backup = _backup_sqlite(path, "+".join(sorted(current))) if path and current else None
            with _migration_connection(engine) as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "heads")
                connection.commit()
            if path is not None:
                secure_sqlite_files(path)
            return backup
    finally:
        if engine is not engine_or_url:
            engine.dispose()


def check_current(engine: Engine, *, script_location: Path = MIGRATIONS) -> None:
    """Refuse (changing nothing) a database that is not exactly at this app's schema."""
    script = migration_scripts(script_location)
    with translate_errors(), engine.connect() as connection:
        current = _current_revisions(connection, script)
    if not current:
        raise StorageError("This database holds no Psoas Desktop records yet.")
    if current != set(script.get_heads()):
        raise StorageError(
            "This database was made by an older version of Psoas Desktop. Open it "
            "in the app once to upgrade it (a backup is taken first)."
        )


def _current_revisions(connection: Connection, script: ScriptDirectory) -> set[str]:
    """The database's revisions; refuses one this app does not know.

    An unknown revision in a database without Psoas's tables is another program that also
    uses Alembic (NotADatabaseError), not a newer Psoas (NewerDatabaseError).
    """
    current = set(MigrationContext.configure(connection).get_current_heads())
    connection.rollback()
    known = {revision.revision for revision in script.walk_revisions()}
    if current and not _has_psoas_tables(connection):
        name = sqlite_path(connection.engine.url) or connection.engine.url.render_as_string()
        raise NotADatabaseError(
            f"{name} is not a Psoas Desktop database (it holds another program's tables). "
            "It was left untouched."
        )
    if current - known:
        raise NewerDatabaseError()
    return current


def _has_psoas_tables(connection: Connection) -> bool:
    inspector = inspect(connection)
    names = set(inspector.get_table_names())
    try:
        for table, columns in SIGNATURE.items():
            if table not in names:
                return False
            if not columns <= {c["name"] for c in inspector.get_columns(table)}:
                return False
        return True
    finally:
        connection.rollback()


def _has_tables(connection: Connection) -> bool:
    names = [n for n in inspect(connection).get_table_names() if n != VERSION_TABLE]
    connection.rollback()
    return bool(names)


@contextmanager
def _migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for Alembic: on SQLite, foreign keys off and the whole upgrade one transaction.

    The connection is discarded afterwards, so the pool never hands out its changed settings.
    """
    connection = engine.connect()
    try:
        if connection.dialect.name == "sqlite":
            raw = connection.connection.driver_connection
            assert isinstance(raw, sqlite3.Connection)
            connection.rollback()
            raw.isolation_level = None  # no implicit BEGIN/COMMIT by the driver: we begin below
            raw.execute("PRAGMA foreign_keys=OFF")  # batch copies would break with them on
            raw.execute("BEGIN IMMEDIATE")
        connection.begin()  # Alembic then sees an outer transaction and leaves commit to us
        yield connection
    finally:
        connection.invalidate()
        connection.close()


def _backup_sqlite(path: Path, revision: str) -> Path:
    """A verified copy of the database at `<name>.backup-<rev>-<UTC time>`, 0600.

    Written under a hidden temporary name and renamed only when complete and checked, so an
    upgrade killed midway never leaves a partial file that looks like a real backup.
    """
    clean_stale_temporaries(path.parent)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    base = path.with_name(f"{path.name}.backup-{revision}-{stamp}")
    target, number = base, 1
    while os.path.lexists(target):
        number += 1
        target = base.with_name(f"{base.name}-{number}")
    return write_verified_copy(path, target)

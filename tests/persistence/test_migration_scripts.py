"""A damaged install whose migration scripts are missing never yields an empty 'current' database."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from psoas_desktop.domain.ports import StorageError
from psoas_desktop.persistence.db import database_url, make_engine
from psoas_desktop.persistence.migrate import MIGRATIONS, check_current, upgrade_to_head


@pytest.fixture
def scripts(tmp_path: Path) -> Path:
    """A copy of the app's migration scripts to damage."""
    target = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def tables(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    connection.close()
    return [name for (name,) in rows]


@pytest.mark.parametrize("damage", ["no versions folder", "empty versions folder", "first missing"])
def test_missing_scripts_are_an_error_and_no_table_is_made(tmp_path, scripts, damage) -> None:
    """Versions gone, empty, or the first one lost: StorageError saying reinstall; the new
    database file gets no table at all (not even alembic_version)."""
    versions = scripts / "versions"
    if damage == "no versions folder":
        shutil.rmtree(versions)
    elif damage == "empty versions folder":
        for script in versions.glob("0*.py"):
            script.unlink()
    else:
        sorted(versions.glob("0*.py"))[0].unlink()
    path = tmp_path / "new.db"
    engine = make_engine(database_url(str(path)))
    try:
        with pytest.raises(StorageError, match="upgrade scripts are missing or damaged.*reinstall"):
            upgrade_to_head(engine, script_location=scripts)
        with pytest.raises(StorageError, match="reinstall"):
            check_current(engine, script_location=scripts)
    finally:
        engine.dispose()
    assert tables(path) == []


def test_missing_env_py_is_an_error_before_any_file_is_made(tmp_path, scripts) -> None:
    """Without env.py, upgrading a URL creates no database file at all."""
    (scripts / "env.py").unlink()
    path = tmp_path / "never.db"
    with pytest.raises(StorageError, match="env.py is missing"):
        upgrade_to_head(database_url(str(path)), script_location=scripts)
    assert not path.exists()


def test_the_intact_scripts_still_migrate(tmp_path, scripts) -> None:
    """The checks pass the real scripts: a new database gets its tables."""
    path = tmp_path / "fine.db"
    upgrade_to_head(database_url(str(path)), script_location=scripts)
    assert "alembic_version" in tables(path) and len(tables(path)) > 3


@pytest.mark.parametrize("damage", ["no versions folder", "first missing", "middle missing",
                                    "no env.py"])
def test_the_app_checks_its_scripts_before_opening_any_database(tmp_path, scripts, monkeypatch,
                                                                damage) -> None:
    """open_repository on a damaged install (its scripts read without Alembic): the calm error,
    and no database file is created."""
    from psoas_desktop import app
    from psoas_desktop.persistence import schema

    versions = scripts / "versions"
    if damage == "no versions folder":
        shutil.rmtree(versions)
    elif damage == "no env.py":
        (scripts / "env.py").unlink()
    else:
        chain = sorted(versions.glob("0*.py"))
        chain[0 if damage == "first missing" else 2].unlink()
    monkeypatch.setattr(schema, "MIGRATIONS", scripts)
    path = tmp_path / "records.db"
    with pytest.raises(StorageError, match="reinstall"):
        app.open_repository(database_url(str(path)))
    assert not path.exists()


def test_the_scripts_read_without_alembic_match_alembics_reading() -> None:
    """The head and revisions read from the scripts' text are the ones Alembic loads."""
    from psoas_desktop.persistence.migrate import migration_scripts
    from psoas_desktop.persistence.schema import shipped_revisions

    script = migration_scripts(MIGRATIONS)
    shipped = shipped_revisions(MIGRATIONS)
    assert shipped is not None
    assert {shipped.head} == set(script.get_heads())
    assert shipped.known == {r.revision for r in script.walk_revisions()}

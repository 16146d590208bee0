"""A database deleted, renamed or replaced while the app has it open (SPEC 8.1, issue 11): every
later save fails with a sentence the therapist understands, instead of "succeeding" into a file
that is no longer where the records live, and no new empty file appears at the path."""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import event

from psoas_desktop.domain.model import Client, Method
from psoas_desktop.domain.ports import DatabaseMovedError, StorageError
from psoas_desktop.persistence.db import database_url, make_engine
from psoas_desktop.persistence.migrate import upgrade_to_head
from psoas_desktop.persistence.repository import Repository

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "psoas.db"


@pytest.fixture
def engine(path: Path):
    engine = make_engine(database_url(str(path)))
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def repo(engine) -> Repository:
    repository = Repository(engine)
    repository.add_client(Client("Before The Move"))
    return repository


def _names(path: Path) -> list[str]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return [name for (name,) in connection.execute("SELECT name FROM clients ORDER BY id")]


def test_a_deleted_database_refuses_every_later_save(repo: Repository, path: Path) -> None:
    """After the file is deleted, each save raises DatabaseMovedError with the calm sentence, and
    no new (empty) database is created at the path."""
    os.unlink(path)
    for name in ("First After", "Second After"):
        with pytest.raises(DatabaseMovedError) as caught:
            repo.add_client(Client(name))
        message = str(caught.value)
        assert "moved, renamed or deleted" in message
        assert "Your entries are still on screen" in message
        assert "\n" not in message
    assert not path.exists()


def test_a_renamed_database_gets_nothing_more_written(repo: Repository, path: Path) -> None:
    """After a rename, a save is refused and the renamed file holds only what was saved before."""
    repo.close()  # the last connection folds the -wal into the file: it all moves together
    moved = path.with_name("moved.db")
    os.rename(path, moved)
    with pytest.raises(DatabaseMovedError):
        repo.add_client(Client("Into The Void"))
    with pytest.raises(DatabaseMovedError):  # reads are refused as well: not the records
        repo.list_clients()
    repo.close()
    assert _names(moved) == ["Before The Move"]
    assert not path.exists()


def test_a_file_replaced_by_a_copy_is_not_written(repo: Repository, path: Path) -> None:
    """A different file at the same path (a copy put back, another database) is refused too."""
    repo.close()
    copy = path.with_name("copy.db")
    shutil.copy(path, copy)
    os.replace(copy, path)
    with pytest.raises(DatabaseMovedError):
        repo.start_session(1, Method.GAP_CM, NOW)


def test_a_move_during_a_save_is_reported_after_the_commit(engine, repo: Repository,
                                                           path: Path) -> None:
    """A file moved while a save is being written: the commit lands in the moved file, but the
    save is reported as failed (checked after the commit), not as saved."""
    moved = path.with_name("moved.db")

    @event.listens_for(engine, "commit")
    def move_now(_connection) -> None:
        if path.exists():
            os.rename(path, moved)

    with pytest.raises(DatabaseMovedError):
        repo.add_client(Client("Mid Move"))


def test_putting_the_file_back_lets_saves_go_on(repo: Repository, path: Path) -> None:
    """Moving the file back where it was makes saves work again (it is the same file)."""
    moved = path.with_name("moved.db")
    os.rename(path, moved)
    with pytest.raises(StorageError):
        repo.add_client(Client("Refused"))
    os.rename(moved, path)
    repo.add_client(Client("After Return"))
    assert sorted(s.client.name for s in repo.list_clients()) == ["After Return",
                                                                  "Before The Move"]


def test_backups_are_refused_when_the_file_is_gone(repo: Repository, path: Path) -> None:
    """A backup asked for after the file vanished is refused and makes no empty file at the path."""
    os.unlink(path)
    with pytest.raises(DatabaseMovedError):
        repo.backup_now(NOW)
    with pytest.raises(DatabaseMovedError):
        repo.backup_if_due(NOW)
    assert not path.exists()

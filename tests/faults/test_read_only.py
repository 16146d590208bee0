"""A database the app can read but not change (SPEC 8.1, issue 11): refused at start with one calm
sentence, before the check-in, instead of failing at the first Next; the file is left as it was."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from psoas_desktop.app import EXIT_STORAGE, main, open_repository
from psoas_desktop.domain.ports import ReadOnlyDatabaseError
from psoas_desktop.persistence.db import database_url, is_read_only_error
from tests.faults.test_bad_files import snapshot
from tests.records_seed import seed


def _read_only_url(path: Path) -> str:
    return f"sqlite:///file:{path}?mode=ro&uri=true"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return seed(tmp_path / "psoas.db")


def test_a_read_only_database_is_refused_at_start(records: Path, tmp_path: Path) -> None:
    """Opening read-only records as the app does at start raises ReadOnlyDatabaseError with one
    sentence naming the file, and leaves the file's bytes and mode as they were (SQLite itself
    may add the -wal/-shm a reader of a WAL database uses)."""
    before = snapshot(tmp_path)["psoas.db"]
    with pytest.raises(ReadOnlyDatabaseError) as caught:
        open_repository(_read_only_url(records))
    message = str(caught.value)
    assert "can be read but not changed" in message and str(records) in message
    assert "\n" not in message
    assert snapshot(tmp_path)["psoas.db"] == before


def test_a_writable_database_opens_and_keeps_no_probe(records: Path) -> None:
    """The write check on a writable file leaves no trace (its probe table is rolled back)."""
    repository = open_repository(database_url(str(records)))
    repository.close()
    with sqlite3.connect(records) as connection:
        names = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    assert not any("probe" in name for name in names)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod 0400; the mode=ro "
                    "address above covers the same refusal")
def test_a_file_without_write_permission_is_refused(records: Path) -> None:
    """A file chmodded 0400 (not root) is refused at start the same way."""
    os.chmod(records, 0o400)
    try:
        with pytest.raises(ReadOnlyDatabaseError):
            open_repository(database_url(str(records)))
    finally:
        os.chmod(records, 0o600)


@pytest.mark.parametrize(("error", "read_only"), [
    (sqlite3.OperationalError("attempt to write a readonly database"), True),
    (OSError(errno.EROFS, "Read-only file system"), True),
    (OSError(errno.EACCES, "Permission denied"), True),
    (sqlite3.OperationalError("database is locked"), False),
    (OSError(errno.ENOSPC, "No space left on device"), False),
    (sqlite3.DatabaseError("database disk image is malformed"), False),
])
def test_the_read_only_decision(error: BaseException, read_only: bool) -> None:
    """Only errors that mean "can read, cannot change" count as a read-only database."""
    assert is_read_only_error(error) is read_only


def test_the_app_says_it_once_and_does_not_open(qapp, records: Path, tmp_path: Path,
                                                monkeypatch) -> None:
    """`psoas-desktop --database` on read-only records shows one message and exits 3, with no
    window (so no check-in is ever started on them)."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr("psoas_desktop.ui.messages.show_problem",
                        lambda _parent, text, title="": shown.append((title, text)))
    monkeypatch.setattr("psoas_desktop.app.can_show_dialogs", lambda: True)  # as on a screen
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert main(["--database", _read_only_url(records)]) == EXIT_STORAGE
    [(title, text)] = shown
    assert title == "Could not open the records"
    assert "can be read but not changed" in text

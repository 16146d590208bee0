"""Bad files and addresses (SPEC 8.1): each refused with one clear sentence at start, before any
byte is written, any mode changed or any companion file made."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from contextlib import closing
from pathlib import Path

import pytest

from psoas_desktop.app import open_repository, resolve_database
from psoas_desktop.cli import run_command
from psoas_desktop.domain.model import Client
from psoas_desktop.domain.ports import StorageError
from psoas_desktop.persistence.db import database_url
from psoas_desktop.persistence.errors import (
    BadAddressError,
    DamagedDatabaseError,
    NewerDatabaseError,
    NotADatabaseError,
)
from psoas_desktop.persistence.probe import PSOAS_APPLICATION_ID
from tests.records_seed import corrupt_table_page, seed


def snapshot(folder: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every entry of `folder`: its bytes (regular files only) and its mode."""
    result = {}
    for entry in sorted(folder.iterdir()):
        info = entry.lstat()
        content = entry.read_bytes() if stat.S_ISREG(info.st_mode) else None
        result[entry.name] = (content, info.st_mode)
    return result


def refused(url_or_path: str, folder: Path, error: type[Exception] = StorageError) -> str:
    """Open as the app does at start; assert the refusal and that `folder` is unchanged."""
    before = snapshot(folder)
    with pytest.raises(error) as caught:
        open_repository(database_url(url_or_path))
    assert snapshot(folder) == before
    message = str(caught.value)
    assert "\n" not in message and message
    return message


def other_program(path: Path, *, revision: str | None, wal: bool = False) -> Path:
    """Another application's SQLite file, optionally using Alembic too, optionally in WAL."""
    with closing(sqlite3.connect(path)) as connection:
        if wal:
            connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        connection.execute("INSERT INTO invoices (total) VALUES (120.5)")
        if revision is not None:
            connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
            connection.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
        connection.commit()
    os.chmod(path, 0o644)
    return path


@pytest.mark.parametrize("revision", ["ae1027a6acf", "0001", "0002"])
def test_another_apps_alembic_database_is_foreign_not_newer(tmp_path: Path, revision) -> None:
    """An Alembic-using database without Psoas's tables is 'not a Psoas Desktop database' (not
    'newer'), and is neither switched to WAL nor chmodded (mode 0644 kept)."""
    path = other_program(tmp_path / "billing.db", revision=revision)
    message = refused(str(path), tmp_path, NotADatabaseError)
    assert "not a Psoas Desktop database" in message and "newer" not in message
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_another_apps_wal_database_gets_no_wal_files_beside_it(tmp_path: Path) -> None:
    """Refusing a WAL-mode database of another program creates no -wal/-shm beside it."""
    path = other_program(tmp_path / "billing.db", revision="ae1027a6acf", wal=True)
    refused(str(path), tmp_path, NotADatabaseError)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["billing.db"]


def test_an_empty_sqlite_file_of_another_program_is_not_adopted(tmp_path: Path) -> None:
    """A valid but empty SQLite database that Psoas did not make is refused, not migrated."""
    path = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA user_version=7")
        connection.commit()
    assert path.stat().st_size > 0
    message = refused(str(path), tmp_path, NotADatabaseError)
    assert "did not make" in message


def test_a_zero_byte_file_is_not_adopted(tmp_path: Path) -> None:
    """An empty (0-byte) file is refused and stays empty, with its mode."""
    path = tmp_path / "empty.db"
    path.touch(mode=0o644)
    os.chmod(path, 0o644)
    assert "empty file" in refused(str(path), tmp_path, NotADatabaseError)
    assert path.stat().st_size == 0


def test_a_new_database_appears_complete_and_marked_as_psoas(tmp_path: Path) -> None:
    """A new file is made under a temporary name and carries this app's application_id; a
    fresh, never-migrated Psoas file (killed start) is still adopted."""
    path = tmp_path / "psoas.db"
    repo = open_repository(database_url(str(path)))
    repo.close()
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == PSOAS_APPLICATION_ID
    fresh = tmp_path / "fresh.db"
    with closing(sqlite3.connect(fresh)) as connection:
        connection.execute(f"PRAGMA application_id={PSOAS_APPLICATION_ID}")
        connection.commit()
    repo = open_repository(database_url(str(fresh)))
    assert repo.add_client(Client("Adopted")).id == 1
    repo.close()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_a_device_file_is_refused_and_not_chmodded(tmp_path: Path) -> None:
    """A character device (a copy of /dev/null) is refused as a device; its mode stays 0666."""
    device = tmp_path / "null-device"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as error:
        pytest.skip(f"cannot make a device node here: {error}")
    os.chmod(device, 0o666)
    message = refused(str(device), tmp_path, BadAddressError)
    assert "is a device" in message
    assert stat.S_IMODE(device.stat().st_mode) == 0o666


def test_a_fifo_is_refused_at_once_instead_of_hanging(tmp_path: Path) -> None:
    """A named pipe as the database is refused within seconds (it used to hang the start)."""
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo, 0o644)
    outcome: list[BaseException | None] = []

    def open_it() -> None:
        try:
            open_repository(database_url(str(fifo)))
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            outcome.append(error)

    worker = threading.Thread(target=open_it, daemon=True)
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():  # release the stuck open() so the thread can end
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        pytest.fail("opening a FIFO as the database hung")
    assert isinstance(outcome[0], BadAddressError) and "pipe" in str(outcome[0])
    assert stat.S_ISFIFO(fifo.stat().st_mode) and stat.S_IMODE(fifo.stat().st_mode) == 0o644


def test_a_folder_is_refused(tmp_path: Path) -> None:
    """A folder given as the database is refused and left as it was."""
    folder = tmp_path / "records"
    folder.mkdir(mode=0o755)
    assert "is a folder" in refused(str(folder), tmp_path, NotADatabaseError)


def test_an_over_long_path_is_refused_with_a_sentence(tmp_path: Path) -> None:
    """A 300-character file name gives a calm 'too long' message, not a traceback."""
    message = refused(str(tmp_path / ("a" * 300 + ".db")), tmp_path, BadAddressError)
    assert "too long" in message
    deep = tmp_path / "/".join(["b" * 200] * 25) / "psoas.db"  # > PATH_MAX in total
    assert "too long" in refused(str(deep), tmp_path, BadAddressError)


@pytest.mark.parametrize("typed", ["::::", " ", "", "postgresql:clinic"])
def test_a_blank_or_garbled_database_option_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    """--database '::::', a blank or a mistyped address: refused; no database appears in the
    current folder (nor, for a blank, silently in the default place)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with pytest.raises(BadAddressError):
        resolve_database(typed)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", [
    "sqlite:///:memory:", "sqlite://", "sqlite:///file::memory:?cache=shared&uri=true",
    "sqlite:///file:records?mode=memory&uri=true",
])
def test_an_in_memory_database_is_refused(tmp_path: Path, url: str) -> None:
    """An in-memory database would open a window in which nothing can be kept: refused."""
    assert "in-memory" in refused(url, tmp_path, BadAddressError)


def test_an_unknown_kind_of_address_is_refused(tmp_path: Path) -> None:
    """An address of a kind SQLAlchemy does not know gets a sentence, not a driver error."""
    assert "not a kind of database" in refused("mongodb://clinic/psoas", tmp_path,
                                               BadAddressError)


def test_a_newer_psoas_database_is_refused_before_wal_or_chmod(tmp_path: Path) -> None:
    """A Psoas database at a revision this app does not know: 'newer', every byte and mode kept,
    no -wal/-shm made."""
    path = seed(tmp_path / "psoas.db")
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999_future'")
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.commit()
    os.chmod(path, 0o640)
    message = refused(str(path), tmp_path, NewerDatabaseError)
    assert "newer version of Psoas Desktop" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["psoas.db"]


def test_a_damaged_database_is_refused_and_nothing_is_written_into_it(tmp_path: Path) -> None:
    """A corrupt data page fails quick_check at start: DamagedDatabaseError telling the therapist
    a backup can be restored; the file is byte-for-byte unchanged, no -wal/-shm made."""
    path = seed(tmp_path / "psoas.db")
    corrupt_table_page(path)
    for companion in ("-wal", "-shm"):
        Path(f"{path}{companion}").unlink(missing_ok=True)
    message = refused(str(path), tmp_path, DamagedDatabaseError)
    assert "damaged" in message and "backup" in message and "restore" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["psoas.db"]


@pytest.mark.parametrize("command", ["backup", "export"])
def test_the_command_line_answers_bad_addresses_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """backup and export on bad addresses: one line on stderr, non-zero exit, no traceback."""
    os.mkfifo(tmp_path / "pipe")
    long_path = str(tmp_path / ("c" * 300))
    extra = ["--format", "csv", "--output", str(tmp_path / "out.csv")] if command == "export" else []
    for bad in ("::::", " ", "sqlite:///:memory:", str(tmp_path / "pipe"), long_path,
                str(tmp_path)):
        assert run_command([command, "--database", bad, *extra]) != 0
        captured = capsys.readouterr()
        assert captured.out == ""
        assert len(captured.err.splitlines()) == 1, captured.err
        assert captured.err.startswith(f"psoas-desktop {command}: ")
        assert "Traceback" not in captured.err

"""The command line keeps records safe (SPEC 9.1): export never harms them; backup and restore
round-trip every record. Run as a user would: a new process."""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest

from psoas_desktop.domain.model import Client
from tests.records_seed import open_repository, seed, table_contents
from tests.test_cli import run


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def records(home: Path) -> Path:
    return seed(home / "psoas.db")


def one_line_refusal(result, command: str, words: str, code: int = 2) -> None:
    """Exit `code`, nothing on stdout, one line on stderr with `words`, no traceback."""
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"psoas-desktop {command}: "), result.stderr
    assert words in lines[0], lines[0]


def export(home: Path, database: Path, output: Path | str, *extra: str):
    return run("export", "--database", str(database), "--format", "csv", "--output", str(output),
               *extra, home=home)


def test_export_over_the_database_is_refused_and_the_records_survive(
    home: Path, records: Path
) -> None:
    """The reproduced bug: `export --output psoas.db` (with or without --force, by name or by a
    link) exits 2 with one line and the database keeps every record."""
    before = table_contents(records)
    link = home / "link.csv"
    link.symlink_to(records)
    for output, extra in ((records, ()), (records, ("--force",)), (Path("psoas.db"), ()),
                          (link, ("--force",))):
        one_line_refusal(export(home, records, output, *extra), "export", "never replaces")
    assert table_contents(records) == before
    assert records.read_bytes()[:16] == b"SQLite format 3\x00"


def test_export_never_writes_the_wal_shm_a_backup_or_any_sqlite_file(
    home: Path, records: Path
) -> None:
    """-wal/-shm (even when absent), a backup, any other SQLite file: refused even with --force,
    each left byte for byte; nothing new appears in the backups folder."""
    backup = run("backup", "--database", str(records), home=home).stdout.strip()
    other = home / "other-app.sqlite"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE t (x)")
        connection.commit()
    for output in (Path(f"{records}-wal"), Path(f"{records}-shm"), Path(backup), other):
        before = output.read_bytes() if output.exists() else None
        result = export(home, records, output, "--force")
        one_line_refusal(result, "export", "never")
        assert (output.read_bytes() if output.exists() else None) == before
    one_line_refusal(export(home, records, home / "backups" / "new.csv"), "export",
                     "backups folder")
    assert [p.name for p in (home / "backups").iterdir()] == [Path(backup).name]


def test_export_refuses_folders_pipes_and_devices_without_opening_them(
    home: Path, records: Path
) -> None:
    """A folder, a FIFO (which would block a writer) and a device node: exit 2, one line, each
    left as it was (a pipe is never opened)."""
    fifo = home / "pipe.csv"
    os.mkfifo(fifo, 0o644)
    targets = [(home, "is a folder"), (fifo, "pipe")]
    device = home / "null.csv"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        targets.append((device, "device"))
    except OSError:
        pass  # not allowed here (no root): the folder and the pipe still run
    for target, words in targets:
        mode = target.stat().st_mode
        one_line_refusal(export(home, records, target, "--force"), "export", words)
        assert target.stat().st_mode == mode
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_replaces_an_existing_file_only_with_force_and_writes_owner_only(
    home: Path, records: Path
) -> None:
    """An existing file is kept without --force (exit 2) and replaced with it; the CSV is 0600
    and no temporary file is left."""
    output = home / "records.csv"
    output.write_text("my thesis, chapter 3\n")
    one_line_refusal(export(home, records, output), "export", "--force")
    assert output.read_text() == "my thesis, chapter 3\n"
    result = export(home, records, output, "--force")
    assert result.returncode == 0, result.stderr
    assert output.read_text(encoding="utf-8-sig").startswith("client_name,session_id,")
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert not [p for p in home.iterdir() if p.name.startswith(".")]


def test_export_of_one_client(home: Path, records: Path) -> None:
    """--client NAME keeps only that client's rows; an unknown name is refused in one line."""
    output = home / "anna.csv"
    result = export(home, records, output, "--client", "anna berg")
    assert result.returncode == 0, result.stderr
    rows = output.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert rows and all(row.startswith("Anna Berg,") for row in rows)
    one_line_refusal(export(home, records, home / "x.csv", "--client", "Nobody"), "export",
                     "no client named")


def test_backup_writes_a_verified_copy_and_prints_its_path(home: Path, records: Path) -> None:
    """`backup` prints the copy's path (default: backups/ beside the database, 0600), `--output`
    writes where asked and never over an existing file."""
    result = run("backup", "--database", str(records), home=home)
    assert result.returncode == 0, result.stderr
    copy = Path(result.stdout.strip())
    assert copy.parent == home / "backups" and copy.name.startswith("psoas-")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert table_contents(copy) == table_contents(records)

    chosen = home / "usb-stick.db"
    result = run("backup", "--database", str(records), "--output", str(chosen), home=home)
    assert result.returncode == 0 and result.stdout.strip() == str(chosen)
    assert table_contents(chosen) == table_contents(records)
    one_line_refusal(run("backup", "--database", str(records), "--output", str(chosen),
                         home=home), "backup", "never replaces")


def test_backup_and_restore_refuse_what_they_cannot_do(home: Path, records: Path) -> None:
    """A server database (pg_dump), a missing database, restore without --yes and a text file
    to restore: each one line, non-zero, the records untouched."""
    before = records.read_bytes()
    one_line_refusal(run("backup", "--database", "postgresql://clinic/psoas", home=home),
                     "backup", "pg_dump")
    one_line_refusal(run("backup", "--database", str(home / "missing.db"), home=home),
                     "backup", "no database", code=3)
    assert not (home / "missing.db").exists()
    backup = run("backup", "--database", str(records), home=home).stdout.strip()
    before = records.read_bytes()  # the backup itself wrote its line in the audit log
    one_line_refusal(run("restore", "--database", str(records), "--input", backup, home=home),
                     "restore", "--yes")
    notes = home / "notes.txt"
    notes.write_text("not a database")
    one_line_refusal(run("restore", "--database", str(records), "--input", str(notes), "--yes",
                         home=home), "restore", "not a Psoas Desktop database", code=3)
    assert records.read_bytes() == before


def test_every_record_survives_backup_then_restore(home: Path, records: Path) -> None:
    """Backup, then add and delete records, then restore --yes: every row of every table is as
    it was at the backup, and the changed state was itself backed up first; the audit log says
    both the backup and the restore."""
    backup = run("backup", "--database", str(records), home=home).stdout.strip()
    original = table_contents(records)
    assert original["audit_log"][-1][2:] == (
        "backup", "Backup asked for on the command line, into the backups folder.")
    repo = open_repository(records)
    repo.add_client(Client("After The Backup"))
    repo.delete_client(1, "changed my mind")
    repo.close()
    changed = table_contents(records)
    assert changed != original

    result = run("restore", "--database", str(records), "--input", backup, "--yes", home=home)

    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1 and "Restored" in result.stdout
    restored = table_contents(records)
    restore_line = restored["audit_log"].pop()
    assert restored == original
    assert restore_line[2] == "restore" and "the records before it were backed up as" in \
        restore_line[3]
    kept = [b for b in (home / "backups").iterdir() if str(b) != backup]
    assert [table_contents(b) for b in kept] == [changed]
    assert stat.S_IMODE(records.stat().st_mode) == 0o600
    repo = open_repository(records)
    assert {s.client.name for s in repo.list_clients(include_archived=True)} == {
        "Anna Berg", "Zoë Ørsted", "Archived Person"}
    repo.close()

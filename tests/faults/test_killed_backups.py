"""Backups killed midway (a real child process and SIGKILL) never leave a file that looks real.

The pre-migration backup used to leave a 0-byte or partial `psoas.db.backup-0002-...` when an
upgrade was killed (14 of 24 trials): now every copy is written under a hidden temporary name,
verified, and renamed only when complete; the next backup removes the leftover.
"""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from psoas_desktop.persistence.backup import list_backups, take_backup
from psoas_desktop.persistence.db import database_url
from psoas_desktop.persistence.migrate import MIGRATIONS, upgrade_to_head
from tests.records_seed import seed, table_contents

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

REPO_ROOT = Path(__file__).resolve().parents[2]

NEXT_REVISION = '''"""Test-only revision shipped by a pretend newer release."""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("nickname", sa.Text(), nullable=True))


def downgrade():
    pass
'''

CHILD = '''
import sqlite3, sys, time
from contextlib import closing
from datetime import UTC, datetime
from datetime import UTC, datetime
from pathlib import Path

import psoas_desktop.persistence.backup as backup
from psoas_desktop.persistence.db import database_url
from psoas_desktop.persistence.migrate import upgrade_to_head

what, database, slow = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "slow"
if slow:  # the same copy, one page at a time, so that the kill lands inside it
    def paced_copy(source, temporary, read_only_source):
        with closing(sqlite3.connect(source)) as origin, \\
                closing(sqlite3.connect(temporary)) as copy:
            def progress(status, remaining, total):
                print("copying", flush=True)
                time.sleep(0.05)
            origin.backup(copy, pages=4, progress=progress)
    backup._copy = paced_copy
print("started", flush=True)
if what == "backup":
    backup.take_backup(database, datetime.now(UTC))
else:
    upgrade_to_head(database_url(str(database)), script_location=Path(sys.argv[4]))
print("done", flush=True)
'''


def newer_migrations(tmp_path: Path) -> Path:
    """This app's migrations plus a revision 9001, as a newer release would ship them."""
    from psoas_desktop.persistence.probe import known_heads_and_past

    location = tmp_path / "newer-migrations"
    shutil.copytree(MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    head = max(known_heads_and_past())
    (location / "versions" / "9001_nickname.py").write_text(NEXT_REVISION.format(head=head))
    return location


def big_records(path: Path) -> Path:
    """The seeded records plus some 4 MB of notes, so that a copy takes many pages."""
    seed(path)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE clients SET notes = ? WHERE id = 1", ("é" * 2_000_000,))
        connection.commit()
    return path


def start_child(what: str, database: Path, slow: bool, migrations: Path | None = None):
    args = [sys.executable, "-c", CHILD, what, str(database), "slow" if slow else "fast"]
    if migrations is not None:
        args.append(str(migrations))
    return subprocess.Popen(args, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)


def kill_when_copying(child: subprocess.Popen[str]) -> None:
    """Wait for the child to report that it is inside the copy, then SIGKILL it."""
    assert child.stdout is not None
    for line in child.stdout:
        if line.strip() == "copying":
            break
    else:
        pytest.fail("the child finished without copying")
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


def visible_backups(folder: Path, database: Path) -> list[Path]:
    return [p for p in folder.iterdir()
            if p.name.startswith(f"{database.name}.backup-") and not p.name.startswith(".")]


def assert_verified_copy_of(path: Path, records: dict[str, list[tuple[object, ...]]]) -> None:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert table_contents(path)["clients"] == records["clients"]


def test_an_automatic_backup_killed_midway_is_ignored_then_cleaned(tmp_path: Path) -> None:
    """SIGKILL inside the copy: no backup is listed, only a hidden .partial file remains, and
    the next backup removes it and writes a verified copy."""
    database = big_records(tmp_path / "psoas.db")
    kill_when_copying(start_child("backup", database, slow=True))
    folder = tmp_path / "backups"
    leftovers = [p.name for p in folder.iterdir()]
    assert leftovers and all(name.startswith(".") and ".partial" in name for name in leftovers)
    assert list_backups(database) == []

    info = take_backup(database, NOW)
    assert [p.name for p in folder.iterdir()] == [Path(info.path).name]
    assert_verified_copy_of(Path(info.path), table_contents(database))


def test_an_upgrade_killed_inside_its_backup_leaves_no_backup_lookalike(tmp_path: Path) -> None:
    """SIGKILL while the pre-migration backup is copied: no 'psoas.db.backup-...' file exists,
    the database is untouched at its old revision, and a later upgrade succeeds cleanly."""
    database = big_records(tmp_path / "psoas.db")
    migrations = newer_migrations(tmp_path)
    before = table_contents(database)
    kill_when_copying(start_child("upgrade", database, slow=True, migrations=migrations))
    assert visible_backups(tmp_path, database) == []
    assert any(p.name.endswith(".partial") for p in tmp_path.iterdir())
    assert table_contents(database) == before

    backup = upgrade_to_head(database_url(str(database)), script_location=migrations)
    assert backup is not None and visible_backups(tmp_path, database) == [backup]
    assert_verified_copy_of(backup, before)
    assert not any(p.name.endswith(".partial") for p in tmp_path.iterdir())


def test_upgrades_killed_at_random_moments_never_leave_a_partial_backup(tmp_path: Path) -> None:
    """Six real upgrades killed at seeded random moments: every visible backup is complete and
    verified, and a restart upgrades with every record (it used to fail 14 of 24)."""
    rng = random.Random(11)
    migrations = newer_migrations(tmp_path)
    for trial in range(6):
        folder = tmp_path / f"trial-{trial}"
        folder.mkdir()
        database = big_records(folder / "psoas.db")
        before = table_contents(database)
        child = start_child("upgrade", database, slow=False, migrations=migrations)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "started"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        for backup in visible_backups(folder, database):
            assert_verified_copy_of(backup, before)
        after = table_contents(database)
        assert after["clients"] == before["clients"] or (
            [row[:-1] for row in after["clients"]] == before["clients"]  # upgraded: + nickname
        )
        upgrade_to_head(database_url(str(database)), script_location=migrations)  # a restart
        assert [row[:-1] for row in table_contents(database)["clients"]] == before["clients"]

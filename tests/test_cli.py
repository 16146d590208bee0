"""The command line of the automation contract (SPEC 9), run as a user would: a new process."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from psoas_desktop import __version__
from psoas_desktop.domain.model import Client, Direction, Measurement, Method, Side, Timepoint
from psoas_desktop.persistence.db import database_url, make_engine
from psoas_desktop.persistence.migrate import upgrade_to_head
from psoas_desktop.persistence.repository import Repository

CONTRACT_COLUMNS = [
    "client_name", "session_id", "session_started_at", "session_status", "method", "unit",
    "timepoint", "side", "reading", "value", "first_direction", "second_direction",
]


def run(*args: str, home: Path, database: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m psoas_desktop ARGS` with private user folders, no screen, and
    PSOAS_DATABASE_URL set to `database` (unset if None)."""
    env = {k: v for k, v in os.environ.items() if k != "PSOAS_DATABASE_URL"}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"))
    if database is not None:
        env["PSOAS_DATABASE_URL"] = database
    return subprocess.run([sys.executable, "-m", "psoas_desktop", *args], capture_output=True,
                          text=True, env=env, cwd=home, timeout=60)


def assert_calm_failure(result: subprocess.CompletedProcess[str], words: str) -> None:
    """Non-zero exit, nothing on stdout, and one line on stderr saying `words`, no traceback."""
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("psoas-desktop export: ") and words in lines[0], lines[0]
    assert "Traceback" not in result.stderr


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A database with one finished session: baseline, after A, after B, two readings once."""
    path = tmp_path / "records.db"
    engine = make_engine(database_url(str(path)))
    upgrade_to_head(engine)
    repo = Repository(engine)
    client = repo.add_client(Client("Anna Berg"))
    session = repo.start_session(client.id, Method.GAP_CM, datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    values = {Timepoint.BASELINE: ((3.0, 3.5), (5.0,)), Timepoint.AFTER_FIRST: ((2.0,), (4.0,)),
              Timepoint.AFTER_SECOND: ((1.5,), (3.5,))}
    repo.save_session(replace(
        session,
        first_direction=Direction.LEFT,
        measurements=tuple(
            Measurement(t, side, readings[i]) for t, readings in values.items()
            for i, side in enumerate(Side)
        ),
    ))
    engine.dispose()
    return path


def test_version_prints_the_version_and_exits_0(home: Path) -> None:
    """--version prints 'psoas-desktop <version>' on stdout and exits 0 without opening a window."""
    result = run("--version", home=home)
    assert result.returncode == 0
    assert result.stdout.strip() == f"psoas-desktop {__version__}"


def test_help_lists_the_contract_options_and_exits_0(home: Path) -> None:
    """--help exits 0 and names every contract option and the export command."""
    result = run("--help", home=home)
    assert result.returncode == 0
    for option in ("--database", "--fullscreen", "--version", "--help", "--demo", "export"):
        assert option in result.stdout
    assert not (home / "data").exists()  # asking for help creates no database


def test_export_help_exits_0(home: Path) -> None:
    """`export --help` exits 0 and names --database, --format and --output."""
    result = run("export", "--help", home=home)
    assert result.returncode == 0
    assert all(option in result.stdout for option in ("--database", "--format", "--output"))


def test_export_refuses_an_unknown_format(home: Path, records: Path) -> None:
    """--format xml: non-zero exit, one calm line naming csv, no file written."""
    output = home / "out.xml"
    result = run("export", "--database", str(records), "--format", "xml", "--output", str(output),
                 home=home)
    assert_calm_failure(result, "unknown format 'xml'")
    assert not output.exists()


def test_export_refuses_a_missing_output_folder(home: Path, records: Path) -> None:
    """An output in a folder that does not exist: non-zero, one line, the folder is not made."""
    output = home / "no-such-folder" / "out.csv"
    result = run("export", "--database", str(records), "--format", "csv", "--output", str(output),
                 home=home)
    assert_calm_failure(result, "does not exist")
    assert not output.parent.exists()


def test_export_refuses_a_file_that_is_not_a_database_and_leaves_it_alone(home: Path) -> None:
    """A text file as --database: non-zero, one line, and the file is byte-for-byte unchanged."""
    notes = home / "notes.db"
    content = b"Shopping list, not a database\n" * 50
    notes.write_bytes(content)
    mode = notes.stat().st_mode
    result = run("export", "--database", str(notes), "--format", "csv", "--output",
                 str(home / "out.csv"), home=home)
    assert_calm_failure(result, "not a Psoas Desktop database")
    assert notes.read_bytes() == content and notes.stat().st_mode == mode
    assert sorted(p.name for p in home.iterdir()) == ["notes.db"]


def test_export_refuses_a_database_from_a_newer_app(home: Path, records: Path) -> None:
    """A database stamped with a revision this app does not know: 'please update', unchanged."""
    with sqlite3.connect(records) as connection:
        connection.execute("update alembic_version set version_num = '9999_future'")
    connection.close()
    before = records.read_bytes()
    result = run("export", "--database", str(records), "--format", "csv", "--output",
                 str(home / "out.csv"), home=home)
    assert_calm_failure(result, "newer version of Psoas Desktop; please update the app")
    assert records.read_bytes() == before
    assert not (home / "out.csv").exists()


def test_export_refuses_a_database_that_does_not_exist(home: Path) -> None:
    """A --database path with no file: non-zero, one line, and no database is created."""
    missing = home / "missing.db"
    result = run("export", "--database", str(missing), "--format", "csv", "--output",
                 str(home / "out.csv"), home=home)
    assert_calm_failure(result, "no database")
    assert not missing.exists()


def test_export_writes_the_contract_columns_first(home: Path, records: Path) -> None:
    """A good export exits 0 and its header starts with exactly the contract's columns, in order,
    with one row per reading."""
    output = home / "records.csv"
    result = run("export", "--database", str(records), "--format", "csv", "--output",
                 str(output), home=home)
    assert result.returncode == 0, result.stderr
    with output.open(newline="", encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert rows[0][: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert len(body) == 7  # six measurements, one of them with two readings
    first = body[0]
    assert (first["client_name"], first["method"], first["unit"]) == ("Anna Berg", "gap_cm", "cm")
    assert {r["timepoint"] for r in body} == {"baseline", "after_first", "after_second"}
    assert {(r["first_direction"], r["second_direction"]) for r in body} == {("left", "right")}
    assert "7" in result.stdout


def test_export_reads_the_database_named_by_the_environment(home: Path, records: Path) -> None:
    """Without --database, export uses $PSOAS_DATABASE_URL (a path or an sqlite:/// URL)."""
    for chosen in (str(records), database_url(str(records))):
        output = home / "from-env.csv"
        result = run("export", "--format", "csv", "--output", str(output), home=home,
                     database=chosen)
        assert result.returncode == 0, result.stderr
        assert len(output.read_text(encoding="utf-8").splitlines()) == 8
        output.unlink()

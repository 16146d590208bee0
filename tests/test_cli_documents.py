"""`psoas-desktop export --format json|pdf|fhir` (SPEC 9.1): the real writers behind every safety
check of the CSV export. Run as a user would: a new process."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.documents.pdf_text import pdf_pages
from tests.records_seed import open_repository, seed, table_contents
from tests.test_cli import run
from tests.test_cli_records import one_line_refusal

FORMATS = ("csv", "json", "pdf", "fhir")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def records(home: Path) -> Path:
    path = seed(home / "psoas.db")
    repo = open_repository(path)
    repo.save_preferences({"clinic_name": "Praxis am Park"})
    repo.close()
    return path


def export(home: Path, database: Path, kind: str, output: Path | str, *extra: str):
    return run("export", "--database", str(database), "--format", kind, "--output", str(output),
               *extra, home=home)


def test_json_export_is_the_record_of_one_client_or_of_all(home: Path, records: Path) -> None:
    """--client gives that client's record (sessions, addenda); without it every client, the
    archived one and a client with no finished session included."""
    output = home / "anna.json"
    result = export(home, records, "json", output, "--client", "ANNA BERG")
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    [anna] = json.loads(output.read_text(encoding="utf-8"))["clients"]
    assert anna["client"]["name"] == "Anna Berg"
    [session] = anna["sessions"]
    assert session["addenda"][0]["text"] == "Called: felt looser all day"
    everyone = home / "all.json"
    assert export(home, records, "json", everyone).returncode == 0
    names = [c["client"]["name"] for c in json.loads(everyone.read_text("utf-8"))["clients"]]
    assert sorted(names) == ["Anna Berg", "Archived Person", "Zoë Ørsted"]


def test_pdf_export_writes_one_report_page_per_finished_session(home: Path, records: Path) -> None:
    """--format pdf --client NAME: one page per finished session, with the clinic name from
    settings, the client and the values; works with no display and no QT_QPA_PLATFORM."""
    output = home / "anna.pdf"
    env = {k: v for k, v in os.environ.items()
           if k not in ("PSOAS_DATABASE_URL", "QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"))
    result = subprocess.run(
        [sys.executable, "-m", "psoas_desktop", "export", "--database", str(records), "--format",
         "pdf", "--output", str(output), "--client", "Anna Berg"],
        capture_output=True, text=True, env=env, cwd=home, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote 1 session report page(s) to {output}"
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    [page] = pdf_pages(output)
    for words in ("Praxis am Park", "Anna Berg", "Left leg 3.0 2.0 0.5", "similar"):
        assert words in page


def test_pdf_export_needs_one_client_with_a_finished_session(home: Path, records: Path) -> None:
    """Without --client, or for a client with nothing finished: one line, exit 2, no file."""
    output = home / "reports.pdf"
    one_line_refusal(export(home, records, "pdf", output), "export", "add --client NAME")
    one_line_refusal(export(home, records, "pdf", output, "--client", "Zoë Ørsted"), "export",
                     "no finished session")
    assert not output.exists()


def test_fhir_export_is_a_valid_bundle(home: Path, records: Path) -> None:
    """--format fhir writes a Bundle that fhir.resources validates, Observations for each value."""
    from fhir.resources.R4B.bundle import Bundle

    output = home / "fhir.json"
    result = export(home, records, "fhir", output)
    assert result.returncode == 0, result.stderr
    bundle = Bundle.model_validate_json(output.read_text(encoding="utf-8"))
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds.count("Patient") == 3  # the archived client's abandoned visit is a record too
    observations = kinds.count("Observation")
    assert observations == 6 + 1 + 6 + 1  # two sessions with six values and a comparison each
    assert result.stdout.startswith(f"Wrote a FHIR Bundle of {observations} Observations")


@pytest.mark.parametrize("kind", FORMATS)
def test_every_format_keeps_every_safety_check(home: Path, records: Path, kind: str) -> None:
    """For each format: the database, its -wal, a backup and another SQLite file are refused even
    with --force; an existing file needs --force; a FIFO is refused; the records are untouched
    and no temporary file is left."""
    before = table_contents(records)
    backup = run("backup", "--database", str(records), home=home).stdout.strip()
    other = home / "other.sqlite"
    other.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    extra = ("--client", "Anna Berg")
    for target in (records, Path(f"{records}-wal"), Path(backup), other):
        one_line_refusal(export(home, records, kind, target, "--force", *extra), "export",
                         "never")
    fifo = home / f"pipe.{kind}"
    os.mkfifo(fifo)
    one_line_refusal(export(home, records, kind, fifo, "--force", *extra), "export", "pipe")
    existing = home / f"existing.{kind}"
    existing.write_text("keep me")
    one_line_refusal(export(home, records, kind, existing, *extra), "export", "--force")
    assert existing.read_text() == "keep me"
    assert export(home, records, kind, existing, "--force", *extra).returncode == 0
    assert existing.read_bytes() != b"keep me"
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600
    after = table_contents(records)
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"}
    added = after["audit_log"][len(before["audit_log"]):]
    assert {row[2] for row in added} <= {"backup", "export"}  # only the audit lines, no record
    assert not [p for p in home.iterdir() if p.name.startswith(".")]


def test_an_unknown_format_or_client_is_one_line(home: Path, records: Path) -> None:
    """--format xml and --client Nobody: exit 2, one line naming the choices or the problem."""
    one_line_refusal(export(home, records, "xml", home / "x.xml"), "export",
                     "choose csv, json, pdf or fhir")
    one_line_refusal(export(home, records, "json", home / "x.json", "--client", "Nobody"),
                     "export", "no client named")

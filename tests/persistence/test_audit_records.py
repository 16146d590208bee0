"""Backups, restores and exports in the audit log (SPEC 8.1): an action and a sentence, never a
client's health data; and a backup's read-only preview for the restore screen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from psoas_desktop.cli import run_export
from psoas_desktop.domain.model import Client
from tests.records_seed import open_repository, seed, table_contents

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
NAMES = ("Anna Berg", "Zoë Ørsted", "Archived Person")


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return seed(tmp_path / "psoas.db")


def _no_names(text: str) -> bool:
    return not any(name in text for name in NAMES)


def test_a_backup_by_hand_is_in_the_audit_log_and_in_the_copy(records: Path) -> None:
    """backup_now writes its audit line before copying, so the copy holds the line too."""
    repo = open_repository(records)
    info = repo.backup_now(NOW)
    last = repo.audit_log()[-1]
    assert (last.action, last.detail) == ("backup", "Backup asked for by hand.")
    copied = table_contents(Path(info.path))["audit_log"]
    assert copied[-1][2:] == ("backup", "Backup asked for by hand.")
    repo.close()


def test_an_automatic_backup_is_audited_without_making_the_next_one_due(records: Path) -> None:
    """The automatic backup's audit line does not count as a change: 31 minutes later, with
    nothing changed, no other backup is due."""
    repo = open_repository(records)
    assert repo.backup_if_due(NOW) is not None
    assert repo.audit_log()[-1].detail == "Backup taken automatically (the first one)."
    assert repo.backup_if_due(NOW + timedelta(minutes=31)) is None
    assert len(repo.list_backups()) == 1
    repo.close()


def test_a_restore_is_audited_in_the_restored_records(records: Path) -> None:
    """After a restore the audit log (of the restored records) says which backup came back and
    where the records before it were kept, with no client's name or health data."""
    repo = open_repository(records)
    info = repo.backup_now(NOW)
    repo.add_client(Client("After The Backup"))
    previous = repo.restore_backup(info.path, NOW + timedelta(minutes=5))
    assert previous is not None
    last = repo.audit_log()[-1]
    assert last.action == "restore"
    assert "Restored the backup taken 2026-03-10-120000 UTC" in last.detail
    assert Path(previous.path).name in last.detail
    assert _no_names(last.detail) and "After The Backup" not in last.detail
    repo.close()


def test_a_csv_export_is_audited_without_health_data(records: Path, tmp_path: Path) -> None:
    """`psoas-desktop export` adds one audit line: what was exported and where, no names."""
    output = tmp_path / "export.csv"
    assert run_export(["--database", str(records), "--format", "csv",
                       "--output", str(output)]) == 0
    repo = open_repository(records)
    last = repo.audit_log()[-1]
    assert last.action == "export"
    assert "as CSV" in last.detail and str(output) in last.detail
    assert _no_names(last.detail)
    repo.close()


def test_a_backup_preview_names_its_clients_and_counts_sessions(records: Path) -> None:
    """preview_backup reads a backup's client names (by name) and session count, unchanged."""
    repo = open_repository(records)
    info = repo.backup_now(NOW)
    before = Path(info.path).read_bytes()
    preview = repo.preview_backup(info.path)
    assert preview.client_names == ("Anna Berg", "Archived Person", "Zoë Ørsted")
    assert preview.sessions == 3
    assert Path(info.path).read_bytes() == before
    repo.close()


def test_an_audit_line_that_cannot_be_written_never_stops_a_backup(records: Path,
                                                                    monkeypatch) -> None:
    """A full disk for the audit line (and only for it) still leaves a verified backup."""
    from psoas_desktop.domain.ports import StorageError
    from psoas_desktop.persistence.repository import Repository

    def full(_repository, _action, _detail):
        raise StorageError("The disk is full.")

    monkeypatch.setattr(Repository, "record_audit", full)
    repo = open_repository(records)
    info = repo.backup_now(NOW)
    assert info.clients == 3 and Path(info.path).exists()
    repo.close()

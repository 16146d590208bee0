"""A damaged database at start (SPEC 8.1): instead of only a refusal, the backups screen opens at
once; a restore keeps a raw copy of the damaged file and then opens the app on the restored
records; closing it opens nothing and leaves the damaged file as it was."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from psoas_desktop.app import EXIT_STORAGE, offer_restore
from psoas_desktop.persistence.db import database_url
from tests.records_seed import corrupt_table_page, open_repository, seed

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """Seeded records with one good backup, then a corrupt table page."""
    path = seed(tmp_path / "psoas.db")
    repo = open_repository(path)
    repo.backup_now(NOW)
    repo.close()
    corrupt_table_page(path)
    return path


def _tap(qtbot, parent, name: str) -> None:
    widget = parent.findChild(QPushButton, name)
    assert widget is not None and widget.isVisible() and widget.isEnabled(), name
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_a_damaged_database_opens_the_restore_screen_and_restores(qtbot, damaged: Path):
    """The screen says the file is damaged, offers no backup of it, restores the chosen backup
    (a raw copy of the damaged file kept first) and then opens the app on the restored records."""
    opened, gave_up = [], []
    dialog = offer_restore(database_url(str(damaged)), opened.append, gave_up.append)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert "damaged" in dialog.status.text() and dialog.status.isVisible()
    assert not dialog.backup_button.isEnabled()
    assert dialog.model.rowCount() == 1
    _tap(qtbot, dialog, "restoreBackupButton")
    _tap(qtbot, dialog, "confirmRestoreButton")
    qtbot.waitUntil(lambda: "Restored" in dialog.status.text(), timeout=5000)
    assert any("-damaged-" in p.name for p in (damaged.parent / "backups").iterdir())
    _tap(qtbot, dialog, "closeBackupsButton")
    [window] = opened
    qtbot.addWidget(window)
    assert gave_up == []
    repo = open_repository(damaged)
    assert {s.client.name for s in repo.list_clients()} == {"Anna Berg", "Zoë Ørsted"}
    repo.close()


def test_closing_the_screen_without_a_restore_opens_nothing(qtbot, damaged: Path):
    """Close without restoring: exit code 3, no window, the damaged file byte for byte as it was."""
    before = damaged.read_bytes()
    opened, gave_up = [], []
    dialog = offer_restore(database_url(str(damaged)), opened.append, gave_up.append)
    qtbot.addWidget(dialog)
    _tap(qtbot, dialog, "closeBackupsButton")
    assert (opened, gave_up) == ([], [EXIT_STORAGE])
    assert damaged.read_bytes() == before


def test_without_backups_there_is_no_screen(qtbot, tmp_path: Path):
    """A damaged database with no backups gets only the refusal (no empty restore screen)."""
    path = seed(tmp_path / "psoas.db")
    corrupt_table_page(path)
    assert offer_restore(database_url(str(path)), lambda _w: None, lambda _c: None) is None

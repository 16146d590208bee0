"""Backups, restore and the audit log in the app (SPEC 8.1), through real widgets: a list with date,
clients and sessions, a read-only preview, Back up now, a confirmed restore that backs up first and
reloads home; a second repository checks what the file holds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from psoas_desktop.app import open_repository
from psoas_desktop.domain.ports import AuditEntry, ServerBackupsError
from psoas_desktop.ui.restore_dialog import BackupsDialog

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _close_dialogs():
    """Close every dialog a test left open, so no modal window reaches the next test."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.close()


def _open_backups(driver) -> BackupsDialog:
    driver.tap("backupsButton")
    dialog = driver.window.findChild(QDialog, "backupsDialog")
    assert isinstance(dialog, BackupsDialog) and dialog.isVisible()
    return dialog


def _rows(dialog: BackupsDialog) -> list[str]:
    return [dialog.model.item(i).text() for i in range(dialog.model.rowCount())]


def _home_names(driver) -> list[str]:
    model = driver.window.home.model
    return [model.index(i).data().partition("\n")[0] for i in range(model.rowCount())]


def test_backups_list_shows_date_clients_sessions_and_a_preview(driver, store):
    """Home's Backups… lists each backup with its clients and sessions, and the chosen one's
    preview names its clients."""
    driver.add_client("Anna Before")
    store.backup_now(NOW)
    dialog = _open_backups(driver)
    [row] = _rows(dialog)
    assert "1 client, 0 sessions" in row
    assert "Anna Before" in driver.text("backupPreview")
    assert driver.visible("restoreBackupButton").isEnabled()


def test_back_up_now_adds_a_backup_to_the_list(driver, store):
    """Back up now makes a verified copy that appears in the list at once and says so."""
    driver.add_client("Benno Now")
    dialog = _open_backups(driver)
    assert _rows(dialog) == []
    driver.tap("backupNowButton")
    assert len(_rows(dialog)) == 1
    assert "Backed up" in driver.text("backupsStatus")
    [info] = store.list_backups()
    assert info.clients == 1


def test_restore_asks_backs_up_first_and_reloads_home(driver, store, database_url):
    """Restore this backup → Restore: the file holds the backup's records (checked by a new
    repository), the records before were backed up first, home shows the restored clients, and
    the audit log says it."""
    driver.add_client("Kept Client")
    store.backup_now(NOW)
    store.close()
    driver.add_client("Added Later")
    dialog = _open_backups(driver)
    driver.tap("restoreBackupButton")
    driver.tap("confirmRestoreButton")
    driver.qtbot.waitUntil(lambda: "Restored" in dialog.status.text(), timeout=5000)
    after = open_repository(database_url)
    assert [s.client.name for s in after.list_clients()] == ["Kept Client"]
    backups = after.list_backups()
    assert len(backups) == 2
    before = after.preview_backup(backups[0].path)  # newest: the state just before the restore
    assert set(before.client_names) == {"Kept Client", "Added Later"}
    assert [e.action for e in after.audit_log()][-1] == "restore"
    after.close()
    assert len(_rows(dialog)) == 2
    assert _home_names(driver) == ["Kept Client"]


def test_cancelled_restore_changes_nothing(driver, store, database_url):
    """Don't restore leaves every record as it was and takes no backup."""
    driver.add_client("Stays")
    store.backup_now(NOW)
    driver.add_client("Also Stays")
    _open_backups(driver)
    driver.tap("restoreBackupButton")
    driver.tap("cancelRestoreButton")
    assert sorted(s.client.name for s in store.list_clients()) == ["Also Stays", "Stays"]
    assert len(store.list_backups()) == 1


def test_backups_screen_is_touch_sized(driver):
    """Every button of the backups screen is at least 64 px high."""
    dialog = _open_backups(driver)
    buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
    assert len(buttons) >= 4
    assert all(b.height() >= 64 for b in buttons), [(b.text(), b.height()) for b in buttons]


def test_audit_log_viewer_shows_backups_and_restores(driver, store):
    """The audit log, opened from the backups screen, lists the backup and the restore, newest
    first, read-only."""
    driver.add_client("Audited")
    store.backup_now(NOW)
    store.close()
    dialog = _open_backups(driver)
    driver.tap("restoreBackupButton")
    driver.tap("confirmRestoreButton")
    driver.qtbot.waitUntil(lambda: "Restored" in dialog.status.text(), timeout=5000)
    driver.tap("auditLogButton")
    audit = driver.window.findChild(QDialog, "auditLogDialog")
    assert audit is not None and audit.isVisible()
    rows = audit.rows()
    assert rows[0].split("\n")[0].endswith("· Restore")
    assert any("Backup asked for by hand." in row for row in rows)


class _ServerStore:
    """A store on a database server: no backups of its own."""

    def list_backups(self):
        raise ServerBackupsError("These records live on a database server (pg_dump).")

    def audit_log(self) -> list[AuditEntry]:
        return []


def test_on_a_server_it_says_whose_backups_they_are(qtbot):
    """On PostgreSQL the screen says the server's backups protect the records and offers no
    backup or restore."""
    dialog = BackupsDialog(None, _ServerStore(), lambda: None)
    qtbot.addWidget(dialog)
    dialog.open()
    assert "pg_dump" in dialog.status.text() and dialog.status.isVisible()
    assert not dialog.backup_button.isEnabled()
    assert not dialog.restore_button.isEnabled()

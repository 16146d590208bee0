"""Clients through real widgets: add, edit, archive and unarchive, and the confirmed, audited delete."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from .client_seed import client_with_sessions, open_client


def listed_names(driver) -> list[str]:
    view = driver.visible("clientList")
    return [view.model().index(r, 0).data().split("\n")[0] for r in range(view.model().rowCount())]


def test_edit_client_details_are_stored_and_shown(driver, store):
    """Edit opens the client dialog filled in; saved changes are stored and shown on the page."""
    client_with_sessions(store, "Anna Berg", [5])
    open_client(driver, "Anna Berg")
    driver.tap("editClientButton")
    thigh = driver.visible("clientThighEdit", QLineEdit)
    thigh.clear()
    driver.qtbot.keyClicks(thigh, "46")
    driver.tap("saveClientButton")
    [summary] = store.list_clients()
    assert summary.client.thigh_length_cm == 46.0
    assert "thigh 46 cm" in driver.text("clientDetails")


def test_archive_hides_the_client_until_show_archived(driver, store):
    """Archive keeps the records but hides the client from the default list; the toggle shows them."""
    client, sessions = client_with_sessions(store, "Ben Okafor", [5])
    client_with_sessions(store, "Carla Mendes", [3])
    open_client(driver, "Ben Okafor")
    driver.tap("archiveClientButton")
    assert store.get_client(client.id).archived
    assert "Archived" in driver.text("clientDetails")
    assert driver.text("archiveClientButton") == "Unarchive"
    driver.tap("homeButton")
    assert listed_names(driver) == []  # the search still says "Ben Okafor"
    assert "Archived clients are hidden" in driver.text("homeEmpty")
    driver.visible("clientSearch").clear()
    assert listed_names(driver) == ["Carla Mendes"]
    driver.tap("showArchivedToggle")
    assert listed_names(driver) == ["Carla Mendes", "Ben Okafor"]  # by last visit
    assert "archived" in driver.visible("clientList").model().index(1, 0).data()
    assert len(store.sessions_for_client(client.id)) == len(sessions)  # nothing removed


def test_unarchive_brings_the_client_back(driver, store):
    """Unarchive from the client page: the client is listed again by default."""
    client, _ = client_with_sessions(store, "Dmitri Volkov", [5])
    open_client(driver, "Dmitri Volkov")
    driver.tap("archiveClientButton")
    driver.tap("archiveClientButton")
    assert not store.get_client(client.id).archived
    driver.tap("homeButton")
    driver.visible("clientSearch").clear()
    assert listed_names(driver) == ["Dmitri Volkov"]


def _delete_dialog(driver, name: str):
    open_client(driver, name)
    driver.tap("deleteClientButton")
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.objectName() == "deleteClientDialog"
    return dialog


def test_delete_says_what_goes_and_needs_a_reason(driver, store):
    """Delete shows the sessions and measurements it removes; confirming needs a written reason."""
    client, _ = client_with_sessions(store, "Eve Lindqvist", [10, 5])
    client_with_sessions(store, "Farah Haddad", [2])
    dialog = _delete_dialog(driver, "Eve Lindqvist")
    preview = dialog.findChild(QLabel, "deletePreview").text()
    assert "Deleting Eve Lindqvist removes" in preview
    assert "2 sessions, 12 measurements and 0 safety events" in preview
    confirm = dialog.findChild(QPushButton, "confirmDeleteButton")
    assert not confirm.isEnabled()
    driver.qtbot.keyClicks(dialog.findChild(QLineEdit, "deleteReasonEdit"), "   ")
    assert not confirm.isEnabled()  # blanks are not a reason
    driver.qtbot.keyClicks(dialog.findChild(QLineEdit, "deleteReasonEdit"), "Client asked")
    assert confirm.isEnabled()
    driver.qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    assert [s.client.name for s in store.list_clients(include_archived=True)] == ["Farah Haddad"]
    assert driver.visible("clientSearch").isVisible()  # back home
    assert listed_names(driver) == ["Farah Haddad"]


def test_cancelling_delete_keeps_everything(driver, store):
    """Keep client closes the dialog and removes nothing."""
    client, sessions = client_with_sessions(store, "Georg Brandt", [4])
    dialog = _delete_dialog(driver, "Georg Brandt")
    driver.qtbot.keyClicks(dialog.findChild(QLineEdit, "deleteReasonEdit"), "changed my mind")
    driver.qtbot.mouseClick(dialog.findChild(QPushButton, "cancelDeleteButton"), Qt.MouseButton.LeftButton)
    assert QApplication.activeModalWidget() is None
    assert store.get_client(client.id).name == "Georg Brandt"
    assert len(store.sessions_for_client(client.id)) == len(sessions)
    assert driver.visible("clientPage").isVisible()

"""Home: search as you type by any part of the name, most recently seen first, archived hidden."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .client_seed import client_with_sessions


def listed_names(driver) -> list[str]:
    view = driver.visible("clientList")
    return [view.model().index(r, 0).data().split("\n")[0] for r in range(view.model().rowCount())]


def test_search_matches_any_part_of_the_name_as_you_type(driver, store):
    """Each keystroke narrows the list; a match may be in the middle of the name, any case."""
    for name, days in (("Anna Berg", [3]), ("Bergit Olsen", [10]), ("Carl Nyberg", [1]), ("Dora Lind", [2])):
        client_with_sessions(store, name, days)
    driver.window.show_home()
    assert listed_names(driver) == ["Carl Nyberg", "Dora Lind", "Anna Berg", "Bergit Olsen"]
    search = driver.visible("clientSearch")
    driver.qtbot.keyClicks(search, "B")
    assert listed_names(driver) == ["Carl Nyberg", "Anna Berg", "Bergit Olsen"]
    driver.qtbot.keyClicks(search, "ERG")
    assert listed_names(driver) == ["Carl Nyberg", "Anna Berg", "Bergit Olsen"]
    driver.qtbot.keyClicks(search, "i")
    assert listed_names(driver) == ["Bergit Olsen"]


def test_search_ignores_accents_as_you_type(driver, store):
    """Typing 'muller' on home lists Anna Müller (accents and case ignored)."""
    for name, days in (("Anna Müller", [3]), ("Ben Okafor", [2])):
        client_with_sessions(store, name, days)
    driver.window.show_home()
    driver.qtbot.keyClicks(driver.visible("clientSearch"), "muller")
    assert listed_names(driver) == ["Anna Müller"]


def test_search_clear_is_a_finger_sized_button(driver, store):
    """Clear shows once something is typed, is at least 48 x 48 px, and empties the search."""
    from tests.ui.fit import small_targets

    client_with_sessions(store, "Anna Müller", [3])
    driver.window.show_home()
    search = driver.visible("clientSearch")
    assert not search.isClearButtonEnabled()  # Qt's own 14 px icon is not used
    driver.qtbot.keyClicks(search, "zz")
    clear = driver.visible("clearSearchButton")
    assert clear.width() >= 48 and clear.height() >= 48
    assert small_targets(driver.window) == []
    driver.tap("clearSearchButton")
    assert search.text() == "" and not clear.isVisible()
    assert listed_names(driver) == ["Anna Müller"]


def test_new_client_appears_selected_and_ready_to_start(driver, store):
    """A client added through the dialog is stored, listed, selected, and Start session is enabled."""
    client_with_sessions(store, "Earlier Client", [5])
    driver.window.show_home()
    driver.add_client("Hana Sato")
    assert [s.client.name for s in store.list_clients()] == ["Earlier Client", "Hana Sato"]
    assert "Hana Sato" in listed_names(driver)
    assert driver.visible("startSessionButton").isEnabled()


def test_list_rows_are_finger_sized(driver, store):
    """Client rows are at least 64 px high (a primary touch target)."""
    client_with_sessions(store, "Ivo Petrov", [1])
    driver.window.show_home()
    assert driver.visible("clientList").sizeHintForRow(0) >= 64


def test_search_right_after_another_window_changes_clients(driver, store):
    """Another window (a second repository on the file) adds, renames and archives clients while
    home shows a search: the next keystroke lists each change, and Show archived still works."""
    from dataclasses import replace

    from psoas_desktop.domain.model import Client

    anna, _ = client_with_sessions(store, "Anna Berg", [3])
    driver.window.show_home()
    search = driver.visible("clientSearch")
    driver.qtbot.keyClicks(search, "a")
    assert listed_names(driver) == ["Anna Berg"]

    store.add_client(Client("Hanna Lind"))
    driver.qtbot.keyClicks(search, "n")
    assert listed_names(driver) == ["Anna Berg", "Hanna Lind"]

    store.update_client(replace(anna, name="Annika Berg"))
    driver.qtbot.keyClicks(search, "n")
    assert listed_names(driver) == ["Annika Berg", "Hanna Lind"]

    store.set_archived(anna.id, True)
    driver.qtbot.keyClick(search, Qt.Key.Key_Backspace)
    assert listed_names(driver) == ["Hanna Lind"]
    driver.tap("showArchivedToggle")
    assert listed_names(driver) == ["Annika Berg", "Hanna Lind"]
    driver.tap("showArchivedToggle")
    assert listed_names(driver) == ["Hanna Lind"]


def test_home_warms_the_history_read_in_idle_time(qtbot, store):
    """Once home has been shown a while, the window has asked the store to prepare reading a
    client's history (warm_up), so the first client page does not pay for it."""
    from psoas_desktop.config import Settings
    from psoas_desktop.domain.pacing import MonotonicClock
    from psoas_desktop.ui.main_window import MainWindow

    calls: list[str] = []
    warm_up = store.warm_up
    store.warm_up = lambda: calls.append("warm_up") or warm_up()
    window = MainWindow(store, Settings(), MonotonicClock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: calls == ["warm_up"], timeout=5000)

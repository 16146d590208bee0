"""Home: search as you type by any part of the name, most recently seen first, archived hidden."""

from __future__ import annotations

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

"""Privacy on screen (SPEC 8.1, issue 11): the names switch on home's tools row, and the
passphrase lock at start and after five idle minutes (a fake clock), with the session in
progress kept and no input reaching it while locked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton

from psoas_desktop.domain.privacy import PASSPHRASE_KEY, IdleLock, hash_passphrase


def _list_names(driver) -> list[str]:
    view = driver.visible("clientList")
    return [view.model().index(r, 0).data().split("\n")[0] for r in range(view.model().rowCount())]


def _visible_texts(window) -> str:
    return " ".join(w.text() for w in window.findChildren(QLabel) if w.isVisible())


def _new_window(qtbot, database_url):
    from psoas_desktop.app import create_main_window

    window = create_main_window(database_url)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_privacy_switch_hides_names_in_the_list_and_the_wizard_and_is_remembered(
        qtbot, driver, store, database_url):
    """privacyButton: the list shows 'A. B. · client N', the wizard header no name; tapped
    again, names return; the choice is kept for the next start."""
    driver.add_client("Anna Berg")
    [row] = store.list_clients()
    driver.tap("privacyButton")
    assert _list_names(driver) == [f"A. B. · client {row.client.id}"]
    assert "Anna" not in _visible_texts(driver.window)
    driver.tap("startSessionButton")
    assert driver.text("clientNameLabel") == f"A. B. · client {row.client.id}"
    assert "Berg" not in _visible_texts(driver.window)
    again = _new_window(qtbot, database_url)  # remembered
    assert again.home.model.index(0, 0).data().startswith("A. B.")
    driver.window.show_home()
    driver.tap("privacyButton")
    assert _list_names(driver) == ["Anna Berg"]


def test_passphrase_set_from_home_is_a_hash_and_wrong_entries_are_calm(driver, store):
    """Passphrase… → new twice → Save: stored as scrypt, never as typed; mismatched entries and
    a too-short one get a sentence and keep nothing."""
    driver.tap("passphraseButton")
    dialog = driver.window.findChild(QDialog, "passphraseDialog")
    driver.qtbot.keyClicks(driver.visible("newPassphraseEdit"), "open sesame")
    driver.qtbot.keyClicks(driver.visible("repeatPassphraseEdit"), "open sesam")
    driver.tap("savePassphraseButton")
    assert "differ" in driver.text("passphraseMessage") and dialog.isVisible()
    assert PASSPHRASE_KEY not in store.preferences()
    driver.qtbot.keyClicks(driver.visible("repeatPassphraseEdit"), "e")
    driver.tap("savePassphraseButton")
    stored = store.preferences()[PASSPHRASE_KEY]
    assert stored.startswith("scrypt$") and "sesame" not in stored
    driver.tap("passphraseButton")  # with a passphrase: Lock now, and the current one to change it
    assert driver.visible("currentPassphraseEdit").isVisible()
    driver.tap("lockNowButton")
    driver.qtbot.waitUntil(lambda: driver.window.privacy.locked)


def test_locked_at_start_names_hidden_wrong_passphrase_calm_right_one_opens(qtbot, store, database_url):
    """With a passphrase, the app opens locked: the lock screen covers the window and no name
    shows; a wrong passphrase gets one calm sentence; the right one opens the app."""
    from psoas_desktop.domain.model import Client

    store.add_client(Client("Greta Sund"))
    store.save_preferences({PASSPHRASE_KEY: hash_passphrase("open sesame")})
    window = _new_window(qtbot, database_url)
    lock = window.findChild(QLabel, "lockMessage").parentWidget()
    assert window.privacy.locked and window.privacy.lock_screen.isVisible()
    assert window.privacy.lock_screen.geometry() == window.rect()
    assert "Greta" not in window.home.model.index(0, 0).data()
    field = window.privacy.lock_screen.field
    assert field.height() >= 64 and window.privacy.lock_screen.unlock.height() >= 48
    qtbot.keyClicks(field, "open sesam")
    qtbot.mouseClick(window.privacy.lock_screen.unlock, Qt.MouseButton.LeftButton)
    message = window.findChild(QLabel, "lockMessage")
    assert message.isVisible() and message.text() == (
        "That passphrase does not match. Take your time and try again.")
    assert window.privacy.locked and field.text() == ""
    qtbot.keyClicks(field, "open sesame")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert not window.privacy.locked and not window.privacy.lock_screen.isVisible()
    assert window.home.model.index(0, 0).data().startswith("Greta Sund")
    assert lock is not None


def test_idle_lock_after_five_quiet_minutes_keeps_the_session_and_blocks_keys(
        qtbot, store, database_url):
    """A fake clock: input restarts the five minutes; five quiet minutes lock; while locked a
    clicker's PageDown does not move the session; unlocking shows the same step and entries."""
    from tests.driver import Driver

    store.save_preferences({PASSPHRASE_KEY: hash_passphrase("open sesame")})
    window = _new_window(qtbot, database_url)
    privacy = window.privacy
    privacy.unlock("open sesame")  # asked at start
    driver = Driver(qtbot, window)
    now = [0.0]
    privacy.idle = IdleLock(lambda: now[0])
    driver.start_session("Idle Client")
    driver.tap("painBefore5")
    title = driver.text("stepTitle")
    now[0] += 299
    privacy.check_idle()
    assert not privacy.locked
    qtbot.mouseClick(driver.visible("painBefore6"), Qt.MouseButton.LeftButton)  # input
    now[0] += 299
    privacy.check_idle()
    assert not privacy.locked
    now[0] += 2
    privacy.idle_timer.timeout.emit()
    assert privacy.locked and privacy.lock_screen.isVisible()
    assert "Idle" not in window.wizard.client_name.text()
    window.activateWindow()
    qtbot.keyClick(window.wizard, Qt.Key.Key_PageDown)
    qtbot.keyClick(window.wizard, Qt.Key.Key_Space)
    assert window.wizard.session.protocol.steps[window.wizard.current_step].title == title
    [session] = store.sessions_in_progress()
    assert session.check_in.pain_before == 6  # kept while locked
    privacy.unlock("open sesame")
    assert driver.text("stepTitle") == title and driver.text("clientNameLabel") == "Idle Client"
    assert window.wizard.steps[window.wizard.current_step].apply(
        window.wizard.session).check_in.pain_before == 6


def test_no_passphrase_means_no_lock(driver):
    """Without a passphrase nothing ever locks, and Lock now is not offered."""
    privacy = driver.window.privacy
    now = [0.0]
    privacy.idle = IdleLock(lambda: now[0])
    now[0] += 3600
    privacy.check_idle()
    assert not privacy.locked
    driver.tap("passphraseButton")
    assert not driver.window.findChildren(QPushButton, "lockNowButton")
    assert QApplication.activeModalWidget().objectName() == "passphraseDialog"


def test_a_passphrase_set_during_the_day_counts_input_and_locks_keys(driver):
    """No passphrase at start, one set from home: taps restart the five quiet minutes, five
    quiet minutes lock, and while locked a clicker's PageDown reaches nothing; removing it
    again means no lock."""
    privacy = driver.window.privacy
    now = [0.0]
    privacy.idle = IdleLock(lambda: now[0])
    driver.tap("passphraseButton")
    driver.qtbot.keyClicks(driver.visible("newPassphraseEdit"), "open sesame")
    driver.qtbot.keyClicks(driver.visible("repeatPassphraseEdit"), "open sesame")
    driver.tap("savePassphraseButton")
    driver.start_session("Day Client")
    title = driver.text("stepTitle")
    now[0] += 299
    driver.tap("painBefore5")  # input, seen by the app-wide filter
    now[0] += 299
    privacy.check_idle()
    assert not privacy.locked
    now[0] += 2
    privacy.check_idle()
    assert privacy.locked
    driver.window.activateWindow()
    driver.qtbot.keyClick(driver.window.wizard, Qt.Key.Key_PageDown)
    assert driver.text("stepTitle") == title
    privacy.unlock("open sesame")
    driver.window.show_home()
    driver.tap("passphraseButton")
    driver.qtbot.keyClicks(driver.visible("currentPassphraseEdit"), "open sesame")
    driver.tap("removePassphraseButton")
    now[0] += 3600
    privacy.check_idle()
    assert not privacy.locked

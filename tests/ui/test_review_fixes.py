"""Edge cases found by trying the app: nothing unentered is stored, nothing saved is dropped."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from psoas_desktop.domain.model import Direction, Method, Side, Timepoint
from psoas_desktop.domain.ports import StorageError


def _start(driver, name="Edge Client"):
    driver.add_client(name)
    driver.tap("startSessionButton")


def _answer_next_box(button_text: str) -> None:
    def click():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        [chosen] = [b for b in box.buttons() if b.text().startswith(button_text)]
        chosen.click()

    QTimer.singleShot(50, click)


def test_stop_before_the_rep_blocks_offers_no_skip(driver, store):
    """STOP at check-in cannot skip past the safety screen: only continue or end are offered."""
    _start(driver)
    driver.tap("flag_chest_pain")
    driver.tap("stopButton")
    assert not driver.window.findChild(type(driver.visible("stopContinueButton")),
                                       "stopSkipButton").isVisible()
    driver.tap("event_other")
    driver.tap("stopContinueButton")
    assert driver.text("stepTitle") == "Check-in"
    assert not driver.visible("nextButton").isEnabled()


def test_the_direction_is_locked_once_reps_are_recorded(driver, store):
    """After reps in block A, Back to the direction step cannot swap the directions."""
    _start(driver)
    driver.advance_to("First direction")
    driver.tap("directionLeftButton")
    driver.tap("nextButton")
    driver.tap("repDoneButton")
    driver.tap("backButton")
    assert not driver.visible("directionRightButton").isEnabled()
    assert "fixed" in driver.text("directionSuggestion")
    driver.tap("directionLeftButton")
    driver.tap("nextButton")
    [session] = store.sessions_in_progress()
    assert session.first_direction == Direction.LEFT
    assert [(b.direction, len(b.reps)) for b in session.blocks] == [(Direction.LEFT, 1)]


def test_back_from_an_untouched_retest_stores_nothing_and_the_retest_follows_the_baseline(driver, store):
    """Back from a re-test nobody touched stores no placeholder; a changed baseline carries over."""
    _start(driver)
    driver.advance_to("Starting point")
    driver.measure(4, "Touches")  # 2.0 / 0
    driver.advance_to("Re-test after direction A")
    assert driver.text("leftValue") == "—"
    for _ in range(3):
        driver.tap("backButton")
    assert driver.text("stepTitle") == "Starting point"
    [session] = store.sessions_in_progress()
    assert session.measurement(Timepoint.AFTER_FIRST, Side.LEFT) is None
    driver.taps("leftPlus", 4)  # 4.0
    driver.advance_to("Re-test after direction A")
    driver.tap("leftUnchanged")
    assert driver.text("leftValue") == "4.0 cm"


def test_a_saved_second_reading_survives_gentle_mode(driver, store):
    """Switching on gentle mode later never drops a second reading already saved."""
    _start(driver)
    driver.advance_to("Starting point")
    driver.tap("leftPlus")
    driver.tap("leftAddReading")
    driver.taps("leftPlus", 2)
    driver.tap("rightTouches")
    driver.tap("nextButton")
    driver.tap("backButton")
    driver.tap("backButton")
    driver.tap("neuroplasticToggle")
    driver.tap("nextButton")
    driver.complete_step()
    [session] = store.sessions_in_progress()
    assert session.measurement(Timepoint.BASELINE, Side.LEFT).readings == (0.5, 1.0)


def test_changing_the_method_after_readings_asks_and_clears_them(driver, store):
    """Table-edge readings, then gentle mode: the method can still change, after a confirmation."""
    _start(driver)
    driver.tap("screenAllClearButton")
    driver.tap("method_table_edge_angle")
    driver.tap("nextButton")
    driver.measure(1, "Touches")
    driver.tap("nextButton")
    driver.tap("backButton")
    driver.tap("backButton")
    driver.tap("neuroplasticToggle")
    assert not driver.visible("nextButton").isEnabled()
    _answer_next_box("Change and clear")
    driver.tap("method_gap_cm")
    assert driver.visible("nextButton").isEnabled()
    driver.tap("nextButton")
    [session] = store.sessions_in_progress()
    assert session.method == Method.GAP_CM
    assert session.measurements == ()
    assert driver.text("leftValue") == "—"


def test_a_client_that_cannot_be_saved_keeps_the_dialog_open(driver, store, monkeypatch):
    """A storage failure on Save shows the calm message in the dialog and keeps what was typed."""
    def disk_full(_repository, _client):
        raise StorageError("The disk is full.")

    monkeypatch.setattr(type(store), "add_client", disk_full)
    driver.tap("newClientButton")
    driver.qtbot.keyClicks(driver.visible("clientNameEdit", QLineEdit), "Typed Name")
    driver.tap("saveClientButton")
    assert driver.text("clientError") == "The disk is full."
    assert driver.visible("clientNameEdit", QLineEdit).text() == "Typed Name"
    assert store.list_clients() == []
    driver.tap("cancelClientButton")


def test_one_pedal_press_on_the_summary_does_not_finish(driver, store):
    """PageDown on the summary arms Finish; a second press finishes (it cannot be undone)."""
    _start(driver)
    driver.advance_to("Summary")
    driver.key(Qt.Key.Key_PageDown)
    assert driver.text("stepTitle") == "Summary"
    assert "Press again" in driver.text("guardHint")
    assert store.sessions_in_progress()
    driver.key(Qt.Key.Key_PageDown)
    assert store.sessions_in_progress() == []


def test_a_failed_save_keeps_the_therapist_on_the_step_with_every_entry(driver, store, monkeypatch):
    """Disk full on Next: a calm message, the same step, the values still there; retry works."""
    driver.add_client("Full Disk Client")
    driver.tap("startSessionButton")
    driver.tap("screenAllClearButton")
    driver.tap("nextButton")
    for _ in range(3):
        driver.tap("leftPlus")
    driver.tap("rightTouches")
    real_save = type(store).save_session
    failures = []

    def disk_full(repository, session):
        if not failures:
            failures.append(session)
            raise StorageError("The disk is full, so this step could not be saved.")
        return real_save(repository, session)

    monkeypatch.setattr(type(store), "save_session", disk_full)
    _answer_next_box("OK")
    driver.tap("nextButton")
    assert failures, "the save was attempted"
    assert driver.text("stepTitle") == "Starting point"
    assert driver.text("leftValue") == "1.5 cm"
    driver.tap("nextButton")
    assert driver.text("stepTitle") == "First direction"
    [session] = store.sessions_in_progress()
    assert session.value(Timepoint.BASELINE, Side.LEFT) == 1.5

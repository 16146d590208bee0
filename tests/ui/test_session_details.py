"""Check-in precautions, direction suggestion, summary answers, full screen and touch scrolling."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QLineEdit, QPlainTextEdit, QScroller

from psoas_desktop.domain.model import (
    Direction,
    FeltBetter,
    PainLocation,
    Precaution,
    SessionStatus,
)


def _run_whole_session(driver, first: str | None = None) -> None:
    driver.tap("startSessionButton")
    driver.advance_to("First direction")
    if first:
        driver.tap(first)
    driver.advance_to("Summary")
    driver.tap("finishButton")


def test_the_first_direction_alternates_from_the_last_session(driver, store):
    """After a session that started to the right, the next one preselects left, and says so."""
    driver.add_client("Alternating Client")
    _run_whole_session(driver, "directionRightButton")
    driver.tap("startSessionButton")
    driver.advance_to("First direction")
    assert driver.visible("directionLeftButton").isChecked()
    assert not driver.visible("directionRightButton").isChecked()
    assert "last visit started the other way" in driver.text("directionSuggestion")
    driver.complete_step()
    [session] = store.sessions_in_progress()
    assert session.first_direction == Direction.LEFT


def test_check_in_answers_are_stored(driver, store):
    """Pain, where, changes, precautions and the clearance for recent surgery are all kept."""
    driver.add_client("Check-in Client")
    driver.tap("startSessionButton")
    driver.tap("screenAllClearButton")
    driver.tap("painBefore4")
    driver.tap("pain_low_back")
    driver.qtbot.keyClicks(driver.visible("changesEdit", QLineEdit), "Slept better")
    driver.tap("precaution_recent_surgery")
    assert not driver.visible("nextButton").isEnabled()
    assert "clearance" in driver.text("guardHint")
    driver.qtbot.keyClicks(driver.visible("surgeryClearanceEdit", QLineEdit), "Surgeon, 3 Nov")
    driver.tap("precaution_osteoporosis")
    driver.tap("nextButton")
    [session] = store.sessions_in_progress()
    ci = session.check_in
    assert (ci.pain_before, ci.pain_locations, ci.changes_since_last) == (
        4, frozenset({PainLocation.LOW_BACK}), "Slept better")
    assert ci.precautions == frozenset({Precaution.RECENT_SURGERY, Precaution.OSTEOPOROSIS})
    assert ci.surgery_clearance == "Surgeon, 3 Nov"


def test_hip_replacement_hides_the_table_edge_test_and_osteoporosis_shows_in_the_coach(driver):
    """Hip replacement: no table-edge method. Osteoporosis: the coach says slow, partial range."""
    driver.add_client("Precaution Client")
    driver.tap("startSessionButton")
    driver.tap("precaution_hip_replacement")
    assert not driver.window.findChild(type(driver.visible("method_gap_cm")),
                                       "method_table_edge_angle").isVisible()
    driver.tap("precaution_osteoporosis")
    driver.advance_to("Open-book rotations: direction A")
    assert "partial range" in driver.text("repNote")


def test_summary_answers_are_stored_and_the_session_becomes_read_only(driver, store):
    """Felt better, pain after, notes and the home program are saved by Finish."""
    driver.add_client("Summary Client")
    driver.tap("startSessionButton")
    driver.advance_to("Summary")
    driver.tap("felt_second")
    driver.tap("painAfter2")
    driver.qtbot.keyClicks(driver.visible("summaryNotes", QPlainTextEdit), "Calm afterwards")
    program = driver.visible("homeProgram", QPlainTextEdit).toPlainText()
    assert "3 slow repetitions each" in program
    driver.tap("finishButton")
    [summary] = store.list_clients()
    [session] = store.sessions_for_client(summary.client.id)
    assert session.status is SessionStatus.COMPLETED
    assert (session.summary.felt_better, session.summary.pain_after) == (FeltBetter.SECOND, 2)
    assert session.summary.notes == "Calm afterwards"
    assert session.summary.home_program == program


def test_f11_toggles_full_screen(driver):
    """F11 switches the window to full screen and back (the --fullscreen option starts there)."""
    assert not driver.window.isFullScreen()
    driver.qtbot.keyClick(driver.window.home, Qt.Key.Key_F11)
    assert driver.window.isFullScreen()
    driver.qtbot.keyClick(driver.window.home, Qt.Key.Key_F11)
    assert not driver.window.isFullScreen()


def test_every_list_and_scrolling_page_scrolls_with_a_finger(driver):
    """Every scrollable view on home and in the wizard has a kinetic QScroller for touch drags."""
    driver.add_client("Scroll Client")
    driver.tap("startSessionButton")
    driver.advance_to("Summary")
    views = [v for v in driver.window.findChildren(QAbstractScrollArea)
             if type(v).__name__ not in ("QPlainTextEdit", "QTextEdit")
             and not type(v).__name__.startswith("PlotWidget")
             and not hasattr(v, "getPlotItem")]
    assert len(views) >= 3
    assert all(QScroller.hasScroller(v.viewport()) for v in views), [type(v).__name__ for v in views]


def test_the_home_program_follows_the_clients_answer_until_edited(driver):
    """Choosing 'B felt better' rewrites the untouched suggestion to start with direction B."""
    driver.add_client("Program Client")
    driver.tap("startSessionButton")
    driver.advance_to("First direction")
    driver.tap("directionLeftButton")
    driver.advance_to("Summary")
    program = driver.visible("homeProgram", QPlainTextEdit)
    assert program.toPlainText().startswith("Rotate to both sides")
    driver.tap("felt_second")
    assert program.toPlainText().startswith("Start with rotating to the right")


def test_the_summary_says_which_single_leg_changes_are_beyond_error(driver):
    """A 3 cm change on one leg is beyond 2.77 x 1 cm and is named; the rest are not."""
    driver.add_client("Real Change Client")
    driver.tap("startSessionButton")
    driver.advance_to("Starting point")
    driver.measure(6, "Touches")  # start 3.0
    driver.tap("nextButton")
    driver.tap("directionLeftButton")
    driver.advance_to("Re-test after direction A")
    driver.tap("leftTouches")  # after A 0.0: a 3.0 cm change
    driver.advance_to("Summary")
    assert driver.text("realChanges") == (
        "Beyond measurement error (2.8 cm): left leg +3.0 rotating to your left.")

"""The session engine through real widgets (issue 7): nothing entered is lost on Back, Leave,
STOP or close; a bounce never moves two steps; an untouched card stores nothing; a red flag
cannot be walked past by Leave and Resume. Each test checks what a second repository reads."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from psoas_desktop.domain.model import (
    Direction,
    FeltBetter,
    PainLocation,
    RedFlag,
    SessionStatus,
    Side,
    Timepoint,
)


def _only(store):
    [session] = store.sessions_in_progress()
    return session


def _type(driver, name: str, text: str, kind=QLineEdit) -> None:
    field = driver.visible(name, kind)
    field.setFocus()
    driver.qtbot.keyClicks(field, text)


def _resume(driver) -> None:
    driver.tap("resumeButton")


# --- nothing entered is lost ------------------------------------------------------------------
def test_check_in_entries_survive_leave_keep_and_resume(driver, store):
    """Pain, locations and typed changes (never Next) are stored by Leave -> Keep for later and
    shown again on resume."""
    driver.start_session("Check-in Keeper")
    driver.tap("painBefore6")
    driver.tap("pain_right_hip")
    _type(driver, "changesEdit", "Long drive yesterday")
    driver.tap("leaveButton")
    driver.tap("keepForLaterButton")
    ci = _only(store).check_in
    assert (ci.pain_before, ci.pain_locations, ci.changes_since_last) == (
        6, frozenset({PainLocation.RIGHT_HIP}), "Long drive yesterday")
    _resume(driver)
    assert driver.text("stepTitle") == "Check-in"
    assert driver.visible("painBefore6").isChecked()
    assert driver.visible("pain_right_hip").isChecked()
    assert driver.visible("changesEdit", QLineEdit).text() == "Long drive yesterday"


def test_typed_text_is_saved_within_a_second_without_leaving_the_field(driver, store):
    """Text is stored within a second of the last keystroke, with no Next and no focus change."""
    driver.start_session("Typing Client")
    _type(driver, "changesEdit", "New job")
    assert _only(store).check_in.changes_since_last == ""  # not on every keystroke
    driver.qtbot.waitUntil(lambda: _only(store).check_in.changes_since_last == "New job",
                           timeout=1500)


def test_summary_entries_survive_back_then_next(driver, store):
    """The client's answer, pain after and notes are stored on Back and shown after Next."""
    driver.start_session("Summary Keeper")
    driver.advance_to("Summary")
    driver.tap("felt_no_difference")
    driver.tap("painAfter3")
    _type(driver, "summaryNotes", "Breathing eased", QPlainTextEdit)
    driver.tap("backButton")
    summary = _only(store).summary
    assert (summary.felt_better, summary.pain_after, summary.notes) == (
        FeltBetter.NO_DIFFERENCE, 3, "Breathing eased")
    driver.complete_step()
    assert driver.text("stepTitle") == "Summary"
    assert driver.visible("felt_no_difference").isChecked()
    assert driver.visible("painAfter3").isChecked()
    assert driver.visible("summaryNotes", QPlainTextEdit).toPlainText() == "Breathing eased"


def test_summary_entries_survive_leave_keep_and_resume(driver, store):
    """Leave -> Keep for later on the summary keeps every answer; resume shows the summary."""
    driver.start_session("Summary Leaver")
    driver.advance_to("Summary")
    driver.tap("felt_first")
    driver.tap("painAfter1")
    _type(driver, "summaryNotes", "Lighter on the left", QPlainTextEdit)
    driver.tap("leaveButton")
    driver.tap("keepForLaterButton")
    _resume(driver)
    assert driver.text("stepTitle") == "Summary"
    assert driver.visible("felt_first").isChecked()
    assert driver.visible("summaryNotes", QPlainTextEdit).toPlainText() == "Lighter on the left"
    assert _only(store).summary.felt_better is FeltBetter.FIRST


def test_stop_keeps_the_entries_of_the_step(driver, store):
    """STOP, an event, Continue: the entries made on the step before STOP are stored."""
    driver.start_session("Stop Keeper")
    driver.tap("painBefore2")
    _type(driver, "changesEdit", "Sore neck")
    driver.tap("stopButton")
    driver.tap("event_other")
    driver.tap("stopContinueButton")
    session = _only(store)
    assert session.check_in.pain_before == 2
    assert session.check_in.changes_since_last == "Sore neck"
    assert len(session.safety_events) == 1


def test_the_stop_form_is_dismissed_by_touch_and_records_nothing(driver, store):
    """'Back to the session' closes the STOP form; no event is stored, the step stays."""
    driver.start_session("Stop Dismisser")
    driver.tap("stopButton")
    driver.tap("stopCancelButton")
    assert driver.text("stepTitle") == "Check-in"
    assert _only(store).safety_events == ()


def test_closing_the_window_mid_session_keeps_it(driver, store):
    """Closing the main window mid-step saves the step's entries and keeps the session."""
    driver.start_session("Closing Client")
    driver.tap("painBefore7")
    _type(driver, "changesEdit", "Tired")
    driver.window.close()
    session = _only(store)
    assert session.status is SessionStatus.IN_PROGRESS
    assert (session.check_in.pain_before, session.check_in.changes_since_last) == (7, "Tired")


def test_the_leave_dialog_cancel_and_escape_return_to_the_step(driver, store):
    """cancelLeaveButton and Escape leave the session open on the same step."""
    driver.start_session("Cancel Leaver")
    driver.tap("leaveButton")
    driver.tap("cancelLeaveButton")
    assert driver.text("stepTitle") == "Check-in"
    driver.tap("leaveButton")
    dialog = driver.visible("abandonReasonEdit").window()
    driver.qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert driver.text("stepTitle") == "Check-in"
    assert _only(store).status is SessionStatus.IN_PROGRESS


# --- bounce-proof -------------------------------------------------------------------------------
def _click(driver, name: str) -> None:
    driver.qtbot.mouseClick(driver.visible(name), Qt.MouseButton.LeftButton)


def test_a_double_tap_on_next_at_the_first_retest_moves_one_step(timed, store):
    """The reported bug: a double tap at 'Re-test after direction A' skipped direction B."""
    driver, _clock = timed
    driver.start_session("Double Tapper")
    driver.advance_to("Re-test after direction A")
    driver.measure("Unchanged", "Unchanged")
    _click(driver, "nextButton")
    _click(driver, "nextButton")
    assert driver.text("stepTitle") == "Open-book rotations: direction B"
    assert _only(store).completed_step == 4


@pytest.fixture
def timed(qtbot, database_url, store):
    """The app on a clock the test moves, so a bounce is a bounce however busy the machine is."""
    from psoas_desktop.config import Settings
    from psoas_desktop.ui.main_window import MainWindow
    from tests.driver import Driver
    from tests.ui.test_rep_coach import FakeClock, RecordingAwake, RecordingCues

    clock = FakeClock()
    window = MainWindow(store, Settings(), lambda: clock, cues=RecordingCues(),
                        awake=RecordingAwake())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return Driver(qtbot, window), clock


def test_six_clicker_presses_60_ms_apart_move_one_step(timed):
    """A chattering pedal: six PageDown presses 60 ms apart move exactly one step; a press
    0.4 s after the last one counts again."""
    driver, clock = timed
    driver.start_session("Pedal Client")
    driver.tap("screenAllClearButton")
    for _ in range(6):
        driver.qtbot.keyClick(driver.window.stack.currentWidget(), Qt.Key.Key_PageDown)
        clock.t += 0.06
    assert driver.text("stepTitle") == "Starting point"
    driver.measure("Touches", "Touches")
    clock.t += 0.4
    driver.qtbot.keyClick(driver.window.stack.currentWidget(), Qt.Key.Key_PageDown)
    assert driver.text("stepTitle") == "First direction"


def test_a_double_rep_done_counts_one_and_undo_removes_it(timed, store):
    """Two Rep done taps in quick succession count one rep; Undo takes it back; a tap 0.5 s
    after the last counted rep counts."""
    driver, clock = timed
    driver.start_session("Rep Bouncer")
    driver.advance_to("Open-book rotations: direction A")
    _click(driver, "repDoneButton")
    clock.t += 0.49
    _click(driver, "repDoneButton")
    assert driver.text("repCounter").startswith("1 of")
    assert len(_only(store).blocks[0].reps) == 1
    driver.tap("repUndoButton")
    assert driver.text("repCounter").startswith("0 of")
    assert _only(store).blocks[0].reps == ()
    _click(driver, "repDoneButton")  # after an undo the next tap counts at once
    clock.t += 0.5
    _click(driver, "repDoneButton")
    assert driver.text("repCounter").startswith("2 of")


def test_next_from_a_block_with_no_rep_asks_and_a_skip_is_recorded(driver, store):
    """Next with no rep opens the question; Stay keeps the block; Skip records it skipped, and
    the summary says which direction was not done instead of comparing."""
    driver.start_session("Skipper")
    driver.advance_to("Open-book rotations: direction A")
    driver.tap("nextButton")
    driver.tap("cancelSkipButton")
    assert driver.text("stepTitle") == "Open-book rotations: direction A"
    driver.tap("nextButton")
    driver.tap("skipDirectionButton")
    assert driver.text("stepTitle") == "Re-test after direction A"
    [block] = _only(store).blocks
    assert block.skipped and block.reps == ()
    driver.advance_to("Summary")
    verdict = driver.text("verdictLabel").lower()
    assert "not done" in verdict and "similar" not in verdict


# --- not entered is not measured ------------------------------------------------------------
def test_an_untouched_card_stores_nothing(driver, store):
    """Leaving a baseline nobody touched stores no 0/0 readings; resume shows "—" again."""
    driver.start_session("Untouched Client")
    driver.advance_to("Starting point")
    driver.tap("leaveButton")
    driver.tap("keepForLaterButton")
    assert _only(store).measurements == ()
    _resume(driver)
    assert driver.text("leftValue") == "—" and driver.text("rightValue") == "—"
    assert not driver.visible("nextButton").isEnabled()


def test_retest_confounder_ticks_start_clear(driver, store):
    """A tick at the baseline does not carry over to the re-test."""
    driver.start_session("Tick Client")
    driver.advance_to("Starting point")
    driver.tap("leftBackArches")
    driver.measure("Touches", "Touches")
    driver.advance_to("Re-test after direction A")
    assert not driver.visible("leftBackArches").isChecked()
    driver.measure("Unchanged", "Unchanged")
    driver.tap("nextButton")
    session = _only(store)
    assert session.measurement(Timepoint.BASELINE, Side.LEFT).lower_back_arches
    assert not session.measurement(Timepoint.AFTER_FIRST, Side.LEFT).lower_back_arches


# --- every gate on every path -------------------------------------------------------------------
def test_a_red_flag_ticked_on_a_revisited_check_in_cannot_be_walked_past(driver, store):
    """Back to check-in, tick a red flag, Leave -> Keep -> Resume: the session reopens at the
    check-in and Next waits for the override reason."""
    driver.start_session("Flag Walker")
    driver.advance_to("First direction")
    driver.tap("backButton")
    driver.tap("backButton")
    driver.tap("flag_fever")
    driver.tap("leaveButton")
    driver.tap("keepForLaterButton")
    assert RedFlag.FEVER in _only(store).check_in.red_flags
    _resume(driver)
    assert driver.text("stepTitle") == "Check-in"
    assert not driver.visible("nextButton").isEnabled()
    _type(driver, "overrideReasonEdit", "GP cleared it today")
    driver.tap("nextButton")
    assert driver.text("stepTitle") == "Starting point"
    assert _only(store).check_in.override_reason == "GP cleared it today"


def test_next_on_a_later_step_returns_to_a_failing_earlier_gate(driver, store):
    """With a red flag ticked via Back and the session moved forward by Next on the baseline,
    the wizard shows the check-in again instead of moving on."""
    driver.start_session("Gate Checker")
    driver.advance_to("Starting point")
    driver.measure("Touches", "Touches")
    driver.tap("backButton")
    driver.tap("flag_chest_pain")
    driver.tap("nextButton") if driver.visible("nextButton").isEnabled() else None
    assert driver.text("stepTitle") == "Check-in"
    assert _only(store).completed_step <= 0


def test_the_wizard_header_shows_the_clients_name(driver):
    driver.start_session("Named Client")
    assert driver.text("clientNameLabel") == "Named Client"


def test_finish_keeps_the_first_direction_and_basis(driver, store):
    """Finish stores the verdict's basis (SEM per reading and readings count) with the session."""
    driver.start_session("Basis Client")
    driver.advance_to("First direction")
    driver.tap("directionRightButton")
    driver.advance_to("Summary")
    driver.tap("finishButton")
    [summary] = store.list_clients()
    [session] = store.sessions_for_client(summary.client.id)
    assert session.first_direction == Direction.RIGHT
    assert session.status is SessionStatus.COMPLETED
    assert session.verdict_basis is not None
    assert session.verdict_basis.sem == 1.0 and session.verdict_basis.readings == 1


def test_enter_in_the_client_dialog_saves_instead_of_cancelling(driver, store):
    """Found in a real window: Enter after typing the name pressed Cancel and lost the name."""
    driver.tap("newClientButton")
    field = driver.visible("clientNameEdit", QLineEdit)
    driver.qtbot.keyClicks(field, "Enter Client")
    driver.qtbot.keyClick(field, Qt.Key.Key_Return)
    assert [row.client.name for row in store.list_clients()] == ["Enter Client"]


def test_enter_in_the_abandon_reason_does_not_keep_or_abandon(driver, store):
    """Enter in the reason field presses no button: keeping or abandoning is a tap."""
    driver.start_session("Reason Typist")
    driver.tap("leaveButton")
    field = driver.visible("abandonReasonEdit", QLineEdit)
    driver.qtbot.keyClicks(field, "Ran late")
    driver.qtbot.keyClick(field, Qt.Key.Key_Return)
    assert driver.visible("abandonReasonEdit", QLineEdit).text() == "Ran late"
    assert _only(store).status is SessionStatus.IN_PROGRESS
    driver.tap("cancelLeaveButton")


def test_finishing_a_session_takes_a_verified_backup(driver, store, database_url):
    """SPEC 8.1: after a finished session a verified backup appears in backups/ beside the file."""
    from pathlib import Path

    driver.start_session("Backup Client")
    driver.advance_to("Summary")
    driver.tap("finishButton")
    # taken once the client page is painted, not before it (issue 13)
    driver.qtbot.waitUntil(lambda: len(store.list_backups()) == 1, timeout=5000)
    backups = store.list_backups()
    assert len(backups) == 1 and backups[0].sessions == 1 and backups[0].clients == 1
    folder = Path(database_url.removeprefix("sqlite:///")).parent / "backups"
    assert Path(backups[0].path).parent == folder



def test_no_backup_is_taken_while_a_session_is_on_screen(driver, window, store):
    """A due backup waits while a session is on screen (issue 13: a copy can take a second, a
    tap must not wait for it) and is taken once the session is kept for later."""
    driver.start_session("Busy Client")
    driver.tap("painBefore3")
    window.backup_if_due()  # the periodic check, or the one after Finish, mid-session
    assert store.list_backups() == []
    driver.tap("leaveButton")
    driver.tap("keepForLaterButton")
    driver.qtbot.waitUntil(lambda: len(store.list_backups()) == 1, timeout=5000)
    [backup] = store.list_backups()
    assert backup.clients == 1 and backup.sessions == 1

# --- every step: Leave then Resume, Back then Next --------------------------------------------
STEP_ENTRIES = {  # a title, one entry on that step, and how to see it on screen
    "Check-in": ("painBefore5", lambda d: d.visible("painBefore5").isChecked()),
    "Starting point": ("leftPlus", lambda d: d.text("leftValue") == "0.5 cm"),
    "First direction": ("directionRightButton",
                        lambda d: d.visible("directionRightButton").isChecked()),
    "Open-book rotations: direction A": ("repDoneButton",
                                         lambda d: d.text("repCounter").startswith("1 of")),
    "Re-test after direction A": ("leftUnchanged", lambda d: d.text("leftValue") == "0.0 cm"),
    "Open-book rotations: direction B": ("repDoneButton",
                                         lambda d: d.text("repCounter").startswith("1 of")),
    "Re-test after direction B": ("leftPlus", lambda d: d.text("leftValue") == "0.5 cm"),
    "Summary": ("felt_second", lambda d: d.visible("felt_second").isChecked()),
}


@pytest.mark.parametrize("title", list(STEP_ENTRIES))
def test_leave_then_resume_on_every_step_keeps_the_entry_and_the_step(driver, title):
    """On every step: one entry, Leave -> Keep for later, Resume: the same step, the entry shown."""
    driver.start_session(f"Resume {title}")
    driver.advance_to(title)
    button, shown = STEP_ENTRIES[title]
    driver.tap(button)
    assert shown(driver)
    driver.tap("leaveButton")
    driver.tap("keepForLaterButton")
    driver.tap("resumeButton")
    assert driver.text("stepTitle") == title
    assert shown(driver)


@pytest.mark.parametrize("title", list(STEP_ENTRIES)[1:])
def test_back_then_next_on_every_step_keeps_the_entry(driver, title):
    """On every step but the first: one entry, Back, Next: the same step, the entry shown."""
    driver.start_session(f"Back {title}")
    driver.advance_to(title)
    button, shown = STEP_ENTRIES[title]
    driver.tap(button)
    driver.tap("backButton")
    assert driver.text("stepTitle") != title
    driver.complete_step()
    assert driver.text("stepTitle") == title
    assert shown(driver)


def test_two_windows_on_one_database_never_overwrite_each_other(driver, store, database_url, qtbot):
    """Window B, opened on the same session before window A's tap, taps another value: its save
    is refused with the sentence, B shows what the record holds, and A's entry stays."""
    from psoas_desktop.app import create_main_window
    from tests.driver import Driver

    driver.start_session("Shared Client")
    driver.tap("leaveButton")
    driver.tap("keepForLaterButton")
    other = create_main_window(database_url)
    qtbot.addWidget(other)
    other.resize(1280, 800)
    other.show()
    second = Driver(qtbot, other)
    second.tap("resumeButton")
    driver.tap("resumeButton")
    driver.tap("painBefore3")
    second.tap("painBefore5")
    assert "changed in another window" in second.text("saveProblem")
    assert second.visible("painBefore3").isChecked()
    assert not second.visible("painBefore5").isChecked()
    assert _only(store).check_in.pain_before == 3
    second.tap("painBefore6")  # carrying on from what it holds now saves again
    assert _only(store).check_in.pain_before == 6


def test_step_views_are_prepared_in_idle_time_without_touching_the_records(window, store, qtbot):
    """After home shows, idle time draws each step view once off screen at the size it will have
    (issue 13: the first session pays no first show); no session is started or saved, home stays
    on screen, and a session then opens on the step views as prepared."""
    from PySide6.QtCore import Qt as QtFlags

    from tests.driver import Driver

    wizard = window.wizard

    def prepared() -> bool:  # laid out as the main window will show it, each view at its size
        return wizard.size() == window.stack.size() and all(
            view.testAttribute(QtFlags.WidgetAttribute.WA_WState_Polished)
            and view.size() == wizard.stack.size() for view in wizard.steps)

    qtbot.waitUntil(prepared, timeout=10_000)
    assert window.stack.currentWidget() is window.home
    assert store.sessions_in_progress() == []
    size, views = wizard.stack.size(), list(wizard.steps)
    # the summary's table and chart are made from a sample, to be filled by the real session
    table = wizard.findChild(QWidget, "summaryResults")
    cell = table.findChild(QLabel, "result_left_baseline")
    assert cell is not None and len(wizard.findChild(QWidget, "sessionChart")
                                    .getPlotItem().listDataItems()) == 2
    driver = Driver(qtbot, window)
    driver.start_session("Prepared Client")
    assert wizard.steps == views and wizard.stack.size() == size
    assert wizard.stack.currentWidget().size() == size
    driver.complete_step()  # the check-in
    driver.tap("leftPlus")
    driver.tap("leftPlus")
    driver.advance_to("Summary")
    assert driver.text("result_left_baseline") == "1.0"  # the session's, in the prepared cell
    assert driver.visible("result_left_baseline") is cell

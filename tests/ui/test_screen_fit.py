"""Every screen and dialog fits every window size the clinic has (SPEC 3.3): nothing outside the
window, no control over another, no clipped word (the checks are in tests/ui/fit.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog

from tests.ui.client_seed import client_with_sessions, open_client, tap_row
from tests.ui.fit import fit_problems

SIZES = ((720, 560), (1024, 600), (1280, 800), (800, 1280), (1920, 1080))


def _settle(qtbot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(5)


def _check_window(qtbot, window, screen: str, found: list[str]) -> None:
    for width, height in SIZES:
        window.resize(width, height)
        _settle(qtbot)
        where = f"{screen} at {width}x{height}"
        if (window.width(), window.height()) != (width, height):
            found.append(f"{where}: the window cannot be {width}x{height}, it stays "
                         f"{window.width()}x{window.height()}")
        found.extend(f"{where}: {p}" for p in fit_problems(window))


def _check_dialog(qtbot, window, screen: str, open_it, close_it, found: list[str]) -> None:
    """Open the dialog over a window of each size (as the therapist would), check, close it."""
    for width, height in SIZES:
        window.resize(width, height)
        _settle(qtbot)
        open_it()
        _settle(qtbot)
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog), f"{screen} did not open"
        where = f"{screen} at {width}x{height}"
        if dialog.width() > width or dialog.height() > height:
            found.append(f"{where}: the dialog is {dialog.width()}x{dialog.height()}")
        found.extend(f"{where}: {p}" for p in fit_problems(dialog))
        close_it(dialog)
        _settle(qtbot)
        window.activateWindow()


def _report(found: list[str]) -> None:
    assert not found, f"{len(found)} fit problems:\n" + "\n".join(found)


def test_home_client_page_review_and_past_session_fit_every_size(driver, store, qtbot):
    """Home, the client dialog, the client page, review mode and a past session fit all sizes."""
    window = driver.window
    client_with_sessions(store, "Zoe Marguerite Abernathy-Castellanos", [21, 14, 7])
    for name in ("Anna Berg", "Ben Okafor"):
        driver.add_client(name)
    found: list[str] = []
    window.show_home()
    _check_window(qtbot, window, "home", found)
    _check_dialog(qtbot, window, "client dialog", lambda: driver.tap("newClientButton"),
                  lambda d: d.reject(), found)
    _check_dialog(qtbot, window, "SEM dialog", lambda: driver.tap("semButton"),
                  lambda d: d.reject(), found)
    open_client(driver, "Zoe Marguerite Abernathy-Castellanos")
    _check_window(qtbot, window, "client page", found)
    driver.tap("reviewButton")
    _check_window(qtbot, window, "review mode", found)
    for chip in ("reviewDifferenceChip", "reviewDirectionChip", "reviewTodayChip"):
        driver.tap(chip)
        _check_window(qtbot, window, f"review mode, {chip}", found)
    driver.tap("reviewCloseButton")
    tap_row(driver, "sessionList", 0)
    _check_window(qtbot, window, "past session", found)
    _report(found)


def test_every_wizard_step_and_its_dialogs_fit_every_size(driver, qtbot):
    """Each of the 8 steps, the leave dialog, the STOP form and the skip question fit all sizes."""
    window = driver.window
    found: list[str] = []
    driver.start_session("Zoe Marguerite Abernathy-Castellanos")
    _check_window(qtbot, window, "check-in", found)
    driver.tap("flag_fever")  # the answered state with its referral and reason field
    _check_window(qtbot, window, "check-in with a red flag", found)
    driver.tap("flag_fever")
    driver.tap("screenAllClearButton")
    _check_dialog(qtbot, window, "leave dialog", lambda: driver.tap("leaveButton"),
                  lambda d: d.reject(), found)
    _check_dialog(qtbot, window, "STOP form", lambda: driver.tap("stopButton"),
                  lambda d: d.reject(), found)
    driver.tap("nextButton")
    _check_window(qtbot, window, "baseline, not entered", found)
    driver.taps("leftPlus", 24)  # 12.0 cm: the widest value
    driver.tap("leftAddReading")
    driver.taps("leftPlus", 23)
    driver.tap("rightTouches")
    _check_window(qtbot, window, "baseline with two readings", found)
    driver.tap("nextButton")
    _check_window(qtbot, window, "first direction", found)
    driver.complete_step()
    _check_window(qtbot, window, "rep coach A", found)
    _check_dialog(qtbot, window, "skip question", lambda: driver.tap("nextButton"),
                  lambda d: d.reject(), found)
    driver.tap("timingToggle")
    _check_window(qtbot, window, "rep coach A with timing", found)
    driver.tap("timingToggle")
    for _ in range(3):
        driver.tap("repDoneButton")
    _check_window(qtbot, window, "rep coach A, all reps done", found)
    driver.tap("nextButton")
    _check_window(qtbot, window, "re-test 1", found)
    driver.complete_step()
    _check_window(qtbot, window, "rep coach B", found)
    driver.complete_step()
    _check_window(qtbot, window, "re-test 2", found)
    driver.complete_step()
    driver.tap("felt_first")
    _check_window(qtbot, window, "summary", found)
    _report(found)


def test_stacked_columns_in_a_scroll_area_do_not_flip_with_its_scroll_bar(qtbot):
    """Columns that stack inside a scroll area whose 48 px bar then shows stay stacked until
    they would fit with the bar gone: they used to unstack, hide the bar, stack again and so
    on (the app crashed at 1024x600 once scroll bars were 48 px wide). Without a bar shown
    they unstack as soon as they fit."""
    from PySide6.QtWidgets import QLabel

    from psoas_desktop.ui.widgets.touch import UNSTACK_MARGIN, Columns, scrolling

    columns = Columns((1, 1), stack_below=500)
    for column in columns.columns:
        label = QLabel("words")
        label.setMinimumHeight(200)
        column.addWidget(label)
    area = scrolling(columns)
    area.verticalScrollBar().setStyleSheet("QScrollBar:vertical { width: 48px; }")
    qtbot.addWidget(area)
    area.show()
    area.resize(480, 300)  # stacked: 400 px of labels in 300 px, the bar shows
    _settle(qtbot)
    assert columns.stacked and area.verticalScrollBar().isVisible()
    area.resize(500 + 48 + 4, 300)  # fits side by side only if the bar went away
    _settle(qtbot)
    assert columns.stacked
    area.resize(500 + 2 * 48 + UNSTACK_MARGIN + 4, 300)
    _settle(qtbot)
    assert not columns.stacked
    alone = Columns((1, 1), stack_below=500)  # no scroll area: no margin at all
    qtbot.addWidget(alone)
    alone.show()
    alone.resize(480, 300)
    _settle(qtbot)
    assert alone.stacked
    alone.resize(501, 300)
    _settle(qtbot)
    assert not alone.stacked


def test_the_longest_phase_words_fit_the_rep_coach_in_portrait(driver, qtbot):
    """'Breathe at the end of the range' fits its fixed two-line phase line at 800x1280 and at
    every other size (the screenshots showed it cut to three lines in portrait)."""
    from psoas_desktop.domain.pacing import DEFAULT_PHASES

    window = driver.window
    driver.start_session("Portrait Coach")
    driver.advance_to("Open-book rotations: direction A")
    longest = max((p.name for p in DEFAULT_PHASES), key=len)
    phase = driver.visible("phaseLabel")
    found: list[str] = []
    for width, height in SIZES:
        window.resize(width, height)
        _settle(qtbot)
        phase.setText(longest)
        _settle(qtbot)
        need = phase.heightForWidth(phase.width())
        if need > phase.height() + 1:
            found.append(f"{width}x{height}: needs {need} px, has {phase.height()}")
    _report(found)

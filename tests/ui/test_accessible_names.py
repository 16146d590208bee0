"""Every control a person can reach has an accessible name (issue 10): a screen reader says
'Left leg: more', not '+', and every text field says what it is for."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTextEdit,
    QWidget,
)

from tests.ui.client_seed import client_with_sessions, open_client, tap_row

CONTROLS = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox, QSlider)


def _settle(qtbot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(5)


def unnamed(top: QWidget) -> list[str]:
    """Visible controls of `top`'s window whose accessible name is missing or one character."""
    found = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisible() or widget.window() is not top:
            continue
        parent = widget.parentWidget()  # parts Qt builds inside a composite (a spin box's field)
        if isinstance(parent, QAbstractSpinBox | QComboBox) or type(parent).__name__ == "QLineEdit":
            continue
        if len(widget.accessibleName().strip()) <= 1:
            text = widget.text() if isinstance(widget, QAbstractButton | QLineEdit) else ""
            found.append(f"{type(widget).__name__}({widget.objectName() or '-'}, {text[:20]!r})")
    return found


def _check(qtbot, top: QWidget, screen: str, found: list[str]) -> None:
    _settle(qtbot)
    found.extend(f"{screen}: {w}" for w in unnamed(top))


def _check_dialog(qtbot, window, screen: str, open_it, found: list[str]) -> None:
    open_it()
    _settle(qtbot)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, QDialog), f"{screen} did not open"
    _check(qtbot, dialog, screen, found)
    dialog.reject()
    _settle(qtbot)
    window.activateWindow()


def _report(found: list[str]) -> None:
    assert not found, f"{len(found)} controls without an accessible name:\n" + "\n".join(found)


def test_home_client_page_review_and_dialogs_name_every_control(driver, store, qtbot):
    """Home (with a search typed), the client dialog, the client page, review mode, a past
    session and the settings dialogs: every visible control has an accessible name."""
    window = driver.window
    window.resize(1280, 800)
    client_with_sessions(store, "Anna Mueller", [21, 14, 7])
    found: list[str] = []
    window.show_home()
    _check(qtbot, window, "home", found)
    driver.qtbot.keyClicks(driver.visible("clientSearch"), "mu")
    _check(qtbot, window, "home with a search", found)
    driver.visible("clientSearch").clear()
    _check_dialog(qtbot, window, "client dialog", lambda: driver.tap("newClientButton"), found)
    _check_dialog(qtbot, window, "SEM dialog", lambda: driver.tap("semButton"), found)
    open_client(driver, "Anna Mueller")
    _check(qtbot, window, "client page", found)
    driver.tap("reviewButton")
    _check(qtbot, window, "review mode", found)
    driver.tap("reviewCloseButton")
    tap_row(driver, "sessionList", 0)
    _check(qtbot, window, "past session", found)
    _report(found)


def test_every_wizard_step_and_its_dialogs_name_every_control(driver, qtbot):
    """Each step of a session, the leave dialog, the STOP form and the skip question."""
    window = driver.window
    window.resize(1280, 800)
    found: list[str] = []
    driver.start_session("Named Controls")
    _check(qtbot, window, "check-in", found)
    driver.tap("flag_fever")
    _check(qtbot, window, "check-in with a red flag", found)
    driver.tap("flag_fever")
    driver.tap("screenAllClearButton")
    _check_dialog(qtbot, window, "leave dialog", lambda: driver.tap("leaveButton"), found)
    _check_dialog(qtbot, window, "STOP form", lambda: driver.tap("stopButton"), found)
    driver.tap("nextButton")
    driver.tap("leftPlus")
    driver.tap("leftAddReading")
    _check(qtbot, window, "baseline", found)
    driver.tap("leftTouches")
    driver.tap("rightTouches")
    driver.tap("nextButton")
    _check(qtbot, window, "first direction", found)
    driver.complete_step()
    _check(qtbot, window, "rep coach", found)
    _check_dialog(qtbot, window, "skip question", lambda: driver.tap("nextButton"), found)
    driver.tap("timingToggle")
    _check(qtbot, window, "rep coach with timing", found)
    driver.tap("timingToggle")
    driver.tap("repDoneButton")
    driver.tap("nextButton")
    _check(qtbot, window, "re-test", found)
    driver.advance_to("Summary")
    _check(qtbot, window, "summary", found)
    _report(found)


def test_a_button_name_follows_its_text_and_says_whose_it_is(qtbot):
    """The name follows setText, drops arrows, takes a prefix; a name set outright stays."""
    from psoas_desktop.ui.widgets.touch import button

    b = button("Next  ▶", "nextButton")
    qtbot.addWidget(b)
    assert b.accessibleName() == "Next"
    b.set_spoken_prefix("Left leg: ")
    b.setText("Reading 2: 2.5 cm")
    assert b.accessibleName() == "Left leg: Reading 2: 2.5 cm"
    b.setAccessibleName("Chosen words")
    b.setText("Other text")
    assert b.accessibleName() == "Chosen words"
    assert button("+").accessibleName() == ""  # one character says nothing: callers name it

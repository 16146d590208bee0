"""Safety at the table, through real widgets: red flags, STOP, gentle mode, leaving, client words."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from psoas_desktop.domain.model import RedFlag, SafetyEventKind, SessionStatus

AVOID = re.compile(r"\b(tight\w*|fail\w*|bad|fix\w*|abnormal|wrong|damage\w*|dysfunction\w*|worse)\b",
                   re.IGNORECASE)


def _start(driver, name="Safety Client"):
    driver.add_client(name)
    driver.tap("startSessionButton")


def test_red_flag_blocks_next_until_a_written_override(driver, store):
    """A yes to a red flag keeps Next disabled until a reason is written; the reason is stored."""
    _start(driver)
    driver.tap("flag_fever")
    assert not driver.visible("nextButton").isEnabled()
    assert "referral" in driver.text("guardHint").lower()
    driver.qtbot.keyClicks(driver.visible("overrideReasonEdit", QLineEdit), "GP saw client today")
    assert driver.visible("nextButton").isEnabled()
    driver.tap("nextButton")
    [session] = store.sessions_in_progress()
    assert session.check_in.red_flags == frozenset({RedFlag.FEVER})
    assert session.check_in.override_reason == "GP saw client today"
    assert session.completed_step == 0


def test_gentle_mode_hides_table_edge_and_invites(driver, store):
    """Neuroplastic features: no table-edge method, one reading per side, 'Would you like...' lines."""
    _start(driver)
    assert driver.visible("method_table_edge_angle").isVisible()
    driver.tap("neuroplasticToggle")
    assert not any(b.isVisible() for b in driver.window.findChildren(QPushButton, "method_table_edge_angle"))
    driver.tap("screenAllClearButton")
    driver.tap("nextButton")
    assert driver.text("gentleInvitation").startswith("Would you like to try")
    assert not any(b.isVisible() for b in driver.window.findChildren(QPushButton, "leftAddReading"))


def test_stop_records_the_event_and_can_skip_to_the_retest(driver, store):
    """STOP during the first block: the event is saved and 'Skip to re-test' opens re-test 1."""
    _start(driver)
    driver.advance_to("Open-book rotations: direction A")
    driver.tap("repDoneButton")
    driver.tap("stopButton")
    driver.tap("event_dizziness")
    driver.tap("eventPain3")
    driver.qtbot.keyClicks(driver.visible("eventActionEdit", QLineEdit), "Sat up slowly, water")
    driver.tap("stopSkipButton")
    assert driver.text("stepTitle") == "Re-test after direction A"
    [session] = store.sessions_in_progress()
    [event] = session.safety_events
    assert (event.kind, event.pain, event.action_taken) == (SafetyEventKind.DIZZINESS, 3,
                                                           "Sat up slowly, water")
    assert len(session.blocks[0].reps) == 1


def test_stop_can_end_the_session_keeping_the_record(driver, store):
    """'End the session' after STOP keeps the record as abandoned with the event's reason."""
    _start(driver)
    driver.tap("stopButton")
    driver.tap("event_emotional_distress")
    driver.tap("stopEndButton")
    assert driver.visible("trendChart") is not None
    [summary] = store.list_clients()
    [session] = store.sessions_for_client(summary.client.id)
    assert session.status is SessionStatus.ABANDONED
    assert "Emotional distress" in session.abandon_reason


def test_leave_and_abandon_asks_a_reason_and_keeps_the_record(driver, store):
    """Leave -> Abandon asks for the reason in the same touch dialog; without one the session
    stays open; with one it is kept with status abandoned."""
    _start(driver)
    driver.tap("leaveButton")
    driver.tap("abandonSessionButton")
    assert "reason" in driver.text("leaveHint")
    assert store.sessions_in_progress()
    driver.qtbot.keyClicks(driver.visible("abandonReasonEdit", QLineEdit), "Client had to leave early")
    driver.tap("abandonSessionButton")
    [summary] = store.list_clients()
    [session] = store.sessions_for_client(summary.client.id)
    assert session.status is SessionStatus.ABANDONED
    assert session.abandon_reason == "Client had to leave early"


def test_no_client_facing_text_uses_words_to_avoid(driver):
    """Every visible label and button on every step, in gentle mode, avoids SPEC 7's words."""
    _start(driver, "Words Client")
    driver.tap("neuroplasticToggle")
    driver.tap("screenAllClearButton")
    seen = []
    for _ in range(7):
        for kind in (QLabel, QPushButton):
            seen += [w.text() for w in driver.window.findChildren(kind) if w.isVisible() and w.text()]
        if driver.text("stepTitle") == "Summary":
            break
        driver.complete_step()
    assert driver.text("stepTitle") == "Summary"
    assert len(seen) > 50
    offending = [t for t in seen if AVOID.search(t)]
    assert offending == []


def test_safety_screen_and_precautions_show_without_scrolling_at_1280x800(driver):
    """At 1280x800 check-in opens at its top with every red flag, the answer and the
    precautions on screen; the answer and a ticked flag say so in words, not colour alone."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QPushButton, QScrollArea

    driver.add_client("Frame Client")
    driver.tap("startSessionButton")
    window = driver.window
    [area] = [a for a in window.wizard.steps[window.wizard.current_step].findChildren(QScrollArea)
              if a.isVisible()]
    assert area.verticalScrollBar().value() == 0
    viewport = area.viewport()
    shown = QRect(QPoint(0, 0), viewport.size())
    names = ["screenAllClearButton"] + [b.objectName() for b in window.findChildren(QPushButton)
                                        if b.objectName().startswith(("flag_", "precaution_"))]
    for name in names:
        b = driver.visible(name)
        assert shown.contains(QRect(b.mapTo(viewport, QPoint(0, 0)), b.size())), name
    assert driver.text("screenAllClearButton") == "None of these apply"
    driver.tap("screenAllClearButton")
    assert driver.text("screenAllClearButton").startswith("✓")
    driver.tap("flag_fever")
    assert driver.text("flag_fever") == "✓ Yes: Fever"


def test_stop_form_shows_whole_at_the_smallest_window(driver, qtbot):
    """At 720x560 the STOP form needs no scrolling: every kind, pain 0-10, the texts and the
    choices are on screen at once."""
    from PySide6.QtWidgets import QApplication

    driver.window.resize(720, 560)
    driver.start_session("Small Window Stop")
    driver.tap("screenAllClearButton")
    driver.tap("stopButton")
    for _ in range(3):
        QApplication.processEvents()
    dialog = QApplication.activeModalWidget()
    assert dialog.objectName() == "safetyEventDialog"
    assert dialog.height() <= 560 and dialog.width() <= 720
    assert dialog.body.verticalScrollBar().maximum() == 0, "the form scrolls"
    assert driver.visible("eventPain10").visibleRegion().boundingRect().size() == \
        driver.visible("eventPain10").size()
    dialog.reject()

"""Measurement steps through real widgets: methods, ranges, second readings, confounders, angle."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QLabel

from psoas_desktop.domain.model import Method, Side, Timepoint


def _to_baseline(driver, method_button: str | None = None, client: str = "Measure Client") -> None:
    driver.add_client(client)
    driver.tap("startSessionButton")
    driver.tap("screenAllClearButton")
    if method_button:
        driver.tap(method_button)
    driver.tap("nextButton")
    assert driver.text("stepTitle") == "Starting point"


def test_a_new_session_uses_the_gap_method_in_cm(driver, store):
    """The default method is the knee-to-table gap: a side starts not entered ("—"), plus gives
    the first step above 0 (0.5 cm), and the tap is stored at once; the other side is not."""
    _to_baseline(driver)
    assert driver.text("leftValue") == "—" and driver.text("rightValue") == "—"
    driver.tap("leftPlus")
    assert driver.text("leftValue") == "0.5 cm"
    [session] = store.sessions_in_progress()
    assert session.method == Method.GAP_CM
    assert session.value(Timepoint.BASELINE, Side.LEFT) == 0.5
    assert session.measurement(Timepoint.BASELINE, Side.RIGHT) is None  # nobody entered it


@pytest.mark.parametrize(
    ("button", "method", "after_two_plus"),
    [
        ("method_fingers", Method.FINGERS, "2 fingers"),
        ("method_thigh_angle", Method.THIGH_ANGLE, "2 °"),
        ("method_table_edge_angle", Method.TABLE_EDGE_ANGLE, "2 °"),
    ],
)
def test_each_method_steps_in_its_own_unit(driver, store, button, method, after_two_plus):
    """Choosing a method at check-in changes the unit and step of both cards, and is stored."""
    _to_baseline(driver, button)
    driver.tap("leftPlus")
    driver.tap("leftPlus")
    assert driver.text("leftValue") == after_two_plus
    driver.tap("rightTouches")
    driver.tap("nextButton")
    [session] = store.sessions_in_progress()
    assert session.method is method
    assert session.value(Timepoint.BASELINE, Side.LEFT) == 2.0


def test_touches_method_records_touches_and_does_not_touch(driver, store):
    """Touches / does not touch: + records 'does not touch' (1), the big button 'touches' (0)."""
    _to_baseline(driver, "method_touches")
    driver.tap("leftPlus")
    assert driver.text("leftValue") == "does not touch"
    driver.tap("leftPlus")  # beyond 1: refused with a message, not clamped silently
    assert driver.text("leftValue") == "does not touch"
    assert "outside the range" in driver.text("leftMessage")
    driver.tap("rightTouches")
    assert driver.text("rightValue") == "touches"


def test_the_top_of_the_range_is_refused_with_a_message(driver):
    """Plus at 15 cm does not go to 15.5: the card says the range instead, and keeps 15."""
    _to_baseline(driver)
    for _ in range(30):
        driver.tap("leftPlus")
    assert driver.text("leftValue") == "15.0 cm"
    driver.tap("leftPlus")
    assert driver.text("leftValue") == "15.0 cm"
    assert "0 to 15 cm" in driver.text("leftMessage")
    driver.tap("leftMinus")
    assert driver.text("leftValue") == "14.5 cm"
    assert not driver.window.findChild(QLabel, "leftMessage").isVisible()


def test_a_second_reading_is_averaged_and_stored_as_two_readings(driver, store):
    """Add a 2nd reading: it starts blank (taken blind, never at the first one's value), the
    steppers edit it, the card shows the average, both are stored."""
    _to_baseline(driver)
    for _ in range(4):
        driver.tap("leftPlus")  # reading 1: 2.0
    driver.tap("leftAddReading")  # reading 2 starts blank and is active
    assert driver.text("leftValue") == "—"
    driver.taps("leftPlus", 5)  # reading 2: 2.5, counted up from 0 as a first reading is
    assert driver.text("leftValue") == "2.25 cm"  # the average, not the reading being edited
    assert driver.text("leftAngle") == "Average of 2 readings"
    assert driver.text("leftReading2") == "Reading 2: 2.5 cm"
    driver.tap("leftPlus")  # editing reading 2 moves the average
    assert driver.text("leftValue") == "2.5 cm"  # (2.0 + 3.0) / 2
    driver.tap("leftMinus")
    driver.tap("leftBackArches")
    driver.tap("rightTouches")
    driver.tap("nextButton")
    [session] = store.sessions_in_progress()
    left = session.measurement(Timepoint.BASELINE, Side.LEFT)
    assert left.readings == (2.0, 2.5)
    assert left.value == 2.25
    assert left.lower_back_arches and not left.knee_cannot_straighten


def test_gap_shows_an_approximate_angle_when_the_thigh_length_is_known(driver, store):
    """With a 45 cm thigh, a 4.0 cm gap also shows 'about 5° thigh angle' (asin(4/45))."""
    driver.add_client("Thigh Client")
    [summary] = store.list_clients()
    store.update_client(replace(summary.client, thigh_length_cm=45.0))
    driver.window.show_home(select_id=summary.client.id)
    driver.tap("startSessionButton")
    driver.tap("screenAllClearButton")
    driver.tap("nextButton")
    for _ in range(8):
        driver.tap("leftPlus")
    assert "about 5° thigh angle" in driver.text("leftAngle")


def test_a_retest_shows_the_earlier_values_beside_each_card(driver):
    """Re-test 2 shows the start and after-A values of each leg; its sides start not entered,
    minus moves from the after-A value and "Same as before" enters it in one tap."""
    _to_baseline(driver)
    driver.measure(6, "Touches")  # start 3.0 / 0
    driver.tap("nextButton")
    driver.tap("directionLeftButton")
    driver.tap("nextButton")
    driver.tap("repDoneButton")
    driver.tap("nextButton")
    driver.tap("leftMinus")  # after A 2.5
    driver.tap("rightUnchanged")
    driver.tap("nextButton")
    driver.tap("repDoneButton")
    driver.tap("nextButton")
    assert driver.text("stepTitle") == "Re-test after direction B"
    assert driver.text("leftPrevious") == "Start: 3.0 cm · After A: 2.5 cm"
    assert driver.text("leftValue") == "—"
    driver.tap("leftUnchanged")
    assert driver.text("leftValue") == "2.5 cm"

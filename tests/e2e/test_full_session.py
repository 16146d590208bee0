"""A whole session tapped through the real widgets, then checked in the database and the charts."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt

from psoas_desktop.app import main
from psoas_desktop.domain.model import Direction, SessionStatus, Side, Timepoint


def _tap_times(driver, name: str, times: int) -> None:
    for _ in range(times):
        driver.tap(name)


def test_tapping_a_whole_session_stores_exactly_what_was_entered(driver, store, database_url, tmp_path):
    """Every value tapped in lands in the DB, in the CSV export and in both charts."""
    driver.add_client("Anna Berg")
    driver.tap("startSessionButton")
    assert driver.text("stepTitle") == "Check-in"
    assert not driver.visible("nextButton").isEnabled()  # red-flag screen not answered yet
    driver.tap("screenAllClearButton")
    driver.tap("nextButton")

    assert driver.text("stepTitle") == "Starting point"
    _tap_times(driver, "leftPlus", 6)  # 3.0 cm
    _tap_times(driver, "rightPlus", 2)  # 1.0 cm
    assert driver.text("leftValue") == "3.0 cm"
    driver.tap("nextButton")

    driver.tap("directionRightButton")
    driver.tap("nextButton")
    _tap_times(driver, "repDoneButton", 3)
    assert driver.text("repCounter") == "3 of 3"
    driver.tap("nextButton")

    assert driver.text("leftValue") == "—"  # a re-test counts only once tapped
    assert not driver.visible("nextButton").isEnabled()
    _tap_times(driver, "leftMinus", 4)  # from the previous 3.0 to 1.0
    driver.tap("rightUnchanged")  # 1.0, one tap
    driver.tap("nextButton")
    _tap_times(driver, "repDoneButton", 2)
    driver.tap("nextButton")
    _tap_times(driver, "leftMinus", 1)  # 0.5
    driver.tap("rightTouches")  # 0
    driver.tap("nextButton")

    assert driver.text("stepTitle") == "Summary"
    verdict = driver.text("verdictLabel")
    assert "similar" in verdict.lower()  # D = (3-2+0.5)+(1-2+0) = 0.5 cm, far below 6.8 cm
    chart = driver.visible("sessionChart")
    curves = [item.getData() for item in chart.getPlotItem().listDataItems()]
    assert [list(y) for _x, y in curves] == [[3.0, 1.0, 0.5], [1.0, 1.0, 0.0]]
    driver.tap("finishButton")

    [summary] = store.list_clients()
    [session] = store.sessions_for_client(summary.client.id)
    assert session.status is SessionStatus.COMPLETED
    assert session.first_direction == Direction.RIGHT
    expected = {
        (Timepoint.BASELINE, Side.LEFT): 3.0, (Timepoint.BASELINE, Side.RIGHT): 1.0,
        (Timepoint.AFTER_FIRST, Side.LEFT): 1.0, (Timepoint.AFTER_FIRST, Side.RIGHT): 1.0,
        (Timepoint.AFTER_SECOND, Side.LEFT): 0.5, (Timepoint.AFTER_SECOND, Side.RIGHT): 0.0,
    }
    assert {(m.timepoint, m.side): m.value for m in session.measurements} == expected
    assert [len(b.reps) for b in session.blocks] == [3, 2]
    assert all(r.ended_at >= r.started_at for b in session.blocks for r in b.reps)

    trend = driver.visible("trendChart")
    series = {item.name(): list(item.getData()[1]) for item in trend.getPlotItem().listDataItems()}
    assert series["Left at start"] == [3.0] and series["Left at end"] == [0.5]
    assert series["Right at start"] == [1.0] and series["Right at end"] == [0.0]

    out = tmp_path / "export.csv"
    assert main(["export", "--database", database_url, "--format", "csv", "--output", str(out)]) == 0
    rows = list(csv.DictReader(out.open(newline="", encoding="utf-8-sig")))
    got = {(r["timepoint"], r["side"]): float(r["value"]) for r in rows}
    assert got == {(t.value, s.value): v for (t, s), v in expected.items()}
    assert {r["first_direction"] for r in rows} == {"right"}
    assert {r["second_direction"] for r in rows} == {"left"}
    assert {r["client_name"] for r in rows} == {"Anna Berg"}


def test_clicker_keys_drive_the_wizard(driver, store):
    """PageDown/Right = main action (Rep done until planned reps, then Next); PageUp = Back."""
    driver.add_client("Clicker Client")
    driver.tap("startSessionButton")
    driver.tap("screenAllClearButton")
    driver.key(Qt.Key.Key_PageDown)
    assert driver.text("stepTitle") == "Starting point"
    driver.key(Qt.Key.Key_PageUp)
    assert driver.text("stepTitle") == "Check-in"
    driver.key(Qt.Key.Key_Right)
    driver.measure("Touches", "Touches")
    driver.key(Qt.Key.Key_Right)  # baseline 0/0 -> direction
    driver.key(Qt.Key.Key_Right)  # suggested direction -> rep coach
    assert driver.text("repCounter") == "0 of 3"
    driver.key(Qt.Key.Key_Space)
    driver.key(Qt.Key.Key_PageDown)
    driver.key(Qt.Key.Key_PageDown)
    assert driver.text("repCounter") == "3 of 3"
    driver.key(Qt.Key.Key_B)
    assert driver.text("pauseButton") == "Resume"
    driver.key(Qt.Key.Key_Period)
    assert driver.text("pauseButton") == "Pause"
    driver.key(Qt.Key.Key_PageDown)
    assert driver.text("stepTitle") == "Re-test after direction A"
    [session] = store.sessions_in_progress()
    assert len(session.blocks[0].reps) == 3

"""Issue 8's proof: a protocol unlike the seed (tests/protocols/slr-neural-glide.toml: degrees,
higher is better, other glides, a fourth timepoint after a rest) runs through the real wizard,
summary, session chart, trend chart and CSV export, with no code that names it."""

from __future__ import annotations

import csv
from pathlib import Path

from psoas_desktop.app import main
from psoas_desktop.domain.model import SessionStatus, Side

PROTOCOLS = Path(__file__).resolve().parents[1] / "protocols"


def _curves(chart) -> list[list[float]]:
    return [list(item.getData()[1]) for item in chart.getPlotItem().listDataItems()]


def test_a_second_protocol_runs_through_wizard_summary_charts_and_csv(
        driver, store, database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("PSOAS_PROTOCOLS", str(PROTOCOLS))
    driver.add_client("Sam Lee")
    driver.tap("startSessionButton")
    driver.tap("protocol_slr-neural-glide")  # the seed is offered beside it

    assert driver.text("stepTitle") == "Check-in"
    assert driver.text("stepIndicator").endswith("1 of 9")
    assert driver.visible("method_slr_angle").isChecked()
    driver.tap("screenAllClearButton")
    driver.tap("nextButton")

    assert driver.text("stepTitle") == "Starting raise"
    assert not driver.window.findChild(type(driver.visible("leftPlus")), "leftTouches").isVisible()
    driver.measure(5, 3)
    assert driver.text("leftValue") == "5 °"
    driver.tap("nextButton")

    assert driver.text("stepTitle") == "Which glide first"
    driver.tap("directionSliderButton")
    driver.tap("nextButton")
    assert driver.text("stepTitle") == "Glide A"
    assert "Slider glide" in driver.text("repDirection")
    driver.taps("repDoneButton", 2)
    assert driver.text("repCounter") == "2 of 5"  # the definition's planned reps
    assert not driver.window.wizard.steps[3].ring._figure  # no drawing of a glide: no figure
    driver.tap("nextButton")

    assert driver.text("stepTitle") == "Raise after glide A"
    driver.measure(3, 3)  # from the previous 5 and 3: 8 and 6
    driver.tap("nextButton")
    assert "Tensioner glide" in driver.text("repDirection")
    driver.tap("repDoneButton")
    driver.tap("nextButton")
    driver.measure("Unchanged", "Unchanged")
    driver.tap("nextButton")
    assert driver.text("stepTitle") == "Raise after a rest"
    driver.tap("leftMinus")  # 7
    driver.tap("rightUnchanged")
    driver.tap("nextButton")

    assert driver.text("stepTitle") == "Summary"
    # D = ((8-5)+(6-3)) - 0 = 6 degrees, within 1.96 x sqrt(12) x 3 = 20.4
    assert "similar" in driver.text("verdictLabel").lower()
    chart = driver.visible("sessionChart")
    assert _curves(chart)[:2] == [[5, 8, 8, 7], [3, 6, 6, 6]]
    ticks = [label for _x, label in chart.getPlotItem().getAxis("bottom")._tickLevels[0]]
    assert len(ticks) == 4 and ticks[-1].replace("\n", " ") == "After a rest"
    assert len(set(ticks)) == 4  # short forms too name each glide
    driver.tap("finishButton")

    [summary] = store.list_clients()
    [session] = store.sessions_for_client(summary.client.id)
    assert session.status is SessionStatus.COMPLETED
    assert (session.protocol.key, session.protocol.version, session.method) == (
        "slr-neural-glide", 1, "slr_angle")
    assert [(m.timepoint, m.side, m.value) for m in session.measurements] == [
        ("baseline", Side.LEFT, 5), ("baseline", Side.RIGHT, 3),
        ("after_slider", Side.LEFT, 8), ("after_slider", Side.RIGHT, 6),
        ("after_tensioner", Side.LEFT, 8), ("after_tensioner", Side.RIGHT, 6),
        ("after_rest", Side.LEFT, 7), ("after_rest", Side.RIGHT, 6)]
    assert [(b.direction, len(b.reps)) for b in session.blocks] == [("slider", 2), ("tensioner", 1)]

    trend = driver.visible("trendChart")  # the client page: start and the protocol's end (rest)
    assert _curves(trend)[:4] == [[5], [7], [3], [6]]

    output = tmp_path / "export.csv"
    assert main(["export", "--database", database_url, "--format", "csv",
                 "--output", str(output)]) == 0
    with output.open(encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert [(r["timepoint"], r["side"], r["value"]) for r in rows][-2:] == [
        ("after_rest", "left", "7.0"), ("after_rest", "right", "6.0")]
    assert {(r["method"], r["unit"], r["first_direction"], r["second_direction"], r["protocol"])
            for r in rows} == {("slr_angle", "°", "slider", "tensioner", "slr-neural-glide")}


def test_with_one_protocol_start_opens_the_check_in_and_cancel_starts_nothing(
        driver, store, monkeypatch):
    """Only the seed: no question (SPEC 9's startSessionButton goes straight to the check-in).
    With a second protocol, Escape on the question starts nothing."""
    driver.add_client("Una")
    monkeypatch.setenv("PSOAS_PROTOCOLS", str(PROTOCOLS))
    driver.tap("startSessionButton")
    question = driver.visible("protocolQuestion")
    driver.tap("cancelProtocolButton")
    assert not question.isVisible()
    [summary] = store.list_clients()
    assert list(store.sessions_for_client(summary.client.id)) == []
    monkeypatch.delenv("PSOAS_PROTOCOLS")
    driver.tap("startSessionButton")
    assert driver.text("stepTitle") == "Check-in"

"""The summary is shown its session ahead, in idle time on the step before it (issue 13), and
never shows anything but the session as stored when it is entered."""

from __future__ import annotations

import pyqtgraph as pg

from psoas_desktop.charts.session_chart import SessionChart
from psoas_desktop.domain.analysis import session_series
from psoas_desktop.domain.model import Side
from psoas_desktop.ui.warm_up import STEP_GAP_MS
from psoas_desktop.ui.wizard.summary import SummaryStep
from tests.domain.builders import make_session


def _points(chart: SessionChart) -> dict[str, list[float]]:
    """Each curve's readings by its key name ('Left leg'), as the chart holds them."""
    return {item.name(): [float(y) for y in item.getData()[1]]
            for item in chart.getPlotItem().listDataItems() if isinstance(item, pg.PlotDataItem)}


def _expected(session) -> dict[str, list[float]]:
    series = session_series(session)
    return {f"{side.value.capitalize()} leg": [y for y in series[side] if y is not None]
            for side in Side if any(y is not None for y in series[side])}


def _to_last_retest(driver) -> SummaryStep:
    wizard = driver.window.wizard
    while wizard.current_step < len(wizard.steps) - 2:
        driver.complete_step()
    summary = wizard.steps[-1]
    assert isinstance(summary, SummaryStep) and not summary.isVisible()
    return summary


def test_the_hidden_summary_shows_the_saved_readings_after_a_pause(driver, qtbot, store):
    driver.start_session("Ahead Client")
    summary = _to_last_retest(driver)
    qtbot.wait(STEP_GAP_MS * 5)  # the step's own preview (its readings still blank) is done
    driver.taps("leftPlus", 3)
    driver.tap("rightUnchanged")
    qtbot.wait(STEP_GAP_MS * 5)  # idle: the summary is shown the saved session
    wizard = driver.window.wizard
    saved = store.sessions_for_client(wizard.session.client_id)[-1]
    assert _points(summary.chart) == _expected(saved)
    assert not summary.isVisible()
    assert wizard.current_step == len(wizard.steps) - 2  # nothing moved on


def test_a_change_just_before_next_is_what_the_summary_shows(driver, qtbot, store):
    """Next tapped sooner than the idle preview: entering shows the session as stored now, not
    the readings the preview drew before the last tap."""
    driver.start_session("Quick Client")
    summary = _to_last_retest(driver)
    driver.tap("leftUnchanged")
    driver.tap("rightUnchanged")
    qtbot.wait(STEP_GAP_MS * 5)
    before = _points(summary.chart)
    driver.taps("rightPlus", 4)  # and Next at once, before the preview runs again
    driver.tap("nextButton")
    assert driver.text("stepTitle") == "Summary"
    wizard = driver.window.wizard
    saved = store.sessions_for_client(wizard.session.client_id)[-1]
    assert _points(summary.chart) == _expected(saved) != before
    assert summary.table.isVisible()


def test_the_chart_shows_each_session_asked_even_after_the_same_one(qtbot):
    chart = SessionChart()
    qtbot.addWidget(chart)
    first, second = make_session(), make_session(((5, 5), (4, 3), (1, 2)))
    for session in (first, second, first, first, second):
        chart.show_session(session_series(session), "cm", 2.0)
        assert _points(chart) == _expected(session)
    chart.show_session(session_series(second), "cm", None)  # the band went: the same points
    assert not [i for i in chart.getPlotItem().items if isinstance(i, pg.LinearRegionItem)]

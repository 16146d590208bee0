"""Across-visit charts and review mode a client understands (issue 10): a key that matches the
marks, dates (never times of day) for any number of visits, a caption per review chart, a chart
of today, no maths notation, no unexplained shapes."""

from __future__ import annotations

import re
from datetime import datetime

import pyqtgraph as pg
import pytest

from psoas_desktop.charts.review_words import difference_caption, direction_caption, today_caption
from psoas_desktop.domain.analysis import trend
from psoas_desktop.domain.model import Direction, Method
from tests.domain.builders import make_session
from tests.ui.client_seed import client_with_sessions, open_client

SEMS = {m: m.spec.default_sem for m in Method}
TIME_OF_DAY = re.compile(r"\d:\d\d")


def _points(n: int):
    rows = ((4, 2), (3, 2), (2.5, 1.5))
    return trend([make_session(rows, first=Direction.LEFT if i % 2 else Direction.RIGHT, day=7 * i,
                               session_id=i + 1) for i in range(n)], SEMS)


def _key_marks(chart) -> dict[str, tuple[str, str, object]]:
    """name -> (mark brush colour, line style, mark shape) as the key draws each entry."""
    key = chart._key
    marks = {}
    for sample, text in key.items:
        item = sample.item
        scatter = item.scatter.opts
        pen = item.opts["pen"]
        style = pg.mkPen(pen).style().name if pen is not None else "none"
        marks[text.text] = (pg.mkBrush(scatter["brush"]).color().name(), style, scatter["symbol"])
    return marks


def test_trend_key_tells_start_from_end_as_the_marks_do(qtbot):
    """'at start' is a hollow mark on a dashed line, 'at end' a filled mark on a solid one, in
    the key as on the chart: not colour alone, and not two identical dots."""
    from psoas_desktop.charts.trend_chart import TrendChart

    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.show_trend(_points(3), "cm")
    key = _key_marks(chart)
    assert key["at start"][0] == "#ffffff" and key["at start"][1] == "DashLine"
    assert key["at end"][0] != "#ffffff" and key["at end"][1] == "SolidLine"
    drawn = {item.name(): item for item in chart.getPlotItem().listDataItems()}
    assert pg.mkBrush(drawn["Left at start"].opts["symbolBrush"]).color().name() == "#ffffff"
    assert pg.mkBrush(drawn["Left at end"].opts["symbolBrush"]).color().name() != "#ffffff"


@pytest.mark.parametrize("visits", [1, 2, 5, 60])
def test_date_axis_shows_dates_never_times_of_day(qtbot, visits):
    """One, two or many visits: every label is a date ('3 Mar', 'Mar 2024', '2024'), and a
    single visit still gets a span of days."""
    from psoas_desktop.charts.trend_chart import AsymmetryChart, DirectionChart, TrendChart

    points = _points(visits)
    for chart in (TrendChart(), AsymmetryChart(), DirectionChart()):
        qtbot.addWidget(chart)
        chart.resize(800, 400)
        chart.show()
        if isinstance(chart, TrendChart):
            chart.show_trend(points, "cm")
        elif isinstance(chart, AsymmetryChart):
            chart.show_asymmetry(points, "cm")
        else:
            chart.show_directions(points)
        low, high = chart.x_range()
        assert high - low >= 14 * 86400 - 1
        axis = chart.getPlotItem().getAxis("bottom")
        levels = axis.tickValues(low, high, axis.width() or 700)
        assert len(levels) == 1 and levels[0][1], "one row of date labels"
        spacing, values = levels[0]
        labels = axis.tickStrings(values, 1.0, spacing)
        assert labels and not any(TIME_OF_DAY.search(t) for t in labels), labels
        assert all(re.fullmatch(r"\d{1,2} \w{3}|\w{3} \d{4}|\d{4}", t) for t in labels), labels


def test_direction_chart_marks_are_explained_circles(qtbot):
    """No triangles: every visit is a circle, and a key says what filled and hollow mean."""
    from psoas_desktop.charts.trend_chart import DirectionChart

    chart = DirectionChart()
    qtbot.addWidget(chart)
    chart.show_directions(_points(4))
    assert {item.opts["symbol"] for item in chart.getPlotItem().listDataItems()} == {"o"}
    key = _key_marks(chart)
    assert set(key) == {"clear difference", "too close to tell"}
    assert key["too close to tell"][0] == "#ffffff"
    assert key["clear difference"][0] != "#ffffff"


def test_difference_chart_axis_is_in_words(qtbot):
    """No '|left − right|': the axis says 'difference, cm'."""
    from psoas_desktop.charts.trend_chart import AsymmetryChart

    chart = AsymmetryChart()
    qtbot.addWidget(chart)
    chart.show_asymmetry(_points(2), "cm")
    text = chart.getPlotItem().getAxis("left").labelText
    assert text == "difference, cm" and "|" not in text


def test_each_review_chart_has_its_own_caption():
    """The difference and direction captions describe their own charts; today names the turns."""
    points = _points(3)
    difference = difference_caption(points, Method.GAP_CM)
    assert "alike" in difference and "Hollow marks are the start" in difference
    direction = direction_caption(points)
    assert "Each circle is one visit" in direction and "A filled circle is a clear" in direction
    today = today_caption(make_session(first=Direction.RIGHT))
    assert today.startswith("Today your left leg went from 4.0 to 2.5 cm")
    assert "after rotating to your right, then after rotating to your left" in today
    assert len({difference, direction, today}) == 3


def test_review_mode_captions_change_with_the_tab_and_today_is_drawn(driver, store):
    """Each review tab has its own caption; Today shows the latest session in turn words."""
    client_with_sessions(store, "Ines Duarte", [30, 20, 10])
    open_client(driver, "Ines Duarte")
    driver.tap("reviewButton")
    captions = {}
    for chip in ("reviewLegsChip", "reviewDifferenceChip", "reviewDirectionChip", "reviewTodayChip"):
        driver.tap(chip)
        captions[chip] = driver.text("reviewCaption")
    assert len(set(captions.values())) == 4, captions
    today = driver.visible("reviewTodayChart")
    ticks = [t for _x, t in today.getPlotItem().getAxis("bottom")._tickLevels[0]]
    assert ticks[1].replace("\n", " ") == "After rotating to your left"  # the latest went left first
    xs, ys = today.getPlotItem().listDataItems()[0].getData()
    assert list(ys) == [4.0, 3.0, 2.5]
    assert driver.text("reviewTitle") == "Today's visit"
    assert str(datetime.now().year) in driver.text("reviewMethodNote")
    driver.tap("reviewCloseButton")


@pytest.mark.parametrize("width", [300, 520, 1200])
def test_chart_keys_are_never_wider_than_their_chart(qtbot, width):
    """On a narrow chart the key takes fewer columns rather than running off the left edge."""
    from psoas_desktop.charts.base import LARGE
    from psoas_desktop.charts.trend_chart import AsymmetryChart, DirectionChart, TrendChart

    points = _points(3)
    for chart in (TrendChart(style=LARGE), AsymmetryChart(style=LARGE), DirectionChart(style=LARGE)):
        qtbot.addWidget(chart)
        chart.resize(width, 400)
        chart.show()
        if isinstance(chart, TrendChart):
            chart.show_trend(points, "cm")
        elif isinstance(chart, AsymmetryChart):
            chart.show_asymmetry(points, "cm")
        else:
            chart.show_directions(points)
        key = getattr(chart, "_key", None) or chart.getPlotItem().legend
        assert key.boundingRect().width() <= width - 24 or key.columnCount == 1


def test_session_chart_names_every_time_point_on_a_narrow_chart(qtbot):
    """Too narrow for 'After rotating to your left' side by side: 'After left' instead, so
    pyqtgraph never drops a time point's label."""
    from psoas_desktop.charts.base import LARGE
    from psoas_desktop.charts.session_chart import SessionChart
    from psoas_desktop.domain.analysis import session_series

    words = ["Start", "After rotating\nto your left", "After rotating\nto your right"]
    for width, expected in ((1200, words), (330, ["Start", "After\nleft", "After\nright"])):
        chart = SessionChart(style=LARGE)
        qtbot.addWidget(chart)
        chart.resize(width, 400)
        chart.show()
        chart.show_session(session_series(make_session()), "cm", 2.77, words)
        qtbot.wait(10)
        ticks = [t for _x, t in chart.getPlotItem().getAxis("bottom")._tickLevels[0]]
        assert ticks == expected

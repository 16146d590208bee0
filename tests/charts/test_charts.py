"""The pyqtgraph charts, checked by their data (getData()), their touch safety and their PNG export."""

from __future__ import annotations

import pytest

from psoas_desktop.domain.analysis import session_series, trend
from psoas_desktop.domain.model import Direction, Method, Side
from tests.domain.builders import make_session

SEMS = {m: m.spec.default_sem for m in Method}


@pytest.fixture
def trend_points():
    rows = [((4, 2), (3, 2), (2.5, 1.5)), ((3.5, 1), (3, 1), (2, 0.5)), ((3, 3.5), (2, 3), (2, 3))]
    sessions = [make_session(r, first=Direction.LEFT if i % 2 else Direction.RIGHT, day=7 * i,
                             session_id=i + 1) for i, r in enumerate(rows)]
    return trend(sessions, SEMS)


def data_by_name(chart) -> dict[str, tuple[list[float], list[float]]]:
    result = {}
    for item in chart.getPlotItem().listDataItems():
        xs, ys = item.getData()
        result[item.name()] = ([] if xs is None else list(xs), [] if ys is None else list(ys))
    return result


def test_trend_chart_has_four_series_one_point_per_session(qtbot, trend_points):
    """Left/right at start/end: one point per session in session order, x = session date."""
    from psoas_desktop.charts.trend_chart import TrendChart

    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.show_trend(trend_points, "cm")
    data = data_by_name(chart)
    assert data["Left at start"][1] == [4.0, 3.5, 3.0]
    assert data["Left at end"][1] == [2.5, 2.0, 2.0]
    assert data["Right at start"][1] == [2.0, 1.0, 3.5]
    assert data["Right at end"][1] == [1.5, 0.5, 3.0]
    assert data["Left at start"][0] == [p.started_at.timestamp() for p in trend_points]
    assert chart.objectName() == "trendChart"


def test_trend_chart_moves_its_curves_for_the_next_client(qtbot, trend_points):
    """The four curves are made once and given new points (issue 13: Finish to the client page):
    the same items, the new client's values, and no 'No visits' note left from an empty range."""
    from psoas_desktop.charts.trend_chart import TrendChart

    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.show_trend([], "cm", window=(0.0, 90 * 86400.0))
    plot = chart.getPlotItem()
    notes = [i for i in plot.items if type(i).__name__ == "TextItem"]
    assert [n.toPlainText() for n in notes] == ["No visits in this range"]
    curves = list(plot.listDataItems())
    chart.show_trend(trend_points[:2], "fingers")
    assert list(plot.listDataItems()) == curves
    assert not [i for i in plot.items if type(i).__name__ == "TextItem"]
    data = data_by_name(chart)
    assert data["Left at start"][1] == [4.0, 3.5]
    assert data["Right at end"][1] == [1.5, 0.5]
    assert plot.getAxis("left").labelText == "fingers, lower is better"


def test_charts_cannot_be_panned_or_zoomed_by_a_finger(qtbot, trend_points):
    """Mouse pan and zoom are off on every chart; the range buttons change the range instead."""
    from psoas_desktop.charts.session_chart import SessionChart
    from psoas_desktop.charts.trend_chart import AsymmetryChart, DirectionChart, TrendChart

    for chart in (TrendChart(), AsymmetryChart(), DirectionChart(), SessionChart()):
        qtbot.addWidget(chart)
        assert chart.getPlotItem().getViewBox().state["mouseEnabled"] == [False, False]


def test_asymmetry_chart_plots_left_right_difference_at_start_and_end(qtbot, trend_points):
    """|L-R| per session, at start and at end."""
    from psoas_desktop.charts.trend_chart import AsymmetryChart

    chart = AsymmetryChart()
    qtbot.addWidget(chart)
    chart.show_asymmetry(trend_points, "cm")
    data = data_by_name(chart)
    assert data["Difference at start"][1] == [2.0, 2.5, 0.5]
    assert data["Difference at end"][1] == [1.0, 1.5, 1.0]


def test_direction_chart_puts_each_session_in_its_row(qtbot):
    """A win sits at y=±1, a 'similar' at 0, or at ±0.45 when it leaned; one mark per session."""
    from psoas_desktop.charts.trend_chart import DirectionChart

    sessions = [make_session(((6, 0), (2, 0), (2, 0)), first=Direction.LEFT, session_id=1),
                make_session(((4, 2), (3, 2), (2.5, 1.5)), first=Direction.LEFT, session_id=2, day=3),
                make_session(((3, 3), (3, 3), (2.5, 2.5)), first=Direction.LEFT, session_id=3, day=5)]
    pts = trend(sessions, {Method.GAP_CM: 0.5})
    chart = DirectionChart()
    qtbot.addWidget(chart)
    chart.show_directions(pts)
    data = data_by_name(chart)
    assert data["Rotating left had more impact"] == ([pts[0].started_at.timestamp()], [1.0])
    assert data["Similar, within measurement error"] == ([pts[1].started_at.timestamp()], [0.0])
    assert data["Similar, leaning right"] == ([pts[2].started_at.timestamp()], [-0.45])
    assert data["Similar, leaning left"] == ([], [])
    assert data["Rotating right had more impact"] == ([], [])


def test_trend_window_sets_the_date_axis(qtbot, trend_points):
    """A range chosen by a button becomes the x range of the chart."""
    from psoas_desktop.charts.trend_chart import TrendChart

    chart = TrendChart()
    qtbot.addWidget(chart)
    start = trend_points[0].started_at.timestamp()
    chart.show_trend(trend_points, "cm", window=(start - 1000.0, start + 30 * 86400.0))
    low, high = chart.x_range()
    assert low == pytest.approx(start - 1000.0) and high == pytest.approx(start + 30 * 86400.0)


def test_session_chart_plots_three_time_points_with_a_band(qtbot):
    """Both legs over start, after A, after B; the band is shading, not a data series."""
    from psoas_desktop.charts.session_chart import SessionChart

    session = make_session(((4, 6), (3, 4), (2.5, 3.5)))
    chart = SessionChart()
    qtbot.addWidget(chart)
    chart.show_session(session_series(session), "cm", 2.77)
    data = data_by_name(chart)
    assert data["Left leg"] == ([0.0, 1.0, 2.0], [4.0, 3.0, 2.5])
    assert data["Right leg"] == ([0.0, 1.0, 2.0], [6.0, 4.0, 3.5])


@pytest.mark.parametrize("kind", ["plot", "widget"])
def test_save_chart_png_writes_a_valid_png(qtbot, tmp_path, trend_points, kind):
    """A chart, or any widget, saves as a PNG that Qt loads again with a real size."""
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QLabel

    from psoas_desktop.charts.base import save_chart_png
    from psoas_desktop.charts.trend_chart import TrendChart

    if kind == "plot":
        widget = TrendChart()
        widget.show_trend(trend_points, "cm")
    else:
        widget = QLabel("Over 3 visits")
    qtbot.addWidget(widget)
    widget.resize(800, 500)
    written = save_chart_png(widget, tmp_path / "chart")  # the suffix is added
    assert written == tmp_path / "chart.png"
    assert written.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(written))
    assert not image.isNull() and image.width() > 0 and image.height() > 0
    if kind == "plot":
        assert image.width() == 1600  # rendered sharp, whatever its size on screen


def test_save_chart_png_refuses_an_unwritable_place(qtbot, tmp_path):
    """Writing into a folder that does not exist raises OSError with a calm message."""
    from PySide6.QtWidgets import QLabel

    from psoas_desktop.charts.base import save_chart_png

    widget = QLabel("x")
    qtbot.addWidget(widget)
    with pytest.raises(OSError, match="Could not write"):
        save_chart_png(widget, tmp_path / "missing" / "chart.png")


def test_sides_keep_their_colours_and_no_red_is_used(qtbot, trend_points):
    """Left is blue, right amber, in every chart: no red 'bad' colours (SPEC 3.4)."""
    from PySide6.QtGui import QColor

    from psoas_desktop.charts.trend_chart import AsymmetryChart, TrendChart

    for chart in (TrendChart(), AsymmetryChart()):
        qtbot.addWidget(chart)
        if isinstance(chart, TrendChart):
            chart.show_trend(trend_points, "cm")
        else:
            chart.show_asymmetry(trend_points, "cm")
        for item in chart.getPlotItem().listDataItems():
            colour = QColor(item.opts["pen"].color())
            hue = colour.hsvHue()
            reddish = colour.saturation() > 80 and (hue < 20 or hue > 340)
            assert not reddish, item.name()


def test_session_chart_shown_again_holds_only_the_new_session(qtbot):
    """Its curves are reused (issue 13): a second session replaces the first one's points, a side
    with no reading leaves the plot and its key, and no band is left behind without an SEM."""
    from psoas_desktop.charts.session_chart import SessionChart

    chart = SessionChart()
    qtbot.addWidget(chart)
    chart.show_session(session_series(make_session(((4, 6), (3, 4), (2.5, 3.5)))), "cm", 2.77)
    chart.show_session({Side.LEFT: [5.0, None, 4.0], Side.RIGHT: [None, None, None]}, "cm", None)
    assert data_by_name(chart) == {"Left leg": ([0.0, 2.0], [5.0, 4.0])}
    plot = chart.getPlotItem()
    assert [label.text for _sample, label in plot.legend.items] == ["Left leg"]
    assert not [item for item in plot.items if type(item).__name__ == "LinearRegionItem"]
    chart.show_session(session_series(make_session(((4, 6), (3, 4), (2.5, 3.5)))), "cm", 2.77)
    assert set(data_by_name(chart)) == {"Left leg", "Right leg"}
    assert len([item for item in plot.items if type(item).__name__ == "LinearRegionItem"]) == 2


def test_session_chart_moves_its_points_and_bands_instead_of_rebuilding(qtbot):
    """Another session with the same sides keeps the chart's curves and shading (issue 13: the
    summary is shown within a frame) and moves them: new points, the band at the new baseline."""
    from psoas_desktop.charts.session_chart import SessionChart

    chart = SessionChart()
    qtbot.addWidget(chart)
    chart.show_session(session_series(make_session(((4, 6), (3, 4), (2.5, 3.5)))), "cm", 2.0)
    plot = chart.getPlotItem()
    before = list(plot.items)
    chart.show_session(session_series(make_session(((5, 7), (4, 5), (3, 4)))), "cm", 1.0)
    assert plot.items == before
    assert data_by_name(chart) == {"Left leg": ([0.0, 1.0, 2.0], [5.0, 4.0, 3.0]),
                                   "Right leg": ([0.0, 1.0, 2.0], [7.0, 5.0, 4.0])}
    regions = sorted(item.getRegion() for item in plot.items
                     if type(item).__name__ == "LinearRegionItem")
    assert regions == [pytest.approx((4.0, 6.0)), pytest.approx((6.0, 8.0))]
    assert [label.text for _sample, label in plot.legend.items] == ["Left leg", "Right leg"]


def test_session_chart_grid_is_one_light_item_that_follows_the_range(qtbot):
    """The horizontal grid is drawn by one item behind the data, not by the left axis (issue 13:
    the axis's own grid costs about 6 ms a paint): lines at the axis's values, the finer ones
    fainter, following the range when another session needs more room."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from psoas_desktop.charts.base import HorizontalGrid
    from psoas_desktop.charts.session_chart import SessionChart

    host = QWidget()  # closing a shown PlotWidget itself crashes pyqtgraph 0.14: close its host
    qtbot.addWidget(host)
    chart = SessionChart()
    QVBoxLayout(host).addWidget(chart)
    host.resize(700, 360)
    host.show()
    qtbot.waitExposed(host)
    chart.show_session(session_series(make_session(((4, 6), (3, 4), (2.5, 3.5)))), "cm", 2.0)
    plot = chart.getPlotItem()
    assert plot.getAxis("left").grid is False
    [grid] = [item for item in chart.scene().items() if isinstance(item, HorizontalGrid)]
    assert grid.zValue() < min(item.zValue() for item in plot.items)
    lines = dict(grid.lines())
    strongest = max(lines.values())
    assert 0 < strongest <= 0.2 * 255
    assert [v for v, a in sorted(lines.items()) if a == strongest][:5] == [0.0, 2.0, 4.0, 6.0, 8.0]
    assert any(0 < a < strongest for a in lines.values())  # the finer level, fainter
    def drawn() -> list[tuple[float, int]]:  # what a paint draws: kept until the range moves
        return sorted((line.y1(), pen.color().alpha()) for pen, kept in grid._strokes()
                      for line in kept)

    assert drawn() == sorted(lines.items())
    chart.show_session(session_series(make_session(((14, 16), (13, 14), (12.5, 13.5)))), "cm", 2.0)
    assert max(grid.lines())[0] >= 16.0
    assert drawn() == sorted(grid.lines())
    host.resize(700, 700)  # taller: finer lines fit, at the same range
    qtbot.waitUntil(lambda: chart.height() > 500)
    assert drawn() == sorted(grid.lines())


def test_every_chart_draws_its_grid_with_one_light_item_as_its_axis_would(qtbot, trend_points):
    """Trend, asymmetry and direction charts draw the horizontal grid as the session chart does
    (issue 13: the left axis's own grid cost 8 ms of every client page paint): one item behind
    the data, at the axis's values, or at the direction chart's named rows (its own ticks),
    each as strong as PlotItem.showGrid would draw it."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from psoas_desktop.charts.base import HorizontalGrid
    from psoas_desktop.charts.trend_chart import (
        DIRECTION_TICKS,
        AsymmetryChart,
        DirectionChart,
        TrendChart,
    )

    host = QWidget()  # closing a shown PlotWidget itself crashes pyqtgraph 0.14: close its host
    qtbot.addWidget(host)
    charts = (TrendChart(), AsymmetryChart(), DirectionChart())
    layout = QVBoxLayout(host)
    for chart in charts:
        layout.addWidget(chart)
    host.resize(700, 1000)
    host.show()
    qtbot.waitExposed(host)
    charts[0].show_trend(trend_points, "cm")
    charts[1].show_asymmetry(trend_points, "cm")
    charts[2].show_directions(trend_points)
    for chart in charts:
        plot = chart.getPlotItem()
        assert plot.getAxis("left").grid is False
        assert plot.getAxis("left").style["tickLength"] == 0
        [grid] = [item for item in chart.scene().items() if isinstance(item, HorizontalGrid)]
        assert grid is plot.value_grid
        assert grid.zValue() < min(item.zValue() for item in plot.items)
        assert grid.lines()
    trend_lines = dict(charts[0].getPlotItem().value_grid.lines())
    assert 0 < max(trend_lines.values()) <= 0.2 * 255
    direction_lines = dict(charts[2].getPlotItem().value_grid.lines())
    assert sorted(direction_lines) == sorted(value for value, _name in DIRECTION_TICKS)
    assert 0 < max(direction_lines.values()) <= 0.15 * 255  # fainter, as it was
    assert len(set(direction_lines.values())) == 1  # one level of named rows, all alike

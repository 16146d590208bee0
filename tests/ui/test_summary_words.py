"""The summary and the session chart speak the client's words (issue 10): directions named, the
measurement error one kind of shading with a caption, one rounding rule, correct plurals."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QLabel

from psoas_desktop.domain.analysis import SIDE_FACTOR, analyse
from psoas_desktop.domain.model import Direction, FeltBetter, Method
from psoas_desktop.ui.widgets.results_table import ResultsTable, band_caption
from tests.domain.builders import make_session


def _texts(widget) -> list[str]:
    return [w.text() for w in widget.findChildren(QLabel) if w.text()]


def test_direction_words_live_in_one_place():
    """Direction.client_words is the one phrase the summary and charts use."""
    assert Direction.LEFT.client_words == "rotating to your left"
    assert Direction.RIGHT.client_words == "rotating to your right"


def test_summary_names_directions_in_words_and_keeps_object_names(driver):
    """Felt-better buttons, table headers and chart ticks say 'rotating to your left/right',
    never 'A' or 'B'; the buttons keep their objectNames; the shading has a caption."""
    driver.add_client("Words Client")
    driver.tap("startSessionButton")
    driver.advance_to("Summary")
    first = Direction(driver.window.wizard.session.first_direction)
    felt_first = driver.visible(f"felt_{FeltBetter.FIRST.value}")
    felt_second = driver.visible(f"felt_{FeltBetter.SECOND.value}")
    assert felt_first.text() == f"{first.client_words.capitalize()} felt better"
    assert felt_second.text() == f"{first.opposite.client_words.capitalize()} felt better"
    assert felt_first.accessibleName() == felt_first.text()
    table = driver.visible("summaryResults")
    headers = " ".join(_texts(table)).replace("\n", " ")
    assert f"After {first.client_words}" in headers
    assert f"Change {first.opposite.client_words}" in headers
    for words in ("After A", "After B", "Change A", "Change B", "A felt", "B felt"):
        assert words not in headers and words not in felt_first.text() + felt_second.text()
    chart = driver.visible("sessionChart")
    ticks = [t for _x, t in chart.getPlotItem().getAxis("bottom")._tickLevels[0]]
    assert ticks[0] == "Start"
    assert ticks[1].replace("\n", " ") == f"After {first.client_words}"
    assert ticks[2].replace("\n", " ") == f"After {first.opposite.client_words}"
    assert "measurement error" in driver.text("bandCaption")


def test_session_chart_band_is_shading_without_edge_lines(qtbot):
    """The error band has a fill and no edge pen: nothing dashed that reads as data."""
    from psoas_desktop.charts.session_chart import SessionChart
    from psoas_desktop.domain.analysis import session_series

    chart = SessionChart()
    qtbot.addWidget(chart)
    chart.show_session(session_series(make_session()), "cm", 2.77)
    bands = [i for i in chart.getPlotItem().items if isinstance(i, pg.LinearRegionItem)]
    assert bands
    for band in bands:
        for line in band.lines:
            assert line.pen.style().name == "NoPen"


def test_band_caption_says_what_the_shading_is():
    """The caption names the threshold in the method's unit."""
    result = analyse(make_session(), 1.0)
    assert band_caption(result, "cm") == (
        f"Shaded: each leg's start ± {SIDE_FACTOR:.1f} cm, the measurement error. A line that ends "
        "outside its leg's shading changed for real.")
    assert band_caption(analyse(make_session(method=Method.TOUCHES, rows=((1, 1), (0, 1), (0, 0))),
                                None), "0/1") == ""


def test_a_value_and_its_change_have_the_same_decimals(qtbot):
    """An averaged 3.25 cm and its change read with two decimals each (not 3.25 and +1.2)."""
    session = make_session(((4, (3.0, 3.5)), (3, 2), (2.5, 2)))
    table = ResultsTable()
    qtbot.addWidget(table)
    table.show_session(session, analyse(session, 1.0))
    texts = _texts(table)
    assert "3.25" in texts  # the right leg's average at the start
    assert "+1.25" in texts  # its change after the first direction
    assert "4.00" in texts and "+1.00" in texts  # the whole table follows the one rule
    assert not any(t.startswith(("+", "−")) and len(t.split(".")[-1]) == 1 for t in texts)


def test_a_whole_step_method_shows_whole_changes(qtbot):
    """Finger widths: value 3 and change +1, not +1.0."""
    session = make_session(((4, 3), (3, 3), (2, 2)), method=Method.FINGERS)
    table = ResultsTable()
    qtbot.addWidget(table)
    table.show_session(session, analyse(session, 1.0))
    assert "+1" in _texts(table) and "+1.0" not in _texts(table)


def test_an_average_is_said_with_the_decimals_it_needs():
    """4.5 fingers, not 4.50; 2.25 cm, and a table's values all take the most any of them needs."""
    assert Method.FINGERS.spec.format(4.5) == "4.5 fingers"
    assert Method.GAP_CM.spec.format(2.25) == "2.25 cm"
    assert Method.FINGERS.spec.decimals(3, 4.5) == 1
    assert Method.GAP_CM.spec.decimals(3.0, 2.25, 1.5) == 2


def test_the_verdict_rounds_its_difference_as_the_values(qtbot):
    """Whole fingers in the table, so the verdict says '0 fingers', not '0.0'; an averaged
    0.25 cm is said as 0.25 (it was rounded to 0.2 beside a table showing 3.25)."""
    fingers = make_session(((4, 3), (3, 3), (3, 2)), method=Method.FINGERS)
    assert "they differed by 0 fingers," in analyse(fingers, 1.0).verdict.text
    gap = make_session(((4, (3, 3.5)), (3, 3), (3, 2)))
    assert "they differed by 0.25 cm," in analyse(gap, 1.0).verdict.text


def test_plurals_follow_the_number():
    """'1 finger', '2 fingers', '0 fingers'; other units unchanged."""
    spec = Method.FINGERS.spec
    assert spec.format(1) == "1 finger"
    assert spec.format(2) == "2 fingers"
    assert spec.format(0) == "0 fingers"
    assert Method.GAP_CM.spec.format(1) == "1.0 cm"


def _cells(table: ResultsTable) -> dict[tuple[int, int], QLabel]:
    grid = table.grid
    found = {}
    for i in range(grid.count()):
        row, col, _rows, _cols = grid.getItemPosition(i)
        found[(row, col)] = grid.itemAt(i).widget()
    return found


def test_the_results_table_shows_another_session_in_the_same_cells(qtbot):
    """A second session of the same shape changes the words of the cells it has (issue 13: no
    labels built on the way to the summary); one of another shape (no first direction) is laid
    out anew, with no cell of the first session left in the grid."""
    table = ResultsTable()
    qtbot.addWidget(table)
    first = make_session(((4, 6), (3, 4), (2.5, 3.5)))
    table.show_session(first, analyse(first, 1.0))
    before = _cells(table)
    second = make_session(((5, 7), (4, 5), (3.5, 4.5)))
    table.show_session(second, analyse(second, 1.0))
    after = _cells(table)
    assert after == before  # the same labels in the same places
    assert table.findChild(QLabel, "result_left_baseline").text() == "5.0"
    assert table.findChild(QLabel, "result_right_after_second").text() == "4.5"
    assert after[(1, 4)].text() == "+1.0"  # the left leg's change after the first direction
    third = make_session(((4, 6), (3, 4), (2.5, 3.5)), first=None)
    table.show_session(third, analyse(third, 1.0))
    rebuilt = _cells(table)
    assert set(rebuilt) == {place for place in before if place[0] in (0, 3, 4, 5)
                            or place[1] <= 3}
    assert not set(rebuilt.values()) & set(before.values())
    assert rebuilt[(1, 1)].text() == "4.0"

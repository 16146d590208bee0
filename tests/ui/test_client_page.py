"""The client page through real widgets: session list, past sessions and addenda, the across-visit
charts (method split, range buttons, PNG export) and client review mode."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from psoas_desktop.domain.model import Client, Direction, Method

from .client_seed import NOW, client_with_sessions, finished_session, open_client, series, tap_row

AVOID = re.compile(r"\b(tight\w*|fail\w*|bad|fix\w*|abnormal|wrong|damage\w*|dysfunction\w*|worse)\b",
                   re.IGNORECASE)


def test_session_list_shows_each_session_newest_first(driver, store):
    """One touch-sized row per session, newest first, with method, first direction, verdict, pain."""
    client_with_sessions(store, "Anna Berg", [30, 20, 10])
    open_client(driver, "Anna Berg")
    view = driver.visible("sessionList")
    texts = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
    assert len(texts) == 3
    assert texts[0].split("\n")[1] == "first left  ·  similar  ·  pain 5 → 2"
    assert texts[1].split("\n")[1].startswith("first right")
    assert all("Gap (cm)" in t for t in texts)
    assert view.sizeHintForRow(0) >= 64  # a finger-sized row


def test_two_methods_are_never_drawn_on_one_axis(driver, store):
    """Gap and finger sessions: only the latest method's sessions in the four series; chips switch."""
    client, _ = client_with_sessions(store, "Ben Okafor", [60, 50], method=Method.FINGERS,
                                     rows=((3, 1), (2, 1), (2, 1)))
    for days in (20, 10, 5):
        finished_session(store, client.id, NOW - timedelta(days=days), ((4, 2), (3, 2), (2.5, 1.5)))
    open_client(driver, "Ben Okafor")
    data = series(driver.visible("trendChart"))
    assert data["Left at start"] == [4.0, 4.0, 4.0]
    assert data["Right at end"] == [1.5, 1.5, 1.5]
    caption = driver.text("trendCaption")
    assert caption.startswith("Knee-to-table gap (cm): 3 visits.")
    assert "2 visits measured as finger widths" in caption
    driver.tap("trendMethod_fingers")
    data = series(driver.visible("trendChart"))
    assert data["Left at start"] == [3.0, 3.0] and data["Left at end"] == [2.0, 2.0]
    assert driver.text("trendCaption").startswith("Finger widths under the knee (fingers): 2 visits.")
    assert "fingers" in driver.visible("trendChart").getPlotItem().getAxis("left").labelText


def test_range_buttons_change_the_dates_shown(driver, store):
    """Last 3 months, Year and All change the visible sessions and the date axis."""
    client_with_sessions(store, "Carla Mendes", [700, 300, 200, 60, 10])
    open_client(driver, "Carla Mendes")
    chart = driver.visible("trendChart")
    assert len(series(chart)["Left at start"]) == 5  # All by default
    all_low, _ = chart.x_range()
    driver.tap("rangeQuarterButton")
    assert len(series(chart)["Left at start"]) == 2
    low, high = chart.x_range()
    assert low > all_low
    assert low <= (NOW - timedelta(days=92)).timestamp() and high >= NOW.timestamp() - 60
    assert "2 visits in the last 3 months" in driver.text("trendCaption")
    driver.tap("rangeYearButton")
    assert len(series(chart)["Left at start"]) == 4
    driver.tap("rangeAllButton")
    assert len(series(chart)["Left at start"]) == 5


def test_difference_and_direction_charts_are_one_tap_away(driver, store):
    """The chart chips show |L-R| at start and end, and which direction had more impact."""
    client_with_sessions(store, "Dmitri Volkov", [20, 10])
    open_client(driver, "Dmitri Volkov")
    driver.tap("chartDifferenceChip")
    data = series(driver.visible("asymmetryChart"))
    assert data["Difference at start"] == [2.0, 2.0] and data["Difference at end"] == [1.0, 1.0]
    driver.tap("chartDirectionChip")
    data = series(driver.visible("directionChart"))
    assert data["Similar, within measurement error"] == [0.0, 0.0]


def test_preference_caption_appears_from_three_sessions(driver, store):
    """With three finished sessions the across-visit direction comparison is shown."""
    client_with_sessions(store, "Eve Lindqvist", [21, 14, 7])
    open_client(driver, "Eve Lindqvist")
    text = driver.text("evidenceLabel")
    assert text.startswith("Rotating left minus right, over 3 visits:")
    assert "Left first 2×, right first 1×" in text


def test_visits_within_measurement_error_claim_no_direction(driver, store):
    """Three visits each +0.5 cm within error (sample SD 0): evidenceLabel says the visits do not
    tell the directions apart and review mode tells the client no direction (issue 7, 'Why')."""
    client = store.add_client(Client("Quantised Visits"))
    for days, rows, first in [(21, ((4, 4), (3.5, 4), (3.5, 4)), Direction.LEFT),
                              (14, ((4, 4), (4, 4), (3.5, 4)), Direction.RIGHT),
                              (7, ((4, 4), (3.5, 4), (3.5, 4)), Direction.LEFT)]:
        finished_session(store, client.id, NOW - timedelta(days=days), rows, first=first)
    open_client(driver, "Quantised Visits")
    evidence = driver.text("evidenceLabel")
    assert "the visits so far do not tell the directions apart" in evidence
    assert "+0.5 to +0.5" not in evidence
    driver.tap("reviewButton")
    caption = driver.text("reviewCaption")
    assert "seems to help" not in caption and "turning to the left" not in caption
    driver.tap("reviewCloseButton")


def test_the_evidence_label_says_why_there_is_no_comparison_yet(driver, store):
    """Before three finished visits evidenceLabel is shown and says what it waits for."""
    client_with_sessions(store, "New Visitor", [])
    open_client(driver, "New Visitor")
    assert driver.text("evidenceLabel") == (
        "The across-visit comparison of directions appears after 3 finished visits with this method.")
    client_with_sessions(store, "One Visit", [7])
    open_client(driver, "One Visit")
    assert "appears after 2 more finished visits" in driver.text("evidenceLabel")


def test_tapping_a_finished_session_opens_it_read_only(driver, store):
    """The past session shows its chart values, table and verdict; nothing on it can be edited."""
    client_with_sessions(store, "Farah Haddad", [14, 7])
    open_client(driver, "Farah Haddad")
    tap_row(driver, "sessionList", 1)  # the older one
    assert driver.visible("sessionView").isVisible()
    chart = driver.visible("sessionChart")
    assert series(chart) == {"Left leg": [4.0, 3.0, 2.5], "Right leg": [2.0, 2.0, 1.5]}
    assert "similar" in driver.text("pastVerdictLabel").lower()
    assert driver.text("result_left_baseline") == "4.0"
    table = driver.visible("pastResultsTable")
    assert any(w.text().startswith("Values in cm") for w in table.findChildren(QLabel))
    assert "Client's own answer: rotating to your left felt better" in driver.text("sessionFacts")
    assert "Pain before 5/10, after 2/10" in driver.text("sessionFacts")
    driver.tap("sessionBackButton")
    assert driver.visible("clientPage").isVisible()


def test_addenda_are_dated_listed_and_never_overwrite(driver, store):
    """Two addenda are both stored with their dates and listed under the session; readings unchanged."""
    _, [session] = client_with_sessions(store, "Georg Brandt", [3])
    open_client(driver, "Georg Brandt")
    tap_row(driver, "sessionList", 0)
    assert not driver.visible("addAddendumButton").isEnabled()
    driver.qtbot.keyClicks(driver.visible("addendumEdit"), "Client phoned: easier for 3 days")
    driver.tap("addAddendumButton")
    driver.qtbot.keyClicks(driver.visible("addendumEdit"), "Second thought")
    driver.tap("addAddendumButton")
    stored = store.get_session(session.id)
    assert [a.text for a in stored.addenda] == ["Client phoned: easier for 3 days", "Second thought"]
    assert all(a.written_at >= NOW for a in stored.addenda)
    assert stored.measurements == session.measurements
    shown = [w.text() for w in driver.window.findChildren(QLabel, "addendumText") if w.isVisible()]
    assert [t.split("\n")[1] for t in shown] == ["Client phoned: easier for 3 days", "Second thought"]
    driver.tap("sessionBackButton")
    view = driver.visible("sessionList")
    assert view.model().index(0, 0).data().endswith("2 addenda")


def test_review_mode_opens_full_window_and_closes(driver, store):
    """Review with client: one large chart, a neutral caption, a big Close back to the client page."""
    client_with_sessions(store, "Hana Sato", [30, 20, 10])
    open_client(driver, "Hana Sato")
    driver.tap("reviewButton")
    page = driver.visible("reviewPage")
    assert page.size() == driver.window.stack.size()  # the whole window, nothing else on screen
    chart = driver.visible("reviewTrendChart")
    assert series(chart)["Left at start"] == [4.0, 4.0, 4.0]
    caption = driver.text("reviewCaption")
    assert caption.startswith("Over 3 visits both your legs rested a little closer to the table "
                              "at the end of each visit.")
    assert not AVOID.search(caption)
    close = driver.visible("reviewCloseButton")
    assert close.height() >= 80
    driver.tap("reviewDirectionChip")
    assert driver.visible("reviewDirectionChart").isVisible()
    driver.tap("reviewCloseButton")
    assert driver.visible("clientPage").isVisible()
    assert driver.visible("trendChart").isVisible()


def test_review_button_waits_for_a_finished_session(driver, store):
    """A client with no finished session has nothing to review yet."""
    client_with_sessions(store, "Ivo Petrov", [])
    open_client(driver, "Ivo Petrov")
    assert not driver.visible("reviewButton").isEnabled()
    assert driver.text("trendCaption").startswith("No finished visits yet")


def test_save_png_asks_where_and_writes_a_valid_picture(driver, store, tmp_path):
    """Save PNG opens a file dialog; the chosen file is a PNG Qt can load, with a real size."""
    client_with_sessions(store, "Jon Lee", [10, 5])
    open_client(driver, "Jon Lee")
    driver.tap("saveChartButton")
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, QFileDialog) and dialog.objectName() == "saveChartDialog"
    assert dialog.selectedFiles()[0].endswith(".png") and "Jon" not in dialog.selectedFiles()[0]
    target = tmp_path / "jon.png"
    dialog.selectFile(str(target))
    dialog.accept()
    image = QImage(str(target))
    assert not image.isNull() and image.width() > 0 and image.height() > 0


def test_tapping_an_unfinished_session_resumes_it(driver, store):
    """A session still in progress is not opened read only: the wizard resumes it."""
    client, _ = client_with_sessions(store, "Kim Park", [7])
    store.start_session(client.id, Method.GAP_CM, NOW - timedelta(hours=1))
    open_client(driver, "Kim Park")
    view = driver.visible("sessionList")
    assert "in progress" in view.model().index(0, 0).data()
    tap_row(driver, "sessionList", 0)
    assert driver.text("stepTitle") == "Check-in"


@pytest.mark.parametrize("target", ["focus", "clientPage", "sessionList", "trendChart"])
def test_page_down_on_the_client_page_starts_a_session(driver, store, target):
    """SPEC 9.1: PageDown (a clicker's Next) on the client page starts a session, wherever the
    keyboard focus is on that page (the page, its session list, its chart)."""
    from PySide6.QtCore import Qt

    client_with_sessions(store, "Pedal Client", [7])
    open_client(driver, "Pedal Client")
    if target == "focus":  # as left by opening the client: typed in the search, tapped Open
        widget = QApplication.focusWidget() or driver.window
    else:
        widget = driver.visible(target)
        widget.setFocus()
    driver.qtbot.keyClick(widget, Qt.Key.Key_PageDown)
    assert driver.window.stack.currentWidget() is driver.window.wizard
    assert driver.text("stepTitle") == "Check-in"
    assert driver.text("clientNameLabel") == "Pedal Client"


def test_the_page_prepared_in_idle_time_stays_hidden_until_opened(driver, store):
    """Home shown a while: the client page is built, laid out at the window's size and painted
    offscreen in idle time, home stays on screen, and opening a client then shows that
    client's page and sessions."""
    client_with_sessions(store, "Anna Berg", [30, 20, 10])
    window = driver.window
    window.show_home()
    driver.qtbot.waitUntil(lambda: window.client_page is not None, timeout=10_000)  # and grabbed
    assert window.stack.currentWidget() is window.home and window.home.isVisible()
    assert not window.client_page.isVisible()
    assert window.client_page.size() == window.stack.size()  # laid out as it will be shown
    open_client(driver, "Anna Berg")
    assert window.stack.currentWidget() is window.client_page
    assert driver.visible("sessionList").model().rowCount() == 3

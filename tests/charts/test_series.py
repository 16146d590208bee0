"""Across-visit series without a widget: method split, date ranges, winners and plain captions."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_desktop.charts.series import (
    DirectionRow,
    TimeRange,
    asymmetry_series,
    direction_row,
    direction_rows,
    direction_series,
    in_range,
    leaning,
    method_caption,
    methods_in,
    outcome_letter,
    preference_caption,
    review_caption,
    select,
    winner,
    x_window,
)
from psoas_desktop.domain.analysis import Outcome, TrendPoint, trend
from psoas_desktop.domain.model import Direction, Method
from tests.domain.builders import T0, make_session

SEMS = {m: m.spec.default_sem for m in Method}
AVOID = re.compile(r"\b(tight\w*|fail\w*|bad|fix\w*|abnormal|wrong|damage\w*|dysfunction\w*|worse|"
                   r"psoas|restrict\w*|asymmetr\w*)\b", re.IGNORECASE)


def points(specs):
    """(day, method, rows, first) -> trend points, with session ids = position."""
    sessions = [make_session(rows, first=first, method=method, day=day, session_id=i)
                for i, (day, method, rows, first) in enumerate(specs)]
    return trend(sessions, SEMS)


GAP_ROWS = ((4, 2), (3, 2), (2.5, 1.5))
FINGER_ROWS = ((3, 1), (2, 1), (2, 1))


def test_methods_most_recent_first_and_default_selection():
    """The method chips list the latest method first, and that method is drawn by default."""
    pts = points([(0, Method.FINGERS, FINGER_ROWS, Direction.LEFT),
                  (10, Method.GAP_CM, GAP_ROWS, Direction.RIGHT),
                  (20, Method.GAP_CM, GAP_ROWS, Direction.LEFT)])
    assert methods_in(pts) == [Method.GAP_CM, Method.FINGERS]
    chosen = select(pts, None, TimeRange.ALL, T0 + timedelta(days=30))
    assert chosen.method == Method.GAP_CM
    assert [p.session_id for p in chosen.shown] == [1, 2]
    assert chosen.other_methods == {Method.FINGERS: 1}


def test_choosing_the_other_method_shows_only_its_sessions():
    """Sessions measured another way are never on the same axis: selecting fingers shows only them."""
    pts = points([(0, Method.FINGERS, FINGER_ROWS, Direction.LEFT),
                  (10, Method.GAP_CM, GAP_ROWS, Direction.RIGHT)])
    chosen = select(pts, Method.FINGERS, TimeRange.ALL, T0 + timedelta(days=30))
    assert [p.method for p in chosen.shown] == [Method.FINGERS]
    assert chosen.other_methods == {Method.GAP_CM: 1}


def test_method_caption_says_what_is_drawn_and_what_is_not():
    """The caption names the method drawn and counts the visits measured another way."""
    pts = points([(0, Method.FINGERS, FINGER_ROWS, Direction.LEFT),
                  (10, Method.GAP_CM, GAP_ROWS, Direction.RIGHT),
                  (20, Method.GAP_CM, GAP_ROWS, Direction.LEFT)])
    text = method_caption(select(pts, None, TimeRange.ALL, T0 + timedelta(days=30)))
    assert text == "Knee-to-table gap (cm): 2 visits. Not on this scale: 1 visit measured as finger widths."


def test_ranges_keep_the_last_three_months_or_year_up_to_now():
    """Last 3 months and Year keep the sessions started in that span before now; All keeps all."""
    now = T0 + timedelta(days=800)
    pts = points([(day, Method.GAP_CM, GAP_ROWS, Direction.LEFT) for day in (0, 500, 600, 750, 790)])
    assert [p.session_id for p in in_range(pts, TimeRange.QUARTER, now)] == [3, 4]
    assert [p.session_id for p in in_range(pts, TimeRange.YEAR, now)] == [1, 2, 3, 4]
    assert len(in_range(pts, TimeRange.ALL, now)) == 5
    chosen = select(pts, None, TimeRange.QUARTER, now)
    assert chosen.outside_range == 3
    low, high = x_window(chosen.shown, TimeRange.QUARTER, now)
    assert low < (now - timedelta(days=92)).timestamp() < (now - timedelta(days=91)).timestamp()
    assert high >= now.timestamp()


def test_all_range_spans_the_points():
    """All: the date axis spans the first to the last session, with a little margin."""
    pts = points([(0, Method.GAP_CM, GAP_ROWS, Direction.LEFT),
                  (100, Method.GAP_CM, GAP_ROWS, Direction.LEFT)])
    low, high = x_window(pts, TimeRange.ALL, datetime(2030, 1, 1))
    assert low < pts[0].started_at.timestamp() and high > pts[-1].started_at.timestamp()
    assert high < datetime(2030, 1, 1).timestamp()


def test_winner_follows_the_session_order():
    """Outcome FIRST is the first direction, SECOND its opposite; SIMILAR has no winner."""
    # SEM 0.5 cm: a direction wins beyond D = 3.4 cm; here D = +4, -4 and +0.5
    sessions = [make_session(((6, 0), (2, 0), (2, 0)), first=Direction.RIGHT, session_id=1),
                make_session(((4, 0), (4, 0), (0, 0)), first=Direction.RIGHT, session_id=2, day=1),
                make_session(GAP_ROWS, first=Direction.RIGHT, session_id=3, day=2)]
    pts = trend(sessions, {Method.GAP_CM: 0.5})
    assert [winner(p) for p in pts] == [Direction.RIGHT, Direction.LEFT, None]
    assert [outcome_letter(p) for p in pts] == ["A", "B", "similar"]
    assert direction_series(pts) == {Direction.RIGHT: [pts[0].started_at.timestamp()],
                                     Direction.LEFT: [pts[1].started_at.timestamp()],
                                     None: [pts[2].started_at.timestamp()]}


def test_asymmetry_series_is_the_absolute_difference():
    """|L-R| at start and end, whichever leg is higher."""
    pts = points([(0, Method.GAP_CM, ((1, 4), (1, 3), (1, 2.5)), Direction.LEFT)])
    assert asymmetry_series(pts) == ([3.0], [1.5])


def test_preference_caption_needs_three_visits():
    """Below three sessions the therapist sees how many more are needed; then the mean and range."""
    two = points([(d, Method.GAP_CM, GAP_ROWS, Direction.LEFT) for d in (0, 7)])
    assert "1 more finished visit" in preference_caption(two, Method.GAP_CM)
    three = points([(d, Method.GAP_CM, GAP_ROWS, f) for d, f in
                    ((0, Direction.LEFT), (7, Direction.RIGHT), (14, Direction.LEFT))])
    text = preference_caption(three, Method.GAP_CM)
    assert text.startswith("Rotating left minus right, over 3 visits:")
    assert "95 % range" in text and "Left first 2×, right first 1×" in text


def test_review_caption_names_the_leg_that_rested_closer_each_visit():
    """Only the right leg moved closer at each visit's end: the caption says so in SPEC 7 words."""
    rows = ((3, 4), (3, 3), (3, 2.5))  # left steady, right 4 -> 2.5
    pts = points([(d, Method.GAP_CM, rows, Direction.LEFT) for d in range(0, 42, 7)])
    text = review_caption(pts, Method.GAP_CM)
    assert text.startswith("Over 6 visits your left leg stayed much the same from start to end, "
                           "and your right leg rested a little closer to the table at the end of "
                           "each visit.")
    assert not AVOID.search(text)


def test_review_caption_both_legs_and_starting_point():
    """Both legs closer each visit; the starting point of the first and latest visit is given."""
    pts = points([(0, Method.GAP_CM, ((4, 2), (3, 1.5), (2.5, 1.5)), Direction.LEFT),
                  (7, Method.GAP_CM, ((3, 2), (2, 1.5), (2, 1)), Direction.RIGHT)])
    text = review_caption(pts, Method.GAP_CM)
    assert "Over 2 visits both your legs rested a little closer to the table at the end of each visit." in text
    assert "went from 4.0 to 3.0 cm on the left and from 2.0 to 2.0 cm on the right." in text
    assert "Both directions stay part of your home routine." in text
    assert not AVOID.search(text)


def test_review_caption_words_for_a_leg_resting_higher_and_for_no_visits():
    """A leg resting higher is said calmly; with no visits the caption says the chart fills in later."""
    pts = points([(0, Method.GAP_CM, ((2, 2), (3, 2), (3, 1)), Direction.LEFT)])
    text = review_caption(pts, Method.GAP_CM)
    assert "your left leg rested a little higher at the end of this visit" in text
    assert not AVOID.search(text)
    assert review_caption([], Method.GAP_CM) == "This chart fills in after your first full visit."


def test_similar_sessions_show_which_way_they_leaned():
    """Within measurement error a session still leans toward the larger impact (or neither)."""
    sessions = [make_session(((3, 3), (2, 2.5), (2, 2.5)), first=Direction.LEFT, session_id=1),
                make_session(((3, 3), (3, 3), (2.5, 2.5)), first=Direction.LEFT, session_id=2, day=1),
                make_session(GAP_ROWS, first=Direction.LEFT, session_id=3, day=2),
                make_session(((6, 0), (2, 0), (2, 0)), first=Direction.RIGHT, session_id=4, day=3)]
    pts = trend(sessions, {Method.GAP_CM: 0.5})
    assert [leaning(p) for p in pts] == [Direction.LEFT, Direction.RIGHT, None, None]
    assert [direction_row(p) for p in pts] == [DirectionRow.LEANS_LEFT, DirectionRow.LEANS_RIGHT,
                                               DirectionRow.EVEN, DirectionRow.RIGHT]
    rows = direction_rows(pts)
    assert rows[DirectionRow.LEANS_LEFT] == [pts[0].started_at.timestamp()]
    assert rows[DirectionRow.LEFT] == []


def test_review_caption_when_both_legs_moved_but_one_every_time():
    """Both legs closer at the end, the right every time, the left most times: one calm sentence."""
    specs = [(0, Method.GAP_CM, ((4, 4), (3, 3), (3, 3)), Direction.LEFT),
             (7, Method.GAP_CM, ((4, 4), (3, 3), (3, 3)), Direction.LEFT),
             (14, Method.GAP_CM, ((3, 4), (3, 3), (3.5, 3)), Direction.LEFT)]
    text = review_caption(points(specs), Method.GAP_CM)
    assert text.startswith("Over 3 visits both your legs rested a little closer to the table at "
                           "the end of most visits, your right leg at the end of every one.")
    assert not AVOID.search(text)


# --- honest evidence (SPEC 5.3): never more than the error model allows -------------------------
# Each visit rotating left helped 0.5 cm more than rotating right: one step of the gap method,
# far inside the 6.8 cm a single visit needs. The readings agree exactly, so the sample SD is 0.
QUANTISED = [(0, ((4, 4), (3.5, 4), (3.5, 4)), Direction.LEFT),
             (7, ((4, 4), (4, 4), (3.5, 4)), Direction.RIGHT),
             (14, ((4, 4), (3.5, 4), (3.5, 4)), Direction.LEFT)]


def test_quantised_visits_within_error_claim_no_direction():
    """The reproduced bug: three visits each +0.5 cm within error once printed '95 % range +0.5 to
    +0.5' and told the client turning left helps more; now both say the visits do not tell."""
    pts = points([(day, Method.GAP_CM, rows, first) for day, rows, first in QUANTISED])
    therapist = preference_caption(pts, Method.GAP_CM)
    client = review_caption(pts, Method.GAP_CM)
    assert "+0.5 to +0.5" not in therapist
    assert therapist.startswith("Rotating left minus right, over 3 visits: +0.5 cm (95 % range −")
    assert "the visits so far do not tell the directions apart" in therapist
    assert "tends to have more impact" not in therapist
    assert "seems to help" not in client and "turning to the left" not in client
    assert "So far the visits do not show one turn helping more than the other." in client
    assert not AVOID.search(client)


def test_a_clear_preference_is_stated_to_both_alike():
    """Visits that differ beyond the error model: the therapist's range excludes 0 and the client
    hears the same direction."""
    rows = ((9, 9), (2, 2), (2, 2))  # rotating first helps 14 cm more, at SEM 1 cm
    pts = points([(d, Method.GAP_CM, rows, Direction.RIGHT) for d in (0, 7, 14, 21)])
    assert "rotating right tends to have more impact" in preference_caption(pts, Method.GAP_CM)
    assert ("Taken together, turning to the right seems to help you a little more."
            in review_caption(pts, Method.GAP_CM))


def test_touches_visits_get_no_range_and_no_lean():
    """Touches / does not touch has no error model: no range, no direction, to either reader."""
    rows = ((1, 1), (0, 1), (0, 0))
    pts = points([(d, Method.TOUCHES, rows, Direction.LEFT) for d in (0, 7, 14)])
    therapist = preference_caption(pts, Method.TOUCHES)
    client = review_caption(pts, Method.TOUCHES)
    assert "95 %" not in therapist and "tends to" not in therapist
    assert therapist.startswith("Touches / does not touch has no measurement-error model")
    assert "not which turn helps more" in client and "seems to help" not in client
    assert "never compared" in preference_caption(pts[:1], Method.TOUCHES)  # not "after 2 more"


def test_the_evidence_says_why_it_is_not_there_yet():
    """With no visits, or fewer than three, the therapist's sentence says what it waits for."""
    assert preference_caption([], None) == (
        "The across-visit comparison of directions appears after 3 finished visits with this method.")
    one = points([(0, Method.GAP_CM, GAP_ROWS, Direction.LEFT)])
    assert "after 2 more finished visits" in preference_caption(one, Method.GAP_CM)
    assert "seems to help" not in review_caption(one, Method.GAP_CM)


_visit = st.tuples(st.integers(-8, 8), st.integers(-8, 8), st.sampled_from(Direction),
                   st.sampled_from([0.25, 1.0, 2.0]))


@settings(max_examples=200, deadline=None)
@given(st.lists(_visit, min_size=1, max_size=12))
def test_property_the_client_never_hears_more_than_the_therapist_reads(visits):
    """Property: the client caption names a direction exactly when the therapist's sentence does."""
    pts = [TrendPoint(None, T0 + timedelta(days=i), Method.GAP_CM, 0, 0, 0, 0, 0, 0,
                      Outcome.SIMILAR, first, left / 2, right / 2, spread)
           for i, (left, right, first, spread) in enumerate(visits)]
    therapist = preference_caption(pts, Method.GAP_CM)
    client = review_caption(pts, Method.GAP_CM)
    for direction in Direction:
        told_therapist = f"rotating {direction.value} tends to have more impact" in therapist
        told_client = f"turning to the {direction.value} seems to help" in client
        assert told_client == told_therapist

"""Changes, asymmetry, the verdict against measurement error, and trends (SPEC 5.2, 5.3)."""

from __future__ import annotations

import math
import statistics
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psoas_desktop.domain import analysis
from psoas_desktop.domain.analysis import (
    DIRECTION_FACTOR,
    SIDE_FACTOR,
    NoErrorModel,
    Outcome,
    TrendPoint,
    Verdict,
    analyse,
    approximate_angle,
    asymmetry_hypothesis,
    baseline_pairs,
    direction_preference,
    effective_sem,
    home_program,
    judging_sem,
    own_sem,
    session_series,
    side_changes,
    therapist_sem,
    trend,
    verdict,
    verdict_basis_for,
)
from psoas_desktop.domain.model import (
    Direction,
    FeltBetter,
    Measurement,
    Method,
    RepBlock,
    Session,
    SessionStatus,
    Side,
    Timepoint,
    VerdictBasis,
)

from .builders import T0, make_session

B, A1, A2 = Timepoint.BASELINE, Timepoint.AFTER_FIRST, Timepoint.AFTER_SECOND
L, R = Side.LEFT, Side.RIGHT
LEFT, RIGHT = Direction.LEFT, Direction.RIGHT

# The worked example: baseline L4 R6, after A L3 R4, after B L2.5 R3.5, first direction left.
# Changes: A (left) L+1 R+2, B (right) L+0.5 R+0.5; impacts 3 and 1; D = 2.
EXAMPLE = ((4, 6), (3, 4), (2.5, 3.5))


def changes_by_key(a) -> dict[tuple[Side, Direction], tuple[float, bool | None]]:
    return {(c.side, c.direction): (c.change, c.real) for c in a.side_changes}


# --- constants --------------------------------------------------------------------------------


def test_factors_are_those_of_the_spec():
    """SIDE_FACTOR = 1.96 sqrt(2) (2.77) and DIRECTION_FACTOR = 1.96 sqrt(12) (6.8)."""
    assert SIDE_FACTOR == pytest.approx(2.77, abs=0.005)
    assert DIRECTION_FACTOR == pytest.approx(6.8, abs=0.015)
    assert SIDE_FACTOR == 1.96 * math.sqrt(2)
    assert DIRECTION_FACTOR == 1.96 * math.sqrt(12)


# --- changes and asymmetry --------------------------------------------------------------------


def test_changes_per_side_and_direction():
    """Change = earlier minus later reading, per side, for the first and the second direction."""
    a = analyse(make_session(EXAMPLE, first=LEFT), 1.0)
    assert changes_by_key(a) == {
        (L, LEFT): (1.0, False),
        (R, LEFT): (2.0, False),
        (L, RIGHT): (0.5, False),
        (R, RIGHT): (0.5, False),
    }


def test_changes_follow_the_first_direction_chosen():
    """With right first, the baseline-to-after-A changes belong to the right rotation."""
    changes = changes_by_key(analyse(make_session(EXAMPLE, first=RIGHT), 1.0))
    assert changes[(L, RIGHT)] == (1.0, False)
    assert changes[(R, LEFT)] == (0.5, False)


def test_worse_after_a_rotation_is_a_negative_change():
    """A leg resting higher after a rotation gives a negative change (lower is better)."""
    changes = changes_by_key(analyse(make_session(((2, 2), (5, 2), (5, 2))), 1.0))
    assert changes[(L, LEFT)] == (-3.0, True)  # |-3| > 2.77
    assert changes[(R, LEFT)] == (0.0, False)


def test_side_change_is_real_only_beyond_2_77_sem():
    """A one-side change counts as real only when it exceeds SIDE_FACTOR x SEM."""
    sem = 0.25  # threshold 0.693 cm
    changes = changes_by_key(analyse(make_session(EXAMPLE), sem))
    assert changes[(L, LEFT)] == (1.0, True)
    assert changes[(R, LEFT)] == (2.0, True)
    assert changes[(L, RIGHT)] == (0.5, False)


def test_side_change_exactly_at_threshold_is_not_real():
    """A change equal to the threshold is not beyond it."""
    session = make_session(((2, 2), (1, 1), (1, 1)))
    sem = 1.0 / SIDE_FACTOR
    assert SIDE_FACTOR * sem == 1.0
    assert all(c.real is False for c in side_changes(session, sem) if c.direction == LEFT)


def test_asymmetry_is_left_minus_right_at_each_time_point():
    """Asymmetry is the plain difference left minus right at each measured time point."""
    a = analyse(make_session(EXAMPLE), 1.0)
    assert a.asymmetry == {B: -2.0, A1: -1.0, A2: -1.0}


def test_asymmetry_only_where_both_sides_are_measured():
    """A time point with one side missing has no asymmetry yet."""
    s = make_session(((4, 6), (3, 4)))
    s = replace(s, measurements=s.measurements + (Measurement(A2, L, (1.0,)),))
    assert analyse(s, 1.0).asymmetry == {B: -2.0, A1: -1.0}


def test_values_and_session_series():
    """analyse() exposes every value; session_series lists L and R over the time points."""
    s = make_session(EXAMPLE)
    assert analyse(s, 1.0).values == {(B, L): 4, (B, R): 6, (A1, L): 3, (A1, R): 4,
                                      (A2, L): 2.5, (A2, R): 3.5}
    assert session_series(s) == {L: [4, 3, 2.5], R: [6, 4, 3.5]}
    assert session_series(make_session(((1, 2),))) == {L: [1, None, None], R: [2, None, None]}


# --- verdict ----------------------------------------------------------------------------------


def test_verdict_similar_within_measurement_error():
    """D = 2 cm against 6.8 x 1 cm: 'similar', no winner, leaning to the first direction."""
    v = analyse(make_session(EXAMPLE, first=LEFT), 1.0).verdict
    assert v.outcome is Outcome.SIMILAR
    assert v.winner is None
    assert v.leaning == LEFT
    assert (v.impact_first, v.impact_second, v.difference) == (3.0, 1.0, 2.0)
    assert v.threshold == DIRECTION_FACTOR
    assert "similar" in v.text.lower()
    assert "2.0 cm" in v.text and "6.8 cm" in v.text
    assert "leans toward rotating to the left" in v.text


def test_verdict_names_the_first_direction_when_it_wins():
    """D = 2 cm against 6.8 x 0.25 cm = 1.7 cm: the first direction (left) wins."""
    v = analyse(make_session(EXAMPLE, first=LEFT), 0.25).verdict
    assert v.outcome is Outcome.FIRST
    assert v.winner == LEFT
    assert v.text.startswith("Rotating to the left had more impact")
    assert "similar" not in v.text.lower()
    assert "2.0 cm" in v.text and "1.7 cm" in v.text


def test_verdict_names_the_second_direction_when_it_wins():
    """Nothing changes after A, 6 cm after B: the second direction (right) wins, D = -6."""
    v = analyse(make_session(((5, 5), (5, 5), (2, 2)), first=LEFT), 0.5).verdict
    assert v.outcome is Outcome.SECOND
    assert v.winner == RIGHT
    assert v.difference == -6.0
    assert v.text.startswith("Rotating to the right had more impact")
    assert "similar" not in v.text.lower()


def test_verdict_boundary_equal_is_similar_just_above_wins():
    """|D| at the threshold (or a hair under it) is 'similar'; a hair over it wins."""
    s = make_session(EXAMPLE)  # D = 2
    at = 2.0 / DIRECTION_FACTOR
    assert verdict(s, at * (1 + 1e-12), "cm").winner is None
    assert "similar" in verdict(s, at * (1 + 1e-12), "cm").text.lower()
    assert verdict(s, at * (1 - 1e-12), "cm").winner == LEFT
    exact = verdict(s, at, "cm")  # whatever rounding does to 6.79 x (2 / 6.79), it is consistent
    assert exact.winner is (None if exact.threshold >= 2.0 else LEFT)


def test_verdict_with_no_difference_leans_nowhere():
    """Equal impacts: similar, no winner, no leaning and no 'leans toward' sentence."""
    v = verdict(make_session(((4, 4), (3, 3), (2, 2))), 1.0, "cm")
    assert (v.outcome, v.winner, v.leaning, v.difference) == (Outcome.SIMILAR, None, None, 0.0)
    assert "leans" not in v.text


def test_verdict_incomplete_until_both_retests():
    """Missing the second re-test or the first direction gives an 'incomplete' verdict."""
    partial = analyse(make_session(((4, 6), (3, 4))), 1.0)
    assert partial.verdict.outcome is Outcome.INCOMPLETE
    assert partial.verdict.winner is None
    assert len(partial.side_changes) == 2  # only direction A can be computed yet
    no_direction = analyse(make_session(EXAMPLE, first=None), 1.0)
    assert no_direction.verdict.outcome is Outcome.INCOMPLETE
    assert no_direction.side_changes == ()


def test_averaging_two_readings_divides_sem_by_sqrt_2():
    """Two readings per side: the SEM of each value, and both thresholds, shrink by sqrt(2)."""
    two = ((4, 4), (5, 5), (3, 3))  # averaged values, entered as two readings each
    rows = tuple(((lv - 0.5, lv + 0.5), (rv, rv)) for lv, rv in (two[0], two[1], two[2]))
    s = make_session(rows)
    a = analyse(s, 1.0)
    assert a.values[(B, L)] == 4.0
    assert a.sem == pytest.approx(1.0 / math.sqrt(2), rel=1e-15)
    assert effective_sem(s, 1.0) == a.sem
    assert a.verdict.threshold == pytest.approx(DIRECTION_FACTOR / math.sqrt(2), rel=1e-15)
    # D = (4 - 10 + 3) x 2 = -6: within 6.79 x 1 but beyond 6.79 / sqrt(2) = 4.80.
    assert a.verdict.difference == -6.0
    assert a.verdict.winner == RIGHT
    single = analyse(make_session(two), 1.0)
    assert single.verdict.winner is None


def test_fewest_readings_set_the_sem():
    """If any value has a single reading, the SEM stays that of a single reading."""
    s = make_session((((4, 4), 6), (3, 4), (2.5, 3.5)))
    assert effective_sem(s, 1.0) == 1.0
    assert effective_sem(make_session(()), 2.0) == 2.0
    assert effective_sem(s, None) is None


# --- a finished session keeps its verdict basis (SPEC 5.3) ------------------------------------


def test_verdict_basis_for_takes_the_sem_and_the_fewest_readings():
    """At Finish the basis is the SEM given and the fewest readings of any value (1 with none)."""
    two_everywhere = make_session(tuple(((v, v), (v, v)) for v in (4.0, 3.0, 2.0)))
    one_single = make_session((((4, 4), 6), (3, 4), (2.5, 3.5)))
    assert verdict_basis_for(two_everywhere, 0.7) == VerdictBasis(0.7, 2)
    assert verdict_basis_for(one_single, 0.7) == VerdictBasis(0.7, 1)
    assert verdict_basis_for(make_session(()), None) == VerdictBasis(None, 1)


def test_judging_sem_uses_the_stored_basis_not_todays_sem():
    """With a stored basis (SEM 0.5, two readings) today's SEM is ignored: 0.5 / sqrt(2)."""
    stored = replace(make_session(EXAMPLE), verdict_basis=VerdictBasis(0.5, 2))
    assert judging_sem(stored, 1.0) == pytest.approx(0.5 / math.sqrt(2), rel=1e-15)
    assert judging_sem(stored, None) == judging_sem(stored, 3.0)
    assert judging_sem(replace(stored, verdict_basis=VerdictBasis(None, 1)), 1.0) is None
    assert judging_sem(make_session(EXAMPLE), 0.25) == 0.25  # not judged yet: today's SEM


def test_a_finished_verdict_does_not_change_with_todays_sem():
    """The same session gives one verdict text whatever SEM is set later; unjudged, it would not."""
    session = make_session(EXAMPLE)  # D = 2 cm: similar at SEM 1, first wins at SEM 0.2
    judged = replace(session, verdict_basis=verdict_basis_for(session, 1.0))
    texts = {analyse(judged, sem).verdict.text for sem in (0.1, 0.2, 1.0, 2.0)}
    assert len(texts) == 1 and "similar" in texts.pop()
    assert analyse(session, 0.2).verdict.winner == LEFT  # the change the basis guards against
    assert [p.outcome for p in trend([judged], {Method.GAP_CM: 0.2})] == [Outcome.SIMILAR]
    assert [p.outcome for p in trend([session], {Method.GAP_CM: 0.2})] == [Outcome.FIRST]


def test_touches_method_never_declares_a_winner():
    """Touches / does not touch has no SEM: even the largest possible D gives no winner."""
    s = make_session(((1, 1), (0, 0), (1, 1)), method=Method.TOUCHES)  # D = 4, the maximum
    a = analyse(s, Method.TOUCHES.spec.default_sem)
    assert a.sem is None
    assert a.verdict.difference == 4.0
    assert a.verdict.outcome is Outcome.SIMILAR
    assert a.verdict.winner is None
    assert a.verdict.threshold is None
    assert a.verdict.leaning == LEFT
    assert "similar" in a.verdict.text.lower()
    assert all(c.real is None for c in a.side_changes)


# --- trends across sessions -------------------------------------------------------------------


def test_trend_keeps_finished_measured_sessions_in_start_order():
    """trend() skips unfinished, abandoned and incomplete sessions and orders by start time."""
    sessions = [
        make_session(EXAMPLE, day=5, session_id=1),
        make_session(((8, 2), (6, 2), (5, 1)), first=RIGHT, day=1, session_id=2),
        make_session(EXAMPLE, day=3, session_id=3, status=SessionStatus.IN_PROGRESS),
        make_session(EXAMPLE, day=4, session_id=4, status=SessionStatus.ABANDONED),
        make_session(((1, 1), (1, 1)), day=2, session_id=5),  # completed, second re-test missing
        make_session(EXAMPLE, first=None, day=6, session_id=6),
        make_session(EXAMPLE, day=0, session_id=7),
    ]
    points = trend(sessions, {Method.GAP_CM: 1.0})
    assert [p.session_id for p in points] == [7, 2, 1]
    assert [p.started_at.day for p in points] == [1, 2, 6]


def test_trend_point_values():
    """A trend point carries start/end per side, asymmetry and each direction's impact."""
    s = make_session(((8, 2), (6, 2), (5, 0)), first=RIGHT, session_id=2)
    (p,) = trend([s], {Method.GAP_CM: 1.0})
    assert (p.left_start, p.left_end, p.right_start, p.right_end) == (8, 5, 2, 0)
    assert (p.asymmetry_start, p.asymmetry_end) == (6, 5)
    assert p.first_direction == RIGHT
    assert p.impact_right == 2.0  # first (right): 8-6 + 2-2
    assert p.impact_left == 3.0  # second (left): 6-5 + 2-0
    assert p.outcome is Outcome.SIMILAR
    assert p.method == Method.GAP_CM


def test_trend_uses_the_given_sem_or_the_method_default():
    """The therapist's SEM decides each point's outcome; without one, the method default."""
    s = make_session(EXAMPLE)  # D = 2
    assert trend([s], {Method.GAP_CM: 0.25})[0].outcome is Outcome.FIRST
    assert trend([s], {})[0].outcome is Outcome.SIMILAR  # default 1.0 cm


def point(impact_left: float, impact_right: float, first: Direction = LEFT,
          spread: float | None = 0.0) -> TrendPoint:
    """A trend point; `spread` is its model spread (0: negligible error, None: no error model)."""
    return TrendPoint(None, T0, Method.GAP_CM, 0, 0, 0, 0, 0, 0, Outcome.SIMILAR, first,
                      impact_left, impact_right, spread)


def test_direction_preference_needs_three_sessions():
    """With fewer than 3 sessions there is no across-session preference."""
    assert direction_preference([]) is None
    assert direction_preference([point(1, 0), point(2, 0)]) is None
    assert direction_preference([point(1, 0), point(2, 0), point(3, 0)]) is not None


def test_direction_preference_mean_range_and_order_counts():
    """Three sessions: mean of left-minus-right impacts with t(2) = 4.30 95 % range."""
    pref = direction_preference([point(2, 1), point(3, 1, RIGHT), point(4, 1)])  # diffs 1, 2, 3
    half = 4.303 * 1.0 / math.sqrt(3)
    assert pref.sessions == 3
    assert pref.mean == 2.0
    assert pref.low == pytest.approx(2.0 - half)
    assert pref.high == pytest.approx(2.0 + half)
    assert (pref.left_first, pref.right_first) == (2, 1)


TRUE_T95 = {2: 4.303, 12: 2.179, 30: 2.042}  # tabulated degrees of freedom
BETWEEN_T95 = {11: 2.201, 13: 2.160, 25: 2.060, 40: 2.021}  # between the table's rows


def spread_points(n: int) -> list[TrendPoint]:
    """n sessions whose left-minus-right impacts alternate -1, +1 (plus a 0 when n is odd)."""
    diffs = [(-1) ** i for i in range(n - n % 2)] + [0] * (n % 2)
    return [point(d, 0) for d in diffs]


@pytest.mark.parametrize("df", sorted(TRUE_T95))
def test_direction_preference_range_uses_student_t_at_tabulated_df(df):
    """At tabulated degrees of freedom the 95 % half-width is t(df) x sd / sqrt(n)."""
    points = spread_points(df + 1)
    pref = direction_preference(points)
    diffs = [p.impact_left - p.impact_right for p in points]
    expected = TRUE_T95[df] * statistics.stdev(diffs) / math.sqrt(len(diffs))
    assert (pref.high - pref.low) / 2 == pytest.approx(expected, rel=0.003)


@pytest.mark.parametrize("df", sorted(BETWEEN_T95))
def test_direction_preference_range_is_never_narrower_than_95_percent(df):
    """Between tabulated rows the half-width is at least t(df) x sd / sqrt(n) (2-decimal slack)."""
    points = spread_points(df + 1)
    pref = direction_preference(points)
    diffs = [p.impact_left - p.impact_right for p in points]
    at_least = (BETWEEN_T95[df] - 0.005) * statistics.stdev(diffs) / math.sqrt(len(diffs))
    assert (pref.high - pref.low) / 2 >= at_least


def test_quantised_visits_within_error_do_not_tell_the_directions_apart():
    """Three visits each +0.5 cm (sample SD 0): the range uses the model spread sqrt(12) x 1 cm,
    so it spans 0 and no direction is favoured (the reproduced '+0.5 to +0.5' bug)."""
    model = math.sqrt(12) * 1.0
    pref = direction_preference([point(0.5, 0, spread=model), point(0.5, 0, RIGHT, model),
                                 point(0.5, 0, spread=model)])
    half = 4.303 * model / math.sqrt(3)
    assert (pref.low, pref.high) == (pytest.approx(0.5 - half), pytest.approx(0.5 + half))
    assert pref.low < 0 < pref.high
    assert pref.favours is None


def test_the_floor_is_the_rms_of_the_visits_model_spreads():
    """Visits judged with different SEMs: the floor is sqrt(mean of spread squared)."""
    pref = direction_preference([point(1, 0, spread=3.0), point(1, 0, spread=4.0),
                                 point(1, 0, spread=0.0)])
    rms = math.sqrt((9 + 16) / 3)
    assert pref.high - pref.mean == pytest.approx(4.303 * rms / math.sqrt(3))


def test_a_sample_spread_above_the_model_is_kept_and_a_clear_preference_stated():
    """When visits vary more than the error model says, the sample SD sets the range; a range
    above 0 favours rotating left, below 0 rotating right."""
    diffs = [10.0, 12.0, 14.0, 9.0, 11.0]
    pref = direction_preference([point(d, 0, spread=0.5) for d in diffs])
    assert pref.high - pref.mean == pytest.approx(2.776 * statistics.stdev(diffs) / math.sqrt(5))
    assert pref.favours == LEFT
    assert direction_preference([point(0, d, spread=0.5) for d in diffs]).favours == RIGHT


def test_touches_visits_never_lean_and_have_no_range():
    """Without an error model the evidence is a distinct result with counts only, from one visit."""
    found = direction_preference([point(2, 0, spread=None)])
    assert found == NoErrorModel(sessions=1, left_first=1, right_first=0)
    touches = [make_session(((1, 1), (0, 1), (0, 0)), first=f, method=Method.TOUCHES, day=d)
               for d, f in enumerate((LEFT, RIGHT, LEFT, LEFT))]
    points = trend(touches, {})
    assert [p.model_spread for p in points] == [None] * 4
    assert direction_preference(points) == NoErrorModel(4, 3, 1)


def test_each_trend_point_carries_the_model_spread_it_was_judged_with():
    """model_spread = sqrt(12) x the judged SEM for single readings: the SEM stored at Finish
    first, else today's SEM; the readings averaged come from the measurements themselves."""
    judged = replace(make_session(EXAMPLE), verdict_basis=VerdictBasis(0.5, 1))
    unjudged = make_session(EXAMPLE, day=1)
    p_judged, p_unjudged = trend([judged, unjudged], {Method.GAP_CM: 0.25})
    assert p_judged.model_spread == pytest.approx(math.sqrt(12) * 0.5)
    assert p_unjudged.model_spread == pytest.approx(math.sqrt(12) * 0.25)


def paired_session(d_left: float, d_right: float, method: Method = Method.GAP_CM,
                   day: int = 0) -> Session:
    """A session whose baseline has two readings per side differing by d_left and d_right."""
    return make_session(((((5.0, 5.0 - d_left)), (3.0, 3.0 - d_right)),), first=None,
                        method=method, day=day)


def test_therapist_sem_needs_twenty_paired_sessions():
    """With 19 sessions of paired baseline readings there is no own SEM; with 20 there is."""
    pairs = [paired_session(0.5 * (-1) ** i, 0.5 * (-1) ** (i + 1), day=i) for i in range(20)]
    singles = [make_session(((5, 3),), day=30 + i) for i in range(10)]
    half_paired = make_session((((5.0, 4.5), 3),), day=50)
    assert therapist_sem(pairs[:19] + singles + [half_paired], Method.GAP_CM) is None
    assert therapist_sem(pairs, Method.GAP_CM) is not None


def test_therapist_sem_is_sd_of_differences_over_sqrt_2():
    """Own SEM = standard deviation of (first - second reading) over both sides / sqrt(2)."""
    d = [0.5, -0.5, 1.0, 0.0, -1.0]
    sessions = [paired_session(d[i % 5], d[(i + 2) % 5], day=i) for i in range(20)]
    diffs = [d[i % 5] for i in range(20)] + [d[(i + 2) % 5] for i in range(20)]
    expected = statistics.stdev(diffs) / math.sqrt(2)
    assert therapist_sem(sessions, Method.GAP_CM) == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(math.sqrt(2.5 / 5 * 40 / 39) / math.sqrt(2))


def test_therapist_sem_is_never_below_the_step_over_sqrt_12():
    """Readings rounded to the step can agree every time: the own SEM floors at step / sqrt(12)."""
    same = [paired_session(0, 0, day=i) for i in range(20)]
    assert therapist_sem(same, Method.GAP_CM) == pytest.approx(0.5 / math.sqrt(12))
    fingers = [paired_session(0, 0, method=Method.FINGERS, day=i) for i in range(20)]
    assert therapist_sem(fingers, Method.FINGERS) == pytest.approx(1 / math.sqrt(12))


def test_therapist_sem_counts_finished_sessions_only():
    """Paired readings of sessions in progress or abandoned do not count toward the 20."""
    finished = [paired_session(0.5, -0.5, day=i) for i in range(19)]
    unfinished = [replace(paired_session(0.5, -0.5, day=30 + i), status=status)
                  for i, status in enumerate((SessionStatus.IN_PROGRESS, SessionStatus.ABANDONED))]
    assert therapist_sem(finished + unfinished, Method.GAP_CM) is None
    assert therapist_sem(finished + [paired_session(0.5, -0.5, day=60)], Method.GAP_CM)


def test_therapist_sem_counts_only_the_asked_method():
    """Sessions measured with another method do not count toward the 20 or the SEM."""
    gap = [paired_session(0.5, -0.5, day=i) for i in range(19)]
    fingers = [paired_session(1, -1, method=Method.FINGERS, day=40 + i) for i in range(5)]
    assert therapist_sem(gap + fingers, Method.GAP_CM) is None
    assert therapist_sem(gap + fingers, Method.FINGERS) is None


# --- helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gap", "thigh", "angle"),
    [(5.0, 10.0, 30.0), (0.0, 45.0, 0.0), (15.0, 45.0, math.degrees(math.asin(1 / 3))),
     (10.0, 10.0, 90.0)],
)
def test_approximate_angle_is_asin_gap_over_thigh(gap, thigh, angle):
    """The gap-to-angle helper gives asin(gap / thigh length) in degrees."""
    assert approximate_angle(gap, thigh) == pytest.approx(angle, abs=1e-12)


@pytest.mark.parametrize(("gap", "thigh"), [(5.0, None), (5.0, 0.0), (12.0, 10.0), (-1.0, 40.0)])
def test_approximate_angle_none_without_a_sensible_thigh_length(gap, thigh):
    """No angle without a thigh length, or when the gap is negative or longer than the thigh."""
    assert approximate_angle(gap, thigh) is None


def test_asymmetry_hypothesis_is_worded_as_the_article_hypothesis():
    """A higher right leg suggests (as a hypothesis) an upper back turned to the left."""
    text = asymmetry_hypothesis(left=2.0, right=5.0)
    assert "hypothesis (not a finding)" in text
    assert "right leg that rests higher" in text
    assert text.endswith("turned a little to the left.")
    assert "left leg that rests higher" in asymmetry_hypothesis(5.0, 2.0)
    assert "to the right." in asymmetry_hypothesis(5.0, 2.0)
    assert asymmetry_hypothesis(3.0, 3.0) == "Both legs rest at the same height today."


def test_home_program_starts_with_the_measured_winner():
    """A winning direction leads the home program, and both sides are still included."""
    v = analyse(make_session(((5, 5), (5, 5), (2, 2))), 0.5).verdict  # right wins
    text = home_program(v, FeltBetter.FIRST, LEFT)  # the measured winner beats the felt answer
    assert text.startswith("Start with rotating to the right, then rotating to the left;")
    assert "3 slow repetitions each" in text


@pytest.mark.parametrize(
    ("felt", "first", "start"),
    [(FeltBetter.FIRST, LEFT, "left"), (FeltBetter.SECOND, LEFT, "right"),
     (FeltBetter.FIRST, RIGHT, "right"), (FeltBetter.SECOND, RIGHT, "left")],
)
def test_home_program_follows_the_client_when_measurements_are_similar(felt, first, start):
    """Without a measured winner, the direction the client felt better leads."""
    v = analyse(make_session(EXAMPLE, first=first), 1.0).verdict
    assert v.winner is None
    other = "left" if start == "right" else "right"
    assert home_program(v, felt, first).startswith(
        f"Start with rotating to the {start}, then rotating to the {other};")


@pytest.mark.parametrize("felt", [None, FeltBetter.NO_DIFFERENCE, FeltBetter.NOT_SURE])
def test_home_program_both_sides_in_either_order_otherwise(felt):
    """No winner and no clear answer from the client: both sides, in either order."""
    v = analyse(make_session(EXAMPLE), 1.0).verdict
    assert home_program(v, felt, LEFT).startswith("Rotate to both sides, in either order;")
    assert home_program(v, FeltBetter.FIRST, None).startswith("Rotate to both sides")


# --- properties -------------------------------------------------------------------------------

gap_readings = st.integers(0, 30).map(lambda n: n / 2)  # 0..15 cm in steps of 0.5
sems = st.floats(min_value=0.1, max_value=3.0, exclude_min=True, allow_nan=False)


@st.composite
def sessions(draw) -> Session:
    """A complete gap-cm session: one or two readings per value, either first direction."""
    k = draw(st.sampled_from([1, 2]))
    rows = tuple(
        tuple(tuple(draw(gap_readings) for _ in range(k)) for _side in Side) for _t in range(3)
    )
    return make_session(rows, first=draw(st.sampled_from(list(Direction))))


def mirrored(s: Session) -> Session:
    """The same session with left and right legs swapped."""
    return replace(s, measurements=tuple(replace(m, side=m.side.other) for m in s.measurements))


@given(sessions(), sems)
def test_property_swapping_left_and_right_mirrors_the_result(s, sem):
    """Swapping legs negates asymmetries, swaps side changes and leaves the verdict unchanged."""
    a, b = analyse(s, sem), analyse(mirrored(s), sem)
    assert b.asymmetry == {t: -x for t, x in a.asymmetry.items()}
    assert changes_by_key(b) == {(side.other, d): c for (side, d), c in changes_by_key(a).items()}
    va, vb = a.verdict, b.verdict
    assert (vb.outcome, vb.winner, vb.leaning) == (va.outcome, va.winner, va.leaning)
    assert vb.difference == va.difference
    assert vb.text == va.text


@given(sessions(), sems)
def test_property_side_change_below_threshold_is_never_real(s, sem):
    """A side change with |change| below SIDE_FACTOR x SEM is never real; beyond it, always."""
    a = analyse(s, sem)
    per_value = sem / math.sqrt(len(s.measurements[0].readings))
    assert a.sem == per_value
    assert len(a.side_changes) == 4
    for c in a.side_changes:
        if abs(c.change) < SIDE_FACTOR * per_value:
            assert c.real is False
        if abs(c.change) > SIDE_FACTOR * per_value:
            assert c.real is True


@given(sessions(), sems)
def test_property_no_winner_within_direction_threshold(s, sem):
    """No direction wins when |D| < DIRECTION_FACTOR x SEM; any winner has |D| beyond it."""
    a = analyse(s, sem)
    v = a.verdict
    limit = DIRECTION_FACTOR * a.sem
    assert v.threshold == pytest.approx(limit, rel=1e-12)  # 1.96 x sqrt(12 / k) x SEM, exactly
    limit = v.threshold
    if abs(v.difference) < limit:
        assert v.winner is None
        assert v.outcome is Outcome.SIMILAR
        assert "similar" in v.text.lower()
    if v.winner is not None:
        assert abs(v.difference) > limit
        assert v.winner == (s.first_direction if v.difference > 0 else s.second_direction)
        assert v.outcome is (Outcome.FIRST if v.winner == s.first_direction else Outcome.SECOND)
        assert v.text.startswith(f"Rotating to the {v.winner} had more impact")


@given(sessions(), sems)
def test_property_difference_is_the_second_difference_summed_over_sides(s, sem):
    """D = impact A - impact B equals the sum over sides of (v0 - 2 v1 + v2)."""
    v = analyse(s, sem).verdict
    expected = sum(s.value(B, side) - 2 * s.value(A1, side) + s.value(A2, side) for side in Side)
    assert v.difference == pytest.approx(expected, abs=1e-12)
    assert v.difference == pytest.approx(v.impact_first - v.impact_second, abs=1e-12)


def test_module_exports_the_thresholds_used_by_the_properties():
    """The properties above use the module's own factors, not copies."""
    assert analysis.SIDE_FACTOR is SIDE_FACTOR
    assert analysis.MIN_SESSIONS_FOR_PREFERENCE == 3
    assert analysis.MIN_SESSIONS_FOR_OWN_SEM == 20


def test_a_skipped_direction_is_never_compared():
    """With a direction skipped, the verdict says it was not done and names no winner, even when
    the readings alone would call one; across visits the session is left out of the comparison."""
    from dataclasses import replace as _replace

    from psoas_desktop.domain.analysis import Outcome, analyse, trend
    from psoas_desktop.domain.model import Direction, RepBlock

    from .builders import make_session

    clear_win = make_session(rows=((10, 10), (2, 2), (2, 2)))
    assert analyse(clear_win, 1.0).verdict.winner == Direction.LEFT
    skipped = _replace(clear_win, blocks=(RepBlock(Direction.RIGHT, 3, skipped=True),))
    result = analyse(skipped, 1.0).verdict
    assert result.outcome is Outcome.INCOMPLETE and result.winner is None
    assert "rotating to the right was not done" in result.text.lower()
    assert trend([skipped], {}) == []


# --- exact verdicts, trend points and calibration pairs (kill `make mutation` survivors) ------

SIMILAR_TEXT = ("The two directions were similar, within measurement error: they differed by "
                "{d} cm, and telling them apart needs more than 6.8 cm.")


def test_an_incomplete_verdict_is_all_zero_with_its_sentence():
    """Before the second re-test the verdict is INCOMPLETE, zero impacts, and says when it comes."""
    assert verdict(make_session(((4, 6), (3, 4))), 1.0, "cm") == Verdict(
        Outcome.INCOMPLETE, None, None, 0.0, 0.0, 0.0, None,
        "The comparison appears once both re-tests are recorded.")


@pytest.mark.parametrize(("skipped", "which"), [
    ((RIGHT,), "Rotating to the right"),
    ((LEFT, RIGHT), "Rotating to the left and rotating to the right"),
])
def test_a_skipped_verdict_is_all_zero_and_names_what_was_not_done(skipped, which):
    """A skipped direction gives INCOMPLETE with zero impacts, naming the skipped direction(s)."""
    session = replace(make_session(EXAMPLE),
                      blocks=tuple(RepBlock(d, 3, skipped=True) for d in skipped))
    assert verdict(session, 1.0, "cm") == Verdict(
        Outcome.INCOMPLETE, None, None, 0.0, 0.0, 0.0, None,
        f"{which} was not done today (skipped), so the two directions are not compared.")


def test_a_similar_verdict_states_the_difference_and_threshold_in_the_unit_given():
    """'Similar' states |D| and 6.8 x SEM in the unit passed in, then the lean."""
    v = verdict(make_session(EXAMPLE), 1.0, "cm")
    assert v.text == SIMILAR_TEXT.format(d="2.0") + " It leans toward rotating to the left."


def test_a_similar_verdict_with_no_difference_adds_nothing_after_the_numbers():
    """D = 0: the sentence ends after the numbers, with no lean and nothing appended."""
    assert verdict(make_session(((4, 4), (3, 3), (2, 2))), 1.0, "cm").text == SIMILAR_TEXT.format(d="0.0")


def test_a_touches_verdict_keeps_both_impacts_and_says_it_cannot_tell():
    """Touches: SIMILAR with both impacts and D kept, no threshold, and the no-error-model text."""
    s = make_session(((1, 1), (0, 0), (1, 1)), method=Method.TOUCHES)
    assert verdict(s, None, "0/1") == Verdict(
        Outcome.SIMILAR, None, LEFT, 2.0, -2.0, 4.0, None,
        "The two directions look similar as far as this method can tell: touches / does not touch "
        "has no measurement-error model, so it only shows whether a leg changed. "
        "It leans toward rotating to the left.")


def test_a_winning_direction_is_also_the_leaning():
    """When a direction wins beyond 6.8 x SEM, the leaning is that same direction."""
    v = verdict(make_session(EXAMPLE), 0.25, "cm")
    assert (v.winner, v.leaning) == (LEFT, LEFT)


def test_side_changes_of_a_session_follow_its_first_direction():
    """side_changes() files direction A's changes under the session's first direction."""
    changes = side_changes(make_session(EXAMPLE, first=RIGHT), 1.0)
    assert [(c.side, c.direction, c.change) for c in changes] == [
        (L, RIGHT, 1.0), (R, RIGHT, 2.0), (L, LEFT, 0.5), (R, LEFT, 0.5)]


def test_a_skipped_session_does_not_hide_the_later_ones_from_the_trend():
    """A session with a skipped direction is left out, and later visits still count."""
    skipped = replace(make_session(EXAMPLE, day=0, session_id=1),
                      blocks=(RepBlock(RIGHT, 3, skipped=True),))
    later = make_session(EXAMPLE, day=1, session_id=2)
    assert [p.session_id for p in trend([skipped, later], {})] == [2]


def test_a_trend_without_a_sem_for_the_method_uses_the_methods_default():
    """No SEM given for the method: the point is judged with the default (gap 1.0 cm)."""
    (p,) = trend([make_session(EXAMPLE)], {})
    assert p.model_spread == pytest.approx(math.sqrt(12) * 1.0)


def test_a_left_first_trend_point_files_the_first_impact_under_left():
    """First direction left: impact_left is direction A's impact, impact_right B's."""
    (p,) = trend([make_session(((8, 2), (6, 2), (4, 1)), first=LEFT)], {Method.GAP_CM: 1.0})
    assert (p.impact_left, p.impact_right) == (2.0, 3.0)  # A: 8-6 + 2-2; B: 6-4 + 2-1
    assert (p.asymmetry_start, p.asymmetry_end) == (6.0, 3.0)


def test_own_sem_reports_how_many_sessions_it_rests_on():
    """The own SEM carries the number of complete paired sessions behind it (here 21)."""
    sessions = [paired_session(0.5 * (-1) ** i, 0.5, day=i) for i in range(21)]
    found = own_sem(baseline_pairs(sessions, Method.GAP_CM))
    assert found is not None and found.sessions == 21


def test_unsaved_sessions_are_told_apart_by_position_in_calibration():
    """Calibration pairs of unsaved sessions are keyed -1, -2, ... by position; saved ones by id."""
    sessions = [paired_session(0.5, 0.5), replace(paired_session(0.5, 0.5), id=1), paired_session(0.5, 0.5)]
    ids = [p.session_id for p in baseline_pairs(sessions, Method.GAP_CM)]
    assert ids == [-1, -1, 1, 1, -3, -3]

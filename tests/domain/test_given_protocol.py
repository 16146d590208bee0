"""Rules that take a protocol use the one they are given, not the seed (mutation testing: a
`protocol` argument dropped for the seed default is noticed). The second protocol has nine steps,
one method, higher-is-better angles and directions named 'slider' and 'tensioner'."""

from __future__ import annotations

import copy
from datetime import timedelta
from pathlib import Path

import pytest

from psoas_desktop.domain.analysis import (
    Outcome,
    TrendPoint,
    Verdict,
    baseline_pairs,
    direction_preference,
    home_program,
    home_start,
    trend,
)
from psoas_desktop.domain.model import (
    CheckIn,
    FeltBetter,
    Measurement,
    Rep,
    RepBlock,
    SafetyEvent,
    SafetyEventKind,
    Session,
    SessionStatus,
    Side,
    VerdictBasis,
)
from psoas_desktop.domain.pacing import BreathPhase, protocol_phases
from psoas_desktop.domain.protocol import (
    Guard,
    guard,
    methods_allowed,
    next_step,
    resume_step,
    timepoint_heading,
)
from psoas_desktop.domain.protocol_def import (
    parse_protocol,
    read_protocol_file,
    seed_protocol,
    seed_protocol_data,
)
from psoas_desktop.domain.session_flow import (
    AfterStop,
    TransitionRefused,
    can_skip_to_retest,
    change_method,
    choose_first_direction,
    complete_step,
    finish,
    stop,
    suggested_first_direction,
)

from .builders import T0, make_session, passing_session

SECOND = Path(__file__).resolve().parents[1] / "protocols" / "slr-neural-glide.toml"


def slr():
    return read_protocol_file(SECOND)[0]


def passing_slr(**changes) -> Session:
    """A second-protocol session whose every gate holds."""
    protocol = slr()
    rep = Rep(T0, T0 + timedelta(seconds=4))
    values = {"baseline": (50, 60), "after_slider": (62, 72), "after_tensioner": (63, 73),
              "after_rest": (60, 70)}
    fields = dict(
        client_id=1, started_at=T0, method="slr_angle", protocol=protocol,
        status=SessionStatus.IN_PROGRESS, first_direction="slider",
        check_in=CheckIn(red_flags_answered=True),
        measurements=tuple(Measurement(t, side, (float(v),)) for t, pair in values.items()
                           for side, v in zip(Side, pair, strict=True)),
        blocks=(RepBlock("slider", 5, (rep,)), RepBlock("tensioner", 5, (rep,))),
    )
    fields.update(changes)
    return Session(**fields)


def test_finishing_marks_the_protocols_own_last_step():
    moved = finish(passing_slr(completed_step=7), T0, VerdictBasis(3.0, 1))
    assert moved.session.completed_step == 8 and moved.step is None
    assert moved.session.status is SessionStatus.COMPLETED


def test_next_and_resume_count_the_protocols_own_steps():
    protocol = slr()
    assert next_step(7, protocol) == 8 and next_step(8, protocol) is None
    assert next_step(6) == 7 and next_step(7) is None
    assert resume_step(passing_slr(completed_step=7)) == 8
    assert resume_step(passing_slr(completed_step=8)) == 8


def test_a_method_is_one_of_the_protocols_own():
    with pytest.raises(TransitionRefused) as caught:
        change_method(passing_slr(), "gap_cm")
    assert str(caught.value) == ("The table-edge test is not offered today; please choose "
                                 "another method.")


def test_the_table_edge_method_may_be_chosen_outside_gentle_mode():
    session = passing_session(completed_step=3)
    changed = change_method(session, "table_edge_angle")
    assert changed.method == "table_edge_angle" and changed.measurements == ()
    assert changed.completed_step == 0


def test_a_direction_outside_the_pair_is_refused_in_words():
    for session, direction in ((passing_slr(first_direction=None), "left"),
                               (make_session(first=None, status=SessionStatus.IN_PROGRESS),
                                "slider")):
        with pytest.raises(TransitionRefused) as caught:
            choose_first_direction(session, direction)
        assert str(caught.value) == "Please choose one of the two directions."
    assert choose_first_direction(passing_slr(first_direction=None, blocks=(),
                                              measurements=()), "tensioner").first_direction == \
        "tensioner"


def test_the_breath_phases_are_the_protocols():
    assert protocol_phases(slr()) == (BreathPhase("Glide out", 2.0), BreathPhase("Glide back", 2.0))
    assert protocol_phases(seed_protocol()) == (
        BreathPhase("Inhale, prepare", 3.0), BreathPhase("Exhale and open", 4.0),
        BreathPhase("Breathe at the end of the range", 4.0), BreathPhase("Inhale and return", 3.0))


def test_a_heading_names_a_direction_only_once_the_order_is_chosen():
    session = make_session(first=None)
    assert [timepoint_heading(session, t) for t in ("baseline", "after_first", "after_second")] == \
        ["Start", "After A", "After B"]
    chosen = make_session()
    assert [timepoint_heading(chosen, t) for t in ("baseline", "after_first", "after_second")] == \
        ["Start", "After A (left)", "After B (right)"]


def _no_winner() -> Verdict:
    return Verdict(Outcome.SIMILAR, None, None, 0.0, 0.0, 0.0, 1.0, "similar")


def test_the_home_program_starts_with_the_direction_that_felt_better_in_the_given_protocol():
    protocol = slr()
    assert home_start(_no_winner(), FeltBetter.SECOND, "slider", protocol) == "tensioner"
    assert home_start(_no_winner(), FeltBetter.SECOND, "left") == "right"
    assert home_start(_no_winner(), FeltBetter.FIRST, "left") == "left"
    assert home_start(_no_winner(), FeltBetter.NOT_SURE, "left") is None
    assert home_program(_no_winner(), FeltBetter.SECOND, "slider", protocol) == (
        "Start with the tensioner glide, then the slider glide; 5 slow repetitions each, once or "
        "twice a day, gently and within comfort.")
    assert home_program(_no_winner(), None, "slider", protocol) == (
        "Rotate to both sides, in either order; 5 slow repetitions each, once or twice a day, "
        "gently and within comfort.")


def test_a_preference_across_visits_keeps_the_protocols_directions():
    points = [TrendPoint(i, T0 + timedelta(days=i), "slr_angle", 50, 60, 60, 70, 10, 10,
                         Outcome.FIRST, "slider", 24.0 + i, 2.0, 10.0,
                         directions=("slider", "tensioner")) for i in range(3)]
    found = direction_preference(points, ("slider", "tensioner"))
    assert found.directions == ("slider", "tensioner")
    assert (found.sessions, found.left_first, found.right_first) == (3, 3, 0)


def test_the_methods_offered_are_the_protocols():
    assert methods_allowed(frozenset(), False, slr()) == ("slr_angle",)
    assert methods_allowed(frozenset(), True, slr()) == ("slr_angle",)
    assert methods_allowed(frozenset(), False) == (
        "gap_cm", "fingers", "thigh_angle", "touches", "table_edge_angle")
    assert methods_allowed(frozenset(), True) == ("gap_cm", "fingers", "thigh_angle", "touches")


def test_a_trend_point_carries_the_protocols_method():
    session = passing_slr(status=SessionStatus.COMPLETED)
    [point] = trend([session], {})
    assert point.spec == slr().method("slr_angle") and point.method_spec.unit == "°"
    assert point.method_spec.maximum == 110.0


def test_calibration_pairs_name_their_method():
    session = passing_slr(status=SessionStatus.COMPLETED, id=4, measurements=(
        Measurement("baseline", Side.LEFT, (50.0, 52.0)),
        Measurement("baseline", Side.RIGHT, (60.0, 61.0))))
    pairs = baseline_pairs([session], "slr_angle")
    assert [(p.session_id, p.side, p.first, p.second, p.method, p.step) for p in pairs] == [
        (4, Side.LEFT, 50.0, 52.0, "slr_angle", 1.0), (4, Side.RIGHT, 60.0, 61.0, "slr_angle", 1.0)]


def test_the_next_first_direction_comes_from_the_previous_sessions_protocol():
    assert suggested_first_direction(passing_slr(first_direction="slider")) == "tensioner"
    assert suggested_first_direction(passing_slr(first_direction="tensioner")) == "slider"
    assert suggested_first_direction(passing_slr(first_direction=None)) == "slider"
    assert suggested_first_direction(None, slr()) == "slider"
    assert suggested_first_direction(None) == "left"


def _settled_protocol():
    """The seed with a reading time 'Settled' straight after the start: its rep blocks are steps
    4 and 6, not the seed's 3 and 5."""
    data = copy.deepcopy(seed_protocol_data())
    data["timepoints"].insert(1, {"key": "settled", "label": "Settled"})
    data["steps"].insert(2, {"key": "settled", "kind": "measure", "timepoint": "settled",
                             "title": "Settled"})
    return parse_protocol(data, "settled.toml")


def _settled_session(**changes) -> Session:
    fields = dict(
        client_id=1, started_at=T0, protocol=_settled_protocol(), status=SessionStatus.IN_PROGRESS,
        first_direction="left", check_in=CheckIn(red_flags_answered=True), completed_step=3,
        measurements=tuple(Measurement(t, side, (2.0,)) for t in ("baseline", "settled")
                           for side in Side))
    fields.update(changes)
    return Session(**fields)


def test_the_check_in_gate_offers_the_protocols_own_methods():
    assert guard(passing_slr(), 0) == Guard(True)
    assert guard(passing_slr(method="gap_cm"), 0).reason == (
        "The table-edge test is not offered today; please choose another method.")


def test_next_and_the_summary_refusal_follow_the_protocols_own_steps():
    moved = complete_step(passing_slr(completed_step=6), 7)
    assert (moved.step, moved.session.completed_step) == (8, 7)
    with pytest.raises(TransitionRefused) as caught:
        complete_step(passing_slr(completed_step=7), 8)
    assert str(caught.value) == "The summary is finished with Finish session."
    assert caught.value.step == 8


def test_skip_to_retest_is_offered_from_the_protocols_own_rep_blocks():
    session = _settled_session()
    assert [can_skip_to_retest(step, session) for step in range(9)] == [
        False, False, False, False, True, False, True, False, False]
    assert [can_skip_to_retest(step) for step in range(8)] == [
        False, False, False, True, False, True, False, False]


def test_stop_skips_to_the_retest_of_the_protocols_own_rep_block():
    event = SafetyEvent(T0, SafetyEventKind.DIZZINESS, 1, "Paused", "")
    moved = stop(_settled_session(), 4, event, AfterStop.SKIP_TO_RETEST, T0)
    assert moved.step == 5 and moved.session.completed_step == 4
    assert moved.session.block("left").skipped and moved.session.safety_events == (event,)
    with pytest.raises(TransitionRefused) as caught:
        stop(_settled_session(), 3, event, AfterStop.SKIP_TO_RETEST, T0)
    assert str(caught.value) == "Skipping to the re-test is offered from the repetitions only."

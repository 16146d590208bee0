"""The session's lifecycle as pure transitions: gates, Back, leaving, STOP, finish, method,
direction lock, repetitions (SPEC 3.3, 5.3, 6), without Qt."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psoas_desktop.domain.model import (
    CheckIn,
    Direction,
    Measurement,
    Method,
    Precaution,
    RedFlag,
    Rep,
    RepBlock,
    SafetyEvent,
    SafetyEventKind,
    SessionStatus,
    Side,
    Timepoint,
    VerdictBasis,
)
from psoas_desktop.domain.protocol import Step, resume_step
from psoas_desktop.domain.session_flow import (
    MAX_REPS,
    AfterStop,
    TransitionRefused,
    abandon,
    change_method,
    choose_first_direction,
    complete_step,
    direction_locked,
    finish,
    go_back,
    keep_for_later,
    method_change_clears,
    plan_reps,
    record_rep,
    skip_direction,
    stop,
    suggested_first_direction,
    undo_rep,
)

from .builders import T0, make_session, passing_session

NOW = datetime(2024, 3, 1, 10, 0)
BASIS = VerdictBasis(1.0, 1)
EVENT = SafetyEvent(NOW, SafetyEventKind.DIZZINESS, pain=3)
REP = Rep(T0, T0 + timedelta(seconds=12))
STEPS_BEFORE_SUMMARY = [s for s in Step if s != Step.SUMMARY]


def fresh(**changes):
    """A new session: nothing entered yet."""
    base = replace(make_session(rows=(), first=None, status=SessionStatus.IN_PROGRESS))
    return replace(base, **changes)


# --- complete step (Next) ---------------------------------------------------------------------
@pytest.mark.parametrize("step", STEPS_BEFORE_SUMMARY)
def test_next_marks_the_step_complete_and_shows_the_following_one(step):
    """Next with every gate holding saves the step as complete and moves exactly one step."""
    moved = complete_step(passing_session(), step)
    assert moved.step == Step(step + 1)
    assert moved.session.completed_step == step


def test_next_never_lowers_the_completed_step():
    """Back then Next on an early step keeps the later progress."""
    moved = complete_step(passing_session(completed_step=5), Step.BASELINE)
    assert moved.session.completed_step == 5


def test_next_on_the_summary_is_refused():
    """The summary ends with Finish only."""
    with pytest.raises(TransitionRefused):
        complete_step(passing_session(), Step.SUMMARY)


def test_next_rechecks_an_earlier_gate_and_names_its_step():
    """A red flag ticked on a revisited check-in stops Next on a later step and points back."""
    flagged = replace(passing_session(completed_step=3),
                      check_in=CheckIn(red_flags_answered=True, red_flags=frozenset({RedFlag.FEVER})))
    with pytest.raises(TransitionRefused) as refused:
        complete_step(flagged, Step.RETEST_FIRST)
    assert refused.value.step == Step.CHECK_IN
    assert "override" in str(refused.value)


@pytest.mark.parametrize("step", STEPS_BEFORE_SUMMARY)
def test_no_step_can_be_completed_on_a_fresh_session_but_the_first_once_answered(step):
    """On a fresh session every Next is refused (the screen is unanswered), at every step."""
    with pytest.raises(TransitionRefused) as refused:
        complete_step(fresh(), step)
    assert refused.value.step == Step.CHECK_IN


def test_an_untouched_side_blocks_next_on_a_measurement_step():
    """A side nobody entered is not a measurement, so Next waits for it."""
    session = passing_session()
    one_side = replace(session, measurements=tuple(
        m for m in session.measurements
        if not (m.timepoint == Timepoint.AFTER_FIRST and m.side is Side.RIGHT)))
    with pytest.raises(TransitionRefused) as refused:
        complete_step(one_side, Step.RETEST_FIRST)
    assert refused.value.step == Step.RETEST_FIRST and "right" in str(refused.value)


def test_a_rep_block_without_reps_is_refused_until_skipped():
    """Next from a block with no rep: refused; once skipped, it moves to the re-test."""
    session = passing_session().with_block(RepBlock(Direction.LEFT, 3))
    with pytest.raises(TransitionRefused):
        complete_step(session, Step.REPS_FIRST)
    moved = complete_step(skip_direction(session, Direction.LEFT), Step.REPS_FIRST)
    assert moved.step == Step.RETEST_FIRST
    assert moved.session.block(Direction.LEFT).skipped


@pytest.mark.parametrize("transition", [
    lambda s: complete_step(s, Step.BASELINE),
    lambda s: go_back(s, Step.BASELINE),
    lambda s: keep_for_later(s),
    lambda s: abandon(s, "reason", NOW),
    lambda s: finish(s, NOW, BASIS),
    lambda s: stop(s, Step.BASELINE, EVENT, AfterStop.CONTINUE, NOW),
    lambda s: record_rep(s, Direction.LEFT, REP, 3),
    lambda s: change_method(s, Method.FINGERS),
])
def test_a_finished_session_refuses_every_transition(transition):
    """Finish is the only action that makes the session read-only: nothing changes it after."""
    done = replace(passing_session(), status=SessionStatus.COMPLETED)
    with pytest.raises(TransitionRefused, match="already finished"):
        transition(done)


# --- Back, keep for later, abandon --------------------------------------------------------------
@pytest.mark.parametrize("step", list(Step)[1:])
def test_back_keeps_every_entry_and_shows_the_previous_step(step):
    """Back never drops an entry, whatever the step (the session comes back unchanged)."""
    session = passing_session(completed_step=int(step) - 1)
    moved = go_back(session, step)
    assert moved.session == session and moved.step == Step(step - 1)


def test_back_from_the_first_step_is_refused():
    with pytest.raises(TransitionRefused):
        go_back(fresh(), Step.CHECK_IN)


def test_back_then_next_on_every_step_returns_to_the_same_place_with_the_same_entries():
    """Back then Next, on every step, loses nothing and lands where it started."""
    session = passing_session(completed_step=6)
    for step in list(Step)[1:]:
        back = go_back(session, step)
        forward = complete_step(back.session, back.step)
        assert forward.step == step
        assert forward.session == session


def test_keep_for_later_leaves_the_session_in_progress():
    moved = keep_for_later(passing_session(completed_step=2))
    assert moved.step is None
    assert moved.session.status is SessionStatus.IN_PROGRESS
    assert moved.session == passing_session(completed_step=2)


def test_abandon_needs_a_reason_and_keeps_the_record():
    """Abandoning without a written reason is refused; with one the record is kept, abandoned."""
    with pytest.raises(TransitionRefused):
        abandon(passing_session(), "   ", NOW)
    moved = abandon(passing_session(), "  Client had to leave  ", NOW)
    assert moved.step is None
    assert moved.session.status is SessionStatus.ABANDONED
    assert moved.session.abandon_reason == "Client had to leave"
    assert moved.session.finished_at == NOW
    assert moved.session.measurements == passing_session().measurements


# --- finish ---------------------------------------------------------------------------------
def test_finish_keeps_the_verdict_basis_and_makes_the_session_read_only():
    """Finish stores the SEM and readings count the verdict was judged with (SPEC 5.3)."""
    moved = finish(passing_session(completed_step=6), NOW, VerdictBasis(1.5, 2))
    assert moved.step is None
    assert moved.session.status is SessionStatus.COMPLETED
    assert moved.session.verdict_basis == VerdictBasis(1.5, 2)
    assert moved.session.finished_at == NOW
    assert moved.session.completed_step == Step.SUMMARY


def test_finish_rechecks_every_gate():
    """A session whose re-test lost a side cannot be finished; the refusal names the step."""
    session = passing_session(completed_step=6)
    broken = replace(session, measurements=session.measurements[:-1])
    with pytest.raises(TransitionRefused) as refused:
        finish(broken, NOW, BASIS)
    assert refused.value.step == Step.RETEST_SECOND


# --- STOP -------------------------------------------------------------------------------------
def test_stop_continue_records_the_event_and_stays():
    moved = stop(passing_session(), Step.BASELINE, EVENT, AfterStop.CONTINUE, NOW)
    assert moved.step == Step.BASELINE
    assert moved.session.safety_events == (EVENT,)
    assert moved.session.status is SessionStatus.IN_PROGRESS


def test_stop_end_abandons_with_the_events_kind_as_reason():
    moved = stop(passing_session(), Step.REPS_FIRST, EVENT, AfterStop.END_SESSION, NOW)
    assert moved.step is None
    assert moved.session.status is SessionStatus.ABANDONED
    assert moved.session.abandon_reason == "Ended after a safety event: Dizziness"
    assert moved.session.safety_events == (EVENT,)


@pytest.mark.parametrize(("step", "retest"), [(Step.REPS_FIRST, Step.RETEST_FIRST),
                                              (Step.REPS_SECOND, Step.RETEST_SECOND)])
def test_stop_skip_from_a_block_with_no_rep_records_the_direction_skipped(step, retest):
    """Skip to re-test from an empty block: the direction is skipped, the re-test is shown."""
    session = passing_session(completed_step=int(step) - 1)
    direction = Direction.LEFT if step == Step.REPS_FIRST else Direction.RIGHT
    session = session.with_block(RepBlock(direction, 3))
    moved = stop(session, step, EVENT, AfterStop.SKIP_TO_RETEST, NOW)
    assert moved.step == retest
    assert moved.session.block(direction).skipped
    assert moved.session.completed_step == step


def test_stop_skip_keeps_the_reps_already_counted():
    """Skip after a rep: the block keeps its rep and is not called skipped."""
    moved = stop(passing_session(completed_step=2), Step.REPS_FIRST, EVENT,
                 AfterStop.SKIP_TO_RETEST, NOW)
    block = moved.session.block(Direction.LEFT)
    assert len(block.reps) == 1 and not block.skipped


@pytest.mark.parametrize("step", [s for s in Step if not s.is_rep_block])
def test_stop_cannot_skip_from_outside_a_rep_block(step):
    """Skipping is offered from the repetitions only: never past the safety screen."""
    with pytest.raises(TransitionRefused):
        stop(passing_session(), step, EVENT, AfterStop.SKIP_TO_RETEST, NOW)


def test_stop_skip_still_checks_the_safety_screen():
    """Even from a block, skipping cannot walk past a red flag with no override."""
    flagged = replace(passing_session(completed_step=2),
                      check_in=CheckIn(red_flags_answered=True, red_flags=frozenset({RedFlag.FEVER})))
    with pytest.raises(TransitionRefused) as refused:
        stop(flagged, Step.REPS_FIRST, EVENT, AfterStop.SKIP_TO_RETEST, NOW)
    assert refused.value.step == Step.CHECK_IN


# --- resume ---------------------------------------------------------------------------------
def test_resume_reopens_at_an_earlier_step_whose_gate_no_longer_holds():
    """Leave -> keep -> resume with a red flag ticked on a revisited check-in reopens there."""
    flagged = replace(passing_session(completed_step=4),
                      check_in=CheckIn(red_flags_answered=True, red_flags=frozenset({RedFlag.FEVER})))
    assert resume_step(flagged) == Step.CHECK_IN
    assert resume_step(replace(flagged, check_in=replace(flagged.check_in,
                                                         override_reason="GP cleared"))) == Step.REPS_SECOND


def test_resume_reopens_at_the_surgery_clearance_and_the_method_allowed_today():
    """A missing surgery clearance or a method not allowed today reopens the check-in."""
    surgery = CheckIn(red_flags_answered=True, precautions=frozenset({Precaution.RECENT_SURGERY}))
    assert resume_step(replace(passing_session(completed_step=3), check_in=surgery)) == Step.CHECK_IN
    gentle_edge = replace(passing_session(completed_step=3), method=Method.TABLE_EDGE_ANGLE,
                          check_in=CheckIn(red_flags_answered=True, neuroplastic_suspected=True))
    assert resume_step(gentle_edge) == Step.CHECK_IN


def test_resume_of_a_fresh_session_opens_the_check_in():
    assert resume_step(fresh()) == Step.CHECK_IN


# --- method -----------------------------------------------------------------------------------
def test_changing_the_method_clears_readings_and_returns_progress_to_the_check_in():
    session = passing_session(completed_step=4)
    assert method_change_clears(session, Method.FINGERS)
    changed = change_method(session, Method.FINGERS)
    assert changed.method == Method.FINGERS
    assert changed.measurements == ()
    assert changed.completed_step == Step.CHECK_IN
    assert changed.blocks == session.blocks


def test_changing_the_method_before_any_reading_clears_nothing():
    session = fresh(check_in=CheckIn(red_flags_answered=True), completed_step=0)
    assert not method_change_clears(session, Method.FINGERS)
    changed = change_method(session, Method.FINGERS)
    assert changed == replace(session, method=Method.FINGERS)


def test_the_same_method_changes_nothing():
    session = passing_session()
    assert not method_change_clears(session, session.method)
    assert change_method(session, session.method) is session


def test_a_method_not_allowed_today_is_refused():
    """Gentle mode or a hip replacement: the table-edge test is refused."""
    for check_in in (CheckIn(red_flags_answered=True, neuroplastic_suspected=True),
                     CheckIn(red_flags_answered=True,
                             precautions=frozenset({Precaution.HIP_REPLACEMENT}))):
        with pytest.raises(TransitionRefused):
            change_method(fresh(check_in=check_in), Method.TABLE_EDGE_ANGLE)


# --- direction ------------------------------------------------------------------------------
def test_the_suggested_first_direction_alternates_from_last_session():
    assert suggested_first_direction(None) == Direction.LEFT
    assert suggested_first_direction(make_session(first=Direction.LEFT)) == Direction.RIGHT
    assert suggested_first_direction(make_session(first=Direction.RIGHT)) == Direction.LEFT
    assert suggested_first_direction(make_session(first=None)) == Direction.LEFT


def test_the_direction_locks_once_reps_a_skip_or_a_retest_exist():
    baseline_only = replace(passing_session(), blocks=(), measurements=tuple(
        m for m in passing_session().measurements if m.timepoint == Timepoint.BASELINE))
    assert not direction_locked(baseline_only)
    assert choose_first_direction(baseline_only, Direction.RIGHT).first_direction == Direction.RIGHT
    with_rep = baseline_only.with_block(RepBlock(Direction.LEFT, 3, (REP,)))
    skipped = baseline_only.with_block(RepBlock(Direction.LEFT, 3, skipped=True))
    retested = replace(baseline_only, measurements=baseline_only.measurements + (
        Measurement(Timepoint.AFTER_FIRST, Side.LEFT, (1.0,)),))
    for locked in (with_rep, skipped, retested):
        assert direction_locked(locked)
        with pytest.raises(TransitionRefused):
            choose_first_direction(locked, Direction.RIGHT)
        assert choose_first_direction(locked, Direction.LEFT) is locked
    assert not direction_locked(replace(with_rep, first_direction=None))


def test_an_empty_block_does_not_lock_the_direction():
    session = replace(passing_session(), blocks=(RepBlock(Direction.LEFT, 4),), measurements=())
    assert not direction_locked(session)


# --- repetitions ----------------------------------------------------------------------------
def test_a_rep_is_counted_and_undone():
    session = fresh(first_direction=Direction.LEFT)
    counted = record_rep(session, Direction.LEFT, REP, 3)
    assert counted.block(Direction.LEFT) == RepBlock(Direction.LEFT, 3, (REP,))
    undone = undo_rep(counted, Direction.LEFT)
    assert undone.block(Direction.LEFT) == RepBlock(Direction.LEFT, 3, ())
    with pytest.raises(TransitionRefused):
        undo_rep(undone, Direction.LEFT)
    with pytest.raises(TransitionRefused):
        undo_rep(session, Direction.LEFT)


def test_reps_beyond_the_plan_raise_it_and_stop_at_ten():
    session = fresh(first_direction=Direction.LEFT)
    for n in range(1, MAX_REPS + 1):
        session = record_rep(session, Direction.LEFT, REP, 3)
        assert session.block(Direction.LEFT).planned_reps == max(3, n)
    with pytest.raises(TransitionRefused):
        record_rep(session, Direction.LEFT, REP, 3)
    assert len(session.block(Direction.LEFT).reps) == MAX_REPS


def test_a_rep_after_a_skip_unskips_the_direction():
    skipped = skip_direction(fresh(first_direction=Direction.LEFT), Direction.LEFT)
    assert skipped.block(Direction.LEFT).skipped
    counted = record_rep(skipped, Direction.LEFT, REP, 3)
    assert not counted.block(Direction.LEFT).skipped


def test_a_direction_with_reps_cannot_be_skipped():
    counted = record_rep(fresh(first_direction=Direction.LEFT), Direction.LEFT, REP, 3)
    with pytest.raises(TransitionRefused):
        skip_direction(counted, Direction.LEFT)


@given(st.integers(min_value=-5, max_value=15), st.integers(min_value=0, max_value=10))
def test_planned_reps_stay_between_the_reps_done_and_ten(planned, done):
    """Planning is refused outside max(1, reps done)..10, never clamped."""
    session = fresh(first_direction=Direction.LEFT)
    for _ in range(done):
        session = record_rep(session, Direction.LEFT, REP, 3)
    lowest = max(1, done)
    if lowest <= planned <= MAX_REPS:
        assert plan_reps(session, Direction.LEFT, planned, 3).block(Direction.LEFT).planned_reps == planned
    else:
        with pytest.raises(TransitionRefused):
            plan_reps(session, Direction.LEFT, planned, 3)


def test_blocks_keep_their_order_when_one_changes():
    """Changing block A after block B exists keeps A first (stable positions, fewer rewrites)."""
    session = passing_session()
    changed = record_rep(session, Direction.LEFT, REP, 3)
    assert [b.direction for b in changed.blocks] == [b.direction for b in session.blocks]


# --- random paths: no sequence of transitions walks past a gate -----------------------------------
TRANSITIONS = st.sampled_from(["next", "back", "stop_skip", "stop_continue", "rep", "undo", "skip"])


@given(st.lists(TRANSITIONS, max_size=40), st.booleans())
def test_no_sequence_of_transitions_passes_an_unanswered_or_flagged_screen(actions, flagged):
    """Whatever is pressed, a session whose red-flag screen is unanswered (or flagged with no
    override) never has a step beyond the check-in completed."""
    check_in = (CheckIn(red_flags_answered=True, red_flags=frozenset({RedFlag.CHEST_PAIN}))
                if flagged else CheckIn())
    session = replace(passing_session(), check_in=check_in)
    step = Step.CHECK_IN
    for action in actions:
        try:
            if action == "next":
                moved = complete_step(session, step)
                session, step = moved.session, moved.step
            elif action == "back":
                moved = go_back(session, step)
                session, step = moved.session, moved.step
            elif action.startswith("stop"):
                choice = AfterStop.SKIP_TO_RETEST if action == "stop_skip" else AfterStop.CONTINUE
                moved = stop(session, step, EVENT, choice, NOW)
                session, step = moved.session, moved.step
            elif action == "rep":
                session = record_rep(session, Direction.LEFT, REP, 3)
            elif action == "undo":
                session = undo_rep(session, Direction.LEFT)
            else:
                session = skip_direction(session, Direction.LEFT)
        except TransitionRefused:
            pass
        assert session.completed_step < Step.CHECK_IN
        assert step == Step.CHECK_IN

"""Every gate and refused transition, with the exact sentence the therapist reads (SPEC 3.3, 6).

The wizard shows `Guard.reason` and `str(TransitionRefused)` as they are, so the wording is the
product: these tests pin it, and pin that a failing gate is `ok is False` (never merely falsy).
Written to kill the mutants `make mutation` found surviving in protocol.py and session_flow.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from psoas_desktop.domain.model import (
    CheckIn,
    Direction,
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
from psoas_desktop.domain.protocol import Guard, Step, guard, resume_step
from psoas_desktop.domain.session_flow import (
    AfterStop,
    TransitionRefused,
    abandon,
    change_method,
    choose_first_direction,
    complete_step,
    finish,
    go_back,
    plan_reps,
    record_rep,
    skip_direction,
    stop,
    undo_rep,
)

from .builders import T0, make_session, passing_session

NOW = datetime(2024, 3, 1, 10, 0)
EVENT = SafetyEvent(NOW, SafetyEventKind.SHARP_PAIN, pain=6)
ANSWERED = CheckIn(red_flags_answered=True)
FINISHED = ("This session is already finished, so it cannot be changed. "
            "Add a dated addendum instead.")
RED_FLAG = ("A red flag was answered yes: referral is suggested. To continue anyway, "
            "write the reason for the override.")
SURGERY = "Recent surgery needs a recorded clearance before the session."
TABLE_EDGE = "The table-edge test is not offered today; please choose another method."
NO_DIRECTION = "Please choose the first direction."
NO_REP = "No repetition counted yet: tap Rep done after each one."


def empty_session(**changes):
    """An in-progress session with nothing recorded yet."""
    return replace(make_session(rows=(), first=None, status=SessionStatus.IN_PROGRESS), **changes)


def reps(n):
    return tuple(Rep(T0 + timedelta(seconds=20 * i), T0 + timedelta(seconds=20 * i + 14))
                 for i in range(n))


def refusal(call):
    """The TransitionRefused that `call` raises (its sentence and the step it points to)."""
    with pytest.raises(TransitionRefused) as refused:
        call()
    return refused.value


# --- protocol.guard: each failing gate, exactly ---------------------------------------------------
@pytest.mark.parametrize(("check_in", "method", "expected"), [
    (CheckIn(), Method.GAP_CM, "Please answer the safety screen first."),
    (replace(ANSWERED, red_flags=frozenset({RedFlag.FEVER})), Method.GAP_CM, RED_FLAG),
    (replace(ANSWERED, precautions=frozenset({Precaution.RECENT_SURGERY})), Method.GAP_CM, SURGERY),
    (replace(ANSWERED, neuroplastic_suspected=True), Method.TABLE_EDGE_ANGLE, TABLE_EDGE),
])
def test_each_check_in_gate_fails_with_its_own_sentence(check_in, method, expected):
    """Each check-in gate fails with ok=False and its exact sentence."""
    assert guard(empty_session(check_in=check_in, method=method), Step.CHECK_IN) == Guard(False, expected)


@pytest.mark.parametrize("step", [Step.BASELINE, Step.RETEST_FIRST, Step.RETEST_SECOND])
def test_a_measurement_gate_names_the_leg_still_missing(step):
    """A measurement step with no leg recorded fails with ok=False, naming the left leg first."""
    assert guard(empty_session(), step) == Guard(False, "Please record the left leg.")


def test_the_direction_gate_fails_with_its_sentence():
    """The first-direction step without a direction fails with ok=False and its sentence."""
    assert guard(empty_session(), Step.FIRST_DIRECTION) == Guard(False, NO_DIRECTION)


@pytest.mark.parametrize("step", [Step.REPS_FIRST, Step.REPS_SECOND])
def test_a_rep_block_gate_without_a_direction_asks_for_the_direction(step):
    """A rep block reached with no first direction fails with ok=False and asks for it."""
    assert guard(empty_session(), step) == Guard(False, NO_DIRECTION)


@pytest.mark.parametrize("step", [Step.REPS_FIRST, Step.REPS_SECOND])
def test_a_rep_block_gate_without_a_rep_says_tap_rep_done(step):
    """A rep block with no rep counted fails with ok=False and says to tap Rep done."""
    assert guard(empty_session(first_direction=Direction.RIGHT), step) == Guard(False, NO_REP)


def test_a_session_resumed_after_the_check_in_reopens_there_if_its_gate_fails():
    """Resume after only the check-in was saved re-checks it: a red flag ticked since reopens it."""
    flagged = replace(ANSWERED, red_flags=frozenset({RedFlag.CHEST_PAIN}))
    assert resume_step(empty_session(check_in=flagged, completed_step=0)) == Step.CHECK_IN
    assert resume_step(empty_session(check_in=ANSWERED, completed_step=0)) == Step.BASELINE


# --- session_flow: each refused transition, exactly -------------------------------------------------
def test_a_finished_session_refuses_with_the_addendum_sentence():
    """A finished session's refusal says it is finished and points to an addendum."""
    done = replace(passing_session(), status=SessionStatus.COMPLETED)
    assert str(refusal(lambda: go_back(done, Step.BASELINE))) == FINISHED


def test_next_on_the_summary_says_finish_and_stays_on_the_summary():
    """Next on the summary is refused with 'finished with Finish session', pointing at the summary."""
    refused = refusal(lambda: complete_step(passing_session(), Step.SUMMARY))
    assert str(refused) == "The summary is finished with Finish session."
    assert refused.step == Step.SUMMARY


def test_back_from_the_check_in_says_it_is_the_first_step():
    """Back on the check-in is refused with 'This is the first step.'."""
    assert str(refusal(lambda: go_back(empty_session(), Step.CHECK_IN))) == "This is the first step."


def test_abandon_without_a_reason_asks_for_one():
    """Abandon with a blank reason asks for one and says the record is kept."""
    assert (str(refusal(lambda: abandon(empty_session(), "  ", NOW)))
            == "Please write a reason for abandoning; the record is kept.")


def test_finish_refused_by_a_gate_gives_that_gates_sentence():
    """Finish past a failing gate is refused with that gate's own sentence and step."""
    missing = replace(passing_session(), measurements=passing_session().measurements[:4])
    refused = refusal(lambda: finish(missing, NOW, VerdictBasis(1.0, 1)))
    assert str(refused) == "Please record the left leg."
    assert refused.step == Step.RETEST_SECOND


def test_stop_then_end_records_when_the_session_ended():
    """STOP then End session stores the moment it ended as finished_at."""
    ended = stop(passing_session(), Step.REPS_FIRST, EVENT, AfterStop.END_SESSION, NOW).session
    assert ended.finished_at == NOW
    assert ended.status is SessionStatus.ABANDONED
    assert ended.abandon_reason == "Ended after a safety event: Sharp pain"


@pytest.mark.parametrize("step", [Step.REPS_FIRST, Step.REPS_SECOND])
def test_stop_skip_from_a_rep_block_with_no_direction_is_refused(step):
    """Skip to the re-test needs a known direction even on a rep-block step; else it is refused."""
    session = replace(passing_session(), first_direction=None, blocks=())
    refused = refusal(lambda: stop(session, step, EVENT, AfterStop.SKIP_TO_RETEST, NOW))
    assert str(refused) == "Skipping to the re-test is offered from the repetitions only."


def test_stop_skip_from_outside_a_rep_block_says_why():
    """Skip to the re-test from a non-rep step is refused with its sentence."""
    refused = refusal(lambda: stop(passing_session(), Step.BASELINE, EVENT,
                                   AfterStop.SKIP_TO_RETEST, NOW))
    assert str(refused) == "Skipping to the re-test is offered from the repetitions only."


def test_a_method_not_allowed_today_is_refused_with_its_sentence():
    """Choosing the table-edge test in gentle mode is refused with the table-edge sentence."""
    gentle = empty_session(check_in=replace(ANSWERED, neuroplastic_suspected=True))
    assert str(refusal(lambda: change_method(gentle, Method.TABLE_EDGE_ANGLE))) == TABLE_EDGE


def test_the_locked_direction_is_refused_with_its_sentence():
    """Changing the first direction once reps exist is refused, saying the order is fixed."""
    session = passing_session()
    assert (str(refusal(lambda: choose_first_direction(session, Direction.RIGHT)))
            == "The order is fixed once repetitions or re-tests are recorded.")


def test_an_eleventh_rep_is_refused_with_the_limit():
    """An eleventh rep in one block is refused, naming the limit of 10."""
    full = empty_session(first_direction=Direction.LEFT, blocks=(RepBlock(Direction.LEFT, 10, reps(10)),))
    assert (str(refusal(lambda: record_rep(full, Direction.LEFT, reps(1)[0], 3)))
            == "A block has at most 10 repetitions.")


def test_the_first_rep_of_a_new_block_keeps_the_plan_it_was_given():
    """The first rep of a new block keeps the planned count passed in (5 stays 5)."""
    session = record_rep(empty_session(first_direction=Direction.LEFT), Direction.LEFT, reps(1)[0], 5)
    assert session.block(Direction.LEFT) == RepBlock(Direction.LEFT, 5, reps(1))


def test_undo_removes_exactly_the_last_rep():
    """Undo after three reps leaves the first two, in order."""
    session = empty_session(blocks=(RepBlock(Direction.LEFT, 3, reps(3)),))
    assert undo_rep(session, Direction.LEFT).block(Direction.LEFT).reps == reps(2)


def test_undo_with_nothing_counted_says_so():
    """Undo on a block with no rep is refused with 'There is no repetition to undo.'."""
    assert (str(refusal(lambda: undo_rep(empty_session(), Direction.LEFT)))
            == "There is no repetition to undo.")


def test_a_plan_out_of_range_is_refused_with_the_range():
    """A plan below the reps done is refused, stating the range still allowed."""
    session = empty_session(blocks=(RepBlock(Direction.LEFT, 4, reps(4)),))
    assert (str(refusal(lambda: plan_reps(session, Direction.LEFT, 3, 3)))
            == "Planned repetitions stay between 4 and 10.")


def test_skipping_a_direction_with_reps_is_refused_with_its_sentence():
    """A direction with counted reps cannot be skipped, and the refusal says why."""
    session = empty_session(blocks=(RepBlock(Direction.LEFT, 3, reps(1)),))
    assert (str(refusal(lambda: skip_direction(session, Direction.LEFT)))
            == "Repetitions were counted in this direction, so it is not skipped.")


def test_a_gate_refusal_carries_the_leg_it_waits_for():
    """Next on a re-test with the right leg missing names the right leg and that step."""
    session = passing_session()
    one_side = replace(session, measurements=tuple(
        m for m in session.measurements
        if not (m.timepoint == Timepoint.AFTER_FIRST and m.side is Side.RIGHT)))
    refused = refusal(lambda: complete_step(one_side, Step.RETEST_FIRST))
    assert (str(refused), refused.step) == ("Please record the right leg.", Step.RETEST_FIRST)

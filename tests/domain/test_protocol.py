"""The wizard's state machine: step order, navigation, resume and guards (SPEC 3.3, 6)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from psoas_desktop.domain.model import (
    CheckIn,
    Direction,
    Measurement,
    Method,
    Precaution,
    RedFlag,
    RepBlock,
    SessionStatus,
    Side,
    Timepoint,
)
from psoas_desktop.domain.protocol import (
    FIRST_STEP,
    LAST_STEP,
    STEP_COUNT,
    Step,
    can_go_back,
    guard,
    methods_allowed,
    next_step,
    previous_step,
    readings_allowed,
    resume_step,
    skip_to_retest,
    step_label,
)

from .builders import make_session, passing_session

ORDER = [
    Step.CHECK_IN,
    Step.BASELINE,
    Step.FIRST_DIRECTION,
    Step.REPS_FIRST,
    Step.RETEST_FIRST,
    Step.REPS_SECOND,
    Step.RETEST_SECOND,
    Step.SUMMARY,
]
ALL_METHODS = tuple(Method)
WITHOUT_TABLE_EDGE = tuple(m for m in Method if m != Method.TABLE_EDGE_ANGLE)
ANSWERED = CheckIn(red_flags_answered=True)


def empty_session(**changes):
    """An in-progress session with nothing recorded yet."""
    base = make_session(rows=(), first=None, status=SessionStatus.IN_PROGRESS)
    return replace(base, **changes)


# --- order and navigation ---------------------------------------------------------------------


def test_steps_are_the_eight_steps_of_the_protocol_in_order():
    """There are 8 steps, numbered 0..7 in the order of SPEC 3.3."""
    assert list(Step) == ORDER
    assert [int(s) for s in Step] == list(range(8))
    assert STEP_COUNT == 8
    assert FIRST_STEP == Step.CHECK_IN and LAST_STEP == Step.SUMMARY


def test_step_titles():
    """Each step has its own title, the first 'Check-in' and the last 'Summary'."""
    titles = [s.title for s in Step]
    assert len(set(titles)) == 8
    assert titles[0] == "Check-in"
    assert titles[-1] == "Summary"
    assert "direction A" in Step.REPS_FIRST.title and "direction B" in Step.REPS_SECOND.title


def test_next_step_walks_forward_and_stops_at_summary():
    """next_step goes one step forward, and there is nothing after the summary."""
    for here, there in zip(ORDER, ORDER[1:], strict=False):
        assert next_step(here) == there
    assert next_step(Step.SUMMARY) is None


def test_previous_step_walks_back_and_stops_at_check_in():
    """previous_step goes one step back, and there is nothing before the check-in."""
    for here, there in zip(ORDER[1:], ORDER, strict=False):
        assert previous_step(here) == there
    assert previous_step(Step.CHECK_IN) is None


@pytest.mark.parametrize("step", list(Step))
def test_step_label_counts_from_one_of_eight(step):
    """The indicator reads 'n of 8' with n counting from 1."""
    assert step_label(step) == f"{int(step) + 1} of 8"


def test_step_label_of_first_direction_is_3_of_8():
    """The first-direction step, the third screen, is labelled '3 of 8'."""
    assert step_label(Step.FIRST_DIRECTION) == "3 of 8"
    assert step_label(Step.CHECK_IN) == "1 of 8"
    assert step_label(Step.SUMMARY) == "8 of 8"


def test_measurement_steps_and_their_time_points():
    """Baseline and both re-tests record their time point; other steps record none."""
    assert Step.BASELINE.timepoint == Timepoint.BASELINE
    assert Step.RETEST_FIRST.timepoint == Timepoint.AFTER_FIRST
    assert Step.RETEST_SECOND.timepoint == Timepoint.AFTER_SECOND
    others = set(Step) - {Step.BASELINE, Step.RETEST_FIRST, Step.RETEST_SECOND}
    assert all(s.timepoint is None for s in others)


def test_rep_block_steps():
    """Only the two coached-repetition steps are rep blocks."""
    assert {s for s in Step if s.is_rep_block} == {Step.REPS_FIRST, Step.REPS_SECOND}


@pytest.mark.parametrize(
    ("completed", "expected"),
    [(-1, Step.CHECK_IN), (0, Step.BASELINE), (3, Step.RETEST_FIRST), (6, Step.SUMMARY),
     (7, Step.SUMMARY)],
)
def test_resume_step_is_the_step_after_the_last_saved(completed, expected):
    """A resumed session whose gates hold reopens after its last saved step, never beyond the
    summary."""
    assert resume_step(passing_session(completed_step=completed)) == expected


def test_can_go_back_until_finished():
    """Back works from any step but the first while the session is in progress, never after."""
    live = empty_session()
    assert not can_go_back(live, Step.CHECK_IN)
    assert all(can_go_back(live, s) for s in ORDER[1:])
    for status in (SessionStatus.COMPLETED, SessionStatus.ABANDONED):
        done = empty_session(status=status)
        assert not any(can_go_back(done, s) for s in Step)


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (Step.CHECK_IN, None),
        (Step.BASELINE, None),
        (Step.FIRST_DIRECTION, None),
        (Step.REPS_FIRST, Step.RETEST_FIRST),
        (Step.RETEST_FIRST, None),
        (Step.REPS_SECOND, Step.RETEST_SECOND),
        (Step.RETEST_SECOND, None),
        (Step.SUMMARY, None),
    ],
)
def test_stop_skip_to_retest_only_from_a_rep_block(step, expected):
    """STOP's 'skip to re-test' leaves a rep block for its re-test, and is offered nowhere else."""
    assert skip_to_retest(step) == expected


# --- methods and gentle mode ------------------------------------------------------------------


def test_all_methods_allowed_without_precautions():
    """With no precaution and no gentle mode every method, table-edge included, is offered."""
    assert methods_allowed(frozenset(), gentle=False) == ALL_METHODS


def test_gentle_mode_hides_table_edge():
    """Gentle (neuroplastic) mode hides only the table-edge method."""
    assert methods_allowed(frozenset(), gentle=True) == WITHOUT_TABLE_EDGE


def test_hip_replacement_hides_table_edge():
    """A hip replacement hides only the table-edge method, even outside gentle mode."""
    assert methods_allowed(frozenset({Precaution.HIP_REPLACEMENT}), gentle=False) == WITHOUT_TABLE_EDGE


@pytest.mark.parametrize(
    "precaution",
    [Precaution.OSTEOPOROSIS, Precaution.RECENT_SURGERY, Precaution.PREGNANCY_OVER_20_WEEKS],
)
def test_other_precautions_keep_every_method(precaution):
    """Precautions other than hip replacement do not hide any method."""
    assert methods_allowed(frozenset({precaution}), gentle=False) == ALL_METHODS


def test_gentle_mode_takes_a_single_reading():
    """Gentle mode allows one reading per side; otherwise two."""
    assert readings_allowed(True) == 1
    assert readings_allowed(False) == 2


# --- guards: check-in -------------------------------------------------------------------------


def test_check_in_needs_the_safety_screen_answered():
    """Next cannot leave the check-in until the red-flag screen is answered."""
    result = guard(empty_session(check_in=CheckIn()), Step.CHECK_IN)
    assert not result.ok
    assert "safety screen" in result.reason


def test_check_in_passes_once_answered_all_clear():
    """Answered with no red flag, the check-in may be left, and nothing else is required."""
    result = guard(empty_session(check_in=ANSWERED), Step.CHECK_IN)
    assert result.ok
    assert result.reason == ""


def test_unanswered_screen_is_reported_before_anything_else():
    """An unanswered screen is the first reason, even with flags and precautions ticked."""
    ci = CheckIn(red_flags=frozenset({RedFlag.FEVER}),
                 precautions=frozenset({Precaution.RECENT_SURGERY}))
    assert "safety screen" in guard(empty_session(check_in=ci), Step.CHECK_IN).reason


@pytest.mark.parametrize("flag", list(RedFlag))
@pytest.mark.parametrize("reason", ["", "   "])
def test_red_flag_needs_an_override_reason(flag, reason):
    """Any red flag answered yes blocks the protocol unless a written override reason is given."""
    ci = replace(ANSWERED, red_flags=frozenset({flag}), override_reason=reason)
    result = guard(empty_session(check_in=ci), Step.CHECK_IN)
    assert not result.ok
    assert "referral" in result.reason and "reason" in result.reason


def test_red_flag_with_override_reason_may_continue():
    """A red flag with a written override reason lets the session continue."""
    ci = replace(ANSWERED, red_flags=frozenset({RedFlag.CANCER_HISTORY}),
                 override_reason="Cleared by GP on 2024-02-20")
    assert guard(empty_session(check_in=ci), Step.CHECK_IN).ok


def test_recent_surgery_needs_a_clearance():
    """Surgery within 6 weeks blocks the check-in until a clearance is recorded."""
    ci = replace(ANSWERED, precautions=frozenset({Precaution.RECENT_SURGERY}))
    result = guard(empty_session(check_in=ci), Step.CHECK_IN)
    assert not result.ok
    assert "clearance" in result.reason
    blank = replace(ci, surgery_clearance="  ")
    assert not guard(empty_session(check_in=blank), Step.CHECK_IN).ok
    cleared = replace(ci, surgery_clearance="Surgeon's letter, 2024-02-01")
    assert guard(empty_session(check_in=cleared), Step.CHECK_IN).ok


def test_table_edge_refused_in_gentle_mode():
    """A session set to the table-edge method cannot start in gentle mode."""
    ci = replace(ANSWERED, neuroplastic_suspected=True)
    result = guard(empty_session(check_in=ci, method=Method.TABLE_EDGE_ANGLE), Step.CHECK_IN)
    assert not result.ok
    assert "table-edge" in result.reason


def test_table_edge_refused_after_hip_replacement():
    """A session set to the table-edge method cannot start after a hip replacement."""
    ci = replace(ANSWERED, precautions=frozenset({Precaution.HIP_REPLACEMENT}))
    result = guard(empty_session(check_in=ci, method=Method.TABLE_EDGE_ANGLE), Step.CHECK_IN)
    assert not result.ok
    assert "table-edge" in result.reason


def test_table_edge_allowed_otherwise_and_other_methods_in_gentle_mode():
    """Table-edge is fine without precautions, and other methods are fine in gentle mode."""
    assert guard(empty_session(check_in=ANSWERED, method=Method.TABLE_EDGE_ANGLE), Step.CHECK_IN).ok
    gentle = replace(ANSWERED, neuroplastic_suspected=True,
                     precautions=frozenset({Precaution.HIP_REPLACEMENT}))
    for method in WITHOUT_TABLE_EDGE:
        assert guard(empty_session(check_in=gentle, method=method), Step.CHECK_IN).ok


# --- guards: measurement and direction steps --------------------------------------------------


@pytest.mark.parametrize("step", [Step.BASELINE, Step.RETEST_FIRST, Step.RETEST_SECOND])
def test_measurement_step_needs_both_sides(step):
    """A measurement step is blocked until both legs are recorded at its own time point."""
    tp = step.timepoint
    nothing = guard(empty_session(), step)
    assert not nothing.ok and "left leg" in nothing.reason

    left_only = empty_session(measurements=(Measurement(tp, Side.LEFT, (2.0,)),))
    result = guard(left_only, step)
    assert not result.ok and "right leg" in result.reason

    right_only = empty_session(measurements=(Measurement(tp, Side.RIGHT, (2.0,)),))
    result = guard(right_only, step)
    assert not result.ok and "left leg" in result.reason

    both = empty_session(measurements=(Measurement(tp, Side.LEFT, (2.0,)),
                                       Measurement(tp, Side.RIGHT, (3.0,))))
    assert guard(both, step).ok


def test_measurements_of_another_time_point_do_not_count():
    """Baseline values do not satisfy the re-test step."""
    session = empty_session(measurements=(Measurement(Timepoint.BASELINE, Side.LEFT, (1.0,)),
                                          Measurement(Timepoint.BASELINE, Side.RIGHT, (1.0,))))
    assert guard(session, Step.BASELINE).ok
    assert not guard(session, Step.RETEST_FIRST).ok
    assert not guard(session, Step.RETEST_SECOND).ok


def test_direction_step_needs_a_direction():
    """The first-direction step is blocked until a direction is chosen, either one."""
    result = guard(empty_session(), Step.FIRST_DIRECTION)
    assert not result.ok and "first direction" in result.reason
    for direction in Direction:
        assert guard(empty_session(first_direction=direction), Step.FIRST_DIRECTION).ok


def test_the_summary_gate_always_holds():
    """Nothing on the summary is required (pain and the client's answer are optional)."""
    assert guard(empty_session(), Step.SUMMARY).ok


@pytest.mark.parametrize("step", [Step.REPS_FIRST, Step.REPS_SECOND])
def test_a_rep_block_is_left_with_a_rep_counted_or_the_direction_skipped(step):
    """A rep block's gate needs one counted rep or the direction recorded as skipped; with
    neither, Next asks first (SPEC 3.3), so the gate says why."""
    done = passing_session()
    assert guard(done, step).ok
    direction = done.first_direction if step == Step.REPS_FIRST else done.first_direction.opposite
    empty = done.with_block(RepBlock(direction, 3))
    result = guard(empty, step)
    assert not result.ok and "Rep done" in result.reason
    assert guard(done.with_block(RepBlock(direction, 3, skipped=True)), step).ok
    other = Step.REPS_SECOND if step == Step.REPS_FIRST else Step.REPS_FIRST
    assert guard(empty, other).ok  # each block has its own gate
    assert not guard(replace(done, first_direction=None), step).ok

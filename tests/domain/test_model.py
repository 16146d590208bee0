"""Domain vocabulary and value types, and the frozen settings (SPEC 3, 5.1, 6)."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from psoas_desktop.config import Settings
from psoas_desktop.domain.model import (
    TIMEPOINTS,
    Direction,
    Measurement,
    Method,
    Precaution,
    RedFlag,
    Rep,
    RepBlock,
    SafetyEventKind,
    Session,
    SessionStatus,
    Side,
    Timepoint,
)
from psoas_desktop.domain.pacing import DEFAULT_PHASES

from .builders import T0, make_session


def test_side_other():
    """Each side's other side is the opposite one."""
    assert Side.LEFT.other is Side.RIGHT
    assert Side.RIGHT.other is Side.LEFT


def test_direction_opposite_and_labels():
    """Direction labels are worded both ways, as the spec's direction buttons."""
    assert Direction.LEFT.opposite == Direction.RIGHT
    assert Direction.RIGHT.opposite == Direction.LEFT
    assert Direction.LEFT.label == (
        "Rotate to client's LEFT (lying on right side, left arm opens back)")
    assert Direction.RIGHT.label == (
        "Rotate to client's RIGHT (lying on left side, right arm opens back)")
    assert Direction.RIGHT.short_label == "rotating to the right"


def test_timepoints_in_order_with_labels():
    """Time points are baseline, after A, after B, with the export's string values."""
    assert TIMEPOINTS == (Timepoint.BASELINE, Timepoint.AFTER_FIRST, Timepoint.AFTER_SECOND)
    assert [t.value for t in TIMEPOINTS] == ["baseline", "after_first", "after_second"]
    assert [t.label for t in TIMEPOINTS] == ["Start", "After A", "After B"]


@pytest.mark.parametrize(
    ("method", "unit", "low", "high", "step", "sem"),
    [
        (Method.GAP_CM, "cm", 0, 15, 0.5, 1.0),
        (Method.FINGERS, "fingers", 0, 6, 1, 1.0),
        (Method.THIGH_ANGLE, "°", 0, 45, 1, 2.0),
        (Method.TOUCHES, "0/1", 0, 1, 1, None),
        (Method.TABLE_EDGE_ANGLE, "°", -30, 45, 1, 2.0),
    ],
)
def test_method_table_matches_spec(method, unit, low, high, step, sem):
    """Units, ranges, steps and default SEMs are those of the table in SPEC 5.1."""
    spec = method.spec
    assert (spec.unit, spec.minimum, spec.maximum, spec.step, spec.default_sem) == (
        unit, low, high, step, sem)


def test_only_the_table_edge_method_is_table_edge():
    """The modified Thomas test is the only table-edge method."""
    assert [m for m in Method if m.spec.table_edge] == [Method.TABLE_EDGE_ANGLE]


def test_gap_is_the_first_method_and_the_session_default():
    """A new session uses the knee-to-table gap in cm unless changed."""
    assert list(Method)[0] == Method.GAP_CM
    assert Session(client_id=1, started_at=T0).method == Method.GAP_CM


@pytest.mark.parametrize(
    ("method", "value", "text"),
    [
        (Method.GAP_CM, 2.5, "2.5 cm"),
        (Method.GAP_CM, 0, "0.0 cm"),
        (Method.FINGERS, 3, "3 fingers"),
        (Method.THIGH_ANGLE, 12, "12 °"),
        (Method.TABLE_EDGE_ANGLE, -5, "-5 °"),
        (Method.TOUCHES, 0, "touches"),
        (Method.TOUCHES, 1, "does not touch"),
    ],
)
def test_method_format(method, value, text):
    """Values are shown with the method's unit and precision; pass/fail in words."""
    assert method.spec.format(value) == text


def test_measurement_value_averages_readings():
    """A measurement's value is the mean of its one or two readings."""
    assert Measurement(Timepoint.BASELINE, Side.LEFT, (3.0,)).value == 3.0
    assert Measurement(Timepoint.BASELINE, Side.LEFT, (3.0, 4.5)).value == 3.75


def test_labels_exist_for_every_screen_choice():
    """Every red flag (7), precaution (4) and safety-event kind (5) has a label."""
    assert len(RedFlag) == 7 and all(f.label for f in RedFlag)
    assert len(Precaution) == 4 and all(p.label for p in Precaution)
    assert len(SafetyEventKind) == 5 and all(k.label for k in SafetyEventKind)


def test_value_types_are_frozen():
    """Measurements and sessions cannot be changed in place."""
    m = Measurement(Timepoint.BASELINE, Side.LEFT, (1.0,))
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.readings = (2.0,)
    with pytest.raises(dataclasses.FrozenInstanceError):
        make_session().status = SessionStatus.ABANDONED


def test_new_session_defaults():
    """A new session is in progress, nothing saved (completed_step -1), no direction yet."""
    s = Session(client_id=7, started_at=T0)
    assert s.status is SessionStatus.IN_PROGRESS
    assert s.completed_step == -1
    assert s.first_direction is None and s.second_direction is None
    assert not s.is_finished
    assert s.check_in.red_flags_answered is False
    assert s.check_in.pain_before is None


def test_second_direction_is_the_opposite_of_the_first():
    """The second block rotates the other way."""
    assert make_session(first=Direction.LEFT).second_direction == Direction.RIGHT
    assert make_session(first=Direction.RIGHT).second_direction == Direction.LEFT


def test_measurement_lookup_and_value():
    """measurement()/value() find a side at a time point, None when not recorded."""
    s = make_session(((4, 6), (3, 4)))
    assert s.value(Timepoint.BASELINE, Side.RIGHT) == 6
    assert s.measurement(Timepoint.AFTER_FIRST, Side.LEFT).readings == (3.0,)
    assert s.measurement(Timepoint.AFTER_SECOND, Side.LEFT) is None
    assert s.value(Timepoint.AFTER_SECOND, Side.LEFT) is None


def test_with_measurements_replaces_only_that_time_point():
    """Correcting a time point replaces its values and keeps the others untouched."""
    s = make_session(((4, 6), (3, 4), (2, 3)))
    new = (Measurement(Timepoint.AFTER_FIRST, Side.LEFT, (1.0,)),)
    t = s.with_measurements(Timepoint.AFTER_FIRST, new)
    assert t.value(Timepoint.AFTER_FIRST, Side.LEFT) == 1.0
    assert t.value(Timepoint.AFTER_FIRST, Side.RIGHT) is None
    assert t.value(Timepoint.BASELINE, Side.RIGHT) == 6
    assert t.value(Timepoint.AFTER_SECOND, Side.RIGHT) == 3
    assert len(t.measurements) == 5
    assert s.value(Timepoint.AFTER_FIRST, Side.LEFT) == 3  # the original is unchanged


def test_with_block_replaces_the_block_of_the_same_direction():
    """Saving a rep block again replaces that direction's block, keeping the other."""
    rep = Rep(datetime(2024, 3, 1, 9, 5), datetime(2024, 3, 1, 9, 5, 20))
    s = make_session()
    s = s.with_block(RepBlock(Direction.LEFT))
    s = s.with_block(RepBlock(Direction.RIGHT, planned_reps=5))
    s = s.with_block(RepBlock(Direction.LEFT, reps=(rep,)))
    assert len(s.blocks) == 2
    assert s.block(Direction.LEFT).reps == (rep,)
    assert s.block(Direction.RIGHT).planned_reps == 5
    assert make_session().block(Direction.LEFT) is None


def test_rep_block_plans_three_reps_by_default():
    """A rep block plans 3 repetitions unless told otherwise."""
    assert RepBlock(Direction.LEFT).planned_reps == 3


@pytest.mark.parametrize(
    ("status", "finished"),
    [(SessionStatus.IN_PROGRESS, False), (SessionStatus.COMPLETED, True),
     (SessionStatus.ABANDONED, True)],
)
def test_is_finished(status, finished):
    """Completed and abandoned sessions are finished; in-progress ones are not."""
    assert make_session(status=status).is_finished is finished


# --- settings ---------------------------------------------------------------------------------


def test_settings_defaults():
    """Defaults: 3 planned reps, the spec's breath phases, a 10 s settle countdown."""
    settings = Settings()
    assert settings.planned_reps == 3
    assert settings.phases == DEFAULT_PHASES
    assert settings.settle_seconds == 10


def test_settings_sem_defaults_per_method():
    """The default SEM per method: gap 1 cm, fingers 1, angles 2 degrees, touches none."""
    settings = Settings()
    assert {m: settings.sem(m) for m in Method} == {
        Method.GAP_CM: 1.0,
        Method.FINGERS: 1.0,
        Method.THIGH_ANGLE: 2.0,
        Method.TOUCHES: None,
        Method.TABLE_EDGE_ANGLE: 2.0,
    }


def test_settings_therapist_sem_overrides_and_missing_falls_back():
    """A therapist's own SEM replaces the default; a method left out uses its default."""
    settings = Settings(sems={Method.GAP_CM: 0.6})
    assert settings.sem(Method.GAP_CM) == 0.6
    assert settings.sem(Method.THIGH_ANGLE) == 2.0


def test_settings_instances_do_not_share_their_sem_dict():
    """Each Settings gets its own SEM dictionary."""
    assert Settings().sems is not Settings().sems


@pytest.mark.parametrize(
    ("method", "value", "text"),
    [
        (Method.GAP_CM, 2.25, "2.25 cm"),  # the mean of 2.0 and 2.5
        (Method.FINGERS, 2.5, "2.5 fingers"),  # the mean of 2 and 3
        (Method.THIGH_ANGLE, 12.5, "12.5 °"),
    ],
)
def test_an_average_between_steps_is_shown_exactly(method, value, text):
    """A mean of two readings that falls between steps is shown exactly, with the decimals it
    needs (at most two): 2.25 cm, 2.5 fingers, not 2.50."""
    assert method.spec.format(value) == text


def test_a_value_within_float_noise_of_a_step_is_shown_as_that_step():
    """A value no more than 1e-9 off a step (float noise) keeps the method's own precision."""
    assert Method.FINGERS.spec.format(1e-9) == "0 fingers"


@pytest.mark.parametrize("readings", [(), (1.0, 2.0, 3.0)])
def test_a_measurement_holds_one_or_two_readings_only(readings):
    """A measurement of none or three readings is refused with its sentence."""
    with pytest.raises(ValueError) as refused:
        Measurement(Timepoint.BASELINE, Side.LEFT, readings)
    assert str(refused.value) == "a measurement has one or two readings"


def test_with_measurements_puts_the_left_leg_before_the_right():
    """Within a time point the left leg is stored before the right, whatever order they came in."""
    s = make_session(((4, 6),))
    new = (Measurement(Timepoint.AFTER_FIRST, Side.RIGHT, (5.0,)),
           Measurement(Timepoint.AFTER_FIRST, Side.LEFT, (3.0,)))
    order = [(m.timepoint, m.side) for m in s.with_measurements(Timepoint.AFTER_FIRST, new).measurements]
    assert order == [(Timepoint.BASELINE, Side.LEFT), (Timepoint.BASELINE, Side.RIGHT),
                     (Timepoint.AFTER_FIRST, Side.LEFT), (Timepoint.AFTER_FIRST, Side.RIGHT)]

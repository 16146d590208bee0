"""Input checks: readings, pain, reps, phase lengths, SEM and clients (SPEC 3.3, 4, 5.1)."""

from __future__ import annotations

import math

import pytest

from psoas_desktop.domain.model import Client, Method
from psoas_desktop.domain.validation import (
    ValidationError,
    check_client,
    check_pain,
    check_phase_seconds,
    check_planned_reps,
    check_reading,
    check_sem,
)

# method -> (minimum, maximum, step, how the range is written in the refusal message)
RANGES = {
    Method.GAP_CM: (0.0, 15.0, 0.5, "0 to 15 cm"),
    Method.FINGERS: (0.0, 6.0, 1.0, "0 to 6 fingers"),
    Method.THIGH_ANGLE: (0.0, 45.0, 1.0, "0 to 45°"),
    Method.TOUCHES: (0.0, 1.0, 1.0, "0 to 1"),
    Method.TABLE_EDGE_ANGLE: (-30.0, 45.0, 1.0, "-30 to 45°"),
}


def test_ranges_table_covers_every_method():
    """The edge tests below really cover every measurement method."""
    assert set(RANGES) == set(Method)


@pytest.mark.parametrize("method", list(Method))
def test_edges_and_one_step_inside_are_accepted_unchanged(method):
    """The minimum, the maximum and one step inside each are accepted and returned as given."""
    low, high, step, _ = RANGES[method]
    for value in (low, low + step, high - step, high):
        result = check_reading(method, value)
        assert result == value
        assert type(result) is float


@pytest.mark.parametrize("method", list(Method))
def test_every_value_on_the_grid_is_accepted(method):
    """Every value from minimum to maximum in the method's step is a valid reading."""
    low, high, step, _ = RANGES[method]
    count = round((high - low) / step) + 1
    for i in range(count):
        assert check_reading(method, low + i * step) == low + i * step


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize("where", ["below", "above"])
def test_one_step_outside_is_refused_naming_the_range(method, where):
    """One step beyond either edge is refused, and the message names the valid range."""
    low, high, step, range_text = RANGES[method]
    value = low - step if where == "below" else high + step
    with pytest.raises(ValidationError) as caught:
        check_reading(method, value)
    assert range_text in str(caught.value)
    assert "outside the range" in str(caught.value)


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize("where", ["below", "above"])
def test_a_hair_outside_is_refused_not_clamped(method, where):
    """A value a billionth outside the range is refused rather than clamped to the edge."""
    low, high, _, range_text = RANGES[method]
    value = low - 1e-9 if where == "below" else high + 1e-9
    with pytest.raises(ValidationError, match="outside the range") as caught:
        check_reading(method, value)
    assert range_text in str(caught.value)


@pytest.mark.parametrize(
    ("method", "value", "step_text"),
    [
        (Method.GAP_CM, 0.25, "steps of 0.5 cm"),
        (Method.GAP_CM, 14.7, "steps of 0.5 cm"),
        (Method.FINGERS, 2.5, "steps of 1 fingers"),
        (Method.THIGH_ANGLE, 10.5, "steps of 1°"),
        (Method.TOUCHES, 0.5, "steps of 1"),
        (Method.TABLE_EDGE_ANGLE, -29.5, "steps of 1°"),
    ],
)
def test_values_between_steps_are_refused(method, value, step_text):
    """A value inside the range but off the method's step is refused with the step size."""
    with pytest.raises(ValidationError) as caught:
        check_reading(method, value)
    assert step_text in str(caught.value)


def test_integers_are_accepted_as_readings():
    """A whole-number reading (an int from a stepper) is accepted and returned as a float."""
    assert check_reading(Method.FINGERS, 3) == 3.0
    assert type(check_reading(Method.FINGERS, 3)) is float


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_refused(method, value):
    """NaN and +/- infinity are never readings, whatever the method."""
    with pytest.raises(ValidationError, match="not a number"):
        check_reading(method, value)


@pytest.mark.parametrize("value", ["3", None, [3.0]])
def test_non_numbers_are_refused(value):
    """Text, None and lists are refused as readings with a 'not a number' message."""
    with pytest.raises(ValidationError, match="not a number"):
        check_reading(Method.GAP_CM, value)


def test_validation_error_is_a_value_error():
    """ValidationError can be caught as a ValueError by generic callers."""
    assert issubclass(ValidationError, ValueError)


# --- pain -------------------------------------------------------------------------------------


def test_pain_is_optional():
    """No pain rating (None) is accepted and stays None."""
    assert check_pain(None) is None


@pytest.mark.parametrize("value", range(11))
def test_pain_accepts_0_to_10(value):
    """Every whole number 0..10 is a valid pain rating, returned unchanged."""
    assert check_pain(value) == value


@pytest.mark.parametrize("value", [-1, 11, 5.5, 5.0, True, False, "5", math.nan])
def test_pain_refuses_everything_else(value):
    """Pain outside 0..10, fractional, boolean or text is refused, naming the 0-10 range."""
    with pytest.raises(ValidationError, match="from 0 to 10"):
        check_pain(value)


# --- planned repetitions ----------------------------------------------------------------------


@pytest.mark.parametrize("value", range(1, 11))
def test_planned_reps_accepts_1_to_10(value):
    """Planned repetitions 1..10 are accepted unchanged."""
    assert check_planned_reps(value) == value


@pytest.mark.parametrize("value", [0, 11, -3, 3.0, True, "3", None])
def test_planned_reps_refuses_everything_else(value):
    """0, 11, floats, booleans, text and None are refused, naming the 1-10 range."""
    with pytest.raises(ValidationError, match="from 1 to 10"):
        check_planned_reps(value)


# --- breath phase length ----------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 1.0, 3.5, 30, 30.0])
def test_phase_seconds_accepts_1_to_30(value):
    """A breath phase of 1 to 30 seconds is accepted and returned as a float."""
    assert check_phase_seconds(value) == float(value)
    assert type(check_phase_seconds(value)) is float


@pytest.mark.parametrize("value", [0, 0.99, 30.01, -1, math.nan, math.inf, "3"])
def test_phase_seconds_refuses_outside_1_to_30(value):
    """Phases shorter than 1 s, longer than 30 s, NaN, infinite or text are refused."""
    with pytest.raises(ValidationError, match="from 1 to 30 seconds"):
        check_phase_seconds(value)


# --- therapist's SEM --------------------------------------------------------------------------


def test_sem_refused_for_the_method_without_error_model():
    """Touches / does not touch has no error model, so no SEM can be set for it."""
    with pytest.raises(ValidationError, match="no measurement-error model"):
        check_sem(Method.TOUCHES, 0.5)


@pytest.mark.parametrize(
    ("method", "value"),
    [(Method.GAP_CM, 0.01), (Method.GAP_CM, 15), (Method.FINGERS, 6), (Method.THIGH_ANGLE, 2.5)],
)
def test_sem_accepts_above_zero_up_to_the_range_maximum(method, value):
    """An SEM above 0 and at most the method's maximum is accepted as a float."""
    assert check_sem(method, value) == float(value)


@pytest.mark.parametrize("value", [0, -1, 15.5, math.nan, math.inf])
def test_sem_refuses_zero_negative_too_large_and_non_finite(value):
    """An SEM of 0, below 0, above the range maximum, NaN or infinite is refused."""
    with pytest.raises(ValidationError, match="above 0 and at most 15 cm"):
        check_sem(Method.GAP_CM, value)


# --- client -----------------------------------------------------------------------------------


def test_client_with_name_only_is_accepted():
    """A client needs only a name; the same object comes back."""
    client = Client("Ada Lovelace")
    assert check_client(client) is client


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_client_without_name_is_refused(name):
    """An empty or whitespace-only name is refused."""
    with pytest.raises(ValidationError, match="client's name"):
        check_client(Client(name))


def test_client_name_length_limit():
    """Names of 200 characters are accepted and 201 refused."""
    assert check_client(Client("a" * 200)).name == "a" * 200
    with pytest.raises(ValidationError, match="at most 200"):
        check_client(Client("a" * 201))


@pytest.mark.parametrize("thigh", [None, 20, 45.5, 80])
def test_client_thigh_length_in_range_is_accepted(thigh):
    """Thigh length is optional and, when given, 20 to 80 cm is accepted."""
    assert check_client(Client("B", thigh_length_cm=thigh)).thigh_length_cm == thigh


@pytest.mark.parametrize("thigh", [19.9, 80.1, 0])
def test_client_thigh_length_out_of_range_is_refused(thigh):
    """Thigh lengths outside 20..80 cm are refused, naming the range."""
    with pytest.raises(ValidationError, match="from 20 to 80"):
        check_client(Client("B", thigh_length_cm=thigh))

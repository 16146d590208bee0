"""Input checks: readings, pain, reps, phase lengths, SEM, text, clients and whole sessions."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psoas_desktop.domain.model import (
    CheckIn,
    Client,
    Direction,
    Method,
    Rep,
    RepBlock,
    SafetyEvent,
    SafetyEventKind,
    Session,
    Summary,
    VerdictBasis,
)
from psoas_desktop.domain.validation import (
    LINE_LENGTH,
    NAME_LENGTH,
    NOTE_LENGTH,
    ValidationError,
    check_client,
    check_pain,
    check_phase_seconds,
    check_planned_reps,
    check_reading,
    check_sem,
    check_session,
    check_text,
)

from .builders import T0, make_session, measurements

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


# --- whole records: check_session, check_text, check_client (issue 7 item 7) -----------------


def _valid_session(**changes) -> Session:
    session = replace(make_session(EXAMPLE_ROWS), summary=Summary(notes="Calm.\n\tBreathing eased."),
                      blocks=(RepBlock(Direction.LEFT, 3), RepBlock(Direction.RIGHT, 3, (), True)),
                      verdict_basis=VerdictBasis(1.0, 1))
    return replace(session, **changes)


EXAMPLE_ROWS = ((4, 6), (3, 4), (2.5, 3.5))


def test_a_session_the_screens_could_build_passes_unchanged():
    """Readings on the grid, pain 0-10, a skipped block without reps, notes with line breaks."""
    session = _valid_session()
    assert check_session(session) is session


@pytest.mark.parametrize(("changes", "message"), [
    ({"check_in": CheckIn(pain_before=11)}, "from 0 to 10, not 11"),
    ({"summary": Summary(pain_after=True)}, "from 0 to 10"),
    ({"measurements": measurements(((16, 2),))}, "outside the range"),
    ({"measurements": measurements(((2.2, 2),))}, "steps of 0.5"),
    ({"measurements": measurements(((2, 2),)) * 2}, "left leg at start is recorded twice"),
    ({"blocks": (RepBlock(Direction.LEFT, 11),)}, "from 1 to 10, not 11"),
    ({"blocks": (RepBlock(Direction.LEFT, 3),) * 2}, "Rotating to the left is recorded twice"),
    ({"abandon_reason": "x" * 501}, "at most 500 characters, not 501"),
    ({"check_in": CheckIn(override_reason="GP\tcleared")}, "control character"),
    ({"check_in": CheckIn(surgery_clearance="\u0085")}, "control character"),  # a C1 control
    ({"summary": Summary(home_program="Both sides\x00")}, "control character"),
    ({"verdict_basis": VerdictBasis(1.0, 0)}, "at least one reading per value, not 0"),
    ({"verdict_basis": VerdictBasis(-1.0, 1)}, "above 0"),
    ({"verdict_basis": VerdictBasis(None, 1)}, "needs its measurement error"),
])
def test_each_broken_invariant_is_refused_with_a_calm_sentence(changes, message):
    """One broken rule at a time: ValidationError whose text says what is wrong."""
    with pytest.raises(ValidationError, match=re.escape(message)):
        check_session(_valid_session(**changes))


def test_a_touches_verdict_has_no_sem_and_refuses_one():
    """Touches / does not touch is judged without an error model: a SEM with it is refused."""
    touches = make_session(((1, 0), (0, 0), (0, 0)), method=Method.TOUCHES)
    assert check_session(replace(touches, verdict_basis=VerdictBasis(None, 1)))
    with pytest.raises(ValidationError, match="no measurement-error model"):
        check_session(replace(touches, verdict_basis=VerdictBasis(1.0, 1)))


def test_a_safety_event_keeps_pain_and_text_in_bounds():
    """STOP: pain 0-10, one-line action and note."""
    event = SafetyEvent(T0, SafetyEventKind.DIZZINESS, 3, "Sat up", "Fine after a minute")
    assert check_session(_valid_session(safety_events=(event,)))
    with pytest.raises(ValidationError, match="from 0 to 10"):
        check_session(_valid_session(safety_events=(replace(event, pain=12),)))
    with pytest.raises(ValidationError, match="The STOP note"):
        check_session(_valid_session(safety_events=(replace(event, note="a\nb"),)))


_controls = st.characters(whitelist_categories=("Cc",))


@given(st.text(max_size=20), _controls, st.text(max_size=20))
def test_property_a_control_character_is_refused_in_a_one_line_field(before, control, after):
    """Property: any C0/C1 control character anywhere in one-line text is refused."""
    with pytest.raises(ValidationError, match="control character"):
        check_text(before + control + after, "The reason")


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t"),
               max_size=200))
def test_property_notes_keep_line_breaks_tabs_and_any_printable_text(text):
    """Property: a note of printable text, line breaks and tabs passes unchanged."""
    assert check_text(text, "The notes", NOTE_LENGTH, note=True) == text


def test_text_limits_are_the_named_constants():
    """Names 200, one-line fields 500, notes 10,000 characters: exactly at the limit is fine."""
    assert (NAME_LENGTH, LINE_LENGTH, NOTE_LENGTH) == (200, 500, 10_000)
    assert check_text("x" * LINE_LENGTH, "The reason") == "x" * LINE_LENGTH
    with pytest.raises(ValidationError, match="at most 500"):
        check_text("x" * (LINE_LENGTH + 1), "The reason")


@pytest.mark.parametrize("client", [Client("Ann\x00a"), Client("Anna\r"), Client("Anna", notes="\x07")])
def test_a_client_with_control_characters_is_refused(client):
    """A NUL or other control character in a client's name or notes is refused."""
    with pytest.raises(ValidationError, match="control character"):
        check_client(client)


def test_client_notes_may_break_lines():
    """Multi-line client notes with tabs are accepted."""
    client = Client("Anna", notes="Runner.\n\tDesk job.")
    assert check_client(client) is client


# --- exact sentences and edges (kill the mutants `make mutation` found surviving) -------------
CONTROL = "{} holds a hidden control character (perhaps from a paste); please type it again."


@pytest.mark.parametrize(("changes", "what"), [
    ({"check_in": CheckIn(changes_since_last="New job\x1b")}, "Changes since the last visit"),
    ({"check_in": CheckIn(override_reason="GP\x00")}, "The reason for going ahead"),
    ({"check_in": CheckIn(surgery_clearance="Letter\x7f")}, "The surgery clearance"),
    ({"abandon_reason": "Client\rleft"}, "The reason for ending early"),
    ({"safety_events": (SafetyEvent(T0, SafetyEventKind.OTHER, None, "Sat\nup"),)}, "The action taken"),
    ({"safety_events": (SafetyEvent(T0, SafetyEventKind.OTHER, None, "", "a\x0bb"),)}, "The STOP note"),
    ({"summary": Summary(notes="Calm\x00")}, "The notes"),
    ({"summary": Summary(home_program="Daily\x08")}, "The home program"),
])
def test_a_control_character_in_a_session_text_names_its_field(changes, what):
    """A control character in any session text is refused with a sentence naming that field."""
    with pytest.raises(ValidationError) as refused:
        check_session(_valid_session(**changes))
    assert str(refused.value) == CONTROL.format(what)


@pytest.mark.parametrize(("client", "message"), [
    (Client("Ann\x00a"), CONTROL.format("The client's name")),
    (Client("Anna", notes="Runner\x07"), CONTROL.format("The client's notes")),
    (Client(None), "Please enter the client's name."),  # not text at all: no crash, the same ask
    (Client("   "), "Please enter the client's name."),
    (Client("  " + "x" * NAME_LENGTH + "   "), "The client's name can be at most 200 characters, not 205."),
    (Client("Anna", notes="x" * (NOTE_LENGTH + 1)),
     "The client's notes can be at most 10,000 characters, not 10,001."),
    (Client("Anna", thigh_length_cm=81), "Thigh length is measured in cm, from 20 to 80."),
])
def test_a_client_is_refused_with_the_exact_sentence(client, message):
    """Each refused client gets its exact sentence (a name is stored as typed, so padding counts)."""
    with pytest.raises(ValidationError) as refused:
        check_client(client)
    assert str(refused.value) == message


def test_client_notes_may_be_longer_than_a_one_line_field():
    """Client notes are a note: up to 10,000 characters, not the 500 of a one-line field."""
    client = Client("Anna", notes="x" * NOTE_LENGTH)
    assert check_client(client) is client


def test_a_block_of_exactly_ten_reps_is_valid_and_eleven_is_not():
    """SPEC 4: ten reps in a block is the limit, inclusive; eleven is refused with its sentence."""
    ten = tuple(Rep(T0, T0) for _ in range(10))
    assert check_session(_valid_session(blocks=(RepBlock(Direction.LEFT, 10, ten),)))
    with pytest.raises(ValidationError) as refused:
        check_session(_valid_session(blocks=(RepBlock(Direction.LEFT, 10, ten + ten[:1]),)))
    assert str(refused.value) == "A direction takes at most 10 repetitions, not 11."


def test_touches_out_of_range_is_refused_without_a_unit():
    """Touches / does not touch has no unit to print: '2 is outside ... 0 to 1.'"""
    with pytest.raises(ValidationError) as refused:
        check_reading(Method.TOUCHES, 2)
    assert str(refused.value) == "2 is outside the range for Touches / does not touch: 0 to 1."


def test_a_reading_within_float_noise_of_the_grid_is_accepted():
    """A reading off the step grid by at most 1e-6 of a step (float noise) is accepted as is."""
    assert check_reading(Method.FINGERS, 1e-6) == 1e-6


@pytest.mark.parametrize("value", ["1", None])
def test_a_sem_that_is_not_a_number_is_refused_calmly(value):
    """A SEM that is not a number is a ValidationError (not a crash)."""
    with pytest.raises(ValidationError):
        check_sem(Method.GAP_CM, value)


def test_a_sem_out_of_range_is_refused_with_the_method_in_lower_case():
    """The SEM sentence names the method in lower case and the upper bound with its unit."""
    with pytest.raises(ValidationError) as refused:
        check_sem(Method.GAP_CM, 16)
    assert str(refused.value) == ("A measurement error for knee-to-table gap must be above 0 and "
                                  "at most 15 cm.")


def test_text_that_is_not_text_is_refused_naming_the_field():
    """A field holding something other than text is refused: '<field> must be text.'"""
    with pytest.raises(ValidationError) as refused:
        check_text(5, "The notes")
    assert str(refused.value) == "The notes must be text."


@pytest.mark.parametrize("readings", [True, "2", 1.5])
def test_a_verdict_basis_needs_a_whole_number_of_readings(readings):
    """The readings count of a verdict basis is a whole number (not True, text or 1.5)."""
    with pytest.raises(ValidationError) as refused:
        check_session(_valid_session(verdict_basis=VerdictBasis(1.0, readings)))
    assert str(refused.value) == f"A verdict rests on at least one reading per value, not {readings!r}."


def test_a_verdict_without_its_sem_names_the_method_in_lower_case():
    """A gap verdict stored without a SEM is refused, naming the method in lower case."""
    with pytest.raises(ValidationError) as refused:
        check_session(_valid_session(verdict_basis=VerdictBasis(None, 1)))
    assert str(refused.value) == "A verdict for knee-to-table gap needs its measurement error."

"""Checks of what a therapist types or taps, raising errors whose text can be shown as it is.

`check_session` and `check_client` hold every invariant of a record; the repository calls them
before anything is written, so no path (a widget, a script, an import) can store pain 42.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from .model import Client, Session, VerdictBasis
from .protocol_def import MethodSpec, seed_protocol

# The limits, once: SPEC 3.3 (pain 0-10) and 4 (reps 1-10); text lengths the screens can show.
PAIN_MAX = 10
REPS_MIN, REPS_MAX = 1, 10  # planned per block, and counted in one block
NAME_LENGTH = 200
LINE_LENGTH = 500  # a one-line field: a reason, a clearance, an action taken
NOTE_LENGTH = 10_000  # a multi-line note
# C0 and C1 control characters (NUL included) and lone surrogates, which no file can hold;
# a multi-line note may hold line breaks and tabs.
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_IN_NOTE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


class ValidationError(ValueError):
    """Input the app refuses; `str(error)` is a calm sentence for the therapist."""


def _format_number(x: float) -> str:
    return f"{x:g}"


def _unit(unit: str) -> str:
    return {"°": "°", "0/1": ""}.get(unit, f" {unit}")


def _spec(method: str | MethodSpec) -> MethodSpec:
    """A method's spec: given, or looked up among the seed protocol's methods by key."""
    return method if isinstance(method, MethodSpec) else seed_protocol().method(method)


def check_reading(method: str | MethodSpec, value: float) -> float:
    """Return `value` if it is a valid reading for `method`; never clamp, refuse instead."""
    spec = _spec(method)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(f"{value!r} is not a number.")
    if value < spec.minimum or value > spec.maximum:
        raise ValidationError(
            f"{_format_number(value)}{_unit(spec.unit)} is outside the range for {spec.label}: "
            f"{_format_number(spec.minimum)} to {_format_number(spec.maximum)}{_unit(spec.unit)}."
        )
    # Equivalent mutant (not mutated): every method's minimum is a whole number of steps, so value + minimum
    # lands on the step grid exactly when value - minimum does.
    offset = value - spec.minimum  # pragma: no mutate
    steps = offset / spec.step
    if abs(steps - round(steps)) > 1e-6:
        raise ValidationError(
            f"{spec.label} is recorded in steps of {_format_number(spec.step)}{_unit(spec.unit)}."
        )
    return float(value)


def check_pain(value: int | None) -> int | None:
    """Pain is optional; when given it is a whole number from 0 to 10."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= PAIN_MAX:
        raise ValidationError(
            f"Pain is rated as a whole number from 0 to {PAIN_MAX}, not {value!r}."
        )
    return value


def check_planned_reps(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not REPS_MIN <= value <= REPS_MAX:
        raise ValidationError(
            f"Planned repetitions must be from {REPS_MIN} to {REPS_MAX}, not {value!r}."
        )
    return value


def check_phase_seconds(value: float) -> float:
    if not isinstance(value, int | float) or math.isnan(value) or not 1 <= value <= 30:
        raise ValidationError(f"A breath phase lasts from 1 to 30 seconds, not {value!r}.")
    return float(value)


def check_sem(method: str | MethodSpec, value: float) -> float:
    spec = _spec(method)
    if spec.default_sem is None:
        raise ValidationError(f"{spec.label} has no measurement-error model.")
    if not isinstance(value, int | float) or math.isnan(value) or not 0 < value <= spec.maximum:
        raise ValidationError(
            f"A measurement error for {spec.label.lower()} must be above 0 and at most "
            f"{_format_number(spec.maximum)} {spec.unit}."
        )
    return float(value)


def check_text(value: str, what: str, limit: int = LINE_LENGTH, *, note: bool = False) -> str:
    """Text the records can hold: no control characters (a note may break lines and use tabs),
    at most `limit` characters. `what` names the field in the message."""
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be text.")
    if (_CONTROL_IN_NOTE if note else _CONTROL_IN_LINE).search(value):
        raise ValidationError(
            f"{what} holds a hidden control character (perhaps from a paste); "
            "please type it again."
        )
    if len(value) > limit:
        raise ValidationError(f"{what} can be at most {limit:,} characters, not {len(value):,}.")
    return value


def check_client(client: Client) -> Client:
    name = client.name.strip() if isinstance(client.name, str) else ""
    if not name:
        raise ValidationError("Please enter the client's name.")
    if len(name) > NAME_LENGTH:
        raise ValidationError(f"A name can be at most {NAME_LENGTH} characters.")
    check_text(client.name, "The client's name", NAME_LENGTH)
    check_text(client.notes, "The client's notes", NOTE_LENGTH, note=True)
    if client.thigh_length_cm is not None and not 20 <= client.thigh_length_cm <= 80:
        raise ValidationError("Thigh length is measured in cm, from 20 to 80.")
    return client


def check_session(session: Session) -> Session:
    """Return `session` if every value in it could have been entered on the screens."""
    _check_keys(session)
    seen = set()
    for m in session.measurements:
        if (m.timepoint, m.side) in seen:
            raise ValidationError(
                f"The {m.side.value} leg at "
                f"{session.protocol.timepoint_label(m.timepoint).lower()} is recorded twice."
            )
        seen.add((m.timepoint, m.side))
        for reading in m.readings:
            check_reading(session.method_spec, reading)
    check_pain(session.check_in.pain_before)
    check_pain(session.summary.pain_after)
    directions = set()
    for block in session.blocks:
        if block.direction in directions:
            raise ValidationError(f"{_words(session, block.direction)} is recorded twice.")
        directions.add(block.direction)
        check_planned_reps(block.planned_reps)
        if len(block.reps) > REPS_MAX:
            raise ValidationError(f"A direction takes at most {REPS_MAX} repetitions, "
                                  f"not {len(block.reps)}.")
        if block.skipped and block.reps:
            raise ValidationError(f"{_words(session, block.direction)} has repetitions, "
                                  "so it cannot be recorded as skipped.")
    for event in session.safety_events:
        check_pain(event.pain)
    for text, what, limit in _session_texts(session):
        check_text(text, what, limit, note=limit == NOTE_LENGTH)
    if session.verdict_basis is not None:
        check_verdict_basis(session.method_spec, session.verdict_basis)
    return session


def _check_keys(session: Session) -> None:
    """Every method, timepoint and direction a session names belongs to its protocol."""
    protocol = session.protocol
    if not protocol.has_method(session.method):
        raise ValidationError(f"The protocol {protocol.title!r} has no method {session.method!r}.")
    for m in session.measurements:
        if m.timepoint not in protocol.timepoint_keys:
            raise ValidationError(f"The protocol {protocol.title!r} has no time point {m.timepoint!r}.")
    named = [b.direction for b in session.blocks] + [session.first_direction or protocol.direction_keys[0]]
    for direction in named:
        if direction not in protocol.direction_keys:
            raise ValidationError(f"The protocol {protocol.title!r} has no direction {direction!r}.")
    if not -1 <= session.completed_step < len(protocol.steps):
        raise ValidationError(f"The protocol {protocol.title!r} has no step {session.completed_step + 1}.")


def _session_texts(session: Session) -> Iterator[tuple[str, str, int]]:
    check_in, summary = session.check_in, session.summary
    yield check_in.changes_since_last, "Changes since the last visit", LINE_LENGTH
    yield check_in.override_reason, "The reason for going ahead", LINE_LENGTH
    yield check_in.surgery_clearance, "The surgery clearance", LINE_LENGTH
    yield session.abandon_reason, "The reason for ending early", LINE_LENGTH
    for event in session.safety_events:
        yield event.action_taken, "The action taken", LINE_LENGTH
        yield event.note, "The STOP note", LINE_LENGTH
    yield summary.notes, "The notes", NOTE_LENGTH
    yield summary.home_program, "The home program", NOTE_LENGTH


def _words(session: Session, direction: str) -> str:
    words = session.protocol.direction(direction).words
    return words[0].upper() + words[1:]


def check_verdict_basis(method: str | MethodSpec, basis: VerdictBasis) -> VerdictBasis:
    """A verdict rests on at least one reading per value and the method's kind of SEM."""
    readings = basis.readings
    if isinstance(readings, bool) or not isinstance(readings, int) or readings < 1:
        raise ValidationError(f"A verdict rests on at least one reading per value, not {readings!r}.")
    if basis.sem is None:
        if _spec(method).default_sem is not None:
            raise ValidationError(f"A verdict for {_spec(method).label.lower()} needs its "
                                  "measurement error.")
    else:
        check_sem(method, basis.sem)
    return basis

"""Checks of what a therapist types or taps, raising errors whose text can be shown as it is."""

from __future__ import annotations

import math

from .model import Client, Method


class ValidationError(ValueError):
    """Input the app refuses; `str(error)` is a calm sentence for the therapist."""


def _format_number(x: float) -> str:
    return f"{x:g}"


def _unit(unit: str) -> str:
    return {"°": "°", "0/1": ""}.get(unit, f" {unit}")


def check_reading(method: Method, value: float) -> float:
    """Return `value` if it is a valid reading for `method`; never clamp, refuse instead."""
    spec = method.spec
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(f"{value!r} is not a number.")
    if value < spec.minimum or value > spec.maximum:
        raise ValidationError(
            f"{_format_number(value)}{_unit(spec.unit)} is outside the range for {spec.label}: "
            f"{_format_number(spec.minimum)} to {_format_number(spec.maximum)}{_unit(spec.unit)}."
        )
    steps = (value - spec.minimum) / spec.step
    if abs(steps - round(steps)) > 1e-6:
        raise ValidationError(
            f"{spec.label} is recorded in steps of {_format_number(spec.step)}{_unit(spec.unit)}."
        )
    return float(value)


def check_pain(value: int | None) -> int | None:
    """Pain is optional; when given it is a whole number from 0 to 10."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValidationError(f"Pain is rated as a whole number from 0 to 10, not {value!r}.")
    return value


def check_planned_reps(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
        raise ValidationError(f"Planned repetitions must be from 1 to 10, not {value!r}.")
    return value


def check_phase_seconds(value: float) -> float:
    if not isinstance(value, int | float) or math.isnan(value) or not 1 <= value <= 30:
        raise ValidationError(f"A breath phase lasts from 1 to 30 seconds, not {value!r}.")
    return float(value)


def check_sem(method: Method, value: float) -> float:
    spec = method.spec
    if spec.default_sem is None:
        raise ValidationError(f"{spec.label} has no measurement-error model.")
    if not isinstance(value, int | float) or math.isnan(value) or not 0 < value <= spec.maximum:
        raise ValidationError(
            f"A measurement error for {spec.label.lower()} must be above 0 and at most "
            f"{_format_number(spec.maximum)} {spec.unit}."
        )
    return float(value)


def check_client(client: Client) -> Client:
    name = client.name.strip()
    if not name:
        raise ValidationError("Please enter the client's name.")
    if len(name) > 200:
        raise ValidationError("A name can be at most 200 characters.")
    if client.thigh_length_cm is not None and not 20 <= client.thigh_length_cm <= 80:
        raise ValidationError("Thigh length is measured in cm, from 20 to 80.")
    return client

"""Frozen settings: protocol defaults, measurement errors, and the therapist's remembered choices.

Remembered choices travel through the Store as plain strings (`preferences()`); a value that no
longer parses falls back to the default instead of stopping the app.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from .domain.model import Method
from .domain.pacing import DEFAULT_PHASES, BreathPhase, phases_with_durations
from .domain.protocol_def import MethodSpec, seed_protocol
from .domain.validation import ValidationError, check_planned_reps, check_sem

# Practice details remembered as preferences (SPEC 8.2): the clinic's name on reports and
# handouts, and the therapist's name, typed once, that signs SOAP notes.
CLINIC_NAME_KEY = "clinic_name"
THERAPIST_NAME_KEY = "therapist_name"


def _default_sems() -> dict[Method, float | None]:
    return {m: m.spec.default_sem for m in Method}


@dataclass(frozen=True)
class Settings:
    planned_reps: int = 3
    phases: tuple[BreathPhase, ...] = DEFAULT_PHASES
    sems: dict[Method, float | None] = field(default_factory=_default_sems)
    settle_seconds: int = 10
    sound_cues: bool = False
    spoken_cues: bool = False

    def sem(self, method: str, spec: MethodSpec | None = None) -> float | None:
        """The SEM per single reading of a method: the therapist's, else the definition's
        (`spec`, or the seed protocol's method of that key)."""
        if method in self.sems:
            return self.sems[method]
        seed = seed_protocol()
        spec = spec or (seed.method(method) if seed.has_method(method) else None)
        return spec.default_sem if spec else None

    def to_preferences(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for preference in PREFERENCES:
            values.update(preference.write(self))
        return values

    def with_preferences(self, values: Mapping[str, str]) -> Settings:
        """These settings updated by stored preferences; unreadable entries keep the default."""
        result = self
        for preference in PREFERENCES:
            result = preference.read(result, values)
        return result


@dataclass(frozen=True)
class Preference:
    """One remembered choice: its key in the store, how it is read (refusing what does not
    parse or is out of range) and written. A value that no longer parses keeps the default."""

    key: str
    field: str
    parse: Callable[[str], object]
    format: Callable[[object], str]

    def read(self, settings: Settings, values: Mapping[str, str]) -> Settings:
        try:
            return replace(settings, **{self.field: self.parse(values[self.key])})
        except (KeyError, ValueError, ValidationError):
            return settings

    def write(self, settings: Settings) -> dict[str, str]:
        return {self.key: self.format(getattr(settings, self.field))}


@dataclass(frozen=True)
class SemPreference:
    """The measurement error of one method (only methods with an error model are stored)."""

    method: Method

    @property
    def key(self) -> str:
        return f"sem_{self.method.value}"

    def read(self, settings: Settings, values: Mapping[str, str]) -> Settings:
        try:
            sem = check_sem(self.method, float(values[self.key]))
        except (KeyError, ValueError, ValidationError):
            return settings
        return replace(settings, sems={**settings.sems, self.method: sem})

    def write(self, settings: Settings) -> dict[str, str]:
        sem = settings.sems.get(self.method)
        return {} if sem is None else {self.key: f"{sem:g}"}


def _flag(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError(f"not a switch: {text!r}")
    return text == "1"


def _phases(text: str) -> tuple[BreathPhase, ...]:
    return phases_with_durations(tuple(float(s) for s in text.split(",")))


# Every remembered choice, declared once (as Vorta's settings table does).
PREFERENCES: tuple[Preference | SemPreference, ...] = (
    Preference("planned_reps", "planned_reps", lambda t: check_planned_reps(int(t)), str),
    Preference("phase_seconds", "phases", _phases,
               lambda phases: ",".join(f"{p.seconds:g}" for p in phases)),  # type: ignore[attr-defined]
    Preference("sound_cues", "sound_cues", _flag, lambda on: "1" if on else "0"),
    Preference("spoken_cues", "spoken_cues", _flag, lambda on: "1" if on else "0"),
    *(SemPreference(m) for m in Method),
)

"""Frozen settings: protocol defaults, measurement errors, and the therapist's remembered choices.

Remembered choices travel through the Store as plain strings (`preferences()`); a value that no
longer parses falls back to the default instead of stopping the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .domain.model import Method
from .domain.pacing import DEFAULT_PHASES, BreathPhase, phases_with_durations
from .domain.validation import ValidationError, check_planned_reps, check_sem


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

    def sem(self, method: Method) -> float | None:
        return self.sems.get(method, method.spec.default_sem)

    def to_preferences(self) -> dict[str, str]:
        own = {f"sem_{m.value}": f"{v:g}" for m, v in self.sems.items() if v is not None}
        return own | {
            "planned_reps": str(self.planned_reps),
            "phase_seconds": ",".join(f"{p.seconds:g}" for p in self.phases),
            "sound_cues": "1" if self.sound_cues else "0",
            "spoken_cues": "1" if self.spoken_cues else "0",
        }

    def with_preferences(self, values: dict[str, str]) -> Settings:
        """These settings updated by stored preferences; unreadable entries keep the default."""
        result = self
        try:
            result = replace(result, planned_reps=check_planned_reps(int(values["planned_reps"])))
        except (KeyError, ValueError, ValidationError):
            pass
        try:
            seconds = tuple(float(s) for s in values["phase_seconds"].split(","))
            result = replace(result, phases=phases_with_durations(seconds))
        except (KeyError, ValueError, ValidationError):
            pass
        sems = dict(result.sems)
        for method in Method:
            try:
                sems[method] = check_sem(method, float(values[f"sem_{method.value}"]))
            except (KeyError, ValueError, ValidationError):
                pass
        result = replace(result, sems=sems)
        for key in ("sound_cues", "spoken_cues"):
            if values.get(key) in ("0", "1"):
                result = replace(result, **{key: values[key] == "1"})
        return result

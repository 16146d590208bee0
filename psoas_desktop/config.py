"""Frozen settings: protocol defaults, measurement errors and where files live. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass, field

from .domain.model import Method
from .domain.pacing import DEFAULT_PHASES, BreathPhase


def _default_sems() -> dict[Method, float | None]:
    return {m: m.spec.default_sem for m in Method}


@dataclass(frozen=True)
class Settings:
    planned_reps: int = 3
    phases: tuple[BreathPhase, ...] = DEFAULT_PHASES
    sems: dict[Method, float | None] = field(default_factory=_default_sems)
    settle_seconds: int = 10

    def sem(self, method: Method) -> float | None:
        return self.sems.get(method, method.spec.default_sem)

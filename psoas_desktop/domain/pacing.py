"""The breath pacer of the rep coach as pure maths over an injected monotonic clock (SPEC 4).

Time left is always computed from the clock, never by counting timer ticks, so a slow or late
repaint can never make the pacer drift.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from .protocol_def import ProtocolDef, seed_protocol
from .validation import check_phase_seconds


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic clock."""
        ...


class MonotonicClock:
    def now(self) -> float:
        return time.monotonic()


@dataclass(frozen=True)
class BreathPhase:
    name: str
    seconds: float


def protocol_phases(protocol: ProtocolDef) -> tuple[BreathPhase, ...]:
    """The breath phases a protocol's intervention is paced with."""
    return tuple(BreathPhase(p.name, p.seconds) for p in protocol.phases)


# The seed protocol's phases: inhale and prepare, exhale and open, breathe at the end of the
# range, inhale and return (resources/protocols/psoas-open-book.toml).
DEFAULT_PHASES: tuple[BreathPhase, ...] = protocol_phases(seed_protocol())


@dataclass(frozen=True)
class PacerState:
    phase_index: int
    phase_name: str
    phase_remaining: float
    phase_fraction: float  # 0 at the start of the phase, 1 at its end
    cycle: int  # completed breath cycles since the last rep restart
    elapsed: float
    paused: bool


def phases_with_durations(seconds: tuple[float, ...]) -> tuple[BreathPhase, ...]:
    if len(seconds) != len(DEFAULT_PHASES):
        raise ValueError(f"expected {len(DEFAULT_PHASES)} phase durations")
    return tuple(
        BreathPhase(p.name, check_phase_seconds(s))
        # Equivalent mutant (not mutated): the lengths are checked equal above, so `strict` never bites.
        for p, s in zip(DEFAULT_PHASES, seconds, strict=True)  # pragma: no mutate
    )


def phase_at(elapsed: float, phases: tuple[BreathPhase, ...]) -> tuple[int, float, int]:
    """(phase index, seconds left in it, completed cycles) at `elapsed` seconds into the cycle."""
    cycle_length = sum(p.seconds for p in phases)
    cycles, into = divmod(max(elapsed, 0.0), cycle_length)
    for index, phase in enumerate(phases):
        if into < phase.seconds:
            return index, phase.seconds - into, int(cycles)
        into -= phase.seconds
    return len(phases) - 1, 0.0, int(cycles)  # float edge at the very end of a cycle


class BreathPacer:
    """Cycles the breath phases; Pause freezes time, `restart_cycle` begins a fresh rep."""

    def __init__(self, clock: Clock, phases: tuple[BreathPhase, ...] = DEFAULT_PHASES) -> None:
        self._clock = clock
        self.phases = phases
        self._origin = clock.now()
        self._paused_at: float | None = None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def elapsed(self) -> float:
        end = self._paused_at if self._paused_at is not None else self._clock.now()
        return end - self._origin

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self._clock.now()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._origin += self._clock.now() - self._paused_at
            self._paused_at = None

    def toggle(self) -> bool:
        """Pause or resume; returns True when now paused."""
        if self.paused:
            self.resume()
        else:
            self.pause()
        return self.paused

    def restart_cycle(self) -> None:
        now = self._clock.now()
        self._origin = now
        if self._paused_at is not None:
            self._paused_at = now

    def set_phases(self, phases: tuple[BreathPhase, ...]) -> None:
        self.phases = phases

    def state(self) -> PacerState:
        elapsed = self.elapsed()
        index, remaining, cycles = phase_at(elapsed, self.phases)
        seconds = self.phases[index].seconds
        return PacerState(
            phase_index=index,
            phase_name=self.phases[index].name,
            phase_remaining=remaining,
            phase_fraction=1.0 - remaining / seconds,
            cycle=cycles,
            elapsed=elapsed,
            paused=self.paused,
        )

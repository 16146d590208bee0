"""Bounce-proof presses (SPEC 3.3): a double tap, a bouncing pedal or a held key acts once.

Pure maths over times from a monotonic clock (seconds); the wizard feeds it `clock.now()`.
"""

from __future__ import annotations

NEXT_BOUNCE_SECONDS = 0.4  # a Next press this soon after the last one, with nothing between, bounces
REP_BOUNCE_SECONDS = 0.5  # a Rep done this soon after the last counted rep bounces (a rep takes seconds)


class NextPresses:
    """Decides whether a press of Next counts.

    A press within 0.4 s of the previous Next press is ignored unless some other input (a tap on
    another control, a value entered, Back) came in between. Every press, counted or not, starts
    the 0.4 s again, so a held or chattering pedal never moves two steps.
    """

    def __init__(self) -> None:
        self._last_press: float | None = None

    def press(self, now: float) -> bool:
        last, self._last_press = self._last_press, now
        return last is None or now - last >= NEXT_BOUNCE_SECONDS

    def other_input(self) -> None:
        self._last_press = None


def rep_press_counts(last_counted_at: float | None, now: float) -> bool:
    """A Rep done press counts unless it comes under 0.5 s after the last counted rep."""
    return last_counted_at is None or now - last_counted_at >= REP_BOUNCE_SECONDS

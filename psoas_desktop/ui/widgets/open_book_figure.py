"""How far the rep coach's figure has opened its arm at a point of the breath cycle.

The figure itself is the one drawing of the movement, `documents.figure.paint_open_book`, shared
with the home handout so the client sees the same picture at the table and at home.
"""

from __future__ import annotations

import math


def opening_for(phase_index: int, fraction: float) -> float:
    """How open the top arm is (0 forward, 1 fully open) in the default four-phase breath:
    still on "inhale, prepare", opening on "exhale and open", resting open at the end of the
    range, returning on "inhale and return". Eased so it starts and ends gently."""
    eased = 0.5 - 0.5 * math.cos(math.pi * max(0.0, min(1.0, fraction)))
    return {0: 0.0, 1: eased, 2: 1.0, 3: 1.0 - eased}.get(phase_index, 0.0)

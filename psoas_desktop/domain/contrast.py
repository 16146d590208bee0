"""One evaluator for every comparison a protocol makes (issue 8, SPEC 5.3).

A comparison is a contrast: coefficients c_t over timepoints, applied to each leg's value v_t. Its
estimate is sum(c_t x v_t), signed so that a positive estimate is an improvement, and it lies
beyond measurement error when |estimate| > 1.96 x SEM x sqrt(sum(c_t^2 / k_t)), with k_t the
readings averaged at each timepoint and leg. For the seed with single readings that is 2.77 x SEM
for one leg's change (c = 1, -1) and 6.79 x SEM for the direction comparison over both legs
(c = 1, -2, 1). Plain Python.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .protocol_def import Contrast

Z95 = 1.96
Cell = tuple[str, str]  # (timepoint key, side)


@dataclass(frozen=True)
class ContrastResult:
    estimate: float  # positive = improvement
    factor: float  # sqrt(sum(c^2 / k)): the estimate's SD in units of the SEM of one reading
    sem: float | None  # SEM of one single reading; None: no error model

    @property
    def spread(self) -> float | None:
        """The estimate's model SD; None without an error model."""
        return None if self.sem is None else self.factor * self.sem

    @property
    def threshold(self) -> float | None:
        """1.96 x SEM x sqrt(sum(c^2 / k)); None without an error model."""
        return None if self.sem is None else Z95 * self.factor * self.sem

    @property
    def beyond(self) -> bool | None:
        """Whether the estimate lies beyond measurement error (None: no error model)."""
        threshold = self.threshold
        return None if threshold is None else abs(self.estimate) > threshold


def evaluate(
    contrast: Contrast,
    sides: Iterable[str],
    values: Mapping[Cell, float],
    readings: Mapping[Cell, int],
    sem: float | None,
    sign: int = 1,
) -> ContrastResult | None:
    """The contrast over `sides`, or None while a value it needs is not recorded.

    `sem` is the SEM of one single reading; `sign` is +1 when a lower value is better.
    """
    terms = []
    variance = 0.0
    for side in sides:
        for timepoint, c in contrast.coefficients:
            if c == 0:
                continue
            cell = (timepoint, side)
            if cell not in values:
                return None
            terms.append(c * values[cell])
            variance += c * c / readings.get(cell, 1)
    estimate = sign * math.fsum(terms)
    return ContrastResult(estimate, math.sqrt(variance), sem)

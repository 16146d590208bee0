"""Small helpers that build domain sessions for the tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from psoas_desktop.domain.model import (
    TIMEPOINTS,
    CheckIn,
    Direction,
    Measurement,
    Method,
    Rep,
    RepBlock,
    Session,
    SessionStatus,
    Side,
)

T0 = datetime(2024, 3, 1, 9, 0)

Reading = float | tuple[float, ...]


def _readings(value: Reading) -> tuple[float, ...]:
    return value if isinstance(value, tuple) else (float(value),)


def measurements(rows: Sequence[tuple[Reading, Reading]]) -> tuple[Measurement, ...]:
    """(left, right) per time point, in the order baseline, after A, after B; a tuple = readings."""
    result = []
    for timepoint, (left, right) in zip(TIMEPOINTS, rows, strict=False):
        result.append(Measurement(timepoint, Side.LEFT, _readings(left)))
        result.append(Measurement(timepoint, Side.RIGHT, _readings(right)))
    return tuple(result)


def make_session(
    rows: Sequence[tuple[Reading, Reading]] = ((4, 6), (3, 4), (2.5, 3.5)),
    first: Direction | None = Direction.LEFT,
    method: Method = Method.GAP_CM,
    status: SessionStatus = SessionStatus.COMPLETED,
    day: int = 0,
    session_id: int | None = None,
) -> Session:
    return Session(
        client_id=1,
        started_at=T0 + timedelta(days=day),
        method=method,
        id=session_id,
        status=status,
        first_direction=first,
        measurements=measurements(rows),
    )


def passing_session(completed_step: int = -1, **changes) -> Session:
    """An in-progress session whose every gate holds: screen answered, both legs at every time
    point, the first direction chosen and one rep counted each way."""
    rep = Rep(T0, T0 + timedelta(seconds=14))
    first = Direction.LEFT
    base = replace(
        make_session(status=SessionStatus.IN_PROGRESS, first=first),
        check_in=CheckIn(red_flags_answered=True),
        blocks=(RepBlock(first, 3, (rep,)), RepBlock(first.opposite, 3, (rep,))),
        completed_step=completed_step,
    )
    return replace(base, **changes)

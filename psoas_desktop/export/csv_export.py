"""Every measurement reading as one CSV row (SPEC 9), written atomically: all of it or nothing.

Works on domain objects only; the caller supplies (Client, Session) pairs, e.g. from
`Repository.all_sessions_with_clients()`. The file is UTF-8 with a byte order mark, so a
spreadsheet reads umlauts and emoji as typed; a text cell that begins with = + - @, a tab or a
carriage return is prefixed with ' so a spreadsheet shows it instead of running it (SPEC 8.2).
Numbers the app writes itself (a reading of -2.0 degrees) stay numbers.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Iterator

from ..domain.model import Client, Measurement, Session, Side
from .atomic import atomic_file

COLUMNS: tuple[str, ...] = (
    "client_name",
    "session_id",
    "session_started_at",
    "session_status",
    "method",
    "unit",
    "timepoint",
    "side",
    "reading",
    "value",
    "first_direction",
    "second_direction",
)
EXTRA_COLUMNS: tuple[str, ...] = (
    "readings_mean",
    "lower_back_arches",
    "knee_cannot_straighten",
    "client_id",
    "session_finished_at",
    "protocol",
    "protocol_version",
)
HEADER: tuple[str, ...] = COLUMNS + EXTRA_COLUMNS

_SIDES: tuple[Side, ...] = (Side.LEFT, Side.RIGHT)


def write_measurements_csv(
    rows: Iterable[tuple[Client, Session]], path: str | os.PathLike[str]
) -> int:
    """Write one row per reading to `path` and return how many; a failure leaves no file behind.

    The rows go to a temporary file in the same folder (owner-only, like the database), which
    replaces `path` only once it is complete and on disk.
    """
    with atomic_file(path, encoding="utf-8-sig") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        count = 0
        for row in measurement_rows(rows):
            writer.writerow(row)
            count += 1
    return count


def measurement_rows(rows: Iterable[tuple[Client, Session]]) -> Iterator[list[str]]:
    """The CSV rows (without header) in HEADER order: sessions as given, time points in order."""
    for client, session in rows:
        for measurement in sorted(session.measurements, key=_order_in(session)):
            for number, value in enumerate(measurement.readings, start=1):
                yield _row(client, session, measurement, number, value)


def _order_in(session: Session) -> Callable[[Measurement], tuple[int, int]]:
    order = session.protocol.timepoint_keys
    return lambda m: (order.index(m.timepoint), _SIDES.index(m.side))


def _row(
    client: Client, session: Session, measurement: Measurement, number: int, value: float
) -> list[str]:
    return [
        neutralised(client.name),
        _text(session.id),
        session.started_at.isoformat(),
        session.status.value,
        str(session.method),
        session.method_spec.unit,
        str(measurement.timepoint),
        measurement.side.value,
        str(number),
        _number(value),
        str(session.first_direction or ""),
        str(session.second_direction or ""),
        _number(measurement.value),
        _flag(measurement.lower_back_arches),
        _flag(measurement.knee_cannot_straighten),
        _text(client.id),
        session.finished_at.isoformat() if session.finished_at else "",
        session.protocol.key,
        str(session.protocol.version),
    ]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """Text a spreadsheet shows rather than runs: a leading = + - @, tab or CR gets a '."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _number(value: float) -> str:
    """The shortest text that reads back as exactly this float ('3.0', '0.5')."""
    return repr(float(value))


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _text(value: object) -> str:
    return "" if value is None else str(value)

"""Whole sessions read with SQLAlchemy Core: plain rows straight into domain objects.

The client page loads every session of a client (a thousand for a busy one) with its readings,
reps, safety events and addenda. Building ORM objects for that many rows costs several hundred
milliseconds; a fixed handful of Core queries, grouped in Python, costs a few tens (see
benchmarks/history_scale.py). Writes stay with the ORM in `repository`.
"""

from __future__ import annotations

import enum
import gc
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Row, select

from ..domain.model import (
    Addendum,
    CheckIn,
    Client,
    Direction,
    FeltBetter,
    Measurement,
    Method,
    PainLocation,
    Precaution,
    RedFlag,
    Rep,
    RepBlock,
    SafetyEvent,
    SafetyEventKind,
    Session,
    SessionStatus,
    Side,
    Summary,
    Timepoint,
    VerdictBasis,
)
from ..domain.ports import InvalidRecordError
from ..domain.protocol_def import ProtocolDef, ProtocolError, parse_protocol_text, seed_protocol
from .orm import (
    addenda,
    blocks,
    clients,
    events,
    measurements,
    protocols,
    reps,
    sessions,
)

E = TypeVar("E", bound=enum.Enum)


# enum members by stored value: a dict lookup is several times cheaper than calling the enum
_SIDES = {s.value: s for s in Side}
# The seed protocol's keys come back as its named constants (Method.GAP_CM is "gap_cm"); any
# other protocol's keys stay plain strings. Either way they compare equal to the stored text.
_SEED_KEYS: dict[str, Any] = {k.value: k for kind in (Method, Timepoint, Direction) for k in kind}
_STATUSES = {s.value: s for s in SessionStatus}


@lru_cache(maxsize=64)
def _parsed(definition: str, origin: str) -> ProtocolDef:
    return parse_protocol_text(definition, origin)


ProtocolCache = dict[tuple[str, int], ProtocolDef]


def stored_protocols(connection: Connection) -> ProtocolCache:
    """Every protocol definition the records hold, by key and version (a handful of rows)."""
    return {(key, version): _read_protocol(key, version, definition)
            for key, version, definition in connection.execute(
                select(protocols.c.key, protocols.c.version, protocols.c.definition))}


def _read_protocol(key: str, version: int, definition: str) -> ProtocolDef:
    try:
        return _parsed(definition, f"stored protocol {key} v{version}")
    except ProtocolError as error:
        raise InvalidRecordError(f"The records hold a protocol that cannot be read: {error}") from None


def _protocol(connection: Connection, known: ProtocolCache, key: str, version: int) -> ProtocolDef:
    """The definition a session follows, read once per repository (stored ones never change)."""
    found = known.get((key, version))
    if found is not None:
        return found
    row = connection.execute(
        select(protocols.c.definition)
        .where(protocols.c.key == key, protocols.c.version == version)).first()
    if row is None:
        seed = seed_protocol()
        if (key, version) != (seed.key, seed.version):
            raise InvalidRecordError(f"A session follows protocol {key!r} version {version}, "
                                     "which the records do not hold.")
        found = seed
    else:
        found = _read_protocol(key, version, row[0])
    known[(key, version)] = found
    return found


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building many objects that are not garbage.

    A thousand sessions are some 60,000 small objects: enough allocations to run the collector
    about a hundred times, including full passes over every object of the app (Qt's and
    pyqtgraph's too), which cost a third of the load. The objects hold no cycles; the collector
    runs as usual afterwards.

    Nothing is moved between generations afterwards: the app freezes its long-lived objects
    once it is warm (app.collect_when_warm), and asking whether it has (gc.get_freeze_count)
    walks all of them, 14 ms a read.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_sessions(connection: Connection, where: ColumnElement[bool],
                  known: ProtocolCache | None = None, every_query: bool = False) -> list[Session]:
    """The sessions matching `where` (a condition on the sessions table), by start time then id.

    Six queries whatever the number of sessions: the sessions, then each kind of child row for
    `session_id IN (SELECT id FROM sessions WHERE ...)`; only the first when no session matches,
    unless `every_query` (a warm-up, which compiles all six).
    """
    with collector_paused():
        return _load_sessions(connection, where, {} if known is None else known, every_query)


def _load_sessions(connection: Connection, where: ColumnElement[bool],
                   known: ProtocolCache, every_query: bool = False) -> list[Session]:
    # Ten mutants of these queries survive `make mutation`, two per item, explained in
    # scripts/mutation_equivalent.txt: dropping the tie-breaker `sessions.c.id` or `addenda.c.id`
    # (each is the rowid, and SQLite returns rows that tie on the other keys in rowid order);
    # dropping the ON clause of `join(blocks, ...)` (SQLAlchemy infers the same one from the single
    # foreign key reps.block_id -> rep_blocks.id); dropping `reading_index` or `rep_number`
    # (SQLite reads those rows through the unique index that ends in that column, so they reach
    # the sort in that order already; the keys stay as the contract should the plan change).
    ids = select(sessions.c.id).where(where).scalar_subquery()
    rows = connection.execute(
        select(sessions).where(where).order_by(sessions.c.started_at, sessions.c.id)
    ).all()
    if not rows and not every_query:
        return []
    readings = _grouped(connection.execute(
        select(measurements.c.session_id, measurements.c.position, measurements.c.timepoint,
               measurements.c.side, measurements.c.value, measurements.c.lower_back_arches,
               measurements.c.knee_cannot_straighten)
        .where(measurements.c.session_id.in_(ids))
        .order_by(measurements.c.session_id, measurements.c.position, measurements.c.reading_index)
    ).all())
    rep_rows = _grouped(connection.execute(
        select(reps.c.block_id, reps.c.started_at, reps.c.ended_at)
        .join(blocks, blocks.c.id == reps.c.block_id)
        .where(blocks.c.session_id.in_(ids))
        .order_by(reps.c.block_id, reps.c.rep_number)
    ).all())
    block_rows = _grouped(connection.execute(
        select(blocks.c.session_id, blocks.c.id, blocks.c.direction, blocks.c.planned_reps,
               blocks.c.skipped)
        .where(blocks.c.session_id.in_(ids))
        .order_by(blocks.c.session_id, blocks.c.position)
    ).all())
    event_rows = _grouped(connection.execute(
        select(events.c.session_id, events.c.occurred_at, events.c.kind, events.c.pain,
               events.c.action_taken, events.c.note)
        .where(events.c.session_id.in_(ids))
        .order_by(events.c.session_id, events.c.position)
    ).all())
    addendum_rows = _grouped(connection.execute(
        select(addenda.c.session_id, addenda.c.written_at, addenda.c.text)
        .where(addenda.c.session_id.in_(ids))
        .order_by(addenda.c.session_id, addenda.c.id)
    ).all())
    result = []
    for row in rows:
        session_id = row.id
        session_blocks = tuple(
            RepBlock(_SEED_KEYS.get(direction, direction), planned,
                     tuple(Rep(r[1], r[2]) for r in rep_rows.get(block_id, ())), skipped)
            for _session_id, block_id, direction, planned, skipped
            in block_rows.get(session_id, ())
        )
        result.append(_session(
            row,
            _measurements(readings.get(session_id, ())),
            session_blocks,
            tuple(
                SafetyEvent(at, SafetyEventKind(kind), pain, action, note)
                for _session_id, at, kind, pain, action, note in event_rows.get(session_id, ())
            ),
            tuple(Addendum(r[1], r[2]) for r in addendum_rows.get(session_id, ())),
            _protocol(connection, known, row.protocol_key, row.protocol_version),
        ))
    return result


def _grouped(rows: Sequence[Row[Any]]) -> dict[int, list[Row[Any]]]:
    """Rows keyed by their first column; they arrive sorted by it, so groupby makes one pass."""
    return {key: list(group) for key, group in groupby(rows, key=itemgetter(0))}


def _measurements(rows: Sequence[Row[Any]]) -> tuple[Measurement, ...]:
    """Reading rows (session, position, timepoint, side, value, ticks) into one per position.

    Rows of one position are its readings in order; the confounder ticks are stored on each alike.
    """
    result: list[Measurement] = []
    last_position = None  # pragma: no mutate (equivalent: no int position equals None or "")
    for _session_id, position, timepoint, side, value, arches, knee in rows:
        if position == last_position:  # a second reading: rare, so rebuilding is cheap
            first = result[-1]
            result[-1] = Measurement(first.timepoint, first.side, (*first.readings, value),
                                     arches, knee)
        else:
            result.append(Measurement(_SEED_KEYS.get(timepoint, timepoint), _SIDES[side], (value,),
                                      arches, knee))
            last_position = position
    return tuple(result)


@lru_cache(maxsize=512)
def enum_set(kind: type[E], text: str) -> frozenset[E]:
    """A comma-joined column back into a frozenset of `kind` (cached: few distinct values)."""
    return frozenset(kind(part) for part in text.split(",") if part)


def _optional(kind: type[E], value: Any) -> E | None:
    return None if value is None else kind(value)


def _session(
    row: Row[Any],
    session_measurements: tuple[Measurement, ...],
    session_blocks: tuple[RepBlock, ...],
    session_events: tuple[SafetyEvent, ...],
    session_addenda: tuple[Addendum, ...],
    protocol: ProtocolDef,
) -> Session:
    """A Session from a whole `sessions` row, its columns taken by name."""
    return Session(
        client_id=row.client_id,
        started_at=row.started_at,
        method=_SEED_KEYS.get(row.method, row.method),
        id=row.id,
        revision=row.version,
        status=_STATUSES[row.status],
        completed_step=_step_index(protocol, row.progress_step),
        protocol=protocol,
        check_in=CheckIn(
            pain_before=row.pain_before,
            pain_locations=enum_set(PainLocation, row.pain_locations),
            changes_since_last=row.changes_since_last,
            red_flags=enum_set(RedFlag, row.red_flags),
            red_flags_answered=row.red_flags_answered,
            override_reason=row.override_reason,
            precautions=enum_set(Precaution, row.precautions),
            surgery_clearance=row.surgery_clearance,
            neuroplastic_suspected=row.neuroplastic_suspected,
        ),
        first_direction=_SEED_KEYS.get(row.first_direction, row.first_direction),
        measurements=session_measurements,
        blocks=session_blocks,
        safety_events=session_events,
        summary=Summary(_optional(FeltBetter, row.felt_better), row.pain_after, row.notes,
                        row.home_program),
        finished_at=row.finished_at,
        abandon_reason=row.abandon_reason,
        addenda=session_addenda,
        verdict_basis=(None if row.verdict_readings is None
                       else VerdictBasis(row.verdict_sem, row.verdict_readings)),
    )


def _step_index(protocol: ProtocolDef, key: str | None) -> int:
    if key is None:
        return -1
    try:
        return protocol.step_index(key)
    except KeyError:
        raise InvalidRecordError(f"A session is at step {key!r}, which protocol "
                                 f"{protocol.key!r} version {protocol.version} does not have.") from None


_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"})


def fold_name(text: str) -> str:
    """A name as search compares it: case and accents ignored ('Müller' -> 'muller')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


CLIENT_COLUMNS = (
    clients.c.id, clients.c.name, clients.c.date_of_birth,
    clients.c.thigh_length_cm, clients.c.notes,
    clients.c.archived,
)


def client_from_row(row: Sequence[Any]) -> Client:
    """A Client from a row starting with CLIENT_COLUMNS."""
    client_id, name, date_of_birth, thigh_length_cm, notes, archived = row[:6]
    return Client(name, client_id, date_of_birth, thigh_length_cm, notes, archived)

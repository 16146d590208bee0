"""Domain objects into rows for the repository's writes (reads go through `reading`).

A session's row and its children are described once, as plain column values by natural key
(`session_columns`, `child_rows`). A new or unknown session is written through ORM rows
(`fill_session_row`, `sync_children`); a later save of a session this repository wrote last is
written as the difference from that copy (`write_changes`): a Rep done inserts one rep row and
bumps the session's version, instead of loading and comparing the whole session (issue 13).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sqlalchemy import Connection, and_, bindparam, delete, insert, select, update

from ..domain.model import Client, Session, SessionStatus
from .orm import (
    ClientRow,
    MeasurementRow,
    RepBlockRow,
    RepRow,
    SafetyEventRow,
    SessionRow,
    blocks,
    events,
    measurements,
    reps,
    sessions,
)

R = TypeVar("R")
K = TypeVar("K")


def fill_client_row(row: ClientRow, client: Client) -> None:
    row.name = client.name
    row.name_folded = client.name.casefold()
    row.date_of_birth = client.date_of_birth
    row.thigh_length_cm = client.thigh_length_cm
    row.notes = client.notes
    row.archived = client.archived


def _join(values: Iterable[enum.Enum]) -> str:
    return ",".join(sorted(str(v.value) for v in values))


def session_columns(session: Session) -> dict[str, Any]:
    """The session row's columns (all but id and version) for `session`."""
    check_in, summary = session.check_in, session.summary
    basis = session.verdict_basis
    return {
        "client_id": session.client_id,
        "started_at": session.started_at,
        "finished_at": session.finished_at,
        "status": session.status.value,
        "method": str(session.method),
        "protocol_key": session.protocol.key,
        "protocol_version": session.protocol.version,
        "progress_step": (session.protocol.steps[session.completed_step].key
                          if session.completed_step >= 0 else None),
        "first_direction": str(session.first_direction) if session.first_direction else None,
        "pain_before": check_in.pain_before,
        "pain_locations": _join(check_in.pain_locations),
        "changes_since_last": check_in.changes_since_last,
        "red_flags": _join(check_in.red_flags),
        "red_flags_answered": check_in.red_flags_answered,
        "override_reason": check_in.override_reason,
        "precautions": _join(check_in.precautions),
        "surgery_clearance": check_in.surgery_clearance,
        "neuroplastic_suspected": check_in.neuroplastic_suspected,
        "felt_better": summary.felt_better.value if summary.felt_better else None,
        "pain_after": summary.pain_after,
        "notes": summary.notes,
        "home_program": summary.home_program,
        "abandon_reason": session.abandon_reason,
        "verdict_sem": basis.sem if basis else None,
        "verdict_readings": basis.readings if basis else None,
    }


def fill_session_row(row: SessionRow, session: Session) -> None:
    for name, value in session_columns(session).items():
        setattr(row, name, value)


def child_rows(session: Session) -> dict[str, dict[Any, dict[str, Any]]]:
    """The session's child rows by natural key: a reading is (time point, side, reading index),
    a block its direction, a rep (direction, number in the block), a safety event its position."""
    return {
        "readings": {
            (str(m.timepoint), m.side.value, index): dict(
                position=position, value=value, lower_back_arches=m.lower_back_arches,
                knee_cannot_straighten=m.knee_cannot_straighten)
            for position, m in enumerate(session.measurements)
            for index, value in enumerate(m.readings)
        },
        "blocks": {
            str(b.direction): dict(position=position, planned_reps=b.planned_reps,
                                    skipped=b.skipped)
            for position, b in enumerate(session.blocks)
        },
        "reps": {
            (str(b.direction), n): dict(started_at=r.started_at, ended_at=r.ended_at)
            for b in session.blocks
            for n, r in enumerate(b.reps, start=1)
        },
        "events": {
            position: dict(occurred_at=e.occurred_at, kind=e.kind.value, pain=e.pain,
                           action_taken=e.action_taken, note=e.note)
            for position, e in enumerate(session.safety_events)
        },
    }


def sync_children(row: SessionRow, session: Session) -> None:
    """Bring the session row's children to `session`, row by natural key, never delete and
    reinsert (see `child_rows`; safety events are only appended). Unchanged rows keep their ids,
    so notes and reports can point at them. The session has passed
    `domain.validation.check_session`."""
    wanted = child_rows(session)
    _sync(row.measurements, wanted["readings"],
          lambda r: (r.timepoint, r.side, r.reading_index),
          lambda key, fields: MeasurementRow(timepoint=key[0], side=key[1], reading_index=key[2],
                                             **fields))
    _sync(row.blocks, wanted["blocks"], lambda r: r.direction,
          lambda key, fields: RepBlockRow(direction=key, **fields))
    for block_row in row.blocks:
        of_block = {n: fields for (direction, n), fields in wanted["reps"].items()
                    if direction == block_row.direction}
        _sync(block_row.reps, of_block, lambda r: r.rep_number,
              lambda key, fields: RepRow(rep_number=key, **fields))
    _sync(row.safety_events, wanted["events"], lambda r: r.position,
          lambda key, fields: SafetyEventRow(position=key, **fields))


def _matching(table: Any, names: Iterable[str]) -> Any:
    """`table.c.NAME = :k_NAME` for each name: a row found by bound values, so one statement
    (built and compiled once) serves every save. The `k_` keeps the bound names apart from
    the columns an UPDATE sets, which SQLAlchemy names after the columns."""
    # pragma below: built at import, before mutmut picks a mutant, so mutmut cannot change it;
    # every save test fails if these statements are wrong (tests/persistence).
    return and_(*(table.c[name] == bindparam(f"k_{name}") for name in names))  # pragma: no mutate


def _keyed(owner: dict[str, Any], key_columns: dict[str, Any]) -> dict[str, Any]:
    return {f"k_{name}": value for name, value in {**owner, **key_columns}.items()}


class _Statements:
    """A table's delete, update and insert of one row found by its owner and natural key.

    Built once per table: SQLAlchemy then finds each one's compiled form by the statement
    object itself, instead of building and hashing a new statement for every row of every save
    (a third of a Rep done's time, issue 13). The UPDATE's SET clause is the parameters given."""

    def __init__(self, table: Any, key_names: tuple[str, ...]) -> None:
        # Built at import (see _matching), out of mutmut's reach: hence the pragmas.
        self.delete = delete(table).where(_matching(table, key_names))  # pragma: no mutate
        self.update = update(table).where(_matching(table, key_names))  # pragma: no mutate
        self.insert = insert(table)  # pragma: no mutate


_READINGS = _Statements(measurements, ("session_id", "timepoint", "side", "reading_index"))
_BLOCKS = _Statements(blocks, ("session_id", "direction"))
_REPS = _Statements(reps, ("block_id", "rep_number"))
_EVENTS = _Statements(events, ("session_id", "position"))
# The session row, only while it is still the in-progress session of the same client at the
# version this repository saved (see write_changes); the SET clause is the changed columns.
_UPDATE_SESSION = update(sessions).where(_matching(
    sessions, ("id", "version", "status", "client_id")))
_BLOCK_IDS = select(blocks.c.direction, blocks.c.id).where(
    blocks.c.session_id == bindparam("k_session_id"))


def write_changes(connection: Connection, stored: Session, session: Session) -> bool:
    """Write `session` as its difference from `stored`, the copy this repository saved last.

    The session row is updated first, only where it is still the in-progress session of the
    same client at `stored`'s version (the version is bumped, as every save does); when it is
    not (saved elsewhere since, finished, moved), nothing is written and False is returned, and
    the caller takes the full path, which says why. Then only the child rows that differ are
    deleted, updated or inserted, by natural key. One transaction: the caller's.
    """
    assert stored.id is not None and stored.id == session.id  # pragma: no mutate (a caller's promise)
    before, after = session_columns(stored), session_columns(session)
    changed = {name: value for name, value in after.items() if before[name] != value}
    result = connection.execute(_UPDATE_SESSION, {
        **changed, "version": session.revision + 1,
        "k_id": stored.id, "k_version": stored.revision,
        "k_status": SessionStatus.IN_PROGRESS.value, "k_client_id": session.client_id,
    })
    if result.rowcount != 1:
        return False
    old, new = child_rows(stored), child_rows(session)
    of_session = {"session_id": stored.id}
    _write_diff(connection, _READINGS, old["readings"], new["readings"], of_session,
                lambda key: {"timepoint": key[0], "side": key[1], "reading_index": key[2]})
    _write_diff(connection, _BLOCKS, old["blocks"], new["blocks"], of_session,
                lambda key: {"direction": key})  # a removed block's reps go with it (cascade)
    rep_changes = {key for key in old["reps"].keys() | new["reps"].keys()
                   if old["reps"].get(key) != new["reps"].get(key)}
    if rep_changes:
        block_ids = dict(connection.execute(_BLOCK_IDS, {"k_session_id": stored.id}).all())
        kept = {direction for direction, _n in rep_changes if direction in block_ids}
        for direction in kept:
            _write_diff(connection, _REPS,
                        {n: f for (d, n), f in old["reps"].items() if d == direction},
                        {n: f for (d, n), f in new["reps"].items() if d == direction},
                        {"block_id": block_ids[direction]}, lambda n: {"rep_number": n})
    _write_diff(connection, _EVENTS, old["events"], new["events"], of_session,
                lambda key: {"position": key})
    return True


def _write_diff(connection: Connection, statements: _Statements, old: dict[K, dict[str, Any]],
                new: dict[K, dict[str, Any]], owner: dict[str, Any],
                key_columns: Callable[[K], dict[str, Any]]) -> None:
    """Delete the rows whose key went, update those whose fields differ (only those columns),
    insert the new ones; `owner` and `key_columns(key)` find a row."""
    for key in old.keys() - new.keys():
        connection.execute(statements.delete, _keyed(owner, key_columns(key)))
    for key, fields in new.items():
        previous = old.get(key)
        if previous is None:
            connection.execute(statements.insert, {**owner, **key_columns(key), **fields})
        elif previous != fields:
            connection.execute(statements.update, {
                **{name: value for name, value in fields.items() if previous.get(name) != value},
                **_keyed(owner, key_columns(key))})


def _sync(existing: list[R], wanted: dict[K, dict[str, Any]], key_of: Callable[[R], K],
          make: Callable[[K, dict[str, Any]], R]) -> None:
    """Update rows whose key is wanted (only the columns that differ), add the missing ones and
    remove the rest (the relationship's delete-orphan deletes them)."""
    by_key = {key_of(r): r for r in existing}
    for key in set(by_key) - set(wanted):
        existing.remove(by_key[key])
    for key, fields in wanted.items():
        found = by_key.get(key)
        if found is None:
            existing.append(make(key, fields))
            continue
        for name, value in fields.items():
            if getattr(found, name) != value:
                setattr(found, name, value)

"""Domain objects into ORM rows for the repository's writes (reads go through `reading`)."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ..domain.model import Client, Session
from .orm import ClientRow, MeasurementRow, RepBlockRow, RepRow, SafetyEventRow, SessionRow

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


def fill_session_row(row: SessionRow, session: Session) -> None:
    check_in, summary = session.check_in, session.summary
    row.client_id = session.client_id
    row.started_at = session.started_at
    row.finished_at = session.finished_at
    row.status = session.status.value
    row.method = str(session.method)
    row.protocol_key = session.protocol.key
    row.protocol_version = session.protocol.version
    step = session.completed_step
    row.progress_step = session.protocol.steps[step].key if step >= 0 else None
    row.first_direction = str(session.first_direction) if session.first_direction else None
    row.pain_before = check_in.pain_before
    row.pain_locations = _join(check_in.pain_locations)
    row.changes_since_last = check_in.changes_since_last
    row.red_flags = _join(check_in.red_flags)
    row.red_flags_answered = check_in.red_flags_answered
    row.override_reason = check_in.override_reason
    row.precautions = _join(check_in.precautions)
    row.surgery_clearance = check_in.surgery_clearance
    row.neuroplastic_suspected = check_in.neuroplastic_suspected
    row.felt_better = summary.felt_better.value if summary.felt_better else None
    row.pain_after = summary.pain_after
    row.notes = summary.notes
    row.home_program = summary.home_program
    row.abandon_reason = session.abandon_reason
    basis = session.verdict_basis
    row.verdict_sem = basis.sem if basis else None
    row.verdict_readings = basis.readings if basis else None


def sync_children(row: SessionRow, session: Session) -> None:
    """Bring the session row's children to `session`, row by natural key, never delete and
    reinsert: a reading is (time point, side, reading index), a block its direction, a rep its
    number in the block, a safety event its position (events are only appended). Unchanged rows
    keep their ids, so notes and reports can point at them, and a tap writes one row, not all.
    The session has passed `domain.validation.check_session`."""
    wanted_readings = {
        (str(m.timepoint), m.side.value, index): dict(
            position=position, value=value, lower_back_arches=m.lower_back_arches,
            knee_cannot_straighten=m.knee_cannot_straighten)
        for position, m in enumerate(session.measurements)
        for index, value in enumerate(m.readings)
    }
    _sync(row.measurements, wanted_readings,
          lambda r: (r.timepoint, r.side, r.reading_index),
          lambda key, fields: MeasurementRow(timepoint=key[0], side=key[1], reading_index=key[2],
                                             **fields))
    wanted_blocks = {
        str(b.direction): dict(position=position, planned_reps=b.planned_reps, skipped=b.skipped)
        for position, b in enumerate(session.blocks)
    }
    _sync(row.blocks, wanted_blocks, lambda r: r.direction,
          lambda key, fields: RepBlockRow(direction=key, **fields))
    for block_row in row.blocks:
        block = next(b for b in session.blocks if b.direction == block_row.direction)
        wanted_reps = {n: dict(started_at=r.started_at, ended_at=r.ended_at)
                       for n, r in enumerate(block.reps, start=1)}
        _sync(block_row.reps, wanted_reps, lambda r: r.rep_number,
              lambda key, fields: RepRow(rep_number=key, **fields))
    wanted_events = {
        position: dict(occurred_at=e.occurred_at, kind=e.kind.value, pain=e.pain,
                       action_taken=e.action_taken, note=e.note)
        for position, e in enumerate(session.safety_events)
    }
    _sync(row.safety_events, wanted_events, lambda r: r.position,
          lambda key, fields: SafetyEventRow(position=key, **fields))


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

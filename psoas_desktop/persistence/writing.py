"""Domain objects into ORM rows for the repository's writes (reads go through `reading`)."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from ..domain.model import Client, Session
from .orm import ClientRow, MeasurementRow, RepBlockRow, RepRow, SafetyEventRow, SessionRow


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
    row.method = session.method.value
    row.completed_step = session.completed_step
    row.first_direction = session.first_direction.value if session.first_direction else None
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


def child_rows(
    session: Session,
) -> tuple[list[MeasurementRow], list[RepBlockRow], list[SafetyEventRow]]:
    """The session's child rows; the session has passed `domain.validation.check_session`."""
    measurements = []
    for position, m in enumerate(session.measurements):
        measurements += [
            MeasurementRow(
                position=position,
                timepoint=m.timepoint.value,
                side=m.side.value,
                reading_index=index,
                value=value,
                lower_back_arches=m.lower_back_arches,
                knee_cannot_straighten=m.knee_cannot_straighten,
            )
            for index, value in enumerate(m.readings)
        ]
    blocks = [
        RepBlockRow(
            position=position,
            direction=b.direction.value,
            planned_reps=b.planned_reps,
            skipped=b.skipped,
            reps=[
                RepRow(rep_number=n, started_at=r.started_at, ended_at=r.ended_at)
                for n, r in enumerate(b.reps, start=1)
            ],
        )
        for position, b in enumerate(session.blocks)
    ]
    events = [
        SafetyEventRow(
            position=position,
            occurred_at=e.occurred_at,
            kind=e.kind.value,
            pain=e.pain,
            action_taken=e.action_taken,
            note=e.note,
        )
        for position, e in enumerate(session.safety_events)
    ]
    return measurements, blocks, events

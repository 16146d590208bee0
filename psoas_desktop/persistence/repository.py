"""The only storage API the app uses: the domain's `Store`, domain objects in and out.

Every method is one transaction; SQLAlchemy and sqlite3 errors come out as `StorageError` with
a calm sentence (see `db.translate_errors`). ORM rows never leave this module.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Engine, Select, case, func, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import selectinload, sessionmaker

from ..domain.model import (
    Addendum,
    CheckIn,
    Client,
    ClientSummary,
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
)
from ..domain.ports import StorageError
from .db import translate_errors
from .orm import (
    AddendumRow,
    ClientRow,
    MeasurementRow,
    RepBlockRow,
    RepRow,
    SafetyEventRow,
    SessionRow,
)

E = TypeVar("E", bound=enum.Enum)

_LOAD_CHILDREN = (
    selectinload(SessionRow.measurements),
    selectinload(SessionRow.blocks).selectinload(RepBlockRow.reps),
    selectinload(SessionRow.safety_events),
    selectinload(SessionRow.addenda),
)


class RecordNotFoundError(StorageError, LookupError):
    """A client or session id that is not in the database."""


class Repository:
    """Implements `domain.ports.Store` on an SQLAlchemy engine."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sessionmaker = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def _transaction(self) -> Iterator[OrmSession]:
        with translate_errors(), self._sessionmaker.begin() as orm_session:
            yield orm_session

    # --- clients ------------------------------------------------------------------------
    def add_client(self, client: Client) -> Client:
        if client.id is not None:
            raise ValueError(f"client {client.id} is already stored; use update_client")
        with self._transaction() as db:
            row = ClientRow(created_at=datetime.now(UTC))
            _fill_client_row(row, client)
            db.add(row)
            db.flush()
            return replace(client, id=row.id)

    def update_client(self, client: Client) -> Client:
        if client.id is None:
            raise ValueError("an unsaved client cannot be updated; use add_client")
        with self._transaction() as db:
            _fill_client_row(_client_row(db, client.id), client)
        return client

    def get_client(self, client_id: int) -> Client:
        with self._transaction() as db:
            return _to_client(_client_row(db, client_id))

    def list_clients(
        self, search: str = "", include_archived: bool = False
    ) -> Sequence[ClientSummary]:
        """Most recently seen first, then clients never seen; ties by name. One query."""
        last_visit = func.max(SessionRow.started_at).label("last_visit")
        stmt = (
            select(ClientRow, last_visit, func.count(SessionRow.id))
            .outerjoin(SessionRow, SessionRow.client_id == ClientRow.id)
            .group_by(ClientRow.id)
            .order_by(
                case((last_visit.is_(None), 1), else_=0),
                last_visit.desc(),
                ClientRow.name_folded,
                ClientRow.name,
                ClientRow.id,
            )
        )
        if not include_archived:
            stmt = stmt.where(ClientRow.archived.is_(False))
        if search.strip():
            stmt = stmt.where(
                ClientRow.name_folded.contains(search.strip().casefold(), autoescape=True)
            )
        with self._transaction() as db:
            return [
                ClientSummary(_to_client(row), last, count) for row, last, count in db.execute(stmt)
            ]

    # --- sessions -----------------------------------------------------------------------
    def start_session(self, client_id: int, method: Method, started_at: datetime) -> Session:
        return self.save_session(Session(client_id=client_id, started_at=started_at, method=method))

    def save_session(self, session: Session) -> Session:
        """Write the whole session (not its addenda) in one transaction; returns it with its id."""
        children = _child_rows(session)
        with self._transaction() as db:
            _client_row(db, session.client_id)
            if session.id is None:
                row = SessionRow()
                db.add(row)
            else:
                row = _session_row(db, session.id)
                _check_writable(row, session)
            _fill_session_row(row, session)
            # delete the old children before inserting the new: they share unique keys
            row.measurements.clear()
            row.blocks.clear()
            row.safety_events.clear()
            db.flush()
            row.measurements, row.blocks, row.safety_events = children
            db.flush()
            addenda = tuple(_to_addendum(a) for a in row.addenda)
        return replace(session, id=row.id, addenda=addenda)

    def get_session(self, session_id: int) -> Session:
        with self._transaction() as db:
            row = db.scalars(_sessions().where(SessionRow.id == session_id)).one_or_none()
            if row is None:
                raise RecordNotFoundError(f"Session {session_id} is not in the records.")
            return _to_session(row)

    def sessions_for_client(self, client_id: int) -> Sequence[Session]:
        """The client's sessions in the order they were started."""
        stmt = (
            _sessions()
            .where(SessionRow.client_id == client_id)
            .order_by(SessionRow.started_at, SessionRow.id)
        )
        with self._transaction() as db:
            _client_row(db, client_id)
            return [_to_session(row) for row in db.scalars(stmt)]

    def sessions_in_progress(self) -> Sequence[Session]:
        stmt = (
            _sessions()
            .where(SessionRow.status == SessionStatus.IN_PROGRESS.value)
            .order_by(SessionRow.started_at, SessionRow.id)
        )
        with self._transaction() as db:
            return [_to_session(row) for row in db.scalars(stmt)]

    def last_session(self, client_id: int) -> Session | None:
        """The client's most recently started session, whatever its status."""
        stmt = (
            _sessions()
            .where(SessionRow.client_id == client_id)
            .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
            .limit(1)
        )
        with self._transaction() as db:
            row = db.scalars(stmt).one_or_none()
            return None if row is None else _to_session(row)

    def add_addendum(self, session_id: int, addendum: Addendum) -> None:
        """Append a dated note to a session; addenda are never changed or removed."""
        with self._transaction() as db:
            _session_row(db, session_id)
            db.add(
                AddendumRow(
                    session_id=session_id, written_at=addendum.written_at, text=addendum.text
                )
            )

    def all_sessions_with_clients(self) -> Iterator[tuple[Client, Session]]:
        """Every session with its client, by client name then start time, read in batches."""
        stmt = (
            _sessions()
            .add_columns(ClientRow)
            .join(SessionRow.client)
            .order_by(
                ClientRow.name_folded,
                ClientRow.name,
                ClientRow.id,
                SessionRow.started_at,
                SessionRow.id,
            )
            .execution_options(yield_per=500)
        )
        with self._transaction() as db:
            for session_row, client_row in db.execute(stmt):
                yield _to_client(client_row), _to_session(session_row)


# --- rows <-> domain ------------------------------------------------------------------------
def _sessions() -> Select[tuple[SessionRow]]:
    return select(SessionRow).options(*_LOAD_CHILDREN)


def _client_row(db: OrmSession, client_id: int) -> ClientRow:
    row = db.get(ClientRow, client_id)
    if row is None:
        raise RecordNotFoundError(f"Client {client_id} is not in the records.")
    return row


def _session_row(db: OrmSession, session_id: int) -> SessionRow:
    row = db.get(SessionRow, session_id)
    if row is None:
        raise RecordNotFoundError(f"Session {session_id} is not in the records.")
    return row


def _check_writable(row: SessionRow, session: Session) -> None:
    if row.status != SessionStatus.IN_PROGRESS.value:
        raise StorageError(
            "This session is already finished, so it cannot be changed. "
            "Add a dated addendum instead."
        )
    if row.client_id != session.client_id:
        raise StorageError(f"Session {row.id} belongs to another client, so it was not changed.")


def _fill_client_row(row: ClientRow, client: Client) -> None:
    row.name = client.name
    row.name_folded = client.name.casefold()
    row.date_of_birth = client.date_of_birth
    row.thigh_length_cm = client.thigh_length_cm
    row.notes = client.notes
    row.archived = client.archived


def _to_client(row: ClientRow) -> Client:
    return Client(
        name=row.name,
        id=row.id,
        date_of_birth=row.date_of_birth,
        thigh_length_cm=row.thigh_length_cm,
        notes=row.notes,
        archived=row.archived,
    )


def _join(values: Iterable[enum.Enum]) -> str:
    return ",".join(sorted(str(v.value) for v in values))


def _split(kind: type[E], text: str) -> frozenset[E]:
    return frozenset(kind(part) for part in text.split(",") if part)


def _optional(kind: type[E], value: Any) -> E | None:
    return None if value is None else kind(value)


def _fill_session_row(row: SessionRow, session: Session) -> None:
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


def _child_rows(
    session: Session,
) -> tuple[list[MeasurementRow], list[RepBlockRow], list[SafetyEventRow]]:
    seen: set[tuple[Timepoint, Side]] = set()
    measurements = []
    for position, m in enumerate(session.measurements):
        if not m.readings or (m.timepoint, m.side) in seen:
            raise ValueError(f"{m.timepoint} {m.side}: need one Measurement with readings")
        seen.add((m.timepoint, m.side))
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


def _to_measurements(rows: Iterable[MeasurementRow]) -> tuple[Measurement, ...]:
    groups: dict[int, list[MeasurementRow]] = {}
    for row in rows:  # ordered by position, then reading_index
        groups.setdefault(row.position, []).append(row)
    return tuple(_to_measurement(group) for group in groups.values())


def _to_measurement(readings: list[MeasurementRow]) -> Measurement:
    first = readings[0]  # the ticks are stored on every reading row alike
    return Measurement(
        Timepoint(first.timepoint),
        Side(first.side),
        tuple(r.value for r in readings),
        first.lower_back_arches,
        first.knee_cannot_straighten,
    )


def _to_addendum(row: AddendumRow) -> Addendum:
    return Addendum(written_at=row.written_at, text=row.text)


def _to_session(row: SessionRow) -> Session:
    return Session(
        client_id=row.client_id,
        started_at=row.started_at,
        method=Method(row.method),
        id=row.id,
        status=SessionStatus(row.status),
        completed_step=row.completed_step,
        check_in=CheckIn(
            pain_before=row.pain_before,
            pain_locations=_split(PainLocation, row.pain_locations),
            changes_since_last=row.changes_since_last,
            red_flags=_split(RedFlag, row.red_flags),
            red_flags_answered=row.red_flags_answered,
            override_reason=row.override_reason,
            precautions=_split(Precaution, row.precautions),
            surgery_clearance=row.surgery_clearance,
            neuroplastic_suspected=row.neuroplastic_suspected,
        ),
        first_direction=_optional(Direction, row.first_direction),
        measurements=_to_measurements(row.measurements),
        blocks=tuple(
            RepBlock(
                Direction(b.direction),
                b.planned_reps,
                tuple(Rep(r.started_at, r.ended_at) for r in b.reps),
            )
            for b in row.blocks
        ),
        safety_events=tuple(
            SafetyEvent(e.occurred_at, SafetyEventKind(e.kind), e.pain, e.action_taken, e.note)
            for e in row.safety_events
        ),
        summary=Summary(
            _optional(FeltBetter, row.felt_better), row.pain_after, row.notes, row.home_program
        ),
        finished_at=row.finished_at,
        abandon_reason=row.abandon_reason,
        addenda=tuple(_to_addendum(a) for a in row.addenda),
    )

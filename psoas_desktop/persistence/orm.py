"""The database tables as SQLAlchemy 2 declarative rows. Only the repository maps them to domain.

Times are stored as fixed-width ISO text in UTC (see `UtcDateTime`), so they sort correctly on
any database and come back exactly as given: aware ones as aware UTC, naive ones as naive.
Enums are stored as their string values; sets of enums as sorted, comma-joined values.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from ..domain.validation import NAME_LENGTH

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A datetime as ISO text: aware values converted to UTC ('...+00:00'), naive kept as given.

    Naive values are taken to be UTC already, so both kinds sort together by instant.
    """

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat(sep="T", timespec="microseconds")

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)

    def result_processor(
        self, dialect: Dialect, coltype: object
    ) -> Callable[[str | None], datetime | None]:
        """process_result_value without TypeDecorator's wrapping: thousands of times per page."""
        parse = datetime.fromisoformat
        return lambda value: None if value is None else parse(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _session_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)


class ClientRow(Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    # casefolded name, kept by the repository: case-insensitive search for any alphabet
    name_folded: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    thigh_length_cm: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    sessions: Mapped[list[SessionRow]] = relationship(back_populates="client")


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_client_id_started_at", "client_id", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(20), index=True)
    method: Mapped[str] = mapped_column(String(30))
    # the protocol followed (a row of `protocols`) and the key of its last completed step
    protocol_key: Mapped[str] = mapped_column(String(80))
    protocol_version: Mapped[int] = mapped_column(Integer)
    progress_step: Mapped[str | None] = mapped_column(String(80))
    first_direction: Mapped[str | None] = mapped_column(String(10))
    # check-in
    pain_before: Mapped[int | None] = mapped_column(Integer)
    pain_locations: Mapped[str] = mapped_column(Text, default="")
    changes_since_last: Mapped[str] = mapped_column(Text, default="")
    red_flags: Mapped[str] = mapped_column(Text, default="")
    red_flags_answered: Mapped[bool] = mapped_column(Boolean, default=False)
    override_reason: Mapped[str] = mapped_column(Text, default="")
    precautions: Mapped[str] = mapped_column(Text, default="")
    surgery_clearance: Mapped[str] = mapped_column(Text, default="")
    neuroplastic_suspected: Mapped[bool] = mapped_column(Boolean, default=False)
    # summary
    felt_better: Mapped[str | None] = mapped_column(String(20))
    pain_after: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    home_program: Mapped[str] = mapped_column(Text, default="")
    abandon_reason: Mapped[str] = mapped_column(Text, default="")
    # counts every save; a save from an older copy is refused (SQLAlchemy's version_id_col)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    # what the verdict was judged with, stored at Finish (NULL readings: not judged yet)
    verdict_sem: Mapped[float | None] = mapped_column(Float)
    verdict_readings: Mapped[int | None] = mapped_column(Integer)

    client: Mapped[ClientRow] = relationship(back_populates="sessions")
    measurements: Mapped[list[MeasurementRow]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by=lambda: (MeasurementRow.position, MeasurementRow.reading_index),
    )
    blocks: Mapped[list[RepBlockRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="RepBlockRow.position"
    )
    safety_events: Mapped[list[SafetyEventRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="SafetyEventRow.position"
    )
    addenda: Mapped[list[AddendumRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="AddendumRow.id"
    )

    # The repository sets the next version on every save (children-only changes too), and the
    # UPDATE carries "WHERE version = the one read", so a concurrent save cannot slip between.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class MeasurementRow(Base):
    """One reading; a domain Measurement with two readings is two rows sharing its ticks."""

    __tablename__ = "measurements"
    __table_args__ = (UniqueConstraint("session_id", "timepoint", "side", "reading_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # order of the Measurement in the session
    timepoint: Mapped[str] = mapped_column(String(20))
    side: Mapped[str] = mapped_column(String(10))
    reading_index: Mapped[int] = mapped_column(Integer)  # 0-based
    value: Mapped[float] = mapped_column(Float)
    lower_back_arches: Mapped[bool] = mapped_column(Boolean, default=False)
    knee_cannot_straighten: Mapped[bool] = mapped_column(Boolean, default=False)


class RepBlockRow(Base):
    __tablename__ = "rep_blocks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = _session_fk()
    position: Mapped[int] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(10))
    planned_reps: Mapped[int] = mapped_column(Integer)
    skipped: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    reps: Mapped[list[RepRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="RepRow.rep_number"
    )


class RepRow(Base):
    __tablename__ = "reps"
    __table_args__ = (UniqueConstraint("block_id", "rep_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    block_id: Mapped[int] = mapped_column(ForeignKey("rep_blocks.id", ondelete="CASCADE"))
    rep_number: Mapped[int] = mapped_column(Integer)  # 1-based
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SafetyEventRow(Base):
    __tablename__ = "safety_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = _session_fk()
    position: Mapped[int] = mapped_column(Integer)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    kind: Mapped[str] = mapped_column(String(30))
    pain: Mapped[int | None] = mapped_column(Integer)
    action_taken: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")


class AddendumRow(Base):
    """A dated correction to a finished session; rows are only ever appended."""

    __tablename__ = "addenda"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = _session_fk()
    written_at: Mapped[datetime] = mapped_column(UtcDateTime)
    text: Mapped[str] = mapped_column(Text)


class SoapNoteRow(Base):
    """A finished session's SOAP note; once `signed_at` is set the row is never changed."""

    __tablename__ = "soap_notes"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    subjective: Mapped[str] = mapped_column(Text)
    objective: Mapped[str] = mapped_column(Text)
    assessment: Mapped[str] = mapped_column(Text)
    plan: Mapped[str] = mapped_column(Text)
    signed_by: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditRow(Base):
    """A dated record of an irreversible action (deleting a client); rows are only appended."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)


class ProtocolRow(Base):
    """A protocol definition as a session used it: never changed once stored (a changed
    definition is a new version)."""

    __tablename__ = "protocols"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    definition: Mapped[str] = mapped_column(Text)  # the definition as JSON
    stored_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PreferenceRow(Base):
    """One remembered choice of the therapist (planned reps, phase seconds...), as text."""

    __tablename__ = "preferences"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# The same tables for Core queries (bulk reads and deletes), named once for every module.
clients = ClientRow.__table__
sessions = SessionRow.__table__
measurements = MeasurementRow.__table__
blocks = RepBlockRow.__table__
reps = RepRow.__table__
events = SafetyEventRow.__table__
addenda = AddendumRow.__table__
audit_log = AuditRow.__table__
soap_notes = SoapNoteRow.__table__
protocols = ProtocolRow.__table__
preferences = PreferenceRow.__table__

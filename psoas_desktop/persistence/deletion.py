"""Deleting a client for good: what it removes, removing it, and the audit sentence that remains.

The rows go with explicit DELETEs (children first), so the result does not depend on the
database enforcing ON DELETE CASCADE. On SQLite the deleted content is also overwritten
(`secure_delete`) and the write-ahead log emptied afterwards, so the removed records do not
linger in the files.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import ColumnElement, Connection, Table, delete, func, select

from ..domain.model import DeletionReport
from ..domain.ports import StorageError
from .orm import (
    addenda,
    blocks,
    clients,
    events,
    measurements,
    reps,
    sessions,
    soap_notes,
)

ACTION = "delete_client"



class ReasonRequiredError(StorageError, ValueError):
    """A client is only deleted with a written reason, which the audit log keeps."""


def check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequiredError(
            "Please write a short reason for deleting this client's records; "
            "it is kept in the audit log. Nothing was deleted."
        )
    return reason


def report(connection: Connection, name: str, client_id: int) -> DeletionReport:
    """Counts of what deleting the client removes: sessions, measurements (one per side and
    time point, however many readings), safety events."""
    session_ids = select(sessions.c.id).where(sessions.c.client_id == client_id)
    return DeletionReport(
        client_name=name,
        sessions=_count(connection, sessions, sessions.c.client_id == client_id),
        measurements=_count(
            connection,
            measurements,
            measurements.c.session_id.in_(session_ids),
            measurements.c.reading_index == 0,
        ),
        safety_events=_count(connection, events, events.c.session_id.in_(session_ids)),
    )


def _count(connection: Connection, table: Table, *where: ColumnElement[bool]) -> int:
    return connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def remove_client(connection: Connection, client_id: int) -> None:
    """Delete the client and every row recorded for them, children first."""
    session_ids = select(sessions.c.id).where(sessions.c.client_id == client_id)
    block_ids = select(blocks.c.id).where(blocks.c.session_id.in_(session_ids))
    connection.execute(delete(reps).where(reps.c.block_id.in_(block_ids)))
    for table in (blocks, measurements, events, addenda, soap_notes):
        connection.execute(delete(table).where(table.c.session_id.in_(session_ids)))
    connection.execute(delete(sessions).where(sessions.c.client_id == client_id))
    connection.execute(delete(clients).where(clients.c.id == client_id))


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def audit_detail(removed: DeletionReport, reason: str) -> str:
    """E.g. "Deleted client 'Anna Berg' (4 sessions, 24 measurements, 1 safety event): moved"."""
    counts = ", ".join((
        _counted(removed.sessions, "session"),
        _counted(removed.measurements, "measurement"),
        _counted(removed.safety_events, "safety event"),
    ))
    return f"Deleted client '{removed.client_name}' ({counts}): {reason}"


@contextmanager
def erasing(connection: Connection) -> Iterator[None]:
    """On SQLite: deletes overwrite the removed content while inside, and after a successful
    block the write-ahead log is checkpointed and truncated. Other databases: no change."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA secure_delete=ON")
    connection.commit()
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA secure_delete=OFF")
        connection.commit()
    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.commit()

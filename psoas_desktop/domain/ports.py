"""What the UI and export need from storage: the repository as a Protocol, and its errors.

The persistence layer implements `Store`; the UI depends on this Protocol only, never on the
database code, so the arrows of DESIGN.md hold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from .analysis import BaselinePair
from .model import Addendum, Client, ClientSummary, DeletionReport, Method, Session
from .protocol_def import ProtocolDef
from .soap import SoapNote


class StorageError(RuntimeError):
    """Saving or loading failed; `str(error)` is a calm sentence for the therapist."""


class InvalidRecordError(StorageError):
    """A record that breaks an invariant (domain.validation) was refused; nothing was written."""


class StaleSessionError(StorageError):
    """A save based on an out-of-date copy: another window saved this session since. Nothing was
    overwritten; `current` is what the record holds now."""

    def __init__(self, current: Session | None) -> None:
        super().__init__("This session was changed in another window, so these entries were not "
                         "saved over it. The screen now shows what it holds.")
        self.current = current


class DatabaseMovedError(StorageError):
    """The records file was moved, renamed or deleted while the app had it open: nothing more is
    saved until it is back, so no entry "succeeds" into a file that is no longer there."""


class ReadOnlyDatabaseError(StorageError):
    """The records file can be read but not changed, so it was not opened for sessions."""


class ServerBackupsError(StorageError):
    """The records live on a database server, whose own backups (pg_dump) protect them."""


@dataclass(frozen=True)
class BackupInfo:
    """One verified backup copy: where it is, when it was taken, and what it holds.

    `clients` and `sessions` are None when the copy could not be read (then `problem` says why).
    """

    path: str
    taken_at: datetime
    clients: int | None
    sessions: int | None
    size_bytes: int
    problem: str = ""


@dataclass(frozen=True)
class BackupPreview:
    """What one backup holds, read without changing it: its clients' names and its sessions."""

    client_names: tuple[str, ...]
    sessions: int


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: when, what kind of action, and a sentence saying what (never a
    client's health data)."""

    at: datetime
    action: str
    detail: str


@dataclass(frozen=True)
class SessionStart:
    """What a tap on Start session needs, read in one go: the client, their unfinished session
    (the newest, when there is one: it is resumed instead), their most recently started session
    (whatever its status), and the therapist's remembered choices."""

    client: Client
    unfinished: Session | None
    previous: Session | None
    preferences: Mapping[str, str]


class BackupShelf(Protocol):
    """What the backups screen needs: the `Store`'s backup methods and its audit log. Also met,
    at start, by the backups of a damaged database that cannot be opened as a `Store`."""

    def backup_now(self, now: datetime) -> BackupInfo: ...

    def list_backups(self) -> Sequence[BackupInfo]: ...

    def restore_backup(self, backup_path: str, now: datetime) -> BackupInfo | None: ...

    def preview_backup(self, backup_path: str) -> BackupPreview: ...

    def audit_log(self) -> Sequence[AuditEntry]: ...


class Store(Protocol):
    def add_client(self, client: Client) -> Client: ...

    def update_client(self, client: Client) -> Client: ...

    def get_client(self, client_id: int) -> Client: ...

    def list_clients(
        # Not mutated: a Protocol's body never runs, so these defaults are documentation only.
        self, search: str = "", include_archived: bool = False  # pragma: no mutate
    ) -> Sequence[ClientSummary]: ...

    def start_session(self, client_id: int, method: str, started_at: datetime,
                      protocol: ProtocolDef | None = None) -> Session: ...

    def save_session(self, session: Session) -> Session: ...

    def get_session(self, session_id: int) -> Session: ...

    def sessions_for_client(self, client_id: int) -> Sequence[Session]: ...

    def warm_up(self) -> None:
        """Prepare reading a client's history (in idle time); reads no record."""

    def sessions_in_progress(self) -> Sequence[Session]: ...

    def last_session(self, client_id: int) -> Session | None: ...

    def session_start(self, client_id: int) -> SessionStart:
        """What starting a session for the client needs, in one read (see SessionStart)."""

    def add_addendum(self, session_id: int, addendum: Addendum) -> None: ...

    def soap_note(self, session_id: int) -> SoapNote | None:
        """The session's stored SOAP note, or None while none was saved."""
        ...

    def save_soap_note(self, note: SoapNote) -> SoapNote:
        """Store a finished session's note (a draft, or the note being signed); a note that is
        already signed is never changed (StorageError: add a dated addendum instead)."""
        ...

    def set_archived(self, client_id: int, archived: bool) -> Client: ...

    def deletion_preview(self, client_id: int) -> DeletionReport: ...

    def delete_client(self, client_id: int, reason: str) -> DeletionReport:
        """Remove a client and everything recorded for them; an audit entry keeps the fact."""
        ...

    def baseline_pairs(self, method: Method) -> Sequence[BaselinePair]:
        """Pairs of baseline readings (one side, one session) for the therapist's own SEM."""
        ...

    def preferences(self) -> dict[str, str]:
        """The therapist's remembered choices (planned reps, phase seconds, sound, speech...)."""
        ...

    def save_preferences(self, values: dict[str, str]) -> None: ...

    def backup_if_due(self, now: datetime) -> BackupInfo | None:
        """Take a verified backup if one is due (a session finished since the last one, or
        something changed and 30 minutes passed); returns it, or None if none was due.

        On a database server (PostgreSQL) it always returns None: the server's backups
        (pg_dump) protect the records, and `list_backups` raises ServerBackupsError saying so.
        """
        ...

    def backup_now(self, now: datetime) -> BackupInfo:
        """A verified backup now, whatever the plan says (ServerBackupsError on a server)."""
        ...

    def list_backups(self) -> Sequence[BackupInfo]:
        """The backups beside the database, newest first."""
        ...

    def restore_backup(self, backup_path: str, now: datetime) -> BackupInfo | None:
        """Replace the records with a verified backup, after backing up the current ones
        (returned; None if they were damaged and only copied byte for byte)."""
        ...

    def preview_backup(self, backup_path: str) -> BackupPreview:
        """The client names and session count of one backup (as listed), read-only."""
        ...

    def audit_log(self) -> Sequence[AuditEntry]:
        """Every audit entry (views, edits, exports, backups, restores, deletions), oldest first."""
        ...

    def record_audit(self, action: str, detail: str) -> None:
        """Append one audit line (a view: a client's page, a past session, review mode); a
        sentence with record numbers only, never health data."""
        ...

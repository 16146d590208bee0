"""What the UI and export need from storage: the repository as a Protocol, and its errors.

The persistence layer implements `Store`; the UI depends on this Protocol only, never on the
database code, so the arrows of DESIGN.md hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from .analysis import BaselinePair
from .model import Addendum, Client, ClientSummary, DeletionReport, Method, Session


class StorageError(RuntimeError):
    """Saving or loading failed; `str(error)` is a calm sentence for the therapist."""


class InvalidRecordError(StorageError):
    """A record that breaks an invariant (domain.validation) was refused; nothing was written."""


class Store(Protocol):
    def add_client(self, client: Client) -> Client: ...

    def update_client(self, client: Client) -> Client: ...

    def get_client(self, client_id: int) -> Client: ...

    def list_clients(
        self, search: str = "", include_archived: bool = False
    ) -> Sequence[ClientSummary]: ...

    def start_session(self, client_id: int, method: Method, started_at: datetime) -> Session: ...

    def save_session(self, session: Session) -> Session: ...

    def get_session(self, session_id: int) -> Session: ...

    def sessions_for_client(self, client_id: int) -> Sequence[Session]: ...

    def sessions_in_progress(self) -> Sequence[Session]: ...

    def last_session(self, client_id: int) -> Session | None: ...

    def add_addendum(self, session_id: int, addendum: Addendum) -> None: ...

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

"""Starting and resuming sessions: finds the client's context and opens the wizard on it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..config import Settings
from ..domain.model import Client, Method, Session
from ..domain.pacing import Clock
from ..domain.ports import Store
from .cues import Cues
from .store_ops import StoreOps
from .wizard.base import CuePlayer, StepContext, Wakefulness

if TYPE_CHECKING:
    from .wizard.page import WizardPage


class SessionControl:
    def __init__(self, store: Store, ops: StoreOps, wizard: Callable[[], WizardPage],
                 settings: Callable[[], Settings], clock_factory: Callable[[], Clock],
                 cues: CuePlayer | None, awake: Wakefulness,
                 show_wizard: Callable[[], None]) -> None:
        self._store = store
        self._ops = ops
        self._wizard = wizard  # built on first use by the main window
        self._settings = settings
        self._clock_factory = clock_factory
        self._cues = cues  # built on first use when not given: Qt Multimedia is slow to load
        self._awake = awake
        self._show_wizard = show_wizard

    def start(self, client_id: int) -> None:
        """A new session for the client, or their unfinished one if there is one."""
        in_progress = self._ops.fetch(self._store.sessions_in_progress) or []
        unfinished = [s for s in in_progress if s.client_id == client_id and s.id is not None]
        if unfinished:
            self.resume(unfinished[-1].id)  # type: ignore[arg-type]
            return
        previous = self._ops.fetch(lambda: self._store.last_session(client_id))
        method = previous.method if previous else Method.GAP_CM
        session = self._ops.fetch(
            lambda: self._store.start_session(client_id, method, datetime.now(UTC)))
        if session is not None:
            self._open(session, previous)

    def resume(self, session_id: int) -> None:
        session = self._ops.fetch(lambda: self._store.get_session(session_id))
        if session is None:
            return
        earlier = self._ops.fetch(lambda: self._store.sessions_for_client(session.client_id)) or []
        before = [s for s in earlier if s.id != session.id and s.started_at <= session.started_at]
        self._open(session, before[-1] if before else None)

    def _open(self, session: Session, previous: Session | None) -> None:
        client = self._ops.fetch(lambda: self._store.get_client(session.client_id))
        if client is not None:
            self._wizard().open(session, self._context(client, previous))
            self._show_wizard()

    def _context(self, client: Client, previous: Session | None) -> StepContext:
        remembered = self._ops.fetch(self._store.preferences, quiet=True) or {}
        if self._cues is None:
            self._cues = Cues()
        return StepContext(client, self._settings().with_preferences(remembered), previous,
                           self._clock_factory, self._cues, self._awake)

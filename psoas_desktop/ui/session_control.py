"""Starting and resuming sessions: finds the client's context and opens the wizard on it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..config import Settings
from ..domain.model import Client, Session
from ..domain.pacing import Clock
from ..domain.ports import SessionStart, Store
from ..domain.protocol_def import ProtocolDef
from ..protocol_library import LibraryReader, ProtocolLibrary, choices
from .cues import Cues
from .store_ops import StoreOps
from .widgets.question import Answer, TouchQuestion
from .wizard.base import CuePlayer, StepContext, Wakefulness

if TYPE_CHECKING:
    from .wizard.page import WizardPage

_log = logging.getLogger(__name__)


class SessionControl:
    def __init__(self, store: Store, ops: StoreOps, wizard: Callable[[], WizardPage],
                 settings: Callable[[], Settings], clock_factory: Callable[[], Clock],
                 cues: CuePlayer | None, awake: Wakefulness,
                 show_wizard: Callable[[], None],
                 protocols: Callable[[], ProtocolLibrary] | None = None) -> None:
        self._store = store
        self._ops = ops
        self._wizard = wizard  # built on first use by the main window
        self._settings = settings
        self._clock_factory = clock_factory
        self._cues = cues  # built on first use when not given: Qt Multimedia is slow to load
        self._awake = awake
        self._show_wizard = show_wizard
        # listed at each start (a file dropped in is offered at once); a file parsed once
        self._protocols = protocols or LibraryReader()

    def prepare_cues(self) -> None:
        """Make the sound and voice cues ahead of the first session, e.g. in idle time: Qt
        Multimedia takes tens of milliseconds to load, which the first Start would wait for."""
        if self._cues is None:
            self._cues = Cues()

    def start(self, client_id: int) -> None:
        """A new session for the client, or their unfinished one if there is one."""
        start = self._ops.fetch(lambda: self._store.session_start(client_id))  # one read
        if start is None:
            return
        if start.unfinished is not None and start.unfinished.id is not None:
            self.resume(start.unfinished.id)
            return
        previous = start.previous
        library = self._protocols()
        for problem in library.problems:
            _log.warning("protocol file left out: %s", problem)
        offered = choices(library)
        if len(offered) == 1:
            self._begin(start, offered[0])
            return
        last = previous.protocol.key if previous is not None else offered[0].key
        question = TouchQuestion(
            self._wizard().window(), "protocolQuestion", "Which protocol?",
            "Choose what this session follows."
            + (" The last visit followed the highlighted one." if previous is not None else "")
            + (f"\n\nLeft out, as it cannot be used: {library.problems[0]}"
               if library.problems else ""),
            [Answer(p.title, f"protocol_{p.key}", "primary" if p.key == last else "secondary")
             for p in offered] + [Answer("Cancel", "cancelProtocolButton")], "cancelProtocolButton",
            stacked=True)
        by_name = {f"protocol_{p.key}": p for p in offered}

        def chosen(_result: int) -> None:
            protocol = by_name.get(question.answer)
            if protocol is not None:
                self._begin(start, protocol)

        question.finished.connect(chosen)
        question.open()

    def _begin(self, start: SessionStart, protocol: ProtocolDef) -> None:
        """A new session of `protocol`: the method of the last visit when it followed the same
        protocol (and it still has that method), else the protocol's default."""
        previous, client_id = start.previous, start.client.id
        assert client_id is not None
        same = previous is not None and previous.protocol.key == protocol.key
        method = (previous.method if same and previous is not None
                  and protocol.has_method(previous.method) else protocol.default_method)
        before = previous if same else None
        session = self._ops.fetch(
            lambda: self._store.start_session(client_id, method, datetime.now(UTC), protocol))
        if session is not None:  # the client and choices as read a moment ago, at the tap
            self._wizard().open(session, self._context(start.client, before, start.preferences))
            self._show_wizard()

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
            remembered = self._ops.fetch(self._store.preferences, quiet=True) or {}
            self._wizard().open(session, self._context(client, previous, remembered))
            self._show_wizard()

    def _context(self, client: Client, previous: Session | None,
                 remembered: Mapping[str, str]) -> StepContext:
        if self._cues is None:
            self._cues = Cues()
        return StepContext(client, self._settings().with_preferences(remembered), previous,
                           self._clock_factory, self._cues, self._awake)

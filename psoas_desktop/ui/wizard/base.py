"""What every wizard step view offers the wizard page, and the context it is loaded with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ...config import Settings
from ...domain.model import Client, Session
from ...domain.pacing import Clock


class CuePlayer(Protocol):
    sound_problem: str
    speech_problem: str

    @property
    def sound_available(self) -> bool: ...

    @property
    def speech_available(self) -> bool: ...

    def chime(self) -> None: ...

    def say(self, text: str) -> None: ...


class Wakefulness(Protocol):
    def hold(self) -> None: ...

    def release(self) -> None: ...


@dataclass(frozen=True)
class StepContext:
    client: Client
    settings: Settings
    previous_session: Session | None  # the client's session before this one, if any
    clock_factory: Callable[[], Clock]
    cues: CuePlayer
    awake: Wakefulness


class StepView(QWidget):
    """A wizard step: `load` shows the session, `apply` returns it with this step's entries."""

    changed = Signal()  # a tap changed the entries: the wizard saves them now
    typing = Signal()  # text is being typed: the wizard saves it within a second
    settings_changed = Signal(object)  # a remembered choice changed (Settings)

    def load(self, session: Session, context: StepContext) -> None:
        raise NotImplementedError

    def apply(self, session: Session) -> Session:
        raise NotImplementedError

    def leave(self) -> None:
        """Called when the step stops being shown (timers stop here)."""

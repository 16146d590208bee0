"""What every wizard step view offers the wizard page, and the context it is loaded with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ...config import Settings
from ...domain.model import Client, Session
from ...domain.pacing import Clock


@dataclass(frozen=True)
class StepContext:
    client: Client
    settings: Settings
    previous_session: Session | None  # the client's session before this one, if any
    clock_factory: Callable[[], Clock]


class StepView(QWidget):
    """A wizard step: `load` shows the session, `apply` returns it with this step's entries."""

    changed = Signal()  # entries changed: the wizard re-checks whether Next may leave

    def load(self, session: Session, context: StepContext) -> None:
        raise NotImplementedError

    def apply(self, session: Session) -> Session:
        raise NotImplementedError

    def leave(self) -> None:
        """Called when the step stops being shown (timers stop here)."""

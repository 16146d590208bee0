"""Step 2: the first rotation direction, suggested to alternate from the client's last session."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from ...domain.analysis import asymmetry_hypothesis
from ...domain.model import Session, Side
from ...domain.protocol_def import DirectionDef, ProtocolDef, seed_protocol
from ...domain.session_flow import (
    TransitionRefused,
    choose_first_direction,
    direction_locked,
    suggested_first_direction,
)
from ..widgets.touch import button, label
from .base import StepContext, StepView


def _two_lines(direction: DirectionDef) -> str:
    """The instruction, then the position on a line of its own (fits a portrait screen)."""
    return f"{direction.instruction}\n({direction.position})"


# SPEC 9's names for the seed's directions, written out so the contract can be found by name;
# another protocol's directions are named the same way from their keys.
CONTRACT_NAMES = {"left": "directionLeftButton", "right": "directionRightButton"}


def _object_name(key: str) -> str:
    return CONTRACT_NAMES.get(key, f"direction{key.capitalize()}Button")


class DirectionStep(StepView):
    def __init__(self, protocol: ProtocolDef | None = None) -> None:
        super().__init__()
        protocol = protocol or seed_protocol()
        self._direction: str | None = None
        self._locked = False
        layout = QVBoxLayout(self)
        layout.setSpacing(16)
        layout.addWidget(label("Which direction first? Both directions follow; the order alternates "
                               "between visits.", "muted"))
        self.buttons = {
            d.key: button(_two_lines(d), _object_name(d.key), "choice",
                          lambda _=False, key=d.key: self._choose(key), checkable=True)
            for d in protocol.directions
        }
        for b in self.buttons.values():
            b.setMinimumHeight(110)
            layout.addWidget(b)
        self.suggestion = label("", "muted", "directionSuggestion")
        layout.addWidget(self.suggestion)
        self.hypothesis = label("", "hint", "asymmetryHypothesis")
        layout.addWidget(self.hypothesis)
        layout.addStretch(1)

    def load(self, session: Session, context: StepContext) -> None:
        protocol = session.protocol
        suggested = suggested_first_direction(context.previous_session, protocol)
        self._direction = session.first_direction or suggested
        self._locked = direction_locked(session)
        self.suggestion.setText(
            "The order is fixed once repetitions or re-tests are recorded."
            if self._locked
            else f"Suggested: {protocol.direction(suggested).words} first"
            + (" (last visit started the other way)." if context.previous_session else ".")
        )
        start = protocol.timepoints[0].key
        left, right = session.value(start, Side.LEFT), session.value(start, Side.RIGHT)
        article = protocol == seed_protocol()  # the seed article's hypothesis, for its protocol only
        self.hypothesis.setText(asymmetry_hypothesis(left, right)
                                if article and None not in (left, right) else "")
        self._refresh()

    def apply(self, session: Session) -> Session:
        """The direction shown as chosen (the suggestion until another is tapped)."""
        if self._direction is None:
            return session
        try:
            return choose_first_direction(session, self._direction)
        except TransitionRefused:
            return session

    def _choose(self, direction: str) -> None:
        if self._locked:
            self._refresh()
            return
        self._direction = direction
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        for d, b in self.buttons.items():
            b.setChecked(d == self._direction)
            b.setEnabled(not self._locked or d == self._direction)

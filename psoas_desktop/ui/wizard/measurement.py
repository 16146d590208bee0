"""Steps 1, 4 and 6: the supine test of both legs, each re-test starting from the previous values."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from ...domain.model import Precaution, Session, Side
from ...domain.protocol import readings_allowed
from ..widgets.measurement_card import MeasurementCard
from ..widgets.touch import Columns, button, label, scrolling
from .base import StepContext, StepView


class MeasurementStep(StepView):
    def __init__(self, timepoint: str) -> None:
        super().__init__()
        self.timepoint = timepoint
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.instruction = label("", "muted")
        top.addWidget(self.instruction, 1)
        # the seconds left in large digits, readable from the table while the client settles
        self.countdown = label("", "digits", "settleCountdown", wrap=False)
        self.countdown.setAccessibleName("Seconds left to settle")
        self.countdown.hide()
        top.addWidget(self.countdown)
        self.settle = button("", "settleButton", "chip", self._toggle_settle)
        top.addWidget(self.settle)
        layout.addLayout(top)
        self._context: StepContext | None = None
        self._settle_until: float | None = None
        self._settle_timer = QTimer(self)
        self._settle_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._settle_timer.setInterval(100)
        self._settle_timer.timeout.connect(self._settle_tick)
        # The two legs side by side while they fit, one above the other otherwise (portrait,
        # 720 px); the step scrolls when the window is too short for the cards.
        row = Columns((1, 1), stack_below=0)
        self.cards = {side: MeasurementCard(side) for side in Side}
        for column, card in zip(row.columns, self.cards.values(), strict=True):
            card.changed.connect(self.changed)
            column.addWidget(card)
        self.scroll = scrolling(row)
        layout.addWidget(self.scroll, 1)

    def load(self, session: Session, context: StepContext) -> None:
        self._context = context
        self._stop_settle(f"Settle {context.settings.settle_seconds} s")
        gentle = session.check_in.neuroplastic_suspected
        protocol = session.protocol
        timepoints = protocol.timepoint_keys
        earlier = timepoints[:timepoints.index(self.timepoint)]
        spec = session.method_spec
        text = (f"{protocol.instruction} {spec.label} ({spec.unit}), "
                f"{protocol.better_words}.").strip()
        if Precaution.PREGNANCY_OVER_20_WEEKS in session.check_in.precautions:
            text += " Pregnancy over 20 weeks: keep time on the back short, or observe side-lying."
        self.instruction.setText(text)
        for side, card in self.cards.items():
            card.configure(session.method, readings_allowed(gentle), context.client.thigh_length_cm,
                           spec)
            before = session.measurement(earlier[-1], side) if earlier else None
            card.load(session.measurement(self.timepoint, side), before)
            card.set_previous(" · ".join(
                f"{protocol.timepoint_label(t)}: {spec.format(v)}"
                for t in earlier if (v := session.value(t, side)) is not None
            ))

    def apply(self, session: Session) -> Session:
        """The sides entered so far; a side nobody entered is never stored as a measurement."""
        entered = (card.measurement(self.timepoint) for card in self.cards.values())
        return session.with_measurements(self.timepoint, tuple(m for m in entered if m))

    def leave(self) -> None:
        self._settle_timer.stop()

    # --- the optional settle countdown before reading -------------------------------------
    def _toggle_settle(self) -> None:
        if self._context is None:
            return
        if self._settle_until is not None:
            self._stop_settle(f"Settle {self._context.settings.settle_seconds} s")
            return
        self._clock = self._context.clock_factory()
        self._settle_until = self._clock.now() + self._context.settings.settle_seconds
        self._settle_timer.start()
        self._settle_tick()

    def _settle_tick(self) -> None:
        if self._settle_until is None or self._context is None:
            return
        left = self._settle_until - self._clock.now()
        if left > 0:
            seconds = int(left + 0.999)
            self.settle.setText(f"Settling… {seconds} s")
            self.countdown.setText(str(seconds))
            self.countdown.show()
            return
        self._stop_settle("Ready to read ✓")
        if self._context.settings.sound_cues:
            self._context.cues.chime()

    def _stop_settle(self, text: str) -> None:
        self._settle_timer.stop()
        self._settle_until = None
        self.settle.setText(text)
        self.countdown.hide()

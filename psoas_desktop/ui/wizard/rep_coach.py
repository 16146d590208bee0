"""Steps 3 and 5: the coached open-book repetitions with breath pacer, rep counter and pause."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout

from ...domain.model import Direction, Precaution, Rep, RepBlock, Session
from ...domain.pacing import BreathPacer
from ..widgets.pacer_ring import PacerRing
from ..widgets.touch import button, label
from .base import StepContext, StepView

MAX_REPS = 10


class RepCoachStep(StepView):
    rep_recorded = Signal()  # the wizard saves each rep as it is done

    def __init__(self, first: bool) -> None:
        super().__init__()
        self.first = first
        self._block = RepBlock(Direction.LEFT)
        self._rep_started_at = datetime.now(UTC)
        self._pacer: BreathPacer | None = None
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._tick)

        grid = QGridLayout(self)
        grid.setHorizontalSpacing(24)
        self.direction = label("", "title")
        grid.addWidget(self.direction, 0, 0, 1, 2)
        self.note = label("", "notice")
        grid.addWidget(self.note, 1, 0, 1, 2)

        counter_box = QVBoxLayout()
        counter_box.addWidget(label("Repetitions", "muted"))
        self.counter = label("", "counter", "repCounter", wrap=False)
        counter_box.addWidget(self.counter)
        planned = QHBoxLayout()
        planned.addWidget(button("−", "plannedMinus", "chip", lambda: self._plan(-1)))
        self.planned = label("", "", wrap=False)
        planned.addWidget(self.planned)
        planned.addWidget(button("+", "plannedPlus", "chip", lambda: self._plan(+1)))
        planned.addStretch(1)
        counter_box.addLayout(planned)
        self.done_note = label("", "notice")
        counter_box.addWidget(self.done_note)
        counter_box.addStretch(1)
        grid.addLayout(counter_box, 2, 0)

        pacer_box = QVBoxLayout()
        self.phase = label("", "phase", "phaseLabel")
        self.phase.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pacer_box.addWidget(self.phase)
        self.ring = PacerRing()
        pacer_box.addWidget(self.ring, 1)
        grid.addLayout(pacer_box, 2, 1)

        actions = QHBoxLayout()
        self.pause = button("Pause", "pauseButton", "secondary", self.toggle_pause)
        self.rep_done = button("Rep done", "repDoneButton", "primary", self.record_rep)
        self.rep_done.setMinimumHeight(96)
        actions.addWidget(self.pause, 1)
        actions.addWidget(self.rep_done, 2)
        grid.addLayout(actions, 3, 0, 1, 2)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    # --- wizard interface ---------------------------------------------------------------
    def load(self, session: Session, context: StepContext) -> None:
        first = session.first_direction or Direction.LEFT
        direction = first if self.first else first.opposite
        self._block = session.block(direction) or RepBlock(direction, context.settings.planned_reps)
        self.direction.setText(f"{'A' if self.first else 'B'}: {direction.label}")
        notes = []
        if Precaution.OSTEOPOROSIS in session.check_in.precautions:
            notes.append("Osteoporosis: move slowly, partial range only.")
        if Precaution.PREGNANCY_OVER_20_WEEKS in session.check_in.precautions:
            notes.append("Pregnancy over 20 weeks: side-lying only.")
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
        self._pacer = BreathPacer(context.clock_factory(), context.settings.phases)
        self._rep_started_at = datetime.now(UTC)
        self._timer.start()
        self._refresh()

    def apply(self, session: Session) -> Session:
        return session.with_block(self._block)

    def leave(self) -> None:
        self._timer.stop()

    # --- actions ------------------------------------------------------------------------
    @property
    def paused(self) -> bool:
        return self._pacer is not None and self._pacer.paused

    @property
    def planned_done(self) -> bool:
        return len(self._block.reps) >= self._block.planned_reps

    def record_rep(self) -> None:
        if len(self._block.reps) >= MAX_REPS:
            return
        now = datetime.now(UTC)
        reps = self._block.reps + (Rep(self._rep_started_at, now),)
        planned = max(self._block.planned_reps, len(reps))
        self._block = RepBlock(self._block.direction, planned, reps)
        self._rep_started_at = now
        if self._pacer is not None:
            self._pacer.restart_cycle()
        self._refresh()
        self.rep_recorded.emit()

    def toggle_pause(self) -> None:
        if self._pacer is None:
            return
        paused = self._pacer.toggle()
        self.pause.setText("Resume" if paused else "Pause")
        self._tick()

    def _plan(self, delta: int) -> None:
        planned = self._block.planned_reps + delta
        if max(1, len(self._block.reps)) <= planned <= MAX_REPS:
            self._block = RepBlock(self._block.direction, planned, self._block.reps)
            self._refresh()

    def _tick(self) -> None:
        if self._pacer is None:
            return
        state = self._pacer.state()
        self.phase.setText("Paused" if state.paused else state.phase_name)
        self.ring.show_state(state.phase_fraction, state.phase_remaining, state.paused)

    def _refresh(self) -> None:
        done, planned = len(self._block.reps), self._block.planned_reps
        self.counter.setText(f"{done} of {planned}")
        self.planned.setText(f"{planned} planned")
        self.rep_done.setEnabled(done < MAX_REPS)
        self.done_note.setText(f"All {planned} done. Next: re-test both legs." if self.planned_done else "")
        self.done_note.setVisible(self.planned_done)
        self._tick()

"""Steps 3 and 5: the coached open-book repetitions with breath pacer, rep counter and pause."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...config import Settings
from ...domain.model import Direction, Precaution, Rep, RepBlock, Session
from ...domain.pacing import BreathPacer, BreathPhase, Clock
from ...domain.presses import rep_press_counts
from ...domain.protocol import Step, rep_block_direction
from ...domain.session_flow import (
    MAX_REPS,
    TransitionRefused,
    plan_reps,
    record_rep,
    undo_rep,
)
from ...domain.validation import ValidationError, check_phase_seconds
from ..cues import rep_phrase
from ..widgets.pacer_ring import PacerRing
from ..widgets.touch import button, label
from .base import StepContext, StepView


class RepCoachStep(StepView):
    def __init__(self, first: bool) -> None:
        super().__init__()
        self.first = first
        self._step = Step.REPS_FIRST if first else Step.REPS_SECOND
        self._session: Session | None = None
        self._direction = Direction.LEFT
        self._clock: Clock | None = None
        self._last_counted: float | None = None  # monotonic time of the last counted rep
        self._rep_started_at = datetime.now(UTC)
        self._pacer: BreathPacer | None = None
        self._context: StepContext | None = None
        self._last_phase: tuple[int, int] | None = None
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._tick)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        self.direction = label("", "title", "repDirection")
        grid.addWidget(self.direction, 0, 0, 1, 2)
        self.note = label("", "notice", "repNote")
        grid.addWidget(self.note, 1, 0, 1, 2)

        counter_box = QVBoxLayout()
        self.counter = label("", "counter", "repCounter", wrap=False)
        counter_box.addWidget(self.counter)
        controls = QHBoxLayout()
        controls.addWidget(button("−", "plannedMinus", "chip", lambda: self._plan(-1)))
        self.planned = label("", "", "plannedReps", wrap=False)
        controls.addWidget(self.planned)
        controls.addWidget(button("+", "plannedPlus", "chip", lambda: self._plan(+1)))
        controls.addStretch(1)
        counter_box.addLayout(controls)
        controls = QHBoxLayout()
        self.sound = button("Sound", "soundToggle", "chip", self._toggle_cues, checkable=True)
        self.voice = button("Voice", "voiceToggle", "chip", self._toggle_cues, checkable=True)
        self.timing = button("Timing…", "timingToggle", "chip", self._toggle_timing, checkable=True)
        for b in (self.sound, self.voice, self.timing):
            controls.addWidget(b)
        controls.addStretch(1)
        counter_box.addLayout(controls)
        self.cue_hint = label("", "hint", "cueHint")
        counter_box.addWidget(self.cue_hint)
        self.done_note = label("", "notice", "repsDoneNote")
        counter_box.addWidget(self.done_note)
        counter_box.addStretch(1)
        grid.addLayout(counter_box, 2, 0)

        pacer_box = QVBoxLayout()
        self.phase = label("", "phase", "phaseLabel")
        self.phase.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pacer_box.addWidget(self.phase)
        self.ring = PacerRing()
        pacer_box.addWidget(self.ring, 1)
        self.timing_panel = QWidget()
        self.timing_panel.setObjectName("timingPanel")
        timing_grid = QGridLayout(self.timing_panel)
        timing_grid.setContentsMargins(0, 0, 0, 0)
        self.phase_names: list[QLabel] = []
        self.phase_seconds: list[QLabel] = []
        for i in range(4):
            name = label("", "", f"phaseName{i}", wrap=False)
            timing_grid.addWidget(name, i, 0)
            self.phase_names.append(name)
            timing_grid.addWidget(button("−", f"phaseMinus{i}", "chip", lambda i=i: self._adjust(i, -1)), i, 1)
            seconds = label("", "", f"phaseSeconds{i}", wrap=False)
            timing_grid.addWidget(seconds, i, 2)
            timing_grid.addWidget(button("+", f"phasePlus{i}", "chip", lambda i=i: self._adjust(i, +1)), i, 3)
            self.phase_seconds.append(seconds)
        self.timing_panel.hide()
        pacer_box.addWidget(self.timing_panel)
        grid.addLayout(pacer_box, 2, 1)

        actions = QHBoxLayout()
        self.pause = button("Pause", "pauseButton", "secondary", self.toggle_pause)
        self.rep_done = button("Rep done", "repDoneButton", "primary", self.record_rep)
        self.rep_done.setMinimumHeight(88)
        self.undo = button("Undo last rep", "repUndoButton", "secondary", self.undo_rep)
        actions.addWidget(self.pause, 1)
        actions.addWidget(self.undo, 1)
        actions.addWidget(self.rep_done, 2)
        grid.addLayout(actions, 3, 0, 1, 2)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    # --- wizard interface ---------------------------------------------------------------
    def load(self, session: Session, context: StepContext) -> None:
        self._context = context
        self._session = session
        direction = rep_block_direction(session, self._step) or Direction.LEFT
        self._direction = direction
        self._clock = context.clock_factory()
        self._last_counted = None
        self.direction.setText(
            f"{'A' if self.first else 'B'} · {direction.instruction} "
            f"<span style='font-size:20px; font-weight:400'>{direction.position}</span>")
        notes = []
        if Precaution.OSTEOPOROSIS in session.check_in.precautions:
            notes.append("Osteoporosis: move slowly, partial range only.")
        if Precaution.PREGNANCY_OVER_20_WEEKS in session.check_in.precautions:
            notes.append("Pregnancy over 20 weeks: side-lying only.")
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
        self._pacer = BreathPacer(context.clock_factory(), context.settings.phases)
        self._last_phase = None
        self.pause.setText("Pause")
        self._rep_started_at = datetime.now(UTC)
        self._show_cue_choices()
        self.timing.setChecked(False)
        self.timing_panel.hide()
        self._show_timing()
        context.awake.hold()
        self._timer.start()
        self._refresh()

    @property
    def _block(self) -> RepBlock:
        planned = self._context.settings.planned_reps if self._context else 3
        found = self._session.block(self._direction) if self._session else None
        return found or RepBlock(self._direction, planned)

    def apply(self, session: Session) -> Session:
        """This block as counted here; a block nobody touched is not stored."""
        found = self._session.block(self._direction) if self._session else None
        return session.with_block(found) if found is not None else session

    def leave(self) -> None:
        self._timer.stop()
        if self._context is not None:
            self._context.awake.release()

    # --- actions ------------------------------------------------------------------------
    @property
    def paused(self) -> bool:
        return self._pacer is not None and self._pacer.paused

    @property
    def planned_done(self) -> bool:
        return len(self._block.reps) >= self._block.planned_reps

    def record_rep(self) -> None:
        """Count a rep now; a press under 0.5 s after the last counted rep is a bounce."""
        if self._session is None or self._clock is None:
            return
        pressed_at = self._clock.now()
        if not rep_press_counts(self._last_counted, pressed_at):
            return
        now = datetime.now(UTC)
        try:
            self._session = record_rep(self._session, self._direction,
                                       Rep(self._rep_started_at, now), self._block.planned_reps)
        except TransitionRefused as refused:
            self._hint(str(refused))
            return
        self._last_counted = pressed_at
        self._rep_started_at = now
        if self._pacer is not None:
            self._pacer.restart_cycle()
        self._last_phase = None
        if self._settings().spoken_cues and self._context is not None:
            self._context.cues.say(rep_phrase(len(self._block.reps), self._block.planned_reps))
        self._refresh()
        self.changed.emit()

    def undo_rep(self) -> None:
        """Remove the last counted rep (one tap corrects a double count)."""
        if self._session is None:
            return
        try:
            self._session = undo_rep(self._session, self._direction)
        except TransitionRefused as refused:
            self._hint(str(refused))
            return
        self._last_counted = None
        self._refresh()
        self.changed.emit()

    def _hint(self, text: str) -> None:
        self.cue_hint.setText(text)
        self.cue_hint.setVisible(True)

    def toggle_pause(self) -> None:
        if self._pacer is None:
            return
        paused = self._pacer.toggle()
        self.pause.setText("Resume" if paused else "Pause")
        self._tick()

    def _settings(self) -> Settings:
        return self._context.settings if self._context else Settings()

    def _remember(self, settings: Settings) -> None:
        assert self._context is not None
        self._context = replace(self._context, settings=settings)
        self.settings_changed.emit(settings)

    def _plan(self, delta: int) -> None:
        if self._session is None:
            return
        planned = self._block.planned_reps + delta
        try:
            self._session = plan_reps(self._session, self._direction, planned, planned)
        except TransitionRefused as refused:
            self._hint(str(refused))
            return
        if self._context is not None:
            self._remember(replace(self._settings(), planned_reps=planned))
        self._refresh()
        self.changed.emit()

    def _toggle_cues(self) -> None:
        if self._context is None:
            return
        self._remember(replace(self._settings(), sound_cues=self.sound.isChecked(),
                               spoken_cues=self.voice.isChecked()))

    def _show_cue_choices(self) -> None:
        assert self._context is not None
        cues, settings = self._context.cues, self._context.settings
        self.sound.setEnabled(cues.sound_available)
        self.voice.setEnabled(cues.speech_available)
        self.sound.setChecked(cues.sound_available and settings.sound_cues)
        self.voice.setChecked(cues.speech_available and settings.spoken_cues)
        problems = [p for p in (cues.sound_problem, cues.speech_problem) if p]
        hint = problems[0] if len(set(problems)) == 1 else " ".join(problems)
        self.cue_hint.setText(hint)
        self.cue_hint.setVisible(bool(hint))

    def _toggle_timing(self) -> None:
        self.timing_panel.setVisible(self.timing.isChecked())

    def _show_timing(self) -> None:
        for i, phase in enumerate(self._settings().phases):
            self.phase_names[i].setText(phase.name)
            self.phase_seconds[i].setText(f"{phase.seconds:g} s")

    def _adjust(self, index: int, delta: int) -> None:
        phases = list(self._settings().phases)
        try:
            seconds = check_phase_seconds(phases[index].seconds + delta)
        except ValidationError as error:
            self.cue_hint.setText(str(error))
            self.cue_hint.setVisible(True)
            return
        phases[index] = BreathPhase(phases[index].name, seconds)
        self._remember(replace(self._settings(), phases=tuple(phases)))
        if self._pacer is not None:
            self._pacer.set_phases(tuple(phases))
        self._show_timing()

    def _tick(self) -> None:
        if self._pacer is None:
            return
        state = self._pacer.state()
        self.phase.setText("Paused" if state.paused else state.phase_name)
        self.ring.show_state(state.phase_fraction, state.phase_remaining, state.paused)
        current = (state.cycle, state.phase_index)
        if self._last_phase is not None and current != self._last_phase and not state.paused:
            self._cue(state.phase_name)
        self._last_phase = current

    def _cue(self, phase_name: str) -> None:
        if self._context is None:
            return
        settings = self._context.settings
        if settings.sound_cues:
            self._context.cues.chime()
        if settings.spoken_cues:
            self._context.cues.say(phase_name)

    def _refresh(self) -> None:
        done, planned = len(self._block.reps), self._block.planned_reps
        self.counter.setText(f"{done} of {planned}")
        self.planned.setText(f"{planned} planned")
        self.rep_done.setEnabled(done < MAX_REPS)
        self.undo.setEnabled(done > 0)
        self.done_note.setText(f"All {planned} done. Next: re-test both legs." if self.planned_done else "")
        self.done_note.setVisible(self.planned_done)
        self._tick()

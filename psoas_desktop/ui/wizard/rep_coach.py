"""Steps 3 and 5: the coached open-book repetitions with breath pacer, rep counter and pause."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...config import Settings
from ...domain.model import Precaution, Rep, RepBlock, Session
from ...domain.pacing import BreathPacer, BreathPhase, Clock, protocol_phases
from ...domain.presses import rep_press_counts
from ...domain.protocol import Step, rep_block_direction
from ...domain.protocol_def import ProtocolDef, seed_protocol
from ...domain.session_flow import (
    MAX_REPS,
    TransitionRefused,
    plan_reps,
    record_rep,
    undo_rep,
)
from ...domain.validation import ValidationError, check_phase_seconds
from ..cues import rep_phrase
from ..style import set_role
from ..widgets.open_book_figure import opening_for
from ..widgets.pacer_ring import PacerRing
from ..widgets.touch import TouchButton, button, label, scrolling
from .base import StepContext, StepView


class RepCoachStep(StepView):
    def __init__(self, first: bool, step: int | None = None,
                 protocol: ProtocolDef | None = None) -> None:
        super().__init__()
        self.first = first
        self._step = step if step is not None else (Step.REPS_FIRST if first else Step.REPS_SECOND)
        self._protocol = protocol or seed_protocol()
        self._session: Session | None = None
        self._direction: str = self._protocol.direction_keys[0]
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
        grid.setVerticalSpacing(8)
        self.direction = label("", "coachDirection", "repDirection")
        grid.addWidget(self.direction, 0, 0, 1, 2)
        self.note = label("", "notice", "repNote")
        grid.addWidget(self.note, 1, 0, 1, 2)

        counter_box = QVBoxLayout()
        counter_box.setSpacing(6)
        self.counter = label("", "counter", "repCounter", wrap=False)
        counter_box.addWidget(self.counter)
        controls = QHBoxLayout()
        minus = button("−", "plannedMinus", "chip", lambda: self._plan(-1))
        minus.setAccessibleName("One rep fewer")
        controls.addWidget(minus)
        self.planned = label("", "", "plannedReps", wrap=False)
        controls.addWidget(self.planned)
        plus = button("+", "plannedPlus", "chip", lambda: self._plan(+1))
        plus.setAccessibleName("One rep more")
        controls.addWidget(plus)
        controls.addStretch(1)
        counter_box.addLayout(controls)
        controls = QHBoxLayout()
        self.sound = button("Sound", "soundToggle", "chip", lambda: self._toggle_cues("sound"),
                            checkable=True)
        self.voice = button("Voice", "voiceToggle", "chip", lambda: self._toggle_cues("voice"),
                            checkable=True)
        self.timing = button("Timing…", "timingToggle", "chip", self._toggle_timing, checkable=True)
        for b in (self.sound, self.voice, self.timing):
            controls.addWidget(b)
        controls.addStretch(1)
        counter_box.addLayout(controls)
        self.cue_hint = label("", "hint", "cueHint")
        counter_box.addWidget(self.cue_hint)
        counter_box.addStretch(1)
        grid.addLayout(counter_box, 2, 0)

        pacer_box = QVBoxLayout()
        pacer_box.setSpacing(4)
        # The phase words keep a fixed two-line height, so a long phase never moves the ring.
        self.phase = label("", "phase", "phaseLabel")
        self.phase.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pacer_box.addWidget(self.phase)
        self.ring = PacerRing()
        pacer_box.addWidget(self.ring, 1)
        self.timing_panel = QWidget()
        self.timing_panel.setObjectName("timingPanel")
        timing_grid = QGridLayout(self.timing_panel)
        timing_grid.setContentsMargins(0, 0, 0, 0)
        timing_grid.setVerticalSpacing(6)
        self.phase_names: list[QLabel] = []
        self.phase_seconds: list[QLabel] = []
        self.phase_buttons: list[tuple[TouchButton, TouchButton]] = []
        for i in range(4):
            name = label("", "", f"phaseName{i}")
            timing_grid.addWidget(name, i, 0)
            self.phase_names.append(name)
            shorter = button("−", f"phaseMinus{i}", "chip", lambda i=i: self._adjust(i, -1))
            timing_grid.addWidget(shorter, i, 1)
            seconds = label("", "", f"phaseSeconds{i}", wrap=False)
            timing_grid.addWidget(seconds, i, 2)
            longer = button("+", f"phasePlus{i}", "chip", lambda i=i: self._adjust(i, +1))
            timing_grid.addWidget(longer, i, 3)
            self.phase_seconds.append(seconds)
            self.phase_buttons.append((shorter, longer))
        timing_grid.setColumnStretch(0, 1)
        self.timing_scroll = scrolling(self.timing_panel)
        self.timing_scroll.hide()
        pacer_box.addWidget(self.timing_scroll, 1)
        grid.addLayout(pacer_box, 2, 1)

        actions = QHBoxLayout()
        self.pause = button("Pause", "pauseButton", "secondary", self.toggle_pause)
        self.rep_done = button("Rep done", "repDoneButton", "coach", self.record_rep)
        self.undo = button("Undo last rep", "repUndoButton", "secondary", self.undo_rep)
        actions.addWidget(self.pause, 1)
        actions.addWidget(self.undo, 1)
        actions.addWidget(self.rep_done, 2)
        grid.addLayout(actions, 3, 0, 1, 2)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self._compact: tuple[bool, bool] | None = None  # (short window, narrow window)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Smaller digits and words on a short window (720x560), so the ring and every control
        stay whole; the sizes are the stylesheet's compact values."""
        compact = event.size().height() < 470
        # the phase words also on a narrow (portrait) window, where the pacer's column is too
        # narrow for "Breathe at the end of the range" in two lines of the large type
        narrow = compact or event.size().width() < 900
        if (compact, narrow) != self._compact:
            self._compact = (compact, narrow)
            for widget in (self.direction, self.counter, self.phase, self.rep_done):
                widget.setProperty("compact", narrow if widget is self.phase else compact)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
            self.ring.setMinimumSize(*((120, 120) if compact else (150, 150)))
            self._show_direction()
            self._fix_phase_height()
        super().resizeEvent(event)

    def _fix_phase_height(self) -> None:
        """Two lines of the phase words, whatever the phase says: the ring never jumps."""
        self.phase.setFixedHeight(self.phase.fontMetrics().lineSpacing() * 2 + 4)

    def _show_direction(self) -> None:
        """'A · Rotate to client's LEFT', with the lying position beside it unless the window is
        short (the figure in the ring shows the position then)."""
        words = self._protocol.direction(self._direction)
        where = ("" if self._compact and self._compact[0] else
                 f" <span style='font-size:20px; font-weight:400'>{words.position}</span>")
        self.direction.setText(f"{'A' if self.first else 'B'} · {words.instruction}{where}")

    # --- wizard interface ---------------------------------------------------------------
    def load(self, session: Session, context: StepContext) -> None:
        self._context = context
        self._session = session
        self._protocol = session.protocol
        direction = rep_block_direction(session, self._step) or self._protocol.direction_keys[0]
        self._direction = direction
        self._clock = context.clock_factory()
        self._last_counted = None
        self._show_direction()
        notes = []
        if Precaution.OSTEOPOROSIS in session.check_in.precautions:
            notes.append("Osteoporosis: move slowly, partial range only.")
        if Precaution.PREGNANCY_OVER_20_WEEKS in session.check_in.precautions:
            notes.append("Pregnancy over 20 weeks: side-lying only.")
        self.ring.set_direction(direction, figure=self._protocol.figure == "open_book")
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
        self._pacer = BreathPacer(context.clock_factory(), self._phases())
        self._last_phase = None
        self.pause.setText("Pause")
        self._rep_started_at = datetime.now(UTC)
        self._show_cue_choices()
        self.timing.setChecked(False)
        self._toggle_timing()
        self._show_timing()
        context.awake.hold()
        self._timer.start()
        self._refresh()

    def _phases(self) -> tuple[BreathPhase, ...]:
        """The therapist's timing for the seed protocol; another protocol's own phases."""
        if self._protocol == seed_protocol() and self._context is not None:
            return self._context.settings.phases
        return protocol_phases(self._protocol)

    def _planned_default(self) -> int:
        """The therapist's planned reps for the seed protocol; another protocol's own default."""
        if self._protocol == seed_protocol():
            return self._context.settings.planned_reps if self._context else 3
        return self._protocol.reps_default

    @property
    def _block(self) -> RepBlock:
        planned = self._planned_default()
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

    def _toggle_cues(self, which: str) -> None:
        """Switching a cue on that cannot work here says so at once, in plain words, and the
        cue stays off; the technical reason goes to the log, never on screen."""
        if self._context is None:
            return
        cues = self._context.cues
        toggle, works, problem, words = (
            (self.sound, cues.sound_available and not cues.sound_problem, cues.sound_problem,
             "Sound can't play: no speaker or sound output was found on this computer.")
            if which == "sound" else
            (self.voice, cues.speech_available and not cues.speech_problem, cues.speech_problem,
             "Voice can't speak: this computer has no speaking voice set up."))
        if toggle.isChecked() and not works:
            toggle.setChecked(False)
            logging.getLogger(__name__).info("%s cue unavailable: %s", which, problem)
            self._hint(words)
        else:
            self.cue_hint.setVisible(False)
        self._remember(replace(self._settings(), sound_cues=self.sound.isChecked(),
                               spoken_cues=self.voice.isChecked()))

    def _show_cue_choices(self) -> None:
        assert self._context is not None
        cues, settings = self._context.cues, self._context.settings
        self.sound.setChecked(cues.sound_available and not cues.sound_problem
                              and settings.sound_cues)
        self.voice.setChecked(cues.speech_available and not cues.speech_problem
                              and settings.spoken_cues)
        self.cue_hint.setVisible(False)

    def _toggle_timing(self) -> None:
        """The phase timings show in the ring's place while they are being set."""
        self.timing_scroll.setVisible(self.timing.isChecked())
        self.ring.setVisible(not self.timing.isChecked())

    def _show_timing(self) -> None:
        for i, phase in enumerate(self._settings().phases):
            self.phase_names[i].setText(phase.name)
            self.phase_seconds[i].setText(f"{phase.seconds:g} s")
            self.phase_buttons[i][0].setAccessibleName(f"{phase.name}: one second shorter")
            self.phase_buttons[i][1].setAccessibleName(f"{phase.name}: one second longer")

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
        if self.planned_done:
            # the plan is met: the pacer stops coaching and says what comes next
            planned = self._block.planned_reps
            self._mark_done(True)
            self.phase.setText(f"All {planned} done — re-test both legs next")
            self.ring.show_state(1.0, 0.0, False, opening=0.0)
            self._last_phase = None
            return
        self._mark_done(False)
        self.phase.setText("Paused" if state.paused else state.phase_name)
        self.ring.show_state(state.phase_fraction, state.phase_remaining, state.paused,
                             opening=opening_for(state.phase_index, state.phase_fraction))
        current = (state.cycle, state.phase_index)
        if self._last_phase is not None and current != self._last_phase and not state.paused:
            self._cue(state.phase_name)
        self._last_phase = current

    def _mark_done(self, done: bool) -> None:
        if bool(self.phase.property("done")) != done:
            self.phase.setProperty("done", done)
            self.phase.style().unpolish(self.phase)
            self.phase.style().polish(self.phase)
            self._fix_phase_height()

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
        # after the last planned rep Next is the main action: Rep done steps back (still there
        # for a client who wants one more)
        wanted = "secondary" if self.planned_done else "coach"
        if self.rep_done.property("role") != wanted:
            set_role(self.rep_done, wanted)
        self._tick()

"""The wizard page: header with step title, the client's name and STOP, the current step, Back
and Next.

The page only shows a step and calls the domain's transitions (`domain.session_flow`). Every
entry is saved as it is made (a tap at once, typing within a second and when the field loses
focus); whether anything is unsaved is derived by comparing the step's entries with the last
saved session, never kept in a flag. A failed save keeps the therapist on the step with a calm
message and the entries on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...config import Settings
from ...domain.analysis import verdict_basis_for
from ...domain.model import SafetyEvent, Session
from ...domain.pacing import Clock
from ...domain.ports import StaleSessionError, StorageError, Store
from ...domain.presses import NextPresses
from ...domain.protocol import (
    can_go_back,
    guard,
    is_rep_block,
    rep_block_direction,
    resume_step,
    step_label,
)
from ...domain.protocol_def import ProtocolDef, seed_protocol
from ...domain.session_flow import (
    AfterStop,
    Moved,
    TransitionRefused,
    abandon,
    can_skip_to_retest,
    complete_step,
    finish,
    go_back,
    keep_for_later,
    skip_direction,
    stop,
)
from ..messages import show_problem
from ..store_ops import StoreOps
from ..style import set_role
from ..warm_up import STEP_GAP_MS, warm_up_when_idle
from ..widgets.question import Answer, TouchQuestion
from ..widgets.touch import button, label
from .base import StepContext, StepView
from .check_in import CheckInStep
from .direction import DirectionStep
from .leave_dialog import LeaveChoice, LeaveDialog
from .measurement import MeasurementStep
from .rep_coach import RepCoachStep
from .safety_event import SafetyEventDialog
from .summary import SummaryStep

TYPING_SAVE_MS = 800  # typed text is saved this long after the last keystroke (SPEC: within 1 s)

# Gentle mode's invitations, by the seed protocol's step keys.
GENTLE_INVITATIONS = {
    "baseline": "Would you like to try lying on your back while I look at how your legs rest?",
    "first_direction": "Would you like to try a gentle turn of the upper body?",
    "reps_first": "Would you like to try a few slow, easy turns? Only as far as feels comfortable.",
    "retest_first": "Would you like to try lying on your back again? Let's notice how your body responds.",
    "reps_second": "Would you like to try the other side, just as gently?",
    "retest_second": "Would you like to try one more look at how your legs rest?",
    "summary": "Let's notice together how your body responded today.",
}


def build_step_views(protocol: ProtocolDef) -> list[StepView]:
    """One view per step of the protocol, by the step's kind."""
    views: list[StepView] = []
    for index, step in enumerate(protocol.steps):
        if step.kind == "check_in":
            views.append(CheckInStep(protocol))
        elif step.kind == "measure":
            assert step.timepoint is not None
            views.append(MeasurementStep(step.timepoint))
        elif step.kind == "choose_order":
            views.append(DirectionStep(protocol))
        elif step.kind == "intervention":
            views.append(RepCoachStep(step.slot == "first", index, protocol))
        else:
            views.append(SummaryStep())
    return views


class WizardPage(QWidget):
    def __init__(
        self,
        store: Store,
        on_done: Callable[[int], None],
        on_leave: Callable[[], None],
    ) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._store = store
        self._ops = StoreOps(self)
        self._on_done = on_done
        self._on_leave = on_leave
        self._session: Session | None = None  # as last saved
        self._context: StepContext | None = None
        self._clock: Clock | None = None
        self._next_presses = NextPresses()
        self._step = 0
        self._loading = False
        self._finish_armed = False

        header = QHBoxLayout()
        # Whose record and which step on one line, the step's title under it (it wraps on a
        # narrow window rather than pushing Leave and STOP off screen).
        self.indicator = label("", "muted", "stepIndicator", wrap=False)
        self.title = label("", "title", "stepTitle")
        self.client_name = label("", "muted", "clientNameLabel")
        self.name_for: Callable[[int | None, str], str] = lambda _id, name: name
        titles = QVBoxLayout()
        titles.setSpacing(0)
        who = QHBoxLayout()
        who.setSpacing(14)
        who.addWidget(self.client_name, 1)
        who.addWidget(self.indicator)
        titles.addLayout(who)
        titles.addWidget(self.title)
        header.addLayout(titles, 1)
        header.addWidget(button("Leave", "leaveButton", "secondary", self.leave))
        header.addWidget(button("STOP", "stopButton", "stop", self.stop))
        self.invitation = label("", "notice", "gentleInvitation")
        self.invitation.hide()  # shown in gentle mode only (`_show`); the steps are prepared so
        self.save_problem = label("", "error", "saveProblem")
        self.save_problem.hide()

        self.stack = QStackedWidget()
        self._typing_timer = QTimer(self)
        self._typing_timer.setSingleShot(True)
        self._typing_timer.setInterval(TYPING_SAVE_MS)
        self._typing_timer.timeout.connect(self.save_entries)
        self._summary_timer = QTimer(self)  # the summary shown its session ahead (issue 13)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(STEP_GAP_MS)
        self._summary_timer.timeout.connect(self._preview_summary)
        self.steps: list[StepView] = []
        self._protocol: ProtocolDef | None = None
        self._build_steps(seed_protocol())
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._focus_moved)

        footer = QHBoxLayout()
        self.back = button("◀  Back", "backButton", "secondary", self.go_back)
        self.back.setMinimumWidth(180)
        footer.addWidget(self.back)
        hints = QVBoxLayout()
        self.guard_hint = label("", "hint", "guardHint")
        self.keys_hint = label("Keys: → or PgDn next · ← or PgUp back · Space rep done · B pause",
                               "hint", "keysHint")
        hints.addWidget(self.guard_hint)
        hints.addWidget(self.keys_hint)
        footer.addLayout(hints, 1)
        self.next = button("Next  ▶", "nextButton", "primary", self.press_next)
        self.next.setMinimumWidth(240)
        footer.addWidget(self.next)
        self.finish_button = button("Finish session", "finishButton", "primary", self.finish)
        self.finish_button.setMinimumWidth(240)
        footer.addWidget(self.finish_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.invitation)
        layout.addWidget(self.save_problem)
        layout.addWidget(self.stack, 1)
        layout.addLayout(footer)

    # --- opening ------------------------------------------------------------------------
    @property
    def session(self) -> Session | None:
        return self._session

    @property
    def current_step(self) -> int:
        return self._step

    def _on_summary(self) -> bool:
        protocol = self._session.protocol if self._session is not None else self._protocol
        return protocol is not None and protocol.steps[self._step].kind == "summary"

    def _build_steps(self, protocol: ProtocolDef) -> None:
        """The step views of `protocol`, built once per protocol (a session of another
        protocol rebuilds them)."""
        if protocol == self._protocol:
            return
        for view in self.steps:
            self.stack.removeWidget(view)
            view.deleteLater()
        self.steps = build_step_views(protocol)
        for view in self.steps:
            view.changed.connect(self._entries_changed)
            view.typing.connect(self._typed)
            view.settings_changed.connect(self._remember)
            self.stack.addWidget(view)
        self._protocol = protocol
        self._step = 0

    def prepare_steps(self) -> None:
        """In idle time, each step view polished, laid out at the size it will have and drawn
        once off screen, one view per turn of the event loop, so that the first session does
        not pay for a first show (issue 13). Nothing is loaded or saved."""
        warm_up_when_idle(self.window(), [lambda view=view: self._prepare(view)
                                          for view in self.steps], STEP_GAP_MS)

    def _prepare(self, view: StepView) -> None:
        if view not in self.steps or self.isVisible():  # rebuilt meanwhile, or in use
            return
        outer = self.parentWidget()
        if outer is not None and self.size() != outer.size():
            self.resize(outer.size())  # as the main window's stack will show it
        layout = self.layout()
        if layout is not None:
            layout.activate()
        view.resize(self.stack.size())
        if isinstance(view, SummaryStep) and self._protocol is not None:
            view.prepare(self._protocol, Settings())  # its table and chart made, not shown
        view.grab()  # polish, layout and a first paint (fonts, the chart's first picture)

    def open(self, session: Session, context: StepContext) -> None:
        """Show `session` where it resumes (domain.protocol.resume_step), every value entered."""
        self._session = session
        self._context = context
        self._clock = context.clock_factory()
        self._next_presses = NextPresses()
        self._build_steps(session.protocol)
        self.show_client_name()
        self.save_problem.hide()
        self._show(resume_step(session))

    def show_client_name(self) -> None:
        """The header's name, as the privacy switch shows names (`name_for`, set by the app)."""
        client = self._context.client if self._context is not None else None
        if client is not None:
            self.client_name.setText(self.name_for(client.id, client.name))

    def _show(self, step: int, hint: str = "") -> None:
        assert self._session is not None and self._context is not None
        self.steps[self._step].leave()
        self._step = step
        view = self.steps[step]
        self._loading = True
        try:
            view.load(self._session, self._context)
        finally:
            self._loading = False
        self._finish_armed = False
        self.stack.setCurrentWidget(view)
        for area in view.findChildren(QScrollArea):  # every step opens at its top
            area.verticalScrollBar().setValue(0)
        # Keep keyboard focus off text fields until one is tapped, so clicker keys work at once.
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        protocol = self._session.protocol
        shown = protocol.steps[step]
        self.title.setText(shown.title)
        self.indicator.setText(f"Step {step_label(step, protocol)}")
        gentle = self._session.check_in.neuroplastic_suspected
        self.invitation.setText(GENTLE_INVITATIONS.get(shown.key, ""))
        self.invitation.setVisible(gentle and shown.key in GENTLE_INVITATIONS)
        self.next.setVisible(shown.kind != "summary")
        self.finish_button.setVisible(shown.kind == "summary")
        self._refresh_nav()
        if hint:
            self._say_hint(hint)
        if self._summary_ahead() is not None:  # its results made ahead, in idle time
            self._summary_timer.start()

    def _summary_ahead(self) -> SummaryStep | None:
        """The summary's view while the shown step is the one before it."""
        if self._session is None or self._step + 1 >= len(self.steps):
            return None
        view = self.steps[self._step + 1]
        return view if isinstance(view, SummaryStep) else None

    def _preview_summary(self) -> None:
        """On the step before the summary, the summary's table and chart are shown the saved
        session in idle time after each save, STEP_GAP_MS after the last change (taps go
        first), so Next into the summary finds them done (issue 13). Entering it shows the
        session again; what did not change costs nothing then."""
        summary = self._summary_ahead()
        if summary is not None and self._session is not None and self._context is not None:
            summary.preview(self._session, self._context.settings)

    def _entries(self) -> Session:
        """The session with the shown step's entries, as they are on screen now."""
        assert self._session is not None
        return self.steps[self._step].apply(self._session)

    def _refresh_nav(self) -> None:
        if self._session is None:
            return
        verdict = guard(self._entries(), self._step)
        self.next.setEnabled(verdict.ok or is_rep_block(self._session, self._step))
        self._say_hint(verdict.reason)
        self.back.setEnabled(can_go_back(self._session, self._step))
        # In the rep coach Rep done is the main action until the planned reps are done; then
        # Next is (the same rule as the clicker's main key).
        view = self.steps[self._step]
        coaching = isinstance(view, RepCoachStep) and not view.planned_done
        wanted = "secondary" if coaching else "primary"
        if self.next.property("role") != wanted:
            set_role(self.next, wanted)

    def _say_hint(self, text: str) -> None:
        self.guard_hint.setText(text)
        self.guard_hint.setVisible(bool(text))

    # --- saving as entries are made -------------------------------------------------------
    def note_other_input(self) -> None:
        """Any input other than Next: the next Next press counts even if it comes soon."""
        self._next_presses.other_input()

    def _entries_changed(self) -> None:
        if self._loading or self._session is None:
            return
        self.note_other_input()
        self._finish_armed = False
        self.save_entries()
        self._refresh_nav()
        if self._summary_ahead() is not None:
            self._summary_timer.start()

    def _typed(self) -> None:
        if self._loading or self._session is None:
            return
        self.note_other_input()
        self._typing_timer.start()
        self._refresh_nav()

    def _focus_moved(self, old: QWidget | None, _new: QWidget | None) -> None:
        """Typed text is saved when its field loses focus, not only after the pause."""
        if old is not None and self._session is not None and self.isAncestorOf(old):
            self.save_entries()

    def save_entries(self) -> bool:
        """Save what is on screen if it differs from what was saved; True when nothing is unsaved.

        A failure is said in a line above the step (no dialog in the middle of typing); the
        entries stay on screen and are saved with the next change, Next, Back or Leave.
        """
        self._typing_timer.stop()
        if self._session is None:
            return True
        entries = self._entries()
        if entries == self._session:
            return True
        return self._save(entries, quietly=True)

    def _save(self, session: Session, quietly: bool = False) -> bool:
        def saved(stored: Session) -> None:
            self._session = stored
            self.save_problem.hide()

        def failed(error: StorageError) -> None:
            if isinstance(error, StaleSessionError) and error.current is not None:
                self._show_current(error)
                return
            self.save_problem.setText(f"Not saved yet: {error} Your entries are still on screen.")
            self.save_problem.show()
            if not quietly:
                show_problem(self, str(error))

        return self._ops.run(lambda: self._store.save_session(session), saved, failed=failed)

    def _show_current(self, stale: StaleSessionError) -> None:
        """Another window saved this session since it was opened here: nothing is saved over it;
        show what it holds now (or leave, if it was finished or ended there)."""
        current = stale.current
        assert current is not None
        self._session = current
        self.save_problem.setText(str(stale))
        self.save_problem.show()
        if current.is_finished:
            self._close(current.client_id)
            show_problem(None, str(stale) + " It was finished or ended there.", "Changed elsewhere")
            return
        self._show(self._step)  # the sentence above the step stays until the next save lands

    def _remember(self, settings: Settings) -> None:
        """Keep a changed choice (reps, timing, cues) for this session and the next ones; a
        preference that is not remembered is no reason to interrupt the client (logged only)."""
        if self._context is not None:
            self._context = replace(self._context, settings=settings)
        self._ops.run(lambda: self._store.save_preferences(settings.to_preferences()), quiet=True)

    def _apply(self, moved: Moved) -> None:
        """Save a transition's session, then show its step or leave the wizard."""
        if not self._save(moved.session):
            return
        if moved.step is None:
            self._close(moved.session.client_id)
        else:
            self._show(moved.step)

    # --- navigation ---------------------------------------------------------------------
    def press_next(self) -> None:
        """Next from the button or a key: a bounce within 0.4 s of the last press is ignored."""
        if self._session is None or self._clock is None:
            return
        if not self._next_presses.press(self._clock.now()):
            return
        self.go_next()

    def go_next(self) -> None:
        if self._session is None or self._on_summary():
            return
        entries = self._entries()
        direction = rep_block_direction(entries, self._step)
        block = entries.block(direction) if direction is not None else None
        if direction is not None and not (block and (block.reps or block.skipped)):
            self.save_entries()
            self._ask_skip()
            return
        try:
            moved = complete_step(entries, self._step)
        except TransitionRefused as refused:
            self.save_entries()
            if refused.step is not None and refused.step is not self._step:
                self._show(refused.step, str(refused))  # an earlier gate no longer holds
            else:
                self._say_hint(str(refused))
            return
        self._apply(moved)

    def _ask_skip(self) -> None:
        """Leaving a block with no rep counted asks first (SPEC 3.3)."""
        question = TouchQuestion(
            self, "skipQuestion", "No repetition counted",
            "No repetition was counted in this direction. Skip it? It is recorded as skipped, "
            "and the comparison says it was not done.",
            [Answer("Skip this direction", "skipDirectionButton"),
             Answer("Stay and coach", "cancelSkipButton", "primary")],
            cancel="cancelSkipButton")
        question.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        question.accepted.connect(self._skip_direction)
        question.open()

    def _skip_direction(self) -> None:
        if self._session is None:
            return
        entries = self._entries()
        direction = rep_block_direction(entries, self._step)
        if direction is None:
            return
        try:
            moved = complete_step(skip_direction(entries, direction), self._step)
        except TransitionRefused as refused:
            self._say_hint(str(refused))
            return
        self._apply(moved)

    def go_back(self) -> None:
        self.note_other_input()
        if self._session is None or not can_go_back(self._session, self._step):
            return
        if not self.save_entries():
            show_problem(self, self.save_problem.text())
            return
        try:
            moved = go_back(self._session, self._step)
        except TransitionRefused:
            return
        self._apply(moved)

    def main_action(self) -> None:
        """Clicker 'next': Rep done in the rep coach until the planned reps are done, else Next."""
        view = self.steps[self._step]
        if isinstance(view, RepCoachStep) and not view.planned_done:
            self.note_other_input()
            view.record_rep()
        elif self._on_summary():
            # Finishing cannot be undone: one pedal press arms it, a second one finishes.
            if self._finish_armed:
                self.finish()
            else:
                self._finish_armed = True
                self._say_hint("Press again, or tap Finish session, to finish.")
        else:
            self.press_next()

    def rep_done(self) -> None:
        view = self.steps[self._step]
        if isinstance(view, RepCoachStep):
            self.note_other_input()
            view.record_rep()

    def toggle_pause(self) -> None:
        view = self.steps[self._step]
        if isinstance(view, RepCoachStep):
            self.note_other_input()
            view.toggle_pause()

    def finish(self) -> None:
        if self._session is None or self._context is None:
            return
        entries = self._entries()
        try:
            basis = verdict_basis_for(entries, self._context.settings.sem(entries.method, entries.method_spec))
            moved = finish(entries, datetime.now(UTC), basis)
        except TransitionRefused as refused:
            self.save_entries()
            if refused.step is not None:
                self._show(refused.step, str(refused))
            return
        self._apply(moved)

    def _close(self, client_id: int) -> None:
        self.steps[self._step].leave()
        self._session = None
        self._on_done(client_id)

    # --- STOP and leaving ---------------------------------------------------------------
    def stop(self) -> None:
        if self._session is None:
            return
        self.note_other_input()
        self.save_entries()
        view = self.steps[self._step]
        if isinstance(view, RepCoachStep) and not view.paused:
            view.toggle_pause()
        dialog = SafetyEventDialog(self, can_skip=can_skip_to_retest(self._step, self._session))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._after_stop(dialog.event, dialog.choice))
        dialog.open()

    def _after_stop(self, event: SafetyEvent | None, choice: AfterStop) -> None:
        if self._session is None or event is None:
            return
        try:
            moved = stop(self._entries(), self._step, event, choice, datetime.now(UTC))
        except TransitionRefused as refused:
            self._say_hint(str(refused))
            return
        if moved.step is self._step:  # continue: save the event, stay where we are
            self._save(moved.session)
            self._refresh_nav()
            return
        self._apply(moved)

    def leave(self) -> None:
        """Keep the session for later (resume from home), or abandon it with a reason."""
        if self._session is None:
            return
        self.note_other_input()
        self.save_entries()
        dialog = LeaveDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._left(dialog.choice, dialog.reason))
        dialog.open()

    def _left(self, choice: LeaveChoice, reason: str) -> None:
        if self._session is None:
            return
        entries = self._entries()
        try:
            if choice is LeaveChoice.KEEP_FOR_LATER:
                moved = keep_for_later(entries)
            elif choice is LeaveChoice.ABANDON:
                moved = abandon(entries, reason, datetime.now(UTC))
            else:
                return
        except TransitionRefused as refused:
            self._say_hint(str(refused))
            return
        if not self._save(moved.session):
            return
        self.steps[self._step].leave()
        self._session = None
        if choice is LeaveChoice.KEEP_FOR_LATER:
            self._on_leave()
        else:
            self._on_done(moved.session.client_id)

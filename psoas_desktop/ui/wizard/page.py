"""The wizard page: header with step title and STOP, the current step, Back and Next.

Every Next saves the session before the next screen shows; a failed save keeps the therapist on
the step with a calm message and nothing lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from ...config import Settings
from ...domain.model import SafetyEvent, Session, SessionStatus
from ...domain.ports import StorageError, Store
from ...domain.protocol import (
    Step,
    can_go_back,
    guard,
    next_step,
    previous_step,
    resume_step,
    skip_to_retest,
    step_label,
)
from ..messages import ask_text, confirm, show_problem
from ..widgets.touch import button, label
from .base import StepContext, StepView
from .check_in import CheckInStep
from .direction import DirectionStep
from .measurement import MeasurementStep
from .rep_coach import RepCoachStep
from .safety_event import AfterStop, SafetyEventDialog
from .summary import SummaryStep

GENTLE_INVITATIONS = {
    Step.BASELINE: "Would you like to try lying on your back while I look at how your legs rest?",
    Step.FIRST_DIRECTION: "Would you like to try a gentle turn of the upper body?",
    Step.REPS_FIRST: "Would you like to try a few slow, easy turns? Only as far as feels comfortable.",
    Step.RETEST_FIRST: "Would you like to try lying on your back again? Let's notice how your body responds.",
    Step.REPS_SECOND: "Would you like to try the other side, just as gently?",
    Step.RETEST_SECOND: "Would you like to try one more look at how your legs rest?",
    Step.SUMMARY: "Let's notice together how your body responded today.",
}


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
        self._on_done = on_done
        self._on_leave = on_leave
        self._session: Session | None = None
        self._context: StepContext | None = None
        self._step = Step.CHECK_IN

        header = QHBoxLayout()
        self.indicator = label("", "muted", "stepIndicator", wrap=False)
        self.title = label("", "title", "stepTitle", wrap=False)
        header.addWidget(self.title)
        header.addWidget(self.indicator, 1)
        header.addWidget(button("Leave", "leaveButton", "secondary", self.leave))
        header.addWidget(button("STOP", "stopButton", "stop", self.stop))
        self.invitation = label("", "notice", "gentleInvitation")

        self.steps: dict[Step, StepView] = {
            Step.CHECK_IN: CheckInStep(),
            Step.BASELINE: MeasurementStep(Step.BASELINE.timepoint),
            Step.FIRST_DIRECTION: DirectionStep(),
            Step.REPS_FIRST: RepCoachStep(first=True),
            Step.RETEST_FIRST: MeasurementStep(Step.RETEST_FIRST.timepoint),
            Step.REPS_SECOND: RepCoachStep(first=False),
            Step.RETEST_SECOND: MeasurementStep(Step.RETEST_SECOND.timepoint),
            Step.SUMMARY: SummaryStep(),
        }
        self.stack = QStackedWidget()
        self._touched = False  # entries changed on the shown step since it was loaded
        self._finish_armed = False
        for view in self.steps.values():
            view.changed.connect(self._entries_changed)
            view.settings_changed.connect(self._remember)
            self.stack.addWidget(view)
            if isinstance(view, RepCoachStep):
                view.rep_recorded.connect(self._save_progress)

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
        self.next = button("Next  ▶", "nextButton", "primary", self.go_next)
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
        layout.addWidget(self.stack, 1)
        layout.addLayout(footer)

    # --- opening ------------------------------------------------------------------------
    @property
    def session(self) -> Session | None:
        return self._session

    def open(self, session: Session, context: StepContext) -> None:
        """Show `session` at the step after its last saved one, with every value entered."""
        self._session = session
        self._context = context
        self._show(resume_step(session))

    def _show(self, step: Step) -> None:
        assert self._session is not None and self._context is not None
        self.steps[self._step].leave()
        self._step = step
        view = self.steps[step]
        view.load(self._session, self._context)
        self._touched = False
        self._finish_armed = False
        self.stack.setCurrentWidget(view)
        # Keep keyboard focus off text fields until one is tapped, so clicker keys work at once.
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.title.setText(step.title)
        self.indicator.setText(f"   Step {step_label(step)}")
        gentle = self._session.check_in.neuroplastic_suspected
        self.invitation.setText(GENTLE_INVITATIONS.get(step, ""))
        self.invitation.setVisible(gentle and step in GENTLE_INVITATIONS)
        self.next.setVisible(step is not Step.SUMMARY)
        self.finish_button.setVisible(step is Step.SUMMARY)
        self._refresh_nav()

    @property
    def current_step(self) -> Step:
        return self._step

    def _current_entries(self) -> Session:
        assert self._session is not None
        return self.steps[self._step].apply(self._session)

    def _kept_entries(self) -> Session:
        """What Back, Leave and STOP keep: the shown step's entries only if they were touched,
        so values nobody entered (a card's starting value) are never stored as readings."""
        assert self._session is not None
        return self._current_entries() if self._touched else self._session

    def _entries_changed(self) -> None:
        self._touched = True
        self._refresh_nav()

    def _refresh_nav(self) -> None:
        if self._session is None:
            return
        verdict = guard(self._current_entries(), self._step)
        self.next.setEnabled(verdict.ok)
        self.guard_hint.setText(verdict.reason)
        self.guard_hint.setVisible(bool(verdict.reason))
        self.back.setEnabled(can_go_back(self._session, self._step))

    # --- saving -------------------------------------------------------------------------
    def _save(self, session: Session) -> bool:
        try:
            self._session = self._store.save_session(session)
        except StorageError as error:
            show_problem(self, str(error))
            return False
        return True

    def _remember(self, settings: Settings) -> None:
        """Keep a changed choice (reps, timing, cues) for this session and the next ones."""
        if self._context is not None:
            self._context = replace(self._context, settings=settings)
        try:
            self._store.save_preferences(settings.to_preferences())
        except StorageError:
            pass  # a preference that is not remembered is no reason to interrupt the client

    def _save_progress(self) -> None:
        """Save entries on the current step without marking it complete (each rep, Back)."""
        self._save(self._current_entries())

    # --- navigation ---------------------------------------------------------------------
    def go_next(self) -> None:
        if self._session is None or self._step is Step.SUMMARY:
            return
        entries = self._current_entries()
        verdict = guard(entries, self._step)
        if not verdict.ok:
            self.guard_hint.setText(verdict.reason)
            return
        completed = replace(entries, completed_step=max(entries.completed_step, int(self._step)))
        if self._save(completed):
            following = next_step(self._step)
            if following is not None:
                self._show(following)

    def go_back(self) -> None:
        if self._session is None or not can_go_back(self._session, self._step):
            return
        if not self._touched or self._save(self._current_entries()):
            previous = previous_step(self._step)
            if previous is not None:
                self._show(previous)

    def main_action(self) -> None:
        """Clicker 'next': Rep done in the rep coach until the planned reps are done, else Next."""
        view = self.steps[self._step]
        if isinstance(view, RepCoachStep) and not view.planned_done:
            view.record_rep()
        elif self._step is Step.SUMMARY:
            # Finishing cannot be undone: one pedal press arms it, a second one finishes.
            if self._finish_armed:
                self.finish()
            else:
                self._finish_armed = True
                self.guard_hint.setText("Press again, or tap Finish session, to finish.")
                self.guard_hint.setVisible(True)
        else:
            self.go_next()

    def rep_done(self) -> None:
        view = self.steps[self._step]
        if isinstance(view, RepCoachStep):
            view.record_rep()

    def toggle_pause(self) -> None:
        view = self.steps[self._step]
        if isinstance(view, RepCoachStep):
            view.toggle_pause()

    def finish(self) -> None:
        if self._session is None:
            return
        done = replace(
            self._current_entries(),
            status=SessionStatus.COMPLETED,
            finished_at=datetime.now(UTC),
            completed_step=int(Step.SUMMARY),
        )
        if self._save(done):
            self._close(done.client_id)

    def _close(self, client_id: int) -> None:
        self.steps[self._step].leave()
        self._session = None
        self._on_done(client_id)

    # --- STOP and leaving ---------------------------------------------------------------
    def stop(self) -> None:
        if self._session is None:
            return
        view = self.steps[self._step]
        if isinstance(view, RepCoachStep) and not view.paused:
            view.toggle_pause()
        dialog = SafetyEventDialog(self, can_skip=skip_to_retest(self._step) is not None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._after_stop(dialog.event, dialog.choice))
        dialog.open()

    def _after_stop(self, event: SafetyEvent | None, choice: AfterStop) -> None:
        if self._session is None or event is None:
            return
        session = self._kept_entries()
        session = replace(session, safety_events=session.safety_events + (event,))
        if choice is AfterStop.END_SESSION:
            session = replace(session, status=SessionStatus.ABANDONED, finished_at=datetime.now(UTC),
                              abandon_reason=f"Ended after a safety event: {event.kind.label}")
            if self._save(session):
                self._close(session.client_id)
            return
        target = skip_to_retest(self._step)
        if choice is AfterStop.SKIP_TO_RETEST and target is not None:
            session = replace(session, completed_step=max(session.completed_step, int(target) - 1))
            if self._save(session):
                self._show(target)
            return
        self._save(session)

    def leave(self) -> None:
        """Keep the session for later (resume from home), or abandon it with a reason."""
        if self._session is None:
            return
        if confirm(self, "Leave this session?",
                   "Keep it to resume later from the home screen, or abandon it (the record is kept).",
                   "Keep for later", "Abandon…"):
            if not self._touched or self._save(self._current_entries()):
                self.steps[self._step].leave()
                self._session = None
                self._on_leave()
            return
        reason = ask_text(self, "Abandon session", "Reason for abandoning (kept in the record):")
        if reason is None:
            return
        if not reason:
            show_problem(self, "The session was not abandoned: a reason is needed. It is still open.",
                         "Still open")
            return
        session = replace(self._kept_entries(), status=SessionStatus.ABANDONED,
                          finished_at=datetime.now(UTC), abandon_reason=reason)
        if self._save(session):
            self._close(session.client_id)

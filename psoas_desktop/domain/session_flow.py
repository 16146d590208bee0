"""The session's lifecycle as pure transitions (SPEC 3.3, 6): the wizard shows a step and calls these.

Each function takes a session (and what the therapist chose) and returns the new session, or
raises `TransitionRefused` with a calm sentence. Nothing here knows about widgets or storage, so
every rule (gates, the direction lock, what a method change clears, STOP's choices) is tested
without Qt, and no path through the wizard can walk around one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime

from .model import (
    Rep,
    RepBlock,
    SafetyEvent,
    Session,
    SessionStatus,
    VerdictBasis,
)
from .protocol import (
    FIRST_STEP,
    first_failing_gate,
    last_step,
    methods_allowed,
    next_step,
    previous_step,
    rep_block_direction,
    skip_to_retest,
)
from .protocol_def import ProtocolDef, seed_protocol
from .validation import REPS_MAX, REPS_MIN

MAX_REPS, MIN_PLANNED_REPS = REPS_MAX, REPS_MIN  # SPEC 4: 1-10, defined once in validation


class TransitionRefused(ValueError):
    """A transition the rules do not allow; `str(error)` is a sentence for the therapist.

    `step` is where the therapist should be taken to fix it (a failing earlier gate), if any.
    """

    def __init__(self, message: str, step: int | None = None) -> None:
        super().__init__(message)
        self.step = step


class AfterStop(enum.Enum):
    """What the therapist chooses after recording a safety event."""

    CONTINUE = "continue"
    SKIP_TO_RETEST = "skip"
    END_SESSION = "end"


@dataclass(frozen=True)
class Moved:
    """A transition's result: the session to save and the step to show (None: leave the wizard)."""

    session: Session
    step: int | None


def _open(session: Session) -> None:
    if session.is_finished:
        raise TransitionRefused(
            "This session is already finished, so it cannot be changed. Add a dated addendum instead."
        )


# --- moving between steps ---------------------------------------------------------------------
def complete_step(session: Session, step: int) -> Moved:
    """Next: every gate up to `step` must hold (earlier ones are checked again); then the step is
    marked complete and the following one shown."""
    _open(session)
    if step == last_step(session.protocol):
        raise TransitionRefused("The summary is finished with Finish session.", step)
    failing = first_failing_gate(session, step)
    if failing is not None:
        failed_step, verdict = failing
        raise TransitionRefused(verdict.reason, failed_step)
    following = next_step(step, session.protocol)
    assert following is not None
    return Moved(replace(session, completed_step=max(session.completed_step, int(step))), following)


def go_back(session: Session, step: int) -> Moved:
    """Back: keep every entry and show the previous step, until the session is finished."""
    _open(session)
    previous = previous_step(step)
    if previous is None:
        raise TransitionRefused("This is the first step.")
    return Moved(session, previous)


def keep_for_later(session: Session) -> Moved:
    """Leave the wizard with the session still in progress; home offers to resume it."""
    _open(session)
    return Moved(session, None)


def abandon(session: Session, reason: str, now: datetime) -> Moved:
    """End the session without finishing it; the record and the reason are kept."""
    _open(session)
    reason = reason.strip()
    if not reason:
        raise TransitionRefused("Please write a reason for abandoning; the record is kept.")
    return Moved(replace(session, status=SessionStatus.ABANDONED, finished_at=now,
                         abandon_reason=reason), None)


def finish(session: Session, now: datetime, basis: VerdictBasis) -> Moved:
    """Finish: every gate before the summary must hold; the session becomes read-only and keeps
    the basis its verdict was judged with (SPEC 5.3)."""
    _open(session)
    last = last_step(session.protocol)
    failing = first_failing_gate(session, last - 1)
    if failing is not None:
        failed_step, verdict = failing
        raise TransitionRefused(verdict.reason, failed_step)
    return Moved(replace(session, status=SessionStatus.COMPLETED, finished_at=now,
                         completed_step=last, verdict_basis=basis), None)


# --- STOP -------------------------------------------------------------------------------------
def can_skip_to_retest(step: int, session: Session | None = None) -> bool:
    return skip_to_retest(step, session) is not None


def stop(session: Session, step: int, event: SafetyEvent, choice: AfterStop, now: datetime) -> Moved:
    """Record a safety event, then continue, skip to the re-test (from a rep block only), or end."""
    _open(session)
    recorded = replace(session, safety_events=session.safety_events + (event,))
    if choice is AfterStop.END_SESSION:
        return Moved(replace(recorded, status=SessionStatus.ABANDONED, finished_at=now,
                             abandon_reason=f"Ended after a safety event: {event.kind.label}"), None)
    if choice is AfterStop.SKIP_TO_RETEST:
        direction = rep_block_direction(recorded, step)
        if not can_skip_to_retest(step, recorded) or direction is None:
            raise TransitionRefused("Skipping to the re-test is offered from the repetitions only.")
        block = recorded.block(direction)
        if block is None or not block.reps:
            recorded = skip_direction(recorded, direction)
        return complete_step(recorded, step)
    return Moved(recorded, step)


# --- method, direction and repetitions --------------------------------------------------------
def method_change_clears(session: Session, method: str) -> bool:
    """Whether choosing `method` would clear readings taken with another method."""
    return method != session.method and bool(session.measurements)


def change_method(session: Session, method: str) -> Session:
    """One method per session: a new method clears the readings taken with the old one, and the
    session goes back to the check-in (everything measured must be measured again)."""
    _open(session)
    if method == session.method:
        return session
    ci = session.check_in
    if method not in methods_allowed(ci.precautions, ci.neuroplastic_suspected, session.protocol):
        raise TransitionRefused("The table-edge test is not offered today; please choose another method.")
    if not session.measurements:
        return replace(session, method=method)
    return replace(session, method=method, measurements=(),
                   completed_step=min(session.completed_step, int(FIRST_STEP)))


def direction_locked(session: Session) -> bool:
    """Blocks and re-tests are filed under the directions: once any exist, the order stays."""
    return session.first_direction is not None and (
        any(b.reps or b.skipped for b in session.blocks)
        or any(m.timepoint != session.protocol.timepoints[0].key for m in session.measurements))


def choose_first_direction(session: Session, direction: str) -> Session:
    _open(session)
    if direction not in session.protocol.direction_keys:
        raise TransitionRefused("Please choose one of the two directions.")
    if direction == session.first_direction:
        return session
    if direction_locked(session):
        raise TransitionRefused("The order is fixed once repetitions or re-tests are recorded.")
    return replace(session, first_direction=direction)


def suggested_first_direction(previous: Session | None, protocol: ProtocolDef | None = None) -> str:
    """The opposite of last session's first direction: alternating the order removes order bias."""
    protocol = protocol or (previous.protocol if previous is not None else seed_protocol())
    if (previous is not None and previous.first_direction is not None
            and previous.first_direction in protocol.direction_keys):
        return protocol.opposite(previous.first_direction)
    return protocol.direction_keys[0]


def _block(session: Session, direction: str, planned_reps: int) -> RepBlock:
    return session.block(direction) or RepBlock(direction, planned_reps)


def record_rep(session: Session, direction: str, rep: Rep, planned_reps: int) -> Session:
    """Count one repetition (a rep beyond the plan raises the plan; at most 10)."""
    _open(session)
    block = _block(session, direction, planned_reps)
    if len(block.reps) >= MAX_REPS:
        raise TransitionRefused(f"A block has at most {MAX_REPS} repetitions.")
    reps = block.reps + (rep,)
    return session.with_block(RepBlock(direction, max(block.planned_reps, len(reps)), reps))


def undo_rep(session: Session, direction: str) -> Session:
    """Remove the last counted repetition (one tap corrects a double count)."""
    _open(session)
    block = session.block(direction)
    if block is None or not block.reps:
        raise TransitionRefused("There is no repetition to undo.")
    return session.with_block(replace(block, reps=block.reps[:-1]))


def plan_reps(session: Session, direction: str, planned: int, default: int) -> Session:
    """Change the planned repetitions: from 1 (or the reps already done) to 10."""
    _open(session)
    # Equivalent mutant (not mutated): a new block's `default` plan is replaced by `planned` below.
    block = _block(session, direction, default)  # pragma: no mutate
    lowest = max(MIN_PLANNED_REPS, len(block.reps))
    if not lowest <= planned <= MAX_REPS:
        raise TransitionRefused(f"Planned repetitions stay between {lowest} and {MAX_REPS}.")
    return session.with_block(replace(block, planned_reps=planned))


def skip_direction(session: Session, direction: str) -> Session:
    """Leave a block with no rep counted: the direction is recorded as skipped, never compared."""
    _open(session)
    block = _block(session, direction, MIN_PLANNED_REPS)
    if block.reps:
        raise TransitionRefused("Repetitions were counted in this direction, so it is not skipped.")
    return session.with_block(replace(block, skipped=True))

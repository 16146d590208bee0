"""The session wizard as an explicit state machine: steps, what each needs, where Back and Next go."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .model import Precaution, Session, Side
from .protocol_def import ProtocolDef, StepDef, seed_protocol


class Step(enum.IntEnum):
    """The seed protocol's steps by position (a session's steps are its protocol's `steps`;
    these names are for the seed's own code and tests)."""

    CHECK_IN = 0
    BASELINE = 1
    FIRST_DIRECTION = 2
    REPS_FIRST = 3
    RETEST_FIRST = 4
    REPS_SECOND = 5
    RETEST_SECOND = 6
    SUMMARY = 7

    @property
    def title(self) -> str:
        return seed_protocol().steps[self].title

    @property
    def timepoint(self) -> str | None:
        """The time point a measurement step records, or None for other steps."""
        return seed_protocol().steps[self].timepoint

    @property
    def is_rep_block(self) -> bool:
        return seed_protocol().steps[self].kind == "intervention"


STEP_COUNT = len(Step)
FIRST_STEP = Step.CHECK_IN
LAST_STEP = Step.SUMMARY


@dataclass(frozen=True)
class Guard:
    """Whether a step may be left with Next, and if not, why (a sentence for the therapist)."""

    ok: bool
    reason: str = ""


def _protocol(protocol: ProtocolDef | None) -> ProtocolDef:
    return protocol if protocol is not None else seed_protocol()


def step_def(session: Session, step: int) -> StepDef:
    return session.protocol.steps[step]


def last_step(protocol: ProtocolDef | None = None) -> int:
    return len(_protocol(protocol).steps) - 1


def step_label(step: int, protocol: ProtocolDef | None = None) -> str:
    return f"{step + 1} of {len(_protocol(protocol).steps)}"


def next_step(step: int, protocol: ProtocolDef | None = None) -> int | None:
    return step + 1 if step < last_step(protocol) else None


def previous_step(step: int, protocol: ProtocolDef | None = None) -> int | None:
    return step - 1 if step > FIRST_STEP else None


def is_rep_block(session: Session, step: int) -> bool:
    return step_def(session, step).kind == "intervention"


def rep_block_direction(session: Session, step: int) -> str | None:
    """The direction an intervention step coaches (A is the first direction, B its pair)."""
    first = session.first_direction
    slot = step_def(session, step).slot
    if first is None or slot is None:
        return None
    return first if slot == "first" else session.protocol.opposite(first)


def first_failing_gate(session: Session, through: int) -> tuple[int, Guard] | None:
    """The earliest step up to `through` whose gate no longer holds, with its reason.

    Every gate is checked again on every Next and on resume (SPEC 3.3): an entry changed on an
    earlier step (a red flag ticked on a revisited check-in) cannot be walked past.
    """
    for step in range(len(session.protocol.steps)):
        if step > through:
            # Equivalent mutant (not mutated): `return` here returns None, as the end does.
            break  # pragma: no mutate
        verdict = guard(session, step)
        if not verdict.ok:
            return step, verdict
    return None


def resume_step(session: Session) -> int:
    """Where a resumed session reopens: the step after the last one saved, or the earliest
    completed step whose gate no longer holds."""
    last = last_step(session.protocol)
    after = min(session.completed_step + 1, last)
    if session.completed_step < FIRST_STEP:
        return after
    failing = first_failing_gate(session, min(session.completed_step, last))
    return failing[0] if failing is not None else after


def can_go_back(session: Session, step: int) -> bool:
    """Back corrects any earlier step until the session is finished."""
    return not session.is_finished and step > FIRST_STEP


def skip_to_retest(step: int, session: Session | None = None) -> int | None:
    """STOP's 'skip to re-test': only from an intervention step, to the re-test that follows it.

    Elsewhere there is nothing to skip, and skipping must never pass a step whose guard
    (the safety screen, a chosen direction) has not been met.
    """
    steps = session.protocol.steps if session is not None else seed_protocol().steps
    if not 0 <= step < len(steps) - 1 or steps[step].kind != "intervention":
        return None
    return step + 1 if steps[step + 1].kind == "measure" else None


def slot_before(session: Session, timepoint: str) -> str | None:
    """The intervention slot ("first", "second") done just before `timepoint` is measured."""
    protocol = session.protocol
    index = protocol.step_of_timepoint(timepoint)
    for step in protocol.steps[:index][::-1]:
        if step.kind == "intervention":
            return step.slot
        if step.kind == "measure":
            return None
    return None


def direction_before(session: Session, timepoint: str) -> str | None:
    """The direction done just before `timepoint` is measured, once the order is chosen."""
    slot, first = slot_before(session, timepoint), session.first_direction
    if slot is None or first is None:
        return None
    return first if slot == "first" else session.protocol.opposite(first)


def timepoint_words(session: Session, timepoint: str) -> str:
    """A time point in plain words for the client and the notes: "start", or "after rotating to
    the left" once the order is chosen ("after A" before), else the protocol's label."""
    protocol = session.protocol
    if timepoint == protocol.timepoints[0].key:
        return "start"
    direction = direction_before(session, timepoint)
    if direction is not None:
        return f"after {protocol.direction(direction).words}"
    slot = slot_before(session, timepoint)
    if slot is not None:
        return f"after {'A' if slot == 'first' else 'B'}"
    return protocol.timepoint_label(timepoint).lower()


def timepoint_heading(session: Session, timepoint: str) -> str:
    """A column heading: the protocol's label, with the direction done before it ("After A
    (left)") once the order is chosen."""
    label = session.protocol.timepoint_label(timepoint)
    direction = direction_before(session, timepoint)
    return f"{label} ({direction})" if direction else label


def methods_allowed(precautions: frozenset[Precaution], gentle: bool,
                    protocol: ProtocolDef | None = None) -> tuple[str, ...]:
    """Table-edge testing is hidden in gentle mode and after a hip replacement."""
    hide_table_edge = gentle or Precaution.HIP_REPLACEMENT in precautions
    return tuple(m.key for m in _protocol(protocol).methods if not (hide_table_edge and m.table_edge))


def readings_allowed(gentle: bool) -> int:
    """Gentle mode keeps to a single reading per side."""
    return 1 if gentle else 2


def guard(session: Session, step: int) -> Guard:
    """What must be filled before Next may leave `step`."""
    ci = session.check_in
    kind = step_def(session, step)
    if kind.kind == "check_in":
        if not ci.red_flags_answered:
            return Guard(False, "Please answer the safety screen first.")
        if ci.red_flags and not ci.override_reason.strip():
            return Guard(
                False,
                "A red flag was answered yes: referral is suggested. To continue anyway, "
                "write the reason for the override.",
            )
        if Precaution.RECENT_SURGERY in ci.precautions and not ci.surgery_clearance.strip():
            return Guard(False, "Recent surgery needs a recorded clearance before the session.")
        if session.method not in methods_allowed(ci.precautions, ci.neuroplastic_suspected,
                                                 session.protocol):
            return Guard(False, "The table-edge test is not offered today; please choose another method.")
        return Guard(True)
    timepoint = kind.timepoint
    if timepoint is not None:
        for side in Side:
            if session.measurement(timepoint, side) is None:
                return Guard(False, f"Please record the {side.value} leg.")
        return Guard(True)
    if kind.kind == "choose_order":
        if session.first_direction is None:
            return Guard(False, "Please choose the first direction.")
        return Guard(True)
    if kind.kind == "intervention":
        direction = rep_block_direction(session, step)
        if direction is None:
            return Guard(False, "Please choose the first direction.")
        block = session.block(direction)
        if block is None or not (block.reps or block.skipped):
            return Guard(False, "No repetition counted yet: tap Rep done after each one.")
    return Guard(True)

"""The SOAP note of one session (SPEC 8.2): drafted from the record, edited, signed, then closed.

A draft is plain text the therapist can change; Sign records who and when and closes the note for
good. Later corrections are the session's dated addenda (`Store.add_addendum`), never edits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from .analysis import analyse, home_program
from .model import FeltBetter, Session, Side
from .protocol import timepoint_words
from .session_flow import suggested_first_direction
from .validation import NAME_LENGTH, NOTE_LENGTH, ValidationError, check_text

SIGNED_MESSAGE = ("This note is signed, so it cannot be changed. Add a dated addendum "
                  "instead.")
SECTIONS: tuple[tuple[str, str], ...] = (
    ("subjective", "S · Subjective"),
    ("objective", "O · Objective"),
    ("assessment", "A · Assessment"),
    ("plan", "P · Plan"),
)


class SignedNoteError(ValidationError):
    """A signed note was about to change; the text says to add a dated addendum instead."""


@dataclass(frozen=True)
class SoapNote:
    """One session's note; `signed_at` None = a draft the therapist may still change."""

    session_id: int
    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""
    signed_by: str = ""
    signed_at: datetime | None = None

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def sections(self) -> tuple[tuple[str, str], ...]:
        """(heading, text) for S, O, A and P, in that order."""
        return tuple((heading, getattr(self, name)) for name, heading in SECTIONS)

    @property
    def signature(self) -> str:
        """'Signed by NAME, 02 Mar 2026 10:15' in local time, or '' for a draft."""
        if self.signed_at is None:
            return ""
        return f"Signed by {self.signed_by}, {self.signed_at.astimezone():%d %b %Y %H:%M}"


def _pain(value: int | None) -> str:
    return "not asked" if value is None else f"{value}/10"


def felt_words(session: Session) -> str:
    """The client's own answer in neutral words, naming the direction (not only A or B)."""
    felt, first = session.summary.felt_better, session.first_direction
    if felt is None:
        return "The client was not asked which direction felt better."
    if felt in (FeltBetter.FIRST, FeltBetter.SECOND) and first is not None:
        direction = first if felt is FeltBetter.FIRST else session.protocol.opposite(first)
        return (f"In the client's own words, {session.protocol.direction(direction).words} "
                "felt better.")
    return {
        FeltBetter.FIRST: "In the client's own words, direction A felt better.",
        FeltBetter.SECOND: "In the client's own words, direction B felt better.",
        FeltBetter.NO_DIFFERENCE: "The client noticed no difference between the directions.",
        FeltBetter.NOT_SURE: "The client was not sure which direction felt better.",
    }[felt]


def _subjective(session: Session) -> str:
    check_in = session.check_in
    where = ", ".join(sorted(p.label.lower() for p in check_in.pain_locations))
    lines = [f"Pain at the start: {_pain(check_in.pain_before)}" + (f" ({where})." if where
                                                                     else ".")]
    if check_in.changes_since_last:
        lines.append(f"Since the last visit: {check_in.changes_since_last}")
    if check_in.red_flags:
        lines.append("Red-flag screen: " + ", ".join(sorted(f.label.lower()
                                                            for f in check_in.red_flags))
                     + f"; went ahead because: {check_in.override_reason or 'no reason given'}.")
    elif check_in.red_flags_answered:
        lines.append("Red-flag screen: none reported.")
    if check_in.precautions:
        lines.append("Precautions: " + "; ".join(sorted(p.label for p in check_in.precautions))
                     + ".")
    if check_in.surgery_clearance:
        lines.append(f"Surgery clearance: {check_in.surgery_clearance}")
    if check_in.neuroplastic_suspected:
        lines.append("Working impression: nervous-system (neuroplastic) features suspected, not a "
                     "diagnosis; gentle mode.")
    return "\n".join(lines)


def _objective(session: Session) -> str:
    spec = session.method_spec
    lines = [f"{spec.label}, {session.protocol.better} is better:"]
    names = {t: timepoint_words(session, t) for t in session.protocol.timepoint_keys}
    for side in Side:
        parts = []
        for t in session.protocol.timepoint_keys:
            v = session.value(t, side)
            parts.append(f"{names[t]} {'–' if v is None else spec.format(v)}")
        lines.append(f"{side.value.capitalize()} leg: " + ", ".join(parts) + ".")
    for block in session.blocks:
        done = "skipped" if block.skipped else f"{len(block.reps)} of {block.planned_reps} reps"
        lines.append(f"{session.protocol.intervention_name}, "
                     f"{session.protocol.direction(block.direction).words}: {done}.")
    for event in session.safety_events:
        lines.append(f"STOP at {event.occurred_at.astimezone():%H:%M}: {event.kind.label.lower()}"
                     + (f", pain {event.pain}/10" if event.pain is not None else "")
                     + (f"; {event.action_taken}" if event.action_taken else "")
                     + (f"; {event.note}" if event.note else "") + ".")
    lines.append(f"Pain at the end: {_pain(session.summary.pain_after)}.")
    if session.abandon_reason:
        lines.append(f"Ended early: {session.abandon_reason}")
    return "\n".join(lines)


def draft_note(session: Session, sem: float | None) -> SoapNote:
    """A note pre-filled from what was recorded (S check-in, O readings, A verdict and the
    client's answer, P home program and the next session's first direction).

    `sem` is today's SEM per reading, used only for a session without a stored verdict basis.
    """
    if session.id is None:
        raise ValueError("only a stored session has a note")
    result = analyse(session, sem)
    assessment = [result.verdict.text, felt_words(session)]
    if session.summary.notes:
        assessment.append(f"Notes: {session.summary.notes}")
    program = session.summary.home_program or home_program(
        result.verdict, session.summary.felt_better, session.first_direction, session.protocol)
    following = suggested_first_direction(session)
    plan = [f"Home program: {program}",
            f"Next session: start with {session.protocol.direction(following).words} "
            "(the order alternates)."]
    return SoapNote(session.id, _subjective(session), _objective(session),
                    "\n".join(assessment), "\n".join(plan))


def check_soap_note(note: SoapNote) -> SoapNote:
    """Text the records can hold; a signature has both a name and a time."""
    for name, heading in SECTIONS:
        check_text(getattr(note, name), f"The note's {heading.split(' · ')[1].lower()} part",
                   NOTE_LENGTH, note=True)
    check_text(note.signed_by, "The name the note is signed with", NAME_LENGTH)
    if note.is_signed != bool(note.signed_by.strip()):
        raise ValidationError("A signed note needs the therapist's name and the time of signing.")
    return note


def edit_note(note: SoapNote, **sections: str) -> SoapNote:
    """The note with some of its S, O, A or P changed; a signed note refuses."""
    if note.is_signed:
        raise SignedNoteError(SIGNED_MESSAGE)
    unknown = set(sections) - {name for name, _heading in SECTIONS}
    if unknown:
        raise ValueError(f"a SOAP note has no part {sorted(unknown)}")
    return check_soap_note(replace(note, **sections))


def sign_note(note: SoapNote, signed_by: str, at: datetime) -> SoapNote:
    """Close the note with who signed it and when; it can be signed only once."""
    if note.is_signed:
        raise SignedNoteError(SIGNED_MESSAGE)
    name = " ".join(signed_by.split())
    if not name:
        raise ValidationError("Please type your name to sign the note.")
    return check_soap_note(replace(note, signed_by=name, signed_at=at))

"""The SOAP note as pure rules: drafted from the record in neutral words, edited, signed once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from psoas_desktop.domain.model import (
    CheckIn,
    Direction,
    FeltBetter,
    PainLocation,
    RedFlag,
    Summary,
)
from psoas_desktop.domain.soap import (
    SignedNoteError,
    SoapNote,
    check_soap_note,
    draft_note,
    edit_note,
    felt_words,
    sign_note,
)
from psoas_desktop.domain.validation import NOTE_LENGTH, ValidationError
from tests.records_seed import finished_session

AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _session(**changes):
    return replace(finished_session(1), id=9, **changes)


def test_draft_holds_check_in_readings_verdict_answer_and_next_direction():
    """S: pain and changes; O: every reading by direction; A: the verdict and the client's answer
    by direction name; P: the home program and the opposite first direction next time."""
    note = draft_note(_session(), 1.0)
    assert note.session_id == 9 and not note.is_signed
    assert "Pain at the start: 4/10 (right hip)." in note.subjective
    assert "Since the last visit: Slept better" in note.subjective
    assert ("Left leg: start 3.0 cm, after rotating to the right 2.0 cm, after rotating to the left 0.5 cm."
            in note.objective)
    assert "Right leg: start 1.5 cm" in note.objective
    assert "STOP at" in note.objective and "dizziness" in note.objective
    assert note.assessment.startswith("The two directions were similar, within measurement error")
    assert "In the client's own words, rotating to the left felt better." in note.assessment
    assert "Home program: Open-book 3x daily" in note.plan
    assert "Next session: start with rotating to the left" in note.plan


def test_next_direction_is_the_opposite_of_this_sessions_first():
    """A session that began rotating left suggests right first next time."""
    note = draft_note(_session(first_direction=Direction.LEFT), 1.0)
    assert "Next session: start with rotating to the right" in note.plan


def test_draft_words_stay_neutral_and_say_red_flag_overrides():
    """No alarming words in the draft; a red flag gone ahead with keeps its written reason."""
    session = _session(check_in=CheckIn(pain_before=2, red_flags=frozenset({RedFlag.FEVER}),
                                        red_flags_answered=True, override_reason="GP cleared",
                                        pain_locations=frozenset({PainLocation.LOW_BACK})))
    note = draft_note(session, 1.0)
    assert "fever; went ahead because: GP cleared." in note.subjective
    text = "\n".join(t for _h, t in note.sections()).lower()
    for word in ("fail", "tight", "bad", "abnormal", "fix"):
        assert word not in text


@pytest.mark.parametrize("felt, words", [
    (FeltBetter.FIRST, "rotating to the right felt better"),
    (FeltBetter.SECOND, "rotating to the left felt better"),
    (FeltBetter.NO_DIFFERENCE, "noticed no difference"),
    (FeltBetter.NOT_SURE, "was not sure"),
    (None, "was not asked"),
])
def test_the_clients_answer_names_the_direction(felt, words):
    """A/B answers are turned into the direction they mean (first = right here)."""
    assert words in felt_words(_session(summary=Summary(felt_better=felt)))


def test_a_signed_note_refuses_edits_and_a_second_signature():
    """Sign records who and when; then edit and sign again raise SignedNoteError."""
    note = edit_note(draft_note(_session(), 1.0), plan="Twice daily")
    signed = sign_note(note, "  Maria   Keller ", AT)
    assert (signed.signed_by, signed.signed_at, signed.plan) == ("Maria Keller", AT, "Twice daily")
    assert signed.signature.startswith("Signed by Maria Keller, ")
    with pytest.raises(SignedNoteError, match="dated addendum"):
        edit_note(signed, plan="changed")
    with pytest.raises(SignedNoteError):
        sign_note(signed, "Someone Else", AT)


def test_signing_needs_a_name_and_texts_are_checked():
    """A blank name is refused; a control character or an over-long part too."""
    note = SoapNote(1, "s", "o", "a", "p")
    with pytest.raises(ValidationError, match="name"):
        sign_note(note, "   ", AT)
    with pytest.raises(ValidationError, match="control character"):
        edit_note(note, subjective="bad\x00paste")
    with pytest.raises(ValidationError, match="at most"):
        edit_note(note, objective="x" * (NOTE_LENGTH + 1))
    with pytest.raises(ValidationError):
        check_soap_note(replace(note, signed_at=AT))  # signed by nobody
    assert edit_note(note, plan="line one\n\tline two").plan == "line one\n\tline two"

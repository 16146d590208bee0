"""The SOAP note word for word: each drafted part as its whole text for three unlike sessions, the
client's answer in every case, and every refusal's sentence (mutation testing: a changed word,
separator, condition or count in the draft is noticed)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from psoas_desktop.domain.model import (
    CheckIn,
    Direction,
    FeltBetter,
    PainLocation,
    Precaution,
    RedFlag,
    RepBlock,
    SafetyEvent,
    SafetyEventKind,
    SessionStatus,
    Summary,
    Timepoint,
)
from psoas_desktop.domain.soap import (
    SECTIONS,
    SIGNED_MESSAGE,
    SignedNoteError,
    SoapNote,
    check_soap_note,
    draft_note,
    edit_note,
    felt_words,
    sign_note,
)
from psoas_desktop.domain.validation import NAME_LENGTH, NOTE_LENGTH, ValidationError
from tests.records_seed import T0, finished_session

AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _session(**changes):
    return replace(finished_session(1), id=9, **changes)


def _hm(moment: datetime) -> str:
    return f"{moment.astimezone():%H:%M}"


def test_the_finished_sessions_note_word_for_word():
    note = draft_note(_session(), 1.0)
    assert note == SoapNote(
        9,
        subjective="Pain at the start: 4/10 (right hip).\n"
                   "Since the last visit: Slept better\n"
                   "Red-flag screen: none reported.",
        objective="Knee-to-table gap, lower is better:\n"
                  "Left leg: start 3.0 cm, after rotating to the right 2.0 cm, "
                  "after rotating to the left 0.5 cm.\n"
                  "Right leg: start 1.5 cm, after rotating to the right 1.0 cm, "
                  "after rotating to the left 0.0 cm.\n"
                  "Open-book rotations, rotating to the right: 3 of 3 reps.\n"
                  "Open-book rotations, rotating to the left: 1 of 3 reps.\n"
                  f"STOP at {_hm(T0 + timedelta(minutes=3))}: dizziness, pain 2/10; Paused; "
                  "Fine after a minute.\n"
                  "Pain at the end: 1/10.",
        assessment="The two directions were similar, within measurement error: they differed by "
                   "1.0 cm, and telling them apart needs more than 6.8 cm. It leans toward "
                   "rotating to the left.\n"
                   "In the client's own words, rotating to the left felt better.\n"
                   "Notes: Right side freer",
        plan="Home program: Open-book 3x daily\n"
             "Next session: start with rotating to the left (the order alternates).",
    )


def test_an_ended_early_session_with_every_check_in_answer_word_for_word():
    session = _session(
        check_in=CheckIn(
            pain_before=0,
            pain_locations=frozenset({PainLocation.RIGHT_HIP, PainLocation.LOW_BACK}),
            red_flags=frozenset({RedFlag.FEVER, RedFlag.CHEST_PAIN}), red_flags_answered=True,
            precautions=frozenset({Precaution.OSTEOPOROSIS, Precaution.HIP_REPLACEMENT}),
            surgery_clearance="Surgeon agreed", neuroplastic_suspected=True),
        blocks=(RepBlock(Direction.RIGHT, 4, (), True), RepBlock(Direction.LEFT, 3, ())),
        safety_events=(SafetyEvent(T0, SafetyEventKind.SHARP_PAIN, None, "", ""),),
        summary=Summary(None, None, "Tired today", ""), abandon_reason="Client had to leave",
        measurements=tuple(m for m in finished_session(1).measurements
                           if m.timepoint != Timepoint.AFTER_SECOND))
    note = draft_note(session, 1.0)
    assert note.subjective == (
        "Pain at the start: 0/10 (low back, right hip).\n"
        "Red-flag screen: chest pain or short of breath, fever; went ahead because: "
        "no reason given.\n"
        "Precautions: Hip replacement (no table-edge test); Osteoporosis (slow, partial range).\n"
        "Surgery clearance: Surgeon agreed\n"
        "Working impression: nervous-system (neuroplastic) features suspected, not a diagnosis; "
        "gentle mode.")
    assert note.objective == (
        "Knee-to-table gap, lower is better:\n"
        "Left leg: start 3.0 cm, after rotating to the right 2.0 cm, after rotating to the left –.\n"
        "Right leg: start 1.5 cm, after rotating to the right 1.0 cm, after rotating to the left –.\n"
        "Open-book rotations, rotating to the right: skipped.\n"
        "Open-book rotations, rotating to the left: 0 of 3 reps.\n"
        f"STOP at {_hm(T0)}: sharp pain.\n"
        "Pain at the end: not asked.\n"
        "Ended early: Client had to leave")
    assert note.assessment == (
        "Rotating to the right was not done today (skipped), so the two directions are not "
        "compared.\n"
        "The client was not asked which direction felt better.\n"
        "Notes: Tired today")
    assert note.plan == (
        "Home program: Rotate to both sides, in either order; 3 slow repetitions each, once or "
        "twice a day, gently and within comfort.\n"
        "Next session: start with rotating to the left (the order alternates).")


def test_a_bare_check_in_and_a_computed_home_program_word_for_word():
    session = _session(check_in=CheckIn(), first_direction=Direction.LEFT,
                       summary=Summary(FeltBetter.FIRST, 0, "", ""),
                       safety_events=(SafetyEvent(T0, SafetyEventKind.NUMBNESS, 0, "Rested", ""),
                                      SafetyEvent(T0, SafetyEventKind.OTHER, None, "", "Cramp")))
    note = draft_note(session, 1.0)
    assert note.subjective == "Pain at the start: not asked."
    assert note.objective.splitlines()[1:3] == [
        "Left leg: start 3.0 cm, after rotating to the left 2.0 cm, "
        "after rotating to the right 0.5 cm.",
        "Right leg: start 1.5 cm, after rotating to the left 1.0 cm, "
        "after rotating to the right 0.0 cm."]
    assert note.objective.splitlines()[-3:] == [
        f"STOP at {_hm(T0)}: numbness or tingling, pain 0/10; Rested.",
        f"STOP at {_hm(T0)}: other; Cramp.",
        "Pain at the end: 0/10."]
    assert note.assessment == (
        "The two directions were similar, within measurement error: they differed by 1.0 cm, and "
        "telling them apart needs more than 6.8 cm. It leans toward rotating to the right.\n"
        "In the client's own words, rotating to the left felt better.")
    assert note.plan == (
        "Home program: Start with rotating to the left, then rotating to the right; 3 slow "
        "repetitions each, once or twice a day, gently and within comfort.\n"
        "Next session: start with rotating to the right (the order alternates).")


def test_changes_and_red_flags_say_only_what_was_answered():
    unanswered = draft_note(_session(check_in=CheckIn(pain_before=3)), 1.0).subjective
    assert unanswered == "Pain at the start: 3/10."
    overridden = draft_note(_session(check_in=CheckIn(
        pain_before=3, red_flags=frozenset({RedFlag.WEIGHT_LOSS}), override_reason="GP cleared")),
        1.0).subjective
    assert overridden == ("Pain at the start: 3/10.\n"
                          "Red-flag screen: unexplained weight loss; went ahead because: "
                          "GP cleared.")


def test_only_a_stored_session_has_a_note():
    with pytest.raises(ValueError) as caught:
        draft_note(replace(finished_session(1), id=None), 1.0)
    assert str(caught.value) == "only a stored session has a note"


# --- the client's answer -------------------------------------------------------------------------
@pytest.mark.parametrize(("felt", "first", "words"), [
    (FeltBetter.FIRST, Direction.RIGHT, "In the client's own words, rotating to the right felt better."),
    (FeltBetter.SECOND, Direction.RIGHT, "In the client's own words, rotating to the left felt better."),
    (FeltBetter.FIRST, Direction.LEFT, "In the client's own words, rotating to the left felt better."),
    (FeltBetter.SECOND, Direction.LEFT, "In the client's own words, rotating to the right felt better."),
    (FeltBetter.FIRST, None, "In the client's own words, direction A felt better."),
    (FeltBetter.SECOND, None, "In the client's own words, direction B felt better."),
    (FeltBetter.NO_DIFFERENCE, Direction.RIGHT,
     "The client noticed no difference between the directions."),
    (FeltBetter.NO_DIFFERENCE, None, "The client noticed no difference between the directions."),
    (FeltBetter.NOT_SURE, Direction.LEFT, "The client was not sure which direction felt better."),
    (None, Direction.LEFT, "The client was not asked which direction felt better."),
])
def test_the_clients_answer_in_whole_sentences(felt, first, words):
    session = _session(summary=Summary(felt_better=felt), first_direction=first)
    assert felt_words(session) == words


# --- sections, signature, refusals ---------------------------------------------------------------
def test_the_sections_are_s_o_a_p_in_order():
    assert SECTIONS == (("subjective", "S · Subjective"), ("objective", "O · Objective"),
                        ("assessment", "A · Assessment"), ("plan", "P · Plan"))
    assert SoapNote(1, "s", "o", "a", "p").sections() == (
        ("S · Subjective", "s"), ("O · Objective", "o"), ("A · Assessment", "a"), ("P · Plan", "p"))


def test_signing_records_the_tidy_name_and_time():
    signed = sign_note(SoapNote(1, "s", "o", "a", "p"), "  Maria \t Keller ", AT)
    assert signed == SoapNote(1, "s", "o", "a", "p", "Maria Keller", AT)
    assert signed.is_signed and not SoapNote(1).is_signed
    assert signed.signature == f"Signed by Maria Keller, {AT.astimezone():%d %b %Y %H:%M}"
    assert SoapNote(1).signature == ""


def test_a_signed_note_refuses_with_the_addendum_sentence():
    assert SIGNED_MESSAGE == ("This note is signed, so it cannot be changed. Add a dated addendum "
                              "instead.")
    signed = SoapNote(1, "s", signed_by="Maria", signed_at=AT)
    for change in (lambda: edit_note(signed, plan="x"), lambda: sign_note(signed, "Ann", AT)):
        with pytest.raises(SignedNoteError) as caught:
            change()
        assert str(caught.value) == SIGNED_MESSAGE


def test_signing_with_no_name_is_refused_in_words():
    with pytest.raises(ValidationError) as caught:
        sign_note(SoapNote(1), " \t ", AT)
    assert str(caught.value) == "Please type your name to sign the note."


def test_editing_changes_only_the_parts_named():
    note = SoapNote(1, "s", "o", "a", "p")
    assert edit_note(note, subjective="S", assessment="A") == SoapNote(1, "S", "o", "A", "p")
    assert edit_note(note) == note
    with pytest.raises(ValueError) as caught:
        edit_note(note, summary="x", colour="y")
    assert str(caught.value) == "a SOAP note has no part ['colour', 'summary']"


@pytest.mark.parametrize(("name", "heading"), [
    ("subjective", "subjective"), ("objective", "objective"), ("assessment", "assessment"),
    ("plan", "plan")])
def test_each_part_is_checked_under_its_own_name(name, heading):
    note = SoapNote(1)
    with pytest.raises(ValidationError) as caught:
        check_soap_note(replace(note, **{name: "x" * (NOTE_LENGTH + 1)}))
    assert str(caught.value) == (f"The note's {heading} part can be at most 10,000 characters, "
                                 "not 10,001.")
    assert check_soap_note(replace(note, **{name: "a\n\tb" + "x" * (NOTE_LENGTH - 4)}))
    with pytest.raises(ValidationError) as caught:
        check_soap_note(replace(note, **{name: "a\x00b"}))
    assert str(caught.value).startswith(f"The note's {heading} part holds a hidden control")


def test_the_signature_is_checked_for_length_and_for_a_name_with_a_time():
    with pytest.raises(ValidationError) as caught:
        check_soap_note(SoapNote(1, signed_by="x" * (NAME_LENGTH + 1), signed_at=AT))
    assert str(caught.value) == ("The name the note is signed with can be at most 200 characters, "
                                 "not 201.")
    with pytest.raises(ValidationError) as caught:
        check_soap_note(SoapNote(1, signed_by="Maria\nKeller", signed_at=AT))
    assert str(caught.value).startswith("The name the note is signed with holds a hidden control")
    sentence = "A signed note needs the therapist's name and the time of signing."
    for note in (SoapNote(1, signed_at=AT), SoapNote(1, signed_by="  ", signed_at=AT),
                 SoapNote(1, signed_by="Maria")):
        with pytest.raises(ValidationError) as caught:
            check_soap_note(note)
        assert str(caught.value) == sentence
    assert check_soap_note(SoapNote(1, signed_by="Maria", signed_at=AT)).is_signed
    assert check_soap_note(SoapNote(1, signed_by="x" * NAME_LENGTH, signed_at=AT))


def test_a_computed_home_program_follows_the_sessions_protocol():
    """The second protocol: its own direction words and its own 5 repetitions."""
    from .test_given_protocol import passing_slr

    session = passing_slr(id=3, status=SessionStatus.COMPLETED, finished_at=T0,
                          summary=Summary(FeltBetter.SECOND, 1, "", ""))
    note = draft_note(session, 3.0)
    assert note.plan == (
        "Home program: Start with the slider glide, then the tensioner glide; 5 slow repetitions "
        "each, once or twice a day, gently and within comfort.\n"
        "Next session: start with the tensioner glide (the order alternates).")

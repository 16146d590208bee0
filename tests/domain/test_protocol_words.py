"""The wizard's words and moves word for word (mutation testing): every time point in plain words,
'skip to re-test' on every step of unlike step lists, and every gate's whole sentence."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from psoas_desktop.domain.model import (
    CheckIn,
    Direction,
    Precaution,
    RedFlag,
    RepBlock,
    Session,
)
from psoas_desktop.domain.protocol import (
    direction_before,
    guard,
    is_rep_block,
    skip_to_retest,
    slot_before,
    timepoint_words,
)
from psoas_desktop.domain.protocol_def import (
    StepDef,
    parse_protocol,
    seed_protocol,
    seed_protocol_data,
)

from .builders import T0, make_session, passing_session


def _with_settled_timepoint():
    """The seed with a second reading time, 'Settled', measured straight after the start."""
    data = copy.deepcopy(seed_protocol_data())
    data["timepoints"].insert(1, {"key": "settled", "label": "Settled"})
    data["steps"].insert(2, {"key": "settled", "kind": "measure", "timepoint": "settled",
                             "title": "Settled"})
    return parse_protocol(data, "settled.toml")


def test_time_points_in_plain_words_before_and_after_the_order_is_chosen():
    chosen, unchosen = make_session(first=Direction.RIGHT), make_session(first=None)
    keys = ("baseline", "after_first", "after_second")
    assert [timepoint_words(chosen, t) for t in keys] == [
        "start", "after rotating to the right", "after rotating to the left"]
    assert [timepoint_words(unchosen, t) for t in keys] == ["start", "after A", "after B"]


def test_a_time_point_after_no_intervention_is_its_label_in_small_letters():
    protocol = _with_settled_timepoint()
    for first in (None, "left"):
        session = Session(client_id=1, started_at=T0, protocol=protocol, first_direction=first)
        assert timepoint_words(session, "settled") == "settled"
        assert timepoint_words(session, "baseline") == "start"
    session = Session(client_id=1, started_at=T0, protocol=protocol, first_direction="left")
    assert timepoint_words(session, "after_first") == "after rotating to the left"


def _steps_session(*kinds: str) -> Session:
    steps = tuple(StepDef(f"s{i}", kind, kind, "baseline" if kind == "measure" else None,
                          "first" if kind == "intervention" else None)
                  for i, kind in enumerate(kinds))
    return Session(client_id=1, started_at=T0, protocol=replace(seed_protocol(), steps=steps))


@pytest.mark.parametrize(("kinds", "expected"), [
    (("check_in", "measure", "choose_order", "intervention", "measure", "intervention", "measure",
      "summary"), [None, None, None, 4, None, 6, None, None]),
    (("check_in", "measure", "choose_order", "intervention", "intervention", "measure", "summary"),
     [None, None, None, None, 5, None, None]),
    (("check_in", "measure", "choose_order", "intervention", "measure", "intervention", "summary"),
     [None, None, None, 4, None, None, None]),
    (("intervention", "measure", "intervention"), [1, None, None]),
    (("intervention", "measure"), [1, None]),
])
def test_skip_to_retest_goes_only_from_an_intervention_to_the_measure_after_it(kinds, expected):
    session = _steps_session(*kinds)
    assert [skip_to_retest(i, session) for i in range(len(kinds))] == expected
    assert skip_to_retest(len(kinds), session) is None
    assert skip_to_retest(-1, session) is None
    assert skip_to_retest(-2, session) is None


def test_skip_to_retest_without_a_session_follows_the_seed():
    assert [skip_to_retest(i) for i in range(-1, 9)] == [
        None, None, None, None, 4, None, 6, None, None, None]


def _session(**changes):
    return passing_session(**changes)


GATES = {
    "the screen unanswered": (
        lambda: _session(check_in=CheckIn()), 0, "Please answer the safety screen first."),
    "a red flag with no reason": (
        lambda: _session(check_in=CheckIn(red_flags_answered=True,
                                          red_flags=frozenset({RedFlag.FEVER}),
                                          override_reason="  ")), 0,
        "A red flag was answered yes: referral is suggested. To continue anyway, write the "
        "reason for the override."),
    "surgery with no clearance": (
        lambda: _session(check_in=CheckIn(red_flags_answered=True,
                                          precautions=frozenset({Precaution.RECENT_SURGERY}),
                                          surgery_clearance=" ")), 0,
        "Recent surgery needs a recorded clearance before the session."),
    "the table edge in gentle mode": (
        lambda: _session(method="table_edge_angle",
                         check_in=CheckIn(red_flags_answered=True, neuroplastic_suspected=True)),
        0, "The table-edge test is not offered today; please choose another method."),
    "no left leg": (lambda: _session(measurements=()), 1, "Please record the left leg."),
    "no right leg": (
        lambda: _session(measurements=tuple(m for m in passing_session().measurements
                                            if m.side.value == "left")),
        4, "Please record the right leg."),
    "no first direction": (lambda: _session(first_direction=None), 2,
                           "Please choose the first direction."),
    "no first direction on a rep block": (lambda: _session(first_direction=None), 3,
                                          "Please choose the first direction."),
    "no rep counted": (
        lambda: _session().with_block(RepBlock(Direction.RIGHT, 3)), 5,
        "No repetition counted yet: tap Rep done after each one."),
    "no block at all": (
        lambda: replace(_session(), blocks=()), 3,
        "No repetition counted yet: tap Rep done after each one."),
}


@pytest.mark.parametrize("name", list(GATES))
def test_a_gate_that_does_not_hold_says_why_in_a_whole_sentence(name):
    make, step, sentence = GATES[name]
    verdict = guard(make(), step)
    assert (verdict.ok, verdict.reason) == (False, sentence)


def test_gates_that_hold_give_no_reason():
    session = _session(check_in=CheckIn(red_flags_answered=True,
                                        red_flags=frozenset({RedFlag.FEVER}),
                                        override_reason="GP cleared",
                                        precautions=frozenset({Precaution.RECENT_SURGERY}),
                                        surgery_clearance="Surgeon agreed"))
    for step in range(8):
        assert (guard(session, step).ok, guard(session, step).reason) == (True, "")


def test_the_slot_before_a_time_point_looks_back_past_steps_that_are_neither():
    """Walking back from a measure, the nearest intervention or measure decides; other steps
    (the choice of order) are passed over, one by one."""
    steps = (StepDef("c", "check_in", "c"), StepDef("i", "intervention", "i", None, "second"),
             StepDef("o", "choose_order", "o"), StepDef("m", "measure", "m", "after_first"),
             StepDef("s", "summary", "s"))
    session = Session(client_id=1, started_at=T0, first_direction="left",
                      protocol=replace(seed_protocol(), steps=steps))
    assert slot_before(session, "after_first") == "second"
    assert direction_before(session, "after_first") == "right"
    seed_session = make_session(first=Direction.LEFT)
    assert [slot_before(seed_session, t) for t in ("baseline", "after_first", "after_second")] == \
        [None, "first", "second"]
    assert [direction_before(seed_session, t) for t in ("after_first", "after_second")] == \
        ["left", "right"]
    assert direction_before(make_session(first=None), "after_first") is None


def test_the_intervention_steps_are_the_rep_blocks():
    session = make_session()
    assert [is_rep_block(session, step) for step in range(8)] == [
        False, False, False, True, False, True, False, False]

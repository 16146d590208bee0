"""Protocol definitions (issue 8): the seed file, the schema's refusals, one contrast evaluator,
and a second protocol unlike the seed judged by the same code."""

from __future__ import annotations

import copy
import math
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psoas_desktop.domain.analysis import DIRECTION_FACTOR, SIDE_FACTOR, Outcome, analyse, trend
from psoas_desktop.domain.contrast import evaluate
from psoas_desktop.domain.model import (
    Direction,
    Measurement,
    Method,
    Session,
    SessionStatus,
    Side,
    Timepoint,
)
from psoas_desktop.domain.protocol import (
    Step,
    guard,
    resume_step,
    step_label,
    timepoint_heading,
    timepoint_words,
)
from psoas_desktop.domain.protocol_def import (
    ProtocolError,
    parse_protocol,
    parse_protocol_text,
    read_protocol_file,
    seed_protocol,
    seed_protocol_data,
)

from .builders import T0, make_session

SECOND = Path(__file__).resolve().parents[1] / "protocols" / "slr-neural-glide.toml"
# Version 1 of the seed is what every stored session before issue 8 followed: never edit it in
# place (a changed definition is version 2). This pins its content.
SEED_V1_HASH = "bcdb284ab5df225f9ef3204fdbef0a091f8ddf1cb9580b2599dd4e5c519bac67"


def second_protocol():
    return read_protocol_file(SECOND)[0]


# --- the seed file ------------------------------------------------------------------------------
def test_the_seed_file_is_version_one_unchanged_and_reproduces_the_seed_shapes():
    seed = seed_protocol()
    assert (seed.key, seed.version, seed.content_hash) == ("psoas-open-book", 1, SEED_V1_HASH)
    assert seed.timepoint_keys == tuple(Timepoint)  # SPEC 9: baseline|after_first|after_second
    assert seed.direction_keys == tuple(Direction)
    assert [m.key for m in seed.methods] == list(Method)
    assert [s.title for s in seed.steps] == [step.title for step in Step]
    assert [t.label for t in seed.timepoints] == ["Start", "After A", "After B"]
    assert seed.method("table_edge_angle").table_edge and seed.method("touches").default_sem is None
    assert seed.direction("left").label == \
        "Rotate to client's LEFT (lying on right side, left arm opens back)"


def test_a_definition_read_back_from_its_stored_json_is_the_same_definition():
    seed = seed_protocol()
    again = parse_protocol_text(seed.definition_json, "stored")
    assert again == seed and again.content_hash == seed.content_hash


# --- the schema's refusals: one sentence naming the field -----------------------------------------
def _edited(change):
    data = copy.deepcopy(seed_protocol_data())
    change(data)
    return data


BAD = {
    "missing key": (lambda d: d.pop("key"), "'key' is missing"),
    "unknown field": (lambda d: d.update(colour="teal"), "unknown field 'colour'"),
    "newer schema": (lambda d: d.update(schema=2), "this app reads schema 1"),
    "version zero": (lambda d: d.update(version=0), "'version' must be 1 or more"),
    "text for a number": (lambda d: d["measure"]["methods"][0].update(step="half"),
                          "measure.methods[0]: 'step' must be a number"),
    "range upside down": (lambda d: d["measure"]["methods"][0].update(minimum=20.0),
                          "'minimum' must be below 'maximum'"),
    "a negative SEM": (lambda d: d["measure"]["methods"][0].update(default_sem=-1.0),
                       "'default_sem' must be above 0"),
    "a method twice": (lambda d: d["measure"]["methods"].append(d["measure"]["methods"][0]),
                       "the key 'gap_cm' is used twice"),
    "unknown default method": (lambda d: d["measure"].update(default_method="cm"),
                               "'default_method' names no method"),
    "better sideways": (lambda d: d["measure"].update(better="sideways"), "'better' must be"),
    "one direction": (lambda d: d["intervention"]["directions"].pop(),
                      "'directions' must hold a pair"),
    "a phase of an hour": (lambda d: d["intervention"]["phases"][0].update(seconds=3600),
                           "phases[0]: 'seconds' must be above 0 and at most 60"),
    "a step of no kind": (lambda d: d["steps"][1].update(kind="dance"), "'kind' must be one of"),
    "an unknown timepoint": (lambda d: d["steps"][1].update(timepoint="later"),
                             "names an unknown timepoint 'later'"),
    "a timepoint never measured": (lambda d: d["steps"].pop(6),
                                   "every timepoint is measured by exactly one step"),
    "no summary": (lambda d: d["steps"].pop(), "end with the summary"),
    "a level, not a change": (
        lambda d: d["comparisons"]["direction"].update(coefficients={"baseline": 1}),
        "must add up to 0"),
    "a contrast on an unknown timepoint": (
        lambda d: d["comparisons"]["changes"][0].update(coefficients={"later": 1, "baseline": -1}),
        "unknown timepoint 'later'"),
    "a bad key": (lambda d: d.update(key="psoas open book"), "may hold only letters"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_definition_is_refused_with_the_field_named(name):
    change, words = BAD[name]
    with pytest.raises(ProtocolError, match=words.replace("(", r"\(").replace("[", r"\[")):
        parse_protocol(_edited(change), "my-protocol.toml")


def test_an_unreadable_file_is_refused_with_its_name(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("key = [unclosed", encoding="utf-8")
    with pytest.raises(ProtocolError, match="broken.toml: not a readable TOML or JSON file"):
        read_protocol_file(path)
    with pytest.raises(ProtocolError, match="missing.toml: cannot be read"):
        read_protocol_file(tmp_path / "missing.toml")


# --- one contrast evaluator -------------------------------------------------------------------
gap = st.integers(0, 30).map(lambda n: n / 2)
rows = st.tuples(*(st.tuples(gap, gap) for _ in range(3)))


def _old_verdict(v, first, sem):
    """The verdict before issue 8, written out: impacts per direction summed over both legs,
    D = impact A - impact B, a winner beyond 6.79 x SEM (sqrt(12) x 1.96)."""
    b, a1, a2 = Timepoint.BASELINE, Timepoint.AFTER_FIRST, Timepoint.AFTER_SECOND
    impact_first = sum(v[(b, s)] - v[(a1, s)] for s in Side)
    impact_second = sum(v[(a1, s)] - v[(a2, s)] for s in Side)
    difference = impact_first - impact_second
    if abs(difference) > DIRECTION_FACTOR * sem:
        return (Outcome.FIRST if difference > 0 else Outcome.SECOND), difference
    return Outcome.SIMILAR, difference


@given(rows, st.sampled_from(list(Direction)), st.sampled_from([0.25, 0.5, 1.0, 1.5, 2.0]))
def test_for_single_readings_the_evaluator_gives_the_seed_verdict_of_before(values, first, sem):
    session = make_session(values, first=first)
    v = {(m.timepoint, m.side): m.value for m in session.measurements}
    outcome, difference = _old_verdict(v, first, sem)
    verdict = analyse(session, sem).verdict
    assert verdict.outcome is outcome
    assert verdict.difference == pytest.approx(difference, abs=1e-12)
    assert verdict.threshold == pytest.approx(DIRECTION_FACTOR * sem, rel=1e-12)
    for change in analyse(session, sem).side_changes:
        assert change.real == (abs(change.change) > SIDE_FACTOR * sem)


def test_averaged_readings_use_the_exact_form_not_the_fewest_readings():
    """Two readings at the start, one at each re-test: per leg 1/2 + 4 + 1, both legs 11, so the
    direction threshold is 1.96 x SEM x sqrt(11) (the fewest-readings shortcut said sqrt(12))."""
    session = make_session((((4, 4), (6, 6)), (3, 4), (2.5, 3.5)))
    assert [len(m.readings) for m in session.measurements] == [2, 2, 1, 1, 1, 1]
    verdict = analyse(session, 1.0).verdict
    assert verdict.threshold == pytest.approx(1.96 * math.sqrt(11))
    one_leg = evaluate(session.protocol.changes["first"], (Side.LEFT,),
                       {(m.timepoint, m.side): m.value for m in session.measurements},
                       {(m.timepoint, m.side): len(m.readings) for m in session.measurements}, 1.0)
    assert one_leg is not None and one_leg.threshold == pytest.approx(1.96 * math.sqrt(1.5))


def test_a_contrast_waits_for_every_value_it_needs():
    session = make_session(((4, 6), (3, 4), (2.5, 3.5)))
    v = {(m.timepoint, m.side): m.value for m in session.measurements
         if m.timepoint != Timepoint.AFTER_SECOND}
    assert evaluate(session.protocol.direction_contrast, tuple(Side), v, {}, 1.0) is None


# --- a second protocol, unlike the seed ---------------------------------------------------------
def _slr(values: dict[str, tuple[float, float]], first="slider", day=0) -> Session:
    protocol = second_protocol()
    return Session(
        client_id=1, started_at=T0 + timedelta(days=day), method="slr_angle", protocol=protocol,
        status=SessionStatus.COMPLETED, first_direction=first,
        measurements=tuple(Measurement(t, side, (value,)) for t, pair in values.items()
                           for side, value in zip(Side, pair, strict=True)),
    )


def test_a_second_protocol_is_judged_by_the_same_evaluator_with_higher_better():
    """Raise angles up 12 degrees per leg after the slider, 1 after the tensioner: the slider had
    more impact (D = 24 - 2 = 22 degrees, beyond 1.96 x sqrt(12) x 3 = 20.4)."""
    session = _slr({"baseline": (50, 60), "after_slider": (62, 72), "after_tensioner": (63, 73),
                    "after_rest": (60, 70)})
    verdict = analyse(session, 3.0).verdict
    assert verdict.outcome is Outcome.FIRST and verdict.winner == "slider"
    assert (verdict.impact_first, verdict.impact_second, verdict.difference) == (24, 2, 22)
    assert verdict.text.startswith("The slider glide had more impact: 22 ° more change than the "
                                   "tensioner glide")
    [point] = trend([session], {})
    assert (point.left_start, point.left_end) == (50, 60)  # the rest is the trend's end
    assert point.directions == ("slider", "tensioner") and point.impact_left == 24


def test_a_second_protocols_steps_words_and_gates_come_from_its_file():
    protocol = second_protocol()
    session = Session(client_id=1, started_at=T0, method="slr_angle", protocol=protocol,
                      first_direction="tensioner")
    assert step_label(7, protocol) == "8 of 9"
    assert guard(session, 7).reason == "Please record the left leg."  # the rest re-test
    assert timepoint_words(session, "after_slider") == "after the tensioner glide"
    assert timepoint_heading(session, "after_tensioner") == "After glide B (slider)"
    assert timepoint_words(session, "after_rest") == "after a rest"
    assert resume_step(session) == 0

"""The verdict as whole values and sentences (mutation testing): winner first or second, similar
with and without a lean, no error model, and incomplete, each with its exact numbers."""

from __future__ import annotations

import copy
import math

import pytest

from psoas_desktop.domain.analysis import Outcome, Verdict, side_changes, verdict
from psoas_desktop.domain.model import Direction, Measurement, Method, Session, Side
from psoas_desktop.domain.protocol_def import ProtocolDef, parse_protocol, seed_protocol_data

from .builders import T0, make_session

THRESHOLD = 1.96 * math.sqrt(12)  # single readings, SEM 1: the direction contrast (1, -2, 1) x 2 legs
SPREAD = math.sqrt(12)
NO_MODEL = ("The two directions look similar as far as this method can tell: touches / does not "
            "touch has no measurement-error model, so it only shows whether a leg changed.")
INCOMPLETE = Verdict(Outcome.INCOMPLETE, None, None, 0.0, 0.0, 0.0, None,
                     "The comparison appears once both re-tests are recorded.")

CASES = {
    "the first direction beyond error": (
        dict(rows=((10, 10), (4, 4), (4, 4))), 1.0,
        Verdict(Outcome.FIRST, "left", "left", 12.0, 0.0, 12.0, THRESHOLD,
                "Rotating to the left had more impact: 12.0 cm more change than rotating to the "
                "right, beyond the measurement error of 6.8 cm.", SPREAD)),
    "the second direction beyond error": (
        dict(rows=((10, 10), (10, 10), (4, 4))), 1.0,
        Verdict(Outcome.SECOND, "right", "right", 0.0, 12.0, -12.0, THRESHOLD,
                "Rotating to the right had more impact: 12.0 cm more change than rotating to the "
                "left, beyond the measurement error of 6.8 cm.", SPREAD)),
    "the second direction, begun rotating right": (
        dict(rows=((10, 10), (10, 10), (4, 4)), first=Direction.RIGHT), 1.0,
        Verdict(Outcome.SECOND, "left", "left", 0.0, 12.0, -12.0, THRESHOLD,
                "Rotating to the left had more impact: 12.0 cm more change than rotating to the "
                "right, beyond the measurement error of 6.8 cm.", SPREAD)),
    "similar, leaning first": (
        dict(rows=((4, 6), (3, 4), (2.5, 3.5))), 1.0,
        Verdict(Outcome.SIMILAR, None, "left", 3.0, 1.0, 2.0, THRESHOLD,
                "The two directions were similar, within measurement error: they differed by "
                "2.0 cm, and telling them apart needs more than 6.8 cm. It leans toward rotating "
                "to the left.", SPREAD)),
    "similar, leaning second": (
        dict(rows=((4, 4), (4, 4), (3, 3))), 1.0,
        Verdict(Outcome.SIMILAR, None, "right", 0.0, 2.0, -2.0, THRESHOLD,
                "The two directions were similar, within measurement error: they differed by "
                "2.0 cm, and telling them apart needs more than 6.8 cm. It leans toward rotating "
                "to the right.", SPREAD)),
    "similar, no lean": (
        dict(rows=((4, 4), (3, 3), (2, 2))), 1.0,
        Verdict(Outcome.SIMILAR, None, None, 2.0, 2.0, 0.0, THRESHOLD,
                "The two directions were similar, within measurement error: they differed by "
                "0.0 cm, and telling them apart needs more than 6.8 cm.", SPREAD)),
    "similar in hundredths": (
        dict(rows=((3, 3), (2, 2), (1.25, 1.25))), 1.0,
        Verdict(Outcome.SIMILAR, None, "left", 2.0, 1.5, 0.5, THRESHOLD,
                "The two directions were similar, within measurement error: they differed by "
                "0.50 cm, and telling them apart needs more than 6.8 cm. It leans toward rotating "
                "to the left.", SPREAD)),
    "a larger SEM widens the limit": (
        dict(rows=((10, 10), (4, 4), (4, 4))), 2.0,
        Verdict(Outcome.SIMILAR, None, "left", 12.0, 0.0, 12.0, 2 * THRESHOLD,
                "The two directions were similar, within measurement error: they differed by "
                "12.0 cm, and telling them apart needs more than 13.6 cm. It leans toward rotating "
                "to the left.", 2 * SPREAD)),
    "no error model, leaning first": (
        dict(rows=((1, 1), (0, 0), (0, 1)), method=Method.TOUCHES), None,
        Verdict(Outcome.SIMILAR, None, "left", 2.0, -1.0, 3.0, None,
                NO_MODEL + " It leans toward rotating to the left.")),
    "no error model, leaning second": (
        dict(rows=((1, 1), (1, 1), (0, 0)), method=Method.TOUCHES), None,
        Verdict(Outcome.SIMILAR, None, "right", 0.0, 2.0, -2.0, None,
                NO_MODEL + " It leans toward rotating to the right.")),
    "no error model, no lean": (
        dict(rows=((1, 1), (1, 1), (1, 1)), method=Method.TOUCHES), None,
        Verdict(Outcome.SIMILAR, None, None, 0.0, 0.0, 0.0, None, NO_MODEL)),
    "no first direction": (dict(first=None), 1.0, INCOMPLETE),
    "no second re-test": (dict(rows=((4, 6), (3, 4))), 1.0, INCOMPLETE),
    "no re-test": (dict(rows=((4, 6),)), 1.0, INCOMPLETE),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_verdict_in_values_and_words(name):
    changes, sem, expected = CASES[name]
    found = verdict(make_session(**changes), sem)
    assert found.text == expected.text
    assert (found.outcome, found.winner, found.leaning) == (
        expected.outcome, expected.winner, expected.leaning)
    assert (found.impact_first, found.impact_second, found.difference) == (
        expected.impact_first, expected.impact_second, expected.difference)
    for got, want in ((found.threshold, expected.threshold), (found.spread, expected.spread)):
        assert (got is None) == (want is None)
        assert got is None or math.isclose(got, want)


def _seed_with(change) -> ProtocolDef:
    data = copy.deepcopy(seed_protocol_data())
    change(data)
    return parse_protocol(data, "variant.toml")


def _variant_session(protocol: ProtocolDef, values: dict[str, tuple[float, float]]) -> Session:
    return Session(client_id=1, started_at=T0, protocol=protocol, first_direction="left",
                   measurements=tuple(Measurement(t, side, (v,)) for t, pair in values.items()
                                      for side, v in zip(Side, pair, strict=True)))


def test_the_verdict_waits_for_every_value_either_contrast_needs():
    """A direction contrast that skips a time point the changes need, and one that needs a time
    point the changes skip: while that value is missing the verdict waits, whichever it is."""
    skips_middle = _seed_with(lambda d: d["comparisons"]["direction"].update(
        coefficients={"baseline": 1, "after_second": -1}))
    session = _variant_session(skips_middle, {"baseline": (4, 4), "after_second": (2, 2)})
    assert verdict(session, 1.0) == INCOMPLETE

    def with_settled(d):
        d["timepoints"].insert(1, {"key": "settled", "label": "Settled"})
        d["steps"].insert(2, {"key": "settled", "kind": "measure", "timepoint": "settled",
                              "title": "Settled"})
        d["comparisons"]["direction"].update(
            coefficients={"baseline": 1, "settled": 1, "after_first": -3, "after_second": 1})
    needs_settled = _seed_with(with_settled)
    session = _variant_session(needs_settled, {"baseline": (4, 4), "after_first": (3, 3),
                                               "after_second": (2, 2)})
    assert verdict(session, 1.0) == INCOMPLETE


def test_each_legs_change_counts_a_rise_as_better_when_higher_is_better():
    from .test_given_protocol import passing_slr

    changes = side_changes(passing_slr(), 3.0)
    assert [(c.side, c.direction, c.change) for c in changes] == [
        (Side.LEFT, "slider", 12.0), (Side.RIGHT, "slider", 12.0),
        (Side.LEFT, "tensioner", 1.0), (Side.RIGHT, "tensioner", 1.0)]
    assert [c.real for c in changes] == [True, True, False, False]

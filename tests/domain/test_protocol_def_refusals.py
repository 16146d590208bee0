"""The protocol schema word for word (issue 8): every refusal's whole sentence, the edges of every
range, what each optional field defaults to, and every parsed value of the seed, so that a changed
sentence, bound, default or field is noticed (mutation testing)."""

from __future__ import annotations

import codecs
import copy
import json
import math
from pathlib import Path

import pytest

from psoas_desktop.domain.protocol_def import (
    Contrast,
    DirectionDef,
    MethodSpec,
    PhaseDef,
    ProtocolError,
    StepDef,
    TimepointDef,
    _field,
    _kind_name,
    content_hash,
    definition_json,
    parse_protocol,
    parse_protocol_text,
    protocols_folder,
    read_protocol_file,
    seed_protocol,
    seed_protocol_data,
)
from psoas_desktop.resources import resource_root

W = "my.toml"


def _data():
    return copy.deepcopy(seed_protocol_data())


def _edited(change):
    data = _data()
    change(data)
    return data


def _refusal(data) -> str:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(data, W)
    return str(caught.value)


def _method(**changes):
    def change(d):
        d["measure"]["methods"][0].update(changes)
    return change


def _drop(*path):
    def change(d):
        node = d
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]
    return change


def _set(path, value):
    def change(d):
        node = d
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
    return change


M0 = f"{W}: measure.methods[0]"
REFUSALS = {
    # top level
    "unknown field": (_set(("colour",), "teal"), f"{W}: unknown field 'colour'."),
    "two unknown fields, the first named": (
        lambda d: d.update(zeta=1, alpha=2), f"{W}: unknown field 'alpha'."),
    "missing schema": (_drop("schema"), f"{W}: 'schema' is missing."),
    "newer schema": (_set(("schema",), 2), f"{W}: written for schema 2; this app reads schema 1."),
    "older schema": (_set(("schema",), 0), f"{W}: written for schema 0; this app reads schema 1."),
    "schema as true": (_set(("schema",), True), f"{W}: 'schema' must be a whole number, not True."),
    "schema as text": (_set(("schema",), "1"), f"{W}: 'schema' must be a whole number, not '1'."),
    "version zero": (_set(("version",), 0), f"{W}: 'version' must be 1 or more."),
    "missing version": (_drop("version"), f"{W}: 'version' is missing."),
    "missing key": (_drop("key"), f"{W}: 'key' is missing."),
    "a key with a space": (_set(("key",), "psoas open book"),
                           f"{W}: the key 'psoas open book' may hold only letters, digits, - and _."),
    "a key of only an underscore": (_set(("key",), "_"),
                                    f"{W}: the key '_' may hold only letters, digits, - and _."),
    "a key of only dashes": (_set(("key",), "--"),
                             f"{W}: the key '--' may hold only letters, digits, - and _."),
    "a key with a dot": (_set(("key",), "a.b"),
                         f"{W}: the key 'a.b' may hold only letters, digits, - and _."),
    "a key not ASCII": (_set(("key",), "psoäs"),
                        f"{W}: the key 'psoäs' may hold only letters, digits, - and _."),
    "an empty title": (_set(("title",), "  "), f"{W}: 'title' is empty."),
    "missing title": (_drop("title"), f"{W}: 'title' is missing."),
    "source as a number": (_set(("source",), 3), f"{W}: 'source' must be text, not 3."),
    # measure
    "missing measure": (_drop("measure"), f"{W}: 'measure' is missing."),
    "measure as a list": (_set(("measure",), []), f"{W}: 'measure' must be a table, not []."),
    "unknown measure field": (_set(("measure", "colour"), "teal"),
                              f"{W}: measure: unknown field 'colour'."),
    "better sideways": (_set(("measure", "better"), "sideways"),
                        f"{W}: measure: 'better' must be \"lower\" or \"higher\"."),
    "missing better": (_drop("measure", "better"), f"{W}: measure: 'better' is missing."),
    "missing measure name": (_drop("measure", "name"), f"{W}: measure: 'name' is missing."),
    "better_words as a number": (_set(("measure", "better_words"), 1),
                                 f"{W}: measure: 'better_words' must be text, not 1."),
    "instruction as a number": (_set(("measure", "instruction"), 1),
                                f"{W}: measure: 'instruction' must be text, not 1."),
    "zero_label as a number": (_set(("measure", "zero_label"), 0),
                               f"{W}: measure: 'zero_label' must be text, not 0."),
    "unknown default method": (_set(("measure", "default_method"), "cm"),
                               f"{W}: measure: 'default_method' names no method of the list."),
    "missing default method": (_drop("measure", "default_method"),
                               f"{W}: measure: 'default_method' is missing."),
    "no methods": (_set(("measure", "methods"), []), f"{W}: measure: 'methods' is empty."),
    "methods as a table": (_set(("measure", "methods"), {}),
                           f"{W}: measure: 'methods' must be a list, not {{}}."),
    "a method that is text": (lambda d: d["measure"]["methods"].insert(1, "cm"),
                              f"{W}: measure: methods[1] must be a table."),
    "a method twice": (lambda d: d["measure"]["methods"].append(d["measure"]["methods"][0]),
                       f"{W}: measure.methods: the key 'gap_cm' is used twice."),
    # one method
    "unknown method field": (_method(colour="teal"), f"{M0}: unknown field 'colour'."),
    "text for a number": (_method(step="half"), f"{M0}: 'step' must be a number, not 'half'."),
    "true for a number": (_method(minimum=True), f"{M0}: 'minimum' must be a number, not True."),
    "an infinite maximum": (_method(maximum=math.inf),
                            f"{M0}: 'maximum' must be a finite number, not inf."),
    "a minimum not a number": (_method(minimum=math.nan),
                               f"{M0}: 'minimum' must be a finite number, not nan."),
    "missing minimum": (_drop("measure", "methods", 0, "minimum"), f"{M0}: 'minimum' is missing."),
    "missing maximum": (_drop("measure", "methods", 0, "maximum"), f"{M0}: 'maximum' is missing."),
    "missing step": (_drop("measure", "methods", 0, "step"), f"{M0}: 'step' is missing."),
    "missing label": (_drop("measure", "methods", 0, "label"), f"{M0}: 'label' is missing."),
    "missing unit": (_drop("measure", "methods", 0, "unit"), f"{M0}: 'unit' is missing."),
    "missing method key": (_drop("measure", "methods", 0, "key"), f"{M0}: 'key' is missing."),
    "a bad method key": (_method(key="gap cm"),
                         f"{M0}: the key 'gap cm' may hold only letters, digits, - and _."),
    "range upside down": (_method(minimum=20.0), f"{M0}: 'minimum' must be below 'maximum'."),
    "an empty range": (_method(minimum=15.0), f"{M0}: 'minimum' must be below 'maximum'."),
    "a step of 0": (_method(step=0.0), f"{M0}: 'step' must be above 0 and within the range."),
    "a negative step": (_method(step=-0.5), f"{M0}: 'step' must be above 0 and within the range."),
    "a step beyond the range": (_method(step=15.5),
                                f"{M0}: 'step' must be above 0 and within the range."),
    "a step beyond a range away from 0": (
        _method(minimum=10.0, step=6.0), f"{M0}: 'step' must be above 0 and within the range."),
    "a negative SEM": (_method(default_sem=-1.0),
                       f"{M0}: 'default_sem' must be above 0 (leave it out for pass/fail)."),
    "an SEM of 0": (_method(default_sem=0),
                    f"{M0}: 'default_sem' must be above 0 (leave it out for pass/fail)."),
    "an SEM as text": (_method(default_sem="one"),
                       f"{M0}: 'default_sem' must be a number, not 'one'."),
    "table_edge as text": (_method(table_edge="yes"),
                           f"{M0}: 'table_edge' must be true or false, not 'yes'."),
    "table_edge as 1": (_method(table_edge=1), f"{M0}: 'table_edge' must be true or false, not 1."),
    "unit_one as a number": (_method(unit_one=1), f"{M0}: 'unit_one' must be text, not 1."),
    "zero_label of a method as a number": (
        _method(zero_label=0), f"{M0}: 'zero_label' must be text, not 0."),
    # timepoints
    "missing timepoints": (_drop("timepoints"), f"{W}: 'timepoints' is missing."),
    "one timepoint": (lambda d: d.update(timepoints=d["timepoints"][:1]),
                      f"{W}: a protocol needs at least two timepoints (before and after)."),
    "unknown timepoint field": (_set(("timepoints", 1, "colour"), "teal"),
                                f"{W}: timepoints[1]: unknown field 'colour'."),
    "missing timepoint label": (_drop("timepoints", 2, "label"),
                                f"{W}: timepoints[2]: 'label' is missing."),
    "a bad timepoint key": (_set(("timepoints", 0, "key"), "base line"),
                            f"{W}: timepoints[0]: the key 'base line' may hold only letters, "
                            "digits, - and _."),
    "a timepoint twice": (lambda d: d["timepoints"].append(d["timepoints"][0]),
                          f"{W}: timepoints: the key 'baseline' is used twice."),
    # intervention
    "missing intervention": (_drop("intervention"), f"{W}: 'intervention' is missing."),
    "unknown intervention field": (_set(("intervention", "colour"), "teal"),
                                   f"{W}: intervention: unknown field 'colour'."),
    "missing intervention name": (_drop("intervention", "name"),
                                  f"{W}: intervention: 'name' is missing."),
    "figure as a number": (_set(("intervention", "figure"), 1),
                           f"{W}: intervention: 'figure' must be text, not 1."),
    "one direction": (lambda d: d["intervention"]["directions"].pop(),
                      f"{W}: intervention: 'directions' must hold a pair (two directions)."),
    "three directions": (
        lambda d: d["intervention"]["directions"].append(
            dict(d["intervention"]["directions"][0], key="up")),
        f"{W}: intervention: 'directions' must hold a pair (two directions)."),
    "no directions": (_set(("intervention", "directions"), []),
                      f"{W}: intervention: 'directions' is empty."),
    "a direction twice": (
        lambda d: d["intervention"]["directions"].__setitem__(1, d["intervention"]["directions"][0]),
        f"{W}: intervention.directions: the key 'left' is used twice."),
    "unknown direction field": (_set(("intervention", "directions", 1, "colour"), "teal"),
                                f"{W}: intervention.directions[1]: unknown field 'colour'."),
    "missing direction words": (_drop("intervention", "directions", 0, "words"),
                                f"{W}: intervention.directions[0]: 'words' is missing."),
    "missing direction instruction": (_drop("intervention", "directions", 0, "instruction"),
                                      f"{W}: intervention.directions[0]: 'instruction' is missing."),
    "missing direction position": (_drop("intervention", "directions", 0, "position"),
                                   f"{W}: intervention.directions[0]: 'position' is missing."),
    "missing direction key": (_drop("intervention", "directions", 0, "key"),
                              f"{W}: intervention.directions[0]: 'key' is missing."),
    "client words as a number": (_set(("intervention", "directions", 0, "client_words"), 1),
                                 f"{W}: intervention.directions[0]: 'client_words' must be text, "
                                 "not 1."),
    "no phases": (_set(("intervention", "phases"), []), f"{W}: intervention: 'phases' is empty."),
    "unknown phase field": (_set(("intervention", "phases", 2, "colour"), "teal"),
                            f"{W}: intervention.phases[2]: unknown field 'colour'."),
    "a phase of an hour": (_set(("intervention", "phases", 0, "seconds"), 3600),
                           f"{W}: intervention.phases[0]: 'seconds' must be above 0 and at most 60."),
    "a phase just over a minute": (
        _set(("intervention", "phases", 0, "seconds"), 60.5),
        f"{W}: intervention.phases[0]: 'seconds' must be above 0 and at most 60."),
    "a phase of no time": (_set(("intervention", "phases", 1, "seconds"), 0),
                           f"{W}: intervention.phases[1]: 'seconds' must be above 0 and at most 60."),
    "missing phase seconds": (_drop("intervention", "phases", 1, "seconds"),
                              f"{W}: intervention.phases[1]: 'seconds' is missing."),
    "missing phase name": (_drop("intervention", "phases", 1, "name"),
                           f"{W}: intervention.phases[1]: 'name' is missing."),
    "no reps": (_set(("intervention", "reps_default"), 0),
                f"{W}: intervention: 'reps_default' must be from 1 to 10."),
    "eleven reps": (_set(("intervention", "reps_default"), 11),
                    f"{W}: intervention: 'reps_default' must be from 1 to 10."),
    "reps as a number with a point": (
        _set(("intervention", "reps_default"), 3.0),
        f"{W}: intervention: 'reps_default' must be a whole number, not 3.0."),
    # steps
    "missing steps": (_drop("steps"), f"{W}: 'steps' is missing."),
    "unknown step field": (_set(("steps", 1, "colour"), "teal"),
                           f"{W}: steps[1]: unknown field 'colour'."),
    "a step of no kind": (_set(("steps", 1, "kind"), "dance"),
                          f"{W}: steps[1]: 'kind' must be one of check_in, measure, choose_order, "
                          "intervention, summary."),
    "missing step kind": (_drop("steps", 1, "kind"), f"{W}: steps[1]: 'kind' is missing."),
    "missing step title": (_drop("steps", 1, "title"), f"{W}: steps[1]: 'title' is missing."),
    "missing step key": (_drop("steps", 1, "key"), f"{W}: steps[1]: 'key' is missing."),
    "a measure with no timepoint": (
        _drop("steps", 1, "timepoint"),
        f"{W}: steps[1]: a measure step, and only a measure step, names a 'timepoint'."),
    "a check-in with a timepoint": (
        _set(("steps", 0, "timepoint"), "baseline"),
        f"{W}: steps[0]: a measure step, and only a measure step, names a 'timepoint'."),
    "an unknown timepoint": (_set(("steps", 1, "timepoint"), "later"),
                             f"{W}: steps[1]: 'timepoint' names an unknown timepoint 'later'."),
    "timepoint as a number": (_set(("steps", 1, "timepoint"), 1),
                              f"{W}: steps[1]: 'timepoint' must be text, not 1."),
    "an intervention with no slot": (
        _drop("steps", 3, "slot"),
        f"{W}: steps[3]: an intervention step, and only one, names a 'slot'."),
    "a summary with a slot": (
        _set(("steps", 7, "slot"), "first"),
        f"{W}: steps[7]: an intervention step, and only one, names a 'slot'."),
    "an unknown slot": (_set(("steps", 3, "slot"), "third"),
                        f"{W}: steps[3]: 'slot' must be \"first\" or \"second\"."),
    "slot as a number": (_set(("steps", 3, "slot"), 1),
                         f"{W}: steps[3]: 'slot' must be text, not 1."),
    "a step key twice": (_set(("steps", 2, "key"), "baseline"),
                         f"{W}: steps: the key 'baseline' is used twice."),
    "no summary": (lambda d: d["steps"].pop(),
                   f"{W}: steps must begin with the check-in and end with the summary."),
    "no check-in": (lambda d: d["steps"].pop(0),
                    f"{W}: steps must begin with the check-in and end with the summary."),
    "the check-in second": (
        lambda d: d["steps"].insert(0, d["steps"].pop(1)),
        f"{W}: steps must begin with the check-in and end with the summary."),
    "the summary not last": (
        lambda d: d["steps"].insert(6, d["steps"].pop()),
        f"{W}: steps must begin with the check-in and end with the summary."),
    "two check-ins": (
        lambda d: d["steps"].insert(1, dict(d["steps"][0], key="again")),
        f"{W}: steps must begin with the check-in and end with the summary."),
    "two summaries": (
        lambda d: d["steps"].insert(7, dict(d["steps"][7], key="early")),
        f"{W}: steps must begin with the check-in and end with the summary."),
    "no choice of order": (
        lambda d: d["steps"].pop(2),
        f"{W}: steps must choose the order, then hold the first and the second intervention, "
        "in that order."),
    "the order chosen after the first": (
        lambda d: d["steps"].insert(4, d["steps"].pop(2)),
        f"{W}: steps must choose the order, then hold the first and the second intervention, "
        "in that order."),
    "the slots swapped": (
        lambda d: (d["steps"][3].update(slot="second"), d["steps"][5].update(slot="first")),
        f"{W}: steps must choose the order, then hold the first and the second intervention, "
        "in that order."),
    "a timepoint never measured": (
        lambda d: d["steps"].pop(6),
        f"{W}: every timepoint is measured by exactly one step, in order."),
    "timepoints measured out of order": (
        lambda d: (d["steps"][4].update(timepoint="after_second"),
                   d["steps"][6].update(timepoint="after_first")),
        f"{W}: every timepoint is measured by exactly one step, in order."),
    "a timepoint measured twice": (
        lambda d: d["steps"].insert(7, dict(d["steps"][6], key="again")),
        f"{W}: every timepoint is measured by exactly one step, in order."),
    # comparisons
    "missing comparisons": (_drop("comparisons"), f"{W}: 'comparisons' is missing."),
    "unknown comparisons field": (_set(("comparisons", "colour"), "teal"),
                                  f"{W}: comparisons: unknown field 'colour'."),
    "unknown change field": (_set(("comparisons", "changes", 1, "colour"), "teal"),
                             f"{W}: comparisons.changes[1]: unknown field 'colour'."),
    "a change with no slot": (_drop("comparisons", "changes", 1, "slot"),
                              f"{W}: comparisons.changes[1]: 'slot' is missing."),
    "a third slot": (_set(("comparisons", "changes", 1, "slot"), "third"),
                     f"{W}: comparisons.changes[1]: 'slot' must be \"first\" or \"second\", "
                     "each once."),
    "a slot twice": (_set(("comparisons", "changes", 1, "slot"), "first"),
                     f"{W}: comparisons.changes[1]: 'slot' must be \"first\" or \"second\", "
                     "each once."),
    "no changes": (_set(("comparisons", "changes"), []), f"{W}: comparisons: 'changes' is empty."),
    "one change only": (lambda d: d["comparisons"]["changes"].pop(),
                        f"{W}: comparisons: 'changes' needs one contrast for each slot "
                        "(first and second)."),
    "missing coefficients": (_drop("comparisons", "changes", 0, "coefficients"),
                             f"{W}: comparisons.changes[0]: 'coefficients' is missing."),
    "a contrast on an unknown timepoint": (
        _set(("comparisons", "changes", 0, "coefficients"), {"later": 1, "baseline": -1}),
        f"{W}: comparisons.changes[0]: coefficients name an unknown timepoint 'later'."),
    "a coefficient that is text": (
        _set(("comparisons", "changes", 0, "coefficients"), {"baseline": "1", "after_first": -1}),
        f"{W}: comparisons.changes[0]: the coefficient of 'baseline' must be a number."),
    "a coefficient that is true": (
        _set(("comparisons", "changes", 0, "coefficients"), {"baseline": True, "after_first": -1}),
        f"{W}: comparisons.changes[0]: the coefficient of 'baseline' must be a number."),
    "a level, not a change": (
        _set(("comparisons", "direction", "coefficients"), {"baseline": 1}),
        f"{W}: comparisons.direction: the coefficients must add up to 0 (a change, not a level)."),
    "half a change": (
        _set(("comparisons", "direction", "coefficients"), {"baseline": 1, "after_first": -0.5}),
        f"{W}: comparisons.direction: the coefficients must add up to 0 (a change, not a level)."),
    "all coefficients 0": (
        _set(("comparisons", "direction", "coefficients"), {"baseline": 0, "after_first": 0}),
        f"{W}: comparisons.direction: at least one coefficient must be other than 0."),
    "no coefficients": (
        _set(("comparisons", "direction", "coefficients"), {}),
        f"{W}: comparisons.direction: at least one coefficient must be other than 0."),
    "unknown direction-contrast field": (
        _set(("comparisons", "direction", "colour"), "teal"),
        f"{W}: comparisons.direction: unknown field 'colour'."),
    "missing direction contrast": (_drop("comparisons", "direction"),
                                   f"{W}: comparisons: 'direction' is missing."),
    "missing trend": (_drop("comparisons", "trend"), f"{W}: comparisons: 'trend' is missing."),
    "unknown trend field": (_set(("comparisons", "trend", "colour"), "teal"),
                            f"{W}: comparisons.trend: unknown field 'colour'."),
    "missing trend start": (_drop("comparisons", "trend", "start"),
                            f"{W}: comparisons.trend: 'start' is missing."),
    "missing trend end": (_drop("comparisons", "trend", "end"),
                          f"{W}: comparisons.trend: 'end' is missing."),
    "a trend from an unknown start": (
        _set(("comparisons", "trend", "start"), "later"),
        f"{W}: comparisons.trend: 'start' names an unknown timepoint 'later'."),
    "a trend to an unknown end": (
        _set(("comparisons", "trend", "end"), "later"),
        f"{W}: comparisons.trend: 'end' names an unknown timepoint 'later'."),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_a_bad_definition_is_refused_with_this_whole_sentence(name):
    change, sentence = REFUSALS[name]
    assert _refusal(_edited(change)) == sentence


def test_the_origin_defaults_to_protocol():
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(_edited(_drop("key")))
    assert str(caught.value) == "protocol: 'key' is missing."


# --- the edges that are still accepted ------------------------------------------------------------
ACCEPTED = {
    "version 1": _set(("version",), 1),
    "a step as wide as the range": _method(step=15.0),
    "a step as wide as a range away from 0": _method(minimum=10.0, step=5.0),
    "a minimum just below the maximum": _method(minimum=14.5),
    "a tiny SEM": _method(default_sem=0.01),
    "a whole-number range": _method(minimum=0, maximum=15, step=1),
    "a phase of a minute": _set(("intervention", "phases", 0, "seconds"), 60),
    "a phase of a tenth of a second": _set(("intervention", "phases", 0, "seconds"), 0.1),
    "one rep": _set(("intervention", "reps_default"), 1),
    "ten reps": _set(("intervention", "reps_default"), 10),
    "two timepoints": lambda d: (
        d.update(timepoints=d["timepoints"][:2]), d["steps"].pop(6),
        d["comparisons"]["changes"][1].update(coefficients={"baseline": 1, "after_first": -1}),
        d["comparisons"]["direction"].update(coefficients={"baseline": 1, "after_first": -1}),
        d["comparisons"]["trend"].update(end="after_first")),
    "a key with - and _": _set(("key",), "psoas_open-book2"),
    "a change of fractions": _set(("comparisons", "direction", "coefficients"),
                                  {"baseline": 0.1, "after_first": 0.2, "after_second": -0.3}),
    "a sum of coefficients at the rounding tolerance": _set(
        ("comparisons", "direction", "coefficients"), {"baseline": 1e-9, "after_first": 0.0}),
    "the changes in either order": lambda d: d["comparisons"]["changes"].reverse(),
    "higher is better": _set(("measure", "better"), "higher"),
}


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_a_definition_at_the_edge_is_accepted(name):
    assert parse_protocol(_edited(ACCEPTED[name]), W).key


def test_the_seed_is_parsed_into_exactly_these_values():
    seed = parse_protocol(_data(), W)
    assert (seed.key, seed.version, seed.title) == (
        "psoas-open-book", 1, "Psoas length and thoracic open-book rotations")
    assert seed.source == ("Clinical-massage teaching article: supine psoas-length test, "
                           "open-book rotations both ways")
    assert (seed.measure_name, seed.better, seed.better_words) == (
        "Supine psoas-length test", "lower", "lower is closer to the table")
    assert seed.instruction == "Client lies supine: does the back of each knee rest on the table?"
    assert seed.methods == (
        MethodSpec("Knee-to-table gap", "cm", 0.0, 15.0, 0.5, 1.0, False, "gap_cm", "",
                   "Touches table"),
        MethodSpec("Finger widths under the knee", "fingers", 0.0, 6.0, 1.0, 1.0, False, "fingers",
                   "finger", "Touches table"),
        MethodSpec("Thigh angle (inclinometer, flat supine)", "°", 0.0, 45.0, 1.0, 2.0, False,
                   "thigh_angle", "", "Touches table"),
        MethodSpec("Touches / does not touch", "0/1", 0.0, 1.0, 1.0, None, False, "touches", "",
                   "Touches table"),
        MethodSpec("Table-edge thigh angle (modified Thomas test)", "°", -30.0, 45.0, 1.0, 2.0,
                   True, "table_edge_angle", "", "Flat (0°)"),
    )
    assert all(type(v) is float for m in seed.methods
               for v in (m.minimum, m.maximum, m.step))
    assert seed.default_method == "gap_cm"
    assert seed.timepoints == (TimepointDef("baseline", "Start"),
                               TimepointDef("after_first", "After A"),
                               TimepointDef("after_second", "After B"))
    assert seed.intervention_name == "Open-book rotations"
    assert seed.directions == (
        DirectionDef("left", "Rotate to client's LEFT", "lying on right side, left arm opens back",
                     "rotating to the left", "rotating to your left"),
        DirectionDef("right", "Rotate to client's RIGHT",
                     "lying on left side, right arm opens back", "rotating to the right",
                     "rotating to your right"),
    )
    assert seed.phases == (PhaseDef("Inhale, prepare", 3.0), PhaseDef("Exhale and open", 4.0),
                           PhaseDef("Breathe at the end of the range", 4.0),
                           PhaseDef("Inhale and return", 3.0))
    assert seed.reps_default == 3 and seed.figure == "open_book"
    assert seed.steps == (
        StepDef("check_in", "check_in", "Check-in"),
        StepDef("baseline", "measure", "Starting point", "baseline"),
        StepDef("first_direction", "choose_order", "First direction"),
        StepDef("reps_first", "intervention", "Open-book rotations: direction A", None, "first"),
        StepDef("retest_first", "measure", "Re-test after direction A", "after_first"),
        StepDef("reps_second", "intervention", "Open-book rotations: direction B", None, "second"),
        StepDef("retest_second", "measure", "Re-test after direction B", "after_second"),
        StepDef("summary", "summary", "Summary"),
    )
    assert dict(seed.changes) == {
        "first": Contrast((("baseline", 1.0), ("after_first", -1.0))),
        "second": Contrast((("after_first", 1.0), ("after_second", -1.0))),
    }
    assert seed.direction_contrast == Contrast(
        (("baseline", 1.0), ("after_first", -2.0), ("after_second", 1.0)))
    assert (seed.trend_start, seed.trend_end) == ("baseline", "after_second")
    assert seed.content_hash == content_hash(seed_protocol_data())
    assert seed.definition_json == definition_json(seed_protocol_data())


def test_optional_fields_take_their_defaults():
    def strip(d):
        for name in ("source",):
            del d[name]
        for name in ("better_words", "instruction", "zero_label"):
            del d["measure"][name]
        del d["intervention"]["figure"]
        for m in d["measure"]["methods"]:
            for name in ("default_sem", "table_edge", "unit_one", "zero_label"):
                m.pop(name, None)
        for direction in d["intervention"]["directions"]:
            del direction["client_words"]
    bare = parse_protocol(_edited(strip), W)
    assert (bare.source, bare.instruction, bare.figure) == ("", "", "")
    assert bare.better_words == "lower is better"
    assert {(m.default_sem, m.table_edge, m.unit_one, m.zero_label) for m in bare.methods} == {
        (None, False, "", "")}
    assert [d.client_words for d in bare.directions] == ["rotating to the left",
                                                        "rotating to the right"]
    higher = parse_protocol(_edited(lambda d: (strip(d), d["measure"].update(better="higher"))), W)
    assert higher.better_words == "higher is better" and higher.sign == -1


def test_a_method_names_its_own_zero_button_or_takes_the_measures():
    seed = parse_protocol(_data(), W)
    assert seed.method("gap_cm").zero_label == "Touches table"
    assert seed.method("table_edge_angle").zero_label == "Flat (0°)"


def test_whole_numbers_in_a_definition_become_floats():
    parsed = parse_protocol(_edited(_method(minimum=0, maximum=15, step=1, default_sem=2)), W)
    spec = parsed.methods[0]
    assert (spec.minimum, spec.maximum, spec.step, spec.default_sem) == (0.0, 15.0, 1.0, 2.0)
    assert all(type(v) is float for v in (spec.minimum, spec.maximum, spec.step, spec.default_sem))
    phase = parse_protocol(_edited(_set(("intervention", "phases", 0, "seconds"), 3)), W).phases[0]
    assert type(phase.seconds) is float and phase.seconds == 3.0
    changes = parse_protocol(_data(), W).changes["first"].coefficients
    assert all(type(c) is float for _, c in changes)


# --- the helpers' words ---------------------------------------------------------------------------
@pytest.mark.parametrize(("kind", "words"), [
    (str, "text"), (int, "a whole number"), (float, "a number"), (bool, "true or false"),
    (list, "a list"), (dict, "a table"), ((int, float), "a number"), ((float, int), "a number"),
    ((str, bool), "text or true or false"), ((str, str), "text"), (bytes, "bytes"),
    ((str, bytes), "text or bytes"),
])
def test_a_kind_is_named_in_words(kind, words):
    assert _kind_name(kind) == words


def test_a_field_check_in_every_case():
    data = {"flag": True, "word": "x", "n": 2, "blank": " ", "x": math.inf}
    assert _field(data, "flag", bool, "w") is True
    assert _field(data, "flag", (bool, str), "w") is True  # a kind that allows true or false
    assert _field(data, "word", (bool, str), "w") == "x"
    assert _field(data, "gone", str, "w", None) is None
    assert _field(data, "gone", str, "w", "d") == "d"
    assert _field(data, "n", int, "w") == 2
    cases = [
        (("flag", int), "w: 'flag' must be a whole number, not True."),
        (("flag", (int, float)), "w: 'flag' must be a number, not True."),
        (("flag", str), "w: 'flag' must be text, not True."),
        (("word", (int, float)), "w: 'word' must be a number, not 'x'."),
        (("blank", str), "w: 'blank' is empty."),
        (("blank", (bool, str)), "w: 'blank' is empty."),
        (("x", float), "w: 'x' must be a finite number, not inf."),
        (("gone", str), "w: 'gone' is missing."),
    ]
    for (name, kind), sentence in cases:
        with pytest.raises(ProtocolError) as caught:
            _field(data, name, kind, "w")
        assert str(caught.value) == sentence


# --- text, files and the folder -------------------------------------------------------------------
def test_json_text_is_read_as_json_even_after_white_space():
    text = "\n  " + json.dumps(seed_protocol_data())
    assert parse_protocol_text(text, "stored") == seed_protocol()


def test_toml_text_is_read_as_toml():
    text = (protocols_folder() / "psoas-open-book.toml").read_text(encoding="utf-8")
    assert parse_protocol_text(text, "file") == seed_protocol()


def test_unreadable_text_says_which_and_why():
    with pytest.raises(ProtocolError) as caught:
        parse_protocol_text("{not json", "stored")
    assert str(caught.value).startswith("stored: not a readable TOML or JSON file (Expecting")
    assert str(caught.value).endswith(").")
    with pytest.raises(ProtocolError) as caught:
        parse_protocol_text("key = [", "file.toml")
    assert str(caught.value).startswith("file.toml: not a readable TOML or JSON file (")
    with pytest.raises(ProtocolError) as caught:
        parse_protocol_text('key = "x"', "file.toml")
    assert str(caught.value) == "file.toml: 'schema' is missing."


def test_a_file_gives_its_definition_and_its_data(tmp_path):
    source = protocols_folder() / "psoas-open-book.toml"
    path = tmp_path / "copy.toml"
    path.write_bytes(source.read_bytes())
    definition, data = read_protocol_file(path)
    assert definition == seed_protocol() and data == seed_protocol_data()
    stored = tmp_path / "stored.json"
    stored.write_text("  " + json.dumps(seed_protocol_data(), ensure_ascii=False), encoding="utf-8")
    definition, data = read_protocol_file(stored)
    assert definition == seed_protocol() and data == seed_protocol_data()


def test_a_file_that_is_not_utf8_or_not_there_is_refused_with_its_name(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes("title = 'Psoäs'".encode("latin-1"))
    with pytest.raises(ProtocolError) as caught:
        read_protocol_file(path)
    assert str(caught.value).startswith("latin.toml: cannot be read ('utf-8' codec can't decode")
    with pytest.raises(ProtocolError) as caught:
        read_protocol_file(tmp_path / "missing.toml")
    assert str(caught.value).startswith("missing.toml: cannot be read ([Errno 2]")
    with pytest.raises(ProtocolError) as caught:
        read_protocol_file(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path.name}: cannot be read ([Errno 21]")


def test_a_file_with_a_bad_definition_is_refused_with_its_name(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("schema = 2\n", encoding="utf-8")
    with pytest.raises(ProtocolError) as caught:
        read_protocol_file(path)
    assert str(caught.value) == "bad.toml: written for schema 2; this app reads schema 1."


def test_the_protocols_folder_holds_the_seed():
    folder = protocols_folder()
    assert folder == resource_root() / "protocols"
    assert (folder / "psoas-open-book.toml").is_file()


def test_the_stored_json_is_sorted_and_keeps_non_ascii_letters():
    assert definition_json({"b": 1, "a": {"d": "°", "c": [2, 1]}}) == \
        '{"a": {"c": [2, 1], "d": "°"}, "b": 1}'
    assert content_hash({"b": 1, "a": "°"}) == content_hash({"a": "°", "b": 1})
    assert content_hash({"a": "°"}) != content_hash({"a": "o"})


# --- lookups -------------------------------------------------------------------------------------
def test_lookups_refuse_an_unknown_key_naming_it():
    seed = seed_protocol()
    with pytest.raises(KeyError) as caught:
        seed.timepoint_label("later")
    assert caught.value.args == ("later",)
    with pytest.raises(KeyError) as caught:
        seed.step_index("later")
    assert caught.value.args == ("psoas-open-book has no step 'later'",)
    with pytest.raises(KeyError) as caught:
        seed.method("cm")
    assert caught.value.args == ("psoas-open-book has no method 'cm'",)
    with pytest.raises(KeyError) as caught:
        seed.direction("up")
    assert caught.value.args == ("psoas-open-book has no direction 'up'",)
    assert [seed.step_index(s.key) for s in seed.steps] == list(range(8))
    assert [seed.timepoint_label(t) for t in seed.timepoint_keys] == ["Start", "After A", "After B"]
    assert seed.step_of_timepoint("after_second") == 6 and seed.step_of_timepoint("later") is None
    assert seed.has_method("touches") and not seed.has_method("cm")
    assert (seed.opposite("left"), seed.opposite("right")) == ("right", "left")
    assert seed.sign == 1


# --- a method's numbers in words -------------------------------------------------------------------
def _spec(unit="cm", step=0.5, unit_one=""):
    return MethodSpec("Gap", unit, 0.0, 15.0, step, 1.0, unit_one=unit_one)


@pytest.mark.parametrize(("spec", "value", "decimals", "words"), [
    (_spec(), 1.0, None, "1.0 cm"),
    (_spec(), 2.0, None, "2.0 cm"),
    (_spec(unit="fingers", step=1.0, unit_one="finger"), 1.0, None, "1 finger"),
    (_spec(unit="fingers", step=1.0, unit_one="finger"), 2.0, None, "2 fingers"),
    (_spec(unit="fingers", step=1.0), 1.0, None, "1 finger"),
    (_spec(unit="fingers", step=1.0), 0.0, None, "0 fingers"),
    (_spec(unit="fingers", step=1.0), 4.5, None, "4.5 fingers"),
    (_spec(unit="°", step=1.0), 1.0, None, "1 °"),
    (_spec(), 3.25, None, "3.25 cm"),
    (_spec(), 3.125, None, "3.12 cm"),
    (_spec(), 3.0, 2, "3.00 cm"),
    (_spec(unit="0/1", step=1.0), 0.0, None, "touches"),
    (_spec(unit="0/1", step=1.0), 1.0, None, "does not touch"),
])
def test_a_value_is_said_with_its_unit(spec, value, decimals, words):
    assert spec.format(value, decimals) == words


def test_one_rounding_rule_for_values_and_their_changes():
    cm, fingers = _spec(), _spec(unit="fingers", step=1.0)
    assert cm.decimals() == 1 and fingers.decimals() == 0
    assert _spec(step=0.99).decimals() == 1 and _spec(step=1.01).decimals() == 0
    assert cm.decimals(3.25, 1.25) == 2 and cm.decimals(3.5) == 1 and cm.decimals(3.125) == 2
    assert fingers.decimals(4.5) == 1 and fingers.decimals(4.25) == 2 and fingers.decimals(4) == 0
    assert fingers.decimals(4.0000000005) == 0 and fingers.decimals(4.00000001) == 2
    assert cm.number(3.0) == "3.0" and cm.number(3.25) == "3.25" and cm.number(3.0, 0) == "3"
    assert fingers.number(1.0) == "1" and fingers.number(1.0, 1) == "1.0"
    assert _spec(unit="0/1", step=1.0).number(0.0) == "touches"
    assert _spec(unit="0/1", step=1.0).number(1.0, 2) == "does not touch"


def test_a_file_is_read_as_utf8_whatever_the_locale(tmp_path, monkeypatch):
    """The text is decoded as UTF-8 on every platform (Windows' locale is not UTF-8)."""
    asked = []
    original = Path.read_text

    def spy(self, *args, **kwargs):
        asked.append(kwargs.get("encoding", args[0] if args else None))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", spy)
    read_protocol_file(protocols_folder() / "psoas-open-book.toml")
    assert len(asked) == 1 and asked[0] is not None
    assert codecs.lookup(asked[0]).name == "utf-8"

"""A protocol as data (DESIGN "Stable keys"): what is measured, when, what is done in between, and
what is compared. The wizard, the verdict, the charts and the exports are built from a definition;
the seed protocol is `resources/protocols/psoas-open-book.toml`.

`parse_protocol` is the schema: it accepts exactly the fields below, with their types, and refuses
anything else with a sentence naming the field (`ProtocolError`). Plain Python: no Qt, no database.
"""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA = 1
STEP_KINDS = ("check_in", "measure", "choose_order", "intervention", "summary")
SLOTS = ("first", "second")  # the intervention done first, then its pair (SPEC 3)
SIDES = ("left", "right")  # every measure is bilateral
SEED_FILE = "psoas-open-book.toml"


class ProtocolError(ValueError):
    """A protocol definition that cannot be used, with the field at fault in its sentence."""


@dataclass(frozen=True)
class MethodSpec:
    """One way to measure: unit, range, stepper step and SEM per single reading (None: no error
    model, pass/fail). `table_edge` methods are hidden in gentle mode and after a hip replacement;
    `zero_label` names the button that enters 0 ("Touches table"; empty: no such button)."""

    label: str
    unit: str
    minimum: float
    maximum: float
    step: float
    default_sem: float | None
    table_edge: bool = False
    key: str = ""
    unit_one: str = ""  # the unit's singular ("finger"), when it differs
    zero_label: str = ""

    def decimals(self, *values: float) -> int:
        """One rounding rule for values and their changes: the step's decimals, or as many more
        (at most 2) as an average between steps needs to be said exactly, the same for all of
        them (so 3.25 and its change 1.25 read alike, and 4.5 fingers is not '4.50')."""
        decimals = 1 if self.step < 1 else 0
        for v in values:
            while decimals < 2 and abs(v - round(v, decimals)) > 1e-9:
                decimals += 1
        return decimals

    def format(self, value: float, decimals: int | None = None) -> str:
        if self.unit == "0/1":
            return "touches" if value == 0 else "does not touch"
        if decimals is None:
            decimals = self.decimals(value)
        one = self.unit_one or self.unit.removesuffix("s")  # "1 finger", "2 fingers"
        return f"{self.number(value, decimals)} {one if value == 1 else self.unit}"

    def number(self, value: float, decimals: int | None = None) -> str:
        """The value without its unit, by the same rounding rule (a table says the unit once)."""
        if self.unit == "0/1":
            return self.format(value)
        return f"{value:.{self.decimals(value) if decimals is None else decimals}f}"


@dataclass(frozen=True)
class TimepointDef:
    key: str
    label: str


@dataclass(frozen=True)
class DirectionDef:
    key: str
    instruction: str  # "Rotate to client's LEFT"
    position: str  # "lying on right side, left arm opens back"
    words: str  # "rotating to the left"
    client_words: str = ""  # "rotating to your left", as the client hears it (default: words)

    @property
    def label(self) -> str:
        return f"{self.instruction} ({self.position})"


@dataclass(frozen=True)
class PhaseDef:
    name: str
    seconds: float


@dataclass(frozen=True)
class StepDef:
    key: str
    kind: str
    title: str
    timepoint: str | None = None  # measure steps
    slot: str | None = None  # intervention steps: "first" or "second"


@dataclass(frozen=True)
class Contrast:
    """An estimate sum(c_t x v_t) over timepoints, applied to each leg."""

    coefficients: tuple[tuple[str, float], ...]

    def coefficient(self, timepoint: str) -> float:
        return dict(self.coefficients).get(timepoint, 0.0)


@dataclass(frozen=True)
class ProtocolDef:
    key: str
    version: int
    title: str
    measure_name: str
    better: str  # "lower" or "higher"
    better_words: str  # "lower is closer to the table"
    instruction: str  # what the therapist does at each measurement
    methods: tuple[MethodSpec, ...]
    default_method: str
    timepoints: tuple[TimepointDef, ...]
    intervention_name: str
    directions: tuple[DirectionDef, DirectionDef]
    phases: tuple[PhaseDef, ...]
    reps_default: int
    steps: tuple[StepDef, ...]
    changes: Mapping[str, Contrast]  # slot -> the change that intervention made on one leg
    direction_contrast: Contrast  # both legs: impact of the first slot minus the second
    trend_start: str
    trend_end: str
    source: str = ""
    figure: str = ""
    content_hash: str = ""  # sha256 of the definition's canonical JSON
    definition_json: str = field(default="", repr=False, compare=False)  # as stored with records

    def __eq__(self, other: object) -> bool:
        """One definition is its key, version and content (however it was read)."""
        if not isinstance(other, ProtocolDef):
            return NotImplemented
        return (self.key, self.version, self.content_hash) == (
            other.key, other.version, other.content_hash)

    def __hash__(self) -> int:
        return hash((self.key, self.version, self.content_hash))

    # --- lookups -----------------------------------------------------------------------------
    def method(self, key: str) -> MethodSpec:
        for m in self.methods:
            if m.key == key:
                return m
        raise KeyError(f"{self.key} has no method {key!r}")

    def has_method(self, key: str) -> bool:
        return any(m.key == key for m in self.methods)

    @property
    def timepoint_keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.timepoints)

    def timepoint_label(self, key: str) -> str:
        for t in self.timepoints:
            if t.key == key:
                return t.label
        raise KeyError(key)

    def direction(self, key: str) -> DirectionDef:
        for d in self.directions:
            if d.key == key:
                return d
        raise KeyError(f"{self.key} has no direction {key!r}")

    @property
    def direction_keys(self) -> tuple[str, str]:
        return (self.directions[0].key, self.directions[1].key)

    def opposite(self, direction: str) -> str:
        a, b = self.direction_keys
        return b if direction == a else a

    def step_index(self, key: str) -> int:
        for i, s in enumerate(self.steps):
            if s.key == key:
                return i
        raise KeyError(f"{self.key} has no step {key!r}")

    def step_of_timepoint(self, timepoint: str) -> int | None:
        for i, s in enumerate(self.steps):
            if s.timepoint == timepoint:
                return i
        return None

    @property
    def sign(self) -> int:
        """+1 when lower is better (the contrasts' estimates are improvements), -1 otherwise."""
        return 1 if self.better == "lower" else -1


# --- parsing: the schema -----------------------------------------------------------------------

def _field(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...], where: str,
           default: Any = ...) -> Any:
    if name not in data:
        if default is ...:
            raise ProtocolError(f"{where}: '{name}' is missing.")
        return default
    value = data[name]
    if isinstance(value, bool) and kind is not bool and not (isinstance(kind, tuple) and bool in kind):
        raise ProtocolError(f"{where}: '{name}' must be {_kind_name(kind)}, not {value!r}.")
    if not isinstance(value, kind):
        raise ProtocolError(f"{where}: '{name}' must be {_kind_name(kind)}, not {value!r}.")
    if isinstance(value, str) and not value.strip():
        raise ProtocolError(f"{where}: '{name}' is empty.")
    if isinstance(value, float) and not math.isfinite(value):
        raise ProtocolError(f"{where}: '{name}' must be a finite number, not {value!r}.")
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
             list: "a list", dict: "a table"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if set(kinds) == {int, float}:
        return "a number"
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


def _only(data: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ProtocolError(f"{where}: unknown field '{unknown[0]}'.")


def _table(data: Mapping[str, Any], name: str, where: str) -> Mapping[str, Any]:
    return _field(data, name, dict, where)


def _tables(data: Mapping[str, Any], name: str, where: str) -> list[Mapping[str, Any]]:
    items = _field(data, name, list, where)
    if not items:
        raise ProtocolError(f"{where}: '{name}' is empty.")
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ProtocolError(f"{where}: {name}[{i}] must be a table.")
    return items


def _number(data: Mapping[str, Any], name: str, where: str, default: Any = ...) -> float | None:
    value = _field(data, name, (int, float), where, default)
    return None if value is None else float(value)


def _unique(keys: list[str], what: str) -> None:
    seen = set()
    for k in keys:
        if k in seen:
            raise ProtocolError(f"{what}: the key '{k}' is used twice.")
        seen.add(k)


def _key(data: Mapping[str, Any], where: str) -> str:
    key = _field(data, "key", str, where)
    if not key.replace("_", "").replace("-", "").isalnum() or not key.isascii():
        raise ProtocolError(f"{where}: the key '{key}' may hold only letters, digits, - and _.")
    return key


def _method(data: Mapping[str, Any], where: str, zero_label: str) -> MethodSpec:
    _only(data, {"key", "label", "unit", "unit_one", "minimum", "maximum", "step", "default_sem",
                 "table_edge", "zero_label"}, where)
    minimum, maximum = _number(data, "minimum", where), _number(data, "maximum", where)
    step = _number(data, "step", where)
    sem = _number(data, "default_sem", where, None)
    assert minimum is not None and maximum is not None and step is not None
    if not minimum < maximum:
        raise ProtocolError(f"{where}: 'minimum' must be below 'maximum'.")
    if not 0 < step <= maximum - minimum:
        raise ProtocolError(f"{where}: 'step' must be above 0 and within the range.")
    if sem is not None and sem <= 0:
        raise ProtocolError(f"{where}: 'default_sem' must be above 0 (leave it out for pass/fail).")
    return MethodSpec(
        label=_field(data, "label", str, where), unit=_field(data, "unit", str, where),
        minimum=minimum, maximum=maximum, step=step, default_sem=sem,
        table_edge=_field(data, "table_edge", bool, where, False), key=_key(data, where),
        unit_one=_field(data, "unit_one", str, where, ""),
        zero_label=_field(data, "zero_label", str, where, zero_label),
    )


def _contrast(data: Mapping[str, Any], timepoints: tuple[str, ...], where: str) -> Contrast:
    coefficients = _table(data, "coefficients", where)
    pairs = []
    for t, c in coefficients.items():
        if t not in timepoints:
            raise ProtocolError(f"{where}: coefficients name an unknown timepoint '{t}'.")
        if isinstance(c, bool) or not isinstance(c, int | float):
            raise ProtocolError(f"{where}: the coefficient of '{t}' must be a number.")
        pairs.append((t, float(c)))
    if abs(math.fsum(c for _, c in pairs)) > 1e-9:
        raise ProtocolError(f"{where}: the coefficients must add up to 0 (a change, not a level).")
    if all(c == 0 for _, c in pairs):
        raise ProtocolError(f"{where}: at least one coefficient must be other than 0.")
    return Contrast(tuple(pairs))


def parse_protocol(data: Mapping[str, Any], origin: str = "protocol") -> ProtocolDef:
    """A checked definition from parsed TOML/JSON, or ProtocolError naming the field at fault."""
    w = origin
    _only(data, {"schema", "key", "version", "title", "source", "measure", "timepoints",
                 "intervention", "steps", "comparisons"}, w)
    if _field(data, "schema", int, w) != SCHEMA:
        raise ProtocolError(f"{w}: written for schema {data['schema']}; this app reads schema {SCHEMA}.")
    version = _field(data, "version", int, w)
    if version < 1:
        raise ProtocolError(f"{w}: 'version' must be 1 or more.")

    measure = _table(data, "measure", w)
    wm = f"{w}: measure"
    _only(measure, {"name", "better", "better_words", "instruction", "zero_label",
                    "default_method", "methods"}, wm)
    better = _field(measure, "better", str, wm)
    if better not in ("lower", "higher"):
        raise ProtocolError(f"{wm}: 'better' must be \"lower\" or \"higher\".")
    zero_label = _field(measure, "zero_label", str, wm, "")
    methods = tuple(_method(m, f"{wm}.methods[{i}]", zero_label)
                    for i, m in enumerate(_tables(measure, "methods", wm)))
    _unique([m.key for m in methods], f"{wm}.methods")
    default_method = _field(measure, "default_method", str, wm)
    if default_method not in {m.key for m in methods}:
        raise ProtocolError(f"{wm}: 'default_method' names no method of the list.")

    timepoints = []
    for i, t in enumerate(_tables(data, "timepoints", w)):
        wt = f"{w}: timepoints[{i}]"
        _only(t, {"key", "label"}, wt)
        timepoints.append(TimepointDef(_key(t, wt), _field(t, "label", str, wt)))
    _unique([t.key for t in timepoints], f"{w}: timepoints")
    if len(timepoints) < 2:
        raise ProtocolError(f"{w}: a protocol needs at least two timepoints (before and after).")
    tkeys = tuple(t.key for t in timepoints)

    iv = _table(data, "intervention", w)
    wi = f"{w}: intervention"
    _only(iv, {"name", "reps_default", "figure", "directions", "phases"}, wi)
    directions = []
    for i, d in enumerate(_tables(iv, "directions", wi)):
        wd = f"{wi}.directions[{i}]"
        _only(d, {"key", "instruction", "position", "words", "client_words"}, wd)
        words = _field(d, "words", str, wd)
        directions.append(DirectionDef(_key(d, wd), _field(d, "instruction", str, wd),
                                       _field(d, "position", str, wd), words,
                                       _field(d, "client_words", str, wd, words)))
    if len(directions) != 2:
        raise ProtocolError(f"{wi}: 'directions' must hold a pair (two directions).")
    _unique([d.key for d in directions], f"{wi}.directions")
    phases = []
    for i, p in enumerate(_tables(iv, "phases", wi)):
        wp = f"{wi}.phases[{i}]"
        _only(p, {"name", "seconds"}, wp)
        seconds = _number(p, "seconds", wp)
        assert seconds is not None
        if not 0 < seconds <= 60:
            raise ProtocolError(f"{wp}: 'seconds' must be above 0 and at most 60.")
        phases.append(PhaseDef(_field(p, "name", str, wp), seconds))
    reps_default = _field(iv, "reps_default", int, wi)
    if not 1 <= reps_default <= 10:
        raise ProtocolError(f"{wi}: 'reps_default' must be from 1 to 10.")

    steps = _steps(data, tkeys, w)

    comparisons = _table(data, "comparisons", w)
    wc = f"{w}: comparisons"
    _only(comparisons, {"changes", "direction", "trend"}, wc)
    changes: dict[str, Contrast] = {}
    for i, c in enumerate(_tables(comparisons, "changes", wc)):
        wch = f"{wc}.changes[{i}]"
        _only(c, {"slot", "coefficients"}, wch)
        slot = _field(c, "slot", str, wch)
        if slot not in SLOTS or slot in changes:
            raise ProtocolError(f"{wch}: 'slot' must be \"first\" or \"second\", each once.")
        changes[slot] = _contrast(c, tkeys, wch)
    if set(changes) != set(SLOTS):
        raise ProtocolError(f"{wc}: 'changes' needs one contrast for each slot (first and second).")
    direction_table = _table(comparisons, "direction", wc)
    _only(direction_table, {"coefficients"}, f"{wc}.direction")
    direction_contrast = _contrast(direction_table, tkeys, f"{wc}.direction")
    trend = _table(comparisons, "trend", wc)
    _only(trend, {"start", "end"}, f"{wc}.trend")
    start, end = _field(trend, "start", str, f"{wc}.trend"), _field(trend, "end", str, f"{wc}.trend")
    for name, value in (("start", start), ("end", end)):
        if value not in tkeys:
            raise ProtocolError(f"{wc}.trend: '{name}' names an unknown timepoint '{value}'.")

    return ProtocolDef(
        key=_key(data, w), version=version, title=_field(data, "title", str, w),
        measure_name=_field(measure, "name", str, wm), better=better,
        better_words=_field(measure, "better_words", str, wm, f"{better} is better"),
        instruction=_field(measure, "instruction", str, wm, ""), methods=methods,
        default_method=default_method, timepoints=tuple(timepoints),
        intervention_name=_field(iv, "name", str, wi),
        directions=(directions[0], directions[1]), phases=tuple(phases), reps_default=reps_default,
        steps=steps, changes=changes, direction_contrast=direction_contrast,
        trend_start=start, trend_end=end, source=_field(data, "source", str, w, ""),
        figure=_field(iv, "figure", str, wi, ""), content_hash=content_hash(data),
        definition_json=definition_json(data),
    )


def _steps(data: Mapping[str, Any], tkeys: tuple[str, ...], w: str) -> tuple[StepDef, ...]:
    steps = []
    for i, s in enumerate(_tables(data, "steps", w)):
        ws = f"{w}: steps[{i}]"
        _only(s, {"key", "kind", "title", "timepoint", "slot"}, ws)
        kind = _field(s, "kind", str, ws)
        if kind not in STEP_KINDS:
            raise ProtocolError(f"{ws}: 'kind' must be one of {', '.join(STEP_KINDS)}.")
        timepoint = _field(s, "timepoint", str, ws, None)
        slot = _field(s, "slot", str, ws, None)
        if (kind == "measure") != (timepoint is not None):
            raise ProtocolError(f"{ws}: a measure step, and only a measure step, names a 'timepoint'.")
        if timepoint is not None and timepoint not in tkeys:
            raise ProtocolError(f"{ws}: 'timepoint' names an unknown timepoint '{timepoint}'.")
        if (kind == "intervention") != (slot is not None):
            raise ProtocolError(f"{ws}: an intervention step, and only one, names a 'slot'.")
        if slot is not None and slot not in SLOTS:
            raise ProtocolError(f"{ws}: 'slot' must be \"first\" or \"second\".")
        steps.append(StepDef(_key(s, ws), kind, _field(s, "title", str, ws), timepoint, slot))
    _unique([s.key for s in steps], f"{w}: steps")
    kinds = [s.kind for s in steps]
    if kinds[0] != "check_in" or kinds[-1] != "summary" or kinds.count("check_in") != 1 \
            or kinds.count("summary") != 1:
        raise ProtocolError(f"{w}: steps must begin with the check-in and end with the summary.")
    order = [s.kind for s in steps if s.kind in ("choose_order", "intervention")]
    if order != ["choose_order", "intervention", "intervention"] or \
            [s.slot for s in steps if s.slot] != list(SLOTS):
        raise ProtocolError(f"{w}: steps must choose the order, then hold the first and the second "
                            "intervention, in that order.")
    measured = [s.timepoint for s in steps if s.timepoint]
    if sorted(measured, key=tkeys.index) != measured or set(measured) != set(tkeys) \
            or len(measured) != len(tkeys):
        raise ProtocolError(f"{w}: every timepoint is measured by exactly one step, in order.")
    return tuple(steps)


def content_hash(data: Mapping[str, Any]) -> str:
    """sha256 of the definition's canonical JSON: the same content always has the same hash."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def definition_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def parse_protocol_text(text: str, origin: str) -> ProtocolDef:
    """A definition from TOML text (a file) or JSON text (as stored with the records)."""
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else tomllib.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise ProtocolError(f"{origin}: not a readable TOML or JSON file ({error}).") from None
    return parse_protocol(data, origin)


def read_protocol_file(path: Path) -> tuple[ProtocolDef, dict[str, Any]]:
    """A definition file and its parsed content (kept with the records when a session uses it)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProtocolError(f"{path.name}: cannot be read ({error}).") from None
    definition = parse_protocol_text(text, path.name)
    data = json.loads(text) if text.lstrip().startswith("{") else tomllib.loads(text)
    return definition, data


def protocols_folder() -> Path:
    from ..resources import resource_root  # the one lookup of the resources folder

    return resource_root() / "protocols"


@cache
def seed_protocol() -> ProtocolDef:
    """The seed protocol (SPEC 2), read once from its file."""
    return read_protocol_file(protocols_folder() / SEED_FILE)[0]


@cache
def seed_protocol_data() -> dict[str, Any]:
    return read_protocol_file(protocols_folder() / SEED_FILE)[1]

"""Across-session series for the charts: method split, date ranges, winners and plain captions.

Pure Python over `domain.analysis.TrendPoint` (no Qt, no pyqtgraph), so every rule the charts
follow is tested without a widget. Client-facing words follow SPEC 7: neutral, never "tight",
"failed" or "worse".
"""

from __future__ import annotations

import enum
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..domain.analysis import (
    MIN_SESSIONS_FOR_PREFERENCE,
    NoErrorModel,
    Outcome,
    TrendPoint,
    direction_preference,
)
from ..domain.model import Direction, Method, Side
from ..domain.protocol_def import MethodSpec, seed_protocol

DAY = 86400.0


class TimeRange(enum.StrEnum):
    """The explicit range buttons that replace finger pan and zoom on the across-visits charts."""

    QUARTER = "quarter"
    YEAR = "year"
    ALL = "all"

    @property
    def label(self) -> str:
        return {"quarter": "Last 3 months", "year": "Year", "all": "All"}[self.value]

    @property
    def days(self) -> int | None:
        return {"quarter": 92, "year": 365, "all": None}[self.value]


class ChartKind(enum.StrEnum):
    LEGS = "legs"
    DIFFERENCE = "difference"
    DIRECTION = "direction"

    @property
    def label(self) -> str:
        return {"legs": "Both legs", "difference": "Left − right", "direction": "Direction"}[self.value]

    @property
    def title_short(self) -> str:
        """The chip a client taps in review mode."""
        return {"legs": "Your legs", "difference": "Difference", "direction": "Which turn"}[self.value]

    @property
    def title(self) -> str:
        """A heading a client can read in review mode."""
        return {
            "legs": "Your legs, visit by visit",
            "difference": "The difference between your legs",
            "direction": "Which turn made the larger difference",
        }[self.value]


SHORT_METHOD = {
    Method.GAP_CM: "Gap (cm)",
    Method.FINGERS: "Finger widths",
    Method.THIGH_ANGLE: "Thigh angle",
    Method.TOUCHES: "Touches",
    Method.TABLE_EDGE_ANGLE: "Table-edge angle",
}


def timestamp(point: TrendPoint) -> float:
    return point.started_at.timestamp()


def methods_in(points: Sequence[TrendPoint]) -> list[Method]:
    """The methods used, most recently used first (the first is the default selection)."""
    latest: dict[Method, float] = {}
    for p in points:
        latest[p.method] = max(latest.get(p.method, float("-inf")), timestamp(p))
    return sorted(latest, key=lambda m: latest[m], reverse=True)


def for_method(points: Sequence[TrendPoint], method: str) -> list[TrendPoint]:
    """Only the sessions measured with `method`: other methods are never drawn on this axis."""
    return [p for p in points if p.method == method]


def short_method(method: str, spec: MethodSpec) -> str:
    """The method's short name for chips and captions (the seed's own, else its label)."""
    return SHORT_METHOD.get(method, spec.label)


def range_start(time_range: TimeRange, now: datetime) -> float | None:
    days = time_range.days
    return None if days is None else (now - timedelta(days=days)).timestamp()


def in_range(points: Sequence[TrendPoint], time_range: TimeRange, now: datetime) -> list[TrendPoint]:
    start = range_start(time_range, now)
    return list(points) if start is None else [p for p in points if timestamp(p) >= start]


def x_window(points: Sequence[TrendPoint], time_range: TimeRange, now: datetime) -> tuple[float, float]:
    """The date axis span: the chosen range up to now, or the points' own span for All."""
    start = range_start(time_range, now)
    if start is not None:
        end = max([now.timestamp(), *(timestamp(p) for p in points)])
        pad = 0.03 * (end - start)
        return start - pad, end + pad
    if not points:
        end = now.timestamp()
        return end - 30 * DAY, end + DAY
    xs = [timestamp(p) for p in points]
    span = max(max(xs) - min(xs), 7 * DAY)
    return min(xs) - 0.05 * span, max(xs) + 0.05 * span


def winner(point: TrendPoint) -> Direction | None:
    """The direction that had more impact beyond measurement error, or None when similar."""
    if point.outcome is Outcome.FIRST:
        return point.first_direction
    if point.outcome is Outcome.SECOND:
        return point.second_direction
    return None


def outcome_letter(point: TrendPoint) -> str:
    """The session's own order: A (first direction), B (second) or similar."""
    return {Outcome.FIRST: "A", Outcome.SECOND: "B"}.get(point.outcome, "similar")


def asymmetry_series(points: Sequence[TrendPoint]) -> tuple[list[float], list[float]]:
    """|left - right| at start and at end, one value per session."""
    return ([abs(p.asymmetry_start) for p in points], [abs(p.asymmetry_end) for p in points])


def direction_series(points: Sequence[TrendPoint]) -> dict[Direction | None, list[float]]:
    """Dates of the sessions each direction won (None: similar, within measurement error)."""
    a, b = points[0].directions if points else (Direction.LEFT, Direction.RIGHT)
    result: dict[str | None, list[float]] = {a: [], None: [], b: []}
    for p in points:
        result[winner(p)].append(timestamp(p))
    return result


def leaning(point: TrendPoint) -> Direction | None:
    """For a 'similar' session, the direction whose impact was larger all the same (or None)."""
    if winner(point) is not None or point.impact_left == point.impact_right:
        return None
    return point.directions[0] if point.impact_left > point.impact_right else point.directions[1]


class DirectionRow(enum.StrEnum):
    """Where a session sits on the direction chart: a win, a lean within error, or even."""

    LEFT = "left"
    LEANS_LEFT = "leans_left"
    EVEN = "even"
    LEANS_RIGHT = "leans_right"
    RIGHT = "right"


def direction_row(point: TrendPoint) -> DirectionRow:
    won = winner(point)
    if won is not None:
        return DirectionRow.LEFT if won == point.directions[0] else DirectionRow.RIGHT
    lean = leaning(point)
    if lean is None:
        return DirectionRow.EVEN
    return DirectionRow.LEANS_LEFT if lean == point.directions[0] else DirectionRow.LEANS_RIGHT


def direction_rows(points: Sequence[TrendPoint]) -> dict[DirectionRow, list[float]]:
    """Dates per row of the direction chart, in session order."""
    result: dict[DirectionRow, list[float]] = {row: [] for row in DirectionRow}
    for p in points:
        result[direction_row(p)].append(timestamp(p))
    return result


@dataclass(frozen=True)
class TrendSelection:
    """What the across-visits charts draw: one method, one date range."""

    method: Method | None
    methods: tuple[Method, ...]
    shown: tuple[TrendPoint, ...]  # selected method, inside the range, in session order
    other_methods: dict[Method, int]  # sessions measured another way (not drawn)
    outside_range: int  # sessions of the selected method before the range
    window: tuple[float, float]
    time_range: TimeRange


def select(
    points: Sequence[TrendPoint],
    method: Method | None,
    time_range: TimeRange,
    now: datetime,
) -> TrendSelection:
    methods = methods_in(points)
    chosen = method if method in methods else (methods[0] if methods else None)
    same = for_method(points, chosen) if chosen is not None else []
    shown = in_range(same, time_range, now)
    others: dict[Method, int] = {}
    for p in points:
        if p.method != chosen:
            others[p.method] = others.get(p.method, 0) + 1
    return TrendSelection(chosen, tuple(methods), tuple(shown), others,
                          len(same) - len(shown), x_window(shown, time_range, now), time_range)


def _visits(n: int) -> str:
    return "1 visit" if n == 1 else f"{n} visits"


def method_caption(selection: TrendSelection) -> str:
    """Says which method is drawn and which sessions are not, so nothing looks comparable that isn't."""
    if selection.method is None:
        return "No finished visits yet: the charts fill in after the first finished session."
    spec = selection.shown[0].method_spec if selection.shown else method_spec(selection.method)
    text = f"{spec.label} ({spec.unit}): {_visits(len(selection.shown))}"
    text += {TimeRange.QUARTER: " in the last 3 months", TimeRange.YEAR: " in the last 12 months",
             TimeRange.ALL: ""}[selection.time_range] + "."
    if selection.outside_range:
        text += f" {_visits(selection.outside_range)} earlier (tap All)."
    if selection.other_methods:
        parts = [f"{_visits(n)} measured as {SHORT_METHOD.get(m, m).lower()}"
                 for m, n in selection.other_methods.items()]
        text += " Not on this scale: " + ", ".join(parts) + "."
    return text


def preference_caption(points: Sequence[TrendPoint], method: Method | None) -> str:
    """The across-visit evidence of SPEC 5.3 for the therapist, or why there is none yet.

    A direction is named only when the 95 % range excludes 0.
    """
    preference = direction_preference(points, points[0].directions if points else
                                      (Direction.LEFT, Direction.RIGHT))
    if isinstance(preference, NoErrorModel):
        label = points_spec(points, method).label if method else "This method"
        return (f"{label} has no measurement-error model, so the visits show only whether a leg "
                f"changed; they are never compared for a preferred direction. "
                f"Left first {preference.left_first}×, right first {preference.right_first}×.")
    if preference is None or method is None:
        short = MIN_SESSIONS_FOR_PREFERENCE - len(points)
        more = " more" if points else ""
        return (f"The across-visit comparison of directions appears after {short}{more} "
                f"finished visit{'s' if short != 1 else ''} with this method.")
    favours = preference.favours
    reading = (f"rotating {favours} tends to have more impact" if favours
               else "the visits so far do not tell the directions apart")
    return (f"Rotating left minus right, over {preference.sessions} visits: "
            f"{_num(preference.mean)} {points_spec(points, method).unit} (95 % range {_num(preference.low)} to "
            f"{_num(preference.high)}): {reading}. "
            f"Left first {preference.left_first}×, right first {preference.right_first}×.")


def method_spec(method: str) -> MethodSpec:
    """A seed method's spec by key (for a method with no visit to take it from)."""
    seed = seed_protocol()
    return seed.method(method) if seed.has_method(method) else MethodSpec(method, "", 0, 1, 1, None)


def points_spec(points: Sequence[TrendPoint], method: str | None) -> MethodSpec:
    """The spec of `method` as its visits were measured (else the seed's of that key)."""
    for p in points:
        if p.method == method:
            return p.method_spec
    return method_spec(method or "")


def _num(x: float) -> str:
    """Signed, one decimal, with a true minus sign (easier to read than a hyphen)."""
    return f"{x:+.1f}".replace("-", "−").replace("+0.0", "0.0").replace("−0.0", "0.0")


# --- the client's caption in review mode (SPEC 7 words) ----------------------------------------
def _within_visit(changes: Sequence[float]) -> str:
    """How one leg moved from start to end of a visit, in neutral words (change > 0 = closer)."""
    n = len(changes)
    closer = sum(c > 0 for c in changes)
    higher = sum(c < 0 for c in changes)
    mean = statistics.fmean(changes)
    if n == 1:
        when = "at the end of this visit"
    elif max(closer, higher) == n:
        when = "at the end of each visit"
    else:
        when = "at the end of most visits"
    if closer > n / 2 and mean > 0:
        return f"rested a little closer to the table {when}"
    if higher > n / 2 and mean < 0:
        return f"rested a little higher {when}"
    return "stayed much the same from start to end"


def review_caption(points: Sequence[TrendPoint], method: Method) -> str:
    """A plain-language caption from the session verdicts, in neutral words a client may read."""
    n = len(points)
    if n == 0:
        return "This chart fills in after your first full visit."
    spec = points_spec(points, method)
    opening = "In this visit" if n == 1 else f"Over {_visits(n)}"
    left = _within_visit([p.left_start - p.left_end for p in points])
    right = _within_visit([p.right_start - p.right_end for p in points])
    closer = "rested a little closer to the table"
    if left == right:
        sentences = [f"{opening} both your legs {left}."]
    elif left.startswith(closer) and right.startswith(closer):  # each visit / most visits
        steady = Side.LEFT if left.endswith("each visit") else Side.RIGHT
        sentences = [f"{opening} both your legs {closer} at the end of most visits, "
                     f"your {steady.value} leg at the end of every one."]
    else:
        sentences = [f"{opening} your left leg {left}, and your right leg {right}."]
    if n >= 2 and spec.default_sem is not None:
        first, last = points[0], points[-1]

        def bare(value: float) -> str:  # the unit once per pair: "from 5.0 to 2.0 cm"
            return spec.number(value)

        sentences.append(
            f"Your starting point went from {bare(first.left_start)} to "
            f"{spec.format(last.left_start)} on the left and from "
            f"{bare(first.right_start)} to {spec.format(last.right_start)} on the right."
        )
    sentences.append(_direction_words(points))
    sentences.append("Both directions stay part of your home routine.")
    return " ".join(sentences)


def _direction_words(points: Sequence[TrendPoint]) -> str:
    """Which turn helps more, for the client: never more than the therapist's evidence sentence,
    so a direction is named only when the across-visit range excludes 0."""
    preference = direction_preference(points, points[0].directions if points else
                                      (Direction.LEFT, Direction.RIGHT))
    if isinstance(preference, NoErrorModel):
        return "This way of measuring shows whether a leg changed, not which turn helps more."
    if preference is None:
        return "Whether one turn helps you more shows over a few more visits."
    if preference.favours is not None:
        return (f"Taken together, turning to the {preference.favours} seems to help you a "
                f"little more.")
    return "So far the visits do not show one turn helping more than the other."

"""Changes, asymmetry and the verdict of SPEC 5.2-5.3, honest about measurement error.

Sign convention: every method measures restriction, lower is better, so a positive change is an
improvement. Asymmetry is the plain difference left minus right.
"""

from __future__ import annotations

import enum
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from .contrast import Z95, evaluate
from .model import (
    Direction,
    FeltBetter,
    Session,
    SessionStatus,
    Side,
    VerdictBasis,
)
from .protocol_def import MethodSpec, ProtocolDef, seed_protocol

SIDES: tuple[Side, ...] = tuple(Side)
SIDE_FACTOR = Z95 * math.sqrt(2)  # 2.77: a one-side change beyond this x SEM is real
VISIT_SPREAD_FACTOR = math.sqrt(12)  # one visit's D has this x SEM as its model spread
DIRECTION_FACTOR = Z95 * VISIT_SPREAD_FACTOR  # 6.79: a direction wins beyond this x SEM
QUANTISATION_FACTOR = 1 / math.sqrt(12)  # a reading rounded to its step errs by step / sqrt(12)
MIN_SESSIONS_FOR_PREFERENCE = 3
MIN_SESSIONS_FOR_OWN_SEM = 20

# Two-sided 95 % Student t by degrees of freedom; between rows the smaller df (wider range) is used.
_T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
        10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110,
        18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060,
        26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980}


def _t95(df: int) -> float:
    usable = [limit for limit in _T95 if limit <= df]
    if not usable:
        # Not mutated: unreachable from the app (a preference needs 3 visits, so df >= 2).
        return _T95[1]  # pragma: no mutate
    return _T95[max(usable)]


class Outcome(enum.StrEnum):
    FIRST = "first"
    SECOND = "second"
    SIMILAR = "similar"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class SideChange:
    side: Side
    direction: str  # a direction key of the session's protocol
    change: float  # positive = improvement
    real: bool | None  # None: the method has no error model (pass/fail)


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    winner: str | None  # direction keys
    leaning: str | None
    impact_first: float
    impact_second: float
    difference: float  # D = impact_first - impact_second
    threshold: float | None  # 6.8 x SEM for single readings; None without an error model
    text: str
    spread: float | None = None  # the model SD of D (threshold / 1.96)


@dataclass(frozen=True)
class SessionAnalysis:
    values: dict[tuple[str, Side], float]
    sem: float | None  # per averaged reading
    side_changes: tuple[SideChange, ...]
    asymmetry: dict[str, float]
    verdict: Verdict


def readings_per_value(session: Session) -> int:
    """The fewest readings averaged into any recorded value (1 before anything is recorded)."""
    return min((len(m.readings) for m in session.measurements), default=1)


def verdict_basis_for(session: Session, sem: float | None) -> VerdictBasis:
    """What `session` is judged with at Finish: `sem` per single reading and the fewest readings."""
    return VerdictBasis(sem, readings_per_value(session))


def _per_value(basis: VerdictBasis) -> float | None:
    return None if basis.sem is None else basis.sem / math.sqrt(basis.readings)


def effective_sem(session: Session, sem: float | None) -> float | None:
    """SEM of one recorded value: averaging k readings divides it by sqrt(k) (the fewest k counts)."""
    return _per_value(verdict_basis_for(session, sem))


def judging_sem(session: Session, current_sem: float | None) -> float | None:
    """SEM of one recorded value as `session` is judged: the basis stored at Finish when there is
    one (a changed SEM applies to new sessions only, SPEC 5.3), else today's `current_sem`."""
    if session.verdict_basis is not None:
        return _per_value(session.verdict_basis)
    return effective_sem(session, current_sem)


def single_sem(session: Session, current_sem: float | None) -> float | None:
    """SEM of one single reading as `session` is judged: the basis stored at Finish, else today's."""
    if session.verdict_basis is not None:
        return session.verdict_basis.sem
    return current_sem


def _values(session: Session) -> dict[tuple[str, Side], float]:
    # Equivalent mutants (not mutated): for one reading m.value is fsum((x,)) / 1 == x (only a -0.0, which no
    # stepper produces, would lose its sign), so the shortcut's condition cannot be seen.
    return {
        (m.timepoint, m.side): m.readings[0] if len(m.readings) == 1 else m.value  # pragma: no mutate
        for m in session.measurements
    }


def _readings(session: Session) -> dict[tuple[str, Side], int]:
    return {(m.timepoint, m.side): len(m.readings) for m in session.measurements}


def _slot_direction(session: Session, slot: str) -> str | None:
    return session.first_direction if slot == "first" else session.second_direction


def side_changes(session: Session, sem: float | None) -> tuple[SideChange, ...]:
    """Each leg's change after each direction; `sem` is the SEM of one single reading."""
    if session.first_direction is None:
        return ()
    protocol, v, k = session.protocol, _values(session), _readings(session)
    result = []
    for slot, contrast in protocol.changes.items():
        direction = _slot_direction(session, slot)
        assert direction is not None
        for side in Side:
            found = evaluate(contrast, (side,), v, k, sem, protocol.sign)
            if found is not None:
                result.append(SideChange(side, direction, found.estimate, found.beyond))
    return tuple(result)


def verdict(session: Session, sem: float | None, unit: str = "") -> Verdict:
    """Which direction had more impact, or 'similar' when the difference is within error.
    `sem` is the SEM of one single reading."""
    return skipped_verdict(session) or _verdict(session, sem)


def skipped_verdict(session: Session) -> Verdict | None:
    """A skipped direction is never compared: the verdict says which one was not done."""
    skipped = [b.direction for b in session.blocks if b.skipped]
    if not skipped:
        return None
    which = " and ".join(session.protocol.direction(d).words for d in skipped)
    return Verdict(Outcome.INCOMPLETE, None, None, 0.0, 0.0, 0.0, None,
                   f"{which[0].upper()}{which[1:]} was not done today (skipped), so the two "
                   "directions are not compared.")


@dataclass(frozen=True)
class _Weighed:
    """The comparison's numbers and outcome, before any words (what the trend needs)."""

    outcome: Outcome  # FIRST, SECOND or SIMILAR
    winner: str | None
    leaning: str | None
    impact_first: float
    impact_second: float
    difference: float
    threshold: float | None
    spread: float | None


def _weigh(session: Session, sem: float | None, v: Mapping[tuple[str, Side], float]
           ) -> _Weighed | None:
    """The two directions weighed against each other; None while a value is missing."""
    protocol, first = session.protocol, session.first_direction
    if first is None:
        return None
    k, sides = _readings(session), tuple(Side)
    found = evaluate(protocol.direction_contrast, sides, v, k, sem, protocol.sign)
    impacts = [evaluate(protocol.changes[slot], sides, v, k, sem, protocol.sign)
               for slot in ("first", "second")]
    if found is None or impacts[0] is None or impacts[1] is None:
        return None
    second = protocol.opposite(first)
    difference = found.estimate
    leaning = first if difference > 0 else second if difference < 0 else None
    threshold = found.threshold
    beyond = threshold is not None and abs(difference) > threshold
    outcome = Outcome.SIMILAR
    if beyond:
        assert leaning is not None
        outcome = Outcome.FIRST if leaning == first else Outcome.SECOND
    return _Weighed(outcome, leaning if beyond else None, leaning, impacts[0].estimate,
                    impacts[1].estimate, difference, threshold, found.spread)


def _verdict(session: Session, sem: float | None) -> Verdict:
    v = _values(session)
    weighed = _weigh(session, sem, v)
    if weighed is None:
        return Verdict(Outcome.INCOMPLETE, None, None, 0.0, 0.0, 0.0, None,
                       "The comparison appears once both re-tests are recorded.")
    protocol, first = session.protocol, session.first_direction
    assert first is not None
    second = protocol.opposite(first)
    words = {d: protocol.direction(d).words for d in (first, second)}
    unit = session.method_spec.unit
    decimals = session.method_spec.decimals(*v.values())  # the difference rounded as the values
    impact_first, impact_second = weighed.impact_first, weighed.impact_second
    difference, leaning, threshold = weighed.difference, weighed.leaning, weighed.threshold
    lean_text = f" It leans toward {words[leaning]}." if leaning else ""
    if threshold is None:
        return Verdict(Outcome.SIMILAR, None, leaning, impact_first, impact_second, difference, None,
                       f"The two directions look similar as far as this method can tell: "
                       f"{session.method_spec.label.lower()} has no measurement-error model, so it "
                       "only shows whether a leg changed." + lean_text)
    if weighed.winner is not None:
        winner = weighed.winner
        loser = protocol.opposite(winner)
        return Verdict(
            weighed.outcome, winner, winner,
            impact_first, impact_second, difference, threshold,
            f"{words[winner][0].upper()}{words[winner][1:]} had more impact: {abs(difference):.{decimals}f} "
            f"{unit} more change than {words[loser]}, beyond the measurement error "
            f"of {threshold:.1f} {unit}.", weighed.spread,
        )
    return Verdict(
        Outcome.SIMILAR, None, leaning, impact_first, impact_second, difference, threshold,
        f"The two directions were similar, within measurement error: they differed by "
        f"{abs(difference):.{decimals}f} {unit}, and telling them apart needs more than "
        f"{threshold:.1f} {unit}."  # the limit to 0.1
        + lean_text, weighed.spread,
    )


def analyse(session: Session, sem: float | None) -> SessionAnalysis:
    """Everything the summary shows, from a session and today's SEM per single reading (used
    only when the session has no stored verdict basis)."""
    single = single_sem(session, sem)
    v = _values(session)
    asymmetry = {
        t: v[(t, Side.LEFT)] - v[(t, Side.RIGHT)]
        for t in session.protocol.timepoint_keys
        if (t, Side.LEFT) in v and (t, Side.RIGHT) in v
    }
    return SessionAnalysis(
        values=v,
        sem=judging_sem(session, sem),
        side_changes=side_changes(session, single),
        asymmetry=asymmetry,
        verdict=skipped_verdict(session) or _verdict(session, single),
    )


def session_series(session: Session) -> dict[Side, list[float | None]]:
    """Left and right over the protocol's timepoints (None where not yet measured)."""
    return {side: [session.value(t, side) for t in session.protocol.timepoint_keys] for side in Side}


@dataclass(frozen=True)
class TrendPoint:
    session_id: int | None
    started_at: datetime
    method: str
    left_start: float
    left_end: float
    right_start: float
    right_end: float
    asymmetry_start: float
    asymmetry_end: float
    outcome: Outcome
    first_direction: str
    impact_left: float  # impact of the protocol's first-listed direction (rotating to the left)
    impact_right: float  # and of its pair
    model_spread: float | None  # the model SD of D (sqrt(12) x SEM for single readings)
    spec: MethodSpec | None = None  # the method as the session's protocol defines it
    directions: tuple[str, str] = (Direction.LEFT, Direction.RIGHT)  # the protocol's pair

    @property
    def method_spec(self) -> MethodSpec:
        return self.spec or seed_protocol().method(self.method)

    @property
    def second_direction(self) -> str:
        a, b = self.directions
        return b if self.first_direction == a else a


def trend(sessions: Sequence[Session], sems: Mapping[str, float | None]) -> list[TrendPoint]:
    """One point per finished, fully measured session, in session order, each judged with its
    stored verdict basis (`sems`, today's SEM per method, only for sessions without one)."""
    points = []
    for s in sorted(sessions, key=lambda s: s.started_at):
        if s.status is not SessionStatus.COMPLETED or s.first_direction is None:
            continue
        if skipped_verdict(s) is not None:
            continue  # a direction not done is never compared, here or across visits
        v = _values(s)
        sem = single_sem(s, sems.get(s.method, s.method_spec.default_sem))
        decided = _weigh(s, sem, v)  # the verdict's numbers, without its sentence (1,000 visits)
        if decided is None:
            continue
        start, end = s.protocol.trend_start, s.protocol.trend_end
        first_is_left = s.first_direction == s.protocol.direction_keys[0]
        impact_first, impact_second = decided.impact_first, decided.impact_second
        points.append(TrendPoint(
            session_id=s.id,
            started_at=s.started_at,
            method=s.method,
            left_start=v[(start, Side.LEFT)],
            left_end=v[(end, Side.LEFT)],
            right_start=v[(start, Side.RIGHT)],
            right_end=v[(end, Side.RIGHT)],
            asymmetry_start=v[(start, Side.LEFT)] - v[(start, Side.RIGHT)],
            asymmetry_end=v[(end, Side.LEFT)] - v[(end, Side.RIGHT)],
            outcome=decided.outcome,
            first_direction=s.first_direction,
            impact_left=impact_first if first_is_left else impact_second,
            impact_right=impact_second if first_is_left else impact_first,
            model_spread=decided.spread,
            spec=s.method_spec,
            directions=s.protocol.direction_keys,
        ))
    return points


@dataclass(frozen=True)
class DirectionPreference:
    """Across sessions: mean of (impact rotating left - impact rotating right) with its 95 % range."""

    sessions: int
    mean: float
    low: float
    high: float
    left_first: int
    right_first: int

    directions: tuple[str, str] = ("left", "right")  # the protocol's pair, first-listed first

    @property
    def favours(self) -> str | None:
        """The direction the visits tell apart: only when the 95 % range excludes 0."""
        if self.low > 0:
            return self.directions[0]
        if self.high < 0:
            return self.directions[1]
        return None


@dataclass(frozen=True)
class NoErrorModel:
    """Visits measured without an error model (touches / does not touch): counted, but never
    compared for a lean or a range (SPEC 5.3)."""

    sessions: int
    left_first: int
    right_first: int


def direction_preference(
    points: Sequence[TrendPoint], directions: tuple[str, str] = (Direction.LEFT, Direction.RIGHT),
) -> DirectionPreference | NoErrorModel | None:
    """The across-visit evidence of one method's points; None below three visits.

    The spread behind the 95 % range is never smaller than the visits' model spread (the RMS of
    sqrt(12) x SEM per value): readings rounded to a step can agree exactly, and a sample SD of 0
    would claim a precision the measurements do not have.
    """
    left_first = sum(p.first_direction == directions[0] for p in points)
    right_first = len(points) - left_first
    spreads = [p.model_spread for p in points]
    if points and None in spreads:
        return NoErrorModel(len(points), left_first, right_first)
    if len(points) < MIN_SESSIONS_FOR_PREFERENCE:
        return None
    diffs = [p.impact_left - p.impact_right for p in points]
    mean = statistics.fmean(diffs)
    model = math.sqrt(statistics.fmean(s * s for s in spreads if s is not None))
    spread = max(statistics.stdev(diffs), model)
    half = _t95(len(diffs) - 1) * spread / math.sqrt(len(diffs))
    return DirectionPreference(len(points), mean, mean - half, mean + half, left_first, right_first,
                               directions)


@dataclass(frozen=True)
class BaselinePair:
    """The two baseline readings of one side in one finished session (a calibration pair)."""

    session_id: int | None
    side: Side
    first: float
    second: float
    method: str
    step: float = 0.0  # the method's stepper step (readings are rounded to it)


@dataclass(frozen=True)
class OwnSem:
    sem: float
    sessions: int


def own_sem(pairs: Sequence[BaselinePair]) -> OwnSem | None:
    """The therapist's own SEM: sd of the reading differences / sqrt(2), from sessions with two
    baseline readings on both sides, once there are 20 such sessions (SPEC 5.3). Never below the
    method's step / sqrt(12): readings rounded to the step hide that much error."""
    sides_by_session: dict[int | None, set[Side]] = {}
    for p in pairs:
        sides_by_session.setdefault(p.session_id, set()).add(p.side)
    complete = {sid for sid, sides in sides_by_session.items() if len(sides) == len(SIDES)}
    if len(complete) < MIN_SESSIONS_FOR_OWN_SEM:
        return None
    differences = [p.first - p.second for p in pairs if p.session_id in complete]
    floor = max(p.step for p in pairs) * QUANTISATION_FACTOR
    return OwnSem(max(statistics.stdev(differences) / math.sqrt(2), floor), len(complete))


def baseline_pairs(sessions: Sequence[Session], method: str) -> list[BaselinePair]:
    """The calibration pairs of the finished `sessions` (unsaved ones told apart by position)."""
    return [
        BaselinePair(s.id if s.id is not None else -1 - i, m.side, m.readings[0], m.readings[1],
                     method, s.method_spec.step)
        for i, s in enumerate(sessions)
        if s.method == method and s.status is SessionStatus.COMPLETED
        for m in s.measurements if m.timepoint == s.protocol.trend_start and len(m.readings) == 2
    ]


def therapist_sem(sessions: Sequence[Session], method: str) -> float | None:
    """The therapist's own SEM from paired baseline readings, once 20 sessions have them."""
    found = own_sem(baseline_pairs(sessions, method))
    return found.sem if found else None


def approximate_angle(gap_cm: float, thigh_length_cm: float | None) -> float | None:
    """Thigh angle in degrees from a knee-to-table gap: asin(gap / thigh length)."""
    if not thigh_length_cm or gap_cm < 0 or gap_cm > thigh_length_cm:
        return None
    return math.degrees(math.asin(gap_cm / thigh_length_cm))


def asymmetry_hypothesis(left: float, right: float) -> str:
    """The article author's hypothesis for today's asymmetry, worded as a hypothesis."""
    if left == right:
        return "Both legs rest at the same height today."
    # Equivalent mutant (not mutated): `>=` cannot differ, equal legs returned above.
    shorter = Side.LEFT if left > right else Side.RIGHT  # pragma: no mutate
    rotated = shorter.other
    return (
        f"The article's hypothesis (not a finding): a {shorter.value} leg that rests higher often "
        f"comes with the upper back turned a little to the {rotated.value}."
    )


def home_start(v: Verdict, felt: FeltBetter | None, first: str | None,
               protocol: ProtocolDef | None = None) -> str | None:
    """Which direction the home program starts with: the measured winner, else the one the
    client said felt better, else None (either order)."""
    protocol = protocol or seed_protocol()
    start = v.winner
    if start is None and first is not None and felt in (FeltBetter.FIRST, FeltBetter.SECOND):
        start = first if felt is FeltBetter.FIRST else protocol.opposite(first)
    return start


def home_program(v: Verdict, felt: FeltBetter | None, first: str | None,
                 protocol: ProtocolDef | None = None) -> str:
    """A suggested home program: both directions, starting with the one that helped most today."""
    protocol = protocol or seed_protocol()
    start = home_start(v, felt, first, protocol)
    order = (
        f"Start with {protocol.direction(start).words}, then "
        f"{protocol.direction(protocol.opposite(start)).words}"
        if start else "Rotate to both sides, in either order"
    )
    return f"{order}; {protocol.reps_default} slow repetitions each, once or twice a day, gently and within comfort."

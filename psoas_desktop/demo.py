"""Demo records for `psoas-desktop --demo`: five made-up clients with months of plausible sessions.

Pure domain code (no Qt, no database): `demo_sessions` builds one client's history, `seed_demo`
stores every demo client through any `Store`. Everything is drawn from a seeded random generator
and dated back from `today`, so the same day always gives the same records, and a newcomer sees
recent visits on the charts' "last 3 months" range.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from .domain.analysis import analyse, home_program, verdict_basis_for
from .domain.model import (
    TIMEPOINTS,
    Addendum,
    CheckIn,
    Client,
    Direction,
    FeltBetter,
    Measurement,
    Method,
    PainLocation,
    Precaution,
    Rep,
    RepBlock,
    SafetyEvent,
    SafetyEventKind,
    Session,
    SessionStatus,
    Side,
    Summary,
    Timepoint,
)
from .domain.ports import Store
from .domain.protocol import Step

SEED = 2026
CM_PER_FINGER = 2.0  # roughly one finger's width under the knee
PHASE_SECONDS = (3.0, 4.0, 4.0, 3.0)  # one open-book rep with the default breath phases


@dataclass(frozen=True)
class DemoClient:
    """One made-up client and the shape of their history (gaps in cm, left and right)."""

    client: Client
    visits: int
    first_gap: tuple[float, float]
    last_gap: tuple[float, float]
    helps_more: Direction  # the rotation that tends to change the legs a little more
    pain_locations: frozenset[PainLocation]
    weeks_ago_last: int = 0  # how long before today the last visit was
    fingers_from_visit: int | None = None  # switches from gap (cm) to finger widths here
    double_baseline: bool = False  # two baseline readings per side (feeds the therapist's SEM)
    gentle: bool = False  # nervous-system features suspected: gentle mode, single readings
    precautions: frozenset[Precaution] = frozenset()
    abandoned_visits: frozenset[int] = frozenset()
    safety_event_visit: int | None = None
    archived: bool = False


DEMO_CLIENTS: tuple[DemoClient, ...] = (
    DemoClient(
        Client("Anna Berg (demo)", date_of_birth=date(1986, 4, 12), thigh_length_cm=46.0,
               notes="Runner with a desk job. Right hip feels tight after long runs."),
        visits=27, first_gap=(3.0, 6.0), last_gap=(1.0, 2.0), helps_more=Direction.LEFT,
        pain_locations=frozenset({PainLocation.RIGHT_HIP, PainLocation.LOW_BACK}),
        double_baseline=True, safety_event_visit=9, abandoned_visits=frozenset({14}),
    ),
    DemoClient(
        Client("Jonas Lind (demo)", date_of_birth=date(1979, 9, 3), thigh_length_cm=49.0,
               notes="Carpenter. Switched to finger widths after a few visits: quicker on "
                     "the low table."),
        visits=20, first_gap=(7.0, 5.0), last_gap=(3.0, 2.5), helps_more=Direction.RIGHT,
        pain_locations=frozenset({PainLocation.LEFT_HIP}), fingers_from_visit=9,
    ),
    DemoClient(
        Client("Maria Okafor (demo)", date_of_birth=date(1992, 1, 27),
               notes="Long-standing low back pain; prefers a calm, slow pace."),
        visits=14, first_gap=(4.5, 5.0), last_gap=(3.0, 3.0), helps_more=Direction.LEFT,
        pain_locations=frozenset({PainLocation.LOW_BACK, PainLocation.SI_JOINT}),
        gentle=True, abandoned_visits=frozenset({5}), weeks_ago_last=1,
    ),
    DemoClient(
        Client("Sam Whitfield (demo)", date_of_birth=date(1958, 11, 30), thigh_length_cm=44.0,
               notes="Retired teacher, gardens a lot. Osteoporosis: slow, partial range."),
        visits=10, first_gap=(5.0, 5.5), last_gap=(3.5, 3.5), helps_more=Direction.RIGHT,
        pain_locations=frozenset({PainLocation.LEFT_HIP, PainLocation.RIGHT_HIP}),
        precautions=frozenset({Precaution.OSTEOPOROSIS}), weeks_ago_last=2,
    ),
    DemoClient(
        Client("Eva Novak (demo)", date_of_birth=date(1971, 6, 8), thigh_length_cm=45.0,
               notes="Moved away in the spring; archived."),
        visits=6, first_gap=(2.5, 4.5), last_gap=(1.5, 2.5), helps_more=Direction.LEFT,
        pain_locations=frozenset({PainLocation.RIGHT_HIP}), weeks_ago_last=30, archived=True,
    ),
)

_CHANGES = ("", "", "", "Walked more this week.", "Long drive on Sunday.", "Slept better.",
            "Busy week at work, more sitting.", "Started swimming again.")
_NOTES = ("", "", "Client noticed the right leg resting lower at the end.",
          "Relaxed quickly today.", "Breathing settled well into the exhale.")


def demo_sessions(profile: DemoClient, client_id: int, today: date,
                  seed: int = SEED) -> list[Session]:
    """The client's visits, oldest first: roughly weekly, the last `weeks_ago_last` weeks ago."""
    rng = random.Random(f"{seed}:{profile.client.name}")
    days = _visit_days(profile, today, rng)
    sessions: list[Session] = []
    first = Direction.LEFT if rng.random() < 0.5 else Direction.RIGHT
    for visit, day in enumerate(days):
        session = _visit(profile, client_id, visit, day, first, rng)
        sessions.append(session)
        if session.first_direction is not None:
            first = session.first_direction.opposite  # alternate, as the app suggests
    return sessions


def seed_demo(store: Store, today: date | None = None, seed: int = SEED) -> list[Client]:
    """Store every demo client and their sessions; returns the stored clients."""
    today = today or datetime.now(UTC).date()
    stored = []
    for profile in DEMO_CLIENTS:
        client = store.add_client(profile.client)
        assert client.id is not None
        saved = [store.save_session(s) for s in demo_sessions(profile, client.id, today, seed)]
        if profile.safety_event_visit is not None:
            follow_up = saved[profile.safety_event_visit]
            assert follow_up.id is not None and follow_up.finished_at is not None
            store.add_addendum(follow_up.id, Addendum(
                follow_up.finished_at + timedelta(days=1, hours=2),
                "Client phoned: no more dizziness; the hip felt easier for two days.",
            ))
        if profile.archived:
            client = store.set_archived(client.id, True)
        stored.append(client)
    return stored


def ensure_demo(store: Store, today: date | None = None) -> bool:
    """Seed the demo records into an empty database; True if it seeded."""
    if store.list_clients(include_archived=True):
        return False
    seed_demo(store, today)
    return True


def _visit_days(profile: DemoClient, today: date, rng: random.Random) -> list[date]:
    last = today - timedelta(weeks=profile.weeks_ago_last, days=1 + rng.randrange(3))
    days = [last]
    for _ in range(profile.visits - 1):
        gap = 7 + rng.choice((-2, -1, 0, 0, 0, 1, 2, 7))  # now and then a missed week
        days.append(days[-1] - timedelta(days=gap))
    return days[::-1]


def _visit(profile: DemoClient, client_id: int, visit: int, day: date, first: Direction,
           rng: random.Random) -> Session:
    method = (Method.FINGERS if profile.fingers_from_visit is not None
              and visit >= profile.fingers_from_visit else Method.GAP_CM)
    started = datetime.combine(day, time(8 + rng.randrange(9), rng.choice((0, 15, 30, 45))),
                               tzinfo=UTC)
    progress = visit / max(profile.visits - 1, 1)
    pain_before = max(0, round(5 - 3 * progress + rng.gauss(0, 0.8)))
    session = Session(
        client_id=client_id, started_at=started, method=method,
        status=SessionStatus.COMPLETED, completed_step=int(Step.SUMMARY),
        check_in=CheckIn(
            pain_before=pain_before, pain_locations=profile.pain_locations,
            changes_since_last=rng.choice(_CHANGES) if visit else "",
            red_flags_answered=True, precautions=profile.precautions,
            neuroplastic_suspected=profile.gentle,
        ),
        first_direction=first,
    )
    baseline = tuple(
        (1 - progress) * a + progress * b + rng.gauss(0, 0.4)
        for a, b in zip(profile.first_gap, profile.last_gap, strict=True)
    )
    readings = 2 if profile.double_baseline and not profile.gentle and visit % 5 else 1
    values = _timepoint_values(profile, baseline, first, rng)
    measurements = tuple(
        Measurement(t, side, _readings(method, values[t][i], readings if t == Timepoint.BASELINE
                                       else 1, rng))
        for t in TIMEPOINTS for i, side in enumerate(Side)
    )
    planned = 3 if profile.gentle else rng.choice((3, 3, 4, 5))
    block_a = _block(first, planned, started + timedelta(minutes=5), rng)
    after_a = block_a.reps[-1].ended_at + timedelta(minutes=3)
    block_b = _block(first.opposite, planned, after_a, rng)
    if visit in profile.abandoned_visits:
        return _abandoned(session, measurements, block_a, visit)
    events: tuple[SafetyEvent, ...] = ()
    if visit == profile.safety_event_visit:
        block_b = replace(block_b, reps=block_b.reps[:2])
        events = (SafetyEvent(
            block_b.reps[-1].ended_at + timedelta(seconds=20), SafetyEventKind.DIZZINESS, 2,
            "Paused; client sat up slowly and had some water.",
            "Settled within two minutes; finished the re-test lying down.",
        ),)
    session = replace(session, measurements=measurements, blocks=(block_a, block_b),
                      safety_events=events)
    return _finished(session, block_b.reps[-1].ended_at, rng)


def _timepoint_values(profile: DemoClient, baseline: tuple[float, ...], first: Direction,
                      rng: random.Random) -> dict[Timepoint, tuple[float, ...]]:
    """Gaps in cm per side after each rotation: the helpful one lowers them a little more."""
    def after(before: tuple[float, ...], direction: Direction) -> tuple[float, ...]:
        mean = 1.1 if direction is profile.helps_more else 0.5
        return tuple(max(0.0, v - max(0.0, rng.gauss(mean, 0.4))) for v in before)

    after_first = after(baseline, first)
    return {Timepoint.BASELINE: baseline, Timepoint.AFTER_FIRST: after_first,
            Timepoint.AFTER_SECOND: after(after_first, first.opposite)}


def _readings(method: Method, gap_cm: float, count: int, rng: random.Random) -> tuple[float, ...]:
    """`count` readings of a true gap, each with a little reading error, on the method's scale."""
    spec = method.spec
    scale = 1 / CM_PER_FINGER if method == Method.FINGERS else 1.0
    values = []
    for _ in range(count):
        raw = (gap_cm + rng.gauss(0, 0.35 if count > 1 else 0.0)) * scale
        stepped = round(raw / spec.step) * spec.step
        values.append(float(min(spec.maximum, max(spec.minimum, stepped))))
    return tuple(values)


def _block(direction: Direction, planned: int, start: datetime, rng: random.Random) -> RepBlock:
    """Coached reps: the breath phases plus a little of the client's own pace, then a pause."""
    reps, at = [], start
    for _ in range(planned):
        length = sum(PHASE_SECONDS) + rng.gauss(0.6, 0.5)
        end = at + timedelta(seconds=round(length, 3))
        reps.append(Rep(at, end))
        at = end + timedelta(seconds=round(rng.uniform(1.0, 3.0), 3))
    return RepBlock(direction, planned, tuple(reps))


def _abandoned(session: Session, measurements: tuple[Measurement, ...], block_a: RepBlock,
               visit: int) -> Session:
    """Stopped early, kept with its reason: after the starting point, or after direction A."""
    if visit % 2:
        kept = tuple(m for m in measurements if m.timepoint == Timepoint.BASELINE)
        return replace(session, status=SessionStatus.ABANDONED, measurements=kept,
                       completed_step=int(Step.BASELINE), first_direction=None,
                       finished_at=session.started_at + timedelta(minutes=6),
                       abandon_reason="Client was short on time today; we stopped after the "
                                      "starting point.")
    kept = tuple(m for m in measurements if m.timepoint != Timepoint.AFTER_SECOND)
    return replace(session, status=SessionStatus.ABANDONED, measurements=kept,
                   blocks=(block_a,), completed_step=int(Step.RETEST_FIRST),
                   finished_at=block_a.reps[-1].ended_at + timedelta(minutes=4),
                   abandon_reason="Client preferred to rest after the first re-test.")


def _finished(session: Session, last_rep_end: datetime, rng: random.Random) -> Session:
    """The summary as the therapist would fill it in, and the finish time."""
    sem = session.method.spec.default_sem
    verdict = analyse(session, sem).verdict
    if verdict.leaning is None or rng.random() < 0.25:
        felt = rng.choice((FeltBetter.NO_DIFFERENCE, FeltBetter.NOT_SURE))
    else:
        felt = FeltBetter.FIRST if verdict.leaning is session.first_direction else FeltBetter.SECOND
    pain_before = session.check_in.pain_before or 0
    summary = Summary(
        felt_better=felt,
        pain_after=max(0, pain_before - rng.choice((0, 1, 1, 2))),
        notes=rng.choice(_NOTES),
        home_program=home_program(verdict, felt, session.first_direction),
    )
    finished = last_rep_end + timedelta(minutes=6 + rng.randrange(6))
    return replace(session, summary=summary, finished_at=finished,
                   verdict_basis=verdict_basis_for(session, sem))

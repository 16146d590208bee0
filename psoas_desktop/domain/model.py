"""The vocabulary of a Psoas Desktop session: enums and frozen value types (SPEC sections 3, 5, 6)."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from .protocol_def import MethodSpec, ProtocolDef, seed_protocol


class Side(enum.StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class Direction(enum.StrEnum):
    """The seed protocol's directions (the open-book rotation, named from the client's point of
    view). Sessions hold direction keys; their words come from the session's protocol definition."""

    LEFT = "left"
    RIGHT = "right"

    @property
    def opposite(self) -> Direction:
        return Direction.RIGHT if self == Direction.LEFT else Direction.LEFT

    @property
    def instruction(self) -> str:
        return seed_protocol().direction(self.value).instruction

    @property
    def position(self) -> str:
        return seed_protocol().direction(self.value).position

    @property
    def label(self) -> str:
        return seed_protocol().direction(self.value).label

    @property
    def short_label(self) -> str:
        return seed_protocol().direction(self.value).words

    @property
    def client_words(self) -> str:
        """The direction as the client hears it, on the summary and the charts (never 'A' or 'B')."""
        return seed_protocol().direction(self.value).client_words


class Timepoint(enum.StrEnum):
    """The seed protocol's timepoint keys (a session of another protocol holds its own keys)."""

    BASELINE = "baseline"
    AFTER_FIRST = "after_first"
    AFTER_SECOND = "after_second"

    @property
    def label(self) -> str:
        return seed_protocol().timepoint_label(self.value)


TIMEPOINTS: tuple[Timepoint, ...] = tuple(Timepoint)


class Method(enum.StrEnum):
    """The seed protocol's method keys; one method per session. Lower is always better."""

    GAP_CM = "gap_cm"
    FINGERS = "fingers"
    THIGH_ANGLE = "thigh_angle"
    TOUCHES = "touches"
    TABLE_EDGE_ANGLE = "table_edge_angle"

    @property
    def spec(self) -> MethodSpec:
        return seed_protocol().method(self.value)


class PainLocation(enum.StrEnum):
    RIGHT_HIP = "right_hip"
    LEFT_HIP = "left_hip"
    LOW_BACK = "low_back"
    SI_JOINT = "si_joint"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "right_hip": "Right hip",
            "left_hip": "Left hip",
            "low_back": "Low back",
            "si_joint": "SI joint",
            "other": "Other",
        }[self.value]


class RedFlag(enum.StrEnum):
    CANCER_HISTORY = "cancer_history"
    WEIGHT_LOSS = "weight_loss"
    FEVER = "fever"
    BLADDER_BOWEL_SADDLE = "bladder_bowel_saddle"
    LEG_WEAKNESS = "leg_weakness"
    CALF_SWELLING = "calf_swelling"
    CHEST_PAIN = "chest_pain"

    @property
    def label(self) -> str:
        return {
            "cancer_history": "History of cancer",
            "weight_loss": "Unexplained weight loss",
            "fever": "Fever",
            "bladder_bowel_saddle": "Bladder or bowel change, saddle numbness",
            "leg_weakness": "Progressive leg weakness",
            "calf_swelling": "Calf swelling or redness",
            "chest_pain": "Chest pain or short of breath",
        }[self.value]


class Precaution(enum.StrEnum):
    OSTEOPOROSIS = "osteoporosis"
    RECENT_SURGERY = "recent_surgery"
    HIP_REPLACEMENT = "hip_replacement"
    PREGNANCY_OVER_20_WEEKS = "pregnancy_over_20_weeks"

    @property
    def label(self) -> str:
        return {
            "osteoporosis": "Osteoporosis (slow, partial range)",
            "recent_surgery": "Surgery near the region within 6 weeks",
            "hip_replacement": "Hip replacement (no table-edge test)",
            "pregnancy_over_20_weeks": "Pregnancy over 20 weeks (side-lying only)",
        }[self.value]


class SessionStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


class FeltBetter(enum.StrEnum):
    FIRST = "first"
    SECOND = "second"
    NO_DIFFERENCE = "no_difference"
    NOT_SURE = "not_sure"


class SafetyEventKind(enum.StrEnum):
    SHARP_PAIN = "sharp_pain"
    NUMBNESS = "numbness_tingling"
    DIZZINESS = "dizziness"
    EMOTIONAL_DISTRESS = "emotional_distress"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "sharp_pain": "Sharp pain",
            "numbness_tingling": "Numbness or tingling",
            "dizziness": "Dizziness",
            "emotional_distress": "Emotional distress",
            "other": "Other",
        }[self.value]


@dataclass(frozen=True)
class Client:
    name: str
    id: int | None = None
    date_of_birth: date | None = None
    thigh_length_cm: float | None = None
    notes: str = ""
    archived: bool = False


@dataclass(frozen=True)
class ClientSummary:
    """One row of the client list: the client and when they were last seen."""

    client: Client
    last_visit: datetime | None
    session_count: int


@dataclass(frozen=True)
class DeletionReport:
    """What deleting a client removes (shown before, and kept in the audit log after)."""

    client_name: str
    sessions: int
    measurements: int
    safety_events: int


@dataclass(frozen=True)
class Measurement:
    """One side at one time point: one or two readings (averaged) and the confounder ticks."""

    timepoint: str  # a timepoint key of the session's protocol (Timepoint for the seed)
    side: Side
    readings: tuple[float, ...]
    lower_back_arches: bool = False
    knee_cannot_straighten: bool = False

    def __post_init__(self) -> None:
        if not 1 <= len(self.readings) <= 2:
            raise ValueError("a measurement has one or two readings")

    @property
    def value(self) -> float:
        return math.fsum(self.readings) / len(self.readings)


@dataclass(frozen=True)
class CheckIn:
    pain_before: int | None = None
    pain_locations: frozenset[PainLocation] = frozenset()
    changes_since_last: str = ""
    red_flags: frozenset[RedFlag] = frozenset()
    red_flags_answered: bool = False
    override_reason: str = ""
    precautions: frozenset[Precaution] = frozenset()
    surgery_clearance: str = ""
    neuroplastic_suspected: bool = False


@dataclass(frozen=True)
class Rep:
    started_at: datetime
    ended_at: datetime


@dataclass(frozen=True)
class RepBlock:
    """The coached open-book repetitions in one direction."""

    direction: str  # a direction key of the session's protocol (Direction for the seed)
    planned_reps: int = 3
    reps: tuple[Rep, ...] = ()
    skipped: bool = False  # left with no rep counted, on purpose: never compared (SPEC 3.3)


@dataclass(frozen=True)
class SafetyEvent:
    occurred_at: datetime
    kind: SafetyEventKind
    pain: int | None = None
    action_taken: str = ""
    note: str = ""


@dataclass(frozen=True)
class Summary:
    felt_better: FeltBetter | None = None
    pain_after: int | None = None
    notes: str = ""
    home_program: str = ""


@dataclass(frozen=True)
class Addendum:
    written_at: datetime
    text: str


@dataclass(frozen=True)
class VerdictBasis:
    """What a finished session's verdict was judged with (SPEC 5.3): the SEM per single reading
    (None: the method has no error model) and the number of readings averaged per value."""

    sem: float | None
    readings: int = 1


@dataclass(frozen=True)
class Session:
    """One protocol run for one client. `completed_step` is the index of the last wizard step
    saved in the protocol's steps (-1: none); it is stored by the step's key."""

    client_id: int
    started_at: datetime
    method: str = Method.GAP_CM  # a method key of `protocol`
    id: int | None = None
    status: SessionStatus = SessionStatus.IN_PROGRESS
    completed_step: int = -1
    check_in: CheckIn = field(default_factory=CheckIn)
    first_direction: str | None = None  # a direction key of `protocol`
    measurements: tuple[Measurement, ...] = ()
    blocks: tuple[RepBlock, ...] = ()
    safety_events: tuple[SafetyEvent, ...] = ()
    summary: Summary = field(default_factory=Summary)
    finished_at: datetime | None = None
    abandon_reason: str = ""
    addenda: tuple[Addendum, ...] = ()
    verdict_basis: VerdictBasis | None = None  # stored at Finish; later views judge with it
    # The stored record's version this copy was read at (0: never saved). Storage bookkeeping, not
    # an entry: two sessions with the same entries are equal whatever their revision.
    revision: int = field(default=0, compare=False)
    # The definition this session follows (stored as its key and version, SPEC 2).
    protocol: ProtocolDef = field(default_factory=seed_protocol)

    @property
    def method_spec(self) -> MethodSpec:
        return self.protocol.method(self.method)

    @property
    def second_direction(self) -> str | None:
        return self.protocol.opposite(self.first_direction) if self.first_direction else None

    def measurement(self, timepoint: str, side: Side) -> Measurement | None:
        for m in self.measurements:
            if m.timepoint == timepoint and m.side == side:
                return m
        return None

    def value(self, timepoint: str, side: Side) -> float | None:
        m = self.measurement(timepoint, side)
        return m.value if m else None

    def with_measurements(self, timepoint: str, new: tuple[Measurement, ...]) -> Session:
        """Replace every measurement of `timepoint` with `new` (earlier time points stay first)."""
        kept = tuple(m for m in self.measurements if m.timepoint != timepoint)
        order = self.protocol.timepoint_keys
        merged = sorted(kept + new, key=lambda m: (order.index(m.timepoint), m.side != Side.LEFT))
        return replace(self, measurements=tuple(merged))

    def block(self, direction: str) -> RepBlock | None:
        for b in self.blocks:
            if b.direction == direction:
                return b
        return None

    def with_block(self, block: RepBlock) -> Session:
        """Replace the block of `block.direction` in its place, or add it after the others."""
        if self.block(block.direction) is None:
            return replace(self, blocks=self.blocks + (block,))
        return replace(self, blocks=tuple(block if b.direction == block.direction else b
                                          for b in self.blocks))

    @property
    def is_finished(self) -> bool:
        return self.status is not SessionStatus.IN_PROGRESS

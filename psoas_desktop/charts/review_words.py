"""Review mode's caption for each chart a client may see, in SPEC 7's neutral words.

Pure Python (no Qt): one caption per chart, so the words under 'Difference' describe the
difference chart and the words under 'Which turn' explain its marks. 'Your legs' keeps
`series.review_caption`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.analysis import TrendPoint
from ..domain.model import Method, Session, Side
from .series import ChartKind, _direction_words, points_spec, review_caption

TODAY_TITLE = "Today's visit"


def _visits(n: int) -> str:
    return "this visit" if n == 1 else f"{n} visits"


def difference_caption(points: Sequence[TrendPoint], method: Method) -> str:
    """How far apart the two legs were at the start and end of the visits."""
    if not points:
        return "This chart fills in after your first full visit."
    spec = points_spec(points, method)
    if spec.default_sem is None:  # touches / does not touch
        return ("Each mark shows whether your two legs rested alike (0) or not (1), at the start "
                "(hollow) and at the end (filled) of each visit.")
    first, last = points[0], points[-1]
    lines = ["The lower the marks, the more alike your two legs are; 0 means they rest the same. "
             "Hollow marks are the start of a visit, filled marks its end."]
    values = [first.asymmetry_start, first.asymmetry_end, last.asymmetry_start, last.asymmetry_end]
    decimals = spec.decimals(*values)
    if len(points) == 1:
        lines.append(f"In this visit your legs were {spec.format(first.asymmetry_start, decimals)} "
                     f"apart at the start and {spec.format(first.asymmetry_end, decimals)} apart "
                     "at the end.")
    else:
        lines.append(f"At the start of a visit they were {spec.format(first.asymmetry_start, decimals)}"
                     f" apart the first time and {spec.format(last.asymmetry_start, decimals)} apart "
                     f"the last time, over {_visits(len(points))}.")
    return " ".join(lines)


def direction_caption(points: Sequence[TrendPoint]) -> str:
    """What a mark on the 'which turn' chart means, then what the visits together show."""
    if not points:
        return "This chart fills in after your first full visit."
    return ("Each circle is one visit: higher up, turning to your left made the larger "
            "difference that day; lower down, turning to your right. A filled circle is a clear "
            "difference, beyond the measurement error; a hollow one was too close to tell. " + _direction_words(points))


def review_caption_for(kind: ChartKind, points: Sequence[TrendPoint], method: Method) -> str:
    """The caption under the chart a client is looking at."""
    if kind is ChartKind.DIFFERENCE:
        return difference_caption(points, method)
    if kind is ChartKind.DIRECTION:
        return direction_caption(points)
    return review_caption(points, method)


def today_caption(session: Session | None) -> str:
    """Today's visit in words: each leg from the start to the end, turns named, never A or B."""
    if session is None or session.first_direction is None:
        return "This chart shows today's visit once it is finished."
    spec, protocol = session.method_spec, session.protocol
    words = [protocol.direction(d).client_words
             for d in (session.first_direction, session.second_direction) if d]
    order = (f"The chart follows your visit: the start, after {words[0]}, then after "
             f"{words[1]}. {protocol.better_words[0].upper()}{protocol.better_words[1:]}.")
    timepoints = protocol.timepoint_keys
    values = [v for t in timepoints for s in Side if (v := session.value(t, s)) is not None]
    decimals = spec.decimals(*values)
    legs = []
    for side in Side:
        start, end = session.value(timepoints[0], side), session.value(timepoints[-1], side)
        if start is None or end is None:
            continue
        if spec.default_sem is None:  # touches / does not touch
            legs.append(f"your {side.value} leg {spec.format(start)} at the start and "
                        f"{spec.format(end)} at the end")
        else:
            bare = spec.number(start, decimals)  # the unit once
            legs.append(f"your {side.value} leg went from {bare} to "
                        f"{spec.format(end, decimals)}")
    if not legs:
        return order
    return f"Today {' and '.join(legs)}. {order}"

"""Review mode's caption for each chart a client may see, in SPEC 7's neutral words.

Pure Python (no Qt): one caption per chart, so the words under 'Difference' describe the
difference chart and the words under 'Which turn' explain its marks. 'Your legs' keeps
`series.review_caption`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.analysis import TrendPoint
from ..domain.model import TIMEPOINTS, Method, Session, Side
from .series import ChartKind, _direction_words, review_caption

TODAY_TITLE = "Today's visit"


def _visits(n: int) -> str:
    return "this visit" if n == 1 else f"{n} visits"


def difference_caption(points: Sequence[TrendPoint], method: Method) -> str:
    """How far apart the two legs were at the start and end of the visits."""
    if not points:
        return "This chart fills in after your first full visit."
    if method is Method.TOUCHES:
        return ("Each mark shows whether your two legs rested alike (0) or not (1), at the start "
                "(hollow) and at the end (filled) of each visit.")
    spec = method.spec
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
    spec = session.method.spec
    first, second = session.first_direction, session.first_direction.opposite
    order = (f"The chart follows your visit: the start, after {first.client_words}, then after "
             f"{second.client_words}. Lower is closer to the table.")
    values = [v for t in TIMEPOINTS for s in Side if (v := session.value(t, s)) is not None]
    decimals = spec.decimals(*values)
    legs = []
    for side in Side:
        start, end = session.value(TIMEPOINTS[0], side), session.value(TIMEPOINTS[-1], side)
        if start is None or end is None:
            continue
        if session.method is Method.TOUCHES:
            legs.append(f"your {side.value} leg {spec.format(start)} at the start and "
                        f"{spec.format(end)} at the end")
        else:
            bare = spec.number(start, decimals)  # the unit once
            legs.append(f"your {side.value} leg went from {bare} to "
                        f"{spec.format(end, decimals)}")
    if not legs:
        return order
    return f"Today {' and '.join(legs)}. {order}"

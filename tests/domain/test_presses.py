"""Bounce-proof presses (SPEC 3.3): Next within 0.4 s with nothing between is ignored; a Rep
done under 0.5 s after the last counted rep is ignored."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from psoas_desktop.domain.presses import (
    NEXT_BOUNCE_SECONDS,
    REP_BOUNCE_SECONDS,
    NextPresses,
    rep_press_counts,
)


def test_the_first_next_press_counts():
    assert NextPresses().press(100.0)


def test_a_second_press_within_the_bounce_window_is_ignored():
    presses = NextPresses()
    assert presses.press(100.0)
    assert not presses.press(100.0 + NEXT_BOUNCE_SECONDS - 0.001)


def test_a_press_after_the_window_counts():
    presses = NextPresses()
    presses.press(100.0)
    assert presses.press(100.0 + NEXT_BOUNCE_SECONDS)


def test_other_input_in_between_lets_a_quick_press_count():
    """A tap on a value between two quick Next presses: both are meant."""
    presses = NextPresses()
    presses.press(100.0)
    presses.other_input()
    assert presses.press(100.05)


def test_a_chattering_pedal_moves_once():
    """Six presses 60 ms apart (a pedal's bounce, a held key): only the first counts, since each
    ignored press starts the window again."""
    presses = NextPresses()
    counted = [presses.press(100.0 + 0.06 * i) for i in range(6)]
    assert counted == [True, False, False, False, False, False]


@given(st.lists(st.floats(min_value=0.0, max_value=2.0), min_size=1, max_size=30))
def test_counted_presses_are_never_closer_than_the_window(gaps):
    """Whatever the rhythm, two counted Next presses with nothing between are at least 0.4 s
    apart, and a press 0.4 s or more after the previous press always counts."""
    presses = NextPresses()
    t, last_counted, previous = 0.0, None, None
    for gap in gaps:
        t += gap
        counted = presses.press(t)
        if previous is not None and t - previous >= NEXT_BOUNCE_SECONDS:
            assert counted
        if counted and last_counted is not None:
            assert t - last_counted >= NEXT_BOUNCE_SECONDS
        if counted:
            last_counted = t
        previous = t


def test_rep_presses():
    """The first rep counts; one under 0.5 s after the last counted rep does not; at 0.5 s it does."""
    assert rep_press_counts(None, 5.0)
    assert not rep_press_counts(5.0, 5.0 + REP_BOUNCE_SECONDS - 0.001)
    assert rep_press_counts(5.0, 5.0 + REP_BOUNCE_SECONDS)


def test_a_next_press_exactly_at_the_window_counts():
    """The window is exclusive: a Next press exactly 0.4 s after the last one counts."""
    presses = NextPresses()
    presses.press(0.0)
    assert 0.4 - 0.0 == NEXT_BOUNCE_SECONDS  # exact in floats, unlike 100.0 + 0.4 - 100.0
    assert presses.press(0.4)


def test_a_rep_press_exactly_at_the_window_counts():
    """The rep window is exclusive too: a Rep done exactly 0.5 s after the last counted rep counts."""
    assert rep_press_counts(0.0, 0.5)

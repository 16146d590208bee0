"""Remembered choices, declared once: every setting round-trips through the store's strings, and
an unreadable or out-of-range stored value keeps the default instead of stopping the app."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from psoas_desktop.config import PREFERENCES, Settings
from psoas_desktop.domain.model import Method
from psoas_desktop.domain.pacing import BreathPhase

SECONDS = st.integers(min_value=1, max_value=30).map(float)
SEMS = {m: st.floats(min_value=0.1, max_value=m.spec.maximum, allow_nan=False).map(
    lambda x: round(x, 2)) for m in Method if m.spec.default_sem is not None}


@given(st.integers(min_value=1, max_value=10), st.lists(SECONDS, min_size=4, max_size=4),
       st.booleans(), st.booleans(), st.fixed_dictionaries(SEMS))
def test_every_setting_round_trips_through_the_store(reps, seconds, sound, voice, sems):
    """Settings -> preferences -> Settings gives back the same choices."""
    defaults = Settings()
    phases = tuple(BreathPhase(p.name, s) for p, s in zip(defaults.phases, seconds, strict=True))
    chosen = replace(defaults, planned_reps=reps, phases=phases, sound_cues=sound,
                     spoken_cues=voice, sems={**defaults.sems, **sems})
    assert Settings().with_preferences(chosen.to_preferences()) == chosen


def test_every_stored_key_is_declared_once():
    keys = [p.key for p in PREFERENCES]
    assert len(keys) == len(set(keys))
    assert set(Settings().to_preferences()) <= set(keys)


def test_unreadable_values_keep_the_defaults():
    """Junk, out-of-range or missing values are ignored one by one."""
    junk = {"planned_reps": "11", "phase_seconds": "3,4", "sound_cues": "yes",
            "spoken_cues": "", "sem_gap_cm": "-1", "sem_fingers": "abc", "sem_touches": "1"}
    assert Settings().with_preferences(junk) == Settings()
    assert Settings().with_preferences({}) == Settings()
    assert Settings().with_preferences({"planned_reps": "5"}).planned_reps == 5


def test_touches_has_no_stored_error_model():
    assert "sem_touches" not in Settings().to_preferences()

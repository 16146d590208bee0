"""The garbage-collector pause around bulk reads never leaves the collector off, and leaves
what the app froze frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from psoas_desktop.persistence.reading import collector_paused


@pytest.fixture
def restore_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("restore_gc")
def test_the_collector_is_off_inside_and_back_on_after() -> None:
    """Inside the block the collector is paused; afterwards it runs again."""
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("restore_gc")
def test_the_collector_comes_back_after_an_error() -> None:
    """A failing read (here a raised error) still turns the collector back on."""
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("database went away")
    assert gc.isenabled()


@pytest.mark.usefixtures("restore_gc")
def test_a_collector_turned_off_elsewhere_stays_off() -> None:
    """If the app had turned the collector off itself, the pause does not turn it on."""
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


@pytest.mark.usefixtures("restore_gc")
def test_what_the_app_set_aside_for_good_stays_frozen() -> None:
    """If the app froze its long-lived objects (gc.freeze), a bulk read leaves them frozen."""
    gc.enable()
    kept = [_Node() for _ in range(100)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            built = [_Node() for _ in range(100)]
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled() and len(kept) == len(built)
    finally:
        gc.unfreeze()

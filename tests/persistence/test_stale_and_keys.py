"""Two windows on one database, and rows kept by their natural key (issue 8, SPEC 8.1): a save
from an out-of-date copy is refused with what the record holds now, and nothing is overwritten;
an unchanged reading keeps its row id across saves."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from psoas_desktop.app import open_repository
from psoas_desktop.domain.model import (
    Client,
    Direction,
    Measurement,
    Method,
    Rep,
    RepBlock,
    Side,
    Timepoint,
)
from psoas_desktop.domain.ports import StaleSessionError

T0 = datetime(2026, 1, 5, 9, 0)
REP = Rep(T0, T0 + timedelta(seconds=10))


@pytest.fixture
def two(database_url):
    """Two repositories on one file: two windows (or two machines on a shared database)."""
    return open_repository(database_url), open_repository(database_url)


def _started(repo):
    client = repo.add_client(Client("Two Windows"))
    return repo.start_session(client.id, Method.GAP_CM, T0)


def test_each_save_counts_and_the_saved_copy_carries_the_new_revision(two):
    first, _second = two
    started = _started(first)
    assert started.revision == 1
    saved = first.save_session(replace(started, completed_step=0))
    assert saved.revision == 2
    assert first.get_session(started.id).revision == 2


def test_a_save_from_a_stale_copy_is_refused_and_nothing_is_overwritten(two):
    """Window A saves a reading; window B, still holding the copy from before, saves a different
    one: B is refused with a clear sentence and what the record holds now; A's reading stays."""
    window_a, window_b = two
    started = _started(window_a)
    seen_by_b = window_b.get_session(started.id)
    reading_a = Measurement(Timepoint.BASELINE, Side.LEFT, (2.0,))
    window_a.save_session(replace(started, measurements=(reading_a,)))
    reading_b = Measurement(Timepoint.BASELINE, Side.LEFT, (5.0,))
    with pytest.raises(StaleSessionError) as refused:
        window_b.save_session(replace(seen_by_b, measurements=(reading_b,)))
    assert "changed in another window" in str(refused.value)
    assert refused.value.current is not None
    assert refused.value.current.measurements == (reading_a,)
    assert window_a.get_session(started.id).measurements == (reading_a,)


def test_a_children_only_change_also_counts(two):
    """A rep added (no column of the session itself changed) still moves the version on."""
    window_a, window_b = two
    started = replace(_started(window_a), first_direction=Direction.LEFT)
    started = window_a.save_session(started)
    seen_by_b = window_b.get_session(started.id)
    window_a.save_session(started.with_block(RepBlock(Direction.LEFT, 3, (REP,))))
    with pytest.raises(StaleSessionError):
        window_b.save_session(seen_by_b.with_block(RepBlock(Direction.LEFT, 4)))


def test_after_a_refusal_the_current_copy_saves(two):
    """The refused window carries on from what the record holds now, and its next save lands."""
    window_a, window_b = two
    started = _started(window_a)
    seen_by_b = window_b.get_session(started.id)
    window_a.save_session(replace(started, completed_step=0))
    with pytest.raises(StaleSessionError) as refused:
        window_b.save_session(seen_by_b)
    saved = window_b.save_session(replace(refused.value.current, completed_step=1))
    assert window_a.get_session(started.id).completed_step == 1 == saved.completed_step


def test_unchanged_readings_keep_their_row_ids_across_saves(two, database_url):
    """Rows are updated by (time point, side, reading index), never deleted and reinserted."""
    repo, _ = two
    session = _started(repo)
    left = Measurement(Timepoint.BASELINE, Side.LEFT, (2.0,))
    right = Measurement(Timepoint.BASELINE, Side.RIGHT, (1.0,))
    session = repo.save_session(replace(session, measurements=(left,)))
    engine = repo._engine  # noqa: SLF001 (a look at the rows themselves)
    with engine.connect() as connection:
        [(left_id,)] = connection.execute(text("select id from measurements")).all()
    session = repo.save_session(replace(session, measurements=(left, right)))
    changed = Measurement(Timepoint.BASELINE, Side.LEFT, (2.5,))
    repo.save_session(replace(session, measurements=(changed, right)))
    with engine.connect() as connection:
        rows = connection.execute(text("select id, side, value from measurements order by id")).all()
    assert rows[0] == (left_id, "left", 2.5)
    assert [r[1:] for r in rows] == [("left", 2.5), ("right", 1.0)]

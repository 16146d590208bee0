"""The repository refuses a record that breaks an invariant, calmly, and writes nothing of it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_desktop.domain.model import (
    Addendum,
    CheckIn,
    Client,
    Direction,
    Measurement,
    Method,
    Rep,
    RepBlock,
    Session,
    SessionStatus,
    Side,
    Summary,
    Timepoint,
    VerdictBasis,
)
from psoas_desktop.domain.ports import InvalidRecordError, StorageError
from psoas_desktop.persistence.db import database_url, make_engine
from psoas_desktop.persistence.migrate import upgrade_to_head
from psoas_desktop.persistence.repository import Repository

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)


def _repository(path: Path) -> Repository:
    engine = make_engine(database_url(str(path)))
    upgrade_to_head(engine)
    return Repository(engine)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "psoas.db"


@pytest.fixture
def repo(db_path: Path) -> Iterator[Repository]:
    repository = _repository(db_path)
    yield repository
    repository.close()


def _reps(n: int) -> tuple[Rep, ...]:
    return tuple(Rep(T0 + timedelta(seconds=15 * i), T0 + timedelta(seconds=15 * i + 14))
                 for i in range(n))


def _baseline(left: float, right: float = 2.0) -> tuple[Measurement, ...]:
    return (Measurement(Timepoint.BASELINE, Side.LEFT, (left,)),
            Measurement(Timepoint.BASELINE, Side.RIGHT, (right,)))


BREAKS: dict[str, tuple[Callable[[Session], Session], str]] = {
    "pain 42": (lambda s: replace(s, check_in=CheckIn(pain_before=42)), "from 0 to 10, not 42"),
    "pain after -1": (lambda s: replace(s, summary=Summary(pain_after=-1)), "from 0 to 10"),
    "reading -99 cm": (lambda s: replace(s, measurements=_baseline(-99.0)),
                       "-99 cm is outside the range for Knee-to-table gap: 0 to 15 cm."),
    "reading off the step": (lambda s: replace(s, measurements=_baseline(2.25)), "steps of 0.5"),
    "11 reps": (lambda s: replace(s, blocks=(RepBlock(Direction.LEFT, 10, _reps(11)),)),
                "at most 10 repetitions, not 11"),
    "planned 0": (lambda s: replace(s, blocks=(RepBlock(Direction.LEFT, 0),)), "from 1 to 10"),
    "skipped with reps": (lambda s: replace(s, blocks=(RepBlock(Direction.LEFT, 3, _reps(1),
                                                                skipped=True),)),
                          "cannot be recorded as skipped"),
    "NUL in notes": (lambda s: replace(s, summary=Summary(notes="Calm\x00session")),
                     "control character"),
    "escape in changes": (lambda s: replace(s, check_in=CheckIn(changes_since_last="ok\x1b[2J")),
                          "control character"),
    "line break in a one-line field": (lambda s: replace(s, abandon_reason="short\nof time"),
                                       "control character"),
    "note too long": (lambda s: replace(s, summary=Summary(notes="x" * 10_001)),
                      "at most 10,000 characters"),
    "same side twice": (lambda s: replace(s, measurements=_baseline(2.0) + _baseline(3.0)[:1]),
                        "recorded twice"),
    "verdict on no readings": (lambda s: replace(s, verdict_basis=VerdictBasis(1.0, 0)),
                               "at least one reading"),
    "verdict with SEM 0": (lambda s: replace(s, verdict_basis=VerdictBasis(0.0, 1)), "above 0"),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_an_invalid_session_is_refused_and_nothing_is_written(
    name: str, repo: Repository, db_path: Path
) -> None:
    """Each broken invariant: a calm InvalidRecordError (a StorageError), the stored session
    unchanged and no new session, as a second repository on the same file sees it."""
    breaking, message = BREAKS[name]
    client = repo.add_client(Client("Boundary"))
    stored = repo.save_session(replace(repo.start_session(client.id, Method.GAP_CM, T0),
                                       measurements=_baseline(3.0), completed_step=1))
    with pytest.raises(InvalidRecordError) as changed:
        repo.save_session(breaking(stored))
    with pytest.raises(InvalidRecordError):
        repo.save_session(replace(breaking(stored), id=None, started_at=T0 + timedelta(days=1)))
    assert message in str(changed.value)
    assert isinstance(changed.value, StorageError)
    assert str(changed.value).endswith(".") and "Error" not in str(changed.value)
    second = _repository(db_path)
    assert second.sessions_for_client(client.id) == [stored]
    second.close()


def test_an_invalid_client_or_note_is_refused_and_nothing_is_written(
    repo: Repository, db_path: Path
) -> None:
    """A NUL in a name, a control character in notes or an addendum: refused, nothing stored."""
    with pytest.raises(InvalidRecordError, match="control character"):
        repo.add_client(Client("Ann\x00a"))
    kept = repo.add_client(Client("Anna", notes="Line one\nLine two\tindented"))
    with pytest.raises(InvalidRecordError, match="control character"):
        repo.update_client(replace(kept, notes="bell\x07"))
    with pytest.raises(InvalidRecordError, match="at most 200"):
        repo.update_client(replace(kept, name="A" * 201))
    session = repo.start_session(kept.id, Method.GAP_CM, T0)
    with pytest.raises(InvalidRecordError, match="control character"):
        repo.add_addendum(session.id, Addendum(T0, "called\x00back"))
    second = _repository(db_path)
    assert [s.client for s in second.list_clients()] == [kept]
    assert second.get_session(session.id).addenda == ()
    second.close()


_outside = st.one_of(
    st.floats(max_value=-0.01, allow_nan=False, allow_infinity=False),
    st.floats(min_value=15.01, allow_nan=False, allow_infinity=False),
    st.floats(0, 15).filter(lambda x: abs(x * 2 - round(x * 2)) > 1e-3),  # between steps
    st.sampled_from([float("nan"), float("inf"), float("-inf")]),
)


@settings(max_examples=40, deadline=None)
@given(reading=_outside, side=st.sampled_from(Side), status=st.sampled_from(SessionStatus))
def test_property_any_reading_off_the_gap_scale_is_refused(
    reading: float, side: Side, status: SessionStatus
) -> None:
    """Property: a gap reading outside 0-15 cm or off its 0.5 cm steps is never stored."""
    with tempfile.TemporaryDirectory() as folder:
        repo = _repository(Path(folder) / "psoas.db")
        client = repo.add_client(Client("Property"))
        session = Session(client.id, T0, Method.GAP_CM, status=status,
                          measurements=(Measurement(Timepoint.BASELINE, side, (reading,)),))
        with pytest.raises(InvalidRecordError):
            repo.save_session(session)
        assert repo.sessions_for_client(client.id) == []
        repo.close()

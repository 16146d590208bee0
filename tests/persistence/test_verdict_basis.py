"""Judgements keep what they rest on: a stored verdict basis, calibration from finished visits."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from psoas_desktop.config import Settings
from psoas_desktop.domain.analysis import BaselinePair, analyse, verdict_basis_for
from psoas_desktop.domain.model import (
    Client,
    Direction,
    Measurement,
    Method,
    SessionStatus,
    Side,
    Timepoint,
)
from psoas_desktop.persistence.db import database_url, make_engine
from psoas_desktop.persistence.migrate import upgrade_to_head
from psoas_desktop.persistence.repository import Repository
from tests.domain.builders import measurements

T0 = datetime(2026, 5, 4, 10, tzinfo=UTC)
ROWS = ((4, 6), (3, 4), (2.5, 3.5))  # D = 2 cm: similar at SEM 1 cm, a win at SEM 0.2 cm


def _repository(path: Path) -> Repository:
    engine = make_engine(database_url(str(path)))
    upgrade_to_head(engine)
    return Repository(engine)


def _verdict_text(repo: Repository, session_id: int) -> str:
    settings = Settings().with_preferences(repo.preferences())
    session = repo.get_session(session_id)
    return analyse(session, settings.sem(session.method)).verdict.text


def test_a_stored_verdict_is_unchanged_after_the_sem_preference_changes(tmp_path: Path) -> None:
    """Finished with SEM 1 cm ('similar'); after sem_gap_cm = 0.2 a second repository still reads
    'similar' with the same numbers, while an unfinished session follows the new SEM."""
    repo = _repository(tmp_path / "psoas.db")
    client = repo.add_client(Client("Basis Kept"))
    sem_then = Settings().with_preferences(repo.preferences()).sem(Method.GAP_CM)
    started = repo.start_session(client.id, Method.GAP_CM, T0)
    measured = replace(started, first_direction=Direction.LEFT, measurements=measurements(ROWS))
    finished = repo.save_session(replace(
        measured, status=SessionStatus.COMPLETED, finished_at=T0 + timedelta(minutes=30),
        verdict_basis=verdict_basis_for(measured, sem_then),
    ))
    open_one = repo.save_session(replace(measured, id=None, started_at=T0 + timedelta(days=1)))
    before = _verdict_text(repo, finished.id)
    assert "similar" in before

    repo.save_preferences({"sem_gap_cm": "0.2"})

    later = _repository(tmp_path / "psoas.db")
    assert _verdict_text(later, finished.id) == before
    assert "had more impact" in _verdict_text(later, open_one.id)


def test_baseline_pairs_come_from_finished_sessions_only(tmp_path: Path) -> None:
    """Calibration pairs: the finished session's, not those of sessions in progress or abandoned,
    nor of another method; each pair says its method."""
    repo = _repository(tmp_path / "psoas.db")
    client = repo.add_client(Client("Calibration"))
    paired = (Measurement(Timepoint.BASELINE, Side.LEFT, (4.0, 5.0)),
              Measurement(Timepoint.BASELINE, Side.RIGHT, (3.0, 3.0)))
    kept = None
    for day, (status, method) in enumerate([
        (SessionStatus.COMPLETED, Method.GAP_CM), (SessionStatus.IN_PROGRESS, Method.GAP_CM),
        (SessionStatus.ABANDONED, Method.GAP_CM), (SessionStatus.COMPLETED, Method.FINGERS),
    ]):
        started = repo.start_session(client.id, method, T0 + timedelta(days=day))
        saved = repo.save_session(replace(started, status=status, measurements=paired))
        kept = kept or saved
    assert sorted(repo.baseline_pairs(Method.GAP_CM), key=lambda p: p.side) == [
        BaselinePair(kept.id, Side.LEFT, 4.0, 5.0, Method.GAP_CM, 0.5),
        BaselinePair(kept.id, Side.RIGHT, 3.0, 3.0, Method.GAP_CM, 0.5),
    ]

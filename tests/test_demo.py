"""The demo records: valid, varied as promised, deterministic, and kept apart from real records."""

from __future__ import annotations

import statistics
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from psoas_desktop.app import main, prepare_demo, resolve_database
from psoas_desktop.demo import DEMO_CLIENTS, demo_sessions, ensure_demo, seed_demo
from psoas_desktop.domain.analysis import therapist_sem
from psoas_desktop.domain.model import Method, Session, SessionStatus, Timepoint
from psoas_desktop.domain.protocol import Step, guard, methods_allowed, readings_allowed
from psoas_desktop.domain.validation import (
    check_client,
    check_pain,
    check_planned_reps,
    check_reading,
)
from psoas_desktop.persistence.db import database_url, make_engine
from psoas_desktop.persistence.migrate import upgrade_to_head
from psoas_desktop.persistence.repository import Repository

TODAY = date(2026, 11, 24)


def histories(today: date = TODAY) -> list[list[Session]]:
    return [demo_sessions(p, number, today) for number, p in enumerate(DEMO_CLIENTS, start=1)]


def open_repository(path: Path) -> Repository:
    engine = make_engine(database_url(str(path)))
    upgrade_to_head(engine)
    return Repository(engine)


def check_times(session: Session) -> None:
    """Reps run forward in time, block after block, within the session; events inside it."""
    moments = [session.started_at]
    for block in session.blocks:
        for rep in block.reps:
            assert rep.ended_at - rep.started_at >= timedelta(seconds=10)
            moments += [rep.started_at, rep.ended_at]
    assert session.finished_at is not None
    moments.append(session.finished_at)
    assert moments == sorted(moments) and len(set(moments)) == len(moments)
    for event in session.safety_events:
        assert session.started_at < event.occurred_at < session.finished_at


def test_every_demo_record_passes_the_domain_checks() -> None:
    """Clients, readings, pain, reps and each saved step are what the wizard itself accepts."""
    for profile, sessions in zip(DEMO_CLIENTS, histories(), strict=True):
        check_client(profile.client)
        gentle = profile.gentle
        for s in sessions:
            assert s.method in methods_allowed(s.check_in.precautions, gentle)
            assert s.check_in.neuroplastic_suspected is gentle
            for m in s.measurements:
                assert all(check_reading(s.method, r) == r for r in m.readings)
                assert len(m.readings) <= readings_allowed(gentle)
            check_pain(s.check_in.pain_before)
            check_pain(s.summary.pain_after)
            for block in s.blocks:
                check_planned_reps(block.planned_reps)
                assert len(block.reps) <= block.planned_reps
            for step in Step:
                if step <= s.completed_step:
                    assert guard(s, step).ok, (profile.client.name, s.started_at, step)
            check_times(s)
            assert s.started_at.tzinfo is UTC and s.started_at.date() < TODAY
            if s.status is SessionStatus.COMPLETED:
                assert s.completed_step == Step.SUMMARY and s.summary.home_program
            else:
                assert s.status is SessionStatus.ABANDONED and s.abandon_reason


def test_first_directions_alternate_from_visit_to_visit() -> None:
    """Each session with a first direction starts the opposite way to the one before it."""
    for sessions in histories():
        firsts = [s.first_direction for s in sessions if s.first_direction is not None]
        assert len(firsts) >= 5
        assert all(b is a.opposite for a, b in zip(firsts, firsts[1:], strict=False))


def test_visits_are_weekly_ish_over_months() -> None:
    """Visits are 5 to 14 days apart, and the main client's span covers several months."""
    for sessions in histories():
        gaps = [(b.started_at - a.started_at).days for a, b in zip(sessions, sessions[1:],
                                                                   strict=False)]
        assert all(4 <= gap <= 15 for gap in gaps), gaps
    anna = histories()[0]
    assert (anna[-1].started_at - anna[0].started_at).days > 150


def test_one_client_switches_from_gap_to_fingers_for_good() -> None:
    """Exactly one client changes method once, from gap (cm) to finger widths; the rest use gap."""
    switching = []
    for sessions in histories():
        methods = [s.method for s in sessions]
        changes = sum(a is not b for a, b in zip(methods, methods[1:], strict=False))
        if changes:
            switching.append(methods)
            assert changes == 1 and methods[0] == Method.GAP_CM and methods[-1] == Method.FINGERS
        else:
            assert set(methods) == {Method.GAP_CM}
    assert len(switching) == 1


def test_the_demo_shows_each_kind_of_record() -> None:
    """Archived client, abandoned sessions of both kinds, one safety event, double baselines,
    a gentle-mode client, and enough double baselines to offer the therapist's own SEM."""
    everything = [s for sessions in histories() for s in sessions]
    abandoned = [s for s in everything if s.status is SessionStatus.ABANDONED]
    assert [p.archived for p in DEMO_CLIENTS].count(True) == 1
    assert len(abandoned) >= 2
    assert {s.completed_step for s in abandoned} == {Step.BASELINE, Step.RETEST_FIRST}
    assert len([s for s in everything if s.safety_events]) == 1
    assert any(p.gentle for p in DEMO_CLIENTS)
    assert any(len(m.readings) == 2 for s in everything for m in s.measurements)
    assert therapist_sem(histories()[0], Method.GAP_CM) is not None
    finished = [s for s in everything if s.status is SessionStatus.COMPLETED]
    assert all(s.verdict_basis is not None for s in finished)  # judged at Finish, as the app does


def test_restriction_improves_noisily_over_the_months() -> None:
    """Each client's mean baseline over the last four visits is below that of the first four,
    yet not every visit is better than the one before it."""
    for sessions in histories():
        same_method = [s for s in sessions if s.method is sessions[-1].method]
        baselines = [
            statistics.fmean(m.value for m in s.measurements if m.timepoint == Timepoint.BASELINE)
            for s in same_method
        ]
        assert statistics.fmean(baselines[-4:]) < statistics.fmean(baselines[:4])
        assert any(b > a for a, b in zip(baselines, baselines[1:], strict=False))


def test_the_demo_is_deterministic() -> None:
    """The same day gives the same records; another day only moves them in time."""
    assert histories() == histories()
    later = histories(TODAY + timedelta(days=7))
    assert [s.measurements for h in later for s in h] == [s.measurements for h in histories()
                                                          for s in h]
    assert later[0][-1].started_at > histories()[0][-1].started_at


def test_seeding_stores_every_client_once(tmp_path: Path) -> None:
    """seed_demo stores all clients and sessions (archived one hidden); ensure_demo seeds once."""
    repo = open_repository(tmp_path / "demo.db")
    assert ensure_demo(repo, TODAY) is True
    assert ensure_demo(repo, TODAY) is False
    shown = repo.list_clients()
    everyone = repo.list_clients(include_archived=True)
    assert len(shown) == len(DEMO_CLIENTS) - 1 and len(everyone) == len(DEMO_CLIENTS)
    for profile, expected in zip(DEMO_CLIENTS, histories(), strict=True):
        (summary,) = [s for s in everyone if s.client.name == profile.client.name]
        assert summary.client.archived is profile.archived
        stored = repo.sessions_for_client(summary.client.id)
        assert [(s.started_at, s.measurements) for s in stored] == [
            (s.started_at, s.measurements) for s in expected
        ]
    addenda = {s.client.name: sum(len(x.addenda) for x in repo.sessions_for_client(s.client.id))
               for s in everyone}
    assert addenda == {p.client.name: int(p.safety_event_visit is not None) for p in DEMO_CLIENTS}
    repo.close()


def test_two_seeded_databases_are_identical(tmp_path: Path) -> None:
    """Seeding two empty databases on the same day stores exactly the same records."""
    first, second = open_repository(tmp_path / "a.db"), open_repository(tmp_path / "b.db")
    seed_demo(first, TODAY)
    seed_demo(second, TODAY)
    for a, b in zip(first.list_clients(include_archived=True),
                    second.list_clients(include_archived=True), strict=True):
        assert a == b
        assert first.sessions_for_client(a.client.id) == second.sessions_for_client(b.client.id)


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private user data folder, and no database chosen by the environment."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("PSOAS_DATABASE_URL", raising=False)
    return tmp_path / "data" / "psoas-desktop"


def test_demo_resolves_to_its_own_file_beside_the_default(
    data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--demo is demo.db in the user data folder: not the default file, not the environment's."""
    real = resolve_database(None)
    demo = resolve_database(None, demo=True)
    assert real == database_url(str(data_home / "psoas.db"))
    assert demo == database_url(str(data_home / "demo.db"))
    monkeypatch.setenv("PSOAS_DATABASE_URL", str(data_home / "chosen.db"))
    assert resolve_database(None, demo=True) == demo
    assert resolve_database("elsewhere.db", demo=True) == demo


def test_demo_and_database_options_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    """`--demo --database FILE` is a usage error (exit 2), so the two can never be confused."""
    with pytest.raises(SystemExit) as caught:
        main(["--demo", "--database", "records.db"])
    assert caught.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_prepare_demo_seeds_the_demo_file_only(data_home: Path) -> None:
    """Preparing the demo fills demo.db once and never creates or touches the real database."""
    url = resolve_database(None, demo=True)
    assert prepare_demo(url) is True
    assert prepare_demo(url) is False
    assert (data_home / "demo.db").exists()
    assert not (data_home / "psoas.db").exists()
    repo = Repository(make_engine(url))
    assert len(repo.list_clients(include_archived=True)) == len(DEMO_CLIENTS)
    assert max(s.last_visit for s in repo.list_clients()) > datetime.now(UTC) - timedelta(days=7)
    repo.close()

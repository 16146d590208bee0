"""A client's sessions are read again only when something of theirs changed (issue 13).

The repository keeps the last few clients' sessions with a fingerprint (count, sum of versions,
newest id, addenda); every change, from this repository or another one on the same file, moves it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import event

from psoas_desktop.domain.model import Addendum, Client, SessionStatus
from psoas_desktop.persistence.db import database_url, make_engine
from psoas_desktop.persistence.migrate import upgrade_to_head
from psoas_desktop.persistence.repository import Repository
from tests.persistence.test_repository import T0, full_session


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(database_url(str(tmp_path / "psoas.db")))
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


def statements_run(engine, action) -> list[str]:
    """Every SQL statement `action` sends through `engine`, in order."""
    seen: list[str] = []

    def record(*args) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_an_unchanged_history_is_not_read_again(engine) -> None:
    """Opening the same client twice: the second time only the client and the fingerprint."""
    repo = Repository(engine)
    client = repo.add_client(Client("Regular"))
    for day in range(5):
        repo.save_session(replace(full_session(client.id), started_at=T0 + timedelta(days=day)))
    first = repo.sessions_for_client(client.id)
    again: list = []
    statements = statements_run(engine, lambda: again.extend(repo.sessions_for_client(client.id)))
    assert again == first and len(statements) == 3


def test_changes_from_anywhere_are_read(engine) -> None:
    """A session saved, an addendum written or a new session started, here or through another
    repository on the same file: the next reading shows it."""
    here, there = Repository(engine), Repository(engine)
    client = here.add_client(Client("Changing"))
    finished = here.save_session(full_session(client.id))
    assert here.sessions_for_client(client.id) == [finished]

    there.add_addendum(finished.id, Addendum(T0 + timedelta(days=1), "Phoned: felt well"))
    [with_note] = here.sessions_for_client(client.id)
    assert with_note.addenda == (Addendum(T0 + timedelta(days=1), "Phoned: felt well"),)

    started = there.start_session(client.id, finished.method, T0 + timedelta(days=2))
    assert [s.id for s in here.sessions_for_client(client.id)] == [finished.id, started.id]

    changed = there.save_session(replace(started, completed_step=2))
    assert here.sessions_for_client(client.id)[-1] == changed
    assert changed.status is SessionStatus.IN_PROGRESS


def test_warm_up_prepares_every_statement_of_the_first_history_read(tmp_path) -> None:
    """After warm_up (idle time), the first reading of a client's history compiles nothing:
    every statement it runs comes from the engine's cache. warm_up itself reads no record."""
    from sqlalchemy.engine.default import CACHE_HIT

    url = database_url(str(tmp_path / "psoas.db"))
    setup = make_engine(url)
    upgrade_to_head(setup)
    writer = Repository(setup)
    client = writer.add_client(Client("Regular"))
    for day in range(3):
        writer.save_session(replace(full_session(client.id), started_at=T0 + timedelta(days=day)))
    writer.add_addendum(writer.sessions_for_client(client.id)[0].id,
                        Addendum(T0 + timedelta(days=9), "Phoned"))
    setup.dispose()

    def first_read(warm: bool) -> tuple[list, list]:
        engine = make_engine(url)  # a fresh engine: an empty statement cache, as at start
        try:
            repo = Repository(engine)
            if warm:
                assert repo.warm_up() is None
            hits: list = []
            event.listen(engine, "before_cursor_execute",
                         lambda *args: hits.append(args[4].cache_hit is CACHE_HIT))
            return hits, list(repo.sessions_for_client(client.id))
        finally:
            engine.dispose()

    cold_hits, cold = first_read(warm=False)
    warm_hits, warm = first_read(warm=True)
    assert warm == cold and len(warm) == 3 and warm[0].addenda
    assert not all(cold_hits)  # without the warm-up, the first read compiles
    assert len(warm_hits) == len(cold_hits) and all(warm_hits)


def test_warm_up_on_empty_records(engine) -> None:
    """A new, empty database: warm_up works and leaves every table empty."""
    repo = Repository(engine)
    repo.warm_up()
    assert repo.list_clients(include_archived=True) == []
    assert repo.sessions_in_progress() == []

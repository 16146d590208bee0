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


def _statements(engine, action) -> list[str]:
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
    statements = _statements(engine, lambda: again.extend(repo.sessions_for_client(client.id)))
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

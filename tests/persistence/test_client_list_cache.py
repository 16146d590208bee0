"""The client list is filtered in memory per keystroke, yet never stale (issue 13).

list_clients keeps every client from its last query and filters that list for each search; the
query runs again as soon as anything was committed, by this repository, another one on the same
engine (another pooled connection), another engine or another process.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from psoas_desktop.domain.model import Client
from psoas_desktop.persistence.db import database_url, make_engine
from psoas_desktop.persistence.migrate import upgrade_to_head
from psoas_desktop.persistence.repository import Repository
from tests.persistence.test_history_cache import statements_run
from tests.persistence.test_repository import full_session

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def url(tmp_path):
    url = database_url(str(tmp_path / "psoas.db"))
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    return url


@pytest.fixture
def engine(url):
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _names(repo: Repository, search: str = "", include_archived: bool = False) -> list[str]:
    return [s.client.name for s in repo.list_clients(search, include_archived=include_archived)]


def _queries(engine, action) -> list[str]:
    """The statements `action` runs, but the change check."""
    return [s for s in statements_run(engine, action) if "data_version" not in s]


def test_each_keystroke_filters_the_kept_list_without_a_query(engine) -> None:
    """Typing 'm', 'mu', 'mul' and 'muller' after the list was read: no query; accents and case
    are still ignored ('muller' finds Müller) and the order is the list's."""
    repo = Repository(engine)
    for name in ("Hans Müller", "Anna Berg", "Ben MULLER"):
        repo.add_client(Client(name))
    assert _names(repo) == ["Anna Berg", "Ben MULLER", "Hans Müller"]
    found: list[list[str]] = []
    queries = _queries(engine, lambda: found.extend(
        _names(repo, typed) for typed in ("m", "mu", "mul", "muller", " MÜLLER ", "zz")))
    assert queries == []
    assert found[3] == found[4] == ["Ben MULLER", "Hans Müller"]
    assert found[0] == ["Ben MULLER", "Hans Müller"]  # no m in Anna Berg
    assert found[5] == []


@pytest.mark.parametrize("where", ["same engine", "another engine"])
def test_another_window_adding_renaming_archiving_is_seen_at_once(url, engine, where) -> None:
    """Another repository (another pooled connection, or another engine as another window
    opens) adds, renames and archives clients: the very next search shows each change."""
    here = Repository(engine)
    other_engine = engine if where == "same engine" else make_engine(url)
    there = Repository(other_engine)
    try:
        anna = here.add_client(Client("Anna Berg"))
        assert _names(here, "an") == ["Anna Berg"]

        there.add_client(Client("Hanna Lind"))
        assert _names(here, "an") == ["Anna Berg", "Hanna Lind"]

        there.update_client(replace(anna, name="Annika Berg"))
        assert _names(here, "anni") == ["Annika Berg"]
        assert _names(here, "anna") == ["Hanna Lind"]

        there.set_archived(anna.id, True)
        assert _names(here, "an") == ["Hanna Lind"]
        assert _names(here, "an", include_archived=True) == ["Annika Berg", "Hanna Lind"]

        there.save_session(full_session(anna.id))  # a visit moves her first, counted
        [first, _] = here.list_clients("an", include_archived=True)
        assert first.client.name == "Annika Berg" and first.session_count == 1
    finally:
        if other_engine is not engine:
            other_engine.dispose()


def test_this_repositorys_own_changes_are_seen(engine) -> None:
    """Adds, renames, archiving, sessions and deletion through the same repository (on the
    same connection, whose data_version does not move for its own writes) show at once."""
    repo = Repository(engine)
    anna = repo.add_client(Client("Anna Berg"))
    assert _names(repo) == ["Anna Berg"]
    ben = repo.add_client(Client("Ben Holm"))
    assert _names(repo) == ["Anna Berg", "Ben Holm"]
    repo.update_client(replace(ben, name="Bengt Holm"))
    assert _names(repo, "bengt") == ["Bengt Holm"]
    repo.save_session(full_session(ben.id))
    assert [(s.client.name, s.session_count) for s in repo.list_clients()] == [
        ("Bengt Holm", 1), ("Anna Berg", 0)]
    repo.set_archived(anna.id, True)
    assert _names(repo) == ["Bengt Holm"]
    assert _names(repo, include_archived=True) == ["Bengt Holm", "Anna Berg"]
    repo.set_archived(anna.id, False)
    assert _names(repo) == ["Bengt Holm", "Anna Berg"]
    repo.delete_client(ben.id, "Asked to be forgotten")
    assert _names(repo, include_archived=True) == ["Anna Berg"]


def test_another_process_adding_a_client_is_seen(url, engine) -> None:
    """A second app process on the same file adds a client: the next search here shows it."""
    repo = Repository(engine)
    repo.add_client(Client("Anna Berg"))
    assert _names(repo, "ann") == ["Anna Berg"]
    script = (
        "import sys\n"
        "from psoas_desktop.domain.model import Client\n"
        "from psoas_desktop.persistence.db import make_engine\n"
        "from psoas_desktop.persistence.repository import Repository\n"
        "Repository(make_engine(sys.argv[1])).add_client(Client('Anneli Sand'))\n"
    )
    subprocess.run([sys.executable, "-c", script, url], check=True, cwd=ROOT, timeout=120)
    assert _names(repo, "ann") == ["Anna Berg", "Anneli Sand"]


def test_a_restored_backup_is_listed(engine, tmp_path) -> None:
    """Restoring a backup replaces the records: the list shows the restored clients."""
    from datetime import UTC, datetime

    repo = Repository(engine)
    repo.add_client(Client("Anna Berg"))
    saved = repo.backup_now(datetime(2026, 1, 1, tzinfo=UTC))
    repo.add_client(Client("Ben Holm"))
    assert _names(repo) == ["Anna Berg", "Ben Holm"]
    repo.restore_backup(str(saved.path), datetime(2026, 1, 2, tzinfo=UTC))
    assert _names(repo) == ["Anna Berg"]

"""kill -9 at seeded random points of random scripted sessions (real child processes, chained on
one database): after every kill each entry that was on screen is stored, the file passes
`PRAGMA integrity_check`, and the next start's Resume reopens on the furthest step reached with
every value; the session then goes on from there and finishes with everything kept.

The seed is printed on failure; PSOAS_KILL_SEED=N replays (or explores) another run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from psoas_desktop.domain.protocol import Step
from tests.e2e.scripted_session import facts
from tests.faults.random_session import kill_points, random_script

CHILD = Path(__file__).with_name("random_session.py")
ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("PSOAS_KILL_SEED", "20261202"))
KILLS_PER_SESSION = 7
SLOW_SESSIONS = 15  # 15 x 7 = 105 kills in `make test-slow`
# Session 0 (7 kills) runs in `make test`; sessions 1 to 15 in `make test-slow`.
SESSIONS = [pytest.param(n, marks=() if n == 0 else pytest.mark.slow)
            for n in range(SLOW_SESSIONS + 1)]


def _child(database_url: str, meta: dict, start: int, kill_after: int, delay: float) -> tuple[int, list[dict], str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, str(CHILD), database_url, json.dumps(meta), str(start), str(kill_after),
         f"{delay:.3f}"], env=env, capture_output=True, text=True, timeout=180)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.returncode, lines, result.stderr[-3000:]


def _report(lines: list[dict], key: str) -> dict:
    [found] = [line[key] for line in lines if key in line]
    return found


def _stored_facts(store, seen: dict) -> dict:
    [session] = store.sessions_in_progress()
    stored = facts(session)
    if stored["first"] is None and seen["step"] == "First direction":
        stored["first"] = seen["facts"]["first"]  # the suggestion is shown, not yet entered
    return stored


@pytest.mark.parametrize("session_number", SESSIONS)
def test_random_kills_keep_every_entry_and_resume_on_the_right_step(
        database_url, store, session_number):
    """Seven seeded SIGKILLs in one random session, each followed by a fresh start and Resume."""
    rng = random.Random(SEED * 1000 + session_number)
    script = random_script(rng)
    points = kill_points(script, rng, KILLS_PER_SESSION)
    meta = {"client": f"Kill Run {session_number:02d}", "actions": script}
    where = f"seed {SEED}, session {session_number}, kill points {points}"
    path = database_url.removeprefix("sqlite:///")
    start, expected = 0, None
    for kill_after in [*points, -1]:
        delay = rng.uniform(0.0, 0.3)
        code, lines, stderr = _child(database_url, meta, start, kill_after, delay)
        if expected is not None:  # this start resumed: the furthest step reached, every value
            resumed = _report(lines, "resumed")
            assert resumed["step"] == expected["step"], where
            assert resumed["facts"] == expected["facts"], where
        if kill_after == -1:
            assert code == 0, f"{where}\n{stderr}"
            before = _report(lines, "before_finish")
            assert _report(lines, "finished") is True, where
            [finished] = store.sessions_for_client(_client_id(store, meta["client"]))
            assert finished.is_finished and facts(finished) == before["facts"], where
            break
        assert code == -signal.SIGKILL, f"{where}\n{stderr}"
        seen = _report(lines, "killed")
        assert _stored_facts(store, seen) == seen["facts"], f"{where}: kill after {kill_after}"
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",), where
        expected = {"step": Step(seen["reached"]).title, "facts": seen["facts"]}
        # After a Back the resume is on the step reached, so the detour's Next is not replayed.
        start = kill_after + (2 if script[kill_after] == ("tap", "backButton") else 1)


def _client_id(store, name: str) -> int:
    [row] = [c for c in store.list_clients() if c.client.name == name]
    return row.client.id

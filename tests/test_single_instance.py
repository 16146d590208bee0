"""One app per database (SPEC 8.1), with real processes: a second start is refused calmly, and a
lock left by a killed app (or naming a process id since reused) does not block the next start."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from psoas_desktop.single_instance import RecordsAlreadyOpen, lock_path_for, lock_records

pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL and /proc-style pids")


def app_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "PSOAS_"))}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return env


def start_app(database: Path, home: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "psoas_desktop", "--database", str(database)],
                            env=app_env(home), cwd=home, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def wait_for_lock_by(process: subprocess.Popen[str], database: Path, timeout: float = 30) -> None:
    """Until the lock file beside `database` names `process` (the app holds the records)."""
    lock = lock_path_for(database)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the app exited early: {process.communicate()}")
        try:
            if lock.read_text().split("\n", 1)[0] == str(process.pid):
                return
        except (FileNotFoundError, ValueError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"{lock} never named process {process.pid}")


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.communicate(timeout=30)  # reaped: no zombie keeps its pid alive


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def test_a_second_start_on_the_same_records_is_refused_calmly(tmp_path, home) -> None:
    """While one app has the records open, a second exits 4 with one line saying so."""
    database = tmp_path / "records.db"
    first = start_app(database, home)
    try:
        wait_for_lock_by(first, database)
        second = subprocess.run([sys.executable, "-m", "psoas_desktop", "--database",
                                 str(database)], env=app_env(home), cwd=home, text=True,
                                capture_output=True, timeout=60)
        assert second.returncode == 4
        assert second.stdout == ""
        [line] = second.stderr.splitlines()
        assert line.startswith("psoas-desktop: These records are already open in another")
        assert f"process {first.pid}" in line and "Traceback" not in second.stderr
        assert first.poll() is None  # the first window is untouched
    finally:
        stop(first)
    assert (lock_path_for(database).stat().st_mode & 0o777) in (0o600,)


def test_a_lock_left_by_a_killed_app_does_not_block_the_next_start(tmp_path, home) -> None:
    """kill -9 leaves the lock file behind; the next start recovers it and opens the records."""
    database = tmp_path / "records.db"
    first = start_app(database, home)
    wait_for_lock_by(first, database)
    first.send_signal(signal.SIGKILL)
    stop(first)
    assert lock_path_for(database).exists()  # left behind by the killed app
    again = start_app(database, home)
    try:
        wait_for_lock_by(again, database)  # it took the lock over and is running
    finally:
        stop(again)


def test_a_lock_naming_a_reused_process_id_is_recovered(tmp_path) -> None:
    """A stale lock whose pid now belongs to a live process holding no OS lock is removed."""
    database = tmp_path / "records.db"
    lock_file = lock_path_for(database)
    lock_file.write_text(f"{os.getpid()}\n{Path(sys.executable).name}\n{socket.gethostname()}\n")
    lock = lock_records(database)
    assert lock is not None and lock.isLocked()
    assert lock_file.read_text().split("\n", 1)[0] == str(os.getpid())
    lock.unlock()


def test_the_same_process_cannot_take_the_lock_twice(tmp_path) -> None:
    """While held, another QLockFile on the same records gets RecordsAlreadyOpen."""
    database = tmp_path / "records.db"
    held = lock_records(database)
    assert held is not None
    try:
        with pytest.raises(RecordsAlreadyOpen, match="already open in another Psoas Desktop window"):
            lock_records(database)
    finally:
        held.unlock()
    assert not lock_path_for(database).exists()


def test_restore_is_refused_while_the_app_has_the_records_open(tmp_path, home) -> None:
    """`psoas-desktop restore` would swap the file under a running window: refused, unchanged;
    once the window is gone the same restore goes ahead."""
    from psoas_desktop.app import open_repository
    from psoas_desktop.domain.model import Client
    from psoas_desktop.lock_probe import held_by_running_app

    database = tmp_path / "records.db"
    repository = open_repository(f"sqlite:///{database}")
    repository.add_client(Client("Anna Berg"))
    repository.close()
    backup = tmp_path / "copy.db"
    made = subprocess.run([sys.executable, "-m", "psoas_desktop", "backup", "--database",
                           str(database), "--output", str(backup)], env=app_env(home), cwd=home,
                          text=True, capture_output=True, timeout=60)
    assert made.returncode == 0, made.stderr
    restore = [sys.executable, "-m", "psoas_desktop", "restore", "--database", str(database),
               "--input", str(backup), "--yes"]
    first = start_app(database, home)
    try:
        wait_for_lock_by(first, database)
        assert held_by_running_app(database)
        refused = subprocess.run(restore, env=app_env(home), cwd=home, text=True,
                                 capture_output=True, timeout=60)
        assert refused.returncode != 0 and refused.stdout == ""
        [line] = refused.stderr.splitlines()
        assert "is open in Psoas Desktop; close that window first" in line
    finally:
        stop(first)
    assert not held_by_running_app(database)  # killed: its OS lock went with it
    done = subprocess.run(restore, env=app_env(home), cwd=home, text=True, capture_output=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr

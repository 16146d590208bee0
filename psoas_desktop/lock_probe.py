"""Is a running app holding these records? A Qt-free look at the lock single_instance.py takes.

The command line (no Qt by contract) asks this before `restore` replaces a database: a window with
the file open would go on writing into the replaced copy. QLockFile keeps an OS lock (flock) on
`<database>.lock` while the app runs; on Windows, where there is no flock, the process id written
in the file is checked instead.
"""

from __future__ import annotations

import os
from pathlib import Path

LOCK_SUFFIX = ".lock"  # the same name single_instance.py uses


def lock_path_for(database: Path) -> Path:
    return database.with_name(database.name + LOCK_SUFFIX)


def held_by_running_app(database: Path) -> bool:
    """True while a running Psoas Desktop window has `database` open."""
    path = lock_path_for(database)
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False  # no lock file: nobody has the records open
    try:
        try:
            import fcntl
        except ImportError:  # Windows
            return _pid_alive(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def _pid_alive(path: Path) -> bool:
    try:
        pid = int(path.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0])
        os.kill(pid, 0)
    except (ValueError, OSError):
        return False
    return True

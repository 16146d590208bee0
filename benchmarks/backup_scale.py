"""How long do the start-up check, a verified backup and a restore take at ten years' size?

Seeds (or reuses, with --database-dir) the same database as history_scale.py (2,000 clients,
100,000 finished sessions with readings, rep blocks and reps), then times, over --runs:

- probe: the read-only check at every start (classification + PRAGMA quick_check);
- make_engine: everything the app does to a database before migrations;
- take_backup: one verified backup (online copy + integrity_check + fsync + rename + rotation);
- backup_if_due when nothing is due (the 30-minute timer's usual cost);
- list_backups with counts of clients and sessions;
- restore_backup of that backup (full integrity_check of the input, a backup first, replace).

Prints figures; asserts nothing about time.

    python benchmarks/backup_scale.py [--runs 5] [--database-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout
sys.path.insert(0, str(Path(__file__).resolve().parent))

from history_scale import seed  # noqa: E402

from psoas_desktop.persistence.backup import (  # noqa: E402
    backup_due,
    list_backups,
    restore_backup,
    take_backup,
)
from psoas_desktop.persistence.db import database_url, make_engine  # noqa: E402
from psoas_desktop.persistence.migrate import upgrade_to_head  # noqa: E402
from psoas_desktop.persistence.probe import probe_sqlite_file  # noqa: E402


def timed(action: Callable[[], object], runs: int) -> list[float]:
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        values.append((time.perf_counter() - start) * 1000)
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-dir")
    args = parser.parse_args()
    folder = Path(args.database_dir or tempfile.mkdtemp(prefix="psoas-backup-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "history.db"
    if not database.exists():
        start = time.perf_counter()
        engine = make_engine(database_url(str(database)))
        upgrade_to_head(engine)
        seed(engine, 2000, 100_000, 1000)
        engine.dispose()
        print(f"seeded in {time.perf_counter() - start:.1f} s")
    shutil.rmtree(folder / "backups", ignore_errors=True)
    size = database.stat().st_size / 1e6
    print(f"database: {size:.1f} MB, 2,000 clients, 100,000 sessions")
    now = datetime.now(UTC)
    steps = iter(range(1, 10_000))

    def backup() -> object:
        return take_backup(database, now + timedelta(seconds=next(steps)))

    rows = [
        ("probe (read-only check + quick_check)", timed(lambda: probe_sqlite_file(database),
                                                         args.runs)),
        ("make_engine (probe, WAL, chmod)", timed(lambda: make_engine(
            database_url(str(database))).dispose(), args.runs)),
        ("take_backup (verified copy, rotation)", timed(backup, args.runs)),
        ("backup_due when nothing is due", timed(lambda: backup_due(database, now), args.runs)),
        ("list_backups (counts per backup)", timed(lambda: list_backups(database), args.runs)),
    ]
    newest = Path(list_backups(database)[0].path)
    restored = folder / "restore-target.db"
    shutil.copy(database, restored)
    rows.append(("restore_backup (check, backup first, replace)",
                 timed(lambda: restore_backup(restored, newest, now + timedelta(days=1)), 1)))
    for name, values in rows:
        print(f"{name:48s} median {statistics.median(values):8.0f} ms   max {max(values):8.0f} ms")
    for leftover in folder.glob("restore-target*"):
        os.unlink(leftover)


if __name__ == "__main__":
    main()

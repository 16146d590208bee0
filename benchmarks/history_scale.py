"""How fast is the history at ten years' size? (issue 4: client page < 150 ms, search < 50 ms)

Seeds an SQLite file in a temporary folder (or --database-dir) through the app's own engine and
migrations, with --clients clients and --sessions finished sessions, one of which ("Anna Berg")
has --big sessions; every session has its readings, two rep blocks and their reps, inserted in bulk
with SQLAlchemy Core executemany. Then, on the real Repository, it times, over --runs repetitions:

- a bare `SELECT 1` round trip through the same engine (the baseline for the ratios);
- list_clients("") and list_clients for each keystroke of "anna" (search as you type);
- sessions_for_client of the --big-session client (the client page's data load);
- domain.analysis.trend() over those sessions (the chart series);
- if PySide6 and the charts import, a TrendChart built offscreen and drawn with those points;
- and in the whole app (offscreen, 1280x800): each keystroke typed into the home search, and
  MainWindow.open_client of the busy client until its page and charts are drawn.

Ratios are against the SELECT 1 median. The machine's other load moves every figure: compare
figures from one run, and run twice when in doubt.

    python benchmarks/history_scale.py [--runs 30] [--clients 2000] [--sessions 100000] [--big 1000]
                                       [--database-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import Engine, insert, text  # noqa: E402

from psoas_desktop.domain.analysis import trend  # noqa: E402
from psoas_desktop.domain.model import Method  # noqa: E402
from psoas_desktop.persistence.db import database_url, make_engine  # noqa: E402
from psoas_desktop.persistence.migrate import upgrade_to_head  # noqa: E402
from psoas_desktop.persistence.orm import (  # noqa: E402
    ClientRow,
    MeasurementRow,
    RepBlockRow,
    RepRow,
    SessionRow,
)
from psoas_desktop.persistence.repository import Repository  # noqa: E402

FIRST_NAMES = (
    "Anna", "Johanna", "Hannah", "Joanna", "Marianne", "Dana", "Ana", "Bea", "Carl", "Dan", "Eva",
    "Fatima", "Gustav", "Hugo", "Ida", "Jonas", "Karin", "Lars", "Maria", "Nils", "Olga", "Per",
    "Rosa", "Sam", "Tove", "Ulla", "Viktor", "Wei", "Yusuf", "Zoe", "Liam", "Noah", "Ella", "Maja",
    "Leo", "Alma", "Elias", "Selma", "Omar", "Ines",
)
SURNAMES = (
    "Berg", "Lind", "Holm", "Nilsson", "Okafor", "Novak", "Svensson", "Karlsson", "Andersson",
    "Whitfield", "Garcia", "Kowalski", "Nguyen", "Haddad", "Larsen", "Moreau", "Rossi", "Silva",
    "Tanaka", "Yilmaz", "Dahl", "Ek", "Fors", "Gran", "Hed", "Juhl", "Krantz", "Lund", "Mattsson",
    "Nord", "Ohlsson", "Palm", "Qvist", "Rask", "Sand", "Tell", "Udd", "Vik", "Wall", "Zorn",
)
BIG_CLIENT = "Anna Berg"
KEYSTROKES = ("a", "an", "ann", "anna")
START = datetime(2016, 1, 4, 9, 0, tzinfo=UTC)
YEARS = 10  # the seeded sessions span this many years, evenly
CHUNK = 5000  # sessions per executemany batch
EMPTY_TEXT = dict.fromkeys(
    ("pain_locations", "changes_since_last", "red_flags", "override_reason", "precautions",
     "surgery_clearance", "notes", "home_program", "abandon_reason"), "")


def client_names(count: int, rng: random.Random) -> list[str]:
    """`count` names, the first being BIG_CLIENT; repeats get a middle initial to stay distinct."""
    names, seen = [BIG_CLIENT], {BIG_CLIENT}
    while len(names) < count:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        if name in seen:
            name = f"{name.split()[0]} {chr(65 + len(names) % 26)}. {name.split()[1]}"
        seen.add(name)
        names.append(name)
    return names


def session_owners(clients: int, sessions: int, big: int, rng: random.Random) -> list[int]:
    """Client id (1-based) of each session in the order they happened: `big` for client 1, the
    rest spread over the others, all interleaved, so a client's rows lie scattered in the file."""
    owners = [1] * big + [2 + i % (clients - 1) for i in range(sessions - big)]
    rng.shuffle(owners)
    return owners


def _gap(rng: random.Random, mean: float) -> float:
    return min(15.0, max(0.0, round(rng.gauss(mean, 1.0) * 2) / 2))


def session_rows(
    first_id: int, owners: list[int], rng: random.Random, visit_number: dict[int, int], gap: float
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows for sessions first_id.. (one per owner), their readings, rep blocks and reps."""
    sessions, readings, blocks, reps = [], [], [], []
    for offset, client_id in enumerate(owners):
        session_id = first_id + offset
        visit = visit_number.get(client_id, 0)
        visit_number[client_id] = visit + 1
        started = START + timedelta(days=gap * (session_id + rng.random()))
        first = "left" if (visit + client_id) % 2 else "right"
        second = "right" if first == "left" else "left"
        sessions.append({
            "id": session_id, "client_id": client_id, "started_at": started,
            "finished_at": started + timedelta(minutes=22), "status": "completed",
            "method": "gap_cm", "protocol_key": "psoas-open-book", "protocol_version": 1,
            "progress_step": "summary", "first_direction": first,
            "pain_before": rng.randint(0, 6), "pain_after": rng.randint(0, 4),
            "red_flags_answered": True, "neuroplastic_suspected": False, "felt_better": "first",
            **EMPTY_TEXT,
        })
        level = max(0.5, 6.0 - visit * 0.01)
        position = 0
        for timepoint, drop in (("baseline", 0.0), ("after_first", 1.0), ("after_second", 1.5)):
            for side, extra in (("left", 0.0), ("right", 1.5)):
                count = 2 if timepoint == "baseline" and visit % 3 == 0 else 1
                for index in range(count):
                    readings.append({
                        "session_id": session_id, "position": position, "timepoint": timepoint,
                        "side": side, "reading_index": index,
                        "value": _gap(rng, level + extra - drop),
                        "lower_back_arches": False, "knee_cannot_straighten": False,
                    })
                position += 1
        for number, direction in enumerate((first, second)):
            block_id = 2 * session_id - 1 + number
            blocks.append({"id": block_id, "session_id": session_id, "position": number,
                           "direction": direction, "planned_reps": 3})
            begin = started + timedelta(minutes=4 + 6 * number)
            for rep in range(3):
                rep_start = begin + timedelta(seconds=15 * rep + rng.random())
                reps.append({"block_id": block_id, "rep_number": rep + 1, "started_at": rep_start,
                             "ended_at": rep_start + timedelta(seconds=14)})
    return sessions, readings, blocks, reps


def seed(engine: Engine, clients: int, sessions: int, big: int, seed_value: int = 7) -> None:
    """Fill a freshly migrated database in bulk, printing a progress line as it goes."""
    rng = random.Random(seed_value)
    created = datetime(2015, 12, 1, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(insert(ClientRow), [
            {"id": i + 1, "name": name, "name_folded": name.casefold(), "notes": "",
             "archived": False, "created_at": created}
            for i, name in enumerate(client_names(clients, rng))
        ])
    owners = session_owners(clients, sessions, big, rng)
    visit_number: dict[int, int] = {}
    gap = YEARS * 365.25 / sessions  # days between two sessions of the practice
    began = time.perf_counter()
    for start in range(0, sessions, CHUNK):
        rows = session_rows(start + 1, owners[start:start + CHUNK], rng, visit_number, gap)
        with engine.begin() as connection:
            for table, batch in zip((SessionRow, MeasurementRow, RepBlockRow, RepRow), rows,
                                    strict=True):
                connection.execute(insert(table), batch)
        done = min(start + CHUNK, sessions)
        print(f"\rseeding: {done:,} of {sessions:,} sessions "
              f"({time.perf_counter() - began:.1f} s)", end="", flush=True)
    print()


def timings(action: Callable[[], object], runs: int) -> list[float]:
    """Wall-clock seconds of `runs` calls, after one warm-up call."""
    action()
    result = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        result.append(time.perf_counter() - began)
    return result


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) >= 2 else values[0]


def chart_actions(points: list[Any], unit: str) -> dict[str, Callable[[], object]]:
    """Timed chart work, offscreen: a new TrendChart built and drawn (as when the client page
    opens), and show_trend again on a chart already shown. Empty without Qt or the charts."""
    try:
        from PySide6.QtWidgets import QApplication

        from psoas_desktop.charts.trend_chart import TrendChart
    except ImportError as error:
        print(f"(no chart timing: {error})")
        return {}
    app = QApplication.instance() or QApplication([])
    shown = TrendChart()
    shown.resize(1280, 500)
    shown.show()

    def build_and_draw() -> object:
        chart = TrendChart()
        chart.resize(1280, 500)
        chart.show()
        chart.show_trend(points, unit)
        app.processEvents()
        chart.close()
        chart.deleteLater()
        return chart

    def redraw() -> object:
        shown.show_trend(points, unit)
        app.processEvents()
        return shown

    return {
        f"TrendChart built + drawn ({len(points)} points)": build_and_draw,
        f"TrendChart.show_trend again ({len(points)} points)": redraw,
    }


def app_rows(url: str, client_id: int, runs: int) -> list[tuple[str, list[float]]]:
    """The same work as the therapist meets it, in the whole app (offscreen, 1280x800): typing
    each prefix into the home search, and opening the busy client's page with its charts."""
    try:
        from PySide6.QtWidgets import QApplication, QLineEdit

        from psoas_desktop.app import create_main_window
    except ImportError as error:
        print(f"(no app timing: {error})")
        return []
    app = QApplication.instance() or QApplication([])
    window = create_main_window(url)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    search = window.findChild(QLineEdit, "clientSearch")
    typing: dict[str, list[float]] = {prefix: [] for prefix in KEYSTROKES}
    opening: list[float] = []
    for _ in range(runs + 1):  # the first round warms up and is not counted
        window.show_home()
        search.clear()
        app.processEvents()
        for prefix in KEYSTROKES:
            began = time.perf_counter()
            search.setText(prefix)  # the home page searches on every change of the text
            app.processEvents()
            typing[prefix].append(time.perf_counter() - began)
        began = time.perf_counter()
        window.open_client(client_id)
        app.processEvents()
        opening.append(time.perf_counter() - began)
    window.close()
    rows = [(f'app: type "{prefix}" in clientSearch', values[1:])
            for prefix, values in typing.items()]
    return rows + [(f"app: open_client ({BIG_CLIENT}), drawn", opening[1:])]


def report(rows: list[tuple[str, list[float]]], baseline: float) -> None:
    print(f"\n{'what':<48} {'median ms':>10} {'p90 ms':>8} {'x SELECT 1':>11}")
    for name, values in rows:
        median = statistics.median(values)
        print(f"{name:<48} {median * 1e3:>10.2f} {p90(values) * 1e3:>8.2f} "
              f"{median / baseline:>11.0f}")


def measure(engine: Engine, runs: int, url: str) -> None:
    repo = Repository(engine)

    def select_one() -> object:
        with engine.connect() as connection:
            return connection.execute(text("SELECT 1")).scalar()

    rows = [("SELECT 1 round trip (baseline)", timings(select_one, runs))]
    rows.append(('list_clients("")', timings(lambda: repo.list_clients(""), runs)))
    for prefix in KEYSTROKES:
        search = timings(lambda p=prefix: repo.list_clients(p), runs)
        rows.append((f'list_clients("{prefix}")', search))
    big = repo.list_clients(BIG_CLIENT)[0].client
    assert big.id is not None
    big_name = f"sessions_for_client ({BIG_CLIENT})"
    rows.append((big_name, timings(lambda: repo.sessions_for_client(big.id or 0), runs)))
    sessions = repo.sessions_for_client(big.id)
    sems = {m: m.spec.default_sem for m in Method}
    trend_name = f"analysis.trend() over {len(sessions)} sessions"
    rows.append((trend_name, timings(lambda: trend(sessions, sems), runs)))
    points = trend(sessions, sems)
    charts = chart_actions(points, "cm")
    for name, action in charts.items():
        rows.append((name, timings(action, runs)))
    in_app = app_rows(url, big.id, runs)
    rows += in_app
    baseline = statistics.median(rows[0][1])
    report(rows, baseline)
    load, series = dict(rows)[big_name], dict(rows)[trend_name]
    chart = [dict(rows)[name] for name in charts][:1]
    page = [sum(values) for values in zip(load, series, *chart, strict=True)]
    what = "load + trend + new chart" if charts else "load + trend, no chart"
    print(f"\nclient page parts ({what}), per run: median "
          f"{statistics.median(page) * 1e3:.1f} ms, p90 {p90(page) * 1e3:.1f} ms (target < 150)")
    if in_app:
        print(f"client page in the app: median {statistics.median(in_app[-1][1]) * 1e3:.1f} ms, "
              f"p90 {p90(in_app[-1][1]) * 1e3:.1f} ms (target < 150)")
    for prefix in ("list_clients", "app: type"):
        worst = max((statistics.median(v) for n, v in rows if n.startswith(prefix)), default=0)
        print(f"slowest keystroke ({prefix}): median {worst * 1e3:.1f} ms (target < 50)")


def _folder(chosen: str | None) -> Iterator[Path]:
    if chosen:
        yield Path(chosen)
        return
    with tempfile.TemporaryDirectory(prefix="psoas-bench-") as folder:
        yield Path(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed repetitions (default 30)")
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=1000, help="sessions of the busiest client")
    parser.add_argument("--database-dir", help="keep the database here (reused if seeded)")
    args = parser.parse_args()
    for folder in _folder(args.database_dir):
        path = folder / "history.db"
        fresh = not path.exists()
        engine = make_engine(database_url(str(path)))
        upgrade_to_head(engine)
        if fresh:
            seed(engine, args.clients, args.sessions, args.big)
        print(f"database: {path} ({path.stat().st_size / 1e6:.0f} MB), "
              f"{args.clients:,} clients, {args.sessions:,} sessions")
        measure(engine, args.runs, database_url(str(path)))
        engine.dispose()


if __name__ == "__main__":
    main()

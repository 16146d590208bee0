"""Performance at the frame (issue 13): every figure beside a floor measured in the same run.

One table. Each figure is printed with its floor (the bare stack, measured seconds earlier on the
same machine under the same load), the ratio figure/floor and the budget:

- floors: a bare PySide6 window painted (fresh process); the same window plus an SQLAlchemy ORM
  engine with a few tables and one query (fresh process); a page switch in a QStackedWidget plus
  one ORM insert committed with WAL and synchronous=FULL, painted (in process);
- start: `psoas-desktop --database FILE` (app.main, the real start path) in a fresh process, from
  process start to the first paint of home, and its peak RSS then; several runs, median;
- taps: whole sessions tapped through real widgets offscreen at 1280x800 (the clock the wizard
  reads steps one second per reading, so no tap is a bounce), TAP_GAP_S apart with the event
  loop running between them: Next to the next step painted (including its commit), Rep done,
  Finish to the client page painted, Start session to the check-in painted;
- history: in a fresh process per run, on a database of --clients clients and --sessions sessions
  (one client with --big of them, seeded once by history_scale.seed and kept in --cache-dir): the
  first client page with its first chart (after IDLE_S seconds on home, as a person would take,
  and once with none), later client pages, and each keystroke of the home search.

Benchmarks print; nothing here asserts a wall-clock limit. The machine's other load moves every
figure, which is why the ratio to a floor of the same run is the figure to compare.

    python benchmarks/frame.py [--runs 5] [--sessions-tapped 12] [--save-baseline] [--compare]

--save-baseline writes benchmarks/baseline.json; --compare flags every figure more than 10 % worse
than in the baseline both in its ratio to its floor and in itself (both changes are shown).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASELINE = HERE / "baseline.json"
TOLERANCE = 1.10  # --compare flags a ratio more than 10 % worse than the baseline's
WINDOW_SIZE = (1280, 800)
T0_ENV = "PSOAS_BENCH_T0"
TAP_GAP_S = 0.1  # between two taps: quicker than a finger moves from one button to the next
IDLE_S = 3.0  # seconds on home before the first client page: the app's idle warm-up runs then


# --- child processes ---------------------------------------------------------------------------
def _child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"))
    env.pop("PSOAS_DATABASE_URL", None)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def run_child(kind: str, *args: str, home: Path) -> dict:
    """Start this file as a fresh interpreter doing `kind`; its last stdout line is JSON."""
    env = _child_env(home)
    env[T0_ENV] = repr(time.time())  # the child measures from here: interpreter start included
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", kind, *args],
                          env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"child {kind} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _paint_watch(app, is_target, extra=None):
    """An application event filter: at the first Paint of a widget `is_target` accepts, print
    the seconds since T0 (process start, near enough) and the peak RSS, then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watch(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.done = False

        def eventFilter(self, watched, event):  # noqa: N802 (Qt override)
            if not self.done and event.type() == QEvent.Type.Paint and is_target(watched):
                self.done = True
                result = {"start_s": time.time() - float(os.environ[T0_ENV]),
                          "rss_mb": _peak_rss_mb(),
                          "modules": sorted(m for m in ("pyqtgraph", "alembic", "numpy")
                                            if m in sys.modules)}
                if extra is not None:
                    result.update(extra())
                print(json.dumps(result), flush=True)
                QTimer.singleShot(0, app.quit)
            return False

    watch = Watch()
    app.installEventFilter(watch)
    return watch


def child_bare() -> None:
    """Floor: a bare PySide6 window, painted."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    home = QLabel("Psoas Desktop")
    window.setCentralWidget(home)
    window.resize(*WINDOW_SIZE)
    _watch = _paint_watch(app, lambda w: w is home)
    window.show()
    app.exec()


def child_orm(url: str) -> None:
    """Floor: the bare window plus an SQLAlchemy ORM engine (WAL, synchronous=FULL) with a few
    tables, created if missing, and one query before the window shows. SQLAlchemy is imported
    before PySide6, the quicker order (PySide6's import hook reads the source of every module
    imported after it), as the app does."""
    from sqlalchemy import Float, ForeignKey, Integer, String, create_engine, event, func, select
    from sqlalchemy.orm import DeclarativeBase, Session, mapped_column

    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow  # isort: skip (see above)

    class Base(DeclarativeBase):
        pass

    class Client(Base):  # annotations would need module-level names (this file imports late)
        __tablename__ = "client"
        id = mapped_column(Integer, primary_key=True)
        name = mapped_column(String, nullable=False)

    class Visit(Base):
        __tablename__ = "visit"
        id = mapped_column(Integer, primary_key=True)
        client_id = mapped_column(ForeignKey("client.id"), nullable=False)
        note = mapped_column(String, nullable=False)

    class Reading(Base):
        __tablename__ = "reading"
        id = mapped_column(Integer, primary_key=True)
        visit_id = mapped_column(ForeignKey("visit.id"), nullable=False)
        value = mapped_column(Float, nullable=False)

    app = QApplication([sys.argv[0]])
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def pragmas(connection, _record) -> None:
        for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=FULL"):
            connection.execute(f"PRAGMA {pragma}")

    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.execute(select(func.count()).select_from(Client)).scalar()
    window = QMainWindow()
    home = QLabel("Psoas Desktop")
    window.setCentralWidget(home)
    window.resize(*WINDOW_SIZE)
    _watch = _paint_watch(app, lambda w: w is home)
    window.show()
    app.exec()


def child_app(url: str) -> None:
    """The app's own start (app.main with --database), until home is painted: its module first,
    as the `psoas-desktop` script imports it, then the QApplication the watch needs (app.main
    uses the running one)."""
    from psoas_desktop.app import main

    from PySide6.QtWidgets import QApplication  # isort: skip (after the app's module)

    app = QApplication([sys.argv[0]])
    _watch = _paint_watch(app, lambda w: type(w).__name__ == "HomePage")
    main(["--database", url])


def child_history(url: str, client_id: str, repeats: str, idle_s: str) -> None:
    """The first client page (with its first chart) in a fresh app, `idle_s` seconds after home
    was shown (the app's idle warm-up runs then), later ones, and each keystroke of the home
    search; prints seconds, and the peak RSS just before the first client page."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QLineEdit

    from psoas_desktop.app import collect_when_warm, create_main_window

    app = QApplication([sys.argv[0]])
    window = create_main_window(url)
    collect_when_warm(window)  # as app.main does
    window.resize(*WINDOW_SIZE)
    window.show()
    app.processEvents()
    idle_until = time.perf_counter() + float(idle_s)
    while time.perf_counter() < idle_until:  # a person reading the home screen
        app.processEvents()
        time.sleep(0.005)
    rss_before_page = _peak_rss_mb()
    search = window.findChild(QLineEdit, "clientSearch")
    pages, keys = [], []
    for _ in range(int(repeats) + 1):
        began = time.perf_counter()
        window.open_client(int(client_id))
        app.processEvents()
        pages.append(time.perf_counter() - began)
        window.show_home(clear_search=True)
        app.processEvents()
        for prefix in ("a", "an", "ann", "anna"):
            began = time.perf_counter()
            search.setText(prefix)  # home searches on every change of the text
            app.processEvents()
            keys.append(time.perf_counter() - began)
    print(json.dumps({"first": pages[0], "later": pages[1:], "keys": keys[4:],
                      "rss_mb": rss_before_page}), flush=True)


# --- in-process figures ------------------------------------------------------------------------
class SteppingClock:
    """The wizard's clock for the benchmark: one second per reading, so taps are never bounces."""

    def __init__(self) -> None:
        self._now = 1000.0

    def now(self) -> float:
        self._now += 1.0
        return self._now


def floor_switch_commit(folder: Path, runs: int) -> list[float]:
    """A page switch in a QStackedWidget plus one ORM insert committed (WAL, FULL), painted;
    TAP_GAP_S apart, as the taps are."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget
    from sqlalchemy import Float, Integer, String, create_engine, event
    from sqlalchemy.orm import DeclarativeBase, Session, mapped_column

    class Base(DeclarativeBase):
        pass

    class Entry(Base):
        __tablename__ = "entry"
        id = mapped_column(Integer, primary_key=True)
        value = mapped_column(Float, nullable=False)
        note = mapped_column(String, nullable=False)

    engine = create_engine(f"sqlite:///{folder / 'floor.db'}")

    @event.listens_for(engine, "connect")
    def pragmas(connection, _record) -> None:
        for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=FULL"):
            connection.execute(f"PRAGMA {pragma}")

    Base.metadata.create_all(engine)
    app = QApplication.instance() or QApplication([])
    window = QMainWindow()
    stack = QStackedWidget()
    for text in ("Step one", "Step two"):
        stack.addWidget(QLabel(text))
    window.setCentralWidget(stack)
    window.resize(*WINDOW_SIZE)
    window.show()
    app.processEvents()
    result = []
    for index in range(runs + 3):
        until = time.perf_counter() + TAP_GAP_S  # spaced as the taps are
        while time.perf_counter() < until:
            app.processEvents()
            time.sleep(0.002)
        began = time.perf_counter()
        with Session(engine) as session, session.begin():
            session.add(Entry(value=float(index), note="tap"))
        stack.setCurrentIndex(index % 2)
        app.processEvents()
        result.append(time.perf_counter() - began)
    window.close()
    engine.dispose()
    return result[3:]


# One session, tapped: (kind, name). "next" and "rep" and "finish" are timed taps.
SESSION = [
    ("tap", "painBefore4"), ("tap", "pain_low_back"), ("tap", "screenAllClearButton"),
    ("next", "nextButton"),
    ("tap", "leftPlus"), ("tap", "leftPlus"), ("tap", "rightTouches"), ("next", "nextButton"),
    ("tap", "directionRightButton"), ("next", "nextButton"),
    ("rep", "repDoneButton"), ("rep", "repDoneButton"), ("rep", "repDoneButton"),
    ("next", "nextButton"),
    ("tap", "leftMinus"), ("tap", "rightUnchanged"), ("next", "nextButton"),
    ("rep", "repDoneButton"), ("rep", "repDoneButton"), ("rep", "repDoneButton"),
    ("next", "nextButton"),
    ("tap", "leftTouches"), ("tap", "rightUnchanged"), ("next", "nextButton"),
    ("tap", "felt_first"), ("tap", "painAfter2"), ("finish", "finishButton"),
]


def taps(folder: Path, sessions: int) -> dict[str, list[float]]:
    """Whole sessions through real widgets; seconds from each timed tap to its screen painted."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

    from psoas_desktop.app import collect_when_warm, open_repository
    from psoas_desktop.config import Settings
    from psoas_desktop.ui.main_window import MainWindow
    from psoas_desktop.ui.style import apply_style

    app = QApplication.instance() or QApplication([])
    apply_style(app)
    url = f"sqlite:///{folder / 'taps.db'}"
    store = open_repository(url)
    window = MainWindow(store, Settings(), SteppingClock)
    collect_when_warm(window)  # as app.main does
    warm: list[bool] = []
    window.warmed_up.connect(lambda: warm.append(True))
    window.resize(*WINDOW_SIZE)
    window.show()
    app.processEvents()

    def button(name: str) -> QPushButton:
        found = [b for b in window.findChildren(QPushButton, name) if b.isVisible()]
        if len(found) != 1:
            raise RuntimeError(f"{len(found)} visible buttons named {name}")
        return found[0]

    def tap(name: str) -> None:
        QTest.mouseClick(button(name), Qt.MouseButton.LeftButton)

    idle_until = time.perf_counter() + IDLE_S  # a person reading home: the idle warm-up runs
    while time.perf_counter() < idle_until or not warm:
        app.processEvents()
        time.sleep(0.005)
    tap("newClientButton")
    app.processEvents()
    QTest.keyClicks(window.findChild(QLineEdit, "clientNameEdit"), "Tap Timing")
    tap("saveClientButton")
    app.processEvents()
    def between_taps() -> None:
        """The app runs on while the person's finger moves to the next button: what it does
        after a screen is painted (a chart's deferred repaint) is not in the next tap."""
        until = time.perf_counter() + TAP_GAP_S
        while time.perf_counter() < until:
            app.processEvents()
            time.sleep(0.002)

    timed: dict[str, list[float]] = {"next": [], "rep": [], "finish": [], "start": []}
    for _ in range(sessions):
        between_taps()
        target = button("startSessionButton")  # found before the clock starts: not the app's
        began = time.perf_counter()
        QTest.mouseClick(target, Qt.MouseButton.LeftButton)
        app.processEvents()
        timed["start"].append(time.perf_counter() - began)
        for kind, name in SESSION:
            between_taps()
            target = button(name)
            began = time.perf_counter()
            QTest.mouseClick(target, Qt.MouseButton.LeftButton)
            app.processEvents()
            if kind != "tap":
                timed[kind].append(time.perf_counter() - began)
        if type(window.stack.currentWidget()).__name__ != "ClientPage":
            raise RuntimeError("a tapped session did not end on the client page")
    window.close()
    store.close()
    return timed


# --- the table ---------------------------------------------------------------------------------
def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def seed_history(cache: Path, clients: int, sessions: int, big: int) -> tuple[str, int]:
    """The history database (seeded once, kept in `cache`) and the busy client's id."""
    sys.path.insert(0, str(HERE))
    from history_scale import BIG_CLIENT, seed

    from psoas_desktop.persistence.db import database_url, make_engine
    from psoas_desktop.persistence.migrate import upgrade_to_head
    from psoas_desktop.persistence.repository import Repository

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"history-{clients}-{sessions}-{big}.db"
    url = database_url(str(path))
    fresh = not path.exists()
    engine = make_engine(url)
    upgrade_to_head(engine)
    if fresh:
        seed(engine, clients, sessions, big)
    [busy] = [c for c in Repository(engine).list_clients(BIG_CLIENT) if c.client.name == BIG_CLIENT]
    engine.dispose()
    assert busy.client.id is not None
    return url, busy.client.id


def compile_app() -> None:
    """The app's bytecode, as an installed app has it: pip compiles a wheel's modules on install
    and PyInstaller bundles only bytecode, while the libraries in the venv were compiled when pip
    installed them. Without this a checkout run with PYTHONDONTWRITEBYTECODE=1 (this machine)
    would compile the app's sources at every start and compare that with floors that do not."""
    import compileall

    compileall.compile_dir(str(ROOT / "psoas_desktop"), quiet=1)


def measure(args: argparse.Namespace) -> list[dict]:
    rows: list[dict] = []

    def row(key: str, what: str, value: float, unit: str, floor_key: str | None,
            budget: float | None, budget_kind: str) -> None:
        floor = next((r["value"] for r in rows if r["key"] == floor_key), None)
        rows.append({"key": key, "what": what, "value": value, "unit": unit, "floor": floor_key,
                     "floor_value": floor, "ratio": value / floor if floor else None,
                     "budget": budget, "budget_kind": budget_kind})

    compile_app()
    with tempfile.TemporaryDirectory(prefix="psoas-frame-") as name:
        folder = Path(name)
        home = folder / "home"
        for sub in ("data", "config", "state", "cache"):
            (home / sub).mkdir(parents=True)
        app_url = f"sqlite:///{folder / 'start.db'}"
        floor_url = f"sqlite:///{folder / 'floor-start.db'}"
        run_child("app", app_url, home=home)  # creates and migrates the records: a usual start
        run_child("orm", floor_url, home=home)
        starts: dict[str, list[dict]] = {"bare": [], "orm": [], "app": []}
        for _ in range(args.runs):  # interleaved, so a burst of load hits all three alike
            starts["bare"].append(run_child("bare", home=home))
            starts["orm"].append(run_child("orm", floor_url, home=home))
            starts["app"].append(run_child("app", app_url, home=home))
            print(".", end="", flush=True, file=sys.stderr)
        print(file=sys.stderr)

        def start_median(kind: str, field: str) -> float:
            return median([r[field] for r in starts[kind]])

        row("floor.bare", "FLOOR bare PySide6 window painted", start_median("bare", "start_s"),
            "s", None, None, "")
        row("floor.orm", "FLOOR window + SQLAlchemy ORM engine", start_median("orm", "start_s"),
            "s", None, None, "")
        row("floor.orm_rss", "FLOOR window + ORM engine, peak RSS", start_median("orm", "rss_mb"),
            "MB", None, None, "")
        switch = floor_switch_commit(folder, args.switches)
        row("floor.switch", "FLOOR page switch + WAL FULL commit p95", p95(switch), "ms", None,
            None, "")
        row("floor.switch_p50", "FLOOR page switch + WAL FULL commit p50", median(switch), "ms",
            None, None, "")

        row("start.home", "start to home painted (median)", start_median("app", "start_s"), "s",
            "floor.orm", 1.15, "x floor")
        row("start.rss", "start: peak RSS at home painted", start_median("app", "rss_mb"), "MB",
            "floor.orm_rss", 1.20, "x floor")
        imported = sorted({m for r in starts["app"] for m in r["modules"]})

        timed = taps(folder, args.sessions_tapped)
        row("tap.next_p50", "tap Next -> next step painted p50", median(timed["next"]), "ms",
            "floor.switch_p50", None, "")
        row("tap.next_p95", "tap Next -> next step painted p95", p95(timed["next"]), "ms",
            "floor.switch", 16, "ms")
        row("tap.rep_p95", "tap Rep done (one rep saved) p95", p95(timed["rep"]), "ms",
            "floor.switch", 8, "ms")
        row("tap.finish", "tap Finish -> client page painted median", median(timed["finish"]),
            "ms", "floor.switch", 33, "ms")
        row("tap.finish_first", "tap Finish -> client page, first time", timed["finish"][0],
            "ms", "floor.switch", None, "")
        row("tap.start_session", "tap Start session -> check-in painted median",
            median(timed["start"]), "ms", "floor.switch", 16, "ms")

        if args.sessions:
            url, client_id = seed_history(Path(args.cache_dir), args.clients, args.sessions,
                                          args.big)
            history = [run_child("history", url, str(client_id), str(args.page_repeats),
                                 str(IDLE_S), home=home) for _ in range(args.history_runs)]
            cold = run_child("history", url, str(client_id), "1", "0", home=home)
            n = f"{args.big:,}"
            row("page.first", f"first client page, {n} sessions + chart",
                median([h["first"] for h in history]), "ms", "floor.switch", 150, "ms")
            row("page.first_cold", "  the same with no idle time before it (1 run)",
                cold["first"], "ms", "floor.switch", None, "")
            later = [v for h in history for v in h["later"]]
            row("page.later", f"later client page, {n} sessions, median", median(later), "ms",
                "floor.switch", 50, "ms")
            keys = [v for h in history for v in h["keys"]]
            row("search.key_p95", f"search keystroke, {args.sessions:,} sessions p95", p95(keys),
                "ms", "floor.switch", 16, "ms")
            row("idle.rss", f"peak RSS after {IDLE_S:g} s idle on home (warmed)",
                median([h["rss_mb"] for h in history]), "MB", "floor.orm_rss", None, "")
    for r in rows:  # seconds measured, milliseconds shown
        if r["unit"] == "ms":
            r["value"] *= 1000
            if r["floor_value"] is not None and r["floor"] is not None:
                r["floor_value"] *= 1000
    print(f"app start imported: {', '.join(imported) or 'none of pyqtgraph, alembic, numpy'}")
    return rows


def within(r: dict) -> str:
    if r["budget"] is None:
        return ""
    if r["budget_kind"] == "x floor":
        ok = r["ratio"] is not None and r["ratio"] <= r["budget"]
    else:
        ok = r["value"] <= r["budget"]
    return "ok" if ok else "OVER"


def show(rows: list[dict], baseline: dict | None) -> int:
    flagged = 0
    head = f"{'figure':<46} {'value':>10} {'floor':>10} {'ratio':>7} {'budget':>10} {'':>4}"
    if baseline is not None:
        head += f" {'vs baseline (ratio / raw)':>27}"
    print(head)
    print("-" * len(head))
    for r in rows:
        unit = r["unit"]
        value = f"{r['value']:.3f} {unit}" if unit == "s" else f"{r['value']:.1f} {unit}"
        floor = ""
        if r["floor_value"] is not None:
            fv = r["floor_value"]
            floor = f"{fv:.3f} {unit}" if unit == "s" else f"{fv:.1f} {unit}"
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else ""
        budget = ""
        if r["budget"] is not None:
            budget = (f"{r['budget']:.2f}x" if r["budget_kind"] == "x floor"
                      else f"{r['budget']:g} ms")
        line = f"{r['what']:<46} {value:>10} {floor:>10} {ratio:>7} {budget:>10} {within(r):>4}"
        old = (baseline or {}).get(r["key"])
        if baseline is not None and old is not None:
            raw = r["value"] / old["value"] - 1 if old["value"] else 0.0
            if r["ratio"] is not None and old.get("ratio"):
                change = r["ratio"] / old["ratio"] - 1
                # worse against its floor and in itself: a quieter machine (floor down, figure
                # not) or a busier one (figure up with its floor) is not a regression
                worse = (r["ratio"] > old["ratio"] * TOLERANCE
                         and r["value"] > old["value"] * TOLERANCE)
            else:  # a floor: compared raw
                change = raw
                worse = False
            mark = "  WORSE" if worse else ""
            flagged += worse
            line += f" {change:>+12.0%} / {raw:>+5.0%}{mark}"
        print(line)
    return flagged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=5, help="fresh-process starts of each kind")
    parser.add_argument("--sessions-tapped", type=int, default=12,
                        help="whole sessions tapped for the tap figures (default 12)")
    parser.add_argument("--switches", type=int, default=100, help="page switch + commit floors")
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=100_000,
                        help="sessions in the history database (0 skips the history rows)")
    parser.add_argument("--big", type=int, default=1000, help="sessions of the busiest client")
    parser.add_argument("--history-runs", type=int, default=3,
                        help="fresh processes opening the busy client's page")
    parser.add_argument("--page-repeats", type=int, default=5, help="later pages per process")
    parser.add_argument("--cache-dir", default=str(ROOT / ".bench-cache"),
                        help="where the seeded history database is kept between runs")
    parser.add_argument("--save-baseline", action="store_true", help=f"write {BASELINE.name}")
    parser.add_argument("--compare", action="store_true",
                        help=f"flag figures > 10 %% worse than {BASELINE.name}")
    parser.add_argument("--json", help="also write the rows to this file")
    args, rest = parser.parse_known_args()
    if args.child:
        kinds = {"bare": child_bare, "orm": child_orm, "app": child_app, "history": child_history}
        kinds[args.child](*rest)
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    began = time.perf_counter()
    rows = measure(args)
    baseline = None
    if args.compare:
        if BASELINE.exists():
            baseline = {r["key"]: r for r in json.loads(BASELINE.read_text())["rows"]}
        else:
            print(f"(no {BASELINE.name} to compare with: run with --save-baseline first)")
    print(f"\nPerformance at the frame: {os.cpu_count()} cores, offscreen, medians of fresh "
          f"starts x{args.runs}, {args.sessions_tapped} sessions tapped")
    flagged = show(rows, baseline)
    print(f"({time.perf_counter() - began:.0f} s)")
    record = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "rows": rows}
    if args.json:
        Path(args.json).write_text(json.dumps(record, indent=1) + "\n")
    if args.save_baseline:
        BASELINE.write_text(json.dumps(record, indent=1) + "\n")
        print(f"baseline saved: {BASELINE.relative_to(ROOT)}")
    if baseline is not None:
        print(f"{flagged} figure(s) more than 10 % worse than the baseline (ratio and raw)"
              if flagged else "no figure more than 10 % worse than the baseline (ratio and raw)")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())

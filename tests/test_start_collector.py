"""Python's garbage collector is paused while the app starts and set going again, with the start's
long-lived objects set aside (gc.freeze), once the idle warm-up is done (issue 13). The early
imports (app._import_before_qt) run with it paused and are frozen at once.

Nothing here measures time: the child process reports whether the collector ran at each moment.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from psoas_desktop import app as app_module
from psoas_desktop.ui.warm_up import warm_up_when_idle

ROOT = Path(__file__).resolve().parent.parent

START_THEN_WARM = """
import gc, json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([sys.argv[0]])
seen = {}


class Watch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and type(watched).__name__ == "HomePage":
            app.removeEventFilter(self)
            seen["at_home"] = {"enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}
            QTimer.singleShot(50, wait_for_warm)
        return False


def wait_for_warm():
    if gc.isenabled():
        seen["warm"] = {"enabled": True, "frozen": gc.get_freeze_count(),
                        "wizard_built": "psoas_desktop.ui.wizard.page" in sys.modules}
        print(json.dumps(seen), flush=True)
        app.quit()
    else:
        QTimer.singleShot(50, wait_for_warm)


watch = Watch()
app.installEventFilter(watch)
QTimer.singleShot(60_000, app.quit)  # never hangs the suite
from psoas_desktop.app import main

main(["--database", sys.argv[1]])
print(json.dumps(seen), flush=True)
"""


def test_the_app_starts_with_the_collector_paused_and_freezes_once_warm(tmp_path) -> None:
    """A real start in a child process: at home the collector is paused; once the warm-up has
    built the wizard it runs again, with the start's objects frozen."""
    home = tmp_path / "home"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"),
               PYTHONPATH=str(ROOT))
    env.pop("PSOAS_DATABASE_URL", None)
    url = f"sqlite:///{tmp_path / 'psoas.db'}"
    app_module.open_repository(url).close()  # records already there: no question at start
    done = subprocess.run([sys.executable, "-c", START_THEN_WARM, url], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[0])
    assert not seen["at_home"]["enabled"]
    assert seen["at_home"]["frozen"] > 10_000  # the early imports, set aside at once
    assert seen["warm"]["enabled"]
    assert seen["warm"]["frozen"] > 10_000  # modules, classes and widgets of the start
    assert seen["warm"]["wizard_built"]


class FakeWindow(QObject):
    warmed_up = Signal()


@pytest.fixture
def collector_restored():
    """Whatever a test does to the collector, the suite goes on with it running, unfrozen."""
    yield
    gc.unfreeze()
    gc.enable()


IMPORT_ONLY = """
import gc, json, sys
if sys.argv[1] == "paused":
    gc.disable()
frozen_before = gc.get_freeze_count()
import psoas_desktop.app
print(json.dumps({"enabled": gc.isenabled(), "frozen_before": frozen_before,
                  "frozen": gc.get_freeze_count(),
                  "repository": "psoas_desktop.persistence.repository" in sys.modules}))
"""


@pytest.mark.parametrize("collector", ["running", "paused"])
def test_importing_the_app_freezes_the_early_imports_and_restores_the_collector(
        tmp_path, collector) -> None:
    """Importing psoas_desktop.app (as the psoas-desktop script does, and tests and the CLI do)
    leaves the collector as it found it, with the Qt-free layers imported and set aside."""
    done = subprocess.run([sys.executable, "-c", IMPORT_ONLY, collector], cwd=tmp_path,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["enabled"] is (collector == "running")
    assert seen["frozen_before"] == 0
    assert seen["frozen"] > 10_000
    assert seen["repository"]


def test_the_settling_collection_reaches_garbage_frozen_at_start(
        qtbot, collector_restored) -> None:
    """A cycle that became garbage after the early imports froze it is freed when the window
    is warm: the frozen start is scanned once (gc.unfreeze) before what lives on is frozen."""
    import weakref

    class Node:
        pass

    node = Node()
    node.itself = node  # a cycle: only the collector frees it
    gone = weakref.ref(node)
    gc.disable()
    gc.freeze()  # as app._import_before_qt leaves it
    del node
    window = FakeWindow()
    app_module.collect_when_warm(window)
    assert gone() is not None
    window.warmed_up.emit()
    assert gone() is None


def test_the_warmed_up_signal_sets_the_collector_going_once(qtbot, collector_restored) -> None:
    """collect_when_warm: paused until the window says it is warm, then enabled with what is
    alive frozen; a second signal changes nothing."""
    window = FakeWindow()
    gc.disable()
    app_module.collect_when_warm(window)
    assert not gc.isenabled()
    window.warmed_up.emit()
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    gc.unfreeze()
    window.warmed_up.emit()
    assert gc.get_freeze_count() == 0  # settled once: not frozen again


def test_the_collector_runs_again_even_when_the_warm_up_never_ends(
        qtbot, collector_restored, monkeypatch) -> None:
    """A window hidden before its warm-up ends never says it is warm: the collector is set
    going after SETTLE_LATEST_MS all the same."""
    monkeypatch.setattr(app_module, "SETTLE_LATEST_MS", 20)
    gc.disable()
    app_module.collect_when_warm(FakeWindow())
    qtbot.waitUntil(gc.isenabled, timeout=5000)
    assert gc.get_freeze_count() > 0


def test_warm_up_steps_run_in_order_then_done(qtbot) -> None:
    """Every step runs, one per timer shot, then `done` once."""
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    ran: list[str] = []
    warm_up_when_idle(window, [lambda: ran.append("a"), lambda: ran.append("b")],
                      first_delay_ms=0, done=lambda: ran.append("done"))
    qtbot.waitUntil(lambda: "done" in ran, timeout=5000)
    assert ran == ["a", "b", "done"]


def test_a_failing_step_is_logged_and_the_rest_still_run(qtbot, caplog) -> None:
    """A step that raises is logged; the following steps and `done` still happen."""
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    ran: list[str] = []

    def broken() -> None:
        raise ValueError("no chart today")

    warm_up_when_idle(window, [broken, lambda: ran.append("b")], first_delay_ms=0,
                      done=lambda: ran.append("done"))
    qtbot.waitUntil(lambda: "done" in ran, timeout=5000)
    assert ran == ["b", "done"]
    assert "warm-up step failed" in caplog.text


def test_a_hidden_window_stops_the_warm_up_without_done(qtbot) -> None:
    """Closed before the steps ran: none of them run, and `done` is not called."""
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    ran: list[str] = []
    warm_up_when_idle(window, [lambda: ran.append("a")], first_delay_ms=30,
                      done=lambda: ran.append("done"))
    window.hide()
    qtbot.wait(150)
    assert ran == []

"""Start to home imports neither pyqtgraph nor Alembic (issue 13), and an old database still migrates.

The app is started in a fresh interpreter (app.main with --database, offscreen), which reports the
modules loaded when home is first painted and quits; nothing here measures time.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pyqtgraph", "alembic", "numpy", "psoas_desktop.persistence.migrate")

START_TO_HOME = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([sys.argv[0]])


class Watch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and type(watched).__name__ == "HomePage":
            app.removeEventFilter(self)
            print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in
                                    ("pyqtgraph", "alembic", "numpy", "psoas_desktop"))))
            QTimer.singleShot(0, app.quit)
        return False


watch = Watch()
app.installEventFilter(watch)
from psoas_desktop.app import main

sys.exit(main(["--database", sys.argv[1]]))
"""


def start_to_home(tmp_path: Path, url: str) -> set[str]:
    """Start the app in a child process on `url`; the modules loaded when home was painted."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"),
               PYTHONPATH=str(ROOT))
    env.pop("PSOAS_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", START_TO_HOME, url], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def revision(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        [(found,)] = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    connection.close()
    return found


def test_starting_on_current_records_imports_no_chart_and_no_alembic(tmp_path) -> None:
    """Records already at this app's schema: home is painted with neither pyqtgraph (nor numpy)
    nor Alembic imported, and the main window's summary chart is not built yet."""
    from psoas_desktop.app import open_repository

    path = tmp_path / "psoas.db"
    url = f"sqlite:///{path}"
    open_repository(url).close()  # a new database, migrated in this process
    loaded = start_to_home(tmp_path, url)
    assert "psoas_desktop.ui.main_window" in loaded  # the watch saw the real home
    assert not {m for m in loaded if m.split(".")[0] in ("pyqtgraph", "alembic", "numpy")}
    assert "psoas_desktop.persistence.migrate" not in loaded
    assert "psoas_desktop.ui.wizard.page" not in loaded  # built in idle time after home


def test_an_old_database_is_backed_up_and_migrated_at_start(tmp_path) -> None:
    """Records from an earlier release (its scripts only) are backed up, then migrated to the
    head by the app's own start, keeping their client; a later start needs no Alembic."""
    release = "0003"
    from psoas_desktop.domain.model import Client
    from psoas_desktop.persistence.db import database_url, make_engine
    from psoas_desktop.persistence.migrate import MIGRATIONS, upgrade_to_head
    from psoas_desktop.persistence.repository import Repository
    from psoas_desktop.persistence.schema import shipped_revisions

    old = tmp_path / "old-release"
    shutil.copytree(MIGRATIONS, old, ignore=shutil.ignore_patterns("__pycache__"))
    for script in (old / "versions").glob("0*.py"):
        if script.name[:4] > release:
            script.unlink()
    path = tmp_path / "psoas.db"
    engine = make_engine(database_url(str(path)), known_revisions=[f"{n:04d}" for n in range(1, 6)])
    upgrade_to_head(engine, script_location=old)
    client_id = Repository(engine).add_client(Client("From An Old Release")).id
    engine.dispose()
    assert revision(path) == release

    assert "alembic" in start_to_home(tmp_path, f"sqlite:///{path}")

    shipped = shipped_revisions()
    assert shipped is not None and revision(path) == shipped.head
    backups = [p.name for p in path.parent.iterdir() if p.name.startswith(f"psoas.db.backup-{release}-")]
    assert len(backups) == 1
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT name FROM clients WHERE id = ?", (client_id,)).fetchone() \
            == ("From An Old Release",)
    connection.close()
    assert "alembic" not in start_to_home(tmp_path, f"sqlite:///{path}")


ORDER = """
import json, sys
import psoas_desktop.app as app
print(json.dumps({"qt": sorted(m for m in sys.modules if m.startswith("PySide6")),
                  "layers": [f"psoas_desktop.{name}" in sys.modules for name in app.QT_FREE_AT_START],
                  "sqlalchemy": "sqlalchemy.orm" in sys.modules}))
"""


def test_the_records_layers_are_imported_before_qt() -> None:
    """Importing the app's module (as the psoas-desktop script does) brings in the layers a start
    needs and SQLAlchemy, and no PySide6: PySide6's import hook would read the source of each of
    them (about 100 ms of every start, issue 13). A Qt import added to one of them fails here."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", ORDER], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {"qt": [], "layers": [True] * len(found["layers"]), "sqlalchemy": True}
    assert found["layers"]

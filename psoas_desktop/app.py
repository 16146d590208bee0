"""Composition root: command line, QApplication, database and migrations, repository, main window.

The only module that knows every layer. No module-level state: everything is built in functions.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .domain.ports import StorageError

ENV_DATABASE = "PSOAS_DATABASE_URL"
EXIT_USAGE = 2
EXIT_STORAGE = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="psoas-desktop",
        description="Table-side guide for the supine psoas test and thoracic open-book rotations.",
        epilog="Export: psoas-desktop export --database URL_OR_PATH --format csv --output FILE; "
               "backup: psoas-desktop backup [--output FILE]; restore: psoas-desktop restore "
               "--input FILE --yes",
    )
    records = parser.add_mutually_exclusive_group()
    records.add_argument("--database", metavar="URL_OR_PATH",
                         help=f"SQLAlchemy URL or SQLite file (default: ${ENV_DATABASE}, "
                              "else a file in your user data folder)")
    records.add_argument("--demo", action="store_true",
                         help="open a separate demo database with made-up clients (never your "
                              "records)")
    parser.add_argument("--fullscreen", action="store_true", help="start full screen (F11 toggles)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def resolve_database(option: str | None, demo: bool = False) -> str:
    """--database, else $PSOAS_DATABASE_URL, else the SQLite file in the user data folder.

    With `demo`, always the demo file beside the default one: never the real records, whatever
    --database or the environment say.
    """
    from .persistence.db import database_url, default_database_path, demo_database_path

    if demo:
        return database_url(str(demo_database_path()))
    chosen = option if option is not None else (
        os.environ.get(ENV_DATABASE) or str(default_database_path()))
    return database_url(chosen)


def prepare_demo(database_url: str) -> bool:
    """Migrate the demo database and fill it with the demo clients if it has none yet."""
    from .demo import ensure_demo

    repository = open_repository(database_url)
    try:
        return ensure_demo(repository)
    finally:
        repository.close()


def open_repository(database_url: str):
    """Engine, migrations to head (backup first), repository. Raises StorageError with a message
    (ReadOnlyDatabaseError for records that can be read but not changed)."""
    from .persistence.db import make_engine, refuse_read_only
    from .persistence.migrate import upgrade_to_head
    from .persistence.repository import Repository

    engine = make_engine(database_url)
    refuse_read_only(engine)  # said at start, not at the first Next after the check-in
    upgrade_to_head(engine)
    return Repository(engine)


def create_main_window(database_url: str):
    """Build the whole app on an existing QApplication, running migrations first (SPEC 9)."""
    from PySide6.QtWidgets import QApplication

    from .config import Settings
    from .domain.pacing import MonotonicClock
    from .ui.main_window import MainWindow
    from .ui.style import apply_style

    app = QApplication.instance()
    if app is None:
        raise RuntimeError("create_main_window needs a QApplication")
    apply_style(app)
    store = open_repository(database_url)
    return MainWindow(store, Settings(), MonotonicClock)


def run_export(argv: Sequence[str]) -> int:
    from .cli import run_export as export

    return export(argv)


def _install_crash_handler(log_path: Path) -> None:
    """Unexpected errors: log the details, tell the therapist calmly, keep the app running."""

    def handle(kind, value, tb) -> None:
        logging.getLogger("psoas_desktop").error("".join(traceback.format_exception(kind, value, tb)))
        from PySide6.QtWidgets import QApplication

        from .ui.messages import show_problem

        if QApplication.instance() is not None:
            show_problem(None, "Something unexpected happened. Every completed step is already "
                               f"saved. Details were written to {log_path}.", "Sorry")

    sys.excepthook = handle


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["export"]:
        return run_export(argv[1:])
    if argv[:1] in (["backup"], ["restore"]):
        from .cli import run_command

        return run_command(argv)
    args = _parser().parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from .persistence.db import log_file_path

    log_path = log_file_path()
    logging.basicConfig(filename=log_path, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(message)s")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Psoas Desktop")
    try:
        url = resolve_database(args.database, demo=args.demo)
        if args.demo:
            prepare_demo(url)
        window = create_main_window(url)
    except StorageError as error:
        from .persistence.errors import DamagedDatabaseError
        from .ui.messages import show_problem

        print(f"psoas-desktop: {error}", file=sys.stderr)
        if isinstance(error, DamagedDatabaseError):
            kept: list[object] = []  # the screen, then the window: alive while the app runs

            def opened(window) -> None:
                kept.append(window)
                _show(window, args.fullscreen)
                app.setQuitOnLastWindowClosed(True)

            app.setQuitOnLastWindowClosed(False)  # the screen closes before the window opens
            dialog = offer_restore(url, opened, app.exit)
            if dialog is not None:
                kept.append(dialog)
                return app.exec()
            app.setQuitOnLastWindowClosed(True)
        show_problem(None, str(error), "Could not open the records")
        return EXIT_STORAGE
    _install_crash_handler(log_path)
    _show(window, args.fullscreen)
    return app.exec()


def _show(window, fullscreen: bool) -> None:
    if fullscreen:
        window.showFullScreen()
    else:
        window.show()


DAMAGED_AT_START = (
    "The records file is damaged, so it was not opened and nothing was written into it. Choose "
    "a backup and tap Restore this backup: a copy of the damaged file is kept first."
)


def offer_restore(url: str, opened, gave_up):
    """A damaged database at start: the backups screen at once (SPEC 8.1), if there are backups.

    After a restore, the app is built on the restored records and passed to `opened`; closing
    the screen without one calls `gave_up(EXIT_STORAGE)`. Returns the dialog (opened with
    open()), or None when there is no backup to offer.
    """
    from .persistence.backup import DamagedRecordsShelf
    from .persistence.db import sqlite_path
    from .ui.messages import show_problem
    from .ui.restore_dialog import BackupsDialog

    path = sqlite_path(url)
    if path is None:
        return None
    shelf = DamagedRecordsShelf(path)
    if not shelf.list_backups():
        return None
    restored: list[bool] = []
    dialog = BackupsDialog(None, shelf, lambda: restored.append(True), problem=DAMAGED_AT_START)
    dialog.resize(1024, 640)

    def finished(_result: int) -> None:
        if not restored:
            gave_up(EXIT_STORAGE)
            return
        try:
            opened(create_main_window(url))
        except StorageError as error:
            show_problem(None, str(error), "Could not open the records")
            gave_up(EXIT_STORAGE)

    dialog.finished.connect(finished)
    dialog.open()
    return dialog

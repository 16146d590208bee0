"""Composition root: command line, QApplication, database and migrations, repository, main window.

The only module that knows every layer. No module-level state: everything is built in functions.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import APP_ID, APP_NAME, ORGANIZATION_DOMAIN, ORGANIZATION_NAME, __version__

# The layers without Qt that a start needs, imported with this module, before `main` imports
# PySide6 (issue 13). Once PySide6 is imported, its import hook reads the source of every module
# imported after it, to see whether it asks for PySide's __feature__ switches: for SQLAlchemy's
# two hundred modules and the app's own, about 100 ms of every start.
QT_FREE_AT_START = ("domain.ports", "config", "logs", "protocol_library", "domain.pacing",
                    "persistence.db", "persistence.schema", "persistence.repository")


def _import_before_qt() -> None:
    """Import QT_FREE_AT_START with Python's cyclic garbage collector paused, then set aside
    (gc.freeze) everything alive and restore the collector.

    The modules, classes and tables these imports create live as long as the process, yet the
    collector ran about 150 times among them, scanning the growing heap, and once resumed its
    first pass would scan them all: about 50 ms of each start (measured, issue 13). Objects
    without cycles are freed as usual meanwhile. main() pauses the collector again for the rest
    of the start; collect_when_warm unfreezes, collects the start's cyclic garbage once in idle
    time, and freezes what lives on.
    """
    was_collecting = gc.isenabled()
    gc.disable()
    try:
        for name in QT_FREE_AT_START:
            importlib.import_module(f"{__package__}.{name}")
    finally:
        gc.freeze()
        if was_collecting:
            gc.enable()


_import_before_qt()

from .domain.ports import StorageError  # noqa: E402 (imported just above, collector paused)

ENV_DATABASE = "PSOAS_DATABASE_URL"
EXIT_USAGE = 2
EXIT_STORAGE = 3
EXIT_ALREADY_OPEN = 4
EXIT_NOT_CREATED = 5  # a typed path had no records and the therapist chose not to create them
SETTLE_LATEST_MS = 15_000  # the collector runs again by then, warm-up or not


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
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation on a temporary database (migrations, a chart, "
                             "a PDF page, all offscreen), print one line and exit (0 = working)")
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
    (ReadOnlyDatabaseError for records that can be read but not changed).

    Alembic is imported only when the records need a migration: the schema revision is read with
    one plain query, and the app's scripts from their text (persistence.schema).
    """
    from .persistence import schema
    from .persistence.db import make_engine, refuse_read_only
    from .persistence.repository import Repository

    shipped = schema.shipped_revisions(schema.MIGRATIONS)
    if shipped is None:  # a damaged install says so before any database file is touched
        from .persistence import migrate

        migrate.migration_scripts(schema.MIGRATIONS)
        raise migrate.MissingMigrationsError(schema.MIGRATIONS, "no complete chain of versions")
    engine = make_engine(database_url, known_revisions=shipped.known)
    refuse_read_only(engine)  # said at start, not at the first Next after the check-in
    if not schema.is_current(engine, shipped):
        from .persistence import migrate  # Alembic: only to migrate (a backup is taken first)

        migrate.upgrade_to_head(engine, script_location=schema.MIGRATIONS)
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
    window = MainWindow(store, Settings(), MonotonicClock)
    connect_about(window, database_url)
    return window


def configure_application(app) -> None:
    """Name, organisation, version, desktop entry and icon, from the one place they are defined.

    QSettings files, the log folder's neighbours, the window title bar, the task switcher and the
    Wayland app id all follow these.
    """
    from .ui.app_icon import app_icon

    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setOrganizationDomain(ORGANIZATION_DOMAIN)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())


def about_info(database_url: str):
    """Where this window's records, backups and logs are, for the About box."""
    from .logs import log_folder
    from .persistence.db import sqlite_path
    from .ui.about_dialog import AboutInfo

    path = sqlite_path(database_url)
    if path is None:
        from sqlalchemy.engine import make_url

        shown = make_url(database_url).render_as_string(hide_password=True)
        return AboutInfo(shown, "Kept by the database server", log_folder(create=False))
    from .persistence.backup import backups_folder

    return AboutInfo(str(path), str(backups_folder(path)), log_folder(create=False))


def connect_about(window, database_url: str) -> None:
    """Home's About button opens the About box for this window's records (its module is
    imported at the first tap, not at start: issue 13)."""
    from PySide6.QtCore import Qt

    def show() -> None:
        from .ui.about_dialog import AboutDialog

        dialog = AboutDialog(window, about_info(database_url))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    window.home.about_button.clicked.connect(show)


def run_export(argv: Sequence[str]) -> int:
    from .cli import run_export as export

    return export(argv)


def _install_crash_handler(log_path: Path) -> None:
    """Unexpected errors: log the details, tell the therapist calmly, keep the app running.

    Installed before the window is built, so an error while building it is logged too.
    """

    def handle(kind, value, tb) -> None:
        logging.getLogger("psoas_desktop").error("".join(traceback.format_exception(kind, value, tb)))
        print(f"psoas-desktop: unexpected error ({kind.__name__}); details in {log_path}",
              file=sys.stderr)
        if can_show_dialogs():
            from .ui.messages import show_problem

            show_problem(None, "Something unexpected happened. Every completed step is already "
                               f"saved. Details were written to {log_path}.", "Sorry")

    sys.excepthook = handle


def can_show_dialogs() -> bool:
    """A QApplication on a real screen: on offscreen/minimal Qt nobody could close a box."""
    from PySide6.QtGui import QGuiApplication

    return (QGuiApplication.instance() is not None
            and QGuiApplication.platformName() not in ("offscreen", "minimal"))


def tell_calmly(title: str, text: str) -> None:
    """One line on stderr for scripts, and a message box for the person at the screen."""
    print(f"psoas-desktop: {text}", file=sys.stderr)
    if can_show_dialogs():
        from .ui.messages import show_problem

        show_problem(None, text, title)


def start_logging():
    """The rotating log and faulthandler in the user log folder (psoas_desktop.logs)."""
    from .logs import set_up_logging

    return set_up_logging()


def new_records_path(database_url: str) -> Path | None:
    """The SQLite file a start would create (it does not exist yet, its folder does), else None."""
    from .persistence.db import sqlite_path

    try:
        path = sqlite_path(database_url)
    except StorageError:
        return None  # an address the database layer refuses with its own sentence
    if path is None or not path.parent.is_dir() or os.path.lexists(path):
        return None
    return path


def confirm_new_records(path: Path) -> bool:
    """Say where new, empty records will be created before creating them (SPEC 8.1): a
    question with a screen (Create / Cancel), one line on stderr for scripts and offscreen."""
    text = (f"There are no records at {path} yet. A new, empty records file will be created "
            "there.")
    print(f"psoas-desktop: {text}", file=sys.stderr)
    if not can_show_dialogs():
        return True
    from .ui.messages import confirm

    return confirm(None, "New records file", text + " If you meant your existing records, "
                   "choose Cancel and start again with their file.", "Create it here")


def lock_records(database_url: str):
    """Hold the lock beside an SQLite database (one app per records); None for server URLs.

    Raises RecordsAlreadyOpen (a StorageError) when another running app has them open.
    """
    from .persistence.db import sqlite_path
    from .single_instance import lock_records as lock_file

    path = sqlite_path(database_url)
    if path is None or not path.parent.is_dir():
        return None  # the database layer explains a missing folder
    return lock_file(path)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["export"]:
        return run_export(argv[1:])
    if argv[:1] in (["backup"], ["restore"]):
        from .cli import run_command

        return run_command(argv)
    args = _parser().parse_args(argv)
    if args.self_test:
        from .self_test import run_self_test

        return run_self_test()

    gc.disable()  # until the window is warm: see collect_when_warm
    from PySide6.QtWidgets import QApplication

    from .single_instance import RecordsAlreadyOpen
    from .ui.style import apply_style
    from .ui.window_geometry import remember_geometry, restore_geometry

    logs = start_logging()
    _install_crash_handler(logs.log_path)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    configure_application(app)
    apply_style(app)  # a refusal before the window shows in the app's large, calm type too
    records_lock = None
    try:
        url = resolve_database(args.database, demo=args.demo)
        typed = args.database is not None or bool(os.environ.get(ENV_DATABASE))
        new_path = new_records_path(url) if typed and not args.demo else None
        if new_path is not None and not confirm_new_records(new_path):
            tell_calmly("No records created", f"Nothing was created at {new_path}.")
            return EXIT_NOT_CREATED
        records_lock = lock_records(url)
        if args.demo:
            prepare_demo(url)
        window = create_main_window(url)
    except RecordsAlreadyOpen as error:
        tell_calmly("Records already open", str(error))
        return EXIT_ALREADY_OPEN
    except StorageError as error:
        from .persistence.errors import DamagedDatabaseError

        if isinstance(error, DamagedDatabaseError):
            print(f"psoas-desktop: {error}", file=sys.stderr)
            kept: list[object] = []  # the screen, then the window: alive while the app runs

            def opened(window) -> None:
                kept.append(window)
                collect_when_warm(window)
                restore_geometry(window)
                remember_geometry(window)
                _show(window, args.fullscreen)
                app.setQuitOnLastWindowClosed(True)

            app.setQuitOnLastWindowClosed(False)  # the screen closes before the window opens
            dialog = offer_restore(url, opened, app.exit)
            if dialog is not None:
                kept.append(dialog)
                return _run(app, records_lock)
            app.setQuitOnLastWindowClosed(True)
        tell_calmly("Could not open the records", str(error))
        return EXIT_STORAGE
    logging.getLogger("psoas_desktop").info("Psoas Desktop %s opened %s", __version__,
                                            url.split("://", 1)[0])
    collect_when_warm(window)
    restore_geometry(window)
    remember_geometry(window)
    _show(window, args.fullscreen)
    return _run(app, records_lock)


def collect_when_warm(window) -> None:
    """Python's cyclic garbage collector, paused by main() while the app starts, runs once when
    the window's idle warm-up is done (or after SETTLE_LATEST_MS), and everything alive then
    is set aside for good (gc.freeze): modules, classes and the widgets built at start live as
    long as the app.

    Why (issue 13, measured): collections during start scan the same long-lived objects over
    and over, about 80 ms of a 0.6 s start; and later a full collection over that whole heap
    took 70 ms in the middle of a tap. After the freeze a collection scans only what sessions
    create. Nothing is lost by pausing it: objects without cycles are freed as usual.
    """
    from PySide6.QtCore import QTimer

    settled: list[bool] = []

    def settle() -> None:
        if settled:
            return
        settled.append(True)
        gc.unfreeze()  # what the early imports set aside (_import_before_qt) is scanned once
        gc.collect()  # the start's own garbage first, so none of it is set aside
        gc.freeze()
        gc.enable()

    window.warmed_up.connect(settle)
    QTimer.singleShot(SETTLE_LATEST_MS, settle)


def _run(app, records_lock) -> int:
    code = app.exec()
    if records_lock is not None:
        records_lock.unlock()
    return code


def _show(window, fullscreen: bool) -> None:
    if fullscreen:
        window.showFullScreen()
    else:
        window.show()  # restore_geometry: where it was last closed, else maximized


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

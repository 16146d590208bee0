"""The command-line subcommands of SPEC 9.1: export, backup and restore. No Qt is imported.

Each answers bad input with one line on stderr ("psoas-desktop COMMAND: ...") and a non-zero
exit (2 for a request that cannot be done as asked, 3 for a storage problem), never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from .config import CLINIC_NAME_KEY
from .domain.ports import StorageError

ENV_DATABASE = "PSOAS_DATABASE_URL"
EXIT_USAGE = 2
EXIT_STORAGE = 3
EXPORT_FORMATS = ("csv", "json", "pdf", "fhir")

log = logging.getLogger(__name__)


class Refused(Exception):
    """A request that cannot be done as asked; the text is the one line to print."""


class _OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr and exit 2 (no usage block)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _database_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", metavar="URL_OR_PATH",
                        help="SQLAlchemy URL or SQLite file (default: $PSOAS_DATABASE_URL, else "
                             "the file in your user data folder)")


def _export_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="psoas-desktop export",
        description="Write the records to one owner-only file: csv (one row per reading, UTF-8 "
                    "with a byte order mark), json (everything held on each client, with the "
                    "SOAP notes: an access request), pdf (the one-page session report of every "
                    "finished session of one client, one page each; needs --client) or fhir "
                    "(HL7 FHIR R4 Observations in a Bundle, as JSON).")
    _database_argument(parser)
    parser.add_argument("--format", required=True, help="csv, json, pdf or fhir")
    parser.add_argument("--output", required=True, metavar="FILE")
    parser.add_argument("--client", metavar="NAME",
                        help="only this client (required for pdf; the name as written, any case)")
    parser.add_argument("--force", action="store_true",
                        help="replace an existing file (never a database, backup or SQLite file)")
    return parser


def _backup_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(prog="psoas-desktop backup",
                            description="Write a verified, owner-only copy of the records and "
                                        "print its path.")
    _database_argument(parser)
    parser.add_argument("--output", metavar="FILE",
                        help="where to write the copy (default: the backups folder beside the "
                             "database); never replaces a file")
    return parser


def _restore_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(prog="psoas-desktop restore",
                            description="Replace the records with a verified backup, after "
                                        "backing up the current ones.")
    _database_argument(parser)
    parser.add_argument("--input", required=True, metavar="FILE", help="the backup to restore")
    parser.add_argument("--yes", action="store_true", help="confirm replacing the records")
    return parser


COMMANDS = {"export": _export_parser, "backup": _backup_parser, "restore": _restore_parser}


def run_command(argv: Sequence[str]) -> int:
    """Run `export`, `backup` or `restore` (argv[0]) with its options (argv[1:])."""
    name, options = argv[0], list(argv[1:])
    args = COMMANDS[name]().parse_args(options)
    prog = f"psoas-desktop {name}"
    try:
        return {"export": _export, "backup": _backup, "restore": _restore}[name](args)
    except Refused as refusal:
        return _fail(prog, str(refusal), EXIT_USAGE)
    except StorageError as error:
        return _fail(prog, str(error), EXIT_STORAGE)
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        return _fail(prog, f"{error.strerror or error}{where}.", EXIT_STORAGE)
    except Exception as error:  # the contract: a line, never a traceback
        log.exception("unexpected error in %s", prog)
        return _fail(prog, f"unexpected error: {error!r}", 1)


def run_export(argv: Sequence[str]) -> int:
    return run_command(["export", *argv])


def _fail(prog: str, message: str, code: int) -> int:
    text = " ".join(message.split())  # one line, whatever the message held
    print(f"{prog}: {text}", file=sys.stderr)
    return code


def _now() -> datetime:
    return datetime.now(UTC)


def _resolve(option: str | None) -> str:
    """--database, else $PSOAS_DATABASE_URL, else the file in the user data folder (as the app).

    An empty --database is refused rather than quietly replaced by the default.
    """
    from .persistence.db import database_url, default_database_path

    chosen = option if option is not None else (
        os.environ.get(ENV_DATABASE) or str(default_database_path()))
    return database_url(chosen)


def _database_file(url: str, verb: str) -> Path:
    """The SQLite file behind `url`; a server database is refused with the plain reason."""
    from .persistence.db import sqlite_path

    path = sqlite_path(url)
    if path is None:
        raise Refused(
            f"these records live on a database server, so Psoas Desktop does not {verb} them: "
            "the server's own tools do (for PostgreSQL, pg_dump and pg_restore)."
        )
    return path


def _protected(path: Path | None) -> tuple[list[Path], list[Path]]:
    """The database's own files and its backups folder, which no output may touch."""
    if path is None:
        return [], []
    from .persistence.backup import backups_folder

    companions = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]
    return companions, [backups_folder(path)]


# --- export ----------------------------------------------------------------------------------
def _export(args: argparse.Namespace) -> int:
    from .export.destination import RefusedDestination, check_destination
    from .persistence.db import sqlite_path

    chosen = args.format.lower()
    if chosen not in EXPORT_FORMATS:
        raise Refused(f"unknown format {args.format!r}; choose csv, json, pdf or fhir.")
    if chosen == "pdf" and args.client is None:
        raise Refused("a PDF holds the session reports of one client; add --client NAME.")
    url = _resolve(args.database)
    files, folders = _protected(sqlite_path(url))
    try:
        output = check_destination(Path(args.output), replace_existing=args.force,
                                   protected_files=files, protected_folders=folders)
    except RefusedDestination as refusal:
        raise Refused(str(refusal)) from None

    repository = open_repository_for_reading(url)
    try:
        clients = _chosen_clients(repository, args.client)
        message = {"csv": _write_csv, "json": _write_json, "pdf": _write_pdf,
                   "fhir": _write_fhir}[chosen](repository, clients, args.client, output)
        which = "one client's" if args.client is not None else "all"
        try:  # best effort: an export of records that cannot be changed still works
            repository.record_audit("export", f"Exported {which} records as {chosen.upper()} "
                                              f"to {output}.")
        except StorageError:
            pass
    finally:
        repository.close()
    print(f"{message} to {args.output}")
    return 0


def _chosen_clients(repository, name: str | None) -> list | None:
    """The clients named `name` (any case), or None for every client; unknown names refused."""
    if name is None:
        return None
    wanted = name.strip().casefold()
    found = [s.client for s in repository.list_clients(include_archived=True)
             if s.client.name.casefold() == wanted]
    if not found:
        raise Refused(f"there is no client named {name!r}.")
    return found


def _pairs(repository, clients: list | None):
    """(client, session) for every session, by client name then start (or of `clients`)."""
    rows = repository.all_sessions_with_clients()
    if clients is None:
        return rows
    ids = {c.id for c in clients}
    return ((c, s) for c, s in rows if c.id in ids)


def _settings(repository):
    from .config import Settings

    return Settings().with_preferences(repository.preferences())


def _write_csv(repository, clients, _name, output: Path) -> str:
    from .export.csv_export import write_measurements_csv

    count = write_measurements_csv(_pairs(repository, clients), output)
    return f"Wrote {count} measurement rows"


def _write_json(repository, clients, _name, output: Path) -> str:
    from .export.json_export import write_client_record_json

    if clients is None:
        clients = [s.client for s in repository.list_clients(include_archived=True)]
    rows = []
    for client in clients:
        sessions = repository.sessions_for_client(client.id)
        rows += [(client, s) for s in sessions] or [(client, None)]
    count = write_client_record_json(rows, repository.all_soap_notes(), output, _now())
    return f"Wrote the record of {len(clients)} client(s) with {count} session(s)"


def _write_fhir(repository, clients, _name, output: Path) -> str:
    from .domain.model import Method
    from .export.fhir_export import write_fhir_bundle

    settings = _settings(repository)
    count = write_fhir_bundle(_pairs(repository, clients), output, _now(),
                              {m: settings.sem(m) for m in Method})
    return f"Wrote a FHIR Bundle of {count} Observations"


def _write_pdf(repository, clients, name: str, output: Path) -> str:
    if len(clients) > 1:
        raise Refused(f"more than one client is named {name!r}; a PDF holds one client's "
                      "reports.")
    client = clients[0]
    finished = [s for s in repository.sessions_for_client(client.id) if s.is_finished]
    if not finished:
        raise Refused(f"{client.name} has no finished session to report on yet.")
    from .documents.page import ensure_gui_application
    from .documents.report import SessionReport, session_reports_pdf
    from .export.atomic import write_bytes_atomically

    ensure_gui_application()
    settings = _settings(repository)
    clinic = repository.preferences().get(CLINIC_NAME_KEY, "")
    notes = repository.all_soap_notes()
    now = _now()
    reports = [SessionReport(clinic, client.name, s, settings.sem(s.method, s.method_spec), notes.get(s.id), now)
               for s in finished]
    write_bytes_atomically(output, session_reports_pdf(reports))
    return f"Wrote {len(reports)} session report page(s)"


def open_repository_for_reading(database_url: str):
    """An export never creates or migrates a database: it must exist and be current."""
    from .persistence.db import make_engine, sqlite_path
    from .persistence.migrate import check_current
    from .persistence.repository import Repository

    path = sqlite_path(database_url)
    if path is not None and not os.path.lexists(path):
        raise StorageError(f"There is no database at {path}.")
    engine = make_engine(database_url)
    try:
        check_current(engine)
    except BaseException:
        engine.dispose()
        raise
    return Repository(engine)


# --- backup and restore ----------------------------------------------------------------------
def _existing_database(args: argparse.Namespace, verb: str) -> Path:
    from .persistence.probe import probe_sqlite_file

    path = _database_file(_resolve(args.database), verb)
    if probe_sqlite_file(path).state == "new":
        raise StorageError(f"There is no database at {path}.")
    return path


def _backup(args: argparse.Namespace) -> int:
    from .export.destination import RefusedDestination, check_destination
    from .persistence.backup import (
        AUDIT_BACKUP,
        note_in_audit_log,
        take_backup,
        write_verified_copy,
    )

    path = _existing_database(args, "copy")
    where = "into the backups folder" if args.output is None else f"to {args.output}"
    # written first, so that the copy holds it too (as the app's own backups do)
    note_in_audit_log(path, _now(), AUDIT_BACKUP, f"Backup asked for on the command line, {where}.")
    if args.output is None:
        written = Path(take_backup(path, _now()).path)
    else:
        files, folders = _protected(path)
        try:
            target = check_destination(Path(args.output), replace_existing=None,
                                       protected_files=files, what="a backup")
        except RefusedDestination as refusal:
            raise Refused(str(refusal)) from None
        written = write_verified_copy(path, target)
    print(written)
    return 0


def _restore(args: argparse.Namespace) -> int:
    from .lock_probe import held_by_running_app
    from .persistence.backup import (
        AUDIT_RESTORE,
        note_in_audit_log,
        restore_backup,
        restore_sentence,
    )

    source = Path(args.input)
    url = _resolve(args.database)
    database = _database_file(url, "restore")
    if not args.yes:
        raise Refused(f"this replaces every record in {database} with those in {source}; "
                      "add --yes to go ahead (the current records are backed up first).")
    if not os.path.lexists(source):
        raise Refused(f"there is no file at {source}.")
    if held_by_running_app(database):
        raise Refused(f"{database.name} is open in Psoas Desktop; close that window first, then "
                      "restore (nothing was changed).")
    result = restore_backup(database, source, _now())
    note_in_audit_log(database, _now(), AUDIT_RESTORE,
                      restore_sentence(result, " on the command line"))
    before = (f"the records it held before are in {result.previous}" if result.previous
              else "it held no records before")
    print(f"Restored {database} from {source}; {before}.")
    return 0

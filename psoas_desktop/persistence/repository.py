"""The only storage API the app uses: the domain's `Store`, domain objects in and out.

Every method is one transaction; SQLAlchemy and sqlite3 errors come out as `StorageError` with
a calm sentence (see `db.translate_errors`). Writes go through ORM rows (`writing`); reads of
whole sessions through Core (`reading`), which is several times faster at a thousand sessions.
ORM rows never leave this package.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, Connection, Engine, bindparam, func, insert, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import aliased, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..domain.analysis import BaselinePair
from ..domain.model import (
    Addendum,
    Client,
    ClientSummary,
    DeletionReport,
    Session,
    SessionStatus,
    Side,
    Timepoint,
)
from ..domain.ports import (
    AuditEntry,
    BackupInfo,
    BackupPreview,
    DatabaseMovedError,
    InvalidRecordError,
    ServerBackupsError,
    SessionStart,
    StaleSessionError,
    StorageError,
)
from ..domain.protocol_def import ProtocolDef, seed_protocol
from ..domain.soap import SIGNED_MESSAGE, SoapNote, check_soap_note
from ..domain.validation import (
    NOTE_LENGTH,
    ValidationError,
    check_client,
    check_session,
    check_text,
)
from . import backup, deletion
from .db import sqlite_path, translate_errors
from .orm import (
    AddendumRow,
    AuditRow,
    ClientRow,
    MeasurementRow,
    PreferenceRow,
    ProtocolRow,
    SessionRow,
    SoapNoteRow,
    addenda,
    audit_log,
    clients,
)
from .orm import preferences as preference_table  # the method below has the plain name
from .probe import shown
from .reading import (
    CLIENT_COLUMNS,
    ProtocolCache,
    client_from_row,
    collector_paused,
    fold_name,
    load_sessions,
    sessions,
    stored_protocols,
)
from .writing import fill_client_row, fill_session_row, sync_children, write_changes

SERVER_BACKUPS = (
    "These records live on a database server, so Psoas Desktop does not copy them: the "
    "server's own backups (for PostgreSQL, pg_dump) protect them."
)
MOVED = (
    "The records file {path} was moved, renamed or deleted while Psoas Desktop was open, so "
    "nothing more can be saved into it. Your entries are still on screen; put the file back "
    "where it was and try again, or close the app and open the file where it is now."
)
_log = logging.getLogger(__name__)
EDIT_PAUSE = timedelta(minutes=10)  # edits of one record closer than this are one audit line
READ_BATCH = 500  # sessions per query when streaming every session (export)
PREFERENCE_KEY_LENGTH = 100
HISTORIES_KEPT = 4  # clients whose sessions are kept between openings of their page
# A session's dated notes, re-read by each save (another window may have added one): built once
# so that SQLAlchemy finds it compiled by the statement itself (issue 13, see writing._Statements).
_ADDENDA_OF_SESSION = (select(addenda.c.written_at, addenda.c.text)
                       .where(addenda.c.session_id == bindparam("k_session_id"))
                       .order_by(addenda.c.id))


class RecordNotFoundError(StorageError, LookupError):
    """A client or session id that is not in the database."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at `path`, or None when nothing is there."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _database_path(engine: Engine) -> Path | None:
    try:
        return sqlite_path(engine.url)
    except StorageError:
        return None


ChangeToken = tuple[object, int, int]


def _change_token(connection: Connection) -> ChangeToken | None:
    """What moves whenever anything in the database changes, as seen from this connection:
    SQLite's `PRAGMA data_version` (another connection, here or in another process, committed)
    and the connection's own `total_changes` (rows it wrote), with the connection itself, as
    both count per connection. None for other databases: nothing is kept for them."""
    if connection.dialect.name != "sqlite":
        return None
    raw = connection.connection.dbapi_connection
    version = connection.exec_driver_sql("PRAGMA data_version").scalar_one()
    return raw, int(version), int(raw.total_changes)  # type: ignore[union-attr]


def _same_token(kept: ChangeToken | None, now: ChangeToken) -> bool:
    """Nothing changed since `kept` was taken: the same connection (itself, not an equal one:
    a new connection's counts start again) and the same counts."""
    return kept is not None and kept[0] is now[0] and kept[1:] == now[1:]


@contextmanager
def _refusing_invalid() -> Iterator[None]:
    """Nothing invalid reaches the database: a broken invariant becomes InvalidRecordError."""
    try:
        yield
    except ValidationError as error:
        raise InvalidRecordError(str(error)) from error


class Repository:
    """Implements `domain.ports.Store` on an SQLAlchemy engine."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = _utc_now) -> None:
        self._engine = engine
        self._sessionmaker = sessionmaker(engine, expire_on_commit=False)
        self._clock = clock
        # The file this repository opened (SQLite only): an open connection keeps writing into a
        # deleted or renamed file without a word, so every transaction checks it is still there.
        self._path = _database_path(engine)
        self._identity = _file_identity(self._path) if self._path is not None else None
        self._kept_protocols: set[tuple[str, int, str]] = set()  # already stored (see save)
        # definitions read, by key and version (a stored one never changes; the seed's is pinned)
        seed = seed_protocol()
        self._protocols: ProtocolCache = {(seed.key, seed.version): seed}
        # The in-progress sessions as this repository saved them last: the next save of one
        # writes only its difference (writing.write_changes). Never trusted blindly: the UPDATE
        # of the session row checks its version, status and client first.
        self._saved: dict[int, Session] = {}
        # The last few clients' sessions as read, with the fingerprint they were read at: the
        # client page reopens without reading a thousand sessions again when nothing changed.
        self._histories: dict[int, tuple[tuple[int, ...], tuple[Session, ...]]] = {}
        # Every client as last listed, with the change token it was read at (list_clients).
        self._client_list: tuple[ChangeToken, list[tuple[ClientSummary, str]]] | None = None
        # When each record was last changed here: one audit line per burst of edits, not one
        # per keystroke (a burst ends after EDIT_PAUSE without a change to that record).
        self._last_edit: dict[tuple[str, int], datetime] = {}

    def _audit_edit(self, db: OrmSession, key: tuple[str, int], action: str, detail: str,
                    always: bool = False) -> None:
        """Add an audit line to this transaction if `key` starts a new burst of edits."""
        now = self._clock()
        last = self._last_edit.get(key)
        self._last_edit[key] = now
        if always or last is None or now - last >= EDIT_PAUSE:
            db.add(AuditRow(at=now, action=action, detail=detail))

    def close(self) -> None:
        """Close every pooled connection (the repository can still be used; it reconnects)."""
        self._saved.clear()
        self._histories.clear()
        self._client_list = None
        self._engine.dispose()

    def check_same_file(self) -> None:
        """Raise DatabaseMovedError if the file at the database's path is not the one opened
        (moved, renamed, deleted or replaced): checked before and after every transaction."""
        if self._path is None:
            return
        current = _file_identity(self._path)
        if self._identity is None:
            self._identity = current  # made after the repository: adopt it
        elif current != self._identity:
            raise DatabaseMovedError(MOVED.format(path=shown(self._path)))

    @contextmanager
    def _transaction(self) -> Iterator[OrmSession]:
        self.check_same_file()  # never open a new, empty file where the records were
        with translate_errors(), self._sessionmaker.begin() as orm_session:
            yield orm_session
        self.check_same_file()  # committed into the file that is still at the path?

    # --- clients ------------------------------------------------------------------------
    def add_client(self, client: Client) -> Client:
        if client.id is not None:
            raise ValueError(f"client {client.id} is already stored; use update_client")
        with _refusing_invalid():
            check_client(client)
        with self._transaction() as db:
            row = ClientRow(created_at=self._clock())
            fill_client_row(row, client)
            db.add(row)
            db.flush()
            return replace(client, id=row.id)

    def update_client(self, client: Client) -> Client:
        if client.id is None:
            raise ValueError("an unsaved client cannot be updated; use add_client")
        with _refusing_invalid():
            check_client(client)
        with self._transaction() as db:
            fill_client_row(_client_row(db, client.id), client)
            db.add(AuditRow(at=self._clock(), action="edit_client",
                            detail=f"Client {client.id}'s details were changed."))
        return client

    def get_client(self, client_id: int) -> Client:
        with self._transaction() as db:
            row = db.execute(select(*CLIENT_COLUMNS).where(clients.c.id == client_id)).first()
            if row is None:
                raise RecordNotFoundError(f"Client {client_id} is not in the records.")
            return client_from_row(row)

    def set_archived(self, client_id: int, archived: bool) -> Client:
        """Archive (hide from the client list, keep every record) or bring a client back."""
        with self._transaction() as db:
            row = _client_row(db, client_id)
            row.archived = archived
            db.flush()
        return self.get_client(client_id)

    def list_clients(
        self, search: str = "", include_archived: bool = False
    ) -> Sequence[ClientSummary]:
        """Most recently seen first, then clients never seen; ties by name.

        Search as you type: every client is listed by one query and kept with the folded name
        (accents and case ignored: 'muller' finds Müller; SQL has no portable accent folding),
        and each keystroke filters that list here. The query runs again whenever anything in
        the file may have changed since, written here or by another window or process
        (`_change_token`), so the list is never stale; a keystroke otherwise costs no query.
        """
        wanted = fold_name(search.strip())
        with self._transaction() as db:
            connection = db.connection()
            token = _change_token(connection)  # taken first: a later change is seen next time
            listed = self._client_list
            if listed is None or token is None or not _same_token(listed[0], token):
                listed = (token, self._all_clients(connection))
                self._client_list = listed if token is not None else None
        return [summary for summary, folded in listed[1]
                if (include_archived or not summary.client.archived)
                and (not wanted or wanted in folded)]

    def _all_clients(self, connection: Connection) -> list[tuple[ClientSummary, str]]:
        """Every client (archived too) with their folded name, in the list's order. One query.

        Last visit and count are correlated subqueries on the (client_id, started_at) index:
        one index seek and one short range per listed client, instead of grouping every session.
        """
        of_client = sessions.c.client_id == clients.c.id
        last_visit = (
            select(func.max(sessions.c.started_at)).where(of_client).scalar_subquery()
        ).label("last_visit")
        count = (
            select(func.count()).select_from(sessions).where(of_client).scalar_subquery()
        ).label("session_count")
        stmt = select(*CLIENT_COLUMNS, last_visit, count).order_by(
            last_visit.desc().nulls_last(), clients.c.name_folded, clients.c.name, clients.c.id
        )
        with collector_paused():  # 4,000 objects
            return [
                (ClientSummary(client_from_row(row), row[-2], row[-1]), fold_name(row.name))
                for row in connection.execute(stmt).all()
            ]

    def deletion_preview(self, client_id: int) -> DeletionReport:
        """What delete_client would remove; nothing is changed."""
        with self._transaction() as db:
            connection = db.connection()
            return deletion.report(connection, _client_name(connection, client_id), client_id)

    def delete_client(self, client_id: int, reason: str) -> DeletionReport:
        """Remove a client and everything recorded for them, in one transaction, with an audit
        entry that keeps the fact (name, counts, reason) but none of the records."""
        reason = deletion.check_reason(reason)
        self._saved.clear()
        self._histories.clear()
        self.check_same_file()
        with translate_errors(), self._engine.connect() as connection:
            with deletion.erasing(connection), connection.begin():
                removed = deletion.report(
                    connection, _client_name(connection, client_id), client_id
                )
                deletion.remove_client(connection, client_id)
                connection.execute(insert(audit_log).values(
                    at=self._clock(), action=deletion.ACTION,
                    detail=deletion.audit_detail(removed, reason),
                ))
        self.check_same_file()
        return removed

    def record_audit(self, action: str, detail: str) -> None:
        """Append one line to the audit log (an action and a sentence; no health data)."""
        with self._transaction() as db:
            db.add(AuditRow(at=self._clock(), action=action, detail=detail))

    def _note(self, action: str, detail: str) -> None:
        """An audit line for a backup or restore: a line that cannot be written (a full disk) is
        logged, and never stops the backup or undoes the restore it describes."""
        try:
            self.record_audit(action, detail)
        except StorageError as error:
            _log.warning("audit line not written (%s): %s", error, detail)

    def audit_log(self) -> list[AuditEntry]:
        """Every audit entry, oldest first."""
        stmt = select(AuditRow.at, AuditRow.action, AuditRow.detail).order_by(AuditRow.id)
        with self._transaction() as db:
            return [AuditEntry(at, action, detail) for at, action, detail in db.execute(stmt)]

    # --- backups ----------------------------------------------------------------------------
    def _database_file(self) -> Path:
        path = sqlite_path(self._engine.url)
        if path is None:
            raise ServerBackupsError(SERVER_BACKUPS)
        return path

    def backup_if_due(self, now: datetime) -> BackupInfo | None:
        """A verified backup into `backups/` beside the database if one is due, else None.

        Due after a session was finished since the newest backup, or when something changed
        and 30 minutes passed (see `backup.backup_due`); the rotating plan is applied after.
        On a database server it returns None: the server's backups (pg_dump) protect it.
        """
        path = sqlite_path(self._engine.url)
        if path is None:
            return None
        self.check_same_file()
        reason = backup.backup_due(path, now)
        if reason is None:
            return None
        return self._audited_backup(path, now, backup.DUE_REASONS.get(reason, "automatic"))

    def backup_now(self, now: datetime) -> BackupInfo:
        """A verified backup now, whatever the plan says (raises ServerBackupsError on a server)."""
        path = self._database_file()
        self.check_same_file()
        return self._audited_backup(path, now, "asked for by hand")

    def _audited_backup(self, path: Path, now: datetime, why: str) -> BackupInfo:
        """Take a backup, its audit line written first so that the copy holds it (and the
        database does not look changed since its newest backup); a failure is noted after."""
        self._note(backup.AUDIT_BACKUP, f"Backup {why}.")
        try:
            return backup.take_backup(path, now)
        except StorageError as error:
            self._note(backup.AUDIT_BACKUP, f"That backup failed: {error}")
            raise

    def list_backups(self) -> list[BackupInfo]:
        """The backups beside the database, newest first (ServerBackupsError on a server)."""
        return backup.list_backups(self._database_file())

    def restore_backup(self, backup_path: str, now: datetime) -> BackupInfo | None:
        """Replace the records with a verified backup; returns the backup of the state before.

        Every pooled connection is closed first, the current records are backed up, the file is
        replaced in one step and brought to this app's schema (a backup from an older version
        is upgraded). Returns None when the previous state was damaged (a raw copy was kept).
        """
        from .migrate import upgrade_to_head  # migrate imports backup, as this module does

        path = self._database_file()
        self._saved.clear()  # the records are replaced: no copy of them holds any more
        self._histories.clear()
        self._client_list = None
        self._engine.dispose()
        result = backup.restore_backup(path, Path(backup_path), now)
        self._identity = _file_identity(path)  # the restored file is the records now
        upgrade_to_head(self._engine)
        self._note(backup.AUDIT_RESTORE, backup.restore_sentence(result))
        if result.previous is None or "-damaged-" in result.previous.name:
            return None
        return backup.describe(result.previous, now)

    def preview_backup(self, backup_path: str) -> BackupPreview:
        """The client names (by name) and session count of one backup, read-only."""
        names, count = backup.preview(Path(backup_path))
        return BackupPreview(tuple(names), count)

    # --- calibration ----------------------------------------------------------------------
    def baseline_pairs(self, method: str) -> list[BaselinePair]:
        """Every pair of baseline readings of one side, in finished sessions measured with
        `method` (an unfinished or abandoned visit may hold readings never confirmed)."""
        first, second = aliased(MeasurementRow), aliased(MeasurementRow)
        query = (
            select(first.session_id, first.side, first.value, second.value)
            .join(second, (second.session_id == first.session_id)
                  & (second.timepoint == first.timepoint) & (second.side == first.side)
                  & (second.reading_index == 1))
            .join(SessionRow, SessionRow.id == first.session_id)
            .where(first.timepoint == Timepoint.BASELINE.value, first.reading_index == 0,
                   SessionRow.method == str(method),
                   SessionRow.status == SessionStatus.COMPLETED.value)
        )
        with self._transaction() as db:
            known = [seed_protocol(), *stored_protocols(db.connection()).values()]
            step = next((p.method(method).step for p in known if p.has_method(method)), 0.0)
            return [BaselinePair(sid, Side(side), a, b, method, step)
                    for sid, side, a, b in db.execute(query)]

    # --- preferences --------------------------------------------------------------------
    def preferences(self) -> dict[str, str]:
        with self._transaction() as db:
            return _remembered(db.connection())

    def save_preferences(self, values: dict[str, str]) -> None:
        """Store each key's value, replacing an earlier one; keys not given are kept."""
        for key, value in values.items():
            if not isinstance(key, str) or not key or len(key) > PREFERENCE_KEY_LENGTH:
                raise ValueError(f"a preference needs a name of 1 to 100 characters, not {key!r}")
            if not isinstance(value, str):
                raise ValueError(f"preference {key!r} must be text, not {type(value).__name__}")
        with self._transaction() as db:
            for key, value in values.items():
                db.merge(PreferenceRow(key=key, value=value))

    # --- sessions -----------------------------------------------------------------------
    def start_session(self, client_id: int, method: str, started_at: datetime,
                      protocol: ProtocolDef | None = None) -> Session:
        protocol = protocol or seed_protocol()
        return self.save_session(Session(client_id=client_id, started_at=started_at, method=method,
                                         protocol=protocol))

    def save_session(self, session: Session) -> Session:
        """Write the whole session (not its addenda) in one transaction; returns it with its id.

        An invalid session (see `check_session`) raises InvalidRecordError and writes nothing.
        """
        with _refusing_invalid():
            check_session(session)
        stored = self._saved.pop(session.id, None) if session.id is not None else None
        if stored is not None and stored.revision == session.revision:
            with self._transaction() as db:
                self._keep_protocol(db, session.protocol)
                connection = db.connection()
                if write_changes(connection, stored, session):
                    self._audit_edit(db, ("session", session.id), "edit_session",
                                     f"Entries of session {session.id} (client "
                                     f"{session.client_id}) were changed.")
                    addenda = tuple(Addendum(at, text) for at, text in connection.execute(
                        _ADDENDA_OF_SESSION, {"k_session_id": session.id}))
                    return self._remember(
                        replace(session, addenda=addenda, revision=session.revision + 1))
            # nothing was written: saved elsewhere since, finished or moved; the full path says
        with self._transaction() as db, _refusing_stale(self, session):
            _client_row(db, session.client_id)
            self._keep_protocol(db, session.protocol)
            if session.id is None:
                row = SessionRow()
                db.add(row)
            else:
                row = _session_row(db, session.id)
                _check_writable(row, session)
                if row.version != session.revision:
                    raise StaleDataError(f"session {row.id}: version {row.version}, "
                                         f"saved from {session.revision}")
            if session.id is not None:
                self._audit_edit(db, ("session", session.id), "edit_session",
                                 f"Entries of session {session.id} (client {session.client_id}) "
                                 "were changed.")
            fill_session_row(row, session)
            row.version = session.revision + 1
            sync_children(row, session)
            db.flush()  # the version column counts every change (SQLAlchemy's version_id_col)
            addenda = () if session.id is None else tuple(  # a new session has none yet
                Addendum(a.written_at, a.text) for a in row.addenda)
            revision = row.version
        return self._remember(replace(session, id=row.id, addenda=addenda, revision=revision))

    def _remember(self, saved: Session) -> Session:
        """Keep an in-progress session as saved, for the next save's difference."""
        if saved.id is not None and saved.status is SessionStatus.IN_PROGRESS:
            self._saved[saved.id] = saved
        return saved

    def _keep_protocol(self, db: OrmSession, protocol: ProtocolDef) -> None:
        """Store the definition a session follows, once; a stored version is never changed."""
        ident = (protocol.key, protocol.version, protocol.content_hash)
        if ident in self._kept_protocols:
            return
        row = db.get(ProtocolRow, (protocol.key, protocol.version))
        if row is None:
            db.add(ProtocolRow(key=protocol.key, version=protocol.version,
                               content_hash=protocol.content_hash,
                               definition=protocol.definition_json, stored_at=self._clock()))
        elif row.content_hash != protocol.content_hash:
            raise InvalidRecordError(
                f"Protocol {protocol.key!r} version {protocol.version} is already in the records "
                "with other content, and sessions use it. Give the changed definition a new "
                "version number.")
        self._kept_protocols.add(ident)

    def _load(self, where: ColumnElement[bool]) -> list[Session]:
        with self._transaction() as db:
            return load_sessions(db.connection(), where, self._protocols)

    def get_session(self, session_id: int) -> Session:
        found = self._load(sessions.c.id == session_id)
        if not found:
            raise RecordNotFoundError(f"Session {session_id} is not in the records.")
        return found[0]

    def sessions_for_client(self, client_id: int) -> Sequence[Session]:
        """The client's sessions in the order they were started.

        Read again only when their fingerprint changed: every save bumps a session's version
        (so their count, the sum of versions and the newest id change), and addenda, the only
        later change to a finished session, are counted too. Two small indexed queries instead
        of reading every session (a client page with 1,000 sessions, issue 13).
        """
        with self._transaction() as db:
            _client_row(db, client_id)
            connection = db.connection()
            of_client = sessions.c.client_id == client_id
            fingerprint = _history_fingerprint(connection, client_id)
            known = self._histories.pop(client_id, None)
            if known is not None and known[0] == fingerprint:
                found = known[1]
            else:
                found = tuple(load_sessions(connection, of_client, self._protocols))
        self._histories[client_id] = (fingerprint, found)  # the newest last
        while len(self._histories) > HISTORIES_KEPT:
            del self._histories[next(iter(self._histories))]
        return list(found)  # a list of the same (frozen) sessions, as load_sessions returns

    def warm_up(self) -> None:
        """Do in idle time what the first reading of a client's history would otherwise pay
        for: its statements compiled (SQLAlchemy caches them per engine) and the ORM's first
        use, by reading the history of a client that cannot exist (issue 13). Reads no record."""
        nobody = 0  # ids start at 1
        with self._transaction() as db:
            db.get(ClientRow, nobody)
            connection = db.connection()
            _history_fingerprint(connection, nobody)
            load_sessions(connection, sessions.c.client_id == nobody, self._protocols,
                          every_query=True)

    def sessions_in_progress(self) -> Sequence[Session]:
        return self._load(sessions.c.status == SessionStatus.IN_PROGRESS.value)

    def last_session(self, client_id: int) -> Session | None:
        """The client's most recently started session, whatever its status."""
        latest = (
            select(sessions.c.id)
            .where(sessions.c.client_id == client_id)
            .order_by(sessions.c.started_at.desc(), sessions.c.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        found = self._load(sessions.c.id == latest)
        return found[0] if found else None

    def session_start(self, client_id: int) -> SessionStart:
        """The client, their newest unfinished session, their most recently started one and the
        remembered choices, in one transaction: what Start session reads (issue 13: within a
        frame; it took five transactions). Raises RecordNotFoundError for an unknown client."""
        of_client = sessions.c.client_id == client_id
        latest = (
            select(sessions.c.id)
            .where(of_client)
            .order_by(sessions.c.started_at.desc(), sessions.c.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        unfinished = sessions.c.status == SessionStatus.IN_PROGRESS.value
        with self._transaction() as db:
            connection = db.connection()
            row = connection.execute(
                select(*CLIENT_COLUMNS).where(clients.c.id == client_id)).first()
            if row is None:
                raise RecordNotFoundError(f"Client {client_id} is not in the records.")
            found = load_sessions(connection, of_client & (unfinished | (sessions.c.id == latest)),
                                  self._protocols)
            remembered = _remembered(connection)
        open_ones = [s for s in found if s.status is SessionStatus.IN_PROGRESS]
        # by start time, then id: the last one found is the latest (it is always among them)
        return SessionStart(client_from_row(row), open_ones[-1] if open_ones else None,
                            found[-1] if found else None, remembered)

    def add_addendum(self, session_id: int, addendum: Addendum) -> None:
        """Append a dated note to a session; addenda are never changed or removed."""
        with _refusing_invalid():
            check_text(addendum.text, "A dated note", NOTE_LENGTH, note=True)
        with self._transaction() as db:
            _session_row(db, session_id)
            db.add(
                AddendumRow(
                    session_id=session_id, written_at=addendum.written_at, text=addendum.text
                )
            )
            db.add(AuditRow(at=self._clock(), action="edit_session",
                            detail=f"A dated note was added to session {session_id}."))

    # --- SOAP notes ---------------------------------------------------------------------
    def soap_note(self, session_id: int) -> SoapNote | None:
        """The session's stored note, or None while none was saved."""
        with self._transaction() as db:
            _session_row(db, session_id)
            row = db.get(SoapNoteRow, session_id)
            return None if row is None else _soap_note(row)

    def all_soap_notes(self) -> dict[int, SoapNote]:
        """Every stored note by session id (exports)."""
        with self._transaction() as db:
            return {row.session_id: _soap_note(row)
                    for row in db.execute(select(SoapNoteRow)).scalars()}

    def save_soap_note(self, note: SoapNote) -> SoapNote:
        """Store a finished session's note (a draft, or the note being signed) in one
        transaction. A stored note that is signed is never changed: StorageError says to add a
        dated addendum instead."""
        with _refusing_invalid():
            check_soap_note(note)
        with self._transaction() as db:
            session = _session_row(db, note.session_id)
            if session.status == SessionStatus.IN_PROGRESS.value:
                raise StorageError("A session's note is written once the session is finished.")
            row = db.get(SoapNoteRow, note.session_id)
            if row is None:
                row = SoapNoteRow(session_id=note.session_id)
                db.add(row)
            elif row.signed_at is not None:
                raise StorageError(SIGNED_MESSAGE)
            self._audit_edit(db, ("note", note.session_id), "edit_note",
                             f"The note of session {note.session_id} was "
                             f"{'signed' if note.signed_at else 'changed'}.",
                             always=note.signed_at is not None)
            row.subjective, row.objective = note.subjective, note.objective
            row.assessment, row.plan = note.assessment, note.plan
            row.signed_by = note.signed_by or None
            row.signed_at = note.signed_at
            row.updated_at = self._clock()
            db.flush()
            return _soap_note(row)

    def all_sessions_with_clients(self) -> Iterator[tuple[Client, Session]]:
        """Every session with its client, by client name then start time, read in batches."""
        order = (
            select(sessions.c.id, *CLIENT_COLUMNS)
            .join(clients, clients.c.id == sessions.c.client_id)
            .order_by(clients.c.name_folded, clients.c.name, clients.c.id,
                      sessions.c.started_at, sessions.c.id)
        )
        with self._transaction() as db:
            listing = db.execute(order).all()
            for start in range(0, len(listing), READ_BATCH):
                batch = listing[start:start + READ_BATCH]
                loaded = load_sessions(db.connection(), sessions.c.id.in_([r[0] for r in batch]),
                                       self._protocols)
                by_id = {s.id: s for s in loaded}
                for row in batch:
                    yield client_from_row(row[1:]), by_id[row[0]]


def _remembered(connection: Connection) -> dict[str, str]:
    """The remembered choices. Core columns, not the mapped class: read at start, before the
    ORM is configured (its first configuration, ~20 ms, is left to the idle warm-up; issue 13)."""
    rows = connection.execute(select(preference_table.c.key, preference_table.c.value))
    return {key: value for key, value in rows}


def _history_fingerprint(connection: Connection, client_id: int) -> tuple[int, ...]:
    """What moves when anything of a client's sessions changes: their count, the sum of their
    versions (every save bumps one), the newest id, and their addenda's count and newest id."""
    of_client = sessions.c.client_id == client_id
    return (
        *connection.execute(select(
            func.count(), func.coalesce(func.sum(sessions.c.version), 0),
            func.coalesce(func.max(sessions.c.id), 0)).where(of_client)).one(),
        *connection.execute(select(
            func.count(), func.coalesce(func.max(addenda.c.id), 0))
            .select_from(addenda.join(sessions, sessions.c.id == addenda.c.session_id))
            .where(of_client)).one(),
    )


def _client_row(db: OrmSession, client_id: int) -> ClientRow:
    row = db.get(ClientRow, client_id)
    if row is None:
        raise RecordNotFoundError(f"Client {client_id} is not in the records.")
    return row


def _client_name(connection: Connection, client_id: int) -> str:
    name = connection.execute(select(clients.c.name).where(clients.c.id == client_id)).scalar()
    if name is None:
        raise RecordNotFoundError(f"Client {client_id} is not in the records.")
    return name


def _session_row(db: OrmSession, session_id: int) -> SessionRow:
    row = db.get(SessionRow, session_id)
    if row is None:
        raise RecordNotFoundError(f"Session {session_id} is not in the records.")
    return row


@contextmanager
def _refusing_stale(repository: Repository, session: Session) -> Iterator[None]:
    """A save based on an out-of-date copy (another window saved since) is refused, and nothing is
    overwritten; the error carries what the record holds now."""
    try:
        yield
    except StaleDataError as stale:
        current = repository.get_session(session.id) if session.id is not None else None
        raise StaleSessionError(current) from stale


def _soap_note(row: SoapNoteRow) -> SoapNote:
    return SoapNote(row.session_id, row.subjective, row.objective, row.assessment, row.plan,
                    row.signed_by or "", row.signed_at)


def _check_writable(row: SessionRow, session: Session) -> None:
    if row.status != SessionStatus.IN_PROGRESS.value:
        raise StorageError(
            "This session is already finished, so it cannot be changed. "
            "Add a dated addendum instead."
        )
    if row.client_id != session.client_id:
        raise StorageError(f"Session {row.id} belongs to another client, so it was not changed.")

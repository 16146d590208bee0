"""SOAP notes in the records: stored per finished session, signed once and then never changed,
removed with the client, and a release-three database upgraded to hold them."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from psoas_desktop.domain.model import Addendum, Client, SessionStatus
from psoas_desktop.domain.ports import InvalidRecordError, StorageError
from psoas_desktop.domain.soap import SoapNote, draft_note, edit_note, sign_note
from psoas_desktop.persistence.db import database_url, make_engine
from psoas_desktop.persistence.migrate import upgrade_to_head
from tests.persistence.test_migrations import _release
from tests.records_seed import finished_session, open_repository

AT = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)


@pytest.fixture
def records(tmp_path: Path):
    repo = open_repository(tmp_path / "psoas.db")
    client = repo.add_client(Client("Note Client"))
    session = repo.save_session(finished_session(client.id))
    yield repo, session, tmp_path / "psoas.db"
    repo.close()


def test_a_draft_is_stored_and_read_back_by_a_second_repository(records) -> None:
    """save_soap_note keeps every part; another repository on the file reads the same note."""
    repo, session, path = records
    note = edit_note(draft_note(session, 1.0), plan="Twice a day, gently.")
    assert repo.soap_note(session.id) is None
    assert repo.save_soap_note(note) == note
    other = open_repository(path)
    assert other.soap_note(session.id) == note
    assert other.all_soap_notes() == {session.id: note}
    other.close()


def test_a_signed_note_is_never_changed_and_addenda_still_add(records) -> None:
    """After signing, saving any version (a draft, a re-signature) is refused and the stored
    note is byte for byte the signed one; dated addenda are still taken."""
    repo, session, path = records
    signed = repo.save_soap_note(sign_note(draft_note(session, 1.0), "Maria Keller", AT))
    assert signed.signed_by == "Maria Keller" and signed.signed_at == AT
    other = open_repository(path)  # a second window that still holds the draft
    for attempt in (draft_note(session, 1.0), replace(signed, plan="changed"),
                    replace(signed, signed_by="Someone Else")):
        with pytest.raises(StorageError, match="dated addendum"):
            other.save_soap_note(attempt)
    other.close()
    assert repo.soap_note(session.id) == signed
    repo.add_addendum(session.id, Addendum(AT, "Phoned: easier"))
    assert [a.text for a in repo.get_session(session.id).addenda] == ["Phoned: easier"]


def test_notes_only_for_finished_sessions_and_valid_text(records) -> None:
    """A session in progress has no note yet; control characters are refused before writing."""
    repo, session, _path = records
    running = repo.save_session(replace(finished_session(session.client_id), status=
                                        SessionStatus.IN_PROGRESS, finished_at=None))
    with pytest.raises(StorageError, match="finished"):
        repo.save_soap_note(SoapNote(running.id, "s", "o", "a", "p"))
    with pytest.raises(InvalidRecordError, match="control character"):
        repo.save_soap_note(SoapNote(session.id, "bad\x00", "o", "a", "p"))
    assert repo.soap_note(session.id) is None and repo.soap_note(running.id) is None


def test_deleting_the_client_removes_the_note(records) -> None:
    """A deleted client leaves no SOAP note behind."""
    repo, session, path = records
    repo.save_soap_note(SoapNote(session.id, "s", "o", "a", "p"))
    repo.delete_client(session.client_id, "asked to be removed")
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("select count(*) from soap_notes").fetchone() == (0,)


def test_a_release_three_database_gains_the_notes_table(
    tmp_path: Path,
) -> None:
    """0003 -> head: the soap_notes table appears (revision 0005) and notes can be saved."""
    path = tmp_path / "old.db"
    engine = make_engine(database_url(str(path)))
    upgrade_to_head(engine, script_location=_release(tmp_path, "0001", "0002", "0003"))
    engine.dispose()
    repo = open_repository(path)  # upgrades to head
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("select version_num from alembic_version").fetchone() >= (
            "0005",)
        assert "soap_notes" in {n for (n,) in connection.execute(
            "select name from sqlite_master where type='table'")}
    client = repo.add_client(Client("After Upgrade"))
    session = repo.save_session(finished_session(client.id))
    assert repo.save_soap_note(SoapNote(session.id, "s", "o", "a", "p")).plan == "p"
    repo.close()

"""The audit log records views and edits (SPEC 8.1, issue 11): opening a client's page, a past
session and review mode; a client edited; a session's entries changed (one line per burst of
edits, never one per keystroke); and the viewer shows them in words."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QDialog, QLineEdit

from psoas_desktop.domain.model import Client, Method

from .client_seed import client_with_sessions, open_client, tap_row


def _actions(store, action: str) -> list[str]:
    return [e.detail for e in store.audit_log() if e.action == action]


def test_opening_a_client_a_past_session_and_review_are_audited_once_each(driver, store):
    """One line per view; coming back to the client page from a session or review is no new view."""
    client, [session] = client_with_sessions(store, "Vera Holm", [4])
    open_client(driver, "Vera Holm")
    assert _actions(store, "view_client") == [f"Client {client.id}'s page was opened."]
    tap_row(driver, "sessionList", 0)
    assert _actions(store, "view_session") == [
        f"Past session {session.id} (client {client.id}) was opened."]
    driver.tap("sessionBackButton")
    driver.tap("reviewButton")
    assert _actions(store, "review") == [f"Review mode was opened for client {client.id}."]
    assert len(_actions(store, "view_client")) == 1
    assert "Vera" not in " ".join(e.detail for e in store.audit_log())  # numbers, not names


def test_editing_a_client_is_audited(driver, store):
    """Edit → Save writes one 'edit_client' line naming the client's number."""
    client, _ = client_with_sessions(store, "Tor Lund", [2])
    open_client(driver, "Tor Lund")
    driver.tap("editClientButton")
    thigh = driver.visible("clientThighEdit", QLineEdit)
    thigh.clear()
    driver.qtbot.keyClicks(thigh, "47")
    driver.tap("saveClientButton")
    assert _actions(store, "edit_client") == [f"Client {client.id}'s details were changed."]


def test_a_whole_session_of_entries_is_one_audit_line(driver, store):
    """Dozens of saves while a session is recorded (every tap saves) make one line, not one per
    entry."""
    driver.start_session("Burst Client")
    driver.tap("painBefore3")
    driver.advance_to("Re-test after direction A")
    driver.measure(2, 3)
    [session] = store.sessions_in_progress()
    assert _actions(store, "edit_session") == [
        f"Entries of session {session.id} (client {session.client_id}) were changed."]


def test_edits_after_a_pause_start_a_new_line(tmp_path):
    """With a clock: saves a minute apart are one burst; after more than 10 quiet minutes the
    next save writes a second line; a dated note always writes its own line."""
    from psoas_desktop.app import open_repository
    from psoas_desktop.domain.model import Addendum
    from psoas_desktop.persistence.db import make_engine
    from psoas_desktop.persistence.repository import Repository

    url = f"sqlite:///{tmp_path / 'psoas.db'}"
    open_repository(url).close()  # created and migrated
    now = [datetime(2026, 12, 2, 9, 0, tzinfo=UTC)]
    repo = Repository(make_engine(url), clock=lambda: now[0])
    client = repo.add_client(Client("Clocked"))
    session = repo.start_session(client.id, Method.GAP_CM, now[0])
    for minutes in (1, 2, 3, 14, 15, 25):  # 25: exactly 10 quiet minutes
        now[0] = datetime(2026, 12, 2, 9, minutes, tzinfo=UTC)
        session = repo.save_session(_pain(session, minutes))
    assert [e.at.minute for e in repo.audit_log() if e.action == "edit_session"] == [1, 14, 25]
    repo.add_addendum(session.id, Addendum(now[0], "Called the client"))
    assert _actions(repo, "edit_session")[-1] == f"A dated note was added to session {session.id}."


def _pain(session, value: int):
    from dataclasses import replace

    return replace(session, check_in=replace(session.check_in, pain_before=value % 10))


def test_the_viewer_shows_views_and_edits_in_words(driver, store):
    """Backups… → Audit log… lists the view and the edit with their kind in words."""
    client_with_sessions(store, "Ida Berg", [1])
    open_client(driver, "Ida Berg")
    driver.tap("homeButton")
    driver.tap("backupsButton")
    driver.tap("auditLogButton")
    audit = driver.window.findChild(QDialog, "auditLogDialog")
    rows = audit.rows()
    assert rows[0].split("\n")[0].endswith("· Client viewed")
    assert rows[0].split("\n")[1].endswith("page was opened.")


def test_a_view_line_that_cannot_be_written_stops_nothing(driver, store, monkeypatch):
    """If the audit line fails (a full disk), the client page still opens, with no message box."""
    from psoas_desktop.domain.ports import StorageError

    client_with_sessions(store, "Full Disk", [1])
    repository = driver.window.clients._store

    def refuse(*_a):
        raise StorageError("The disk is full.")

    monkeypatch.setattr(repository, "record_audit", refuse)
    open_client(driver, "Full Disk")
    assert driver.text("evidenceLabel")

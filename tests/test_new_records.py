"""A typed database path with no records yet (SPEC 8.1, issue 11): the app says where it will
create them before it creates anything; with a screen it asks, and Cancel creates nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from psoas_desktop import app


@pytest.fixture
def no_event_loop(monkeypatch):
    """main() up to the window, without entering the event loop."""
    monkeypatch.setattr(app, "_run", lambda _app, lock: (lock and lock.unlock(), 0)[1])
    monkeypatch.setattr(app, "start_logging", lambda: type("L", (), {"log_path": Path("/dev/null")})())
    monkeypatch.setattr(app, "_install_crash_handler", lambda _path: None)
    monkeypatch.setattr("psoas_desktop.ui.window_geometry.restore_geometry", lambda _w: None)
    monkeypatch.setattr("psoas_desktop.ui.window_geometry.remember_geometry", lambda _w: None)


def test_offscreen_it_says_where_then_creates(qapp, tmp_path, capsys, no_event_loop):
    """Offscreen (scripts, tests): one line naming the full path on stderr, then the records."""
    target = tmp_path / "new-records.db"
    assert app.main(["--database", str(target)]) == 0
    assert f"There are no records at {target} yet" in capsys.readouterr().err
    assert target.exists()


def test_with_a_screen_cancel_creates_nothing(qapp, tmp_path, monkeypatch, no_event_loop, capsys):
    """With a screen the question names the path; Cancel leaves no file (no lock file either)
    and exits with a calm line, no traceback."""
    asked: list[str] = []
    monkeypatch.setattr(app, "can_show_dialogs", lambda: True)
    monkeypatch.setattr("psoas_desktop.ui.messages.confirm",
                        lambda _parent, _title, text, *_a: asked.append(text) or False)
    monkeypatch.setattr("psoas_desktop.ui.messages.show_problem", lambda *_a: None)
    target = tmp_path / "typo.db"
    assert app.main(["--database", str(target)]) == app.EXIT_NOT_CREATED
    assert asked and str(target) in asked[0]
    assert list(tmp_path.iterdir()) == []
    err = capsys.readouterr().err
    assert f"Nothing was created at {target}." in err and "Traceback" not in err


def test_with_a_screen_create_it_here_creates_the_records(qapp, tmp_path, monkeypatch, no_event_loop):
    monkeypatch.setattr(app, "can_show_dialogs", lambda: True)
    monkeypatch.setattr("psoas_desktop.ui.messages.confirm", lambda *_a: True)
    target = tmp_path / "chosen.db"
    assert app.main(["--database", str(target)]) == 0
    assert target.exists()


def test_existing_records_and_the_default_file_are_not_asked_about(tmp_path):
    """Only a typed path without a file asks: existing records, a missing folder (refused by
    the database layer with its own sentence) and server URLs do not."""
    existing = tmp_path / "psoas.db"
    existing.write_bytes(b"")
    assert app.new_records_path(f"sqlite:///{existing}") is None
    assert app.new_records_path(f"sqlite:///{tmp_path / 'missing' / 'x.db'}") is None
    assert app.new_records_path("postgresql://clinic/records") is None
    assert app.new_records_path(f"sqlite:///{tmp_path / 'new.db'}") == tmp_path / "new.db"

"""Test set-up shared by every depth: no screen needed, a fresh SQLite file per test.

Qt and the app are imported inside the fixtures, so a broken UI import cannot stop the domain
tests from being collected.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def no_practice_protocols(tmp_path_factory, monkeypatch):
    """Only the shipped protocols, whatever this machine's user data folder holds: a test that
    wants another protocol names its folder in $PSOAS_PROTOCOLS."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
    monkeypatch.delenv("PSOAS_PROTOCOLS", raising=False)


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'psoas.db'}"


@pytest.fixture
def window(qtbot, database_url):
    """The whole app, built by the contract's create_main_window, at tablet size."""
    from psoas_desktop.app import create_main_window

    win = create_main_window(database_url)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def store(database_url):
    """A second, independent repository on the same file: what was really committed."""
    from psoas_desktop.app import open_repository

    return open_repository(database_url)


@pytest.fixture
def driver(qtbot, window):
    from tests.driver import Driver

    return Driver(qtbot, window)

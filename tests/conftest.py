"""Test set-up shared by every depth: no screen needed, a fresh SQLite file per test."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QPushButton, QWidget  # noqa: E402

from psoas_desktop.app import create_main_window, open_repository  # noqa: E402


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'psoas.db'}"


@pytest.fixture
def window(qtbot, database_url):
    win = create_main_window(database_url)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def store(database_url):
    """A second, independent repository on the same file: what was really committed."""
    return open_repository(database_url)


class Driver:
    """Taps through the app by objectName, as a therapist's finger would."""

    def __init__(self, qtbot, window) -> None:
        self.qtbot = qtbot
        self.window = window

    def visible(self, name: str, kind: type = QWidget) -> QWidget:
        for w in self.window.findChildren(kind, name):
            if w.isVisible():
                return w
        raise AssertionError(f"no visible widget named {name!r}")

    def tap(self, name: str) -> None:
        widget = self.visible(name, QPushButton)
        assert widget.isEnabled(), f"{name} is disabled"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def text(self, name: str) -> str:
        return self.visible(name).text()

    def add_client(self, name: str) -> None:
        self.tap("newClientButton")
        edit = self.visible("clientNameEdit")
        self.qtbot.keyClicks(edit, name)
        self.tap("saveClientButton")

    def key(self, key: Qt.Key) -> None:
        self.qtbot.keyClick(self.window.stack.currentWidget(), key)


@pytest.fixture
def driver(qtbot, window) -> Driver:
    return Driver(qtbot, window)

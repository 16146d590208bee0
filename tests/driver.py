"""Taps through the app by objectName, as a therapist's finger would (used by GUI tests)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QScrollArea, QWidget


class Driver:
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
        self.scroll_to(widget)
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def scroll_to(self, widget: QWidget) -> None:
        """Scroll any enclosing scroll area so the widget is on screen, as a finger would."""
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(widget)
            parent = parent.parentWidget()

    def text(self, name: str) -> str:
        return self.visible(name).text()

    def add_client(self, name: str) -> None:
        self.tap("newClientButton")
        self.qtbot.keyClicks(self.visible("clientNameEdit"), name)
        self.tap("saveClientButton")

    def key(self, key: Qt.Key) -> None:
        self.qtbot.keyClick(self.window.stack.currentWidget(), key)

"""Taps through the app by objectName, as a therapist's finger would (used by GUI tests)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QScrollArea, QWidget

from psoas_desktop.domain.presses import NEXT_BOUNCE_SECONDS, REP_BOUNCE_SECONDS

NEXT_KEYS = (Qt.Key.Key_PageDown, Qt.Key.Key_Right)
# A person's rhythm: a second Next with nothing between, or a second rep, comes after the bounce
# windows of SPEC 3.3 (tests of bouncing press with qtbot directly, without the driver).
PAUSE_AFTER = {"next": NEXT_BOUNCE_SECONDS + 0.05, "rep": REP_BOUNCE_SECONDS + 0.05}


class Driver:
    def __init__(self, qtbot, window) -> None:
        self.qtbot = qtbot
        self.window = window
        self._last: dict[str, float] = {}  # when Next and Rep done were last pressed

    def _pace(self, kind: str | None) -> None:
        """Wait as a person would before a press that would otherwise count as a bounce: a Next
        right after a Next (any other input resets that), a Rep done right after a Rep done."""
        if kind is None:
            self._last.pop("next", None)
            return
        if kind in self._last:
            left = PAUSE_AFTER[kind] - (time.monotonic() - self._last[kind])
            if left > 0:
                self.qtbot.wait(int(left * 1000) + 1)
        if kind == "rep":
            self._last.pop("next", None)
        self._last[kind] = time.monotonic()

    def visible(self, name: str, kind: type = QWidget) -> QWidget:
        for w in self.window.findChildren(kind, name):
            if w.isVisible():
                return w
        raise AssertionError(f"no visible widget named {name!r}")

    def tap(self, name: str) -> None:
        widget = self.visible(name, QPushButton)
        assert widget.isEnabled(), f"{name} is disabled"
        self.scroll_to(widget)
        self._pace({"nextButton": "next", "repDoneButton": "rep"}.get(name))
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
        kind = "next" if key in NEXT_KEYS else "rep" if key == Qt.Key.Key_Space else None
        if kind == "next" and self.window.stack.currentWidget() is self.window.wizard:
            view = self.window.wizard.steps[self.window.wizard.current_step]
            if getattr(view, "planned_done", True) is False:
                kind = "rep"  # in the rep coach the main key is Rep done until the plan is met
        self._pace(kind)
        self.qtbot.keyClick(self.window.stack.currentWidget(), key)

    def taps(self, name: str, times: int) -> None:
        for _ in range(times):
            self.tap(name)

    def measure(self, left: str | int, right: str | int) -> None:
        """Enter both legs on a measurement step: a number of plus taps, or a button's name
        suffix ('Touches', 'Unchanged')."""
        for side, how in (("left", left), ("right", right)):
            if isinstance(how, int):
                self.taps(f"{side}Plus", how)
            else:
                self.tap(f"{side}{how}")

    # --- moving through a session with plain entries -----------------------------------
    def start_session(self, name: str) -> None:
        self.add_client(name)
        self.tap("startSessionButton")

    def complete_step(self) -> None:
        """Make the shown step's plainest entries, as a therapist in a hurry would, then Next:
        the screen answered, untouched legs 'Touches table' (or 'Same as before'), the direction
        shown as chosen tapped, one rep."""
        wizard = self.window.wizard
        title = self.text("stepTitle")
        if title == "Check-in" and not wizard.next.isEnabled():
            self.tap("screenAllClearButton")
        elif title == "First direction":
            for name in ("directionLeftButton", "directionRightButton"):
                if self.visible(name).isChecked():
                    self.tap(name)
                    break
        elif title.startswith("Open-book"):
            self.tap("repDoneButton")
        elif title in ("Starting point",) or title.startswith("Re-test"):
            for side in ("left", "right"):
                if self.text(f"{side}Value") == "—":
                    self.tap(f"{side}{'Touches' if title == 'Starting point' else 'Unchanged'}")
        self.tap("nextButton")

    def advance_to(self, title: str) -> None:
        for _ in range(8):
            if self.text("stepTitle") == title:
                return
            self.complete_step()
        assert self.text("stepTitle") == title

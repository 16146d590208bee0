"""A scripted session tapped in a child process, killed with SIGKILL after a chosen action.

Run as `python scripted_session.py DATABASE_URL KILL_AFTER`: it taps through a whole session with
real widgets and, after action number KILL_AFTER, prints what the screen holds (as `facts`) and
kills itself, as a flat battery would. Typed text is given time to reach its save (SPEC: within a
second of the last keystroke) only where the script says so.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time

from psoas_desktop.domain.model import Session


def facts(session: Session) -> dict:
    """What a therapist entered, in a form two processes can compare."""
    ci, summary = session.check_in, session.summary
    return {
        "pain_before": ci.pain_before,
        "locations": sorted(ci.pain_locations),
        "changes": ci.changes_since_last,
        "answered": ci.red_flags_answered,
        "method": str(session.method),
        "first": str(session.first_direction) if session.first_direction else None,
        "values": sorted([str(m.timepoint), m.side.value, list(m.readings)]
                         for m in session.measurements),
        "reps": sorted([str(b.direction), len(b.reps), b.skipped] for b in session.blocks
                       if b.reps or b.skipped),
        "felt": summary.felt_better.value if summary.felt_better else None,
        "pain_after": summary.pain_after,
        "notes": summary.notes,
    }


# (kind, argument): tap a button, type into a field, or wait (seconds of the event loop).
ACTIONS: list[tuple[str, str]] = [
    ("tap", "painBefore4"), ("tap", "pain_low_back"), ("type", "changesEdit=Slept better"),
    ("wait", "1.2"), ("tap", "screenAllClearButton"), ("tap", "nextButton"),
    ("tap", "leftPlus"), ("tap", "leftPlus"), ("tap", "rightTouches"), ("tap", "nextButton"),
    ("tap", "directionRightButton"), ("tap", "nextButton"),
    ("tap", "repDoneButton"), ("wait", "0.6"), ("tap", "repDoneButton"), ("tap", "nextButton"),
    ("tap", "leftMinus"), ("tap", "rightUnchanged"), ("tap", "nextButton"),
    ("tap", "repDoneButton"), ("tap", "nextButton"),
    ("tap", "leftTouches"), ("tap", "rightUnchanged"), ("tap", "nextButton"),
    ("tap", "felt_first"), ("tap", "painAfter2"), ("type", "summaryNotes=Calm afterwards"),
    ("wait", "1.2"),
]


def main() -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QPushButton

    from psoas_desktop.app import create_main_window

    url, kill_after = sys.argv[1], int(sys.argv[2])
    app = QApplication([])
    window = create_main_window(url)
    window.resize(1280, 800)
    window.show()

    def tap(name: str) -> None:
        [button] = [b for b in window.findChildren(QPushButton, name) if b.isVisible()]
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        app.processEvents()

    def wait(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    tap("newClientButton")
    QTest.keyClicks(window.findChild(QLineEdit, "clientNameEdit"), "Killed Mid-Session")
    tap("saveClientButton")
    tap("startSessionButton")
    for index, (kind, argument) in enumerate(ACTIONS):
        if kind == "tap":
            tap(argument)
        elif kind == "type":
            name, text = argument.split("=", 1)
            field = window.findChild(QLineEdit, name) or window.findChild(QPlainTextEdit, name)
            field.setFocus()
            QTest.keyClicks(field, text)
        else:
            wait(float(argument))
        if index == kill_after:
            wizard = window.wizard
            on_screen = facts(wizard.steps[wizard.current_step].apply(wizard.session))
            title = wizard.session.protocol.steps[wizard.current_step].title
            print(json.dumps({"facts": on_screen, "step": title}), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()

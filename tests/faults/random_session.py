"""A seeded random session tapped in a child process, killed with SIGKILL at a chosen point.

`random_script(rng)` writes a whole session as taps, typing and waits (different entries, counts
and detours for every seed). Run as
`python random_session.py DATABASE_URL SCRIPT_JSON START KILL_AFTER DELAY`: with START 0 it adds
the script's client and starts a session, otherwise it taps Resume on home and prints where the
session reopened and what it shows; then it plays the actions from START and, after action
KILL_AFTER and DELAY more seconds of the event loop (timers fire, saves land), prints what the
screen holds and kills itself, as a flat battery would. KILL_AFTER -1 plays to the end (Finish)
and exits normally.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.e2e.scripted_session import facts  # noqa: E402

Action = tuple[str, str]
FELT = ("felt_first", "felt_second", "felt_no_difference", "felt_not_sure")
LOCATIONS = ("pain_right_hip", "pain_left_hip", "pain_low_back", "pain_si_joint", "pain_other")
TYPED_SAVE_WAIT = "1.2"  # typed text is saved within a second of the last keystroke (SPEC 3.3)


def _measure(rng: random.Random, retest: bool) -> list[Action]:
    actions: list[Action] = []
    for side in ("left", "right"):
        how = rng.choice(("plus", "minus", "same") if retest else ("plus", "touches"))
        if how == "touches":
            actions.append(("tap", f"{side}Touches"))
        elif how == "same":
            actions.append(("tap", f"{side}Unchanged"))
        else:  # a minus at the method's floor changes nothing, so it follows a plus
            actions += [("tap", f"{side}Plus")] * rng.randint(1, 3)
            if how == "minus":
                actions.append(("tap", f"{side}Minus"))
    return actions


def _reps(rng: random.Random) -> list[Action]:
    actions: list[Action] = [("tap", "repDoneButton")] * rng.randint(1, 3)
    if rng.random() < 0.3:
        actions += [("tap", "repUndoButton"), ("tap", "repDoneButton")]
    return actions


def _detour(rng: random.Random) -> list[Action]:
    """Sometimes Back to the previous step and Next again, as a therapist checking a value."""
    return [("tap", "backButton"), ("tap", "nextButton")] if rng.random() < 0.25 else []


def random_script(rng: random.Random) -> list[Action]:
    """One whole session, from check-in to Finish, with entries drawn from `rng`."""
    s: list[Action] = []
    if rng.random() < 0.7:
        s.append(("tap", f"painBefore{rng.randint(0, 10)}"))
    s += [("tap", loc) for loc in rng.sample(LOCATIONS, rng.randint(0, 2))]
    if rng.random() < 0.5:
        s += [("type", f"changesEdit=Note {rng.randint(1, 999)}"), ("wait", TYPED_SAVE_WAIT)]
    s += [("tap", "screenAllClearButton"), ("tap", "nextButton")]
    s += _measure(rng, retest=False) + [("tap", "nextButton")] + _detour(rng)
    s += [("tap", rng.choice(("directionLeftButton", "directionRightButton"))), ("tap", "nextButton")]
    for _block in range(2):
        s += _reps(rng) + [("tap", "nextButton")] + _detour(rng)
        s += _measure(rng, retest=True) + [("tap", "nextButton")] + _detour(rng)
    s.append(("tap", rng.choice(FELT)))
    if rng.random() < 0.7:
        s.append(("tap", f"painAfter{rng.randint(0, 10)}"))
    if rng.random() < 0.5:
        s += [("type", f"summaryNotes=Calm {rng.randint(1, 999)}"), ("wait", TYPED_SAVE_WAIT)]
    s.append(("tap", "finishButton"))
    return s


def kill_points(script: list[Action], rng: random.Random, count: int) -> list[int]:
    """`count` distinct action indices to be killed after, never right after typing (text on
    screen for less than a second is not promised to be kept) and never after Finish."""
    allowed = [i for i, (kind, arg) in enumerate(script) if kind != "type" and arg != "finishButton"]
    return sorted(rng.sample(allowed, min(count, len(allowed))))


def main() -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QPushButton

    from psoas_desktop.app import create_main_window
    from psoas_desktop.domain.presses import NEXT_BOUNCE_SECONDS, REP_BOUNCE_SECONDS

    url, script_json, start, kill_after, delay = sys.argv[1:6]
    meta = json.loads(script_json)
    script: list[Action] = [tuple(a) for a in meta["actions"]]
    start_at, kill_at = int(start), int(kill_after)
    app = QApplication([])
    window = create_main_window(url)
    window.resize(1280, 800)
    window.show()
    last: dict[str, float] = {}
    pause = {"nextButton": NEXT_BOUNCE_SECONDS + 0.05, "repDoneButton": REP_BOUNCE_SECONDS + 0.05}

    def wait(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.005)

    def tap(name: str) -> None:
        """A person's rhythm: a second Next or Rep done only after its bounce window."""
        [button] = [b for b in window.findChildren(QPushButton, name) if b.isVisible()]
        if not button.isEnabled():
            raise SystemExit(f"{name} is disabled at {window.wizard.session.protocol.steps[window.wizard.current_step].title}")
        if name in pause and name in last:
            wait(pause[name] - (time.monotonic() - last[name]))
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        last[name] = time.monotonic()
        app.processEvents()

    reached = [0]  # the furthest step shown: where a resume reopens (Back keeps completed steps)

    def on_screen() -> dict:
        wizard = window.wizard
        reached[0] = max(reached[0], int(wizard.current_step))
        return {"facts": facts(wizard.steps[wizard.current_step].apply(wizard.session)),
                "step": wizard.session.protocol.steps[wizard.current_step].title, "reached": reached[0]}

    if start_at == 0:
        tap("newClientButton")
        QTest.keyClicks(window.findChild(QLineEdit, "clientNameEdit"), meta["client"])
        tap("saveClientButton")
        tap("startSessionButton")
    else:
        tap("resumeButton")
        print(json.dumps({"resumed": on_screen()}), flush=True)
    for index in range(start_at, len(script)):
        kind, argument = script[index]
        if kind == "tap":
            if argument == "finishButton":
                print(json.dumps({"before_finish": on_screen()}), flush=True)
            tap(argument)
        elif kind == "type":
            name, text = argument.split("=", 1)
            field = window.findChild(QLineEdit, name) or window.findChild(QPlainTextEdit, name)
            field.setFocus()
            QTest.keyClicks(field, text)
        else:
            wait(float(argument))
        if window.wizard.session is not None:
            on_screen()
        if index == kill_at:
            wait(float(delay))
            print(json.dumps({"killed": on_screen()}), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
    print(json.dumps({"finished": window.wizard.session is None}), flush=True)


if __name__ == "__main__":
    main()

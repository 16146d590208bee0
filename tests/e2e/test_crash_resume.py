"""Killing the process mid-session loses no completed step, and the next start offers to resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from psoas_desktop.app import create_main_window
from psoas_desktop.domain.model import Side, Timepoint
from tests.driver import Driver

TAP_AND_DIE = textwrap.dedent("""
    import os, signal, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton
    from psoas_desktop.app import create_main_window

    app = QApplication([])
    window = create_main_window(sys.argv[1])
    window.show()

    def tap(name):
        [button] = [b for b in window.findChildren(QPushButton, name) if b.isVisible()]
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    tap("newClientButton")
    QTest.keyClicks(window.findChild(QLineEdit, "clientNameEdit"), "Killed Mid-Session")
    tap("saveClientButton")
    tap("startSessionButton")
    tap("screenAllClearButton")
    tap("nextButton")
    for _ in range(4):
        tap("leftPlus")
    tap("rightPlus")
    tap("nextButton")       # baseline saved: left 2.0, right 0.5
    tap("directionLeftButton")  # on the direction step now; not completed with Next
    print("about to die", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_killed_process_keeps_completed_steps_and_offers_resume(qtbot, database_url, store, tmp_path):
    """SIGKILL after the baseline step: the new start shows resumeButton at step 3, values intact."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    script = tmp_path / "tap_and_die.py"
    script.write_text(TAP_AND_DIE)
    result = subprocess.run([sys.executable, str(script), database_url], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert "about to die" in result.stdout

    window = create_main_window(database_url)
    qtbot.addWidget(window)
    window.show()
    driver = Driver(qtbot, window)
    assert "Killed Mid-Session" in driver.text("resumeText")
    driver.tap("resumeButton")
    assert driver.text("stepTitle") == "First direction"
    driver.tap("backButton")
    assert driver.text("leftValue") == "2.0 cm"
    assert driver.text("rightValue") == "0.5 cm"
    [session] = store.sessions_in_progress()
    assert session.value(Timepoint.BASELINE, Side.LEFT) == 2.0
    assert session.check_in.red_flags_answered

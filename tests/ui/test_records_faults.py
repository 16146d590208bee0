"""Faults under the wizard (SPEC 8.1): the records file moved or deleted mid-session is said in a
sentence the therapist understands, and the entries stay on screen."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.engine import make_url


def _close_next_message(seen: list[str]) -> None:
    """Read and close the next message box (the wizard's problem message) when it opens."""

    def close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, close)
            return
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(20, close)


def test_deleted_database_mid_session_says_so_and_keeps_entries(driver, database_url):
    """The file deleted during the check-in: Next says it was moved or deleted, the step and its
    entries stay, and a second Next fails the same way (never 'saved' into a vanished file)."""
    driver.start_session("Vanishing File")
    driver.tap("screenAllClearButton")
    driver.tap("painBefore4")
    os.unlink(Path(make_url(database_url).database))
    seen: list[str] = []
    _close_next_message(seen)
    driver.tap("nextButton")
    driver.qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert "moved, renamed or deleted" in seen[0]
    assert driver.text("stepTitle") == "Check-in"
    assert driver.visible("painBefore4").isChecked()
    assert "moved, renamed or deleted" in driver.text("saveProblem")
    _close_next_message(seen)
    driver.tap("nextButton")
    driver.qtbot.waitUntil(lambda: len(seen) == 2, timeout=3000)
    assert driver.text("stepTitle") == "Check-in"
    assert not Path(make_url(database_url).database).exists()

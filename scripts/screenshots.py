"""Writes screenshots of every wizard step and the client page to docs/screenshots/ (offscreen).

    python scripts/screenshots.py [--size 1280x800] [--out docs/screenshots] [--suffix ""]

It drives the real app through its widgets on a throw-away database, as a therapist would.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QColor, QPainter  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--suffix", default="")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from psoas_desktop.app import create_main_window

    with tempfile.TemporaryDirectory() as folder:
        window = create_main_window(f"sqlite:///{Path(folder) / 'shots.db'}")
        window.resize(width, height)
        window.show()

        def settle() -> None:
            for _ in range(3):
                app.processEvents()
            QTest.qWait(60)

        def shot(name: str) -> None:
            """The window, with any dialog open over it drawn where it stands."""
            settle()
            path = out / f"{name}{args.suffix}.png"
            picture = window.grab()
            dialog = QApplication.activeModalWidget()
            if dialog is not None and dialog is not window:
                painter = QPainter(picture)
                spot = dialog.frameGeometry().topLeft() - window.geometry().topLeft()
                painter.fillRect(picture.rect(), QColor(0, 0, 0, 90))
                painter.drawPixmap(spot, dialog.grab())
                painter.end()
            picture.save(str(path))
            print(path)

        def tap(name: str, times: int = 1) -> None:
            for _ in range(times):
                [button] = [b for b in window.findChildren(QPushButton, name) if b.isVisible()]
                parent = button.parentWidget()
                while parent is not None:
                    if isinstance(parent, QScrollArea):
                        parent.ensureWidgetVisible(button)
                    parent = parent.parentWidget()
                QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            settle()

        for name in ("Anna Berg", "Ben Okafor", "Chiara Rossi"):
            tap("newClientButton")
            window.findChild(QLineEdit, "clientNameEdit").setText(name)
            tap("saveClientButton")
        shot("home")
        tap("startSessionButton")
        tap("screenAllClearButton")
        tap("painBefore3")
        shot("check_in")
        tap("nextButton")
        shot("baseline_not_entered")
        tap("leftPlus", 5)
        tap("rightPlus", 1)
        shot("baseline")
        tap("nextButton")
        tap("directionLeftButton")
        shot("direction")
        tap("nextButton")
        QTest.qWait(450)  # a second Next this soon, with nothing between, would be a bounce
        tap("nextButton")
        shot("skip_question")
        tap("cancelSkipButton")
        tap("repDoneButton")
        QTest.qWait(1500)
        shot("rep_coach")
        for _ in range(2):
            QTest.qWait(550)  # a rep takes seconds; a quicker press is a bounce
            tap("repDoneButton")
        tap("nextButton")
        tap("leftMinus", 3)
        shot("retest")
        tap("rightUnchanged")
        tap("nextButton")
        tap("repDoneButton")
        tap("leaveButton")
        shot("leave_dialog")
        tap("cancelLeaveButton")
        tap("nextButton")
        tap("leftMinus", 1)
        tap("rightUnchanged")
        tap("nextButton")
        tap("felt_first")
        shot("summary")
        tap("finishButton")
        window.close()

        from psoas_desktop.app import open_repository
        from psoas_desktop.demo import seed_demo

        demo_url = f"sqlite:///{Path(folder) / 'demo.db'}"
        seed_demo(open_repository(demo_url))
        window = create_main_window(demo_url)
        window.resize(width, height)
        window.show()
        rows = window.findChild(QListView, "clientList")
        first_row = rows.visualRect(rows.model().index(0, 0)).center()
        QTest.mouseClick(rows.viewport(), Qt.MouseButton.LeftButton, pos=first_row)
        settle()
        shot("home_demo")
        tap("openClientButton")
        shot("client")
        tap("reviewButton")
        shot("review")
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

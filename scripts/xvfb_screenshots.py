"""Screenshots of every screen at the clinic's five window sizes, from a real X window.

    make xvfb-screenshots            # starts Xvfb and openbox (scripts/xvfb-screenshots.sh)
    DISPLAY=:93 python scripts/xvfb_screenshots.py [--out docs/screenshots/sizes]

Unlike scripts/screenshots.py (offscreen grabs), this runs the app on the xcb platform under a
window manager: the window is resized by the window manager (xdotool) and captured from the X
screen with ImageMagick's `import`, title bar and any dialog included, as a person would see it.
The demo records (psoas_desktop.demo) fill the client page; a session of the first demo client
walks the wizard. Each picture is written as an 8-bit PNG to keep the folder small.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

SIZES = ((720, 560), (1024, 600), (1280, 800), (800, 1280), (1920, 1080))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/screenshots/sizes")
    parser.add_argument("--only", default="", help="comma-separated screen names")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        print("Set DISPLAY to an X server with a window manager (see the docstring).")
        return 2
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    only = {s for s in args.only.split(",") if s}

    from PySide6.QtCore import QRect, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QListView, QPushButton, QScrollArea

    app = QApplication(sys.argv[:1])
    from psoas_desktop.app import configure_application, create_main_window, open_repository
    from psoas_desktop.demo import seed_demo

    configure_application(app)
    folder = tempfile.mkdtemp(prefix="psoas-shots-")
    url = f"sqlite:///{Path(folder) / 'demo.db'}"
    seed_demo(open_repository(url))
    window = create_main_window(url)
    window.resize(1280, 800)  # mapped smaller than the screen: openbox decorates it (a screen-
    window.show()             # sized window is taken for full screen and gets no title bar)

    def settle(ms: int = 150) -> None:
        for _ in range(5):
            app.processEvents()
        QTest.qWait(ms)

    def extents() -> tuple[int, int, int, int]:
        """The window manager's frame around the window: left, right, top (title bar), bottom."""
        out = subprocess.run(["xprop", "-id", str(int(window.winId())), "_NET_FRAME_EXTENTS"],
                             capture_output=True, text=True, check=True).stdout
        if "=" not in out:
            return 0, 0, 0, 0
        left, right, top, bottom = (int(v) for v in out.split("=")[1].split(","))
        return left, right, top, bottom

    def resize(width: int, height: int) -> None:
        window.showNormal()
        settle(50)
        subprocess.run(["xdotool", "windowsize", str(int(window.winId())), str(width), str(height)],
                       check=True)
        left, _right, top, _bottom = extents()  # the title bar on screen, at the top left
        subprocess.run(["xdotool", "windowmove", str(int(window.winId())), str(left), str(top)],
                       check=True)
        for _ in range(20):
            settle(50)
            if (window.width(), window.height()) == (width, height):
                break
        settle(200)

    def frame_rect() -> QRect:
        """Where the window, title bar and border included, is on the screen."""
        left, right, top, bottom = extents()
        inner = window.geometry()
        return QRect(inner.x() - left, inner.y() - top, inner.width() + left + right,
                     inner.height() + top + bottom)

    def capture(name: str, width: int, height: int) -> None:
        settle(250)
        area = frame_rect()
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog is not window:
            area = area.united(dialog.frameGeometry())
        area = area.intersected(QRect(0, 0, 1920, 1320))
        path = out / f"{name}_{width}x{height}.png"
        subprocess.run(["import", "-window", "root", "-crop",
                        f"{area.width()}x{area.height()}+{area.x()}+{area.y()}", "+repage",
                        "-colors", "256", f"PNG8:{path}"], check=True)
        print(path, f"(window {window.width()}x{window.height()}, frame {area.getRect()})", flush=True)
        if os.environ.get("SHOTS_DEBUG"):
            subprocess.run(["import", "-window", "root", "-resize", "40%", f"/tmp/root_{name}_{width}.png"])

    def tap(name: str, times: int = 1) -> None:
        for _ in range(times):
            if name in ("nextButton", "repDoneButton"):
                QTest.qWait(600)  # a person's rhythm: a quicker second press is a bounce
            buttons = [b for b in window.findChildren(QPushButton, name) if b.isVisible()]
            dialog = QApplication.activeModalWidget()
            if not buttons and dialog is not None:
                buttons = [b for b in dialog.findChildren(QPushButton, name) if b.isVisible()]
            [button] = buttons
            parent = button.parentWidget()
            while parent is not None:
                if isinstance(parent, QScrollArea):
                    parent.ensureWidgetVisible(button)
                parent = parent.parentWidget()
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            settle(60)

    def every_size(name: str, before: Callable[[], None] | None = None,
                   after: Callable[[], None] | None = None) -> None:
        """The screen at each size; `before`/`after` open and close a dialog at each size."""
        if only and name not in only:
            return
        for width, height in SIZES:
            resize(width, height)
            if before is not None:
                before()
            capture(name, width, height)
            if after is not None:
                after()

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            dialog.reject()
        settle(100)
        window.activateWindow()

    # --- home, the client page, review mode, a past session ------------------------------
    window.show_home()
    rows = window.findChild(QListView, "clientList")
    QTest.mouseClick(rows.viewport(), Qt.MouseButton.LeftButton,
                     pos=rows.visualRect(rows.model().index(0, 0)).center())
    settle()
    every_size("home")
    every_size("client_dialog", lambda: tap("newClientButton"), close_dialog)
    every_size("sem_dialog", lambda: tap("semButton"), close_dialog)
    tap("openClientButton")
    every_size("client")
    tap("reviewButton")
    for chip in ("Legs", "Difference", "Direction", "Today"):
        tap(f"review{chip}Chip")
        every_size(f"review_{chip.lower()}")
    tap("reviewCloseButton")
    sessions = [v for v in window.findChildren(QListView, "sessionList") if v.isVisible()][0]
    QTest.mouseClick(sessions.viewport(), Qt.MouseButton.LeftButton,
                     pos=sessions.visualRect(sessions.model().index(0, 0)).center())
    settle()
    every_size("past_session")
    tap("sessionBackButton")

    # --- a session through the wizard ---------------------------------------------------
    tap("startSessionButton")
    every_size("check_in")
    tap("screenAllClearButton")
    tap("painBefore3")
    every_size("check_in_answered")
    every_size("leave_dialog", lambda: tap("leaveButton"), close_dialog)
    every_size("stop_form", lambda: tap("stopButton"), close_dialog)
    tap("nextButton")
    every_size("baseline_not_entered")
    tap("leftPlus", 4)
    tap("leftAddReading")
    tap("leftPlus", 5)  # the card shows the average, 4.5
    tap("rightPlus", 2)
    tap("settleButton")
    every_size("baseline")
    tap("settleButton")
    tap("nextButton")
    every_size("direction")
    choices = [b for name in ("directionLeftButton", "directionRightButton")
               for b in window.findChildren(QPushButton, name) if b.isVisible()]
    if not any(b.isChecked() for b in choices):
        tap("directionLeftButton")
    tap("nextButton")
    QTest.qWait(450)
    every_size("skip_question", lambda: tap("nextButton"), close_dialog)
    tap("repDoneButton")
    QTest.qWait(1500)
    every_size("rep_coach")
    for _ in range(2):
        QTest.qWait(550)
        tap("repDoneButton")
    every_size("rep_coach_done")
    tap("nextButton")
    tap("leftMinus", 3)
    every_size("retest")
    tap("rightUnchanged")
    tap("nextButton")
    tap("repDoneButton")
    QTest.qWait(550)
    tap("nextButton")
    tap("leftMinus", 1)
    tap("rightUnchanged")
    tap("nextButton")
    tap("felt_first")
    every_size("summary")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

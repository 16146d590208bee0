"""About: the version, where the records, backups and logs live, and the licences (the app's,
Qt's LGPL notice and the third-party notices shipped in resources/)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME, __version__
from ..resources import resource, resource_root
from .app_icon import app_icon
from .widgets.touch import button, label

QT_NOTICE = (
    "Psoas Desktop uses Qt and Qt for Python (PySide6) under the GNU Lesser General Public "
    "License version 3 (LGPL-3.0). Qt is a trademark of The Qt Company Ltd. The Qt libraries are "
    "shipped unmodified as separate files, which you may replace with your own build; the "
    "licence texts and where to get Qt's source are in the notices below."
)


@dataclass(frozen=True)
class AboutInfo:
    """What the About box shows about this installation (found by the app, not by the UI)."""

    records: str  # the database file, or a server address
    backups: str
    logs: Path


def open_folder(folder: Path) -> bool:
    """Open a folder in the desktop's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def licence_text() -> str:
    """The app's LICENSE: beside the frozen executable, in the checkout, or in the wheel's metadata."""
    candidates = [resource_root().parent / "LICENSE"]
    if getattr(sys, "frozen", False):
        candidates.insert(0, Path(sys.executable).parent / "LICENSE")
    for path in candidates:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:
        return metadata.distribution("psoas-desktop").read_text("licenses/LICENSE") or ""
    except metadata.PackageNotFoundError:
        return ""


def notices_text() -> str:
    """LICENSE, then THIRD_PARTY_NOTICES.txt, as shown on the Licences tab."""
    notices = resource("THIRD_PARTY_NOTICES.txt").read_text(encoding="utf-8")
    return "\n\n".join(unwrap(part) for part in (licence_text().strip(), notices) if part)


def unwrap(text: str, wrapped_at: int = 60) -> str:
    """Join lines the files wrapped by hand (a long line followed by more words), so the text
    box can wrap them to its own width; short lines (headings, list items) keep their breaks."""
    lines: list[str] = []
    for line in text.splitlines():
        previous = lines[-1] if lines else ""
        if len(previous) >= wrapped_at and line.strip() and not line.lstrip()[:2].isdigit() \
                and not line.lstrip().startswith(("-", "*", "1.", "2.", "3.")):
            lines[-1] = f"{previous.rstrip()} {line.strip()}"
        else:
            lines.append(line)
    return "\n".join(lines)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None, info: AboutInfo,
                 opener: Callable[[Path], bool] = open_folder) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"About {APP_NAME}")
        self._info = info
        self._opener = opener
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)

        head = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        head.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        names = QVBoxLayout()
        names.addWidget(label(APP_NAME, "title", "aboutTitle", wrap=False))
        names.addWidget(label(f"Version {__version__}", "muted", "aboutVersion", wrap=False))
        head.addLayout(names, 1)
        layout.addLayout(head)

        tabs = QTabWidget()
        tabs.setObjectName("aboutTabs")
        tabs.addTab(self._about_page(), "This app")
        tabs.addTab(self._licences_page(), "Licences")
        layout.addWidget(tabs, 1)

        close = button("Close", "aboutCloseButton", "primary", self.accept)
        about_qt = button("About Qt", "aboutQtButton", "secondary", lambda: QMessageBox.aboutQt(self))
        row = QHBoxLayout()
        row.addWidget(about_qt)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self._fit_screen()

    def _about_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        layout.addWidget(label(
            "A table-side guide for the supine psoas test and thoracic open-book rotations. "
            "Your records stay on this computer, readable by you only; the app makes no network "
            "connection.", ""))
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        rows = (("Records", self._info.records, "aboutRecords"),
                ("Backups", self._info.backups, "aboutBackups"),
                ("Logs", str(self._info.logs), "aboutLogs"))
        for row, (name, value, object_name) in enumerate(rows):
            grid.addWidget(label(name, "subtitle", wrap=False), row, 0, Qt.AlignmentFlag.AlignTop)
            text = label(value, "", object_name)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(text, row, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.log_button = button("Open log folder", "openLogFolderButton", "secondary",
                                 self._open_logs)
        self.log_problem = label("", "hint", "logFolderProblem")
        self.log_problem.hide()
        row = QHBoxLayout()
        row.addWidget(self.log_button)
        row.addWidget(self.log_problem, 1)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _licences_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(label(
            f"{APP_NAME} © 2026 the {APP_NAME} authors. Proprietary software: see the licence "
            "below.", ""))
        layout.addWidget(label(QT_NOTICE, "muted", "qtNotice"))
        text = QPlainTextEdit(notices_text())
        text.setObjectName("noticesText")
        text.setReadOnly(True)
        text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        text.setStyleSheet("font-size: 15px;")  # a long read, not a touch target
        layout.addWidget(text, 1)
        return page

    def _open_logs(self) -> None:
        folder = self._info.logs
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self._opener(folder):
            self.log_problem.setText(f"No file manager answered; the logs are in {folder}.")
            self.log_problem.show()

    def _fit_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        width, height = 880, 720
        if available is not None:
            width = min(width, available.width() - 40)
            height = min(height, available.height() - 40)
        self.resize(width, height)

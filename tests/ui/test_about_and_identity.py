"""App identity (one place), the About box reached from home, and the remembered window geometry."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPlainTextEdit, QPushButton

from psoas_desktop import APP_ID, APP_NAME, ORGANIZATION_NAME, __version__
from psoas_desktop.app import about_info, configure_application
from psoas_desktop.ui.about_dialog import AboutDialog, AboutInfo
from psoas_desktop.ui.window_geometry import remember_geometry, restore_geometry


def test_the_application_carries_the_apps_identity(qapp) -> None:
    """Name, organisation, version and desktop file name from psoas_desktop/__init__.py; an icon."""
    configure_application(qapp)
    assert (qapp.applicationName(), qapp.organizationName()) == (APP_NAME, ORGANIZATION_NAME)
    assert qapp.applicationVersion() == __version__
    assert qapp.desktopFileName() == APP_ID
    assert not qapp.windowIcon().isNull()
    assert {s.width() for s in qapp.windowIcon().availableSizes()} >= {16, 32, 48, 256}


def test_home_about_button_opens_the_about_box(qtbot, window, database_url) -> None:
    """aboutButton on home opens the About box with the version and this window's records."""
    about = window.findChild(QPushButton, "aboutButton")
    assert about is not None and about.isVisible()
    qtbot.mouseClick(about, Qt.MouseButton.LeftButton)
    dialog = window.findChild(AboutDialog, "aboutDialog")
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert dialog.findChild(QLabel, "aboutVersion").text() == f"Version {__version__}"
    records = database_url.removeprefix("sqlite:///")
    assert dialog.findChild(QLabel, "aboutRecords").text() == records
    assert "psoas-desktop" in dialog.findChild(QLabel, "aboutLogs").text()
    qtbot.mouseClick(dialog.findChild(QPushButton, "aboutCloseButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_about_box_shows_the_licences(qtbot, tmp_path) -> None:
    """The app's licence, Qt's LGPL notice and the third-party notices are all on the Licences tab."""
    dialog = AboutDialog(None, AboutInfo("records.db", "backups", tmp_path))
    qtbot.addWidget(dialog)
    notices = dialog.findChild(QPlainTextEdit, "noticesText").toPlainText()
    for words in ("LicenseRef-Proprietary", "LGPL-3.0", "PySide6", "pyqtgraph", "SQLAlchemy",
                  "Alembic", "MIT License"):
        assert words in notices
    assert "LGPL" in dialog.findChild(QLabel, "qtNotice").text()


def test_open_log_folder_opens_the_logs_in_the_file_manager(qtbot, tmp_path) -> None:
    """The button hands the log folder (made if missing) to the desktop; a refusal is explained."""
    logs = tmp_path / "state" / "log"
    opened: list[Path] = []
    dialog = AboutDialog(None, AboutInfo("records.db", "backups", logs),
                         opener=lambda folder: opened.append(folder) or False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.findChild(QPushButton, "openLogFolderButton"),
                     Qt.MouseButton.LeftButton)
    assert opened == [logs] and logs.is_dir()
    problem = dialog.findChild(QLabel, "logFolderProblem")
    assert problem.isVisible() and str(logs) in problem.text()


def test_about_info_names_the_records_backups_and_logs(tmp_path) -> None:
    """For an SQLite file: its path, the folder of its backups, and the user log folder."""
    info = about_info(f"sqlite:///{tmp_path / 'psoas.db'}")
    assert info.records == str(tmp_path / "psoas.db")
    assert info.backups == str(tmp_path / "backups")
    assert info.logs.name in ("log", "psoas-desktop", "Logs") or "psoas-desktop" in str(info.logs)
    server = about_info("postgresql://therapist:secret@clinic.example/psoas")
    assert "secret" not in server.records and "clinic.example" in server.records


def test_first_open_fills_the_screen_and_the_geometry_is_remembered(qtbot, tmp_path) -> None:
    """Nothing remembered: maximized on the screen's available area. Closed at a size and place,
    the next window on this machine opens there."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = QMainWindow()
    first.setMinimumSize(400, 300)
    qtbot.addWidget(first)
    assert restore_geometry(first, settings) is False
    assert first.windowState() & Qt.WindowState.WindowMaximized
    available = QApplication.primaryScreen().availableGeometry()
    assert first.width() <= available.width() and first.height() <= available.height()
    first.setWindowState(Qt.WindowState.WindowNoState)
    remember_geometry(first, settings)
    first.show()
    size = (available.width() - 100, available.height() - 90)  # fits this screen
    first.resize(*size)
    first.move(available.x() + 30, available.y() + 40)
    qtbot.wait(20)
    first.close()

    second = QMainWindow()
    qtbot.addWidget(second)
    assert restore_geometry(second, settings) is True
    assert (second.width(), second.height()) == size
    assert not second.windowState() & Qt.WindowState.WindowMaximized

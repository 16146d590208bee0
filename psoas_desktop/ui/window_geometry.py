"""The main window's size and place, remembered per machine (QSettings, never the records).

The first open, with nothing remembered, fills the available area of the window's screen
(maximized; un-maximizing leaves a window a little smaller, centred), not a fixed size that may
not fit a small laptop or wastes a large monitor. Afterwards the last size, place and state
(maximized or not) come back; Qt moves a remembered window back onto a screen that still exists.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

KEY = "mainWindow/geometry"
NORMAL_SHARE = 0.9  # of the available area, for the un-maximized window on first open


def restore_geometry(window: QWidget, settings: QSettings | None = None) -> bool:
    """Put the window where it was last closed on this machine; True if there was such a place."""
    settings = settings if settings is not None else QSettings()
    saved = settings.value(KEY)
    if isinstance(saved, QByteArray | bytes | bytearray) and window.restoreGeometry(QByteArray(saved)):
        return True
    fit_to_screen(window)
    return False


def fit_to_screen(window: QWidget) -> None:
    """Fill the available area of the window's screen (maximized), for a first open."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area: QRect = screen.availableGeometry()
    minimum = window.minimumSize()
    size = QSize(max(minimum.width(), min(area.width(), int(area.width() * NORMAL_SHARE))),
                 max(minimum.height(), min(area.height(), int(area.height() * NORMAL_SHARE))))
    window.resize(size)
    window.move(area.x() + (area.width() - size.width()) // 2,
                area.y() + (area.height() - size.height()) // 2)
    window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def save_geometry(window: QWidget, settings: QSettings | None = None) -> None:
    settings = settings if settings is not None else QSettings()
    settings.setValue(KEY, window.saveGeometry())
    settings.sync()


class _SaveOnClose(QObject):
    def __init__(self, window: QWidget, settings: QSettings | None) -> None:
        super().__init__(window)
        self._settings = settings

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Close and isinstance(watched, QWidget):
            save_geometry(watched, self._settings)
        return False


def remember_geometry(window: QWidget, settings: QSettings | None = None) -> None:
    """Save the window's geometry whenever it closes (no change to the window's own code)."""
    window.installEventFilter(_SaveOnClose(window, settings))

"""The window opens at the screen's available size and full screen has an on-screen way out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def test_the_window_opens_at_the_available_screen_size(qtbot, database_url):
    """No remembered geometry: the window takes the screen's available area, not 1280x800."""
    from psoas_desktop.app import create_main_window

    window = create_main_window(database_url)
    qtbot.addWidget(window)
    available = QApplication.primaryScreen().availableGeometry().size()
    assert window.size() == available.expandedTo(window.minimumSize())


def test_exit_full_screen_button_shows_only_in_full_screen(driver):
    """F11 shows 'Exit full screen'; tapping it leaves full screen and hides it again."""
    window = driver.window
    button = window.exit_full_screen
    assert not button.isVisible()
    window.activateWindow()
    driver.qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_F11)
    driver.qtbot.waitUntil(window.isFullScreen)
    driver.qtbot.waitUntil(button.isVisible)
    driver.tap("exitFullScreenButton")
    driver.qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not button.isVisible()

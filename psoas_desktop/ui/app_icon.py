"""The app's icon, for the window, the task switcher and the About box.

Its own module so the start (app.configure_application) does not import the About box (issue 13).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from .. import APP_ID
from ..resources import resource

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The app's icon in every size shipped (crisp in title bars, docks and task switchers)."""
    icon = QIcon()
    folder = resource("icons", "hicolor")
    for size in ICON_SIZES:
        png = folder / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    return icon

"""Loads the one stylesheet and fills in its named values (`@define name: value`, used as `$name`)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication, QWidget

from ..resources import resource

_DEFINE = re.compile(r"^@define\s+(\w+):\s*(.+?)\s*$", re.MULTILINE)


def load_stylesheet() -> tuple[str, dict[str, str]]:
    text = resource("styles", "app.qss").read_text(encoding="utf-8")
    values = dict(_DEFINE.findall(text))
    for name in sorted(values, key=len, reverse=True):  # longest first: $line vs $line_x
        text = text.replace(f"${name}", values[name])
    return text, values


def apply_style(app: QApplication) -> dict[str, str]:
    """Apply the stylesheet to the app; returns the named values (colours for charts)."""
    sheet, values = load_stylesheet()
    if app.styleSheet() != sheet:  # setting it again re-polishes every widget alive
        app.setStyle("Fusion")
        app.setStyleSheet(sheet)
    return values


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget a stylesheet role (see app.qss) and re-polish it."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


PALETTE = {"left": "#2E6DA4", "right": "#B8732A", "band": "#2F6F73", "ink": "#1E2A30"}

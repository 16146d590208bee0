"""Save PNG: a non-blocking file dialog in front of `charts.base.save_chart_png`.

Exports go only where the therapist chooses (SPEC 8); the dialog opens with `open()`, so tests
and touch users alike find it open and the rest of the app keeps drawing.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from .messages import show_problem


def suggested_file_name(*parts: str) -> str:
    """e.g. 'Anna Berg - both legs - 2026-11-14.png', with characters a file system refuses removed."""
    words = [re.sub(r'[\\/:*?"<>|]+', " ", p).strip() for p in parts if p.strip()]
    return " - ".join([*words, date.today().isoformat()]) + ".png"


def ask_and_save_png(parent: QWidget, chart: QWidget, file_name: str,
                     folder: Path | None = None) -> QFileDialog:
    from ..charts.base import save_chart_png

    dialog = QFileDialog(parent, "Save chart as PNG", str((folder or Path.home()) / file_name))
    dialog.setObjectName("saveChartDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter("PNG image (*.png)")
    dialog.setDefaultSuffix("png")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # same on every platform, testable
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def save(path: str) -> None:
        try:
            save_chart_png(chart, path)
        except OSError as error:
            show_problem(parent, str(error), "Picture not saved")

    dialog.fileSelected.connect(save)
    dialog.open()
    return dialog

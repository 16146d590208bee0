"""Save PNG: a non-blocking file dialog in front of `charts.base.render_chart`.

Exports go only where the therapist chooses (SPEC 8); the dialog opens with `open()`, so tests
and touch users alike find it open and the rest of the app keeps drawing. The suggested file
name carries no client name (a file name is seen in folders, mail and backups); the picture
itself carries a title with the client, the date and the method, so a printed or mailed chart
is never anonymous to the therapist. The file is written owner-only through a temporary file
and a rename, and never over a database or any other SQLite file.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QWidget

from ..domain.protocol_def import MethodSpec, seed_protocol
from ..export.atomic import write_bytes_atomically
from .messages import show_problem

SQLITE_HEADER = b"SQLite format 3\x00"


class RefusedDestination(ValueError):
    """The chosen file is records, a folder, a device or a pipe; nothing was written."""


def check_picture_destination(target: Path) -> None:
    """Refuse any SQLite file (the database, a backup, another app's records) and anything
    that is not a regular file; a missing file or another regular file is fine (the dialog
    has asked before replacing it). The export package's check_destination reads the database
    probe, which the UI layer may not import, so the same rules are kept here for pictures."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return
    except OSError as error:
        raise RefusedDestination(f"{target} cannot be checked ({error.strerror}).") from None
    if not stat.S_ISREG(info.st_mode):
        raise RefusedDestination(f"{target} is not a regular file; pictures are saved as files only.")
    with open(target, "rb") as file:
        if file.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
            raise RefusedDestination(f"{target} holds records (an SQLite database or a backup); "
                                     "a picture never replaces them.")


@dataclass(frozen=True)
class ChartLabel:
    """What a saved chart is: `what` is 'trend' or 'session' (the file name's first word) and
    `caption` says it in words on the picture ('Both legs', 'Session of 14 Nov 2026')."""

    client: str
    what: str
    caption: str
    method: str | None  # a method key
    day: date
    spec: MethodSpec | None = None  # the method as the session's protocol defines it

    def file_name(self) -> str:
        """e.g. 'psoas-trend-gap-cm-2026-12-02.png': the date and the method, never the client."""
        words = ["psoas", self.what, str(self.method) if self.method else ""]
        stem = "-".join(re.sub(r"[^a-z0-9]+", "-", w.lower()).strip("-") for w in words if w)
        return f"{stem}-{self.day.isoformat()}.png"

    def picture_title(self) -> str:
        seed = seed_protocol()
        spec = self.spec or (seed.method(self.method) if self.method and seed.has_method(self.method)
                             else None)
        method = f"{spec.label} ({spec.unit})" if spec else ""
        parts = [self.client, self.caption, method, self.day.strftime("%d %b %Y").lstrip("0")]
        return " — ".join(p for p in parts if p)


def titled(image: QImage, title: str) -> QImage:
    """The chart with a white band above it holding `title` in dark text."""
    band = max(48, image.height() // 12)
    result = QImage(image.width(), image.height() + band, QImage.Format.Format_ARGB32)
    result.fill(QColor("white"))
    painter = QPainter(result)
    try:
        font = QFont()
        font.setPixelSize(int(band * 0.45))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#222222"))
        painter.drawText(24, 0, image.width() - 48, band,
                         int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), title)
        painter.drawImage(0, band, image)
    finally:
        painter.end()
    return result


def write_chart_png(chart: QWidget, path: str | Path, label: ChartLabel) -> Path:
    """Render `chart` with its title and write it owner-only, all at once, to `path` (.png
    added). Raises RefusedDestination for a database, SQLite file, folder, device or pipe, and
    OSError when the file cannot be written."""
    from ..charts.base import render_chart  # pyqtgraph only when a chart is saved

    chosen = Path(path)
    check_picture_destination(chosen)  # the records themselves, chosen by mistake
    target = chosen if chosen.suffix.lower() == ".png" else chosen.with_suffix(".png")
    check_picture_destination(target)
    image = titled(render_chart(chart), label.picture_title())
    image.setText("Title", label.picture_title())  # also in the PNG's text chunk, for readers
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if image.isNull() or not image.save(buffer, "PNG"):
        raise OSError(f"Could not draw the picture for {target}.")
    buffer.close()
    write_bytes_atomically(target, bytes(data.data()))
    return target


def ask_and_save_png(parent: QWidget, chart: QWidget, label: ChartLabel,
                     folder: Path | None = None) -> QFileDialog:
    dialog = QFileDialog(parent, "Save chart as PNG", str((folder or Path.home()) / label.file_name()))
    dialog.setObjectName("saveChartDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter("PNG image (*.png)")
    dialog.setDefaultSuffix("png")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # same on every platform, testable
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def save(path: str) -> None:
        try:
            write_chart_png(chart, path, label)
        except RefusedDestination as refused:
            show_problem(parent, f"The picture was not saved: {refused} Please choose another "
                         "file name.", "Picture not saved")
        except OSError as error:
            show_problem(parent, f"The picture could not be saved there ({error.strerror or error}). "
                         "Please choose another folder.", "Picture not saved")

    dialog.fileSelected.connect(save)
    dialog.open()
    return dialog

"""A page to draw documents on: millimetre coordinates over any paint device, fonts by point size,
wrapped text that never runs off the page, and PDF bytes from a list of page painters.

The same page painter draws into a PDF (QPdfWriter) and onto a printer (QPrinter from the UI),
whatever their resolution: `Page` scales the painter so one unit is a tenth of a millimetre, and
fonts are sized in those units (pixel size), never in points relative to the device.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

MM = 10.0  # logical units per millimetre
PAGE_MARGIN_MM = 15.0
CONTENT_WIDTH_MM = 180.0  # A4 (210 mm) less the margins; narrower paper scales the page down
INK = QColor("#1E2A30")
MUTED = QColor("#5B6770")
ACCENT = QColor("#2F6F73")
RULE = QColor("#C9D1D6")
FAMILIES = ["DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Helvetica"]
PdfPainter = Callable[[QPainter, QRectF], None]


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new headless one (fonts need an application).

    From the command line there is no screen to rely on: the offscreen platform is used unless
    one was chosen.
    """
    app = QGuiApplication.instance()
    if app is not None:
        return app  # type: ignore[return-value]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([sys.argv[0] if sys.argv else "psoas-desktop"])


def points(size: float) -> int:
    """A font size in points as a pixel size in page units."""
    return max(1, round(size * 25.4 / 72 * MM))


def font(size: float, bold: bool = False) -> QFont:
    result = QFont()
    result.setFamilies(FAMILIES)
    result.setStyleHint(QFont.StyleHint.SansSerif)
    result.setPixelSize(points(size))
    result.setBold(bold)
    result.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    # no "fi"/"fl" ligatures: a search or a screen reader finds "finished" as typed
    result.setFeature(QFont.Tag("liga"), 0)
    return result


WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(
    Qt.AlignmentFlag.AlignTop)


@dataclass
class Page:
    """Drawing state on one page: the painter in 0.1 mm units, the width and height available,
    and `y`, where the next block starts."""

    painter: QPainter
    width: float
    height: float
    y: float = 0.0

    @classmethod
    def begin(cls, painter: QPainter, rect: QRectF) -> Page:
        """Scale `painter` so `rect` (device pixels) is CONTENT_WIDTH_MM wide in 0.1 mm units."""
        scale = rect.width() / (CONTENT_WIDTH_MM * MM)
        painter.save()
        painter.translate(rect.topLeft())
        painter.scale(scale, scale)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        return cls(painter, CONTENT_WIDTH_MM * MM, rect.height() / scale)

    def end(self) -> None:
        self.painter.restore()

    @property
    def left(self) -> float:
        return self.height - self.y

    def measure(self, text: str, size: float, width: float | None = None,
                bold: bool = False) -> float:
        """The height `text` takes when wrapped to `width` (default: the whole width)."""
        metrics = QFontMetricsF(font(size, bold))
        box = metrics.boundingRect(QRectF(0, 0, width or self.width, 1e6), WRAP, text)
        return box.height()

    def text(self, text: str, size: float = 10, *, bold: bool = False, colour: QColor = INK,
             x: float = 0.0, width: float | None = None, gap: float = 2 * MM,
             advance: bool = True) -> float:
        """Draw wrapped `text` at (x, y); returns its height and (by default) moves y below it."""
        width = width or (self.width - x)
        height = self.measure(text, size, width, bold)
        self.painter.setFont(font(size, bold))
        self.painter.setPen(colour)
        self.painter.drawText(QRectF(x, self.y, width, height + 1), WRAP, text)
        if advance:
            self.y += height + gap
        return height

    def fitted_blocks(self, blocks: list[tuple[str, str]], size: float, height: float,
                      minimum: float = 7.0) -> float:
        """Draw (bold heading, text) blocks within `height`: smaller type if needed (down to
        `minimum` points), then the last lines left out with a note that the rest is in the
        records. Never runs off the page. Returns the size used."""
        items: list[tuple[bool, str, float]] = []  # (bold, line, gap after)
        for heading, text in blocks:
            if heading:
                items.append((True, heading, 0.0))
            lines = text.splitlines() or [""]
            items += [(False, line, 0.0) for line in lines]
            items[-1] = (items[-1][0], items[-1][1], 1.2 * MM)

        def total(chosen: list[tuple[bool, str, float]], at: float) -> float:
            return sum(self.measure(line or " ", at, bold=bold) + gap for bold, line, gap in chosen)

        while size > minimum and total(items, size) > height:
            size -= 0.5
        if total(items, size) > height:
            marker = (False, "… (the rest is in the records)", 0.0)
            while items and total([*items, marker], size) > height:
                items.pop()
            items.append(marker)
        for bold, line, gap in items:
            self.text(line or " ", size, bold=bold, gap=gap)
        return size

    def rule(self, gap: float = 3 * MM) -> None:
        pen = QPen(RULE)
        pen.setWidthF(0.3 * MM)
        self.painter.setPen(pen)
        self.painter.drawLine(0, round(self.y), round(self.width), round(self.y))
        self.y += gap


def render_pdf(pages: Sequence[PdfPainter], title: str) -> bytes:
    """A4 portrait PDF bytes, one page per painter, each drawn into the page's printable area."""
    ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Psoas Desktop")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
        QMarginsF(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM),
        QPageLayout.Unit.Millimeter))
    painter = QPainter(writer)
    try:
        for number, paint in enumerate(pages):
            if number:
                writer.newPage()
            paint(painter, QRectF(writer.pageLayout().paintRectPixels(writer.resolution())
                                  .translated(-writer.pageLayout().paintRectPixels(
                                      writer.resolution()).topLeft())))
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())

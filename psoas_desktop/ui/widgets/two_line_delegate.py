"""Touch-sized list rows with a headline and a quieter second line, elided, never scrolled sideways.

Used by the client list (name / last visit) and the session list (date and method / verdict). The
model's DisplayRole holds both lines separated by a newline.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

INK = QColor("#1E2A30")
MUTED = QColor("#5B6770")
LINE = QColor("#D5D2CA")
SURFACE = QColor("#FFFFFF")
ACCENT = QColor("#2F6F73")
ACCENT_INK = QColor("#FFFFFF")
PRESSED = QColor("#DCEBEA")


class TwoLineDelegate(QStyledItemDelegate):
    def __init__(self, parent=None, headline_px: int = 20, detail_px: int = 16,
                 row_height: int = 76) -> None:
        super().__init__(parent)
        self._headline = QFont()
        self._headline.setPixelSize(headline_px)
        self._headline.setWeight(QFont.Weight.DemiBold)
        self._detail = QFont()
        self._detail.setPixelSize(detail_px)
        self._row_height = row_height

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        return QSize(200, self._row_height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        headline, _, detail = str(text).partition("\n")
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        rect: QRect = option.rect
        painter.save()
        painter.fillRect(rect, ACCENT if selected else SURFACE)
        painter.setPen(QPen(LINE, 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        inner = rect.adjusted(16, 8, -12, -8)
        half = inner.height() // 2
        top = QRect(inner.left(), inner.top(), inner.width(), half + 2)
        bottom = QRect(inner.left(), inner.top() + half, inner.width(), inner.height() - half)
        ink = ACCENT_INK if selected else (QColor(foreground) if foreground is not None else INK)
        painter.setFont(self._headline)
        painter.setPen(ink)
        elided = painter.fontMetrics().elidedText(headline, Qt.TextElideMode.ElideRight, top.width())
        painter.drawText(top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), elided)
        painter.setFont(self._detail)
        painter.setPen(ACCENT_INK if selected else MUTED)
        elided = painter.fontMetrics().elidedText(detail, Qt.TextElideMode.ElideRight, bottom.width())
        painter.drawText(bottom, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), elided)
        painter.restore()

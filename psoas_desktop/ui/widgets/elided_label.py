"""A one-line title that shortens itself with an ellipsis instead of pushing buttons off screen."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", role: str = "", object_name: str = "") -> None:
        super().__init__()
        if role:
            self.setProperty("role", role)
        if object_name:
            self.setObjectName(object_name)
        self._full = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        """The whole text, whatever fits on screen."""
        return self._full

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(60, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                              max(self.width(), 60))
        super().setText(shown)

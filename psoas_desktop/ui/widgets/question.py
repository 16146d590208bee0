"""A touch-sized question: a sentence and large answer buttons, opened without blocking.

Qt's QMessageBox has small buttons and blocks the event loop with exec(); this dialog is opened
with open(), so a finger, a clicker and a test all find it waiting. Escape and the window's close
button give the `cancel` answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from .touch import button, label


@dataclass(frozen=True)
class Answer:
    text: str
    object_name: str
    role: str = "secondary"


class TouchQuestion(QDialog):
    """`answer` holds the object name of the button tapped (the cancel answer on Escape)."""

    def __init__(self, parent: QWidget | None, object_name: str, title: str, text: str,
                 answers: Sequence[Answer], cancel: str, stacked: bool = False) -> None:
        """`stacked` puts the answers one above the other, each the dialog's whole width (for
        long answers, such as protocol titles)."""
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(min(680, max(480, parent.width() - 80)) if parent else 600)
        self.answer = cancel
        self._cancel = cancel
        layout = QVBoxLayout(self)
        layout.setSpacing(16)
        layout.addWidget(label(title, "subtitle"))
        layout.addWidget(label(text))
        row = QVBoxLayout() if stacked else QHBoxLayout()
        for answer in answers:
            choice = button(answer.text, answer.object_name, answer.role,
                            lambda name=answer.object_name: self._answer(name))
            choice.setToolTip(answer.text)
            row.addWidget(choice, 1)
        layout.addLayout(row)

    def _answer(self, object_name: str) -> None:
        self.answer = object_name
        if object_name == self._cancel:
            self.reject()
        else:
            self.accept()

    def reject(self) -> None:  # Escape and the close button
        self.answer = self._cancel
        super().reject()

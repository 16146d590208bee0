"""Leaving a session by touch (SPEC 9.1): keep it for later, abandon it with a reason, or stay.

One dialog, opened without blocking: `keepForLaterButton`, `abandonSessionButton` (the reason is
written in the same dialog) and `cancelLeaveButton`; Escape and the close button also stay.
"""

from __future__ import annotations

import enum

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from ...domain.validation import LINE_LENGTH
from ..widgets.touch import button, label


class LeaveChoice(enum.Enum):
    STAY = "stay"
    KEEP_FOR_LATER = "keep"
    ABANDON = "abandon"


class LeaveDialog(QDialog):
    """`choice` and, for an abandon, `reason` are set when the dialog is accepted."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("leaveDialog")
        self.setWindowTitle("Leave this session?")
        self.setModal(True)
        self.setMinimumWidth(min(720, max(480, parent.width() - 80)) if parent else 640)
        self.choice = LeaveChoice.STAY
        self.reason = ""
        layout = QVBoxLayout(self)
        layout.setSpacing(16)
        layout.addWidget(label("Leave this session?", "subtitle"))
        layout.addWidget(label("Everything entered so far is saved. Keep the session to resume it "
                               "later from the home screen, or abandon it (the record is kept)."))
        self.keep = button("Keep for later", "keepForLaterButton", "primary",
                           lambda: self._choose(LeaveChoice.KEEP_FOR_LATER))
        layout.addWidget(self.keep)
        layout.addWidget(label("To abandon, write the reason (kept in the record):", "muted"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("abandonReasonEdit")
        self.reason_edit.setMaxLength(LINE_LENGTH)
        self.reason_edit.setPlaceholderText("Reason for abandoning")
        self.reason_edit.setAccessibleName("Reason for abandoning (kept in the record)")
        layout.addWidget(self.reason_edit)
        self.hint = label("", "hint", "leaveHint")
        self.hint.hide()
        layout.addWidget(self.hint)
        row = QHBoxLayout()
        row.addWidget(button("Abandon session", "abandonSessionButton", "secondary",
                             lambda: self._choose(LeaveChoice.ABANDON)), 1)
        row.addWidget(button("Back to the session", "cancelLeaveButton", "secondary",
                             self.reject), 1)
        layout.addLayout(row)

    def _choose(self, choice: LeaveChoice) -> None:
        if choice is LeaveChoice.ABANDON:
            reason = self.reason_edit.text().strip()
            if not reason:
                self.hint.setText("Please write a reason first; the session stays open until then.")
                self.hint.show()
                self.reason_edit.setFocus()
                return
            self.reason = reason
        self.choice = choice
        self.accept()

    def reject(self) -> None:  # Escape, the close button and "Back to the session"
        self.choice = LeaveChoice.STAY
        super().reject()

"""Deleting a client: says what will be removed, asks for a written reason, then confirms.

Never part of the normal flow (archiving is): a separate action on the client page. The reason is
kept in the audit log by the store.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QVBoxLayout

from ..domain.model import DeletionReport
from .widgets.touch import button, label


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def removal_text(report: DeletionReport) -> str:
    return (
        f"Deleting {report.client_name} removes everything recorded for them: "
        f"{_count(report.sessions, 'session', 'sessions')}, "
        f"{_count(report.measurements, 'measurement', 'measurements')} and "
        f"{_count(report.safety_events, 'safety event', 'safety events')}. "
        "This cannot be undone. The audit log keeps only the fact, the date and your reason.\n\n"
        "To keep the records but hide the client from the list, archive instead."
    )


class DeleteClientDialog(QDialog):
    """`reason` holds the written reason once the therapist confirms."""

    def __init__(self, parent, report: DeletionReport) -> None:
        super().__init__(parent)
        self.setObjectName("deleteClientDialog")
        self.setWindowTitle("Delete client")
        self.setMinimumWidth(640)
        self.reason: str | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(label(f"Delete {report.client_name}?", "title"))
        layout.addWidget(label(removal_text(report), "", "deletePreview"))
        layout.addWidget(label("Reason (required, kept in the audit log)", "muted"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("deleteReasonEdit")
        self.reason_edit.setAccessibleName("Reason for deleting (kept in the audit log)")
        self.reason_edit.setPlaceholderText("e.g. client asked for their records to be erased")
        layout.addWidget(self.reason_edit)
        row = QHBoxLayout()
        row.addWidget(button("Keep client", "cancelDeleteButton", "secondary", self.reject), 1)
        self.confirm = button("Delete for good", "confirmDeleteButton", "stop", self._confirm)
        row.addWidget(self.confirm, 1)
        layout.addLayout(row)
        self.reason_edit.textChanged.connect(
            lambda text: self.confirm.setEnabled(bool(text.strip())))
        self.confirm.setEnabled(False)

    def _confirm(self) -> None:
        reason = self.reason_edit.text().strip()
        if not reason:
            return
        self.reason = reason
        self.accept()

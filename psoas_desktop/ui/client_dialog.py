"""Add or edit a client: name, optional date of birth, thigh length and notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from ..domain.model import Client
from ..domain.validation import ValidationError, check_client
from .widgets.touch import button, label


def _parse_date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError("Please write the date of birth as year-month-day, e.g. 1984-03-21.") from None


def _parse_length(text: str) -> float | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValidationError("Thigh length is a number of cm, e.g. 45.") from None


class ClientDialog(QDialog):
    """`client` holds the validated result once the dialog is accepted."""

    def __init__(self, parent=None, client: Client | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientDialog")
        self.setWindowTitle("Edit client" if client else "New client")
        self.setMinimumWidth(620)
        self._original = client or Client(name="")
        self.client: Client | None = None
        # Saves the client and returns None, or a sentence saying why it could not be saved.
        self.store_client: Callable[[Client], str | None] | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(label(self.windowTitle(), "title"))
        form = QFormLayout()
        self.name = QLineEdit(self._original.name)
        self.name.setObjectName("clientNameEdit")
        self.name.setAccessibleName("Client name")
        self.birth = QLineEdit(self._original.date_of_birth.isoformat() if self._original.date_of_birth else "")
        self.birth.setObjectName("clientBirthEdit")
        self.birth.setAccessibleName("Date of birth (optional)")
        self.birth.setAccessibleDescription("Year-month-day, for example 1984-03-21")
        self.birth.setPlaceholderText("optional, e.g. 1984-03-21")
        self.thigh = QLineEdit(f"{self._original.thigh_length_cm:g}" if self._original.thigh_length_cm else "")
        self.thigh.setObjectName("clientThighEdit")
        self.thigh.setAccessibleName("Thigh length in cm (optional)")
        self.thigh.setAccessibleDescription("Hip to knee; with it a gap in cm also shows an approximate angle")
        self.thigh.setPlaceholderText("optional, cm (hip to knee)")
        self.notes = QPlainTextEdit(self._original.notes)
        self.notes.setObjectName("clientNotesEdit")
        self.notes.setAccessibleName("Notes about the client")
        self.notes.setFixedHeight(110)
        form.addRow("Name", self.name)
        form.addRow("Date of birth", self.birth)
        form.addRow("Thigh length", self.thigh)
        form.addRow("Notes", self.notes)
        layout.addLayout(form)
        self.error = label("", "error", "clientError")
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addWidget(button("Cancel", "cancelClientButton", "secondary", self.reject))
        save = button("Save", "saveClientButton", "primary", self._save)
        save.setDefault(True)  # Enter in any field saves, as the big button says
        row.addWidget(save, 1)
        layout.addLayout(row)

    def _save(self) -> None:
        try:
            client = replace(
                self._original,
                name=self.name.text().strip(),
                date_of_birth=_parse_date(self.birth.text()),
                thigh_length_cm=_parse_length(self.thigh.text()),
                notes=self.notes.toPlainText().strip(),
            )
            self.client = check_client(client)
        except ValidationError as error:
            self.error.setText(str(error))
            return
        problem = self.store_client(self.client) if self.store_client else None
        if problem:
            self.error.setText(problem)  # the dialog stays open: nothing typed is lost
            return
        self.accept()

"""The SOAP note of a past session: four texts pre-filled from the record, saved as they are
typed (within a second, and on Save), then signed once with the therapist's name. A signed note
is read only; later corrections are the session's dated addenda beneath it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from ..domain.soap import SECTIONS, SoapNote, edit_note, sign_note
from ..domain.validation import ValidationError
from .widgets.touch import button, label

SAVE_DELAY_MS = 1000


class SoapCard(QWidget):
    """`save(note)` stores a note and returns it as stored (None: it was not, already said)."""

    def __init__(self, save: Callable[[SoapNote], SoapNote | None], signer: Callable[[], str],
                 remember_signer: Callable[[str], None],
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        super().__init__()
        self.setObjectName("soapCard")
        self._save = save
        self._signer = signer
        self._remember_signer = remember_signer
        self._now = now
        self._note: SoapNote | None = None
        self._stored: SoapNote | None = None  # what the records hold (None: a draft not saved)
        self._showing = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(label("SOAP note", "subtitle"))
        self.status = label("", "hint", "soapStatus")
        layout.addWidget(self.status)
        self.edits: dict[str, QPlainTextEdit] = {}
        for name, heading in SECTIONS:
            layout.addWidget(label(heading, "muted"))
            edit = QPlainTextEdit()
            edit.setObjectName(f"soap_{name}")
            edit.setAccessibleName(f"SOAP note: {heading}")
            edit.setMinimumHeight(90)
            edit.textChanged.connect(self._typed)
            self.edits[name] = edit
            layout.addWidget(edit)
        self.problem = label("", "notice", "soapProblem")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.sign_row = QWidget()
        row = QHBoxLayout(self.sign_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.signer_edit = QLineEdit()
        self.signer_edit.setObjectName("signerNameEdit")
        self.signer_edit.setAccessibleName("Your name, to sign the note")
        self.signer_edit.setPlaceholderText("Your name, to sign")
        self.signer_edit.textChanged.connect(self._enable)
        row.addWidget(self.signer_edit, 1)
        self.save_button = button("Save", "saveSoapButton", "chip", self.save_now)
        row.addWidget(self.save_button)
        self.sign_button = button("Sign…", "signSoapButton", "secondary", self.ask_to_sign)
        row.addWidget(self.sign_button)
        layout.addWidget(self.sign_row)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)

    @property
    def note(self) -> SoapNote | None:
        return self._note

    def show_note(self, note: SoapNote | None, stored: bool) -> None:
        """Show `note` (`stored`: as the records hold it; else a draft from the record)."""
        self._timer.stop()
        self._note = note
        self._stored = note if stored else None
        self._showing = True
        for name, edit in self.edits.items():
            edit.setPlainText(getattr(note, name) if note else "")
            edit.setReadOnly(note is None or note.is_signed)
        self._showing = False
        if not self.signer_edit.text().strip():
            self.signer_edit.setText(self._signer())
        self.sign_row.setVisible(note is not None and not note.is_signed)
        self.problem.hide()
        self._show_status()
        self._enable()

    def _show_status(self) -> None:
        note = self._note
        if note is None:
            self.status.setText("")
        elif note.is_signed:
            self.status.setText(f"{note.signature}. The note is closed: add a dated note "
                                "under Addenda for anything later.")
        elif self._stored is None:
            self.status.setText("Draft from the record, not saved yet. Edit it, then Sign.")
        else:
            self.status.setText("Draft, saved. Not signed yet.")

    def _enable(self) -> None:
        self.sign_button.setEnabled(bool(self.signer_edit.text().strip())
                                    and self._note is not None and not self._note.is_signed)

    def _typed(self) -> None:
        if self._showing or self._note is None or self._note.is_signed:
            return
        self._timer.start()

    def _entered(self) -> SoapNote | None:
        if self._note is None:
            return None
        return edit_note(self._note, **{n: e.toPlainText() for n, e in self.edits.items()})

    def flush(self) -> bool:
        """Save what was typed if it differs from the records (leaving the page, printing)."""
        if self._note is None or self._note.is_signed:
            return True
        if self._timer.isActive() or self._stored is None or self._entered() != self._stored:
            return self.save_now()
        return True

    def save_now(self) -> bool:
        self._timer.stop()
        try:
            entered = self._entered()
        except ValidationError as error:
            self._say(str(error))
            return False
        if entered is None:
            return True
        saved = self._save(entered)
        if saved is None:
            return False
        self._note = self._stored = saved
        self.problem.hide()
        self._show_status()
        return True

    def ask_to_sign(self) -> None:
        """Sign closes the note for good: ask once, touch-sized, without blocking."""
        from .widgets.question import Answer, TouchQuestion

        if not self.save_now():
            return
        question = TouchQuestion(
            self.window(), "signQuestion", "Sign this note?",
            f"Signed by {' '.join(self.signer_edit.text().split())}, now. A signed note cannot "
            "be changed; anything later is added as a dated note.",
            [Answer("Not yet", "cancelSignButton"),
             Answer("Sign", "confirmSignButton", "primary")],
            cancel="cancelSignButton")
        question.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        question.accepted.connect(self.sign)
        question.open()

    def sign(self) -> None:
        if self._note is None:
            return
        name = self.signer_edit.text()
        try:
            signed = sign_note(self._note, name, self._now())
        except ValidationError as error:
            self._say(str(error))
            return
        saved = self._save(signed)
        if saved is not None:
            self._remember_signer(saved.signed_by)
            self.show_note(saved, stored=True)

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

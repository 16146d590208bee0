"""STOP: the safety-event form, then the choice to continue, skip to re-test or end the session."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import SafetyEvent, SafetyEventKind
from ...domain.session_flow import AfterStop
from ...domain.validation import LINE_LENGTH
from ..widgets.number_row import NumberRow
from ..widgets.touch import button, fit_to_window, label, scrolling


class SafetyEventDialog(QDialog):
    """Records what happened; `event` and `choice` are set when the dialog is accepted."""

    def __init__(self, parent=None, can_skip: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("safetyEventDialog")
        self.setWindowTitle("Stopped: what happened?")
        self.setModal(True)
        self.event: SafetyEvent | None = None
        self.choice = AfterStop.CONTINUE
        self._occurred_at = datetime.now(UTC)
        self._kind: SafetyEventKind | None = None
        outer = QVBoxLayout(self)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 8, 0)
        self.body = scrolling(body)  # a short window scrolls the form; the choices stay in view
        outer.addWidget(self.body, 1)
        layout.addWidget(label("Stopped. Take the time you need.", "title"))
        layout.addWidget(label("What happened?", "subtitle"))
        grid = QGridLayout()
        self.kinds: dict[SafetyEventKind, QPushButton] = {}
        for i, kind in enumerate(SafetyEventKind):
            b = button(kind.label, f"event_{kind.value}", "chip", checkable=True)
            b.clicked.connect(lambda _c=False, k=kind: self._choose(k))
            grid.addWidget(b, i // 3, i % 3)
            self.kinds[kind] = b
        layout.addLayout(grid)
        layout.addWidget(label("Pain now (optional, 0-10)", "muted"))
        self.pain = NumberRow(object_name="eventPain")
        layout.addWidget(self.pain)
        self.action = QLineEdit()
        self.action.setObjectName("eventActionEdit")
        self.action.setMaxLength(LINE_LENGTH)
        self.action.setPlaceholderText("Action taken")
        layout.addWidget(self.action)
        self.note = QLineEdit()
        self.note.setObjectName("eventNoteEdit")
        self.note.setMaxLength(LINE_LENGTH)
        self.note.setPlaceholderText("Note (optional)")
        layout.addWidget(self.note)
        self.hint = label("Choose what happened to save the event.", "hint")
        layout.addWidget(self.hint)
        outer.addWidget(label("Then:", "muted"))
        row = QHBoxLayout()
        for text, name, choice in (
            ("Continue", "stopContinueButton", AfterStop.CONTINUE),
            ("Skip to re-test", "stopSkipButton", AfterStop.SKIP_TO_RETEST),
            ("End the session", "stopEndButton", AfterStop.END_SESSION),
        ):
            choice_button = button(text, name, "secondary", lambda c=choice: self._finish(c))
            choice_button.setVisible(can_skip or choice is not AfterStop.SKIP_TO_RETEST)
            row.addWidget(choice_button)
        outer.addLayout(row)
        # Dismissed by touch as well as by Escape: nothing is recorded, the session waits.
        outer.addWidget(button("Back to the session (nothing recorded)", "stopCancelButton",
                                "secondary", self.reject))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """As large as the form wants, never larger than the window it stops."""
        super().showEvent(event)
        fit_to_window(self, self.body)

    def _choose(self, kind: SafetyEventKind) -> None:
        self._kind = kind
        for k, b in self.kinds.items():
            b.setChecked(k is kind)

    def _finish(self, choice: AfterStop) -> None:
        if self._kind is None:
            self.hint.setText("Please choose what happened first, so the event is recorded.")
            return
        self.event = SafetyEvent(
            occurred_at=self._occurred_at,
            kind=self._kind,
            pain=self.pain.value(),
            action_taken=self.action.text().strip(),
            note=self.note.text().strip(),
        )
        self.choice = choice
        self.accept()

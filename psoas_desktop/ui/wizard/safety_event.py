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
        outer.setSpacing(6)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(4)
        self.body = scrolling(body)  # a short window scrolls the form; the choices stay in view
        outer.addWidget(self.body, 1)
        # compact enough to show whole at 720x560 with nothing to scroll (issue 10)
        layout.addWidget(label("Stopped. Take the time you need. What happened?", "subtitle"))
        grid = QGridLayout()
        self.kinds: dict[SafetyEventKind, QPushButton] = {}
        for i, kind in enumerate(SafetyEventKind):
            b = button(kind.label, f"event_{kind.value}", "chip", checkable=True)
            b.clicked.connect(lambda _c=False, k=kind: self._choose(k))
            grid.addWidget(b, i // 3, i % 3)
            self.kinds[kind] = b
        layout.addLayout(grid)
        layout.addWidget(label("Pain now (optional, 0-10)", "muted"))
        self.pain = NumberRow(object_name="eventPain", spoken="Pain now")
        self.pain.setAccessibleName("Pain now, 0 to 10")
        layout.addWidget(self.pain)
        texts = QHBoxLayout()  # side by side: one row less on a short window
        self.action = QLineEdit()
        self.action.setObjectName("eventActionEdit")
        self.action.setMaxLength(LINE_LENGTH)
        self.action.setPlaceholderText("Action taken")
        self.action.setAccessibleName("Action taken")
        texts.addWidget(self.action, 1)
        self.note = QLineEdit()
        self.note.setObjectName("eventNoteEdit")
        self.note.setMaxLength(LINE_LENGTH)
        self.note.setPlaceholderText("Note (optional)")
        self.note.setAccessibleName("Note (optional)")
        texts.addWidget(self.note, 1)
        layout.addLayout(texts)
        self.hint = label("", "hint")  # shown only to ask for the kind first
        self.hint.hide()
        layout.addWidget(self.hint)
        row = QHBoxLayout()
        self._choices: list[QPushButton] = []
        for text, name, choice in (
            ("Continue", "stopContinueButton", AfterStop.CONTINUE),
            ("Skip to re-test", "stopSkipButton", AfterStop.SKIP_TO_RETEST),
            ("End the session", "stopEndButton", AfterStop.END_SESSION),
        ):
            choice_button = button(text, name, "secondary", lambda c=choice: self._finish(c))
            self._choices.append(choice_button)
            choice_button.setVisible(can_skip or choice is not AfterStop.SKIP_TO_RETEST)
            row.addWidget(choice_button)
        outer.addLayout(row)
        # Dismissed by touch as well as by Escape: nothing is recorded, the session waits.
        back = button("Back to the session (nothing recorded)", "stopCancelButton", "secondary",
                      self.reject)
        self._choices.append(back)
        outer.addWidget(back)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """As large as the form wants, never larger than the window it stops."""
        super().showEvent(event)
        parent = self.parentWidget()
        short = parent is not None and parent.window().height() < 700
        for b in self._choices:  # a short window: the choices at touch height, the form whole
            if bool(b.property("compact")) != short:
                b.setProperty("compact", short)
                b.style().unpolish(b)
                b.style().polish(b)
        fit_to_window(self, self.body)

    def _choose(self, kind: SafetyEventKind) -> None:
        self._kind = kind
        for k, b in self.kinds.items():
            b.setChecked(k is kind)

    def _finish(self, choice: AfterStop) -> None:
        if self._kind is None:
            self.hint.setText("Please choose what happened first, so the event is recorded.")
            self.hint.show()
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

"""A row of large number buttons (pain 0-10); tapping the chosen number again clears it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from .touch import button


class NumberRow(QWidget):
    changed = Signal(object)  # int | None

    def __init__(self, low: int = 0, high: int = 10, object_name: str = "", per_row: int = 11,
                 spoken: str = "Pain") -> None:
        super().__init__()
        if object_name:
            self.setObjectName(object_name)
        self._value: int | None = None
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._buttons: dict[int, QPushButton] = {}
        for n in range(low, high + 1):
            b = button(str(n), f"{object_name}{n}" if object_name else "", "chip", checkable=True)
            b.setMinimumWidth(52)
            b.setAccessibleName(f"{spoken} {n} out of {high}")  # not a bare '3' to a screen reader
            b.clicked.connect(lambda _c=False, n=n: self._tap(n))
            layout.addWidget(b, (n - low) // per_row, (n - low) % per_row)
            self._buttons[n] = b

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None) -> None:
        self._value = value
        for n, b in self._buttons.items():
            b.setChecked(n == value)

    def _tap(self, n: int) -> None:
        self.set_value(None if self._value == n else n)
        self.changed.emit(self._value)

"""A row of exclusive chips (one checked at a time): chart kind, date range, method."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from .touch import button


class ChipRow(QWidget):
    def __init__(self, on_choose: Callable[[Hashable], None] | None = None, role: str = "chip") -> None:
        super().__init__()
        self._on_choose = on_choose
        self._role = role
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.chips: dict[Hashable, QPushButton] = {}
        self._current: Hashable | None = None

    def set_options(self, options: list[tuple[Hashable, str, str]]) -> None:
        """(key, text, objectName) per chip, replacing the chips shown before."""
        for chip in self.chips.values():
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self.chips = {}
        for key, text, object_name in options:
            chip = button(text, object_name, self._role, checkable=True)
            chip.clicked.connect(lambda _c=False, k=key: self._tap(k))
            self._layout.addWidget(chip)
            self.chips[key] = chip
        self.set_current(self._current if self._current in self.chips else None)

    def current(self) -> Hashable | None:
        return self._current

    def set_current(self, key: Hashable | None) -> None:
        self._current = key
        for k, chip in self.chips.items():
            chip.setChecked(k == key)

    def _tap(self, key: Hashable) -> None:
        self.set_current(key)  # tapping the checked chip keeps it checked
        if self._on_choose is not None:
            self._on_choose(key)

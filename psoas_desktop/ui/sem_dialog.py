"""Measurement error (SEM) per method: the defaults, the therapist's own value, and the offer of
one computed from their paired baseline readings once 20 visits have them (SPEC 5.3)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QVBoxLayout

from ..config import Settings
from ..domain.analysis import OwnSem
from ..domain.model import Method
from ..domain.validation import ValidationError, check_sem
from .widgets.touch import button, label

SEM_STEP = {"cm": 0.1, "fingers": 0.1, "°": 0.5}


class SemDialog(QDialog):
    """Edits `settings.sems`; `settings` holds the result when accepted."""

    def __init__(self, parent, settings: Settings, own: Callable[[Method], OwnSem | None]) -> None:
        super().__init__(parent)
        self.setObjectName("semDialog")
        self.setWindowTitle("Measurement error")
        layout_margin = 24
        self.settings = settings
        self._sems = dict(settings.sems)
        self._values: dict[Method, object] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(layout_margin, layout_margin, layout_margin, layout_margin)
        layout.addWidget(label("Measurement error per reading (SEM)", "title"))
        layout.addWidget(label("The verdict calls a direction better only beyond 6.8 x SEM, and a "
                               "one-leg change real only beyond 2.8 x SEM.", "muted"))
        grid = QGridLayout()
        row = 0
        for method in Method:
            spec = method.spec
            if spec.default_sem is None:
                continue
            grid.addWidget(label(spec.label, "", wrap=True), row, 0)
            minus = button("−", f"semMinus_{method.value}", "chip", lambda m=method: self._step(m, -1))
            minus.setAccessibleName(f"{spec.label}: smaller measurement error")
            grid.addWidget(minus, row, 1)
            value = label("", "subtitle", f"semValue_{method.value}", wrap=False)
            grid.addWidget(value, row, 2)
            self._values[method] = value
            plus = button("+", f"semPlus_{method.value}", "chip", lambda m=method: self._step(m, +1))
            plus.setAccessibleName(f"{spec.label}: larger measurement error")
            grid.addWidget(plus, row, 3)
            default = button("Default", f"semDefault_{method.value}", "chip",
                             lambda m=method: self._set(m, m.spec.default_sem))
            default.set_spoken_prefix(f"{spec.label}: ")
            default.setMinimumWidth(130)
            grid.addWidget(default, row, 4)
            found = own(method)
            if found is not None:
                row += 1
                grid.addWidget(label(
                    f"Your own, from {found.sessions} visits with two baseline readings: "
                    f"{found.sem:.2f} {spec.unit}", "hint"), row, 0, 1, 4)
                use = button("Use mine", f"semUseOwn_{method.value}", "chip",
                             lambda m=method, v=found.sem: self._set(m, round(v, 2)))
                use.setMinimumWidth(130)
                grid.addWidget(use, row, 4)
            row += 1
        layout.addLayout(grid)
        self.message = label("", "error", "semMessage")
        layout.addWidget(self.message)
        actions = QHBoxLayout()
        actions.addWidget(button("Cancel", "semCancelButton", "secondary", self.reject))
        actions.addWidget(button("Save", "semSaveButton", "primary", self._save), 1)
        layout.addLayout(actions)
        self._refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """900 px wide where there is room, never wider than the window it covers (720 px)."""
        super().showEvent(event)
        parent = self.parentWidget()
        room = parent.window().size() if parent is not None else self.screen().availableSize()
        self.setMaximumSize(room.width() - 16, room.height() - 40)  # its own title bar too
        self.resize(max(self.minimumSizeHint().width(), min(900, room.width() - 16)),
                    min(self.sizeHint().height(), room.height() - 40))

    def _step(self, method: Method, sign: int) -> None:
        current = self._sems.get(method) or method.spec.default_sem or 0.0
        self._set(method, round(current + sign * SEM_STEP.get(method.spec.unit, 0.1), 2))

    def _set(self, method: Method, value: float | None) -> None:
        try:
            self._sems[method] = check_sem(method, value if value is not None else 0.0)
        except ValidationError as error:
            self.message.setText(str(error))
            return
        self.message.setText("")
        self._refresh()

    def _refresh(self) -> None:
        for method, value in self._values.items():
            sem = self._sems.get(method)
            default = " (default)" if sem == method.spec.default_sem else ""
            unit = method.spec.unit.removesuffix("s") if sem == 1 else method.spec.unit
            value.setText(f"{sem:g} {unit}{default}")  # "1 finger", "2 fingers"

    def _save(self) -> None:
        self.settings = replace(self.settings, sems=self._sems)
        self.accept()

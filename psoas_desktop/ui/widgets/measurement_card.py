"""One leg's card on a measurement step: big value, steppers, 'Touches table', readings, confounders."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from ...domain.analysis import approximate_angle
from ...domain.model import Measurement, Method, Side, Timepoint
from ...domain.protocol_def import MethodSpec, seed_protocol
from ...domain.validation import ValidationError, check_reading
from .touch import Columns, button, label

# The automation contract's objectNames (SPEC 9), written out so they can be found by name.
CONTRACT_NAMES = {
    Side.LEFT: {"value": "leftValue", "minus": "leftMinus", "plus": "leftPlus",
                "touches": "leftTouches"},
    Side.RIGHT: {"value": "rightValue", "minus": "rightMinus", "plus": "rightPlus",
                 "touches": "rightTouches"},
}
UNCHANGED_NAMES = {Side.LEFT: "leftUnchanged", Side.RIGHT: "rightUnchanged"}
NOT_ENTERED = "—"


class MeasurementCard(QFrame):
    """Edits the readings of one side. Object names follow SPEC 9: leftTouches, leftMinus, ..."""

    changed = Signal()

    def __init__(self, side: Side) -> None:
        super().__init__()
        self.side = side
        self.setProperty("role", "card")
        self._method: str = Method.GAP_CM
        self._spec: MethodSpec = Method.GAP_CM.spec
        self._readings: list[float | None] = [None]  # None: not entered (shown as "—")
        self._base = 0.0  # where the steppers start from while a reading is not entered
        self._start_from: Measurement | None = None
        self._active = 0
        self._max_readings = 2
        self._thigh_length_cm: float | None = None
        prefix = side.value
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(label(f"{side.value.upper()} leg", "subtitle", wrap=False))
        self.previous = label("", "muted", f"{prefix}Previous")
        heading.addWidget(self.previous)
        self.angle = label("", "muted", f"{prefix}Angle")
        heading.addWidget(self.angle)
        top.addLayout(heading, 1)
        self.value_label = label("", "digitsLeft" if side is Side.LEFT else "digitsRight",
                                 CONTRACT_NAMES[side]["value"], wrap=False)
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.value_label)
        layout.addLayout(top)
        steppers = QHBoxLayout()
        self.minus = button("−", CONTRACT_NAMES[side]["minus"], "stepper",
                            lambda: self._step(-1))
        self.touches = button("Touches table", CONTRACT_NAMES[side]["touches"], "touches",
                              self._touches)
        self.plus = button("+", CONTRACT_NAMES[side]["plus"], "stepper",
                           lambda: self._step(+1))
        steppers.addWidget(self.minus)
        steppers.addWidget(self.touches, 1)
        steppers.addWidget(self.plus)
        layout.addLayout(steppers)
        self.unchanged = button("Same as before", UNCHANGED_NAMES[side], "chip",
                                self._same_as_before)
        self.unchanged.hide()
        self.message = label("", "error", f"{prefix}Message")
        layout.addWidget(self.message)
        self.message.hide()
        layout.addWidget(self.unchanged)  # re-tests: one tap enters the previous value
        # Readings and confounder ticks sit side by side while they fit, else one under another.
        readings_row = Columns((1, 1), stack_below=0, spacing=8)
        self.reading_buttons = [
            button("Reading 1", f"{prefix}Reading1", "chip", lambda: self._select(0), checkable=True),
            button("Reading 2", f"{prefix}Reading2", "chip", lambda: self._select(1), checkable=True),
        ]
        self.add_reading = button("Add a 2nd reading", f"{prefix}AddReading", "chip", self._add_second)
        readings_row.columns[0].addWidget(self.reading_buttons[0])
        readings_row.columns[1].addWidget(self.reading_buttons[1])
        readings_row.columns[0].addWidget(self.add_reading)
        layout.addWidget(readings_row)
        confounders = Columns((1, 1), stack_below=0, spacing=8)
        self.back_arches = button("Lower back arches", f"{prefix}BackArches", "chip",
                                  self.changed.emit, checkable=True)
        self.knee_bent = button("Knee can't straighten", f"{prefix}KneeBent", "chip",
                                self.changed.emit, checkable=True)
        confounders.columns[0].addWidget(self.back_arches)
        confounders.columns[1].addWidget(self.knee_bent)
        layout.addWidget(confounders)
        layout.addStretch(1)
        whose = f"{side.value.capitalize()} leg: "  # two cards, the same words: say whose
        for b in (self.touches, self.unchanged, *self.reading_buttons, self.add_reading,
                  self.back_arches, self.knee_bent):
            b.set_spoken_prefix(whose)
        self.minus.setAccessibleName(f"{whose}less")
        self.plus.setAccessibleName(f"{whose}more")
        self.minus.setAccessibleDescription("One step lower: closer to the table")
        self.plus.setAccessibleDescription("One step higher: further from the table")
        self.value_label.setAccessibleName(f"{side.value.capitalize()} leg value")
        self._refresh()

    # --- loading and reading back -------------------------------------------------------
    def configure(self, method: str, max_readings: int, thigh_length_cm: float | None,
                  spec: MethodSpec | None = None) -> None:
        """The method as the session's protocol defines it (`spec`; the seed's by default)."""
        self._method = method
        self._spec = spec or seed_protocol().method(method)
        self._max_readings = max_readings
        self._thigh_length_cm = thigh_length_cm
        self.touches.setText(self._spec.zero_label)
        self.touches.setVisible(bool(self._spec.zero_label))

    def load(self, measurement: Measurement | None, start_from: Measurement | None) -> None:
        """Show a saved measurement, or a side not entered yet ("—") whose steppers move from
        the previous time point's value (0 at the baseline). Nothing counts until tapped."""
        self._readings = list(measurement.readings) if measurement is not None else [None]
        self._start_from = start_from
        self._base = self._on_grid(start_from.value) if start_from is not None else 0.0
        self.back_arches.setChecked(bool(measurement and measurement.lower_back_arches))
        self.knee_bent.setChecked(bool(measurement and measurement.knee_cannot_straighten))
        self.unchanged.setVisible(start_from is not None)
        if start_from is not None:
            self.unchanged.setText("Same as before")
            self.unchanged.setToolTip(f"Enter {self._spec.format(self._base)} again")
        self._active = 0
        self._say("")
        self._refresh()

    def set_previous(self, text: str) -> None:
        self.previous.setText(text)
        self.previous.setVisible(bool(text))

    @property
    def entered(self) -> bool:
        return self._readings[0] is not None

    def measurement(self, timepoint: Timepoint) -> Measurement | None:
        """The readings entered on this card, or None while the side is not entered."""
        readings = tuple(r for r in self._readings if r is not None)
        if self._readings[0] is None:
            return None
        return Measurement(
            timepoint=timepoint,
            side=self.side,
            readings=readings,
            lower_back_arches=self.back_arches.isChecked(),
            knee_cannot_straighten=self.knee_bent.isChecked(),
        )

    # --- actions ------------------------------------------------------------------------
    def _on_grid(self, value: float) -> float:
        """An averaged earlier value rounded to this method's step (re-tests start from it)."""
        spec = self._spec
        steps = math.floor((value - spec.minimum) / spec.step + 0.5)  # halves round up
        return spec.minimum + steps * spec.step

    def _set_active(self, value: float) -> None:
        try:
            self._readings[self._active] = check_reading(self._spec, value)
        except ValidationError as error:
            self._say(str(error))
            return
        self._say("")
        self._refresh()
        self.changed.emit()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _step(self, sign: int) -> None:
        current = self._readings[self._active]
        start = self._base if current is None else current
        self._set_active(round(start + sign * self._spec.step, 6))

    def _touches(self) -> None:
        self._set_active(0.0)

    def _same_as_before(self) -> None:
        if self._start_from is not None:
            self._set_active(self._base)

    def _select(self, index: int) -> None:
        self._active = index
        self._refresh()

    def _add_second(self) -> None:
        """A second reading starts blank, never at the first one's value: it is taken blind."""
        if len(self._readings) < self._max_readings and self.entered:
            self._readings.append(None)
            self._active = 1
            self._refresh()

    def _refresh(self) -> None:
        spec = self._spec
        current = self._readings[self._active]
        two = len(self._readings) == 2
        both = [r for r in self._readings if r is not None] if two else []
        if len(both) == 2:  # the value that is stored: the average, the readings on their chips
            current = sum(both) / 2
        self.value_label.setText(NOT_ENTERED if current is None else spec.format(current))
        for i, b in enumerate(self.reading_buttons):
            b.setVisible(two)
            b.setChecked(i == self._active)
            if i < len(self._readings):
                reading = self._readings[i]
                b.setText(f"Reading {i + 1}: "
                          f"{NOT_ENTERED if reading is None else spec.format(reading)}")
        self.add_reading.setVisible(not two and self._max_readings > 1 and self.entered)
        entered = [r for r in self._readings if r is not None]
        mean = sum(entered) / len(entered) if entered else None
        angle = (approximate_angle(mean, self._thigh_length_cm)
                 if self._method == Method.GAP_CM and mean is not None else None)
        notes = []
        if len(entered) == 2 and mean is not None:
            notes.append("Average of 2 readings")
        if angle is not None:
            notes.append(f"about {angle:.0f}° thigh angle")
        self.angle.setText(" · ".join(notes))
        self.angle.setVisible(bool(notes))

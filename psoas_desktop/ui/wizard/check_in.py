"""Step 0, check-in: pain now, where, changes, the red-flag screen, precautions, impression, method."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QVBoxLayout

from ...domain.model import CheckIn, PainLocation, Precaution, RedFlag, Session
from ...domain.protocol import methods_allowed
from ...domain.protocol_def import ProtocolDef, seed_protocol
from ...domain.session_flow import TransitionRefused, change_method, method_change_clears
from ...domain.validation import LINE_LENGTH
from ..messages import confirm
from ..widgets.number_row import NumberRow
from ..widgets.touch import Columns, button, card, label, scrolling
from .base import StepContext, StepView

E = TypeVar("E", bound=enum.Enum)


def _toggle_list(box: QVBoxLayout, kind: type[E], prefix: str,
                 on_toggle: Callable[[], None], role: str = "listChip") -> dict[E, QPushButton]:
    """One full-width yes/no chip per item of `kind` (objectName prefix_value); a ticked one
    reads "✓ Yes:" before its words, not only in colour."""
    buttons = {}
    for item in kind:
        b = button(item.label, f"{prefix}_{item.value}", role, checkable=True)
        b.setAccessibleName(item.label)
        b.toggled.connect(lambda on, b=b, words=item.label: b.setText(
            f"✓ Yes: {words}" if on else words))
        b.toggled.connect(lambda _on: on_toggle())
        box.addWidget(b)
        buttons[item] = b
    return buttons


class CheckInStep(StepView):
    def __init__(self, protocol: ProtocolDef | None = None) -> None:
        super().__init__()
        self._answered = False
        self._session: Session | None = None
        content = Columns((5, 6))
        left, right = content.columns

        frame, box = card()
        box.setSpacing(6)
        box.addWidget(label("Safety screen", "subtitle"))
        box.addWidget(label("Does any of these apply today?", "muted"))
        self.all_clear = button("None of these apply", "screenAllClearButton", "allClear",
                                self._all_clear, checkable=True)
        box.addWidget(self.all_clear)
        self.flags = _toggle_list(box, RedFlag, "flag", self._flag_changed, role="flag")
        self.referral = label(
            "A yes here means the protocol does not start today, and a referral to a doctor is "
            "suggested. To go ahead anyway, write the reason:", "notice")
        box.addWidget(self.referral)
        self.override = self._text_field(box, "overrideReasonEdit",
                                         "Reason for going ahead (kept in the record)")
        left.addWidget(frame)
        left.addStretch(1)

        frame, box = card()
        box.addWidget(label("Pain now (optional, 0-10)", "subtitle"))
        self.pain = NumberRow(object_name="painBefore", per_row=6, spoken="Pain before the session")
        box.addWidget(self.pain)
        box.addWidget(label("Where", "muted"))
        where = QGridLayout()
        self.locations: dict[PainLocation, QPushButton] = {}
        for i, loc in enumerate(PainLocation):
            b = button(loc.label, f"pain_{loc.value}", "chip", checkable=True)
            b.clicked.connect(lambda _c=False: self.changed.emit())
            where.addWidget(b, i // 3, i % 3)
            self.locations[loc] = b
        box.addLayout(where)
        box.addWidget(label("Changes since last visit (optional)", "muted"))
        self.changes = QLineEdit()
        self.changes.setObjectName("changesEdit")
        self.changes.setAccessibleName("Changes since last visit (optional)")
        self.changes.setMaxLength(LINE_LENGTH)  # no more on screen than can be saved
        self.changes.textEdited.connect(lambda _t: self.typing.emit())
        box.addWidget(self.changes)
        right.addWidget(frame)

        frame, box = card()
        box.addWidget(label("Working impression", "subtitle"))
        self.neuroplastic = button("Nervous-system (neuroplastic) features suspected",
                                   "neuroplasticToggle", "chip", checkable=True)
        self.neuroplastic.toggled.connect(lambda _on: self._refresh_methods())
        box.addWidget(self.neuroplastic)
        box.addWidget(label("Not a diagnosis. Switches on gentle mode.", "hint"))
        box.addWidget(label("Measurement method", "subtitle"))
        self._protocol = protocol or seed_protocol()
        self.methods: dict[str, QPushButton] = {}
        for spec in self._protocol.methods:
            b = button(f"{spec.label} ({spec.unit})", f"method_{spec.key}", "chip", checkable=True)
            b.clicked.connect(lambda _c=False, m=spec.key: self._choose_method(m))
            box.addWidget(b)
            self.methods[spec.key] = b
        self.method_note = label("", "hint")
        box.addWidget(self.method_note)
        right.addWidget(frame)

        frame, box = card()
        box.addWidget(label("Precautions", "subtitle"))
        self.precautions = _toggle_list(box, Precaution, "precaution", self._refresh_methods)
        self.clearance = self._text_field(box, "surgeryClearanceEdit",
                                          "Clearance for recent surgery: who and when")
        right.insertWidget(0, frame)  # beside the safety screen: both seen without scrolling
        right.addStretch(1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content))
        self._method: str = self._protocol.default_method
        self.pain.changed.connect(lambda _value: self.changed.emit())

    def _text_field(self, box: QVBoxLayout, object_name: str, placeholder: str) -> QLineEdit:
        """A one-line entry whose every change re-checks whether Next may leave."""
        field = QLineEdit()
        field.setObjectName(object_name)
        field.setPlaceholderText(placeholder)
        field.setAccessibleName(placeholder)
        field.setMaxLength(LINE_LENGTH)
        field.textEdited.connect(lambda _t: self.typing.emit())
        box.addWidget(field)
        return field

    def load(self, session: Session, context: StepContext) -> None:
        ci = session.check_in
        self._answered = ci.red_flags_answered
        self._session = session
        self.pain.set_value(ci.pain_before)
        for loc, b in self.locations.items():
            b.setChecked(loc in ci.pain_locations)
        self.changes.setText(ci.changes_since_last)
        for flag, b in self.flags.items():
            b.blockSignals(True)
            b.setChecked(flag in ci.red_flags)
            b.blockSignals(False)
        self.override.setText(ci.override_reason)
        for p, b in self.precautions.items():
            b.blockSignals(True)
            b.setChecked(p in ci.precautions)
            b.blockSignals(False)
        self.clearance.setText(ci.surgery_clearance)
        self.neuroplastic.blockSignals(True)
        self.neuroplastic.setChecked(ci.neuroplastic_suspected)
        self.neuroplastic.blockSignals(False)
        self._method = session.method
        self._refresh_flags()
        self._refresh_methods()

    def apply(self, session: Session) -> Session:
        check_in = CheckIn(
            pain_before=self.pain.value(),
            pain_locations=frozenset(loc for loc, b in self.locations.items() if b.isChecked()),
            changes_since_last=self.changes.text().strip(),
            red_flags=self._chosen_flags(),
            red_flags_answered=self._answered,
            override_reason=self.override.text().strip(),
            precautions=frozenset(p for p, b in self.precautions.items() if b.isChecked()),
            surgery_clearance=self.clearance.text().strip(),
            neuroplastic_suspected=self.neuroplastic.isChecked(),
        )
        session = replace(session, check_in=check_in)
        try:  # a confirmed change clears the readings taken with the old method
            return change_method(session, self._method)
        except TransitionRefused:
            return session  # not allowed today: the guard says so and Next waits

    def _chosen_flags(self) -> frozenset[RedFlag]:
        return frozenset(f for f, b in self.flags.items() if b.isChecked())

    def _all_clear(self) -> None:
        for b in self.flags.values():
            b.blockSignals(True)
            b.setChecked(False)
            b.blockSignals(False)
        self._answered = True
        self._refresh_flags()
        self.changed.emit()

    def _flag_changed(self) -> None:
        self._answered = True
        self._refresh_flags()
        self.changed.emit()

    def _refresh_flags(self) -> None:
        any_flag = bool(self._chosen_flags())
        clear = self._answered and not any_flag
        self.all_clear.setChecked(clear)
        self.all_clear.setText("✓ Answered: none of these apply" if clear
                               else "None of these apply")
        self.referral.setVisible(any_flag)
        self.override.setVisible(any_flag)

    def _choose_method(self, method: str) -> None:
        if self._session is None:
            return
        if method_change_clears(self._session, method):
            if not confirm(self, "Change the method?",
                           "Readings already recorded use another method and cannot be compared. "
                           "Changing the method clears them; you will measure again.",
                           "Change and clear", "Keep the method"):
                self._refresh_methods()
                return
            try:
                self._session = change_method(self._session, method)
            except TransitionRefused:
                self._refresh_methods()
                return
        self._method = method
        self._refresh_methods()
        self.changed.emit()

    def _refresh_methods(self) -> None:
        gentle = self.neuroplastic.isChecked()
        chosen = frozenset(p for p, b in self.precautions.items() if b.isChecked())
        allowed = methods_allowed(chosen, gentle, self._protocol)
        measured = self._session is not None and bool(self._session.measurements)
        if self._method not in allowed and not measured:
            self._method = self._protocol.default_method
        for m, b in self.methods.items():
            b.setVisible(m in allowed or m == self._method)
            b.setChecked(m == self._method)
        self.clearance.setVisible(Precaution.RECENT_SURGERY in chosen)
        note = ""
        if measured:
            note = "Changing the method now clears the readings already recorded."
        elif self._protocol.method(self._method).default_sem is None:
            note = "Touches / does not touch is recorded, but pass/fail alone is unreliable."
        self.method_note.setText(note)
        self.method_note.setVisible(bool(note))
        self.changed.emit()

"""One session's results as a table: each leg at start, after A and after B, the change each
direction made, and left minus right. Shared by the wizard summary and the read-only session view."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from ...domain.analysis import SIDE_FACTOR, SessionAnalysis
from ...domain.model import Session, Side
from .touch import label


def signed(x: float, unit: str = "") -> str:
    """A change with its sign and a true minus, never '-0.0'."""
    text = f"{x:+.1f}".replace("+0.0", "0.0").replace("-0.0", "0.0").replace("-", "−")
    return f"{text} {unit}" if unit else text


def real_changes_text(analysis: SessionAnalysis, unit: str) -> str:
    """Which one-leg changes lie beyond measurement error (SPEC 5.3: 2.77 x SEM)."""
    if not analysis.side_changes:
        return ""
    if analysis.sem is None:
        changed = [f"{c.side.value} leg, rotating {c.direction}"
                   for c in analysis.side_changes if c.change != 0]
        return ("Changed: " + "; ".join(changed) + ".") if changed else "No leg changed."
    threshold = f"{SIDE_FACTOR * analysis.sem:.1f}{'' if unit == '°' else ' '}{unit}"
    real = [f"{c.side.value} leg {signed(c.change)} rotating {c.direction}"
            for c in analysis.side_changes if c.real]
    if not real:
        return f"No single-leg change was beyond measurement error ({threshold})."
    return f"Beyond measurement error ({threshold}): " + "; ".join(real) + "."


class ResultsTable(QWidget):
    def __init__(self, object_name: str = "resultsTable") -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(6)

    def show_session(self, session: Session, analysis: SessionAnalysis) -> None:
        grid = self.grid
        while grid.count():
            item = grid.takeAt(0)
            if item.widget():
                item.widget().hide()  # gone at once, not only when the event loop deletes it
                item.widget().deleteLater()
        spec = session.method_spec
        unit = spec.unit
        timepoints = session.protocol.timepoint_keys
        n = len(timepoints)

        def value(v: float) -> str:  # the unit is said once, under the table: narrow screens fit
            return spec.format(v).removesuffix(f" {unit}")

        a_label = f"Change A\n({session.first_direction})" if session.first_direction else "Change A"
        b_label = (f"Change B\n({session.second_direction})" if session.second_direction
                   else "Change B")
        headers = ["", *(session.protocol.timepoint_label(t) for t in timepoints), a_label, b_label]
        changes = {(c.side, c.direction): c.change for c in analysis.side_changes}
        for col, text in enumerate(headers):
            grid.addWidget(label(text, "muted", wrap=False), 0, col)
        for row, side in enumerate(Side, start=1):
            grid.addWidget(label(f"{side.value.capitalize()} leg", "", wrap=False), row, 0)
            values = [session.value(t, side) for t in timepoints]
            for col, v in enumerate(values, start=1):
                cell = label("–" if v is None else value(v), "", wrap=False)
                cell.setObjectName(f"result_{side.value}_{timepoints[col - 1]}")
                grid.addWidget(cell, row, col)
            for col, direction in enumerate((session.first_direction, session.second_direction),
                                            start=n + 1):
                if (side, direction) in changes:
                    grid.addWidget(label(signed(changes[(side, direction)]), "", wrap=False),
                                   row, col)
        grid.addWidget(label("Left − right", "muted", wrap=False), 3, 0)
        for col, t in enumerate(timepoints, start=1):
            if t in analysis.asymmetry:
                grid.addWidget(label(signed(analysis.asymmetry[t]), "muted", wrap=False), 3, col)
        words = "1 = does not touch, 0 = touches" if unit == "0/1" else f"in {unit}"
        grid.addWidget(label(f"Values {words}; a positive change is an improvement "
                             f"({session.protocol.better} is better).", "hint"), 4, 0, 1, n + 3)
        grid.addWidget(label(real_changes_text(analysis, unit), "hint", "realChanges"),
                       5, 0, 1, n + 3)
        for i in range(grid.count()):  # new cells show at once, even on a table already on screen
            cell = grid.itemAt(i).widget()
            if cell is not None:
                cell.show()

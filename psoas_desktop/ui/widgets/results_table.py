"""One session's results as a table: each leg at start, after A and after B, the change each
direction made, and left minus right. Shared by the wizard summary and the read-only session view."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from ...domain.analysis import SIDE_FACTOR, SessionAnalysis
from ...domain.model import FeltBetter, Session, Side
from ...domain.protocol import direction_before
from ...domain.protocol_def import ProtocolDef, seed_protocol
from .touch import label


def signed(x: float, unit: str = "", decimals: int = 1) -> str:
    """A change with its sign and a true minus, never '-0.0'; `decimals` as its values have them
    (MethodSpec.decimals: one rounding rule for a value and its change)."""
    text = f"{x:+.{decimals}f}"
    if float(text) == 0:
        text = text[1:]
    text = text.replace("-", "−")
    return f"{text} {unit}" if unit else text


def _stacked(words: str) -> str:
    """'After rotating to your left' as four short lines, so a six-column table fits 720 px
    beside a finger-wide scroll bar."""
    return words.replace(" ", "\n", 1).replace(" to ", "\nto ").replace("your ", "your\n")


def timepoint_words(session: Session, timepoint: str, two_lines: bool = False) -> str:
    """'Start', 'After rotating to your left': the time point in the client's words (no A or B);
    `two_lines` breaks it before 'to' (a chart tick)."""
    direction = direction_before(session, timepoint)
    if direction is None:
        return session.protocol.timepoint_label(timepoint)
    words = session.protocol.direction(direction).client_words
    return f"After {words}".replace(" to ", "\nto ") if two_lines else f"After {words}"


def felt_words(felt: FeltBetter, session: Session | None) -> str:
    """The client's answer in words: 'Rotating to your left felt better', never 'A felt better'."""
    direction = None if session is None else {FeltBetter.FIRST: session.first_direction,
                                              FeltBetter.SECOND: session.second_direction}.get(felt)
    if direction is not None and session is not None:
        return f"{session.protocol.direction(direction).client_words.capitalize()} felt better"
    return {FeltBetter.FIRST: "The first direction felt better",
            FeltBetter.SECOND: "The second direction felt better",
            FeltBetter.NO_DIFFERENCE: "No difference",
            FeltBetter.NOT_SURE: "Not sure"}[felt]


def band_caption(analysis: SessionAnalysis, unit: str) -> str:
    """What the shading on the session chart means, in words (empty when nothing is shaded)."""
    if analysis.sem is None:
        return ""
    gap = "" if unit == "°" else " "
    return (f"Shaded: each leg's start ± {SIDE_FACTOR * analysis.sem:.1f}{gap}{unit}, the "
            "measurement error. A line that ends outside its leg's shading changed for real.")


def real_changes_text(analysis: SessionAnalysis, unit: str, decimals: int = 1,
                      protocol: ProtocolDef | None = None) -> str:
    """Which one-leg changes lie beyond measurement error (SPEC 5.3: 2.77 x SEM)."""
    protocol = protocol or seed_protocol()
    if not analysis.side_changes:
        return ""
    if analysis.sem is None:
        changed = [f"{c.side.value} leg, {protocol.direction(c.direction).client_words}"
                   for c in analysis.side_changes if c.change != 0]
        return ("Changed: " + "; ".join(changed) + ".") if changed else "No leg changed."
    threshold = f"{SIDE_FACTOR * analysis.sem:.1f}{'' if unit == '°' else ' '}{unit}"
    real = [f"{c.side.value} leg {signed(c.change, decimals=decimals)} "
            f"{protocol.direction(c.direction).client_words}"
            for c in analysis.side_changes if c.real]
    if not real:
        return f"No single-leg change was beyond measurement error ({threshold})."
    return f"Beyond measurement error ({threshold}): " + "; ".join(real) + "."


# A cell of the table: (row, column, rows, columns) -> (text, role, object name, wraps).
Cell = tuple[str, str, str, bool]


class ResultsTable(QWidget):
    def __init__(self, object_name: str = "resultsTable") -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(6)
        self._cells: dict[tuple[int, int, int, int], QLabel] = {}
        self._shape: list[tuple[tuple[int, int, int, int], str, str, bool]] = []

    def show_session(self, session: Session, analysis: SessionAnalysis) -> None:
        """Show `session`; a table of the same shape (the same cells, roles and names) only has
        its words changed, so another session shows without building labels (issue 13)."""
        cells = _cells(session, analysis)
        shape = [(place, role, name, wrap) for place, (_text, role, name, wrap) in cells.items()]
        if shape != self._shape:
            self._rebuild(cells)
            self._shape = shape
            return
        for place, (text, _role, _name, _wrap) in cells.items():
            cell = self._cells[place]
            if cell.text() != text:
                cell.setText(text)

    def _rebuild(self, cells: dict[tuple[int, int, int, int], Cell]) -> None:
        grid = self.grid
        while grid.count():
            item = grid.takeAt(0)
            if item.widget():
                item.widget().hide()  # gone at once, not only when the event loop deletes it
                item.widget().deleteLater()
        self._cells = {}
        for place, (text, role, name, wrap) in cells.items():
            cell = label(text, role, name, wrap=wrap)
            grid.addWidget(cell, *place)
            self._cells[place] = cell
        for cell in self._cells.values():  # new cells show at once, even on a table on screen
            cell.show()


def _cells(session: Session, analysis: SessionAnalysis) -> dict[tuple[int, int, int, int], Cell]:
    """Every cell of the table for `session`, by its place in the grid."""
    cells: dict[tuple[int, int, int, int], Cell] = {}
    spec = session.method_spec
    unit = spec.unit
    protocol = session.protocol
    timepoints = protocol.timepoint_keys
    n = len(timepoints)

    recorded = [v for t in timepoints for s in Side if (v := session.value(t, s)) is not None]
    decimals = spec.decimals(*recorded)  # one rule for every value and change in the table

    def value(v: float) -> str:  # the unit is said once, under the table: narrow screens fit
        return spec.number(v, decimals)

    def change(x: float) -> str:
        return signed(x, decimals=decimals)

    def change_words(direction: str | None) -> str:
        return (_stacked(f"Change {protocol.direction(direction).client_words}")
                if direction else "Change")

    headers = ["", *(_stacked(timepoint_words(session, t)) for t in timepoints),
               change_words(session.first_direction), change_words(session.second_direction)]
    changes = {(c.side, c.direction): c.change for c in analysis.side_changes}
    for col, text in enumerate(headers):
        cells[(0, col, 1, 1)] = (text, "muted", "", False)
    for row, side in enumerate(Side, start=1):
        cells[(row, 0, 1, 1)] = (f"{side.value.capitalize()} leg", "", "", False)
        values = [session.value(t, side) for t in timepoints]
        for col, v in enumerate(values, start=1):
            cells[(row, col, 1, 1)] = ("–" if v is None else value(v), "",
                                       f"result_{side.value}_{timepoints[col - 1]}", False)
        for col, direction in enumerate((session.first_direction, session.second_direction),
                                        start=n + 1):
            if (side, direction) in changes:
                cells[(row, col, 1, 1)] = (change(changes[(side, direction)]), "", "", False)
    cells[(3, 0, 1, 1)] = ("Left − right", "muted", "", False)
    for col, t in enumerate(timepoints, start=1):
        if t in analysis.asymmetry:
            cells[(3, col, 1, 1)] = (change(analysis.asymmetry[t]), "muted", "", False)
    words = "1 = does not touch, 0 = touches" if unit == "0/1" else f"in {unit}"
    cells[(4, 0, 1, n + 3)] = (f"Values {words}; a positive change is an improvement "
                               f"({protocol.better} is better).", "hint", "", True)
    cells[(5, 0, 1, n + 3)] = (real_changes_text(analysis, unit, decimals, protocol), "hint",
                               "realChanges", True)
    return cells

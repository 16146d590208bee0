"""The wrapped label remembers its height per width (issue 13) but never a stale one."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel

from psoas_desktop.ui.style import apply_style, set_role
from psoas_desktop.ui.widgets.touch import WholeLabel, WrappedLabel, label

SHORT = "Lie on your back."
LONG = ("Lie on your back at the end of the table, hug one knee to your chest and let the other "
        "leg hang: the therapist reads how far the thigh drops below the level of the table.")
WIDTHS = (120, 200, 333, 480, 900)


def plain(text: str, font: QFont) -> QLabel:
    """A plain QLabel with the same text, wrapping and font: what the height must be."""
    reference = QLabel(text)
    reference.setWordWrap(True)
    reference.setFont(font)
    return reference


@pytest.fixture
def app(qapp: QApplication) -> QApplication:
    apply_style(qapp)
    return qapp


def test_the_factory_makes_wrapped_labels_and_plain_ones_when_asked(app) -> None:
    assert isinstance(label("words"), WrappedLabel)
    assert type(label("words", wrap=False)) is QLabel


def test_heights_match_a_plain_label_at_every_width(app) -> None:
    shown = label(LONG)
    reference = plain(LONG, shown.font())
    for width in WIDTHS * 2:  # the second round comes from what it remembers
        assert shown.heightForWidth(width) == reference.heightForWidth(width)


def test_new_text_is_measured_again(app) -> None:
    shown = label(SHORT)
    short = [shown.heightForWidth(w) for w in WIDTHS]
    shown.setText(LONG)
    longer = [shown.heightForWidth(w) for w in WIDTHS]
    assert longer == [plain(LONG, shown.font()).heightForWidth(w) for w in WIDTHS]
    assert longer[0] > short[0]
    shown.clear()
    assert shown.heightForWidth(120) == plain("", shown.font()).heightForWidth(120)


def test_a_new_font_or_role_is_measured_again(app) -> None:
    shown = label(LONG)
    before = shown.heightForWidth(300)
    bigger = QFont(shown.font())
    bigger.setPointSizeF(bigger.pointSizeF() * 2)
    shown.setFont(bigger)
    assert shown.heightForWidth(300) == plain(LONG, bigger).heightForWidth(300) > before
    titled = label(LONG)
    titled.heightForWidth(300)
    set_role(titled, "title")  # the stylesheet's larger font for titles
    assert titled.heightForWidth(300) == plain(LONG, titled.font()).heightForWidth(300)


def test_new_margins_are_measured_again(app) -> None:
    shown = label(LONG)
    before = shown.heightForWidth(300)
    shown.setContentsMargins(0, 40, 0, 40)
    assert shown.heightForWidth(300) == before + 80


def test_many_widths_are_forgotten_rather_than_kept(app) -> None:
    shown = label(LONG)
    for width in range(100, 400):
        shown.heightForWidth(width)
    assert len(shown._heights) <= WrappedLabel._MOST_WIDTHS
    assert shown.heightForWidth(150) == plain(LONG, shown.font()).heightForWidth(150)


def test_the_whole_label_still_claims_its_lines(app, qtbot) -> None:
    whole = WholeLabel()
    whole.setWordWrap(True)
    qtbot.addWidget(whole)
    whole.resize(200, 10)
    whole.setText(LONG)
    assert whole.minimumHeight() == plain(LONG, whole.font()).heightForWidth(200)

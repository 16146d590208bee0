"""The home-program handout: one page in calm words, the movement, the order, reps, how often and
when to stop; the open-book figure opens with `opening` and mirrors by direction."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from psoas_desktop.domain.model import Direction, FeltBetter, Summary
from tests.documents.pdf_text import pdf_pages
from tests.records_seed import finished_session

NOW = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
ALARMING = re.compile(r"\b(fail|failed|tight|bad|wrong|damage|danger|fix|must)\b", re.IGNORECASE)


@pytest.fixture(autouse=True)
def _gui(qapp):
    return qapp


def _text(session) -> str:
    from psoas_desktop.documents.handout import handout_for, home_handout_pdf

    [page] = pdf_pages(home_handout_pdf(handout_for(session, "Anna Berg", "Praxis am Park", 1.0,
                                                    NOW)))
    return page


def test_the_handout_says_the_movement_order_reps_and_when_to_stop():
    """One page: the client's name, the order (the direction the client preferred first), reps,
    how often, and stop on sharp pain, numbness or tingling, dizziness."""
    text = _text(replace(finished_session(1), id=4))  # similar verdict; the client felt B (left)
    assert "For Anna Berg · from Praxis am Park" in text
    assert "1. Rotate to your left: 3 slow repetitions." in text
    assert "2. Then rotate to your right: 3 slow repetitions." in text
    assert "lie on your right side; your left arm opens back" in text
    assert "How often: Once or twice a day" in text
    assert "sharp pain, numbness or tingling or dizziness" in text
    assert "From your therapist: Open-book 3x daily" in text


def test_the_handout_words_are_calm():
    """No word a client could read as a verdict on their body (SPEC 7)."""
    assert not ALARMING.search(_text(replace(finished_session(1), id=4)))


def test_the_order_follows_the_clients_answer_and_the_planned_reps():
    """The client felt the first direction (right) better: right comes first; 4 planned reps."""
    session = replace(finished_session(1), id=4, summary=Summary(FeltBetter.FIRST),
                      blocks=tuple(replace(b, planned_reps=4) for b in finished_session(1).blocks))
    text = _text(session)
    assert "1. Rotate to your right: 4 slow repetitions." in text


def _image(direction: Direction, opening: float):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    from psoas_desktop.documents.figure import paint_open_book

    image = QImage(200, 150, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_open_book(painter, QRectF(0, 0, 200, 150), direction, opening)
    painter.end()
    return image


def _ink_centre(image) -> float:
    """The mean x of the moving arm's colour (teal) in the picture."""
    xs = [x for x in range(image.width()) for y in range(image.height())
          if image.pixelColor(x, y).green() > image.pixelColor(x, y).red() + 40
          and image.pixelColor(x, y).blue() > image.pixelColor(x, y).red() + 20]
    return sum(xs) / len(xs)


def test_the_figure_opens_toward_its_direction_and_mirrors():
    """Rotating left: the arm moves from the right half (closed) to the left half (open);
    rotating right is the mirror image (its arm where the left one's reflection is)."""
    closed, opened = _image(Direction.LEFT, 0.0), _image(Direction.LEFT, 1.0)
    assert _ink_centre(closed) > 110 > 90 > _ink_centre(opened)
    for opening in (0.0, 0.5, 1.0):
        left, right = _image(Direction.LEFT, opening), _image(Direction.RIGHT, opening)
        assert abs(_ink_centre(right) - (200 - _ink_centre(left))) < 1.5


def test_the_figure_clamps_opening_and_restores_the_painter():
    """An opening outside 0..1 draws as its nearest end; the caller's painter is left as given."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from psoas_desktop.documents.figure import arm_angle, paint_open_book

    assert arm_angle(-1) == arm_angle(0) and arm_angle(2) == arm_angle(1)
    assert _image(Direction.LEFT, 1.7) == _image(Direction.LEFT, 1.0)
    image = QImage(50, 50, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = painter.transform()
    paint_open_book(painter, QRectF(0, 0, 50, 50), Direction.RIGHT, 0.5)
    assert painter.transform() == before
    painter.end()

"""The home-program handout for the client (SPEC 8.2): the open-book movement in words and
drawings, the order of the two directions, reps and how often, and when to stop. Every word is
for the client to read (SPEC 7): calm, neutral, nothing to pass or fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from ..domain.analysis import analyse, home_start
from ..domain.model import Direction, Session
from .figure import paint_open_book
from .page import ACCENT, MM, MUTED, Page, render_pdf

HOW_OFTEN = "Once or twice a day, on most days. A few slow, easy repetitions are plenty."
STOP_SIGNS = ("sharp pain", "numbness or tingling", "dizziness")
PHASES = (
    (0.0, "1  Start", "Arms together in front of you. Breathe in and get ready."),
    (0.5, "2  Breathe out and open", "Lift your top arm up and over. Let your chest and head "
                                     "follow your hand."),
    (1.0, "3  Rest and breathe", "Stay at a comfortable end of the range for an easy breath, "
                                 "then breathe in and come back."),
)
SOFT = QColor("#EEF4F4")


@dataclass(frozen=True)
class HomeHandout:
    """What the handout says. `first` is the direction to start with (the other follows)."""

    client_name: str
    first: Direction
    reps: int = 3
    clinic_name: str = ""
    therapist_note: str = ""
    given_on: datetime | None = None


def handout_for(session: Session, client_name: str, clinic_name: str, sem: float | None,
                given_on: datetime | None = None) -> HomeHandout:
    """The handout after `session`: start with the direction that had more impact, else the one
    the client preferred, else the order of the session; reps as planned in the session."""
    result = analyse(session, sem)
    # The handout teaches the seed protocol's open-book movement: its directions are left and right.
    first = Direction(home_start(result.verdict, session.summary.felt_better,
                                 session.first_direction, session.protocol)
                      or session.first_direction or Direction.LEFT)
    reps = max((b.planned_reps for b in session.blocks), default=3)
    return HomeHandout(client_name, first, reps, clinic_name, session.summary.home_program,
                       given_on)


def lying_words(direction: Direction) -> str:
    """'Lie on your right side; your left arm opens back' for rotating to the left."""
    return (f"lie on your {direction.opposite.value} side; your {direction.value} arm opens "
            "back")


def paint_home_handout(painter: QPainter, rect: QRectF, handout: HomeHandout) -> None:
    """Draw the handout into `rect` (the printable area in device pixels): one page."""
    page = Page.begin(painter, rect)
    try:
        _paint(page, handout)
    finally:
        page.end()


def _paint(page: Page, handout: HomeHandout) -> None:
    first, second = handout.first, handout.first.opposite
    page.text("Your home movement: the open book", 18, bold=True, colour=ACCENT, gap=1 * MM)
    given = f" · {handout.given_on.astimezone():%d %B %Y}" if handout.given_on else ""
    source = f" · from {handout.clinic_name}" if handout.clinic_name else ""
    page.text(f"For {handout.client_name}{source}{given}", 10.5, colour=MUTED, gap=3 * MM)
    page.text("A gentle turn of the upper back while you lie on your side. Move slowly, breathe "
              "easily, and let's notice how your body responds. There is nothing to achieve: "
              "a small, comfortable movement is just right.", 11, gap=4 * MM)

    _figure_row(page, first, f"First: rotate to your {first.value} ({lying_words(first)})")
    _figure_row(page, second, f"Then: rotate to your {second.value} ({lying_words(second)})",
                captions=False)

    page.text("How to do it", 13, bold=True, colour=ACCENT, gap=1.5 * MM)
    steps = [
        "Lie on your side on a firm, comfortable surface, a pillow under your head, knees bent "
        "in front of you, arms straight out in front at shoulder height, palms together.",
        "Breathe in and get ready.",
        "Breathe out and slowly lift your top arm up and over, like opening a book. Let your "
        "chest and your head turn to follow your hand.",
        "Rest at a comfortable end of the range and take an easy breath there. Your arm does "
        "not need to reach the floor.",
        "Breathe in and bring the arm back to the start.",
    ]
    for number, step in enumerate(steps, start=1):
        page.text(f"{number}.", 11, x=0, width=6 * MM, advance=False)
        page.text(step, 11, x=7 * MM, gap=1.2 * MM)
    page.y += 2 * MM

    page.text("Your order and repetitions", 13, bold=True, colour=ACCENT, gap=1.5 * MM)
    reps = f"{handout.reps} slow repetition{'s' if handout.reps != 1 else ''}"
    page.text(f"1. Rotate to your {first.value}: {reps}.", 11, gap=0.8 * MM)
    page.text(f"2. Then rotate to your {second.value}: {reps}.", 11, gap=0.8 * MM)
    page.text(f"How often: {HOW_OFTEN}", 11, gap=1.2 * MM)
    if handout.therapist_note:
        page.text(f"From your therapist: {handout.therapist_note}", 11, gap=1.2 * MM)
    page.y += 2 * MM

    # when to stop, in a calm box
    text = ("Stop the movement and rest if you notice " + ", ".join(STOP_SIGNS[:-1])
            + f" or {STOP_SIGNS[-1]}. Let your therapist know before you try it again. If it "
            "does not settle with rest, please contact your therapist or doctor.")
    height = page.measure(text, 11, page.width - 8 * MM) + page.measure("X", 13, bold=True)
    box = QRectF(0, page.y, page.width, height + 8 * MM)
    page.painter.setPen(QPen(ACCENT, 0.4 * MM))
    page.painter.setBrush(SOFT)
    page.painter.drawRoundedRect(box, 3 * MM, 3 * MM)
    page.y += 3 * MM
    page.text("When to stop", 13, bold=True, colour=ACCENT, x=4 * MM, gap=1 * MM)
    page.text(text, 11, x=4 * MM, width=page.width - 8 * MM, gap=4 * MM)

    page.y = max(page.y, page.height - 5 * MM)
    if page.y <= page.height - 4 * MM:
        page.text("Psoas Desktop · this sheet is a reminder of what you practised together; "
                  "it is not a diagnosis.", 7.5, colour=MUTED, gap=0)


def _figure_row(page: Page, direction: Direction, title: str, captions: bool = True) -> None:
    page.text(title, 12, bold=True, gap=1.5 * MM)
    width = page.width / 3
    figure_height = 30 * MM if captions else 24 * MM
    for index, (opening, heading, caption) in enumerate(PHASES):
        left = index * width
        page.painter.setPen(Qt.PenStyle.NoPen)
        page.painter.setBrush(SOFT)
        page.painter.drawRoundedRect(QRectF(left + 1 * MM, page.y, width - 2 * MM, figure_height),
                                     2 * MM, 2 * MM)
        paint_open_book(page.painter,
                        QRectF(left + 3 * MM, page.y + 2 * MM, width - 6 * MM,
                               figure_height - 4 * MM), direction, opening)
        if captions:
            y = page.y
            page.y += figure_height + 1 * MM
            page.text(heading, 9.5, bold=True, x=left + 1 * MM, width=width - 2 * MM,
                      advance=False)
            page.y += page.measure(heading, 9.5, bold=True)
            page.text(caption, 9, colour=MUTED, x=left + 1 * MM, width=width - 2 * MM,
                      advance=False)
            page.y = y
    page.y += figure_height + 1 * MM
    if captions:
        tallest = max(page.measure(h, 9.5, width - 2 * MM, True)
                      + page.measure(c, 9, width - 2 * MM) for _o, h, c in PHASES)
        page.y += tallest
    page.text("Seen from the head end.", 8, colour=MUTED, gap=3 * MM)








def home_handout_pdf(handout: HomeHandout) -> bytes:
    """The handout as a one-page A4 PDF."""
    return render_pdf([lambda painter, rect: paint_home_handout(painter, rect, handout)],
                      "Your home movement: the open book")

"""The open-book movement drawn with QPainter: a side-lying figure whose top arm opens and returns.

Pure QPainter (no widgets), so it paints on a screen, a pixmap or a PDF page alike. Seen from
above the table: the client lies on one side with knees bent forward (down in the picture) and
both arms reaching forward; the top arm sweeps over to the back (up) and returns. Mirrored by
direction: rotating to the client's left is lying on the right side, head to the therapist's
left; rotating right is the mirror image.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from ...domain.model import Direction

INK = QColor("#1E2A30")
ARM = QColor("#2F6F73")
TABLE = QColor("#D5D2CA")
OPEN_DEGREES = 165.0  # the arm's sweep, from reaching forward to opened behind


def opening_for(phase_index: int, fraction: float) -> float:
    """How open the top arm is (0 forward, 1 fully open) in the default four-phase breath:
    still on "inhale, prepare", opening on "exhale and open", resting open at the end of the
    range, returning on "inhale and return". Eased so it starts and ends gently."""
    eased = 0.5 - 0.5 * math.cos(math.pi * max(0.0, min(1.0, fraction)))
    return {0: 0.0, 1: eased, 2: 1.0, 3: 1.0 - eased}.get(phase_index, 0.0)


def paint_open_book(painter: QPainter, rect: QRectF, direction: Direction, opening: float) -> None:
    """Draw the side-lying figure inside `rect`, its top arm `opening` (0..1) of the way open."""
    opening = max(0.0, min(1.0, opening))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scale = min(rect.width() / 220.0, rect.height() / 150.0)
    painter.translate(rect.center())
    painter.scale(scale, scale)
    if direction is Direction.RIGHT:
        painter.scale(-1.0, 1.0)  # lying on the left side: head to the other end

    def pen(colour: QColor, width: float, style=Qt.PenStyle.SolidLine) -> QPen:
        p = QPen(colour, width, style, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        return p

    # the table under the body
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(TABLE)
    painter.drawRoundedRect(QRectF(-105, -22, 210, 44), 12, 12)

    shoulder = QPointF(-42, 0)
    hip = QPointF(38, 0)
    knee = QPointF(62, 40)
    foot = QPointF(100, 34)
    reach = 58.0

    # the lower arm stays forward on the table
    painter.setPen(pen(INK.lighter(180), 9))
    painter.drawLine(shoulder + QPointF(-4, 0), shoulder + QPointF(-4, reach))
    # legs, knees bent forward
    painter.setPen(pen(INK, 11))
    painter.drawPolyline([hip, knee, foot])
    # trunk and head
    painter.drawLine(shoulder, hip)
    painter.setBrush(INK)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QPointF(-72, 0), 15, 15)

    # the path of the top hand, faint, so the movement reads even in a still frame
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(pen(ARM.lighter(170), 2, Qt.PenStyle.DotLine))
    painter.drawLine(shoulder + QPointF(6, reach), shoulder + QPointF(6, -reach))

    # the top arm: forward (down) at 0, through pointing up at the viewer, to behind (up) at 1
    angle = math.radians(OPEN_DEGREES * opening)
    hand = shoulder + QPointF(6 + 10 * math.sin(angle), reach * math.cos(angle))
    painter.setPen(pen(ARM, 10))
    painter.drawLine(shoulder + QPointF(6, 0), hand)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ARM)
    painter.drawEllipse(hand, 7 + 5 * math.sin(angle), 7 + 5 * math.sin(angle))
    painter.restore()

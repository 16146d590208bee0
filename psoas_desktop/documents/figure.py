"""The side-lying open-book movement as a drawing: a pure QPainter function (no widgets), so the
handout, the report and later the rep coach draw the same figure.

The figure is seen from the head end, looking along the body toward the feet, the way the movement
reads best: the top arm is a book cover hinged at the shoulder. Seen so, the arm opens toward the
side the rotation is named after: rotating to the client's LEFT (lying on the right side, left arm
opens back) opens to the picture's left; rotating RIGHT is the mirror image.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

from ..domain.model import Direction

SKIN = QColor("#E9D6C5")
BODY = QColor("#B9CCD6")
BODY_FAR = QColor("#D8E3E9")
OUTLINE = QColor("#37474F")
MOVING = QColor("#2F6F73")
FLOOR = QColor("#9AA5AB")
PATH = QColor("#7FA9AC")

# The figure in its own units: x from -1 (behind the client) to +1 (in front), y up from the
# floor (0) to 1.5 (room for the path of the hand). Drawn for rotating LEFT; rotating RIGHT mirrors it.
WIDTH, HEIGHT = 2.0, 1.5
ARM_START_DEG, ARM_END_DEG = -36.0, 200.0  # hand resting on the other hand -> open behind
CHEST_TURN_DEG = 45.0  # the chest follows the arm part of the way
ARM_LENGTH = 0.74


def arm_angle(opening: float) -> float:
    """The top arm's angle in degrees (0 = pointing straight in front) at `opening` 0..1."""
    return ARM_START_DEG + _clamped(opening) * (ARM_END_DEG - ARM_START_DEG)


def _clamped(opening: float) -> float:
    if math.isnan(opening):
        return 0.0
    return min(1.0, max(0.0, opening))


def _pen(colour: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour, width, style, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    return pen


def _rotated(point: QPointF, centre: QPointF, degrees: float) -> QPointF:
    a = math.radians(degrees)
    dx, dy = point.x() - centre.x(), point.y() - centre.y()
    return QPointF(centre.x() + dx * math.cos(a) - dy * math.sin(a),
                   centre.y() + dx * math.sin(a) + dy * math.cos(a))


def _polar(origin: QPointF, degrees: float, length: float) -> QPointF:
    a = math.radians(degrees)
    return QPointF(origin.x() + length * math.cos(a), origin.y() + length * math.sin(a))


def paint_open_book(painter: QPainter, rect: QRectF, direction: Direction,
                    opening: float, show_path: bool = True) -> None:
    """Draw the side-lying open-book figure into `rect`, the top arm `opening` of the way open
    (0 = arm closed over the chest, resting on the other arm; 1 = open at the end of the range).

    `direction` is the rotation: LEFT lies on the right side and opens to the picture's left.
    The painter's state is restored afterwards. `show_path` adds the dashed path of the hand.
    """
    opening = _clamped(opening)
    scale = min(rect.width() / WIDTH, rect.height() / HEIGHT)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(rect.center().x(), rect.center().y() + HEIGHT * scale / 2)
    painter.scale(scale, -scale)  # y up from the floor
    if direction == Direction.RIGHT:
        painter.scale(-1, 1)
    try:
        _draw(painter, opening, show_path)
    finally:
        painter.restore()


def _draw(painter: QPainter, opening: float, show_path: bool) -> None:
    # mat on the floor
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#E4E9EC"))
    painter.drawRoundedRect(QRectF(-0.98, -0.05, 1.96, 0.05), 0.02, 0.02)
    painter.setPen(_pen(FLOOR, 0.012))
    painter.drawLine(QPointF(-1.0, 0.0), QPointF(1.0, 0.0))

    # the bent knees, stacked, further away in front of the hips
    painter.setPen(_pen(OUTLINE, 0.014))
    painter.setBrush(BODY_FAR)
    knees = QPainterPath()
    knees.moveTo(0.05, 0.0)
    knees.lineTo(0.05, 0.34)
    knees.quadTo(0.55, 0.40, 0.80, 0.30)
    knees.quadTo(0.90, 0.16, 0.82, 0.0)
    knees.closeSubpath()
    painter.drawPath(knees)

    # the chest, turning back as the arm opens
    chest_centre = QPointF(0.0, 0.36)
    turn = CHEST_TURN_DEG * opening
    painter.save()
    painter.translate(chest_centre)
    painter.rotate(turn)  # counter-clockwise in y-up units: the top shoulder moves back
    painter.setBrush(BODY)
    painter.drawEllipse(QPointF(0, 0), 0.19, 0.34)
    painter.restore()
    top_shoulder = _rotated(QPointF(0.0, 0.62), chest_centre, turn)

    # the lower arm rests in front along the floor
    painter.setPen(_pen(OUTLINE, 0.085))
    painter.drawLine(QPointF(0.02, 0.10), QPointF(0.74, 0.07))
    painter.setPen(_pen(SKIN.darker(115), 0.07))
    painter.drawLine(QPointF(0.02, 0.10), QPointF(0.74, 0.07))

    # pillow and head; the face turns to follow the hand
    painter.setPen(_pen(OUTLINE, 0.012))
    painter.setBrush(QColor("#F3F5F6"))
    painter.drawRoundedRect(QRectF(-0.20, 0.0, 0.40, 0.08), 0.04, 0.04)
    head = QPointF(0.0, 0.21)
    painter.setBrush(SKIN)
    painter.drawEllipse(head, 0.13, 0.13)
    gaze = 10.0 + 120.0 * opening
    painter.setPen(_pen(OUTLINE, 0.03))
    painter.drawLine(_polar(head, gaze, 0.08), _polar(head, gaze, 0.15))

    angle = arm_angle(opening)
    if show_path:
        start_shoulder = QPointF(0.0, 0.62)
        path = QPainterPath()
        radius = ARM_LENGTH + 0.06
        box = QRectF(start_shoulder.x() - radius, start_shoulder.y() - radius, 2 * radius,
                     2 * radius)
        # QPainterPath angles run counter-clockwise in a y-down frame; ours is flipped (y up)
        path.arcMoveTo(box, -ARM_START_DEG)
        path.arcTo(box, -ARM_START_DEG, -(ARM_END_DEG - ARM_START_DEG))
        painter.setPen(_pen(PATH, 0.016, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        tip = _polar(start_shoulder, ARM_END_DEG, radius)
        tangent = ARM_END_DEG + 90.0  # the hand moves counter-clockwise (y up)
        head_a = _polar(tip, tangent + 150, 0.07)
        head_b = _polar(tip, tangent - 150, 0.07)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PATH)
        painter.drawPolygon(QPolygonF([tip, head_a, head_b]))

    # the moving (top) arm: a book cover hinged at the shoulder
    hand = _polar(top_shoulder, angle, ARM_LENGTH)
    painter.setPen(_pen(MOVING.darker(130), 0.095))
    painter.drawLine(top_shoulder, hand)
    painter.setPen(_pen(MOVING, 0.075))
    painter.drawLine(top_shoulder, hand)
    painter.setPen(_pen(MOVING.darker(130), 0.012))
    painter.setBrush(QBrush(SKIN))
    painter.drawEllipse(hand, 0.055, 0.055)

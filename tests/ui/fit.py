"""What "fits the screen" means (SPEC 3.3), as checks over a shown window's widget tree.

Every visible button and scroll bar must be at least 48 px across (a fingertip). A visible
control must lie inside its window (and inside every ancestor that clips it, except
the scrolling direction of a scroll area), must not overlap a visible sibling control, and its
text must fit: a one-line label or button whose text is wider than its contents rect is clipped
(elision is allowed only with the full text in the tooltip); a wrapped label needs its height.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QScrollBar,
    QStyle,
    QStyleOptionButton,
    QTextEdit,
    QWidget,
)

CONTROLS = (QAbstractScrollArea, QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox,
            QComboBox, QAbstractItemView, QAbstractSlider)
SLACK = 1  # pixels of rounding allowed
TARGET = 48  # DESIGN.md: every touch target at least 48 x 48 px (scroll bars included)


def _is_control(widget: QWidget) -> bool:
    if isinstance(widget, QScrollBar):
        return False
    if isinstance(widget, CONTROLS):
        return True
    return widget.objectName() in {"pacerRing", "openBookFigure"} or type(widget).__name__ == "PlotWidget"


def _inside_internal_part(widget: QWidget) -> bool:
    """Parts that Qt composites build themselves (a spin box's line edit, a view's viewport)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox | QAbstractItemView | QTextEdit
                      | QPlainTextEdit) and not isinstance(parent, QScrollArea):
            return True
        if type(parent).__name__ in ("PlotWidget", "GraphicsLayoutWidget"):
            return True
        parent = parent.parentWidget()
    return False


def _visible_rect(widget: QWidget, top: QWidget) -> tuple[QRect, QRect]:
    """(the widget's rect in `top`'s coordinates, the area its ancestors let it show in).

    Past a scroll area's viewport the content may run beyond every ancestor in the direction
    the area scrolls: the area itself is checked as a control of its own.
    """
    rect = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
    far = 10**6
    left, top_edge, right, bottom = -far, -far, far, far
    free_v = free_h = False
    parent = widget.parentWidget()
    while parent is not None:
        area = QRect(parent.mapTo(top, QPoint(0, 0)), parent.size()) if parent is not top \
            else QRect(top.rect())
        scroll = parent.parentWidget()
        if isinstance(scroll, QAbstractScrollArea) and scroll.viewport() is parent:
            off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            free_v = free_v or scroll.verticalScrollBarPolicy() != off
            free_h = free_h or scroll.horizontalScrollBarPolicy() != off
        if not free_h:
            left, right = max(left, area.left()), min(right, area.right())
        if not free_v:
            top_edge, bottom = max(top_edge, area.top()), min(bottom, area.bottom())
        if parent is top:
            break
        parent = parent.parentWidget()
    return rect, QRect(QPoint(left, top_edge), QPoint(right, bottom))


def _text_width(widget: QWidget, text: str) -> int:
    metrics = widget.fontMetrics()
    return max((metrics.horizontalAdvance(line) for line in text.replace("&&", "&").split("\n")),
               default=0)


def _text_problem(widget: QWidget) -> str | None:
    if isinstance(widget, QPushButton):
        text = widget.text()
        if not text:
            return None
        option = QStyleOptionButton()
        widget.initStyleOption(option)
        contents = widget.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option,
                                                 widget)
        need = _text_width(widget, text)
        if not widget.icon().isNull():
            need += widget.iconSize().width() + 4
        lines = text.count("\n") + 1
        if need > contents.width() + SLACK:
            return f"text {text!r} needs {need} px, has {contents.width()}"
        if widget.fontMetrics().height() * lines > contents.height() + 4:
            return f"text {text!r} needs {widget.fontMetrics().height() * lines} px high, " \
                   f"has {contents.height()}"
        return None
    if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
        text = widget.text()
        if text.endswith("…") and widget.toolTip():
            return None  # intentional elision, the full text in the tooltip
        if widget.wordWrap():
            need = widget.heightForWidth(widget.width())
            if need > widget.height() + SLACK:
                return f"wrapped text {text[:30]!r} needs {need} px high, has {widget.height()}"
            return None
        hint = widget.minimumSizeHint()
        if hint.width() > widget.width() + SLACK:
            return f"text {text[:40]!r} needs {hint.width()} px, has {widget.width()}"
        if hint.height() > widget.height() + 4:
            return f"text {text[:40]!r} needs {hint.height()} px high, has {widget.height()}"
    return None


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QAbstractButton | QLabel):
        text = widget.text()[:24]
    return f"{type(widget).__name__}({widget.objectName() or '-'}{', ' + repr(text) if text else ''})"


def small_targets(top: QWidget) -> list[str]:
    """Visible buttons smaller than 48 x 48 px, and scroll bars thinner than 48 px."""
    problems = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not top:
            continue
        if isinstance(widget, QScrollBar):
            thickness = widget.width() if widget.orientation() == Qt.Orientation.Vertical \
                else widget.height()
            if thickness < TARGET:
                problems.append(f"{_name(widget)} is {thickness} px across, under {TARGET}")
        elif isinstance(widget, QAbstractButton) and not _inside_internal_part(widget):
            if widget.width() < TARGET or widget.height() < TARGET:
                problems.append(f"{_name(widget)} is {widget.width()}x{widget.height()}, "
                                f"under {TARGET}x{TARGET}")
    return problems


def fit_problems(top: QWidget) -> list[str]:
    """Every way `top`'s visible controls fail to fit, as sentences (empty: it fits), and every
    touch target under 48 px."""
    problems: list[str] = small_targets(top)
    controls = [w for w in top.findChildren(QWidget)
                if w.isVisible() and w.window() is top and _is_control(w)
                and not _inside_internal_part(w)]
    for widget in controls:
        rect, allowed = _visible_rect(widget, top)
        if not allowed.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(rect):
            problems.append(f"{_name(widget)} at {rect.getRect()} lies outside {allowed.getRect()}")
        text = _text_problem(widget)
        if text:
            problems.append(f"{_name(widget)}: {text}")
    by_parent: dict[int, list[QWidget]] = {}
    for widget in controls:
        by_parent.setdefault(id(widget.parentWidget()), []).append(widget)
    for siblings in by_parent.values():
        for i, a in enumerate(siblings):
            for b in siblings[i + 1:]:
                common = a.geometry().intersected(b.geometry())
                if common.width() > SLACK and common.height() > SLACK:
                    problems.append(f"{_name(a)} overlaps {_name(b)} by {common.width()}x"
                                    f"{common.height()}")
    return problems

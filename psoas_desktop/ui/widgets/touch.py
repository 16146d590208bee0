"""The one way to make touch controls: big buttons, labels with a role, and kinetic scrolling."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QBoxLayout,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QVBoxLayout,
    QWidget,
)


def spoken(text: str) -> str:
    """A button's words as a screen reader should say them: no arrows, no spare spaces."""
    return " ".join(text.replace("◀", " ").replace("▶", " ").split())


class TouchButton(QPushButton):
    """A push button whose accessible name follows its text ('Reading 2: 2.5 cm'), with an
    optional prefix that says whose it is ('Left leg: '); a name set outright stays."""

    _named = False
    _prefix = ""

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        super().setText(text)
        self._speak()

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt override)
        self._named = True
        super().setAccessibleName(name)

    def set_spoken_prefix(self, prefix: str) -> None:
        self._prefix = prefix
        self._speak()

    def _speak(self) -> None:
        if not self._named:
            words = spoken(self.text())
            super().setAccessibleName(f"{self._prefix}{words}" if len(words) > 1 else "")


def button(
    text: str,
    object_name: str = "",
    role: str = "",
    on_click: Callable[[], None] | None = None,
    checkable: bool = False,
) -> TouchButton:
    """A touch button; it never takes focus on click, so Space stays with the clicker keys."""
    b = TouchButton()
    b.setText(text)
    if object_name:
        b.setObjectName(object_name)
    if role:
        b.setProperty("role", role)
    b.setCheckable(checkable)
    if len(text) <= 2:
        b.setProperty("square", True)  # "−", "+", "10": held at the touch target's width
    # Enter in a dialog's text field must never press whichever button comes first (it used to
    # press Cancel in the client dialog and drop the typed name); dialogs name their default.
    b.setAutoDefault(False)
    b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    if on_click is not None:
        b.clicked.connect(lambda _checked=False: on_click())
    return b


def label(text: str = "", role: str = "", object_name: str = "", wrap: bool = True) -> QLabel:
    lab = WrappedLabel(text) if wrap else QLabel(text)
    if role:
        lab.setProperty("role", role)
    if object_name:
        lab.setObjectName(object_name)
    lab.setWordWrap(wrap)
    return lab


class WrappedLabel(QLabel):
    """A word-wrapped label that remembers its height at each width until its text, font, style
    or margins change.

    QLabel lays its text out again (shaping every word) each time a layout asks its height for a
    width, and layouts ask often: every show and every change on a page asks again, and a stacked
    widget asks every page it holds, shown or not. That was the largest part of each wizard tap
    (issue 13); a remembered height is a dictionary look-up.
    """

    _MOST_WIDTHS = 64  # a window dragged wider and narrower: forget, rather than grow

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self._heights: dict[int, int] = {}

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        height = self._heights.get(width)
        if height is None:
            if len(self._heights) >= self._MOST_WIDTHS:
                self._heights.clear()
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        if text != self.text():
            self._heights.clear()
            super().setText(text)

    def clear(self) -> None:
        self._heights.clear()
        super().clear()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() in _LAYOUT_CHANGES:
            self._heights.clear()
        super().changeEvent(event)


_LAYOUT_CHANGES = frozenset({
    QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange,
    QEvent.Type.LayoutDirectionChange, QEvent.Type.PolishRequest,
})


class WholeLabel(WrappedLabel):
    """A wrapped label that claims the height its lines need at its width, so a short window
    squeezes its neighbours (a list that scrolls) rather than cutting a sentence."""

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        needed = self.heightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        super().setText(text)
        needed = self.heightForWidth(self.width()) if self.width() > 0 else -1
        if needed > 0:
            self.setMinimumHeight(needed)


def card(role: str = "card") -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setProperty("role", role)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 14)
    layout.setSpacing(10)
    return frame, layout


def enable_kinetic_scrolling(view: QAbstractScrollArea) -> None:
    """Finger drags scroll with momentum (QScroller), as on a phone.

    Taps reach buttons at once (no press delay): a drag that turns into a flick releases the
    button off-target, so it never clicks.
    """
    viewport = view.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    properties = scroller.scrollerProperties()
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
    scroller.setScrollerProperties(properties)


def scrolling(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    enable_kinetic_scrolling(area)
    return area


def fit_to_window(dialog: QWidget, body: QScrollArea, margin: int = 16) -> None:
    """Size a dialog to show its whole scrolling `body` when the window it covers allows, and
    never beyond that window (the body scrolls instead)."""
    parent = dialog.parentWidget()
    if parent is None:
        return
    room = parent.window().size()
    content = body.widget().sizeHint()
    extra = dialog.sizeHint() - body.sizeHint()
    bar = body.verticalScrollBar().sizeHint().width()  # room for the scroll bar, if it shows
    width = min(max(content.width() + extra.width() + bar + 6, 560), room.width() - margin)
    height = min(content.height() + extra.height() + 8, room.height() - margin)
    dialog.setMaximumSize(room.width() - margin, room.height() - margin)
    dialog.resize(width, height)


UNSTACK_MARGIN = 16  # px beyond a shown scroll bar's width before stacked columns unstack


class Columns(QWidget):
    """Side-by-side columns that stack when the window is narrow (portrait tablets).

    They stack below `stack_below` pixels, and whenever the columns side by side would not fit
    (so a long word never pushes a control out of the window); the minimum width asked of the
    parent is the stacked one.
    """

    def __init__(self, stretches: tuple[int, ...], stack_below: int = 900, spacing: int = 18) -> None:
        super().__init__()
        self._stack_below = stack_below
        self._spacing = spacing
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(spacing)
        self.columns: list[QVBoxLayout] = []
        for stretch in stretches:
            column = QVBoxLayout()
            column.setSpacing(spacing)
            self._box.addLayout(column, stretch)
            self.columns.append(column)

    @property
    def stacked(self) -> bool:
        return self._box.direction() == QBoxLayout.Direction.TopToBottom

    def _side_by_side_width(self) -> int:
        widths = [c.minimumSize().width() for c in self.columns if not c.isEmpty()]
        return sum(widths) + self._spacing * max(0, len(widths) - 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        widths = [c.minimumSize().width() for c in self.columns] or [0]
        return QSize(max(widths), self._box.minimumSize().height())

    def _arrange(self, width: int) -> None:
        need = max(self._stack_below, self._side_by_side_width())
        # Stacking can make the enclosing scroll area show its bar, which narrows the columns by
        # its 48 px; they stay stacked until they would fit with that bar gone too, else they
        # would unstack, the bar go, stack again, and so on (it crashed at 1024x600).
        narrow = width < need + (self._bar_width() if self.stacked else 0)
        wanted = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        if self._box.direction() != wanted:
            self._box.setDirection(wanted)
            self.updateGeometry()

    def _bar_width(self) -> int:
        """The width of a shown vertical scroll bar of the scroll area around these columns."""
        parent = self.parentWidget()
        while parent is not None:
            if isinstance(parent, QAbstractScrollArea):
                bar = parent.verticalScrollBar()
                return bar.width() + UNSTACK_MARGIN if bar.isVisible() else 0
            parent = parent.parentWidget()
        return 0

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._arrange(self.width())
        super().showEvent(event)

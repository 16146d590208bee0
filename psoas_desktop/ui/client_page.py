"""A client's page: details, the across-visits charts, the session history, and the client actions
(edit, archive, delete, review with the client)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QVBoxLayout,
    QWidget,
)

from ..charts.series import (
    ChartKind,
    TimeRange,
    TrendSelection,
    method_caption,
    preference_caption,
)
from ..domain.analysis import TrendPoint, trend
from ..domain.model import Client, Method, Session
from .session_list_model import SessionIdRole, SessionListModel
from .widgets.elided_label import ElidedLabel
from .widgets.touch import (
    Columns,
    WholeLabel,
    button,
    card,
    enable_kinetic_scrolling,
    label,
    scrolling,
)
from .widgets.two_line_delegate import TwoLineDelegate

if TYPE_CHECKING:
    from .chart_export import ChartLabel


def client_facts(client: Client) -> str:
    facts = []
    if client.archived:
        facts.append("Archived: hidden from the client list")
    if client.date_of_birth:
        facts.append(f"born {client.date_of_birth:%d %b %Y}")
    if client.thigh_length_cm:
        facts.append(f"thigh {client.thigh_length_cm:g} cm")
    if client.notes:
        facts.append(client.notes)
    return " · ".join(facts) or "No details yet."


def _same_items(first: Sequence[object], second: Sequence[object]) -> bool:
    """The same objects in the same order (the repository hands back unchanged sessions)."""
    return len(first) == len(second) and all(a is b for a, b in zip(first, second, strict=True))


class ClientPage(QWidget):
    def __init__(
        self,
        on_home: Callable[[], None],
        on_start_session: Callable[[int], None],
        on_edit: Callable[[int], None],
        sem_for: Callable[[Method], float | None],
        on_archive: Callable[[int, bool], None] | None = None,
        on_delete: Callable[[int], None] | None = None,
        on_open_session: Callable[[int], None] | None = None,
        on_review: Callable[[], None] | None = None,
        on_save_chart: Callable[[QWidget, ChartLabel], None] | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        on_export: Callable[[int], None] | None = None,
        on_print: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__()
        from .trend_panel import TrendPanel  # pyqtgraph only when the first chart is built

        self.setObjectName("clientPage")
        self._client: Client | None = None
        self._points: list[TrendPoint] = []
        self._trend_of: tuple[list[Session], dict] = ([], {})  # what _points were computed from
        self._latest: Session | None = None
        self._on_start_session = on_start_session
        self._on_edit = on_edit
        self._on_archive = on_archive
        self._on_delete = on_delete
        self._on_open_session = on_open_session
        self._on_save_chart = on_save_chart
        self._sem_for = sem_for
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        top = QHBoxLayout()
        top.addWidget(button("◀  Home", "homeButton", "secondary", on_home))
        self.name = ElidedLabel("", "title", "clientTitle")
        top.addWidget(self.name, 1)
        self.review_button = button("Review with client", "reviewButton", "secondary",
                                    on_review or (lambda: None))
        top.addWidget(self.review_button)
        top.addWidget(button("Start session", "startSessionButton", "primary", self.start_session))
        layout.addLayout(top)

        # side by side on a landscape screen; stacked (and scrolling) below 1000 px wide
        body = Columns((3, 2), stack_below=940)
        charts_column, sessions_column = body.columns
        frame, box = card()
        self.charts_card = frame
        self.panel = TrendPanel(on_changed=self._chart_changed,
                                on_save=self._save_chart if on_save_chart else None, now=now)
        self.panel.legs.setMinimumHeight(180)
        self.panel.difference.setMinimumHeight(180)
        self.panel.direction.setMinimumHeight(180)
        box.addWidget(self.panel, 1)
        self.chart_note = label("", "hint", "trendCaption")
        box.addWidget(self.chart_note)
        charts_column.addWidget(frame)

        frame, box = card()
        self.sessions_card = frame
        self.details = label("", "muted", "clientDetails")
        box.addWidget(self.details)
        actions = QHBoxLayout()
        actions.addWidget(button("Edit", "editClientButton", "chip", self._edit))
        self.archive_button = button("Archive", "archiveClientButton", "chip", self._archive)
        actions.addWidget(self.archive_button)
        actions.addWidget(button("Delete…", "deleteClientButton", "chip", self._delete))
        actions.addStretch(1)
        box.addLayout(actions)
        if on_export is not None or on_print is not None:
            documents = QHBoxLayout()
            if on_export is not None:
                documents.addWidget(button("Export…", "exportClientButton", "chip",
                                           lambda: self._for_client(on_export)))
            if on_print is not None:
                documents.addWidget(button("Print reports…", "printClientReportsButton", "chip",
                                           lambda: self._for_client(on_print)))
            documents.addStretch(1)
            box.addLayout(documents)
        self.saved_label = label("", "hint", "savedExportLabel")
        self.saved_label.hide()
        box.addWidget(self.saved_label)
        # the across-visit evidence (SPEC 5.3, 9.1) sits here so the chart keeps its height on 600 px;
        # a wrapped sentence never squeezed below the lines it needs: the session list gives way
        self.preference_note = WholeLabel()
        self.preference_note.setProperty("role", "notice")
        self.preference_note.setObjectName("evidenceLabel")
        self.preference_note.setWordWrap(True)
        box.addWidget(self.preference_note)
        box.addWidget(label("Sessions", "subtitle"))
        self.session_model = SessionListModel()
        self.sessions = QListView()
        self.sessions.setObjectName("sessionList")
        self.sessions.setMinimumHeight(48)  # scrolls; the words above it come first
        self.sessions.setModel(self.session_model)
        self.sessions.setUniformItemSizes(True)
        self.sessions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sessions.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.sessions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sessions.setItemDelegate(TwoLineDelegate(self.sessions))
        self.sessions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        enable_kinetic_scrolling(self.sessions)
        self.sessions.clicked.connect(self._open_session)
        box.addWidget(self.sessions, 1)
        self.no_sessions = label("No sessions yet. Start session begins the first one.", "muted")
        box.addWidget(self.no_sessions)
        sessions_column.addWidget(frame)
        # Wide: the body fills the page and the session list scrolls. Narrow: the cards stack and
        # the page scrolls (a scroll area always would size the body to its preferred height).
        self.body = body
        self.body_scroll = scrolling(QWidget())
        self.body_scroll.hide()
        layout.addWidget(self.body_scroll, 1)
        layout.addWidget(body, 1)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """On a narrow (portrait) screen the review button says less, so the name still shows."""
        narrow = event.size().width() < 1000
        self.review_button.setText("Review" if narrow else "Review with client")
        # stacked below 1000 px (see Columns): each card keeps a usable height and the page scrolls
        self.charts_card.setMinimumHeight(440 if narrow else 0)
        self.charts_card.setMaximumHeight(600 if narrow else 16777215)  # sessions show below
        self.sessions_card.setMinimumHeight(400 if narrow else 0)
        scrolled = self.body_scroll.widget() is self.body
        if narrow and not scrolled:
            self.layout().removeWidget(self.body)
            self.body_scroll.setWidget(self.body)
            self.body_scroll.show()
        elif not narrow and scrolled:
            self.body_scroll.takeWidget()
            self.body_scroll.setWidget(QWidget())
            self.body_scroll.hide()
            self.layout().addWidget(self.body, 1)
            self.body.show()
        super().resizeEvent(event)

    @property
    def client_id(self) -> int | None:
        return self._client.id if self._client else None

    @property
    def client(self) -> Client | None:
        return self._client

    @property
    def points(self) -> list[TrendPoint]:
        return self._points

    @property
    def latest_session(self) -> Session | None:
        """The most recent finished session: review mode's chart of today."""
        return self._latest

    def show_client(self, client: Client, sessions: Sequence[Session]) -> None:
        same_client = self._client is not None and self._client.id == client.id
        self._client = client
        self.name.setText(client.name)
        self.details.setText(client_facts(client))
        self.archive_button.setText("Unarchive" if client.archived else "Archive")
        sems = {m: self._sem_for(m) for m in Method}
        if not _same_items(sessions, self._trend_of[0]) or sems != self._trend_of[1]:
            self._points = trend(sessions, sems)  # 1,000 sessions: tens of ms, so only on change
            self._trend_of = (list(sessions), sems)
        finished = [x for x in sessions if x.is_finished and x.first_direction is not None]
        self._latest = max(finished, key=lambda x: x.started_at) if finished else None
        keep = self.panel.selection.method if same_client else None
        self.panel.show_points(self._points, keep, None if same_client else TimeRange.ALL,
                               None if same_client else ChartKind.LEGS)
        self.review_button.setEnabled(bool(self._points))
        self.session_model.set_sessions(sessions, self._points)
        self.no_sessions.setVisible(not sessions)
        self.sessions.scrollToTop()
        if not same_client:
            self.saved_label.hide()

    def _chart_changed(self, selection: TrendSelection, _kind: ChartKind) -> None:
        self.chart_note.setText(method_caption(selection))
        # the evidence sentence, or why there is none yet (SPEC 9.1 evidenceLabel)
        self.preference_note.setText(preference_caption(list(selection.shown), selection.method))

    # --- actions ------------------------------------------------------------------------
    def start_session(self) -> None:
        if self.client_id is not None:
            self._on_start_session(self.client_id)

    def _for_client(self, action: Callable[[int], None]) -> None:
        if self.client_id is not None:
            action(self.client_id)

    def show_saved(self, text: str) -> None:
        self.saved_label.setText(text)
        self.saved_label.show()

    def _edit(self) -> None:
        if self.client_id is not None:
            self._on_edit(self.client_id)

    def _archive(self) -> None:
        if self._client is not None and self._client.id is not None and self._on_archive:
            self._on_archive(self._client.id, not self._client.archived)

    def _delete(self) -> None:
        if self.client_id is not None and self._on_delete:
            self._on_delete(self.client_id)

    def _open_session(self, index: QModelIndex) -> None:
        session_id = index.data(SessionIdRole)
        if session_id is not None and self._on_open_session:
            self._on_open_session(session_id)

    def _save_chart(self, chart: QWidget, kind: ChartKind) -> None:
        if self._on_save_chart is not None and self._client is not None:
            from datetime import date

            from .chart_export import ChartLabel

            selection = self.panel.selection
            spec = selection.shown[0].method_spec if selection.shown else None
            self._on_save_chart(chart, ChartLabel(self._client.name, "trend", kind.label,
                                                  selection.method, date.today(), spec))

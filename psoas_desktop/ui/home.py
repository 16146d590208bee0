"""Home: resume banner, client search and list, New client, Start session."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from ..domain.model import ClientSummary, Session
from ..domain.protocol import resume_step, step_label
from .client_list_model import ClientIdRole, ClientListModel
from .widgets.touch import button, card, enable_kinetic_scrolling, label
from .widgets.two_line_delegate import TwoLineDelegate


class HomePage(QWidget):
    def __init__(
        self,
        on_search: Callable[[str], None],
        on_new_client: Callable[[], None],
        on_open_client: Callable[[int], None],
        on_start_session: Callable[[int], None],
        on_resume: Callable[[int], None],
        on_measurement_error: Callable[[], None],
        on_backups: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self._on_open_client = on_open_client
        self._on_start_session = on_start_session
        self._on_resume = on_resume
        self._resume_id: int | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(14)
        top = QHBoxLayout()
        top.addWidget(label("Psoas Desktop", "title"), 1)
        top.addWidget(button("New client", "newClientButton", "secondary", on_new_client))
        self.top_row = top
        layout.addLayout(top)
        # the practice's tools in a row of their own, so the top row fits a 720 px screen
        tools = QHBoxLayout()
        tools.addWidget(button("Measurement error…", "semButton", "chip", on_measurement_error))
        if on_backups is not None:
            tools.addWidget(button("Backups…", "backupsButton", "chip", on_backups))
        self.about_button = button("About", "aboutButton", "chip")  # opened by the app (app.py)
        tools.addWidget(self.about_button)
        tools.addStretch(1)
        self.tools = tools
        layout.addLayout(tools)

        self.banner, banner_box = card("banner")
        banner_row = QHBoxLayout()
        self.banner_text = label("", "", "resumeText")
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(button("Resume", "resumeButton", "primary", self._resume))
        banner_box.addLayout(banner_row)
        layout.addWidget(self.banner)

        search_row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("clientSearch")
        self.search.setPlaceholderText("Search clients by any part of the name")
        self.search.setAccessibleName("Search clients")
        self.search.textChanged.connect(on_search)
        search_row.addWidget(self.search, 1)
        # a finger-sized Clear (Qt's own clear button is a 14 px icon inside the field)
        self.clear_search = button("Clear", "clearSearchButton", "chip", self.search.clear)
        self.clear_search.setAccessibleName("Clear the search")
        self.clear_search.setVisible(False)
        self.search.textChanged.connect(lambda text: self.clear_search.setVisible(bool(text)))
        search_row.addWidget(self.clear_search)
        self.archived_toggle = button("Show archived", "showArchivedToggle", "chip",
                                      lambda: on_search(self.search.text()), checkable=True)
        search_row.addWidget(self.archived_toggle)
        layout.addLayout(search_row)

        self.model = ClientListModel()
        self.list = QListView()
        self.list.setObjectName("clientList")
        self.list.setModel(self.model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(True)
        self.list.setItemDelegate(TwoLineDelegate(self.list, headline_px=22, detail_px=16, row_height=80))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        enable_kinetic_scrolling(self.list)
        self.list.selectionModel().selectionChanged.connect(lambda *_: self._refresh_buttons())
        self.list.doubleClicked.connect(lambda _i: self._open())
        layout.addWidget(self.list, 1)
        self.empty = label("No clients yet. Tap New client to add the first one.", "muted", "homeEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)

        actions = QHBoxLayout()
        self.open_button = button("Open client", "openClientButton", "secondary", self._open)
        self.start_button = button("Start session", "startSessionButton", "primary", self._start)
        actions.addWidget(self.open_button, 1)
        actions.addWidget(self.start_button, 2)
        layout.addLayout(actions)
        self.show_resume(None, "")
        self._refresh_buttons()

    # --- data in ------------------------------------------------------------------------
    def show_clients(self, rows: Sequence[ClientSummary], select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.selected_client_id()
        self.model.set_rows(rows)
        self.empty.setText(self._empty_text(bool(rows)))
        self.empty.setVisible(not rows)
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row))
        self._refresh_buttons()

    def show_resume(self, session: Session | None, client_name: str, others: int = 0) -> None:
        self._resume_id = session.id if session else None
        self.banner.setVisible(session is not None)
        if session is not None:
            started = session.started_at.astimezone()
            more = f" ({others} more unfinished)" if others else ""
            self.banner_text.setText(
                f"A session with {client_name} from {started:%d %b, %H:%M} is not finished. "
                f"Resume at step {step_label(resume_step(session))}?{more}"
            )

    def _empty_text(self, any_rows: bool) -> str:
        typed = self.search.text().strip()
        if any_rows:
            return ""
        if not typed:
            return ("No clients yet. Tap New client to add the first one." if self.include_archived
                    else "No clients to show. Tap New client to add one, or Show archived.")
        text = f"No client matches “{typed}”."
        if not self.include_archived:
            text += " Archived clients are hidden: tap Show archived to include them."
        return text

    @property
    def include_archived(self) -> bool:
        """The "Show archived" toggle: archived clients are hidden from the list by default."""
        return self.archived_toggle.isChecked()

    def selected_client_id(self) -> int | None:
        indexes = self.list.selectionModel().selectedIndexes()
        return indexes[0].data(ClientIdRole) if indexes else None

    # --- actions ------------------------------------------------------------------------
    def _refresh_buttons(self) -> None:
        chosen = self.selected_client_id() is not None
        self.start_button.setEnabled(chosen)
        self.open_button.setEnabled(chosen)

    def _open(self) -> None:
        client_id = self.selected_client_id()
        if client_id is not None:
            self._on_open_client(client_id)

    def _start(self) -> None:
        client_id = self.selected_client_id()
        if client_id is not None:
            self._on_start_session(client_id)

    def _resume(self) -> None:
        if self._resume_id is not None:
            self._on_resume(self._resume_id)

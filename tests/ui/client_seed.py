"""Clients and finished sessions written straight through the repository, and taps that open them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from psoas_desktop.domain.analysis import verdict_basis_for
from psoas_desktop.domain.model import (
    TIMEPOINTS,
    CheckIn,
    Client,
    Direction,
    FeltBetter,
    Measurement,
    Method,
    SessionStatus,
    Side,
    Summary,
)

NOW = datetime.now(UTC)


def finished_session(store, client_id: int, started_at: datetime, rows, first=Direction.LEFT,
                     method=Method.GAP_CM, pain=(5, 2)):
    """A completed session with (left, right) per time point, as the wizard would have saved it
    (judged at Finish with the method's default SEM)."""
    session = store.start_session(client_id, method, started_at)
    measurements = []
    for timepoint, (left, right) in zip(TIMEPOINTS, rows, strict=True):
        measurements.append(Measurement(timepoint, Side.LEFT, (float(left),)))
        measurements.append(Measurement(timepoint, Side.RIGHT, (float(right),)))
    session = replace(
        session, first_direction=first, measurements=tuple(measurements),
        check_in=CheckIn(pain_before=pain[0], red_flags_answered=True),
        summary=Summary(felt_better=FeltBetter.FIRST, pain_after=pain[1], notes="Calm session"),
        status=SessionStatus.COMPLETED, completed_step=7,
        finished_at=started_at + timedelta(minutes=40),
    )
    session = replace(session, verdict_basis=verdict_basis_for(session, method.spec.default_sem))
    return store.save_session(session)


def client_with_sessions(store, name: str, days_ago: list[int], method=Method.GAP_CM,
                         rows=((4, 2), (3, 2), (2.5, 1.5))):
    client = store.add_client(Client(name))
    sessions = [finished_session(store, client.id, NOW - timedelta(days=d), rows,
                                 first=Direction.LEFT if i % 2 == 0 else Direction.RIGHT,
                                 method=method)
                for i, d in enumerate(days_ago)]
    return client, sessions


def open_client(driver, name: str) -> None:
    """From home: type the name, tap the client's row, then Open client."""
    window = driver.window
    window.show_home()
    search = driver.visible("clientSearch")
    search.clear()
    driver.qtbot.keyClicks(search, name)
    view = driver.visible("clientList")
    rows = [view.model().index(r, 0) for r in range(view.model().rowCount())]
    [index] = [i for i in rows if i.data().split("\n")[0] == name]
    driver.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                            pos=view.visualRect(index).center())
    driver.tap("openClientButton")


def tap_row(driver, view_name: str, row: int) -> None:
    view = driver.visible(view_name)
    index = view.model().index(row, 0)
    view.scrollTo(index)
    driver.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                            pos=view.visualRect(index).center())


def series(chart) -> dict[str, list[float]]:
    return {item.name(): [] if item.getData()[1] is None else list(item.getData()[1])
            for item in chart.getPlotItem().listDataItems()}

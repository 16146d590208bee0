"""Saved chart pictures (issue 11, SPEC 8.1): no client name in the suggested file name, the
client, date and method in the picture's title, owner-only, written whole or not at all, and
never over records."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog

from psoas_desktop.domain.model import Method

from .client_seed import client_with_sessions, open_client, tap_row


@pytest.fixture
def wide_umask():
    """A umask that would make files world-readable (0644), as on most desktops."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _save_from(driver, button: str, target: Path) -> QFileDialog:
    driver.tap(button)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, QFileDialog) and dialog.objectName() == "saveChartDialog"
    suggested = Path(dialog.selectedFiles()[0]).name
    dialog.selectFile(str(target))
    dialog.accept()
    return suggested


def test_trend_png_is_named_by_date_and_method_and_titled_with_the_client(
        driver, store, tmp_path, wide_umask):
    """Client page Save PNG: 'psoas-trend-gap-cm-<today>.png'; the picture is 0600 and its title
    names the client, the chart, the method and the date."""
    client_with_sessions(store, "Maja Lind", [10, 5])
    open_client(driver, "Maja Lind")
    folder = tmp_path / "pictures"
    folder.mkdir()
    target = folder / "chart.png"
    suggested = _save_from(driver, "saveChartButton", target)
    assert suggested == f"psoas-trend-gap-cm-{date.today().isoformat()}.png"
    assert "maja" not in suggested.lower() and "lind" not in suggested.lower()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    image = QImage(str(target))
    title = image.text("Title")
    today = date.today().strftime("%d %b %Y").lstrip("0")
    assert "Maja Lind" in title and Method.GAP_CM.spec.label in title and today in title
    assert [p.name for p in folder.iterdir()] == ["chart.png"]  # no temporary file left


def test_session_png_is_named_by_the_session_day_and_method(driver, store, tmp_path, wide_umask):
    """A past session's Save PNG: 'psoas-session-gap-cm-<that day>.png', titled with the client."""
    client_with_sessions(store, "Oskar Berg", [3])
    open_client(driver, "Oskar Berg")
    tap_row(driver, "sessionList", 0)
    target = tmp_path / "session.png"
    suggested = _save_from(driver, "saveSessionChartButton", target)
    [session] = store.sessions_for_client(store.list_clients()[0].client.id)
    day = session.started_at.astimezone().date()
    assert suggested == f"psoas-session-gap-cm-{day.isoformat()}.png"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Oskar Berg" in QImage(str(target)).text("Title")


def test_the_picture_has_a_title_band_above_the_chart(qtbot):
    """The title is drawn in the picture (a band of dark text above the chart), not only stored."""
    from PySide6.QtGui import QColor

    from psoas_desktop.ui.chart_export import titled

    chart = QImage(400, 300, QImage.Format.Format_ARGB32)
    chart.fill(QColor("white"))
    image = titled(chart, "Anna Berg — Both legs — Gap (cm) — 2 Dec 2026")
    assert image.height() > chart.height()
    band = image.height() - chart.height()
    dark = sum(1 for x in range(image.width()) for y in range(band)
               if QColor(image.pixel(x, y)).lightness() < 128)
    assert dark > 50


def test_a_picture_never_replaces_records(qtbot, tmp_path, monkeypatch):
    """Choosing the database (or any SQLite file) as the picture's file: a calm message, and the
    records are untouched."""
    import pyqtgraph as pg

    from psoas_desktop.ui import chart_export

    records = tmp_path / "psoas.db"
    with sqlite3.connect(records) as connection:
        connection.execute("CREATE TABLE kept (x)")
    before = records.read_bytes()
    chart = pg.PlotWidget()
    qtbot.addWidget(chart)
    label = chart_export.ChartLabel("Anna Berg", "trend", "Both legs", Method.GAP_CM, date.today())
    with pytest.raises(chart_export.RefusedDestination):
        chart_export.write_chart_png(chart, records.with_suffix(".png").with_name("psoas.db"), label)
    said: list[str] = []
    monkeypatch.setattr(chart_export, "show_problem", lambda _p, text, *_a: said.append(text))
    dialog = chart_export.ask_and_save_png(None, chart, label, folder=tmp_path)
    dialog.fileSelected.emit(str(records))
    assert records.read_bytes() == before
    assert said and "never replaces" in said[0] and "Traceback" not in said[0]
    assert not (tmp_path / "psoas.png").exists()


def test_a_failed_write_leaves_no_file(qtbot, tmp_path, monkeypatch):
    """Killed or failing between the temporary file and the rename: no picture and no part file."""
    import pyqtgraph as pg

    from psoas_desktop.ui import chart_export

    chart = pg.PlotWidget()
    qtbot.addWidget(chart)
    label = chart_export.ChartLabel("Anna Berg", "trend", "Both legs", None, date.today())

    def no_rename(*_a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OSError):
        chart_export.write_chart_png(chart, tmp_path / "chart.png", label)
    assert list(tmp_path.iterdir()) == []

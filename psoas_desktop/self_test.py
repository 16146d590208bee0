"""`psoas-desktop --self-test`: proves an installed or frozen app works, touching no real records.

A temporary database is migrated to the newest schema and a client written and read back; the
stylesheet, icon and notices are found; a chart is drawn and a PDF page painted offscreen. Prints
one line and exits 0, or prints one line naming the failed step and exits 1 (SPEC 9.1; used by
installers and by `make dist` on the frozen bundle).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

EXIT_FAILED = 1
PREFIX = "psoas-desktop --self-test"


def run_self_test(out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    started = time.perf_counter()
    step = "start"
    try:
        with tempfile.TemporaryDirectory(prefix="psoas-self-test-") as folder:
            work = Path(folder)
            steps: list[tuple[str, Callable[[Path], str]]] = [
                ("database", check_database),
                ("resources", check_resources),
                ("chart", check_chart),
                ("PDF", check_pdf),
            ]
            done = []
            for name, check in steps:
                step = name  # named in the failure line
                done.append(check(work))
    except Exception as error:  # the one line the installer shows, never a traceback
        detail = " ".join(str(error).split()) or type(error).__name__
        print(f"{PREFIX}: FAILED at {step}: {detail}", file=err)
        return EXIT_FAILED
    elapsed = time.perf_counter() - started
    print(f"{PREFIX}: ok ({'; '.join(done)}) in {elapsed:.1f} s", file=out)
    return 0


def check_database(work: Path) -> str:
    from sqlalchemy import text

    from .domain.model import Client
    from .persistence.db import database_url, make_engine
    from .persistence.migrate import upgrade_to_head
    from .persistence.repository import Repository

    engine = make_engine(database_url(str(work / "self-test.db")))
    try:
        upgrade_to_head(engine)
        with engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        repository = Repository(engine)
        repository.add_client(Client("Self Test"))
        names = [row.client.name for row in repository.list_clients("Self")]
        if names != ["Self Test"]:
            raise RuntimeError(f"the client written was not read back (got {names})")
    finally:
        engine.dispose()
    return f"migrated to {revision}"


def check_resources(_work: Path) -> str:
    from . import APP_ID
    from .resources import resource

    for parts in (("styles", "app.qss"), ("sounds", "chime.wav"), ("THIRD_PARTY_NOTICES.txt",),
                  ("icons", "hicolor", "scalable", "apps", f"{APP_ID}.svg")):
        path = resource(*parts)
        if not path.is_file() or path.stat().st_size == 0:
            raise FileNotFoundError(f"{path} is missing or empty")
    return "resources found"


def _application():
    """The running QApplication, or a new offscreen one (installers and CI have no screen)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([sys.argv[0] if sys.argv else "psoas-desktop"])
    return app


def _chart():
    from .charts.session_chart import SessionChart
    from .domain.model import Side

    _application()
    chart = SessionChart()
    chart.resize(640, 400)
    chart.show_session({Side.LEFT: [3.0, 2.0, 1.5], Side.RIGHT: [5.0, 4.0, 3.5]}, "cm", 2.77)
    return chart


def check_chart(_work: Path) -> str:
    from PySide6.QtGui import QColor

    chart = _chart()
    image = chart.grab().toImage()
    if image.isNull():
        raise RuntimeError("the chart could not be drawn")
    white = QColor("white").rgb()
    step = max(1, image.width() // 80)
    inked = sum(
        image.pixel(x, y) != white
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    )
    if inked < 50:
        raise RuntimeError("the chart came out blank")
    chart.deleteLater()
    return f"chart drawn {image.width()}x{image.height()}"


def check_pdf(work: Path) -> str:
    from PySide6.QtCore import QMarginsF, QRectF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    chart = _chart()
    chart.grab()  # lays the plot out at its size (a widget never shown has a pending resize)
    path = work / "self-test.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15)))
    writer.setTitle("Psoas Desktop self-test")
    writer.setResolution(96)  # the chart's fonts are sized in screen pixels
    painter = QPainter()
    if not painter.begin(writer):
        raise RuntimeError(f"could not start a PDF at {path}")
    try:
        page = QRectF(painter.viewport())
        painter.drawText(page.adjusted(0, 0, 0, -page.height() * 0.9), "Psoas Desktop self-test")
        target = QRectF(page.left(), page.top() + page.height() * 0.1, page.width(),
                        page.width() * 0.6)
        chart.scene().render(painter, target, chart.sceneRect())  # vector, not pixels
    finally:
        painter.end()
    chart.deleteLater()
    data = path.read_bytes()
    if not data.startswith(b"%PDF") or len(data) < 1000:
        raise RuntimeError("the PDF page was not written")
    return f"PDF page {len(data) // 1024} KiB"

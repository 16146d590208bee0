"""Practice documents from the app: the SOAP note's store calls, the session report and home
handout (print, or save as PDF), and a client's exports (CSV, JSON record, FHIR, reports PDF).

Files go only to a folder the therapist chooses, are owner-only (0600) and written whole (a
temporary file renamed into place). Default names carry no client name: the client's id and the
date (`psoas-client7-2026-12-02-report.pdf`); a name already taken gets -2, -3... so nothing is
ever replaced.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ..config import CLINIC_NAME_KEY, THERAPIST_NAME_KEY
from ..documents.handout import handout_for, paint_home_handout
from ..documents.report import SessionReport, paint_session_report
from ..domain.model import Client, Method, Session
from ..domain.ports import Store
from ..domain.soap import SoapNote, draft_note
from .messages import show_problem
from .store_ops import StoreOps

log = logging.getLogger(__name__)
PagePainter = Callable[[QPainter, QRectF], None]
EXPORT_KINDS = {  # kind -> (file ending, what it is)
    "csv": ("records.csv", "measurements (CSV)"),
    "json": ("record.json", "everything held on the client (JSON)"),
    "fhir": ("fhir.json", "FHIR R4 Observations"),
    "pdf": ("reports.pdf", "session reports (PDF)"),
}


def file_name(client_id: int | None, kind: str, day: date, session_id: int | None = None) -> str:
    """A default file name without the client's name: id, session and date only."""
    session = f"-session{session_id}" if session_id is not None else ""
    return f"psoas-client{client_id}{session}-{day.isoformat()}-{kind}"


def free_path(folder: Path, name: str) -> Path:
    """`folder/name`, or name-2, name-3... when taken: an export never replaces a file."""
    candidate = folder / name
    stem, dot, suffix = name.partition(".")
    number = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = folder / f"{stem}-{number}{dot}{suffix}"
        number += 1
    return candidate


def print_pages(printer: QPrinter, pages: Sequence[PagePainter]) -> None:
    """Draw `pages` on `printer` (a real printer or a PDF file), one page each."""
    painter = QPainter(printer)
    try:
        for number, paint in enumerate(pages):
            if number:
                printer.newPage()
            rect = printer.pageLayout().paintRectPixels(printer.resolution())
            paint(painter, QRectF(0, 0, rect.width(), rect.height()))
    finally:
        painter.end()


class DocumentsControl:
    """Everything the session view and the client page do with documents and exports."""

    def __init__(self, parent: QWidget, store: Store, ops: StoreOps,
                 sem: Callable[[Method], float | None],
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._parent = parent
        self._store = store
        self._ops = ops
        self._sem = sem
        self._now = now
        self.last_written: list[Path] = []  # what the last save or export wrote (shown, tested)

    # --- the SOAP note ---------------------------------------------------------------------
    def stored_note(self, session: Session) -> SoapNote | None:
        """The note the records hold for `session` (None: none saved yet)."""
        if session.id is None:
            return None
        return self._ops.fetch(lambda: self._store.soap_note(session.id))

    def draft_note(self, session: Session) -> SoapNote | None:
        """A draft from the record (stored only once edited or signed)."""
        return None if session.id is None else draft_note(session, self._sem(session.method))

    def save_note(self, note: SoapNote) -> SoapNote | None:
        return self._ops.fetch(lambda: self._store.save_soap_note(note))

    def _preference(self, key: str) -> str:
        return (self._ops.fetch(self._store.preferences, quiet=True) or {}).get(key, "")

    def signer_name(self) -> str:
        return self._preference(THERAPIST_NAME_KEY)

    def remember_signer(self, name: str) -> None:
        self._ops.run(lambda: self._store.save_preferences({THERAPIST_NAME_KEY: name}),
                      quiet=True)

    def clinic_name(self) -> str:
        return self._preference(CLINIC_NAME_KEY)

    def remember_clinic(self, name: str) -> None:
        self._ops.run(lambda: self._store.save_preferences({CLINIC_NAME_KEY: name.strip()}),
                      title="Not saved")

    # --- what a page shows -----------------------------------------------------------------
    def _report(self, session: Session, client: Client) -> SessionReport:
        return SessionReport(self.clinic_name(), client.name, session, self._sem(session.method),
                             self.stored_note(session), self._now())

    def report_pages(self, sessions: Sequence[Session], client: Client) -> list[PagePainter]:
        reports = [self._report(s, client) for s in sessions]
        return [lambda p, r, report=report: paint_session_report(p, r, report)
                for report in reports]

    def handout_pages(self, session: Session, client: Client) -> list[PagePainter]:
        handout = handout_for(session, client.name, self.clinic_name(),
                              self._sem(session.method), self._now())
        return [lambda p, r: paint_home_handout(p, r, handout)]

    # --- print -----------------------------------------------------------------------------
    def print(self, pages: list[PagePainter], title: str) -> QPrintDialog:
        """The system's print dialog, opened without blocking; printing starts on OK."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        dialog = QPrintDialog(printer, self._parent)
        dialog.setObjectName("printDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._print_now(printer, pages))
        QDialog.open(dialog)  # PySide6 offers QPrintDialog only its open(receiver, member)
        dialog._printer = printer  # type: ignore[attr-defined]  # kept alive with the dialog
        return dialog

    def _print_now(self, printer: QPrinter, pages: list[PagePainter]) -> None:
        try:
            print_pages(printer, pages)
        except RuntimeError as error:  # a printer that refuses to start
            show_problem(self._parent, f"Printing did not start: {error}", "Not printed")

    # --- save to a chosen folder -----------------------------------------------------------
    def choose_folder(self, then: Callable[[Path], None]) -> QFileDialog:
        """A folder dialog (non-blocking, the same on every platform); `then` runs on OK."""
        dialog = QFileDialog(self._parent, "Choose a folder for the files", str(Path.home()))
        dialog.setObjectName("exportFolderDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda folder: then(Path(folder)))
        dialog.open()
        return dialog

    def save_pdf(self, folder: Path, name: str, pages: list[PagePainter], title: str
                 ) -> Path | None:
        from ..documents.page import render_pdf
        from ..export.atomic import write_bytes_atomically

        target = free_path(folder, name)
        try:
            write_bytes_atomically(target, render_pdf(pages, title))
        except OSError as error:
            show_problem(self._parent, f"The file could not be written: {error.strerror or error}"
                         f" ({folder}).", "Not saved")
            return None
        self.last_written = [target]
        return target

    def save_session_document(self, folder: Path, kind: str, session: Session,
                              client: Client) -> Path | None:
        """'report' or 'handout' for `session`, as a PDF in `folder`."""
        day = session.started_at.astimezone().date()
        pages = (self.report_pages([session], client) if kind == "report"
                 else self.handout_pages(session, client))
        title = "Session report" if kind == "report" else "Your home movement"
        return self.save_pdf(folder, file_name(client.id, f"{kind}.pdf", day, session.id),
                             pages, title)

    def export_client(self, folder: Path, kind: str, client: Client) -> Path | None:
        """One client's records as `kind` (csv, json, fhir, pdf) in `folder`."""
        from ..export.csv_export import write_measurements_csv
        from ..export.fhir_export import write_fhir_bundle
        from ..export.json_export import write_client_record_json

        sessions = self._ops.fetch(lambda: self._store.sessions_for_client(client.id))
        if sessions is None:
            return None
        now = self._now()
        target = free_path(folder, file_name(client.id, EXPORT_KINDS[kind][0], now.date()))
        if kind == "pdf":
            finished = [s for s in sessions if s.is_finished]
            if not finished:
                show_problem(self._parent, "There is no finished session to report on yet.",
                             "Nothing to export")
                return None
            return self.save_pdf(folder, target.name, self.report_pages(finished, client),
                                 "Session reports")
        try:
            if kind == "csv":
                write_measurements_csv([(client, s) for s in sessions], target)
            elif kind == "json":
                notes = {}
                for s in sessions:
                    note = self._ops.fetch(lambda s=s: self._store.soap_note(s.id))
                    if note is not None:
                        notes[s.id] = note
                write_client_record_json([(client, s) for s in sessions] or [(client, None)],
                                         notes, target, now)
            else:
                write_fhir_bundle([(client, s) for s in sessions], target, now,
                                  {m: self._sem(m) for m in Method})
        except OSError as error:
            show_problem(self._parent, f"The file could not be written: {error.strerror or error}"
                         f" ({folder}).", "Not saved")
            return None
        self.last_written = [target]
        return target

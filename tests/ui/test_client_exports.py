"""Export and Print from the client page: the therapist picks what and where; files are
owner-only, named by client number and date (never the name) and never replace another."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog

from psoas_desktop.domain.soap import SoapNote
from tests.documents.pdf_text import pdf_pages
from tests.ui.client_seed import client_with_sessions, open_client


def _modal(driver, name: str):
    driver.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None
                           and QApplication.activeModalWidget().objectName() == name)
    return QApplication.activeModalWidget()


def _export(driver, choice: str, folder: Path) -> list[Path]:
    driver.tap("exportClientButton")
    _modal(driver, "exportQuestion")
    driver.tap(choice)
    dialog = _modal(driver, "exportFolderDialog")
    assert isinstance(dialog, QFileDialog)
    dialog.fileSelected.emit(str(folder))
    dialog.close()
    return sorted(folder.iterdir())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    chosen = tmp_path / "usb"
    chosen.mkdir()
    return chosen


def test_csv_from_the_client_page_is_this_clients_owner_only_file(driver, store, folder):
    """Export… then Measurements (CSV): one file of this client's rows only, 0600, BOM, named
    psoas-client<id>-<date>-records.csv; a second export gets a new name."""
    client, _sessions = client_with_sessions(store, "Greta Maier", [5, 2])
    client_with_sessions(store, "Other Person", [1])
    open_client(driver, "Greta Maier")
    [written] = _export(driver, "exportCsvButton", folder)
    assert written.name.startswith(f"psoas-client{client.id}-") and "Maier" not in written.name
    assert written.name.endswith("-records.csv")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    with written.open(newline="", encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 12 and {r["client_name"] for r in rows} == {"Greta Maier"}
    assert len(_export(driver, "exportCsvButton", folder)) == 2
    assert "Saved" in driver.text("savedExportLabel")


def test_json_record_from_the_client_page_holds_the_soap_note(driver, store, folder):
    """Everything held (JSON) includes each session's stored SOAP note."""
    client, [session] = client_with_sessions(store, "Record Asker", [4])
    store.save_soap_note(SoapNote(session.id, "Said: better", "o", "a", "p"))
    open_client(driver, "Record Asker")
    [written] = _export(driver, "exportJsonButton", folder)
    [record] = json.loads(written.read_text(encoding="utf-8"))["clients"]
    assert record["client"]["id"] == client.id
    assert record["sessions"][0]["soap_note"]["subjective"] == "Said: better"


def test_reports_pdf_and_fhir_from_the_client_page(driver, store, folder):
    """Session reports (PDF): one page per finished session; FHIR: a valid Bundle."""
    from fhir.resources.R4B.bundle import Bundle

    client_with_sessions(store, "Pdf Person", [9, 6, 3])
    open_client(driver, "Pdf Person")
    [pdf] = _export(driver, "exportPdfButton", folder)
    pages = pdf_pages(pdf)
    assert len(pages) == 3 and all("Pdf Person" in p for p in pages)
    files = _export(driver, "exportFhirButton", folder)
    [fhir] = [f for f in files if f.name.endswith("fhir.json")]
    assert len(Bundle.model_validate_json(fhir.read_text("utf-8")).entry) == 1 + 3 * 7


def test_print_reports_opens_the_print_dialog(driver, store):
    """Print reports… opens the print dialog for the client's finished sessions."""
    client_with_sessions(store, "Print Person", [2])
    open_client(driver, "Print Person")
    driver.tap("printClientReportsButton")
    _modal(driver, "printDialog").reject()

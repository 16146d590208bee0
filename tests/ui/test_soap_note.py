"""The SOAP note in the past-session view: pre-filled, saved as typed, signed once with the name
remembered, then read only with later changes as dated addenda; print and save the documents."""

from __future__ import annotations

import stat
from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog, QPlainTextEdit, QPushButton

from tests.documents.pdf_text import pdf_pages
from tests.ui.client_seed import NOW, client_with_sessions, open_client, tap_row


def _open_past_session(driver, store, name: str):
    client, [session] = client_with_sessions(store, name, [3])
    open_client(driver, name)
    tap_row(driver, "sessionList", 0)
    return client, session


def _answer(driver, dialog_name: str, button_name: str) -> None:
    driver.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None
                           and QApplication.activeModalWidget().objectName() == dialog_name)
    driver.tap(button_name)


def test_the_note_is_prefilled_saved_as_typed_and_locks_on_sign(driver, store):
    """The draft holds the check-in, readings, verdict, client's answer and next direction; typed
    text reaches the records; Sign (name typed once) locks it: read only, a second repository
    sees who and when, and the name is offered next time."""
    client, session = _open_past_session(driver, store, "Signe Lund")
    objective = driver.visible("soap_objective", QPlainTextEdit).toPlainText()
    assert ("Left leg: start 4.0 cm, after rotating to the left 3.0 cm, after rotating to the right "
            "2.5 cm.") \
        in objective
    assert "similar" in driver.visible("soap_assessment", QPlainTextEdit).toPlainText()
    plan = driver.visible("soap_plan", QPlainTextEdit)
    assert "Next session: start with rotating to the right" in plan.toPlainText()
    assert store.soap_note(session.id) is None  # a draft is not a record until edited

    plan.moveCursor(plan.textCursor().MoveOperation.End)
    driver.qtbot.keyClicks(plan, " Check the left hip.")
    driver.qtbot.waitUntil(lambda: store.soap_note(session.id) is not None, timeout=3000)
    assert store.soap_note(session.id).plan.endswith("Check the left hip.")
    assert not store.soap_note(session.id).is_signed

    driver.qtbot.keyClicks(driver.visible("signerNameEdit"), "Maria Keller")
    driver.tap("signSoapButton")
    _answer(driver, "signQuestion", "confirmSignButton")

    signed = store.soap_note(session.id)
    assert signed.is_signed and signed.signed_by == "Maria Keller"
    assert signed.signed_at >= NOW
    assert signed.plan.endswith("Check the left hip.")
    assert plan.isReadOnly()
    assert not driver.window.findChild(QPushButton, "signSoapButton").isVisible()
    assert "Signed by Maria Keller" in driver.text("soapStatus")
    assert store.preferences()["therapist_name"] == "Maria Keller"

    # later changes: only a dated addendum, and the note stays as signed
    driver.qtbot.keyClicks(driver.visible("addendumEdit"), "Phoned: hip easier")
    driver.tap("addAddendumButton")
    assert [a.text for a in store.get_session(session.id).addenda] == ["Phoned: hip easier"]
    assert store.soap_note(session.id) == signed

    # another session of another client: the remembered name is offered
    driver.tap("sessionBackButton")
    _open_past_session(driver, store, "Second Client")
    assert driver.visible("signerNameEdit").text() == "Maria Keller"


def test_cancelling_sign_keeps_the_note_open(driver, store):
    """'Not yet' on the sign question leaves an editable, unsigned note (saved as a draft)."""
    _client, session = _open_past_session(driver, store, "Olav Berg")
    driver.qtbot.keyClicks(driver.visible("signerNameEdit"), "Maria Keller")
    driver.tap("signSoapButton")
    _answer(driver, "signQuestion", "cancelSignButton")
    note = store.soap_note(session.id)
    assert note is not None and not note.is_signed
    assert not driver.visible("soap_plan", QPlainTextEdit).isReadOnly()


def test_back_saves_what_was_typed_in_the_note(driver, store):
    """Text typed just before Back (inside the one-second delay) is in the records."""
    _client, session = _open_past_session(driver, store, "Quick Leaver")
    subjective = driver.visible("soap_subjective", QPlainTextEdit)
    driver.qtbot.keyClicks(subjective, "Typed fast. ")
    driver.tap("sessionBackButton")
    assert store.soap_note(session.id).subjective.startswith("Typed fast. ")


def _save_into(driver, tmp_path: Path, button: str) -> list[Path]:
    driver.tap(button)
    driver.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, QFileDialog) and dialog.objectName() == "exportFolderDialog"
    dialog.fileSelected.emit(str(tmp_path))
    dialog.close()
    return sorted(tmp_path.iterdir())


def test_save_report_and_handout_write_owner_only_pdfs_without_the_name(driver, store, tmp_path):
    """Save report/handout PDF: one page each in the chosen folder, 0600, named by id and date
    (never the client's name), with the clinic name typed once and remembered; a second save
    never replaces the first."""
    client, session = _open_past_session(driver, store, "Ingrid Holm")
    driver.qtbot.keyClicks(driver.visible("clinicNameEdit"), "Praxis am Park")
    folder = tmp_path / "out"
    folder.mkdir()
    [report] = _save_into(driver, folder, "saveReportButton")
    assert report.name.startswith(f"psoas-client{client.id}-session{session.id}-")
    assert "Ingrid" not in report.name and report.name.endswith("-report.pdf")
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    [text] = pdf_pages(report)
    assert "Ingrid Holm" in text and "Next session: start with rotating to the right" in text
    assert text.startswith("Praxis am Park Session report")
    assert store.preferences()["clinic_name"] == "Praxis am Park"  # remembered for next time
    files = _save_into(driver, folder, "saveHandoutButton")
    assert len(files) == 2
    files = _save_into(driver, folder, "saveReportButton")
    assert len(files) == 3  # a new name, the first report kept
    assert report.read_bytes()[:5] == b"%PDF-"
    assert "Saved" in driver.text("savedDocumentLabel")


def test_print_report_prints_the_page_on_ok(driver, store, tmp_path):
    """Print report… opens the system's print dialog; its OK prints the one-page report (here to
    a PDF file, as "Print to file" does)."""
    from PySide6.QtPrintSupport import QPrinter

    _open_past_session(driver, store, "Printer Client")
    driver.tap("printReportButton")
    driver.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    assert dialog.objectName() == "printDialog"
    printer = dialog.printer()
    target = tmp_path / "printed.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    dialog.done(1)  # OK, without the dialog re-reading its printer list
    [text] = pdf_pages(target)
    assert "Printer Client" in text and "What the measurements say" in text

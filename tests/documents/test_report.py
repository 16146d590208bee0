"""The session report PDF: one page whose text holds the clinic, client, values, verdict, the
client's answer and the note; a long note still fits; printing draws the same page."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from psoas_desktop.domain.model import (
    Direction,
    Measurement,
    Method,
    Session,
    SessionStatus,
    Side,
    Timepoint,
)
from psoas_desktop.domain.soap import SoapNote, draft_note, sign_note
from tests.documents.pdf_text import pdf_pages
from tests.records_seed import finished_session

NOW = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _gui(qapp):
    return qapp


def _report(session=None, note=None, clinic="Praxis am Park", name="Zoë Ørsted 🌿"):
    from psoas_desktop.documents.report import SessionReport

    session = session or replace(finished_session(1), id=7)
    return SessionReport(clinic, name, session, 1.0, note, NOW)


def _text(report) -> str:
    from psoas_desktop.documents.report import session_report_pdf

    [page] = pdf_pages(session_report_pdf(report))
    return page


def test_the_report_is_one_page_with_client_values_verdict_and_answer():
    """Clinic, client (umlauts kept), date, method, every value, the verdict and the client's
    own answer are in the PDF's text, on exactly one page."""
    text = _text(_report())
    for expected in ("Praxis am Park", "Zoë Ørsted", "02 March 2026", "Knee-to-table gap (cm)",
                     "What the measurements say", "The two directions were similar, within "
                     "measurement error", "In the client's own words, rotating to the left felt "
                     "better", "Left leg 3.0 2.0 0.5 +1.0 +1.5", "Right leg 1.5 1.0 0.0 +0.5 +1.0"):
        assert expected in text, expected


def test_a_winner_is_named_and_a_signed_note_shows_who_signed():
    """A direction beyond measurement error is named; the note's parts and signature print."""
    session = replace(finished_session(1), id=7, first_direction=Direction.LEFT, measurements=tuple(
        Measurement(t, s, (v,)) for t, values in ((Timepoint.BASELINE, (12.0, 12.0)),
                                                   (Timepoint.AFTER_FIRST, (2.0, 2.0)),
                                                   (Timepoint.AFTER_SECOND, (2.0, 2.0)))
        for s, v in zip((Side.LEFT, Side.RIGHT), values, strict=True)))
    note = sign_note(replace(draft_note(session, 1.0), plan="Daily, gently."), "Maria Keller",
                     NOW)
    text = _text(_report(session, note))
    assert "Rotating to the left had more impact" in text
    assert "Signed by Maria Keller" in text and "Daily, gently." in text
    assert "P · Plan" in text


def test_without_a_stored_note_the_draft_is_marked_as_such():
    """No note saved yet: the report shows the draft and says it is not signed."""
    text = _text(_report())
    assert "draft, not signed" in text and "Next session: start with rotating to the left" in text


def test_a_very_long_note_still_fits_on_one_page():
    """Ten thousand characters of note: still one page, the footer printed, the rest marked."""
    long = "\n".join(f"Line {i}: the client describes the week in some detail." for i in range(180))
    note = SoapNote(7, long, "o", "a", "p")
    text = _text(_report(note=note))
    assert "(the rest is in the records)" in text
    assert "Psoas Desktop · printed" in text


@pytest.mark.parametrize("method", list(Method))
def test_every_method_and_an_unfinished_session_render(method):
    """Each method (touches included) and a session with no directions draw one page."""
    from psoas_desktop.documents.report import session_report_pdf

    empty = Session(client_id=1, started_at=NOW, method=method, id=3,
                    status=SessionStatus.ABANDONED, abandon_reason="Had to leave")
    assert len(pdf_pages(session_report_pdf(_report(empty)))) == 1


def test_printing_draws_the_same_report_on_a_printer(tmp_path):
    """The print path (QPrinter, any resolution) draws the report: one page with the client."""
    from PySide6.QtPrintSupport import QPrinter

    from psoas_desktop.documents.report import paint_session_report
    from psoas_desktop.ui.documents_control import print_pages

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    report = _report()
    print_pages(printer, [lambda p, r: paint_session_report(p, r, report)])
    [text] = pdf_pages(tmp_path / "printed.pdf")
    assert "Zoë Ørsted" in text and "Left leg 3.0 2.0 0.5" in text


def test_several_reports_are_one_page_each():
    """session_reports_pdf (the command line's pdf) gives one page per session, in order."""
    from psoas_desktop.documents.report import session_reports_pdf

    first, second = replace(finished_session(1), id=1), replace(finished_session(1), id=2)
    pages = pdf_pages(session_reports_pdf([_report(first), _report(second)]))
    assert len(pages) == 2 and "session 1" in pages[0] and "session 2" in pages[1]

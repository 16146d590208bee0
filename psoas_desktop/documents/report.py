"""The one-page session report (SPEC 8.2): clinic, client, date, method, the results table, the
session chart as vector graphics, the verdict, the client's own answer and the SOAP note.

`paint_session_report` draws onto any paint device (a PDF page, a printer); `session_report_pdf`
returns PDF bytes. QtGui only: it runs headless.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPen

from ..domain.analysis import SIDE_FACTOR, SessionAnalysis, analyse, session_series
from ..domain.model import Addendum, Session, SessionStatus, Side
from ..domain.protocol import timepoint_heading
from ..domain.soap import SoapNote, draft_note, felt_words
from .chart import paint_session_chart
from .page import ACCENT, INK, MM, MUTED, RULE, Page, render_pdf

STATUS_WORDS = {SessionStatus.COMPLETED: "finished", SessionStatus.ABANDONED: "ended early",
                SessionStatus.IN_PROGRESS: "in progress"}
FOOTER_MM = 8.0


@dataclass(frozen=True)
class SessionReport:
    """What one report shows. `sem` is today's SEM per reading for `session.method`, used only
    when the session has no stored verdict basis. Without a stored note, a draft is shown and
    marked as such."""

    clinic_name: str
    client_name: str
    session: Session
    sem: float | None
    note: SoapNote | None = None
    generated_at: datetime | None = None
    addenda: Sequence[Addendum] = field(default_factory=tuple)

    @property
    def analysis(self) -> SessionAnalysis:
        return analyse(self.session, self.sem)

    @property
    def shown_note(self) -> SoapNote | None:
        if self.note is not None:
            return self.note
        return draft_note(self.session, self.sem) if self.session.id is not None else None


def _pain(value: int | None) -> str:
    return "–" if value is None else f"{value}/10"


def _signed(x: float) -> str:
    text = f"{x:+.1f}".replace("+0.0", "0.0").replace("-0.0", "0.0")
    return text.replace("-", "−")


def report_title(report: SessionReport) -> str:
    return f"Session report, {report.session.started_at.astimezone():%d %b %Y}"


def paint_session_report(painter: QPainter, rect: QRectF, report: SessionReport) -> None:
    """Draw the whole report into `rect` (the printable area in device pixels): one page."""
    page = Page.begin(painter, rect)
    try:
        _paint(page, report)
    finally:
        page.end()


def _paint(page: Page, report: SessionReport) -> None:
    session = report.session
    spec = session.method_spec
    protocol = session.protocol
    analysis = report.analysis
    when = session.started_at.astimezone()

    # heading: the clinic, then what this page is
    page.text(report.clinic_name or "Psoas Desktop", 16, bold=True, colour=ACCENT, gap=0.5 * MM)
    page.text("Session report", 11, colour=MUTED, gap=2 * MM)
    page.rule()
    facts = [
        ("Client", report.client_name),
        ("Date", f"{when:%d %B %Y, %H:%M}"),
        ("Method", f"{spec.label} ({spec.unit}), {protocol.better} is better"),
    ]
    if session.first_direction and session.second_direction:
        facts.append(("Order", f"A: {protocol.direction(session.first_direction).words}, then "
                               f"B: {protocol.direction(session.second_direction).words}"))
    facts.append(("Pain", f"{_pain(session.check_in.pain_before)} at the start, "
                          f"{_pain(session.summary.pain_after)} at the end · session "
                          f"{STATUS_WORDS[session.status]}"))
    for name, value in facts:
        page.text(name, 9.5, bold=True, colour=MUTED, width=28 * MM, advance=False)
        page.text(value, 9.5, x=30 * MM, gap=0.8 * MM)
    page.y += 3 * MM

    _results_table(page, report, analysis)
    chart_height = 62 * MM
    band = SIDE_FACTOR * analysis.sem if analysis.sem is not None else None
    labels = tuple(timepoint_heading(session, t) for t in protocol.timepoint_keys)
    paint_session_chart(page.painter, QRectF(0, page.y, page.width, chart_height),
                        session_series(session), spec.unit, band, labels,
                        minimum=spec.minimum)
    page.y += chart_height + 3 * MM

    page.text("What the measurements say", 11, bold=True, colour=ACCENT, gap=1 * MM)
    page.text(analysis.verdict.text, 10, gap=1.5 * MM)
    page.text("The client's own answer", 11, bold=True, colour=ACCENT, gap=1 * MM)
    page.text(felt_words(session), 10, gap=2.5 * MM)

    note = report.shown_note
    heading = "Note"
    if note is not None:
        heading = (f"Note · {note.signature}" if note.is_signed
                   else "Note · draft, not signed")
    page.text(heading, 11, bold=True, colour=ACCENT, gap=1 * MM)
    blocks: list[tuple[str, str]] = []
    if note is not None:
        blocks += [(title, text.strip()) for title, text in note.sections() if text.strip()]
    elif session.summary.notes:
        blocks.append(("", session.summary.notes))
    for addendum in sorted(report.addenda or session.addenda, key=lambda a: a.written_at):
        blocks.append((f"Addendum, {addendum.written_at.astimezone():%d %b %Y %H:%M}",
                       addendum.text))
    page.fitted_blocks(blocks or [("", "No note was written.")], 9,
                       page.left - FOOTER_MM * MM)

    # footer at the bottom of the printable area
    page.y = page.height - 5 * MM
    generated = report.generated_at.astimezone() if report.generated_at else None
    footer = "Psoas Desktop" + (f" · printed {generated:%d %b %Y %H:%M}" if generated else "")
    footer += f" · session {session.id}" if session.id is not None else ""
    page.text(footer, 7.5, colour=MUTED, gap=0)


def _results_table(page: Page, report: SessionReport, analysis: SessionAnalysis) -> None:
    session = report.session
    spec = session.method_spec
    timepoints = session.protocol.timepoint_keys
    headers = ["", *(timepoint_heading(session, t) for t in timepoints), "Change A", "Change B"]
    # 88 mm of values: the start narrower than the headings naming a direction
    value_mm = [24, 32, 32] if len(timepoints) == 3 else [88 / len(timepoints)] * len(timepoints)
    widths = [34 * MM, *(w * MM for w in value_mm), 28 * MM, 28 * MM]
    lefts = [sum(widths[:i]) for i in range(len(widths))]
    size = 9.5
    row_height = page.measure("Xg", size) + 1.6 * MM

    def row(cells: list[str], bold: bool = False, muted: bool = False) -> None:
        for x, width, text in zip(lefts, widths, cells, strict=True):
            page.text(text, size, bold=bold, colour=MUTED if muted else INK,
                      x=x, width=width - 1 * MM, advance=False)
        page.y += row_height

    def value(v: float | None) -> str:
        return "–" if v is None else spec.number(v)

    row(headers, bold=True, muted=True)
    pen = QPen(RULE, 0.3 * MM)
    page.painter.setPen(pen)
    page.painter.drawLine(0, round(page.y - 0.8 * MM), round(sum(widths)), round(page.y - 0.8 * MM))
    changes = {(c.side, c.direction): c.change for c in analysis.side_changes}
    slots = (session.first_direction, session.second_direction)
    for side in Side:
        values = [session.value(t, side) for t in timepoints]
        cells = [f"{side.value.capitalize()} leg", *(value(v) for v in values)]
        cells += [_signed(changes[(side, d)]) if (side, d) in changes else "–" for d in slots]
        row(cells)
    asym = [_signed(analysis.asymmetry[t]) if t in analysis.asymmetry else "–" for t in timepoints]
    row(["Left − right", *asym, "", ""], muted=True)
    unit_words = ("1 = does not touch, 0 = touches" if spec.unit == "0/1"
                  else f"Values in {spec.unit}")
    page.text(f"{unit_words}; a positive change is an improvement.", 8, colour=MUTED,
              gap=2 * MM)


def session_report_pdf(report: SessionReport) -> bytes:
    """One report as a one-page A4 PDF."""
    return session_reports_pdf([report])


def session_reports_pdf(reports: Sequence[SessionReport]) -> bytes:
    """Several reports, one page each (the command line writes every session of one client)."""
    if not reports:
        raise ValueError("no session to report on")
    title = report_title(reports[0]) if len(reports) == 1 else "Session reports"
    return render_pdf([lambda painter, rect, r=r: paint_session_report(painter, rect, r)
                       for r in reports], title)

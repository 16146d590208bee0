"""Writes the practice documents for a made-up visit to docs/documents/: the session report and
the home handout as PDF (in a temporary folder) and as PNG pages at 100 dpi (pdftoppm), to look at.

    python scripts/documents.py [--out docs/documents]

Needs `pdftoppm` (Debian: poppler-utils). Made-up data only, never anyone's records.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from psoas_desktop.documents.handout import handout_for, home_handout_pdf  # noqa: E402
from psoas_desktop.documents.page import ensure_gui_application  # noqa: E402
from psoas_desktop.documents.report import SessionReport, session_report_pdf  # noqa: E402
from psoas_desktop.domain.model import (  # noqa: E402
    Addendum,
    CheckIn,
    Direction,
    FeltBetter,
    Measurement,
    Method,
    PainLocation,
    Rep,
    RepBlock,
    Session,
    SessionStatus,
    Side,
    Summary,
    Timepoint,
    VerdictBasis,
)
from psoas_desktop.domain.soap import draft_note, edit_note, sign_note  # noqa: E402

START = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def sample_session() -> Session:
    """A finished visit where rotating to the left had clearly more impact (made up)."""
    values = {Timepoint.BASELINE: (6.0, 2.5), Timepoint.AFTER_FIRST: (2.5, 1.5),
              Timepoint.AFTER_SECOND: (2.0, 1.5)}
    reps = tuple(Rep(START + timedelta(seconds=60 + 15 * i), START + timedelta(seconds=74 + 15 * i))
                 for i in range(3))
    return Session(
        client_id=7, id=42, started_at=START, method=Method.GAP_CM,
        status=SessionStatus.COMPLETED, completed_step=7,
        check_in=CheckIn(pain_before=3, pain_locations=frozenset({PainLocation.RIGHT_HIP}),
                         changes_since_last="Long drive on Sunday; hip stiff in the mornings",
                         red_flags_answered=True),
        first_direction=Direction.LEFT,
        measurements=tuple(Measurement(t, side, (v,)) for t, pair in values.items()
                           for side, v in zip((Side.LEFT, Side.RIGHT), pair, strict=True)),
        blocks=(RepBlock(Direction.LEFT, 3, reps), RepBlock(Direction.RIGHT, 3, reps)),
        summary=Summary(FeltBetter.FIRST, 1, "Breathing slowed during the second block.",
                        "Start with rotating to the left, then the right; 3 slow repetitions "
                        "each, once or twice a day."),
        finished_at=START + timedelta(minutes=35),
        addenda=(Addendum(START + timedelta(days=2), "Client phoned: mornings easier."),),
        verdict_basis=VerdictBasis(0.5, 1),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/documents")
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing (Debian: apt-get install poppler-utils)", file=sys.stderr)
        return 1
    ensure_gui_application()
    session = sample_session()
    note = edit_note(draft_note(session, 0.5), plan=draft_note(session, 0.5).plan
                     + "\nReview in two weeks.")
    note = sign_note(note, "Maria Keller", START + timedelta(minutes=50))
    report = SessionReport("Praxis am Park · Massage & Bodywork", "Jonas Lindqvist", session, 0.5,
                           note, START + timedelta(hours=1))
    handout = handout_for(session, "Jonas Lindqvist", "Praxis am Park · Massage & Bodywork", 0.5,
                          START + timedelta(hours=1))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for name, data in (("session_report", session_report_pdf(report)),
                           ("home_handout", home_handout_pdf(handout))):
            pdf = Path(folder) / f"{name}.pdf"
            pdf.write_bytes(data)
            subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", str(pdf),
                            str(out / name)], check=True)
            print(out / f"{name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

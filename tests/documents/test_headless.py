"""Documents run headless: QtGui only, never QtWidgets (import-linter sees only the top-level
PySide6 package, so this checks the submodule), and a PDF renders with no screen at all."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_no_document_module_imports_qt_widgets():
    """Every import in psoas_desktop/documents names QtGui or QtCore, never QtWidgets/pyqtgraph."""
    offending = []
    for path in (ROOT / "psoas_desktop" / "documents").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offending += [f"{path.name}: {n}" for n in names
                          if "QtWidgets" in n or "QtPrintSupport" in n or "pyqtgraph" in n]
    assert offending == []


def test_a_report_and_a_handout_render_in_a_process_without_widgets():
    """A fresh process renders both PDFs with QGuiApplication only; QtWidgets is never loaded."""
    probe = """
import sys
from dataclasses import replace
from tests.records_seed import finished_session
from psoas_desktop.documents.report import SessionReport, session_report_pdf
from psoas_desktop.documents.handout import handout_for, home_handout_pdf
s = replace(finished_session(1), id=1)
a = session_report_pdf(SessionReport("Clinic", "Name", s, 1.0))
b = home_handout_pdf(handout_for(s, "Name", "Clinic", 1.0))
print(a[:5], b[:5], [m for m in sys.modules if 'QtWidgets' in m or 'pyqtgraph' in m])
"""
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=ROOT, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "b'%PDF-' b'%PDF-' []"

"""The text of a PDF as a reader would search it: pypdf's extraction, whitespace made single
spaces (Qt places words apart, which pypdf reads as tabs)."""

from __future__ import annotations

import io
from pathlib import Path


def pdf_pages(data: bytes | Path) -> list[str]:
    from pypdf import PdfReader

    raw = data.read_bytes() if isinstance(data, Path) else data
    reader = PdfReader(io.BytesIO(raw))
    return [" ".join(page.extract_text().split()) for page in reader.pages]

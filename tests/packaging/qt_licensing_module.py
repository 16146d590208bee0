"""Loads packaging/qt_licensing.py by its path (`packaging` is also a PyPI library's name)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load():
    spec = importlib.util.spec_from_file_location("psoas_qt_licensing",
                                                  ROOT / "packaging" / "qt_licensing.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

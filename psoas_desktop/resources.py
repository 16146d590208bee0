"""Finds the app's files (stylesheet, sounds, icons, notices) in the top-level `resources/` folder.

One lookup for every way the app is run:
- a PyInstaller bundle: `resources/` beside the frozen modules (`sys._MEIPASS`);
- a checkout or an editable install: `resources/` beside the `psoas_desktop` package;
- an installed wheel: `<prefix>/share/psoas-desktop/resources/` (the wheel's shared data, see
  `[tool.setuptools.data-files]` in pyproject.toml), for the venv, system or user prefix.
"""

from __future__ import annotations

import site
import sys
import sysconfig
from functools import cache
from pathlib import Path

SHARE_DIR = Path("share", "psoas-desktop", "resources")
MARKER = Path("styles", "app.qss")  # a folder holding this is the app's resources folder


def candidate_roots() -> list[Path]:
    """Where the resources folder may be, most specific first."""
    roots: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots.append(Path(frozen) / "resources")
    roots.append(Path(__file__).resolve().parent.parent / "resources")
    prefixes = [sysconfig.get_path("data"), sys.prefix, site.getuserbase(), sys.base_prefix]
    for prefix in dict.fromkeys(p for p in prefixes if p):
        roots.append(Path(prefix) / SHARE_DIR)
    return roots


@cache
def resource_root() -> Path:
    """The resources folder; FileNotFoundError naming every place looked in when there is none."""
    roots = candidate_roots()
    for root in roots:
        if (root / MARKER).is_file():
            return root
    looked = ", ".join(str(r) for r in roots)
    raise FileNotFoundError(
        f"Psoas Desktop's resources (stylesheet, icons, sounds) were not found (looked in {looked}). "
        "Please reinstall the app."
    )


def resource(*parts: str) -> Path:
    """A file or folder inside the resources folder, e.g. resource("styles", "app.qss")."""
    return resource_root().joinpath(*parts)

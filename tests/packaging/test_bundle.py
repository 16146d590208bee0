"""The built bundle (dist/psoas-desktop/, from `make dist`): no GPL-only Qt file, notices, migrations.

`make dist` runs these on the bundle it has just built (PSOAS_BUNDLE names it). `make test` skips
them: a bundle left in dist/ from an earlier build is no test of the current sources. By hand:
PSOAS_BUNDLE=dist/psoas-desktop pytest tests/packaging
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from psoas_desktop import APP_ID
from tests.packaging.qt_licensing_module import ROOT, load

GIVEN = os.environ.get("PSOAS_BUNDLE", "")
BUNDLE = Path(GIVEN) if GIVEN else ROOT / "dist" / "psoas-desktop"
EXECUTABLE = BUNDLE / ("psoas-desktop.exe" if os.name == "nt" else "psoas-desktop")

pytestmark = pytest.mark.skipif(
    not GIVEN or not EXECUTABLE.is_file(),
    reason=(f"no bundle built at {BUNDLE}" if GIVEN else "no bundle given")
    + ": make dist builds one and runs these tests on it (PSOAS_BUNDLE=dist/psoas-desktop)",
)


def bundle_files() -> list[str]:
    return sorted(p.relative_to(BUNDLE).as_posix() for p in BUNDLE.rglob("*") if p.is_file())


def internal() -> Path:
    """PyInstaller 6 keeps everything but the executable in _internal/ (sys._MEIPASS)."""
    folder = BUNDLE / "_internal"
    return folder if folder.is_dir() else BUNDLE


def test_the_bundle_holds_no_gpl_only_qt_file() -> None:
    """Not one file of Qt Virtual Keyboard, Charts, Data Visualization, Graphs, Quick 3D ..."""
    qt_licensing = load()
    offenders = [name for name in bundle_files() if qt_licensing.is_gpl_only(name)]
    assert offenders == []


def test_the_bundle_ships_the_licence_and_notices() -> None:
    """LICENSE, THIRD_PARTY_NOTICES.txt and the GNU texts beside the executable and in resources."""
    for name in ("LICENSE", "THIRD_PARTY_NOTICES.txt", "licenses/LGPL-3.0.txt",
                 "licenses/GPL-3.0.txt"):
        assert (BUNDLE / name).stat().st_size > 500, name
    assert (internal() / "resources" / "THIRD_PARTY_NOTICES.txt").is_file()


def test_the_bundle_ships_resources_and_the_migration_scripts() -> None:
    """Stylesheet, chime, icon, desktop files, and Alembic's env.py, template and every version."""
    resources = internal() / "resources"
    for name in ("styles/app.qss", "sounds/chime.wav", f"{APP_ID}.desktop",
                 f"{APP_ID}.metainfo.xml", f"icons/hicolor/256x256/apps/{APP_ID}.png"):
        assert (resources / name).is_file(), name
    source = ROOT / "psoas_desktop" / "persistence" / "migrations"
    frozen = internal() / "psoas_desktop" / "persistence" / "migrations"
    assert (frozen / "env.py").is_file() and (frozen / "script.py.mako").is_file()
    versions = sorted(p.name for p in (source / "versions").glob("*.py"))
    assert sorted(p.name for p in (frozen / "versions").glob("*.py")) == versions

"""The top-level resources/ folder: one lookup for checkout, wheel and frozen bundle, valid desktop files."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from fnmatch import fnmatch
from pathlib import Path

import pytest

from psoas_desktop import APP_ID, APP_NAME, __version__, resources

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
DESKTOP = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"


@pytest.fixture
def fresh_lookup():
    resources.resource_root.cache_clear()
    yield
    resources.resource_root.cache_clear()


def test_a_checkout_finds_the_top_level_resources(fresh_lookup) -> None:
    """From the source tree, the stylesheet and chime come from ROOT/resources."""
    assert resources.resource_root() == RESOURCES
    assert resources.resource("styles", "app.qss").read_text(encoding="utf-8").strip()
    assert resources.resource("sounds", "chime.wav").stat().st_size > 1000


def test_a_frozen_bundle_looks_in_meipass_first(fresh_lookup, tmp_path, monkeypatch) -> None:
    """In a PyInstaller bundle, sys._MEIPASS/resources wins over any other place."""
    (tmp_path / "resources" / "styles").mkdir(parents=True)
    (tmp_path / "resources" / "styles" / "app.qss").write_text("/* frozen */", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource("styles", "app.qss").read_text(encoding="utf-8") == "/* frozen */"


def test_an_installed_wheel_looks_in_the_prefix_share_folder(monkeypatch) -> None:
    """An installed wheel's shared data: <prefix>/share/psoas-desktop/resources is a candidate."""
    monkeypatch.setattr(sys, "prefix", "/opt/example")
    roots = resources.candidate_roots()
    assert Path("/opt/example/share/psoas-desktop/resources") in roots
    assert roots.index(RESOURCES) < roots.index(Path("/opt/example/share/psoas-desktop/resources"))


def test_missing_resources_say_where_they_were_looked_for(fresh_lookup, tmp_path, monkeypatch):
    """No resources anywhere: a FileNotFoundError naming the places, asking for a reinstall."""
    monkeypatch.setattr(resources, "candidate_roots", lambda: [tmp_path / "nowhere"])
    with pytest.raises(FileNotFoundError, match="reinstall") as caught:
        resources.resource("styles", "app.qss")
    assert str(tmp_path / "nowhere") in str(caught.value)


def test_the_wheel_ships_every_resource_file() -> None:
    """Every file under resources/ is listed in [tool.setuptools.data-files] for the share folder."""
    table = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data_files = table["tool"]["setuptools"]["data-files"]
    shipped: set[Path] = set()
    for target, patterns in data_files.items():
        if not target.startswith("share/psoas-desktop/resources"):
            continue
        folder = Path(target).relative_to("share/psoas-desktop/resources")
        for pattern in patterns:
            for path in ROOT.glob(pattern):
                assert path.parent.relative_to(RESOURCES) == folder, (pattern, target)
                shipped.add(path)
    on_disk = {p for p in RESOURCES.rglob("*") if p.is_file()}
    assert on_disk - shipped == set()


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def test_the_icon_comes_in_the_sizes_desktops_ask_for() -> None:
    """An SVG plus square PNGs of 16 to 512 px, named after the app id (scripts/make-icons.py)."""
    icons = RESOURCES / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert png_size(icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)


def test_desktop_entry_names_the_app_its_icon_and_command() -> None:
    """The .desktop entry launches psoas-desktop with the app's icon id."""
    entry = ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(DESKTOP, encoding="utf-8")
    group = entry["Desktop Entry"]
    assert (group["Name"], group["Icon"], group["Type"]) == (APP_NAME, APP_ID, "Application")
    assert group["Exec"].split()[0] == "psoas-desktop"


def test_metainfo_matches_the_app_and_its_version() -> None:
    """AppStream: the id, the launchable .desktop file, screenshots, and release notes whose newest
    release is this version."""
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.findall("screenshots/screenshot/image")
    releases = component.findall("releases/release")
    assert releases and releases[0].get("version") == __version__
    assert releases[0].find("description") is not None


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (apt-get install desktop-file-utils)")
def test_desktop_entry_validates() -> None:
    """desktop-file-validate finds no error or warning."""
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli not installed (apt-get install appstream)")
def test_metainfo_validates() -> None:
    """appstreamcli validate (no network) passes with no warning or error."""
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines() if line[:2] in ("W:", "E:")]
    assert not problems, result.stdout


def test_notices_name_qt_and_the_lgpl() -> None:
    """THIRD_PARTY_NOTICES names Qt's LGPL and ships the licence texts it refers to."""
    notices = (RESOURCES / "THIRD_PARTY_NOTICES.txt").read_text(encoding="utf-8")
    assert "LGPL-3.0" in notices and "PySide6" in notices
    for name in ("LGPL-3.0.txt", "GPL-3.0.txt"):
        assert (RESOURCES / "licenses" / name).stat().st_size > 5000
    assert fnmatch((ROOT / "LICENSE").read_text(encoding="utf-8"), "*LicenseRef-Proprietary*")

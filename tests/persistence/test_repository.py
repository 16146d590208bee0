"""The repository on real SQLite files: round trips, ordering, permissions, pragmas, calm errors."""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, event, insert, text

from psoas_desktop.domain.model import (
    Addendum,
    CheckIn,
    Client,
    Direction,
    FeltBetter,
    Measurement,
    Method,
    PainLocation,
    Precaution,
    RedFlag,
    Rep,
    RepBlock,
    SafetyEvent,
    SafetyEventKind,
    Session,
    SessionStatus,
    Side,
    Summary,
    Timepoint,
    VerdictBasis,
)
from psoas_desktop.domain.ports import StorageError
from psoas_desktop.persistence.db import (
    BUSY,
    DAMAGED,
    DISK_FULL,
    READ_ONLY,
    NotADatabaseError,
    database_url,
    make_engine,
)
from psoas_desktop.persistence.migrate import upgrade_to_head
from psoas_desktop.persistence.orm import ClientRow, SessionRow
from psoas_desktop.persistence.repository import RecordNotFoundError, Repository

T0 = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC)


def _open(path: Path, **options: int) -> tuple[Engine, Repository]:
    engine = make_engine(database_url(str(path)), **options)
    upgrade_to_head(engine)
    return engine, Repository(engine)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "psoas.db"


@pytest.fixture
def engine(db_path: Path) -> Engine:
    engine, _ = _open(db_path)
    yield engine
    engine.dispose()


@pytest.fixture
def repo(engine: Engine) -> Repository:
    return Repository(engine)


def full_session(client_id: int) -> Session:
    """A finished session with every field filled, measurements deliberately out of order."""
    at = T0
    return Session(
        client_id=client_id,
        started_at=at,
        method=Method.GAP_CM,
        status=SessionStatus.COMPLETED,
        completed_step=7,
        check_in=CheckIn(
            pain_before=4,
            pain_locations=frozenset({PainLocation.RIGHT_HIP, PainLocation.LOW_BACK}),
            changes_since_last="Slept better, café visit",
            red_flags=frozenset({RedFlag.FEVER}),
            red_flags_answered=True,
            override_reason="Fever gone since Monday; GP cleared",
            precautions=frozenset({Precaution.OSTEOPOROSIS, Precaution.RECENT_SURGERY}),
            surgery_clearance="Surgeon's letter 2026-02-20",
            neuroplastic_suspected=True,
        ),
        first_direction=Direction.RIGHT,
        measurements=(
            Measurement(Timepoint.AFTER_FIRST, Side.RIGHT, (1.0,)),
            Measurement(Timepoint.BASELINE, Side.LEFT, (3.0, 3.5), lower_back_arches=True),
            Measurement(Timepoint.BASELINE, Side.RIGHT, (1.5, 1.0), knee_cannot_straighten=True),
            Measurement(Timepoint.AFTER_FIRST, Side.LEFT, (2.0,)),
            Measurement(Timepoint.AFTER_SECOND, Side.LEFT, (0.5,)),
            Measurement(Timepoint.AFTER_SECOND, Side.RIGHT, (0.0,)),
        ),
        blocks=(
            RepBlock(
                Direction.RIGHT,
                3,
                tuple(
                    Rep(
                        at + timedelta(seconds=60 + 14 * i),
                        at + timedelta(seconds=74 + 14 * i, microseconds=7),
                    )
                    for i in range(3)
                ),
            ),
            RepBlock(
                Direction.LEFT,
                5,
                (Rep(at + timedelta(minutes=5), at + timedelta(minutes=5, seconds=14)),),
            ),
        ),
        safety_events=(
            SafetyEvent(
                at + timedelta(minutes=3),
                SafetyEventKind.DIZZINESS,
                2,
                "Paused, sat up",
                "Felt fine after a minute",
            ),
            SafetyEvent(at + timedelta(minutes=4), SafetyEventKind.OTHER),
        ),
        summary=Summary(FeltBetter.SECOND, 1, "Right side freer", "Open-book 3x daily, both sides"),
        finished_at=at + timedelta(minutes=20),
        abandon_reason="",
        verdict_basis=VerdictBasis(0.8, 1),
    )


def test_full_session_round_trips_exactly(repo: Repository) -> None:
    """A session with every field (two readings, reps, safety events, summary) loads back equal."""
    client = repo.add_client(Client("Anna Berg"))
    saved = repo.save_session(full_session(client.id))
    assert saved.id is not None
    assert saved == replace(full_session(client.id), id=saved.id)
    assert repo.get_session(saved.id) == saved
    assert repo.sessions_for_client(client.id) == [saved]
    assert repo.last_session(client.id) == saved


def test_a_skipped_direction_and_an_unjudged_session_round_trip(repo: Repository) -> None:
    """A block skipped on purpose stays skipped; a session not judged yet has no verdict basis."""
    client = repo.add_client(Client("Skipped Block"))
    session = replace(
        repo.start_session(client.id, Method.GAP_CM, T0),
        blocks=(RepBlock(Direction.LEFT, 3, (), skipped=True), RepBlock(Direction.RIGHT, 3)),
    )
    saved = repo.save_session(session)
    assert repo.get_session(saved.id).blocks == session.blocks
    assert repo.get_session(saved.id).verdict_basis is None
    judged = repo.save_session(replace(saved, verdict_basis=VerdictBasis(0.5, 2)))
    assert repo.get_session(saved.id) == judged


def test_naive_and_other_offset_times_come_back_as_given(repo: Repository) -> None:
    """Naive times stay naive; aware times come back as the same instant (in UTC)."""
    client = repo.add_client(Client("Naive Time"))
    naive = repo.save_session(Session(client.id, datetime(2024, 3, 1, 9, 0)))
    plus_two = datetime(2024, 3, 1, 11, 0, tzinfo=timezone(timedelta(hours=2)))
    aware = repo.save_session(Session(client.id, plus_two))
    assert repo.get_session(naive.id).started_at.tzinfo is None
    assert repo.get_session(naive.id) == naive
    loaded = repo.get_session(aware.id).started_at
    assert loaded == plus_two and loaded.tzinfo is UTC


def test_client_round_trip_and_update(repo: Repository) -> None:
    """Every client field is stored, and update_client changes it in place."""
    client = repo.add_client(
        Client(
            "Ola Nordmann", date_of_birth=date(1980, 5, 17), thigh_length_cm=45.5, notes="Runner"
        )
    )
    assert repo.get_client(client.id) == client
    changed = replace(client, name="Ola N.", notes="", archived=True, thigh_length_cm=None)
    assert repo.update_client(changed) == changed
    assert repo.get_client(client.id) == changed


def test_saving_again_replaces_measurements_blocks_and_events(
    repo: Repository, engine: Engine
) -> None:
    """Each save writes the session as it is now: removed readings and reps gone, none doubled."""
    client = repo.add_client(Client("Step By Step"))
    started = repo.start_session(client.id, Method.FINGERS, T0)
    assert started == Session(client.id, T0, Method.FINGERS, id=started.id)
    first = repo.save_session(
        replace(
            full_session(client.id),
            id=started.id,
            revision=started.revision,
            status=SessionStatus.IN_PROGRESS,
            finished_at=None,
        )
    )
    fewer = replace(
        first,
        measurements=first.measurements[:2],
        blocks=first.blocks[:1],
        safety_events=(),
        completed_step=3,
    )
    assert repo.save_session(fewer) == fewer
    assert repo.get_session(started.id) == fewer
    with engine.connect() as connection:
        assert connection.execute(text("select count(*) from measurements")).scalar() == 3
        assert connection.execute(text("select count(*) from reps")).scalar() == 3
        assert connection.execute(text("select count(*) from safety_events")).scalar() == 0


def test_finished_session_is_read_only_but_takes_addenda(repo: Repository) -> None:
    """A finished session refuses changes; dated addenda are appended in order and kept."""
    client = repo.add_client(Client("Finished"))
    done = repo.save_session(full_session(client.id))
    with pytest.raises(StorageError, match="already finished"):
        repo.save_session(replace(done, summary=Summary(notes="changed")))
    first = Addendum(T0 + timedelta(days=1), "Client called: less pain next day")
    second = Addendum(T0 + timedelta(days=2), "Correction: pain after was 2")
    repo.add_addendum(done.id, first)
    repo.add_addendum(done.id, second)
    assert repo.get_session(done.id).addenda == (first, second)
    assert repo.get_session(done.id) == replace(done, addenda=(first, second))


def test_save_session_never_touches_addenda(repo: Repository) -> None:
    """Saving a session whose addenda tuple is stale keeps the stored addenda and returns them."""
    client = repo.add_client(Client("Addenda Kept"))
    session = repo.start_session(client.id, Method.GAP_CM, T0)
    note = Addendum(T0 + timedelta(minutes=1), "Note written from another screen")
    repo.add_addendum(session.id, note)
    saved = repo.save_session(replace(session, completed_step=0))
    assert saved.addenda == (note,)
    assert repo.get_session(session.id).addenda == (note,)


def test_in_progress_listing_and_last_session(repo: Repository) -> None:
    """Only unfinished sessions are offered for resume; last_session is the latest of any status."""
    anna = repo.add_client(Client("Anna"))
    ben = repo.add_client(Client("Ben"))
    old = repo.save_session(full_session(anna.id))
    open_anna = repo.start_session(anna.id, Method.GAP_CM, T0 + timedelta(days=7))
    open_ben = repo.start_session(ben.id, Method.THIGH_ANGLE, T0 + timedelta(days=1))
    repo.save_session(
        replace(
            repo.start_session(ben.id, Method.GAP_CM, T0 + timedelta(days=2)),
            status=SessionStatus.ABANDONED,
            abandon_reason="Client felt unwell",
        )
    )
    assert repo.sessions_in_progress() == [open_ben, open_anna]
    assert repo.last_session(anna.id) == open_anna
    assert repo.last_session(ben.id).status is SessionStatus.ABANDONED
    assert repo.sessions_for_client(anna.id) == [old, open_anna]
    assert repo.last_session(repo.add_client(Client("Never Seen")).id) is None


def test_session_start_reads_what_a_start_needs_in_one_go(repo: Repository) -> None:
    """session_start: the client, their newest unfinished session (not another client's), the
    latest session of any status, and the remembered choices; ties in time go by id."""
    anna = repo.add_client(Client("Anna"))
    ben = repo.add_client(Client("Ben"))
    never = repo.add_client(Client("Never Seen"))
    repo.save_preferences({"planned_reps": "4"})
    old = repo.save_session(full_session(anna.id))
    open_early = repo.start_session(anna.id, Method.GAP_CM, T0 + timedelta(days=3))
    open_late = repo.start_session(anna.id, Method.GAP_CM, T0 + timedelta(days=5))
    latest = repo.save_session(replace(
        repo.start_session(anna.id, Method.GAP_CM, T0 + timedelta(days=9)),
        status=SessionStatus.ABANDONED, abandon_reason="Client felt unwell"))
    repo.start_session(ben.id, Method.GAP_CM, T0 + timedelta(days=20))  # Ben's, newer
    start = repo.session_start(anna.id)
    assert start.client == anna
    assert start.unfinished == open_late
    assert start.previous == latest
    assert start.preferences == {"planned_reps": "4"}
    assert old != start.previous and open_early != start.unfinished
    tie = repo.start_session(never.id, Method.GAP_CM, T0)
    tie_later_id = repo.start_session(never.id, Method.GAP_CM, T0)
    start = repo.session_start(never.id)
    assert start.unfinished == tie_later_id != tie
    assert start.previous == tie_later_id
    assert repo.session_start(repo.add_client(Client("Nobody Yet")).id).previous is None
    with pytest.raises(RecordNotFoundError):
        repo.session_start(10_000)


def test_session_start_without_an_unfinished_session(repo: Repository) -> None:
    """Only finished sessions: nothing to resume, the latest is the previous visit."""
    anna = repo.add_client(Client("Anna"))
    first = repo.save_session(full_session(anna.id))
    second = repo.save_session(replace(full_session(anna.id), started_at=T0 + timedelta(days=7)))
    start = repo.session_start(anna.id)
    assert start.unfinished is None
    assert start.previous == second != first
    assert start.preferences == {}


def test_client_search_is_a_case_insensitive_substring(repo: Repository) -> None:
    """Search matches any part of the name in any case and alphabet; % and _ are plain letters."""
    for name in ("Anna Berg", "JOHANNA Lind", "Åsa Öberg", "Bob", "100% Fit", "snake_case"):
        repo.add_client(Client(name))
    repo.add_client(Client("Hanna Archived", archived=True))

    def names(search: str, include_archived: bool = False) -> set[str]:
        return {s.client.name for s in repo.list_clients(search, include_archived)}

    assert names("anna") == {"Anna Berg", "JOHANNA Lind"}
    assert names("ANNA", include_archived=True) == {"Anna Berg", "JOHANNA Lind", "Hanna Archived"}
    assert names("åSA ö") == {"Åsa Öberg"}
    assert names("%") == {"100% Fit"}
    assert names("e_c") == {"snake_case"}
    assert names("  bob ") == {"Bob"}
    assert len(names("")) == 6


def test_client_search_ignores_accents_and_case(repo: Repository) -> None:
    """'muller' finds Müller, 'JOSE' finds José, 'sore' finds Søren, and the other way round."""
    for name in ("Anna Müller", "José Álvarez", "Søren Kierkegaard", "Zoë Moller", "Ben Okafor"):
        repo.add_client(Client(name))

    def names(search: str) -> set[str]:
        return {s.client.name for s in repo.list_clients(search)}

    assert names("muller") == {"Anna Müller"}
    assert names("MÜLLER") == {"Anna Müller"}
    assert names("JOSE alv") == {"José Álvarez"}
    assert names("soren") == {"Søren Kierkegaard"}
    assert names("zoe") == {"Zoë Moller"}
    assert names("möller") == {"Zoë Moller"}  # accents typed but not stored also match
    assert names("xyz") == set()
    assert [s.client.name for s in repo.list_clients("muller")][0] == "Anna Müller"


def test_clients_sorted_by_last_visit_then_unseen_by_name(repo: Repository) -> None:
    """Most recent visit first, clients never seen after them alphabetically, with counts."""
    carl, anna, bea, dan = (repo.add_client(Client(n)) for n in ("Carl", "anna", "Bea", "Dan"))
    for client, days in ((carl, 1), (carl, 9), (dan, 5)):
        repo.start_session(client.id, Method.GAP_CM, T0 + timedelta(days=days))
    rows = repo.list_clients()
    assert [(r.client.name, r.session_count) for r in rows] == [
        ("Carl", 2),
        ("Dan", 1),
        ("anna", 0),
        ("Bea", 0),
    ]
    assert rows[0].last_visit == T0 + timedelta(days=9)
    assert rows[2].last_visit is None


def test_all_sessions_with_clients_orders_by_name_then_start(repo: Repository) -> None:
    """The export feed gives every session with its client, by client name, then start time."""
    zoe, adam = repo.add_client(Client("Zoe")), repo.add_client(Client("Adam"))
    late = repo.start_session(adam.id, Method.GAP_CM, T0 + timedelta(days=3))
    early = repo.start_session(adam.id, Method.GAP_CM, T0)
    zoes = repo.start_session(zoe.id, Method.GAP_CM, T0)
    assert list(repo.all_sessions_with_clients()) == [(adam, early), (adam, late), (zoe, zoes)]


def test_unknown_ids_raise_a_clear_not_found_error(repo: Repository) -> None:
    """Ids that are not stored raise a StorageError (also a LookupError) naming the record."""
    with pytest.raises(RecordNotFoundError, match="Client 42 is not in the records"):
        repo.get_client(42)
    with pytest.raises(RecordNotFoundError, match="Session 7 is not in the records"):
        repo.get_session(7)
    with pytest.raises(RecordNotFoundError):
        repo.start_session(42, Method.GAP_CM, T0)
    with pytest.raises(RecordNotFoundError):
        repo.add_addendum(7, Addendum(T0, "x"))
    with pytest.raises(LookupError):
        repo.update_client(Client("Ghost", id=99))


def test_list_clients_is_one_query_and_fast_at_clinic_scale(
    repo: Repository, engine: Engine
) -> None:
    """2,000 clients and 100,000 sessions: the client list is one query and well under a second;
    a search while nothing changed runs no query, only the change check."""
    created = datetime(2020, 1, 1, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(
            insert(ClientRow),
            [
                {
                    "name": f"Client {i:04}",
                    "name_folded": f"client {i:04}",
                    "notes": "",
                    "archived": False,
                    "created_at": created,
                }
                for i in range(2000)
            ],
        )
        connection.execute(
            insert(SessionRow),
            [
                {
                    "client_id": 1 + i % 2000,
                    "started_at": T0 + timedelta(minutes=i),
                    "status": "completed",
                    "method": "gap_cm",
                    "completed_step": 7,
                    "pain_locations": "",
                    "changes_since_last": "",
                    "red_flags": "",
                    "red_flags_answered": True,
                    "override_reason": "",
                    "precautions": "",
                    "surgery_clearance": "",
                    "neuroplastic_suspected": False,
                    "notes": "",
                    "home_program": "",
                    "abandon_reason": "",
                }
                for i in range(100_000)
            ],
        )
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    start = time.perf_counter()
    rows = repo.list_clients()
    elapsed = time.perf_counter() - start
    assert len(rows) == 2000 and rows[0].session_count == 50
    assert rows[0].client.name == "Client 1999"  # its last session is the very last one
    assert [s for s in statements if "data_version" not in s] == statements[-1:]  # one query
    assert elapsed < 1.0, f"list_clients took {elapsed:.2f} s"
    statements.clear()
    assert len(repo.list_clients("client 12")) == 100  # Client 1200 to 1299
    assert statements == ["PRAGMA data_version"]  # nothing changed: the list is filtered here


def test_loading_sessions_uses_a_fixed_number_of_queries(repo: Repository, engine: Engine) -> None:
    """sessions_for_client loads children with a few batched queries, not one per session."""
    client = repo.add_client(Client("Many Visits"))
    for day in range(30):
        repo.save_session(replace(full_session(client.id), started_at=T0 + timedelta(days=day)))
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    sessions = repo.sessions_for_client(client.id)
    assert len(sessions) == 30 and all(len(s.blocks[0].reps) == 3 for s in sessions)
    assert len(statements) <= 9  # the client, 2 for the fingerprint (see sessions_for_client), 6


def test_database_files_are_owner_only(db_path: Path, repo: Repository) -> None:
    """The new database and its -wal/-shm files are readable by their owner only (0600)."""
    repo.add_client(Client("Private"))
    for path in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_existing_database_is_made_owner_only(tmp_path: Path) -> None:
    """Opening a Psoas database that others could read tightens it to 0600."""
    path = tmp_path / "shared.db"
    _open(path)[0].dispose()
    os.chmod(path, 0o644)
    make_engine(database_url(str(path))).dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_every_connection_has_the_durable_pragmas(engine: Engine) -> None:
    """Connections run with foreign_keys=1, journal_mode=wal, synchronous=2 (FULL), busy 5 s,
    and a 32 MB page cache."""
    for _ in range(2):
        with engine.connect() as connection:
            pragmas = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in (
                    "foreign_keys", "journal_mode", "synchronous", "busy_timeout", "cache_size"
                )
            }
            assert pragmas == {
                "foreign_keys": 1,
                "journal_mode": "wal",
                "synchronous": 2,
                "busy_timeout": 1500,
                "cache_size": -32000,
            }
        engine.dispose()


def test_a_non_sqlite_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    """A file that is not SQLite raises NotADatabaseError and keeps every byte and its mode."""
    path = tmp_path / "notes.txt"
    content = b"Client notes, not a database\n" * 10
    path.write_bytes(content)
    os.chmod(path, 0o644)
    with pytest.raises(
        NotADatabaseError, match="is not a Psoas Desktop database .* left untouched"
    ):
        make_engine(database_url(str(path)))
    assert path.read_bytes() == content
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_damaged_database_gives_a_calm_message_and_is_not_changed(tmp_path: Path) -> None:
    """An SQLite header followed by garbage reports a damaged file and changes nothing."""
    path = tmp_path / "damaged.db"
    content = b"SQLite format 3\x00" + bytes(range(256)) * 20
    path.write_bytes(content)
    with pytest.raises(StorageError) as caught:
        _open(path)
    assert str(caught.value) == DAMAGED
    assert path.read_bytes() == content


def test_a_missing_folder_is_reported_not_created(tmp_path: Path) -> None:
    """An explicit path in a folder that does not exist is refused; nothing is created."""
    path = tmp_path / "no-such-folder" / "psoas.db"
    with pytest.raises(StorageError, match="does not exist"):
        make_engine(database_url(str(path)))
    assert not path.parent.exists()


def test_database_url_accepts_paths_and_urls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plain path becomes an absolute sqlite URL; anything with :// passes through unchanged."""
    monkeypatch.chdir(tmp_path)
    assert database_url("psoas.db") == f"sqlite:///{tmp_path / 'psoas.db'}"
    assert database_url("/srv/psoas.db") == "sqlite:////srv/psoas.db"
    assert database_url("postgresql://clinic/psoas") == "postgresql://clinic/psoas"
    odd = tmp_path / "with ? and #.db"
    _, repo = _open(Path(str(odd)))
    repo.add_client(Client("Odd Path"))
    assert odd.exists()


def test_a_locked_database_surfaces_as_a_friendly_busy_error(db_path: Path) -> None:
    """While another connection holds BEGIN EXCLUSIVE, a save fails calmly, then works again."""
    engine, repo = _open(db_path, busy_timeout_ms=100)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError) as caught:
            repo.add_client(Client("Waiting"))
        assert str(caught.value) == BUSY
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert repo.add_client(Client("Waiting")).id is not None
    engine.dispose()


def test_a_full_disk_fails_calmly_and_keeps_the_last_saved_step(db_path: Path) -> None:
    """When the database cannot grow, the save fails as one transaction: the earlier step stays."""
    engine, repo = _open(db_path)
    client = repo.add_client(Client("Full Disk"))
    step = repo.save_session(replace(full_session(client.id), status=SessionStatus.IN_PROGRESS))

    @event.listens_for(engine, "connect")
    def cap_size(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    engine.dispose()
    bigger = replace(step, completed_step=7, summary=Summary(notes="long note " * 1_000))  # the longest note allowed
    with pytest.raises(StorageError) as caught:
        repo.save_session(bigger)
    assert str(caught.value) == DISK_FULL
    assert repo.get_session(step.id) == step
    engine.dispose()


def test_a_read_only_database_says_so(db_path: Path) -> None:
    """Writing through a read-only connection reports that the file cannot be changed."""
    engine, repo = _open(db_path)
    repo.add_client(Client("Reader"))
    engine.dispose()
    read_only = Repository(make_engine(f"sqlite:///file:{db_path}?mode=ro&uri=true"))
    assert [s.client.name for s in read_only.list_clients()] == ["Reader"]
    with pytest.raises(StorageError) as caught:
        read_only.add_client(Client("Writer"))
    assert str(caught.value) == READ_ONLY


_times = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=-5))]),
)
_line = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
_note = st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t"),
                max_size=80)
_pain = st.none() | st.integers(0, 10)


def _reading(method: Method) -> st.SearchStrategy[float]:
    """Any reading a therapist can enter with `method`: on its grid, inside its range."""
    spec = method.spec
    steps = round((spec.maximum - spec.minimum) / spec.step)
    return st.integers(0, steps).map(lambda k: spec.minimum + k * spec.step)


def _measurements(method: Method) -> st.SearchStrategy[tuple[Measurement, ...]]:
    return st.lists(
        st.builds(
            Measurement,
            st.sampled_from(Timepoint),
            st.sampled_from(Side),
            st.lists(_reading(method), min_size=1, max_size=2).map(tuple),
            st.booleans(),
            st.booleans(),
        ),
        max_size=6,
        unique_by=lambda m: (m.timepoint, m.side),
    ).map(tuple)


def _verdict_basis(method: Method) -> st.SearchStrategy[VerdictBasis | None]:
    sem = method.spec.default_sem
    sems = st.none() if sem is None else st.floats(0.01, method.spec.maximum)
    return st.none() | st.builds(VerdictBasis, sems, st.integers(1, 2))


_block = st.builds(
    RepBlock,
    st.sampled_from(Direction),
    st.integers(1, 10),
    st.lists(st.builds(Rep, _times, _times), max_size=10).map(tuple),
) | st.builds(RepBlock, st.sampled_from(Direction), st.integers(1, 10), st.just(()), st.just(True))


@st.composite
def _sessions(draw: st.DrawFn) -> Session:
    """Any session the screens could have built (every value valid for its method)."""
    method = draw(st.sampled_from(Method))
    return Session(
        client_id=1,
        started_at=draw(_times),
        method=method,
        status=draw(st.sampled_from(SessionStatus)),
        completed_step=draw(st.integers(-1, 7)),
        check_in=draw(st.builds(
            CheckIn, _pain, st.frozensets(st.sampled_from(PainLocation)), _line,
            st.frozensets(st.sampled_from(RedFlag)), st.booleans(), _line,
            st.frozensets(st.sampled_from(Precaution)), _line, st.booleans(),
        )),
        first_direction=draw(st.none() | st.sampled_from(Direction)),
        measurements=draw(_measurements(method)),
        blocks=tuple(draw(st.lists(_block, max_size=2, unique_by=lambda b: b.direction))),
        safety_events=tuple(draw(st.lists(
            st.builds(SafetyEvent, _times, st.sampled_from(SafetyEventKind), _pain, _line, _line),
            max_size=3,
        ))),
        summary=draw(st.builds(Summary, st.none() | st.sampled_from(FeltBetter), _pain, _note,
                               _note)),
        finished_at=draw(st.none() | _times),
        abandon_reason=draw(_line),
        verdict_basis=draw(_verdict_basis(method)),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(session=_sessions())
def test_any_session_round_trips(session: Session) -> None:
    """Property: any valid session (values as the screens allow), saved then loaded, is unchanged."""
    with tempfile.TemporaryDirectory() as folder:
        engine, repo = _open(Path(folder) / "psoas.db")
        client = repo.add_client(Client("Property"))
        saved = repo.save_session(replace(session, client_id=client.id))
        assert (
            repo.get_session(saved.id)
            == saved
            == replace(session, client_id=client.id, id=saved.id)
        )
        engine.dispose()

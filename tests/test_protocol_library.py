"""The protocols offered at the start of a session: the shipped seed, then the practice's files."""

from __future__ import annotations

import shutil
from pathlib import Path

from psoas_desktop.domain.protocol_def import seed_protocol
from psoas_desktop.protocol_library import choices, load_library, protocol_folders

SECOND = Path(__file__).resolve().parent / "protocols" / "slr-neural-glide.toml"


def test_the_seed_alone_when_no_practice_files_exist(tmp_path):
    library = load_library([tmp_path / "not made yet"])
    assert library.protocols == (seed_protocol(),) and library.problems == ()
    assert choices(library) == [seed_protocol()]


def test_a_bad_file_is_left_out_with_its_sentence_and_the_rest_are_offered(tmp_path):
    shutil.copy(SECOND, tmp_path / "glides.toml")
    (tmp_path / "half-written.toml").write_text("key = 'x'\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a protocol", encoding="utf-8")
    library = load_library([tmp_path])
    assert [p.key for p in choices(library)] == ["psoas-open-book", "slr-neural-glide"]
    assert len(library.problems) == 1 and library.problems[0].startswith("half-written.toml:")


def test_the_newest_version_is_offered_and_the_first_file_of_a_version_is_kept(tmp_path):
    text = SECOND.read_text(encoding="utf-8")
    (tmp_path / "a.toml").write_text(text, encoding="utf-8")
    (tmp_path / "b.toml").write_text(text.replace('title = "Straight', 'title = "Copy of'),
                                     encoding="utf-8")
    (tmp_path / "c.toml").write_text(text.replace("version = 1", "version = 2"), encoding="utf-8")
    library = load_library([tmp_path])
    [seed, second] = choices(library)
    assert second.version == 2
    assert library.find("slr-neural-glide", 1).title.startswith("Straight")


def test_folders_are_the_shipped_one_the_user_data_one_then_the_environments(monkeypatch, tmp_path):
    monkeypatch.setenv("PSOAS_PROTOCOLS", f"{tmp_path / 'a'}:{tmp_path / 'b'}")
    folders = protocol_folders()
    assert folders[0].name == "protocols" and folders[0].parent.name == "resources"
    assert folders[1].parts[-2:] == ("psoas-desktop", "protocols")
    assert folders[2:] == [tmp_path / "a", tmp_path / "b"]


def test_the_reader_parses_a_file_once_and_again_when_it_changes(monkeypatch, tmp_path):
    """Session start lists the folders each time (issue 13): an unchanged file is not parsed
    again, a changed, new or removed one is seen at once, a bad one is still said each time."""
    import os

    from psoas_desktop import protocol_library
    from psoas_desktop.protocol_library import LibraryReader

    parsed: list[str] = []
    real = protocol_library.read_protocol_file

    def counting(path):
        parsed.append(path.name)
        return real(path)

    monkeypatch.setattr(protocol_library, "read_protocol_file", counting)
    text = SECOND.read_text(encoding="utf-8")
    glides = tmp_path / "glides.toml"
    glides.write_text(text, encoding="utf-8")
    (tmp_path / "half-written.toml").write_text("key = 'x'\n", encoding="utf-8")
    reader = LibraryReader([tmp_path])
    first = reader()
    again = reader()
    assert sorted(parsed) == ["glides.toml", "half-written.toml"]
    assert again == first and len(again.problems) == 1
    glides.write_text(text.replace('title = "Straight', 'title = "Renamed'), encoding="utf-8")
    stamp = glides.stat()
    os.utime(glides, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    assert reader().find("slr-neural-glide").title.startswith("Renamed")
    assert parsed.count("glides.toml") == 2
    (tmp_path / "c.toml").write_text(text.replace("version = 1", "version = 2"), encoding="utf-8")
    assert reader().find("slr-neural-glide").version == 2
    glides.unlink()
    (tmp_path / "c.toml").unlink()
    assert [p.key for p in choices(reader())] == ["psoas-open-book"]

"""The protocols a therapist can start a session with: the shipped ones (resources/protocols), then
the practice's own, as files in the user data folder's `protocols/` and in the folders named by
$PSOAS_PROTOCOLS (separated like PATH). Plain Python: no Qt, no database.

A file that cannot be used is left out with its sentence in `problems`, never a crash: the seed
protocol is always there. When two files hold the same key and version, the first found is kept.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from .domain.protocol_def import (
    ProtocolDef,
    ProtocolError,
    protocols_folder,
    read_protocol_file,
    seed_protocol,
)

ENV_PROTOCOLS = "PSOAS_PROTOCOLS"
APP_DIR_NAME = "psoas-desktop"
SUFFIXES = (".toml", ".json")


@dataclass(frozen=True)
class ProtocolLibrary:
    protocols: tuple[ProtocolDef, ...]  # the seed first
    problems: tuple[str, ...] = ()

    def find(self, key: str, version: int | None = None) -> ProtocolDef | None:
        """The protocol of `key` (its highest version unless one is named)."""
        found = [p for p in self.protocols if p.key == key
                 and (version is None or p.version == version)]
        return max(found, key=lambda p: p.version) if found else None


def protocol_folders() -> list[Path]:
    """Where protocol files are looked for, in order."""
    folders = [protocols_folder(), Path(user_data_dir(APP_DIR_NAME, appauthor=False)) / "protocols"]
    folders += [Path(p) for p in os.environ.get(ENV_PROTOCOLS, "").split(os.pathsep) if p]
    return folders


# A file's stamp (modification time in ns, size) and what reading it gave: the protocol or why
# it cannot be used.
ReadFiles = dict[Path, tuple[tuple[int, int], ProtocolDef | ProtocolError]]


def load_library(folders: list[Path] | None = None, read: ReadFiles | None = None) -> ProtocolLibrary:
    """Every usable definition in `folders` (default: `protocol_folders()`), the seed first.

    With `read` (see `LibraryReader`), a file whose modification time and size are those it had
    when last read is not parsed again; a new or changed file is read as it is now."""
    seed = seed_protocol()
    found: dict[tuple[str, int], ProtocolDef] = {(seed.key, seed.version): seed}
    problems: list[str] = []
    for folder in folders if folders is not None else protocol_folders():
        try:
            files = sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())
        except OSError:
            continue  # a folder not made yet holds no protocols
        for path in files:
            result = _read_file(path, read)
            if isinstance(result, ProtocolError):
                problems.append(str(result))
                continue
            found.setdefault((result.key, result.version), result)
    return ProtocolLibrary(tuple(found.values()), tuple(problems))


def _read_file(path: Path, read: ReadFiles | None) -> ProtocolDef | ProtocolError:
    try:
        status = path.stat()
        stamp: tuple[int, int] | None = (status.st_mtime_ns, status.st_size)
    except OSError:
        stamp = None  # read_protocol_file says why
    known = read.get(path) if read is not None and stamp is not None else None
    if known is not None and known[0] == stamp:
        return known[1]
    try:
        result: ProtocolDef | ProtocolError = read_protocol_file(path)[0]
    except ProtocolError as error:
        result = error
    if read is not None and stamp is not None:
        read[path] = (stamp, result)
    return result


class LibraryReader:
    """`load_library` for the session start: the folders are listed at each call, so a file
    dropped in is offered at once, but only new or changed files are parsed (issue 13: Start
    session within a frame)."""

    def __init__(self, folders: list[Path] | None = None) -> None:
        self._folders = folders
        self._read: ReadFiles = {}

    def __call__(self) -> ProtocolLibrary:
        return load_library(self._folders, self._read)


def choices(library: ProtocolLibrary) -> list[ProtocolDef]:
    """What to offer at the start of a session: the newest version of each protocol."""
    newest: dict[str, ProtocolDef] = {}
    for protocol in library.protocols:
        if protocol.key not in newest or protocol.version > newest[protocol.key].version:
            newest[protocol.key] = protocol
    return list(newest.values())

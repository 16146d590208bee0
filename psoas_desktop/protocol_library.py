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


def load_library(folders: list[Path] | None = None) -> ProtocolLibrary:
    """Every usable definition in `folders` (default: `protocol_folders()`), the seed first."""
    seed = seed_protocol()
    found: dict[tuple[str, int], ProtocolDef] = {(seed.key, seed.version): seed}
    problems: list[str] = []
    for folder in folders if folders is not None else protocol_folders():
        try:
            files = sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())
        except OSError:
            continue  # a folder not made yet holds no protocols
        for path in files:
            try:
                protocol, _data = read_protocol_file(path)
            except ProtocolError as error:
                problems.append(str(error))
                continue
            found.setdefault((protocol.key, protocol.version), protocol)
    return ProtocolLibrary(tuple(found.values()), tuple(problems))


def choices(library: ProtocolLibrary) -> list[ProtocolDef]:
    """What to offer at the start of a session: the newest version of each protocol."""
    newest: dict[str, ProtocolDef] = {}
    for protocol in library.protocols:
        if protocol.key not in newest or protocol.version > newest[protocol.key].version:
            newest[protocol.key] = protocol
    return list(newest.values())

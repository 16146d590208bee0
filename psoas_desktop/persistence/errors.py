"""Why a database was refused at the door: each a StorageError whose text a therapist understands.

Raised before anything is written into the file or its mode changed (see `probe`).
"""

from __future__ import annotations

from ..domain.ports import StorageError

DAMAGED = (
    "The database file is damaged, so nothing was written into it. Keep a copy of it and "
    "restore your most recent backup (from the backups folder beside it, or with "
    "psoas-desktop restore)."
)


class NotADatabaseError(StorageError):
    """The chosen file is not a Psoas Desktop database; it was left untouched."""


class NewerDatabaseError(StorageError):
    """The database was written by a newer app; nothing was changed."""

    def __init__(self) -> None:
        super().__init__(
            "This database was written by a newer version of Psoas Desktop; please update the app."
        )


class DamagedDatabaseError(StorageError):
    """The database failed SQLite's own checks; it was opened read-only and left as it was."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(DAMAGED)
        self.detail = detail  # SQLite's own words, for the log, never for the therapist


class BadAddressError(StorageError):
    """The database address or path cannot hold records (blank, in memory, unknown, device...)."""

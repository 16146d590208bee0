"""Where an export may be written: never over records, never into a device, pipe or folder.

Checked before any file is opened for writing. A refusal is a `RefusedDestination` whose text is
one calm sentence. The records themselves (the database, its -wal/-shm/-journal, backups and any
SQLite file at all) are refused even when the caller agreed to replace an existing file.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from ..persistence.probe import file_kind

SQLITE_HEADER = b"SQLite format 3\x00"


class RefusedDestination(ValueError):
    """The chosen output file would harm records or is not a file; nothing was written."""


def check_destination(
    output: Path,
    *,
    replace_existing: bool | None,
    protected_files: Iterable[Path] = (),
    protected_folders: Iterable[Path] = (),
    what: str = "an export",
) -> Path:
    """Return `output` if `what` may be written there, else raise RefusedDestination.

    `protected_files` (the database and its companions) and anything inside `protected_folders`
    (the backups folder) are refused, as is any existing SQLite file, a folder, a device, a pipe
    or a socket. Another existing regular file needs `replace_existing` (None: never replaced).
    """
    if not str(output).strip():
        raise RefusedDestination("no output file was given.")
    target = _absolute(output)
    parent = target.parent
    if not parent.is_dir():
        raise RefusedDestination(f"the folder {parent} does not exist.")
    for folder in protected_folders:
        folder = _absolute(folder)
        if target == folder or folder in target.parents:
            raise RefusedDestination(
                f"{output} is inside the backups folder {folder}; {what} never goes there."
            )
    for protected in protected_files:
        if _same_file(target, _absolute(protected)):
            raise RefusedDestination(
                f"{output} is the database or one of its own files; {what} never replaces "
                "records, even with --force."
            )
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            raise RefusedDestination(f"the output path is too long ({len(str(output))} "
                                     "characters).") from None
        raise RefusedDestination(f"{output} cannot be checked: {error.strerror}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise RefusedDestination(f"{output} is a folder; give a file name inside it.")
    if not stat.S_ISREG(info.st_mode):
        raise RefusedDestination(
            f"{output} is {file_kind(info.st_mode)}, not a regular file; {what} is never written "
            "there."
        )
    if _starts_like_sqlite(target):
        raise RefusedDestination(
            f"{output} is an SQLite database (records or a backup); {what} never replaces "
            "one, even with --force."
        )
    if replace_existing is None:
        raise RefusedDestination(f"{output} already exists; {what} never replaces a file.")
    if not replace_existing:
        raise RefusedDestination(f"{output} already exists; add --force to replace it.")
    return target


def _absolute(path: Path) -> Path:
    """The path with its folder's links resolved (the file name itself kept, as it is replaced)."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.parent.resolve() / absolute.name
    except OSError:
        return absolute


def _same_file(a: Path, b: Path) -> bool:
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _starts_like_sqlite(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        return os.read(fd, len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
    finally:
        os.close(fd)

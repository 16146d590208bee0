"""Writing an export all at once or not at all: a hidden temporary file in the same folder
(owner-only, mode 0600, as mkstemp makes it), flushed to disk, then renamed over the target."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str], *, text: bool = True,
                encoding: str = "utf-8") -> Iterator[IO]:
    """Yield a file to write; it replaces `path` only when the block ends without an error.

    A failure (or a killed process) leaves no file at `path` and removes the temporary one.
    `encoding="utf-8-sig"` starts a text file with the byte order mark spreadsheets look for.
    """
    target = Path(path)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        mode = "w" if text else "wb"
        options = {"newline": "", "encoding": encoding} if text else {}
        with os.fdopen(fd, mode, **options) as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_bytes_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` all at once, owner-only."""
    with atomic_file(path, text=False) as file:
        file.write(data)

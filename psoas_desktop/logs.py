"""The app's log: a rotating, owner-only file in the user log folder, plus native crash reports.

- `psoas-desktop.log`, rotated at 1 MiB with 5 old copies kept (a traceback may quote a client's
  entries, so every file is readable by its owner only, in an owner-only folder);
- `faults.log`: faulthandler writes Python's stacks there when the process dies natively (a
  segfault or abort inside Qt), where no Python handler runs; the next start copies any such
  report into the log and empties the file;
- Alembic's logger at WARNING: its INFO lines on every start say nothing a therapist needs.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from platformdirs import user_log_dir

APP_DIR_NAME = "psoas-desktop"
LOG_NAME = "psoas-desktop.log"
FAULTS_NAME = "faults.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5
OWNER_ONLY = 0o600
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_folder(create: bool = True) -> Path:
    """The user log folder (e.g. ~/.local/state/psoas-desktop/log on Linux), owner-only."""
    folder = Path(user_log_dir(APP_DIR_NAME, appauthor=False))
    if create:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _owner_only_opener(path: str, flags: int) -> int:
    return os.open(path, flags, OWNER_ONLY)


class OwnerOnlyRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """RotatingFileHandler whose every new file (the first and each after a rollover) is 0600."""

    def _open(self):  # noqa: ANN202 (logging's own signature)
        return open(self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors,
                    opener=_owner_only_opener)


@dataclass
class Logs:
    folder: Path
    log_path: Path
    faults_path: Path
    handler: logging.Handler
    faults_file: TextIO  # kept open for faulthandler for the life of the process

    def close(self) -> None:
        faulthandler.disable()
        logging.getLogger().removeHandler(self.handler)
        self.handler.close()
        self.faults_file.close()


def set_up_logging(folder: Path | None = None, level: int = logging.INFO) -> Logs:
    """Rotating log and faulthandler in `folder` (default: the user log folder)."""
    folder = folder or log_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    log_path = folder / LOG_NAME
    handler = OwnerOnlyRotatingFileHandler(log_path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                                           encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)

    faults_path = folder / FAULTS_NAME
    _report_previous_fault(faults_path)
    faults_file = open(faults_path, "a", encoding="utf-8", opener=_owner_only_opener)  # noqa: SIM115
    faulthandler.enable(file=faults_file, all_threads=True)
    return Logs(folder, log_path, faults_path, handler, faults_file)


def _report_previous_fault(faults_path: Path) -> None:
    try:
        text = faults_path.read_text(encoding="utf-8", errors="replace").strip()
    except FileNotFoundError:
        return
    if text:
        logging.getLogger("psoas_desktop").error("the previous run ended in a native crash:\n%s",
                                                 text)
        faults_path.write_text("", encoding="utf-8")

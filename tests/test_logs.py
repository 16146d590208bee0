"""The log: rotating and owner-only in the user log folder, Alembic quiet, native crashes caught.

Each case runs in a new process: faulthandler and the root logger belong to the whole process.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, cwd=cwd, timeout=60)


def test_the_log_rotates_and_every_file_is_owner_only(tmp_path: Path) -> None:
    """Past 1 MiB the log rolls over, keeping 5 old files, each readable by its owner only;
    Alembic's INFO lines are not written."""
    folder = tmp_path / "log"
    result = run_python(f"""
        import logging
        from pathlib import Path
        from psoas_desktop.logs import set_up_logging
        logs = set_up_logging(Path({str(folder)!r}))
        logging.getLogger("alembic.runtime.migration").info("Running upgrade 0001 -> 0002")
        line = "x" * 1000
        for i in range(8 * 1100):
            logging.getLogger("psoas_desktop").info("%d %s", i, line)
        logs.close()
    """, tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["faults.log", "psoas-desktop.log", *[f"psoas-desktop.log.{n}" for n in
                                                          range(1, 6)]]
    for path in folder.iterdir():
        assert path.stat().st_mode & 0o777 == 0o600, path
        assert path.stat().st_size <= 1024 * 1024 + 2000
    assert (folder.stat().st_mode & 0o777) == 0o700
    text = "".join(p.read_text() for p in folder.glob("psoas-desktop.log*"))
    assert "Running upgrade" not in text


def test_a_native_crash_is_written_to_the_log_folder_and_reported_next_start(tmp_path) -> None:
    """A segfault (no Python handler runs) leaves Python's stack in faults.log; the next start
    copies it into the log and empties faults.log."""
    folder = tmp_path / "log"
    crash = run_python(f"""
        import faulthandler
        from pathlib import Path
        from psoas_desktop.logs import set_up_logging
        set_up_logging(Path({str(folder)!r}))
        faulthandler._sigsegv()
    """, tmp_path)
    assert crash.returncode != 0
    faults = (folder / "faults.log").read_text()
    assert "Fatal Python error: Segmentation fault" in faults
    restart = run_python(f"""
        from pathlib import Path
        from psoas_desktop.logs import set_up_logging
        set_up_logging(Path({str(folder)!r})).close()
    """, tmp_path)
    assert restart.returncode == 0, restart.stderr
    log = (folder / "psoas-desktop.log").read_text()
    assert "the previous run ended in a native crash" in log and "Segmentation fault" in log
    assert (folder / "faults.log").read_text() == ""


def test_the_crash_handler_is_in_place_before_the_window_is_built(tmp_path: Path) -> None:
    """An error while building the window (here: a broken stylesheet load) is logged with its
    traceback and reported in one stderr line, instead of a 0-byte log and silence."""
    home = tmp_path / "home"
    home.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent("""
            import sys
            import psoas_desktop.ui.style as style
            def broken():
                raise RuntimeError("stylesheet went missing")
            style.load_stylesheet = broken
            from psoas_desktop.app import main
            sys.exit(main(["--database", "records.db"]))
        """)],
        capture_output=True, text=True, cwd=home, timeout=60,
        env={"HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "psoas-desktop: unexpected error (RuntimeError); details in" in result.stderr
    log = next(home.rglob("psoas-desktop.log")).read_text()
    assert "stylesheet went missing" in log and "Traceback" in log

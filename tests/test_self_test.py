"""`psoas-desktop --self-test` (SPEC 9.1), run as an installer would: a new process, no screen."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from psoas_desktop import self_test


def test_self_test_passes_in_a_clean_home_and_leaves_no_records(tmp_path: Path) -> None:
    """Exit 0 with one 'ok' line naming each check; nothing is written into the user's folders."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "PSOAS_"))}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", PSOAS_DATABASE_URL=str(home / "x.db"))
    result = subprocess.run([sys.executable, "-m", "psoas_desktop", "--self-test"],
                            capture_output=True, text=True, env=env, cwd=home, timeout=120)
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert line.startswith("psoas-desktop --self-test: ok (migrated to ")
    for word in ("resources found", "chart drawn", "PDF page"):
        assert word in line
    assert list(home.iterdir()) == []  # no database, log or settings made for the real user


def test_a_failed_check_is_one_line_and_a_non_zero_exit(monkeypatch) -> None:
    """A check that raises: exit 1, one stderr line naming the step and the reason, no traceback."""

    def broken(_work: Path) -> str:
        raise FileNotFoundError("migration scripts are missing")

    monkeypatch.setattr(self_test, "check_database", broken)
    out, err = io.StringIO(), io.StringIO()
    assert self_test.run_self_test(out, err) == 1
    assert out.getvalue() == ""
    assert err.getvalue() == (
        "psoas-desktop --self-test: FAILED at database: migration scripts are missing\n"
    )

"""Is the database at this app's schema? Answered without Alembic, which is imported only to migrate.

The revisions this app ships are read from the text of its version scripts (their `revision` and
`down_revision` lines: no script is imported), and the database's from one plain query of
`alembic_version`. Importing Alembic and loading every script costs about 0.4 s at each start,
while the records are almost always current already (issue 13).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from .probe import MIGRATIONS, VERSION_TABLE

_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=]*)?=\s*(None|["']([^"']+)["'])""", re.MULTILINE)


@dataclass(frozen=True)
class Shipped:
    """The app's schema: its one head and every revision (head and ancestors)."""

    head: str
    known: frozenset[str]


@cache
def shipped_revisions(location: Path = MIGRATIONS) -> Shipped | None:
    """The shipped schema, or None when the scripts do not form one complete chain to one head
    (a damaged install: `migrate.migration_scripts` then says what is wrong)."""
    if not (location / "env.py").is_file():
        return None
    parents: dict[str, str | None] = {}
    try:
        scripts = sorted((location / "versions").glob("*.py"))
        for script in scripts:
            source = script.read_text(encoding="utf-8")
            revision, down = _REVISION.search(source), _DOWN.search(source)
            if revision is None or down is None:
                if script.name == "__init__.py":
                    continue
                return None
            if revision.group(1) in parents:
                return None
            parents[revision.group(1)] = None if down.group(1) == "None" else down.group(2)
    except (OSError, UnicodeDecodeError):
        return None
    roots = [r for r, parent in parents.items() if parent is None]
    heads = set(parents) - {p for p in parents.values() if p is not None}
    if len(roots) != 1 or len(heads) != 1:
        return None
    if any(parent is not None and parent not in parents for parent in parents.values()):
        return None  # a script in the middle of the chain is missing
    return Shipped(heads.pop(), frozenset(parents))


def is_current(engine: Engine, shipped: Shipped) -> bool:
    """True when an SQLite database (already classified by `probe`: this app's tables, a known
    revision, quick_check passed) is at the shipped head: one plain query of alembic_version.

    Other databases, and every doubt, answer False: the caller then runs the full Alembic path.
    """
    if engine.dialect.name != "sqlite":
        return False
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
    except OperationalError:  # no version table yet: a new database
        return False
    return {row[0] for row in rows} == {shipped.head}

"""A rep block can be skipped; a finished session keeps the SEM and readings count it was judged with.

Existing finished sessions get the basis they would be judged with today (SPEC 5.3): the
therapist's stored `sem_<method>` preference when it is a valid SEM, else the method's default;
touches / does not touch has no error model (NULL SEM). Readings = the fewest readings of any
(time point, side) in the session, 1 when it has none. A NULL readings count = not judged yet.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import math

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

# Frozen here as this release judges: method -> (default SEM, largest SEM accepted). A migration
# must give the same result whatever later releases change in the domain.
_SEM_RULES: dict[str, tuple[float | None, float]] = {
    "gap_cm": (1.0, 15.0),
    "fingers": (1.0, 6.0),
    "thigh_angle": (2.0, 45.0),
    "touches": (None, 1.0),
    "table_edge_angle": (2.0, 45.0),
}

_sessions = sa.table(
    "sessions",
    sa.column("id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("method", sa.String()),
    sa.column("verdict_sem", sa.Float()),
    sa.column("verdict_readings", sa.Integer()),
)
_measurements = sa.table(
    "measurements",
    sa.column("session_id", sa.Integer()),
    sa.column("timepoint", sa.String()),
    sa.column("side", sa.String()),
)
_preferences = sa.table("preferences", sa.column("key", sa.String()), sa.column("value", sa.Text()))


def upgrade() -> None:
    with op.batch_alter_table("rep_blocks") as batch:
        batch.add_column(
            sa.Column("skipped", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("verdict_sem", sa.Float(), nullable=True))
        batch.add_column(sa.Column("verdict_readings", sa.Integer(), nullable=True))
    _judge_finished_sessions(op.get_bind())


def _sem_today(method: str, preferences: dict[str, str]) -> float | None:
    """The SEM the app reads for `method`: a valid stored preference, else the default."""
    default, largest = _SEM_RULES.get(method, (None, 0.0))
    if default is None:
        return None
    try:
        stored = float(preferences[f"sem_{method}"])
    except (KeyError, ValueError):
        return default
    return stored if math.isfinite(stored) and 0 < stored <= largest else default


def _judge_finished_sessions(bind: sa.Connection) -> None:
    preferences = dict(bind.execute(sa.select(_preferences.c.key, _preferences.c.value)).all())
    finished = _sessions.c.status == "completed"
    counts = bind.execute(
        sa.select(_measurements.c.session_id, sa.func.count())
        .join(_sessions, _sessions.c.id == _measurements.c.session_id)
        .where(finished)
        .group_by(_measurements.c.session_id, _measurements.c.timepoint, _measurements.c.side)
    ).all()
    fewest: dict[int, int] = {}
    for session_id, count in counts:
        fewest[session_id] = min(count, fewest.get(session_id, count))
    for session_id, method in bind.execute(
        sa.select(_sessions.c.id, _sessions.c.method).where(finished)
    ).all():
        bind.execute(
            _sessions.update()
            .where(_sessions.c.id == session_id)
            .values(verdict_sem=_sem_today(method, preferences),
                    verdict_readings=fewest.get(session_id, 1))
        )


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("verdict_readings")
        batch.drop_column("verdict_sem")
    with op.batch_alter_table("rep_blocks") as batch:
        batch.drop_column("skipped")

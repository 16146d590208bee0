"""Protocols as data: a `protocols` table (key, version, content hash, definition; immutable once
a session uses it), each session naming its protocol's key and version, and progress stored as
the key of the last completed step instead of its position.

Every existing session follows the seed protocol, version 1; its `completed_step` position
becomes the seed's step key (-1, nothing completed, becomes NULL).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

SEED_KEY, SEED_VERSION = "psoas-open-book", 1
# The seed protocol's steps, version 1, by position (frozen here: a migration never changes).
SEED_STEPS = ("check_in", "baseline", "first_direction", "reps_first", "retest_first",
              "reps_second", "retest_second", "summary")


def upgrade() -> None:
    from psoas_desktop.domain.protocol_def import content_hash, seed_protocol_data

    protocols = op.create_table(
        "protocols",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("stored_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("key", "version", name=op.f("pk_protocols")),
    )
    data = seed_protocol_data()
    if (data["key"], data["version"]) == (SEED_KEY, SEED_VERSION):
        op.bulk_insert(protocols, [{
            "key": SEED_KEY, "version": SEED_VERSION, "content_hash": content_hash(data),
            "definition": json.dumps(data, sort_keys=True, ensure_ascii=False),
            "stored_at": datetime.now(UTC).isoformat(sep="T", timespec="microseconds"),
        }])
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("protocol_key", sa.String(length=80), nullable=False,
                                   server_default=SEED_KEY))
        batch.add_column(sa.Column("protocol_version", sa.Integer(), nullable=False,
                                   server_default=str(SEED_VERSION)))
        batch.add_column(sa.Column("progress_step", sa.String(length=80), nullable=True))
    cases = " ".join(f"WHEN {i} THEN '{key}'" for i, key in enumerate(SEED_STEPS))
    op.execute(f"UPDATE sessions SET progress_step = CASE completed_step {cases} ELSE NULL END")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("completed_step")


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("completed_step", sa.Integer(), nullable=False,
                                   server_default="-1"))
    cases = " ".join(f"WHEN '{key}' THEN {i}" for i, key in enumerate(SEED_STEPS))
    op.execute(f"UPDATE sessions SET completed_step = CASE progress_step {cases} ELSE -1 END")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("progress_step")
        batch.drop_column("protocol_version")
        batch.drop_column("protocol_key")
    op.drop_table("protocols")

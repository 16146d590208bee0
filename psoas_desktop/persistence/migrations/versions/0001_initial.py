"""Initial schema: clients, sessions and a session's measurements, rep blocks, reps, safety events
and addenda.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _utc() -> sa.types.TypeEngine:
    """Times are ISO text in UTC (orm.UtcDateTime); frozen here as its storage type."""
    return sa.String(length=32)


def _session_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE",
                                   name=op.f(f"fk_{table}_session_id_sessions"))


def upgrade() -> None:
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_folded", sa.String(length=200), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("thigh_length_cm", sa.Float(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
    )
    op.create_index(op.f("ix_clients_name_folded"), "clients", ["name_folded"])

    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("started_at", _utc(), nullable=False),
        sa.Column("finished_at", _utc(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("method", sa.String(length=30), nullable=False),
        sa.Column("completed_step", sa.Integer(), nullable=False),
        sa.Column("first_direction", sa.String(length=10), nullable=True),
        sa.Column("pain_before", sa.Integer(), nullable=True),
        sa.Column("pain_locations", sa.Text(), nullable=False),
        sa.Column("changes_since_last", sa.Text(), nullable=False),
        sa.Column("red_flags", sa.Text(), nullable=False),
        sa.Column("red_flags_answered", sa.Boolean(), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=False),
        sa.Column("precautions", sa.Text(), nullable=False),
        sa.Column("surgery_clearance", sa.Text(), nullable=False),
        sa.Column("neuroplastic_suspected", sa.Boolean(), nullable=False),
        sa.Column("felt_better", sa.String(length=20), nullable=True),
        sa.Column("pain_after", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("home_program", sa.Text(), nullable=False),
        sa.Column("abandon_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"],
                                name=op.f("fk_sessions_client_id_clients")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
    )
    op.create_index("ix_sessions_client_id_started_at", "sessions", ["client_id", "started_at"])
    op.create_index(op.f("ix_sessions_status"), "sessions", ["status"])

    op.create_table(
        "measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("timepoint", sa.String(length=20), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("reading_index", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("lower_back_arches", sa.Boolean(), nullable=False),
        sa.Column("knee_cannot_straighten", sa.Boolean(), nullable=False),
        _session_fk("measurements"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurements")),
        sa.UniqueConstraint("session_id", "timepoint", "side", "reading_index",
                            name=op.f("uq_measurements_session_id_timepoint_side_reading_index")),
    )

    op.create_table(
        "rep_blocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("planned_reps", sa.Integer(), nullable=False),
        _session_fk("rep_blocks"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rep_blocks")),
    )
    op.create_index(op.f("ix_rep_blocks_session_id"), "rep_blocks", ["session_id"])

    op.create_table(
        "reps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("block_id", sa.Integer(), nullable=False),
        sa.Column("rep_number", sa.Integer(), nullable=False),
        sa.Column("started_at", _utc(), nullable=False),
        sa.Column("ended_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(["block_id"], ["rep_blocks.id"], ondelete="CASCADE",
                                name=op.f("fk_reps_block_id_rep_blocks")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reps")),
        sa.UniqueConstraint("block_id", "rep_number", name=op.f("uq_reps_block_id_rep_number")),
    )

    op.create_table(
        "safety_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("occurred_at", _utc(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=True),
        sa.Column("action_taken", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _session_fk("safety_events"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_events")),
    )
    op.create_index(op.f("ix_safety_events_session_id"), "safety_events", ["session_id"])

    op.create_table(
        "addenda",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("written_at", _utc(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _session_fk("addenda"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_addenda")),
    )
    op.create_index(op.f("ix_addenda_session_id"), "addenda", ["session_id"])


def downgrade() -> None:
    for table in ("addenda", "safety_events", "reps", "rep_blocks", "measurements", "sessions",
                  "clients"):
        op.drop_table(table)

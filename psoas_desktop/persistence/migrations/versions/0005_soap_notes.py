"""A SOAP note per finished session: drafted, edited, then signed (signed_by, signed_at) and closed.

Existing sessions get no note: the app drafts one from the record when a session is first opened.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def _utc() -> sa.types.TypeEngine:
    """Times are ISO text in UTC (orm.UtcDateTime); frozen here as its storage type."""
    return sa.String(length=32)


def upgrade() -> None:
    op.create_table(
        "soap_notes",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("subjective", sa.Text(), nullable=False),
        sa.Column("objective", sa.Text(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("signed_by", sa.String(length=200), nullable=True),
        sa.Column("signed_at", _utc(), nullable=True),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE",
                                name=op.f("fk_soap_notes_session_id_sessions")),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_soap_notes")),
    )


def downgrade() -> None:
    op.drop_table("soap_notes")

"""Alembic environment: migrates the connection `persistence.migrate` hands over, in batch mode.

Run through `psoas_desktop.persistence.migrate`, which turns SQLite foreign keys off and wraps the
whole upgrade in one transaction; there is no alembic.ini.
"""

from __future__ import annotations

from alembic import context

from psoas_desktop.persistence.orm import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through psoas_desktop.persistence.migrate")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()

"""Alembic migrations of the Psoas Desktop schema, run by `persistence.migrate` (no alembic.ini)."""

"""Alembic migrations for the catalog (run programmatically by catalog.db.upgrade)."""

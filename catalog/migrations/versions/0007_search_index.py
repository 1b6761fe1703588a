"""Full-text search over report titles and texts: FTS5 (trigram) on SQLite, pg_trgm on PostgreSQL.

Chinese has no spaces, so both backends index character trigrams and a query term matches as a
substring. On SQLite ``report_fts`` is an external-content FTS5 table over ``report`` kept in step by
triggers (a crawl's inserts and ``fazhi reprocess``'s updates reach it in the same transaction); on
PostgreSQL GIN trigram indexes on ``report.title`` and ``report.text`` serve LIKE directly. On both,
``ix_report_listing`` (year, region code, issuer kind) lets the result order and the facets be read
from an index instead of from the wide report rows.

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-02
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_FTS_DELETE = ("INSERT INTO report_fts(report_fts, rowid, title, text) "
               "VALUES ('delete', old.id, old.title, old.text); ")
SQLITE_UP = [
    "CREATE VIRTUAL TABLE report_fts USING fts5(title, text, content='report', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE TRIGGER report_fts_insert AFTER INSERT ON report BEGIN "
    "INSERT INTO report_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER report_fts_delete AFTER DELETE ON report BEGIN " + _FTS_DELETE + "END",
    "CREATE TRIGGER report_fts_update AFTER UPDATE OF title, text ON report BEGIN " + _FTS_DELETE +
    "INSERT INTO report_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "INSERT INTO report_fts(report_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS report_fts_update", "DROP TRIGGER IF EXISTS report_fts_delete",
               "DROP TRIGGER IF EXISTS report_fts_insert", "DROP TABLE IF EXISTS report_fts"]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_report_title_trgm ON report USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_report_text_trgm ON report USING gin (text gin_trgm_ops)",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_report_text_trgm", "DROP INDEX IF EXISTS ix_report_title_trgm"]


def _run(statements: dict[str, list[str]]) -> None:
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade() -> None:
    op.create_index("ix_report_listing", "report", ["year", "region_code", "issuer_kind"])
    _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP})


def downgrade() -> None:
    _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})
    op.drop_index("ix_report_listing", "report")

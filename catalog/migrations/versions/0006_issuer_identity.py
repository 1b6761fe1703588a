"""A report's identity is its issuer: ``report.issuer_key`` names the issuing body, not only its region.

A city government and its 司法局 share a region code; before this revision two such reports of one year
could be joined as versions of one report. Existing rows get the key catalog.issuers computes from their
issuer, issuer kind and region code (the same function new rows use), so reports already catalogued
keep matching their later captures.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from catalog.issuers import issuer_key

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("issuer_key", sa.String(200), nullable=True))
        batch.create_index("ix_report_issuer_key", ["issuer_key"])
    report = sa.table("report", sa.column("id", sa.Integer), sa.column("issuer", sa.Text),
                      sa.column("issuer_kind", sa.String), sa.column("region_code", sa.String),
                      sa.column("issuer_key", sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(report.c.id, report.c.issuer, report.c.issuer_kind,
                                        report.c.region_code)).all()
    for row in rows:
        key = issuer_key(row.issuer, row.issuer_kind, row.region_code)
        if key is not None:
            connection.execute(report.update().where(report.c.id == row.id).values(issuer_key=key))


def downgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.drop_index("ix_report_issuer_key")
        batch.drop_column("issuer_key")

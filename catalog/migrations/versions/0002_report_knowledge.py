"""Report knowledge: issuer evidence, timeliness, sections, near-duplicate versions; the division table.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("issuer_confidence", sa.Float(), nullable=True))
        batch.add_column(sa.Column("issuer_evidence", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("timely", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("sections", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("minhash", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("supersedes_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_report_supersedes_id_report", "report", ["supersedes_id"], ["id"])
        batch.create_index("ix_report_supersedes_id", ["supersedes_id"])
    with op.batch_alter_table("report") as batch:  # the default only fills existing rows
        batch.alter_column("version", server_default=None)
    op.create_table(
        "division",
        sa.Column("code", sa.String(6), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("parent", sa.String(6), nullable=True),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("successor", sa.String(6), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("division")
    with op.batch_alter_table("report") as batch:
        batch.drop_index("ix_report_supersedes_id")
        batch.drop_constraint("fk_report_supersedes_id_report", type_="foreignkey")
        for column in ("supersedes_id", "version", "minhash", "sections", "timely", "issuer_evidence",
                       "issuer_confidence"):
            batch.drop_column(column)

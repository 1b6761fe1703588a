"""Extraction as part of the record: each capture's site hints, and the conversion records of its text.

``fazhi reprocess`` repeats extraction from the archive alone, so the catalog keeps what extraction
was given besides the bytes (the site's name, its region code, the anchor that led to an
attachment) and where the WARC ``conversion`` record holding each capture's extracted text lives,
with the extractor version that produced it. Captures catalogued before this revision have no
hints (NULL) and no conversion rows.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("capture") as batch:
        batch.add_column(sa.Column("site_name", sa.Text(), nullable=True))
        batch.add_column(sa.Column("region_hint", sa.Text(), nullable=True))
        batch.add_column(sa.Column("title_hint", sa.Text(), nullable=True))
    op.create_table(
        "conversion",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("capture_id", sa.Integer(), sa.ForeignKey("capture.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("warc", sa.String(255), nullable=False),
        sa.Column("offset", sa.Integer(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("timestamp", sa.DateTime(), nullable=False),
        sa.Column("digest", sa.String(80), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("extractor_version", sa.String(32), nullable=False),
    )
    op.create_index("ix_conversion_capture_id", "conversion", ["capture_id"])


def downgrade() -> None:
    op.drop_table("conversion")
    with op.batch_alter_table("capture") as batch:
        for column in ("title_hint", "region_hint", "site_name"):
            batch.drop_column(column)

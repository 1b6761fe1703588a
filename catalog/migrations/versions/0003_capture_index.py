"""The capture index: the CDXJ rows of every response and revisit record, kept with the catalog.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "capture_index",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("urlkey", sa.Text(), nullable=False),
        sa.Column("timestamp", sa.String(14), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("mime", sa.String(255), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("digest", sa.String(80), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("offset", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("rec_type", sa.String(16), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("refers_to", sa.String(64), nullable=True),
        sa.Column("member_digest", sa.String(64), nullable=True),
    )
    op.create_index("ix_capture_index_urlkey", "capture_index", ["urlkey"])
    op.create_index("ix_capture_index_filename", "capture_index", ["filename"])
    op.create_index("ix_capture_index_record_id", "capture_index", ["record_id"])


def downgrade() -> None:
    op.drop_table("capture_index")

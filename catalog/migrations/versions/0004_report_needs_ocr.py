"""Reports from scanned attachments: ``needs_ocr`` marks a report catalogued on its title alone.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("needs_ocr", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("report") as batch:  # the default only fills existing rows
        batch.alter_column("needs_ocr", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.drop_column("needs_ocr")

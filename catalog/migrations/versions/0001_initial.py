"""Initial catalog schema: crawl_run, capture, report, report_capture.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crawl_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("sites_file", sa.Text(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(64), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=False),
    )
    op.create_table(
        "capture",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("crawl_run.id"), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("warc", sa.String(255), nullable=False),
        sa.Column("offset", sa.Integer(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("timestamp", sa.DateTime(), nullable=False),
        sa.Column("digest", sa.String(80), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(255), nullable=True),
    )
    op.create_index("ix_capture_run_id", "capture", ["run_id"])
    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("issuer", sa.Text(), nullable=True),
        sa.Column("issuer_kind", sa.String(32), nullable=True),
        sa.Column("region_code", sa.String(12), nullable=True),
        sa.Column("region_name", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("published", sa.DateTime(), nullable=True),
        sa.Column("signed", sa.Date(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_original", sa.Text(), nullable=False),
        sa.Column("variant", sa.String(16), nullable=False),
        sa.Column("extractor_version", sa.String(32), nullable=False),
        sa.Column("first_capture_id", sa.Integer(), sa.ForeignKey("capture.id"), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("crawl_run.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_report_region_code", "report", ["region_code"])
    op.create_index("ix_report_year", "report", ["year"])
    op.create_table(
        "report_capture",
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("report.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("capture_id", sa.Integer(), sa.ForeignKey("capture.id", ondelete="CASCADE"),
                  primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("report_capture")
    op.drop_index("ix_report_year", table_name="report")
    op.drop_index("ix_report_region_code", table_name="report")
    op.drop_table("report")
    op.drop_index("ix_capture_run_id", table_name="capture")
    op.drop_table("capture")
    op.drop_table("crawl_run")

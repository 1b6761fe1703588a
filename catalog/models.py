"""Catalog schema: crawl runs, archived captures, and the reports found in them.

A Report is one distinct text (keyed by a content fingerprint); every capture
that carried that text is linked through ReportCapture, so re-crawls and mirror
sites add evidence instead of duplicates. Migrations in catalog/migrations mirror
these models and are the only way the schema is created.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class CrawlRun(Base):
    __tablename__ = "crawl_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    sites_file: Mapped[str] = mapped_column(Text)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(64))  # "running" | "finished" | "interrupted" | "failed"
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # pages fetched, errors by kind, ...


class Capture(Base):
    __tablename__ = "capture"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    warc: Mapped[str] = mapped_column(String(255))  # relative to the data dir
    offset: Mapped[int] = mapped_column(Integer)
    length: Mapped[int] = mapped_column(Integer)
    timestamp: Mapped[datetime] = mapped_column(DateTime)  # WARC-Date, naive UTC
    digest: Mapped[str] = mapped_column(String(80))
    record_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(255))


class ReportCapture(Base):
    __tablename__ = "report_capture"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("capture.id", ondelete="CASCADE"), primary_key=True)


class Report(Base):
    __tablename__ = "report"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of whitespace-free text
    title: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str | None] = mapped_column(Text)
    issuer_kind: Mapped[str | None] = mapped_column(String(32))
    region_code: Mapped[str | None] = mapped_column(String(12), index=True)
    region_name: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    published: Mapped[datetime | None] = mapped_column(DateTime)
    signed: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str] = mapped_column(Text)  # first-seen URL
    text: Mapped[str] = mapped_column(Text)
    text_original: Mapped[str] = mapped_column(Text)
    variant: Mapped[str] = mapped_column(String(16))
    extractor_version: Mapped[str] = mapped_column(String(32))
    first_capture_id: Mapped[int] = mapped_column(ForeignKey("capture.id"))
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    first_capture: Mapped[Capture] = relationship(foreign_keys=[first_capture_id], lazy="joined")

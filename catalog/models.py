"""Catalog schema: crawl runs, archived captures, the reports found in them, and the gazetteer.

A Report row is one *version* of a report text. Every capture that carried that text -- the same
URL re-crawled, another URL, a mirror on another site, a copy differing only in page chrome,
whitespace or punctuation (a MinHash near-duplicate) -- is linked through ReportCapture, so
re-crawls and mirrors add evidence instead of duplicates. A report's identity is its issuer
(``issuer_key``: the issuing body, not only its region code) and the year covered, so texts only
ever join texts of the same issuer and year. A later capture of the same report (same issuer and
year, same title or still clearly similar) whose text changed beyond the
near-duplicate threshold becomes a new row with ``version`` = previous + 1 and ``supersedes_id``
pointing at the version it replaces: versions are rows rather than a separate table so that every
version keeps its own text, dates, sections and captures with the same columns, and "the report"
is simply the version nobody supersedes (exports show that one, with a ``versions`` count).

Division mirrors the offline gazetteer (extract.gazetteer: GB/T 2260 current and historical codes)
so catalog queries can join region codes to names, levels and parents; it is (re)filled by
catalog.db.open_catalog. Migrations in catalog/migrations mirror these models and are the only way
the schema is created.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
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
    # what extraction was given besides the bytes, so `fazhi reprocess` can repeat it (NULL before 0005)
    site_name: Mapped[str | None] = mapped_column(Text)
    region_hint: Mapped[str | None] = mapped_column(Text)  # the site's GB/T 2260 code
    title_hint: Mapped[str | None] = mapped_column(Text)  # the anchor that led to an attachment


class Conversion(Base):
    """Where the WARC ``conversion`` record of a capture's extracted text lives, and which extractor
    version wrote it; a capture re-extracted with a changed result gains another row."""

    __tablename__ = "conversion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("capture.id", ondelete="CASCADE"), index=True)
    warc: Mapped[str] = mapped_column(String(255))  # relative to the data dir
    offset: Mapped[int] = mapped_column(Integer)
    length: Mapped[int] = mapped_column(Integer)
    timestamp: Mapped[datetime] = mapped_column(DateTime)  # the conversion's WARC-Date, naive UTC
    digest: Mapped[str] = mapped_column(String(80))
    record_id: Mapped[str] = mapped_column(String(64))
    extractor_version: Mapped[str] = mapped_column(String(32))


class ReportCapture(Base):
    __tablename__ = "report_capture"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("capture.id", ondelete="CASCADE"), primary_key=True)


class Report(Base):
    __tablename__ = "report"
    # the search's listing columns in one index: facets and the result order read it alone (0007)
    __table_args__ = (Index("ix_report_listing", "year", "region_code", "issuer_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of whitespace-free text
    title: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str | None] = mapped_column(Text)
    issuer_kind: Mapped[str | None] = mapped_column(String(32))
    # who issued it, as catalog.issuers folds the written name ("441800|department|司法局"); NULL = unknown
    issuer_key: Mapped[str | None] = mapped_column(String(200), index=True)
    region_code: Mapped[str | None] = mapped_column(String(12), index=True)
    region_name: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    published: Mapped[datetime | None] = mapped_column(DateTime)
    signed: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str] = mapped_column(Text)  # first-seen URL, or the issuer's own once captured (not a repost)
    text: Mapped[str] = mapped_column(Text)
    text_original: Mapped[str] = mapped_column(Text)
    variant: Mapped[str] = mapped_column(String(16))
    extractor_version: Mapped[str] = mapped_column(String(32))
    first_capture_id: Mapped[int] = mapped_column(ForeignKey("capture.id"))
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    issuer_confidence: Mapped[float | None] = mapped_column(Float)
    issuer_evidence: Mapped[list[str] | None] = mapped_column(JSON)  # signals that decided, strongest first
    timely: Mapped[bool | None] = mapped_column(Boolean)  # published/signed by 1 April of year + 1
    sections: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)  # [{name, heading, text}]
    minhash: Mapped[list[int] | None] = mapped_column(JSON)  # near-duplicate signature of the text
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"), index=True)
    needs_ocr: Mapped[bool] = mapped_column(Boolean, default=False)  # a scan: no text until OCR

    first_capture: Mapped[Capture] = relationship(foreign_keys=[first_capture_id], lazy="joined")


class Division(Base):
    """A GB/T 2260 division; retired codes have current=False and, where the name lives on, a successor."""

    __tablename__ = "division"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16))  # "province" | "prefecture" | "county"
    parent: Mapped[str | None] = mapped_column(String(6))
    current: Mapped[bool] = mapped_column(Boolean)
    successor: Mapped[str | None] = mapped_column(String(6))  # current code of a retired division


class CaptureIndex(Base):
    """One CDXJ index entry (response or revisit record), written as the record is written;
    ``fazhi index rebuild`` recreates the table from the WARCs."""

    __tablename__ = "capture_index"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    urlkey: Mapped[str] = mapped_column(Text, index=True)  # SURT
    timestamp: Mapped[str] = mapped_column(String(14))
    url: Mapped[str] = mapped_column(Text)
    mime: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(8))
    digest: Mapped[str] = mapped_column(String(80))
    length: Mapped[int] = mapped_column(Integer)
    offset: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255), index=True)
    rec_type: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[str] = mapped_column(String(64), index=True)
    refers_to: Mapped[str | None] = mapped_column(String(64))
    member_digest: Mapped[str | None] = mapped_column(String(64))

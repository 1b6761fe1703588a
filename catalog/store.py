"""The catalog API the crawler and CLI use; every write is its own short transaction.

Committing per item means a crawl killed at any moment loses at most the item in
flight, and a reader never sees a half-recorded capture or report.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from archive.writer import CapturePointer
from catalog.models import Capture, CrawlRun, Report, ReportCapture

if TYPE_CHECKING:
    from extract.document import ExtractedDocument

WARC_DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_WHITESPACE = re.compile(r"\s+")


def fingerprint(text: str) -> str:
    """sha256 of the text without any whitespace, so re-wrapped copies of a report collide."""
    return hashlib.sha256(_WHITESPACE.sub("", text).encode("utf-8")).hexdigest()


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _parse_warc_date(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None)


def _parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        parsed = _parse_iso(value)
        return parsed.date() if parsed else None
    return None


def _json_safe(value: dict) -> dict[str, Any]:
    """Settings and stats come from Scrapy and may hold datetimes or Paths; store their text."""
    return json.loads(json.dumps(dict(value), default=str))


def _clip(value: str | None, limit: int) -> str | None:
    return value if value is None or len(value) <= limit else value[:limit]


def _extractor_version() -> str:
    import extract

    return str(getattr(extract, "EXTRACTOR_VERSION", "0"))


@dataclass(frozen=True)
class RunView:
    """One crawl run: when, with which sites and settings, how it ended, and its counters."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    sites_file: str
    settings: dict[str, Any]
    status: str
    stats: dict[str, Any]  # pages_fetched, errors by kind, ...

    @classmethod
    def from_model(cls, run: CrawlRun) -> RunView:
        return cls(id=run.id, started_at=run.started_at, finished_at=run.finished_at,
                   sites_file=run.sites_file, settings=run.settings, status=run.status, stats=run.stats)


@dataclass(frozen=True)
class ReportView:
    """A catalogued report as the CLI and exports present it (keys are the CLI contract)."""

    title: str | None
    issuer: str | None
    issuer_kind: str | None
    region_code: str | None
    region_name: str | None
    year: int | None
    published: str | None
    url: str
    text: str
    variant: str
    capture: dict[str, Any]  # warc, offset, length, timestamp, digest

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "issuer": self.issuer,
            "issuer_kind": self.issuer_kind,
            "region_code": self.region_code,
            "region_name": self.region_name,
            "year": self.year,
            "published": self.published,
            "url": self.url,
            "text": self.text,
            "variant": self.variant,
            "capture": dict(self.capture),
        }

    @classmethod
    def from_model(cls, report: Report) -> ReportView:
        cap = report.first_capture
        return cls(
            title=report.title,
            issuer=report.issuer,
            issuer_kind=report.issuer_kind,
            region_code=report.region_code,
            region_name=report.region_name,
            year=report.year,
            published=report.published.isoformat() if report.published else None,
            url=report.url,
            text=report.text,
            variant=report.variant,
            capture={
                "warc": cap.warc,
                "offset": cap.offset,
                "length": cap.length,
                "timestamp": cap.timestamp.strftime(WARC_DATE_FORMAT),
                "digest": cap.digest,
            },
        )


class Catalog:
    """Runs, captures and deduplicated reports in one SQL database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # -- runs ---------------------------------------------------------------

    def start_run(self, *, sites_file: str, settings: dict) -> int:
        with self._sessions.begin() as session:
            run = CrawlRun(started_at=_utcnow(), sites_file=str(sites_file), settings=_json_safe(settings),
                           status="running", stats={})
            session.add(run)
            session.flush()
            return run.id

    def finish_run(self, run_id: int, *, status: str, stats: dict) -> None:
        with self._sessions.begin() as session:
            run = self._get(session, CrawlRun, run_id)
            run.finished_at = _utcnow()
            run.status = _clip(status, 64)
            run.stats = _json_safe(stats)

    def run(self, run_id: int) -> RunView:
        """A run's bookkeeping (for the CLI's end-of-crawl summary)."""
        with self._sessions() as session:
            return RunView.from_model(self._get(session, CrawlRun, run_id))

    def latest_run(self) -> RunView | None:
        """The most recently started run, or None for an empty catalog."""
        with self._sessions() as session:
            run = session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).first()
            return RunView.from_model(run) if run else None

    # -- captures and reports --------------------------------------------------

    def add_capture(self, run_id: int, url: str, pointer: CapturePointer, *, status: int,
                    content_type: str | None) -> int:
        with self._sessions.begin() as session:
            capture = Capture(
                run_id=run_id, url=url, warc=pointer.warc, offset=pointer.offset, length=pointer.length,
                timestamp=_parse_warc_date(pointer.timestamp), digest=pointer.digest,
                record_id=pointer.record_id, status=status, content_type=_clip(content_type, 255),
            )
            session.add(capture)
            session.flush()
            return capture.id

    def add_report(self, run_id: int, capture_id: int, doc: ExtractedDocument) -> int:
        """Record `doc` as found in `capture_id`; a text already catalogued just gains this capture."""
        key = fingerprint(doc.text)
        try:
            with self._sessions.begin() as session:
                existing = self._report_id(session, key)
                if existing is not None:
                    self._link(session, existing, capture_id)
                    return existing
                capture = self._get(session, Capture, capture_id)
                report = self._new_report(doc, key, run_id, capture)
                session.add(report)
                session.flush()
                session.add(ReportCapture(report_id=report.id, capture_id=capture_id))
                return report.id
        except IntegrityError:
            # another process inserted the same fingerprint between our check and insert
            with self._sessions.begin() as session:
                existing = self._report_id(session, key)
                if existing is None:
                    raise
                self._link(session, existing, capture_id)
                return existing

    def reports(self, *, region: str | None = None, year: int | None = None) -> list[ReportView]:
        """Reports ordered by region, year, date; `region` is a code prefix ("4417") or a name part."""
        query = select(Report)
        if region:
            region = region.strip()
            if region.isdigit():
                query = query.where(Report.region_code.startswith(region, autoescape=True))
            else:
                query = query.where(Report.region_name.contains(region, autoescape=True))
        if year is not None:
            query = query.where(Report.year == year)
        # NULLs last on both backends (SQLite and PostgreSQL disagree by default)
        order = [col for c in (Report.region_code, Report.year, Report.published) for col in (c.is_(None), c)]
        query = query.order_by(*order, Report.id)
        with self._sessions() as session:
            return [ReportView.from_model(r) for r in session.scalars(query).unique()]

    def report_count(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count(Report.id))) or 0

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- helpers ------------------------------------------------------------------

    @staticmethod
    def _get(session: Session, model: type, key: int):
        obj = session.get(model, key)
        if obj is None:
            raise KeyError(f"no {model.__name__} with id {key}")
        return obj

    @staticmethod
    def _report_id(session: Session, key: str) -> int | None:
        return session.scalar(select(Report.id).where(Report.fingerprint == key))

    @staticmethod
    def _link(session: Session, report_id: int, capture_id: int) -> None:
        if session.get(ReportCapture, (report_id, capture_id)) is None:
            session.add(ReportCapture(report_id=report_id, capture_id=capture_id))

    @staticmethod
    def _new_report(doc: ExtractedDocument, key: str, run_id: int, capture: Capture) -> Report:
        return Report(
            fingerprint=key, title=doc.title, issuer=doc.issuer, issuer_kind=_clip(doc.issuer_kind, 32),
            region_code=_clip(doc.region_code, 12), region_name=doc.region_name, year=doc.year,
            published=_parse_iso(doc.published), signed=_as_date(getattr(doc, "signed", None)),
            url=capture.url, text=doc.text, text_original=doc.text_original, variant=_clip(doc.variant, 16),
            extractor_version=_extractor_version(), first_capture_id=capture.id, run_id=run_id,
            created_at=_utcnow(),
        )

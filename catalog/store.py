"""The catalog API the crawler and CLI use; every write is its own short transaction.

Committing per item means a crawl killed at any moment loses at most the item in
flight, and a reader never sees a half-recorded capture or report.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, Engine, func, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, lazyload, load_only, sessionmaker

from archive.replay import replay_link
from archive.writer import CapturePointer
from catalog.issuers import issuer_key
from catalog.models import Capture, Conversion, CrawlRun, Division, Report, ReportCapture
from catalog.neardup import SAME_REPORT, SAME_TEXT, signature, similarity

if TYPE_CHECKING:
    from extract.document import ExtractedDocument
    from extract.gazetteer import Gazetteer

WARC_DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_WHITESPACE = re.compile(r"\s+")


def fingerprint(text: str) -> str:
    """sha256 of the text without any whitespace, so re-wrapped copies of a report collide."""
    return hashlib.sha256(_WHITESPACE.sub("", text).encode("utf-8")).hexdigest()


def report_key(text: str, capture_digest: str) -> str:
    """A report row's identity: the fingerprint of its text or, for a document without text (a scan
    awaiting OCR), the payload digest of the capture it came from."""
    return fingerprint(text) if text.strip() else "file:" + capture_digest


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


def extractor_version() -> str:
    """The running code's extractor version (extract.EXTRACTOR_VERSION)."""
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
    issuer_confidence: float | None = None
    issuer_evidence: list[str] = field(default_factory=list)
    signed: str | None = None
    timely: bool | None = None
    sections: list[dict[str, str]] = field(default_factory=list)
    version: int = 1  # this (the latest) version's number, which is also how many versions there are
    captures: list[dict[str, Any]] = field(default_factory=list)  # every capture of this version
    needs_ocr: bool = False  # from a scanned attachment: the text is empty until OCR

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
            "issuer_confidence": self.issuer_confidence,
            "issuer_evidence": list(self.issuer_evidence),
            "signed": self.signed,
            "timely": self.timely,
            "sections": [dict(section) for section in self.sections],
            "versions": self.version,
            "captures": [dict(capture) for capture in self.captures],
            "needs_ocr": self.needs_ocr,
            "replay": replay_link(self.capture["timestamp"], self.url),
        }

    @classmethod
    def from_model(cls, report: Report, captures: list[Capture] = ()) -> ReportView:
        cap = next((c for c in captures if c.url == report.url), report.first_capture)  # the capture at url
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
            capture=_capture_dict(cap),
            issuer_confidence=report.issuer_confidence,
            issuer_evidence=list(report.issuer_evidence or []),
            signed=report.signed.isoformat() if report.signed else None,
            timely=report.timely,
            sections=list(report.sections or []),
            version=report.version,
            captures=[{"url": c.url, **_capture_dict(c)} for c in captures],
            needs_ocr=bool(report.needs_ocr),
        )


def capture_pointer(cap: Capture) -> CapturePointer:
    """Where a capture row's record is, as the writer pointed at it."""
    return CapturePointer(warc=cap.warc, offset=cap.offset, length=cap.length,
                          timestamp=cap.timestamp.strftime(WARC_DATE_FORMAT), digest=cap.digest,
                          record_id=cap.record_id)


def _capture_dict(cap: Capture) -> dict[str, Any]:
    pointer = capture_pointer(cap).to_dict()
    del pointer["record_id"]
    return pointer


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

    def runs(self, limit: int = 200) -> list[RunView]:
        """The most recent runs, newest first (the web catalog's crawl-runs page)."""
        with self._sessions() as session:
            return [RunView.from_model(run) for run in
                    session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit))]

    def latest_run(self) -> RunView | None:
        """The most recently started run, or None for an empty catalog."""
        with self._sessions() as session:
            run = session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).first()
            return RunView.from_model(run) if run else None

    # -- captures and reports --------------------------------------------------

    def add_capture(self, run_id: int, url: str, pointer: CapturePointer, *, status: int,
                    content_type: str | None, site_name: str | None = None, region_hint: str | None = None,
                    title_hint: str | None = None) -> int:
        """Record an archived capture with the site hints its extraction was given."""
        with self._sessions.begin() as session:
            capture = Capture(
                run_id=run_id, url=url, warc=pointer.warc, offset=pointer.offset, length=pointer.length,
                timestamp=_parse_warc_date(pointer.timestamp), digest=pointer.digest,
                record_id=pointer.record_id, status=status, content_type=_clip(content_type, 255),
                site_name=site_name, region_hint=region_hint, title_hint=title_hint,
            )
            session.add(capture)
            session.flush()
            return capture.id

    def add_conversion(self, capture_id: int, pointer: CapturePointer, version: str) -> int:
        """Record where the conversion record holding `capture_id`'s extracted text was written."""
        with self._sessions.begin() as session:
            session.add(conversion := conversion_row(capture_id, pointer, version))
            session.flush()
            return conversion.id

    def add_report(self, run_id: int, capture_id: int, doc: ExtractedDocument,
                   sig: list[int] | None = None) -> int:
        """Record `doc` as found in `capture_id`: the same text (exactly, or a near-duplicate of the same
        issuer's report on the same year) just gains this capture; a changed text of a report that issuer
        already has for that year becomes its next version. `sig` is the text's MinHash signature when the
        caller made it already (off the crawl's reactor)."""
        digest = "" if doc.text.strip() else self._capture_digest(capture_id)  # a text-less file is its bytes
        key = report_key(doc.text, digest)
        sig = signature(doc.text) if sig is None else sig
        fields = document_fields(doc)
        try:
            with self._sessions.begin() as session:
                candidates = self._candidates(session, doc.year, fields["issuer_key"], doc.region_code)
                existing = self._report_id(session, key) or _same_text(candidates, sig)
                if existing is not None:
                    self._link(session, existing, capture_id)
                    if _on_issuers_own_site(doc):
                        self._adopt_original_url(session, existing, capture_id)
                    return existing
                capture = self._get(session, Capture, capture_id)
                previous = _previous_version(candidates, fields, sig)
                report = self._new_report(fields, key, run_id, capture, sig, previous)
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

    def reports(self, *, region: str | None = None, year: int | None = None,
                where: ColumnElement[bool] | None = None) -> list[ReportView]:
        """Reports (each as its latest version) ordered by region, year, date; `region` is a code prefix
        ("4417") or a name part; `where` is any further condition (a web catalog selection)."""
        query = select(Report).where(latest_versions())
        if where is not None:
            query = query.where(where)
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
            reports = list(session.scalars(query).unique())
            captures = self._captures(session, [r.id for r in reports])
            return [ReportView.from_model(r, captures.get(r.id, [])) for r in reports]

    def report_count(self) -> int:
        """Distinct reports (a report with several versions counts once)."""
        with self._sessions() as session:
            return session.scalar(select(func.count(Report.id)).where(latest_versions())) or 0

    # -- divisions -------------------------------------------------------------------

    def load_divisions(self, gaz: Gazetteer) -> int:
        """Fill the division table from the gazetteer (current and retired codes); rows already right are
        left alone, so a second call changes nothing. Returns how many rows were written."""
        with self._sessions() as session:
            current = session.scalar(select(func.count()).where(Division.current.is_(True)))
            retired = session.scalar(select(func.count()).where(Division.current.is_(False)))
        if current == len(gaz) and retired:
            return 0  # already loaded (checking the retired codes would cost a GB2260 read)
        wanted = {d.code: d for d in [*gaz, *gaz.retired().values()]}
        written = 0
        with self._sessions.begin() as session:
            stored = {row.code: row for row in session.scalars(select(Division))}
            for code, d in wanted.items():
                values = dict(name=d.name, level=d.level, parent=d.parent, current=d.current,
                              successor=d.successor)
                row = stored.get(code)
                if row is None:
                    session.add(Division(code=code, **values))
                elif any(getattr(row, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(row, k, v)
                else:
                    continue
                written += 1
        return written

    def division(self, code: str) -> dict[str, Any] | None:
        """One row of the division table, as a dict (None when the code is unknown)."""
        with self._sessions() as session:
            row = session.get(Division, code)
            return None if row is None else {"code": row.code, "name": row.name, "level": row.level,
                                             "parent": row.parent, "current": row.current,
                                             "successor": row.successor}

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
    def _candidates(session: Session, year: int | None, issuer: str | None,
                    region_code: str | None) -> list[Report]:
        """Reports a new text may duplicate or revise: the same covered year and issuer, or an unknown
        issuer of the same region (a text whose issuer is unknown is compared with its region's reports).

        Only the columns the matchers read are loaded: this runs for every new report, and loading
        every same-year text would grow with the whole catalog.
        """
        query = select(Report).options(
            load_only(Report.id, Report.minhash, Report.issuer_key, Report.year, Report.title,
                      Report.supersedes_id, Report.version),
            lazyload("*"),
        )
        if year is not None:
            query = query.where((Report.year == year) | Report.year.is_(None))
        same_region = true() if region_code is None else (
            (Report.region_code == region_code) | Report.region_code.is_(None))
        matching = same_region if issuer is None else (
            (Report.issuer_key == issuer) | (Report.issuer_key.is_(None) & same_region))
        return list(session.scalars(query.where(matching)))

    @staticmethod
    def _captures(session: Session, report_ids: list[int]) -> dict[int, list[Capture]]:
        out: dict[int, list[Capture]] = {}
        if not report_ids:
            return out
        rows = session.execute(select(ReportCapture.report_id, Capture).join(
            Capture, Capture.id == ReportCapture.capture_id).where(ReportCapture.report_id.in_(report_ids))
            .order_by(Capture.timestamp, Capture.id))
        for report_id, capture in rows:
            out.setdefault(report_id, []).append(capture)
        return out

    @staticmethod
    def _adopt_original_url(session: Session, report_id: int, capture_id: int) -> None:
        """A report first met as a repost on another host (a prefecture portal's 转载 of its county's
        report) takes the address of its issuer's own publication once that is captured too."""
        report = session.get(Report, report_id)
        capture = session.get(Capture, capture_id)
        if report is not None and capture is not None and _host(report.url) != _host(capture.url):
            report.url = capture.url

    @staticmethod
    def _link(session: Session, report_id: int, capture_id: int) -> None:
        if session.get(ReportCapture, (report_id, capture_id)) is None:
            session.add(ReportCapture(report_id=report_id, capture_id=capture_id))

    def _capture_digest(self, capture_id: int) -> str:
        with self._sessions() as session:
            return self._get(session, Capture, capture_id).digest

    @staticmethod
    def _new_report(fields: dict[str, Any], key: str, run_id: int, capture: Capture, sig: list[int],
                    previous: Report | None) -> Report:
        return Report(
            fingerprint=key, url=capture.url, extractor_version=extractor_version(),
            first_capture_id=capture.id, run_id=run_id, created_at=_utcnow(), minhash=sig,
            version=previous.version + 1 if previous else 1, supersedes_id=previous.id if previous else None,
            **fields,
        )


def document_fields(doc: ExtractedDocument) -> dict[str, Any]:
    """The Report columns an extracted document decides, as stored; `fazhi reprocess` compares and
    rewrites exactly these, so a new report and a re-extracted one cannot drift apart."""
    return dict(
        title=doc.title, issuer=doc.issuer, issuer_kind=_clip(doc.issuer_kind, 32),
        issuer_key=_clip(issuer_key(doc.issuer, doc.issuer_kind, doc.region_code), 200),
        region_code=_clip(doc.region_code, 12), region_name=doc.region_name, year=doc.year,
        published=_parse_iso(doc.published), signed=_as_date(getattr(doc, "signed", None)),
        text=doc.text, text_original=doc.text_original, variant=_clip(doc.variant, 16),
        issuer_confidence=getattr(doc, "issuer_confidence", None),
        issuer_evidence=list(getattr(doc, "issuer_evidence", None) or []),
        timely=getattr(doc, "timely", None), sections=_sections(doc),
        needs_ocr=bool(getattr(doc, "needs_ocr", False)),
    )


def conversion_row(capture_id: int, pointer: CapturePointer, version: str) -> Conversion:
    return Conversion(capture_id=capture_id, warc=pointer.warc, offset=pointer.offset, length=pointer.length,
                      timestamp=_parse_warc_date(pointer.timestamp), digest=pointer.digest,
                      record_id=pointer.record_id, extractor_version=version)


def _sections(doc: ExtractedDocument) -> list[dict[str, str]]:
    """The document's sections; split here when the producer gave none, so every report has some."""
    sections = getattr(doc, "sections", None)
    if sections:
        return [dict(s) for s in sections]
    from extract.sections import split_sections

    return [s.to_json() for s in split_sections(doc.text)] or [{"name": "other", "heading": "", "text": ""}]


def region_within(prefix: str) -> ColumnElement[bool]:
    """SQL condition: the report's region code starts with the digits `prefix` ("62" = 甘肃省 and all
    its parts). A range rather than LIKE, so both SQLite and PostgreSQL use the region_code index."""
    if not prefix.isdigit():
        raise ValueError(f"a region prefix is digits, not {prefix!r}")
    upper = str(int(prefix) + 1).zfill(len(prefix))
    return (Report.region_code >= prefix) & (Report.region_code < upper)


def latest_versions():
    """SQL condition: no later version supersedes this report row (it is "the report")."""
    newer = Report.__table__.alias("newer")
    return ~select(newer.c.id).where(newer.c.supersedes_id == Report.id).exists()


def _on_issuers_own_site(doc: ExtractedDocument) -> bool:
    """The page's SiteIDCode (its first six digits: the site owner's division) names the report's own
    division: the issuer's publication rather than another government's repost."""
    site_code = str((doc.meta or {}).get("siteidcode") or "").strip()[:6]
    return bool(doc.region_code) and site_code == doc.region_code


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _same_text(candidates: list[Report], sig: list[int]) -> int | None:
    """The candidate (same issuer and year, or unknown ones: see Catalog._candidates) whose text is a
    near-duplicate of this one, most similar first: a repost, a mirror, another capture."""
    best = max(((similarity(sig, r.minhash or []), r.id) for r in candidates), default=(0.0, None))
    return best[1] if best[0] >= SAME_TEXT else None


def _previous_version(candidates: list[Report], fields: dict[str, Any], sig: list[int]) -> Report | None:
    """The latest version of the same report -- the same issuer (issuer_key) and year, and the same title
    or a text still as similar as one report's versions are (SAME_REPORT) -- which this changed text
    supersedes; None for a new report. Another issuer's report of that year is never a version."""
    issuer, year, title = fields["issuer_key"], fields["year"], fields["title"]
    if issuer is None or year is None:
        return None
    same = [r for r in candidates if r.issuer_key == issuer and r.year == year
            and ((title and r.title == title) or similarity(sig, r.minhash or []) >= SAME_REPORT)]
    superseded = {r.supersedes_id for r in candidates}
    heads = [r for r in same if r.id not in superseded]
    return max(heads, key=lambda r: r.version, default=None)

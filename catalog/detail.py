"""One report as its page shows it: the row, its region path, every capture and every version.

Versions are rows linked by ``supersedes_id``; the chain is walked both ways from any of them, so a
link to an older version still shows the whole history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Capture, Division, Report, ReportCapture
from catalog.store import Catalog, ReportView

MAX_VERSIONS = 50


@dataclass(frozen=True)
class CaptureRow:
    id: int
    url: str
    timestamp: datetime
    warc: str
    offset: int
    length: int
    digest: str
    record_id: str
    status: int
    content_type: str | None
    site_name: str | None

    @property
    def is_attachment(self) -> bool:
        return "html" not in (self.content_type or "html").lower()


@dataclass(frozen=True)
class VersionRow:
    id: int
    version: int
    title: str | None
    created_at: datetime
    text: str


@dataclass(frozen=True)
class ReportDetail:
    id: int
    view: ReportView
    region_path: list[tuple[str, str]]  # (code, name) from the province down
    captures: list[CaptureRow]
    versions: list[VersionRow]  # oldest first; includes this one
    version: int

    @property
    def primary(self) -> CaptureRow:
        """The capture at the report's URL (the one its provenance box describes)."""
        return next((c for c in self.captures if c.url == self.view.url), self.captures[0])


def report_detail(catalog: Catalog, report_id: int) -> ReportDetail | None:
    with Session(catalog.engine) as session:
        report = session.get(Report, report_id)
        if report is None:
            return None
        captures = list(session.scalars(
            select(Capture).join(ReportCapture, ReportCapture.capture_id == Capture.id)
            .where(ReportCapture.report_id == report_id).order_by(Capture.timestamp, Capture.id)))
        return ReportDetail(
            id=report.id, view=ReportView.from_model(report, captures),
            region_path=_region_path(session, report.region_code),
            captures=[_capture_row(c) for c in captures] or [_capture_row(report.first_capture)],
            versions=_versions(session, report), version=report.version,
        )


def _capture_row(c: Capture) -> CaptureRow:
    return CaptureRow(c.id, c.url, c.timestamp, c.warc, c.offset, c.length, c.digest, c.record_id, c.status,
                      c.content_type, c.site_name)


def capture(catalog: Catalog, capture_id: int) -> CaptureRow | None:
    with Session(catalog.engine) as session:
        row = session.get(Capture, capture_id)
        return None if row is None else _capture_row(row)


def _region_path(session: Session, code: str | None) -> list[tuple[str, str]]:
    path = []
    while code and len(path) < 4:
        division = session.get(Division, code)
        if division is None:
            break
        path.append((division.code, division.name))
        code = division.parent
    return path[::-1]


def _versions(session: Session, report: Report) -> list[VersionRow]:
    chain = [report]
    while chain[0].supersedes_id and len(chain) < MAX_VERSIONS:
        older = session.get(Report, chain[0].supersedes_id)
        if older is None:
            break
        chain.insert(0, older)
    while len(chain) < MAX_VERSIONS:
        newer = session.scalars(select(Report).where(Report.supersedes_id == chain[-1].id)).first()
        if newer is None:
            break
        chain.append(newer)
    return [VersionRow(r.id, r.version, r.title, r.created_at, r.text) for r in chain]

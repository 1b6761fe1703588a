"""Re-extract every catalogued report from the archive alone, with the extractor the code has now.

A report row's fields were extracted from its first capture. Everything that extraction was given is
kept: the bytes in the WARC (read back through the archived headers, Content-Encoding undone), the URL
and Content-Type on the capture row, and the site hints stored with it since migration 0005. So no
network is touched, and an unchanged extractor must reproduce every row exactly.

It works in two phases. First every report is read and re-extracted, writing nothing: a missing or
damaged WARC stops the run there, naming the file, with the catalog untouched. Then (unless dry-run)
each changed text is archived as a new ``conversion`` record in a WARC of its own, and the report rows
are updated in one transaction. A re-extraction that no longer reads as a report, or whose text is
already another report's, is reported and left as it is: merging or dropping reports is a decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.reader import open_capture
from archive.writer import CapturePointer, WarcWriter
from catalog.models import Capture, Report
from catalog.neardup import signature
from catalog.store import (
    Catalog,
    capture_pointer,
    conversion_row,
    document_fields,
    extractor_version,
    report_key,
)
from extract.document import ExtractedDocument
from extract.files import extract_file

WARC_PREFIX = "fazhi-reprocess"
LONG_FIELDS = ("text", "text_original")  # shown as a size and where they first differ

UNCHANGED, CHANGED, FAILED = "unchanged", "changed", "extraction failed"
NOT_A_REPORT, CONFLICT = "no longer a report", "conflict"
KEPT = (NOT_A_REPORT, CONFLICT, FAILED)  # reported, and the row is left as catalogued


@dataclass(frozen=True)
class Outcome:
    """What re-extracting one report row found."""

    report_id: int
    url: str
    kind: str  # UNCHANGED | CHANGED | one of KEPT
    changes: dict[str, str] = field(default_factory=dict)  # field -> "old → new", readable
    note: str | None = None

    def line(self) -> str:
        """``changed: report 7 URL (note): title: 'a' → 'b'; text: 812 → 815 chars, ...``"""
        note = f" ({self.note})" if self.note else ""
        changes = "; ".join(f"{name}: {change}" for name, change in self.changes.items())
        return f"{self.kind}: report {self.report_id} {self.url}{note}" + (f": {changes}" if changes else "")

    def to_dict(self) -> dict[str, Any]:
        return {"report_id": self.report_id, "url": self.url, "kind": self.kind,
                "changes": dict(self.changes), "note": self.note}


@dataclass
class ReprocessResult:
    version: str  # the extractor version that re-extracted
    outcomes: list[Outcome]
    applied: bool  # False for a dry run
    conversions_written: int = 0

    def count(self, kind: str) -> int:
        return sum(o.kind == kind for o in self.outcomes)

    def summary(self) -> str:
        line = (f"{len(self.outcomes)} report(s) re-extracted with extractor {self.version}: "
                f"{self.count(UNCHANGED)} unchanged, {self.count(CHANGED)} changed")
        for kind in KEPT:
            if self.count(kind):
                line += f", {self.count(kind)} {kind} (left as catalogued)"
        if self.applied:
            return (line + f"; {self.count(CHANGED)} row(s) updated, "
                    f"{self.conversions_written} conversion record(s) written")
        return line + "; dry run, nothing written"

    def lines(self) -> list[str]:
        """One line per report that did not come out unchanged, then the summary."""
        return [o.line() for o in self.outcomes if o.kind != UNCHANGED] + [self.summary()]

    def to_dict(self) -> dict[str, Any]:
        return {"extractor_version": self.version, "applied": self.applied, "reports": len(self.outcomes),
                "counts": {kind: self.count(kind) for kind in (UNCHANGED, CHANGED, *KEPT)},
                "conversions_written": self.conversions_written,
                "outcomes": [o.to_dict() for o in self.outcomes if o.kind != UNCHANGED]}


@dataclass(frozen=True)
class _Plan:
    """One report's re-extraction, held between the read phase and the write phase."""

    outcome: Outcome
    source: CapturePointer
    fields: dict[str, Any]  # the new report columns (empty unless the outcome is CHANGED)


def reprocess(catalog: Catalog, data_dir: Path, *, dry_run: bool = False) -> ReprocessResult:
    """Re-extract every report row from its first capture and (unless `dry_run`) bring the row up to date.

    Raises archive.reader.CaptureError, before anything is written, when a capture cannot be read.
    """
    version = extractor_version()
    plans = _plan_all(catalog, Path(data_dir))
    result = ReprocessResult(version, [plan.outcome for plan in plans], applied=not dry_run)
    if not dry_run:
        result.conversions_written = _apply(catalog, Path(data_dir), plans, version)
    return result


def _plan_all(catalog: Catalog, data_dir: Path) -> list[_Plan]:
    with Session(catalog.engine) as session:
        rows = session.execute(select(Report, Capture).join(Capture, Capture.id == Report.first_capture_id)
                               .order_by(Report.id)).all()
        keys = dict(session.execute(select(Report.fingerprint, Report.id)).all())
        plans = []
        for report, capture in rows:
            plan = _plan(report, capture, data_dir, keys)
            if plan.outcome.kind == CHANGED:
                keys[plan.fields["fingerprint"]] = report.id  # two rows may not take the same new text
            plans.append(plan)
        return plans


def _re_extract(payload: bytes, capture: Capture) -> ExtractedDocument:
    """Extraction as the crawl ran it: the archived body (encoding undone) and the capture row alone."""
    return extract_file(payload, capture.url, capture.content_type, capture.region_hint,
                        capture.site_name, capture.title_hint)


def _plan(report: Report, capture: Capture, data_dir: Path, keys: dict[str, int]) -> _Plan:
    """Re-extract one report row and say what would change; `keys` maps every report text's key to its row."""
    source = capture_pointer(capture)
    payload = open_capture(data_dir, source).payload  # CaptureError: the run stops before any write
    try:
        doc = _re_extract(payload, capture)
    except Exception as exc:  # noqa: BLE001 -- as in the crawl, a page that fails is that page's failure
        failure = f"{type(exc).__name__}: {exc}"[:200]
        return _Plan(Outcome(report.id, report.url, FAILED, note=failure), source, {})
    note = None if capture.site_name is not None else "no site hints stored (captured before migration 0005)"
    if not doc.is_report:
        return _Plan(Outcome(report.id, report.url, NOT_A_REPORT, note=note), source, {})
    new = document_fields(doc)
    changes = {name: _describe(name, getattr(report, name), value) for name, value in new.items()
               if getattr(report, name) != value}
    if not changes:
        return _Plan(Outcome(report.id, report.url, UNCHANGED, note=note), source, {})
    key = report_key(doc.text, capture.digest)
    if keys.get(key, report.id) != report.id:
        note = f"the new text is report {keys[key]}'s"
        return _Plan(Outcome(report.id, report.url, CONFLICT, changes, note), source, {})
    new.update(fingerprint=key, minhash=signature(doc.text))
    return _Plan(Outcome(report.id, report.url, CHANGED, changes, note), source, new)


def _apply(catalog: Catalog, data_dir: Path, plans: list[_Plan], version: str) -> int:
    """Archive the changed texts, then update the rows in one transaction; returns the records written."""
    changed = [plan for plan in plans if plan.outcome.kind == CHANGED]
    retexted = [plan for plan in changed if "text" in plan.outcome.changes]
    conversions: list[tuple[int, CapturePointer]] = []
    if retexted:
        info = {"operation": "fazhi reprocess", "extractor-version": version}
        with WarcWriter(data_dir, prefix=WARC_PREFIX, info=info) as writer:
            for plan in retexted:
                pointer = writer.write_conversion(source=plan.source, uri=plan.outcome.url,
                                                  text=plan.fields["text"])
                conversions.append((plan.outcome.report_id, pointer))
    reextracted = [plan.outcome.report_id for plan in plans if plan.outcome.kind in (UNCHANGED, CHANGED)]
    with Session(catalog.engine) as session, session.begin():
        for report_id in reextracted:
            session.get(Report, report_id).extractor_version = version
        for plan in changed:
            report = session.get(Report, plan.outcome.report_id)
            for name, value in plan.fields.items():
                setattr(report, name, value)
        for report_id, pointer in conversions:
            session.add(conversion_row(session.get(Report, report_id).first_capture_id, pointer, version))
    return len(conversions)


def _describe(name: str, old: Any, new: Any) -> str:
    """One readable change: long texts by size and first differing character, the rest by value."""
    if name == "sections":
        return f"{[s['name'] for s in old or []]} → {[s['name'] for s in new]}"
    if name in LONG_FIELDS:
        old_text, new_text = str(old or ""), str(new or "")
        at = next((i for i, (a, b) in enumerate(zip(old_text, new_text, strict=False)) if a != b),
                  min(len(old_text), len(new_text)))
        return f"{len(old_text)} → {len(new_text)} chars, first difference at {at}"
    return f"{_show(old)} → {_show(new)}"


def _show(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return repr(value)

"""The page object: everything fazhi knows about one fetched page.

This is the only entry point the crawler and the catalog use. It runs the pipeline in the order
the pieces depend on each other: decoding before parsing, Simplified text before classification
and issuer rules (written for Simplified), the publication date before the covered year (a report
without a stated year covers the year before it was published), the covered year before the
timeliness flag (reports are due by 1 April of the following year).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from extract.classify import is_report, title_verdict
from extract.dates import find_published, find_signed
from extract.decode import decode_html
from extract.issuer import resolve_issuer
from extract.sections import split_sections
from extract.text import PageParts, read_page
from extract.variant import has_taiwan_phrasing, is_traditional, normalise_variant, to_simplified
from extract.year import covered_year

_JSON_KEYS = (
    "is_report", "needs_ocr",
    "title", "issuer", "issuer_kind", "region_code", "region_name", "year", "published",
    "text", "text_original", "variant", "encoding", "issuer_confidence", "issuer_evidence", "signed",
    "timely", "sections",
)
DEADLINE_MONTH, DEADLINE_DAY = 4, 1  # reports are due by 1 April of the year after the covered year


@dataclass
class ExtractedDocument:
    is_report: bool
    title: str | None
    issuer: str | None
    issuer_kind: str | None
    region_code: str | None
    region_name: str | None
    year: int | None
    published: str | None  # ISO 8601 "2024-01-30T10:08:00" (or None)
    text: str  # Simplified
    text_original: str  # as published (after decoding + chrome removal)
    variant: str  # "simplified" | "traditional"
    encoding: str
    meta: dict[str, str] = field(default_factory=dict)
    needs_ocr: bool = False  # a scanned attachment: no text layer, catalogued on its title alone
    issuer_confidence: float | None = None  # 0..1, see extract.issuer._confidence
    issuer_evidence: list[str] = field(default_factory=list)  # deciding signals: ["title", "siteidcode"]
    signed: str | None = None  # ISO date of the signature line ("2024-01-30")
    timely: bool | None = None  # published or signed by 1 April of year + 1 (None: year or dates unknown)
    sections: list[dict[str, str]] = field(default_factory=list)  # [{name, heading, text}], extract.sections

    def to_json(self) -> dict:
        data = asdict(self)
        return {key: data[key] for key in _JSON_KEYS}


def extract_html(body: bytes, url: str, content_type: str | None = None,
                 region_hint: str | None = None, site_name: str | None = None) -> ExtractedDocument:
    """Decode, read and classify one page; works on any article page, report or not."""
    decoded = decode_html(body, content_type)
    page = read_page(decoded.text, url)
    return build_document(page, url, decoded.encoding, region_hint=region_hint, site_name=site_name)


def build_document(page: PageParts, url: str, encoding: str, region_hint: str | None = None,
                   site_name: str | None = None, needs_ocr: bool = False) -> ExtractedDocument:
    """Everything after reading, shared by HTML pages and attachments (extract.files), so a report
    published as a PDF is described exactly as one published as a page."""
    text, variant = normalise_variant(page.main_text)
    title = page.title
    if title and (variant == "traditional" or (not text.strip() and is_traditional(title))):
        # a scan has no text to tell its variant: its title (the 繁體 anchor that led to it) does
        title = to_simplified(title, taiwan=has_taiwan_phrasing(page.main_text or title))
    issuer = resolve_issuer(title=title, text=text, meta=page.meta, url=url,
                            region_hint=region_hint, site_name=site_name)
    published = find_published(page.meta, page.visible_text, url)
    signed = find_signed(text)
    year = covered_year(title, text, published)
    report = is_report(title, text) or (needs_ocr and title_verdict(title) is True)
    return ExtractedDocument(
        is_report=report,
        title=title,
        issuer=issuer.name,
        issuer_kind=issuer.kind,
        region_code=issuer.region_code,
        region_name=issuer.region_name,
        year=year,
        published=published.isoformat(timespec="seconds") if published else None,
        text=text,
        text_original=page.main_text,
        variant=variant,
        encoding=encoding,
        meta=page.meta,
        needs_ocr=needs_ocr,
        issuer_confidence=issuer.confidence,
        issuer_evidence=list(issuer.evidence),
        signed=signed.date().isoformat() if signed else None,
        timely=is_timely(year, published, signed),
        sections=[section.to_json() for section in split_sections(text)],
    )


def is_timely(year: int | None, published: datetime | None, signed: datetime | None) -> bool | None:
    """Published or signed on or before 1 April of the year after the covered year; None when the
    year or both dates are unknown (an undated page proves nothing either way)."""
    dates = [d.date() for d in (published, signed) if d is not None]
    if year is None or not dates:
        return None
    return min(dates) <= date(year + 1, DEADLINE_MONTH, DEADLINE_DAY)

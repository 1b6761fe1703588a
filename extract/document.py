"""The page object: everything fazhi knows about one fetched page.

This is the only entry point the crawler and the catalog use. It runs the pipeline in the order
the pieces depend on each other: decoding before parsing, Simplified text before classification
and issuer rules (written for Simplified), the publication date before the covered year (a report
without a stated year covers the year before it was published).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from extract.classify import is_report
from extract.dates import find_published
from extract.decode import decode_html
from extract.issuer import resolve_issuer
from extract.text import read_page
from extract.variant import has_taiwan_phrasing, normalise_variant, to_simplified
from extract.year import covered_year

_JSON_KEYS = (
    "is_report", "title", "issuer", "issuer_kind", "region_code", "region_name", "year", "published",
    "text", "text_original", "variant", "encoding",
)


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

    def to_json(self) -> dict:
        data = asdict(self)
        return {key: data[key] for key in _JSON_KEYS}


def extract_html(body: bytes, url: str, content_type: str | None = None,
                 region_hint: str | None = None, site_name: str | None = None) -> ExtractedDocument:
    """Decode, read and classify one page; works on any article page, report or not."""
    decoded = decode_html(body, content_type)
    page = read_page(decoded.text, url)
    text, variant = normalise_variant(page.main_text)
    title = page.title
    if title and variant == "traditional":
        title = to_simplified(title, taiwan=has_taiwan_phrasing(page.main_text))
    issuer = resolve_issuer(title=title, text=text, meta=page.meta, url=url,
                            region_hint=region_hint, site_name=site_name)
    published = find_published(page.meta, page.visible_text, url)
    report = is_report(title, text)
    return ExtractedDocument(
        is_report=report,
        title=title,
        issuer=issuer.name,
        issuer_kind=issuer.kind,
        region_code=issuer.region_code,
        region_name=issuer.region_name,
        year=covered_year(title, text, published),
        published=published.isoformat(timespec="seconds") if published else None,
        text=text,
        text_original=page.main_text,
        variant=variant,
        encoding=decoded.encoding,
        meta=page.meta,
    )

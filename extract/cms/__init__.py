"""The registry of government CMS families (extract.cms.family): one module per family.

``FAMILIES`` is every registered family, in the order their rules are tried; the helpers below are
what the crawler and the extractor ask of all of them at once.
"""

from __future__ import annotations

import re
from functools import cache

from extract.cms import gbk_table, hanweb, modern, others, spa, trs, ucap, xxgk
from extract.cms.family import CmsFamily, ListedLink, SearchEndpoint

FAMILIES: dict[str, CmsFamily] = {m.FAMILY.key: m.FAMILY for m in (ucap, trs, hanweb, xxgk, modern, spa,
                                                                      gbk_table, others)}


def family(key: str) -> CmsFamily:
    return FAMILIES[key]


@cache
def article_url_pattern() -> re.Pattern[str]:
    """Any family's document URL."""
    return re.compile("|".join(p for f in FAMILIES.values() for p in f.article_urls), re.I)


@cache
def listing_url_pattern() -> re.Pattern[str]:
    """Any family's column listing URL."""
    return re.compile("|".join(p for f in FAMILIES.values() for p in f.listing_urls), re.I)


def listing_marks() -> tuple[str, ...]:
    return tuple(mark for f in FAMILIES.values() for mark in f.listing_marks)


def body_containers() -> tuple[str, ...]:
    """Every family's body-container xpath, in registry order."""
    return tuple(x for f in FAMILIES.values() for x in f.body_containers)


def body_markers() -> tuple[tuple[str, str], ...]:
    return tuple(m for f in FAMILIES.values() for m in f.body_markers)


def listing_pages(html: str, url: str) -> list[str]:
    """The other pages of a listing whose pager only a family's script writes."""
    return [u for f in FAMILIES.values() if f.pagination for u in f.pagination(html, url)]


def listed_links(html: str, url: str) -> list[ListedLink]:
    """Listing items a family hides from ``<a>`` parsing (data islands)."""
    return [link for f in FAMILIES.values() if f.records for link in f.records(html, url)]


def search_endpoints(families: list[str] | None = None) -> tuple[SearchEndpoint, ...]:
    """The search endpoints of *families* (every family's when None), once each."""
    chosen = [FAMILIES[k] for k in families] if families else list(FAMILIES.values())
    return tuple(dict.fromkeys(e for f in chosen for e in f.search))


def families_of(urls: list[str]) -> list[str]:
    """The families whose document URLs most of *urls* look like (a home page's links tell its CMS);
    empty when none does."""
    counts = {key: sum(1 for u in urls if f.article_pattern and f.article_pattern.search(u))
              for key, f in FAMILIES.items() if key != "others"}
    best = max(counts.values(), default=0)
    return [key for key, n in counts.items() if n == best] if best else []


__all__ = ["FAMILIES", "CmsFamily", "ListedLink", "SearchEndpoint", "family"]

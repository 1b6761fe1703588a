"""Fallback ways in, for a site whose links have led to no report.

Some portals hide their reports from every link a scorer can read: the listing is written by a
script, the report column is called something no vocabulary knows, or the document survives only
in the CMS's sitemap or its search index. Before such a site spends the rest of its budget on
unscored links, the crawl tries, once: the site's own search box (or, without one, the search
endpoints the common CMS families expose: extract.cms), and the 政府信息公开 platform's usual places
(``/zwgk/``, ``/xxgk/``, ``xxgk.<domain>``).
The conventional ``/sitemap.xml`` is tried for every site whose robots.txt names no sitemap, as
soon as robots.txt has been read (one request; crawler.spiders.reports). The paths are data
(patterns.yaml, ``fallbacks:``); each one tried is counted in the run stats as
``fazhi/fallback/<kind>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from urllib.parse import urljoin, urlsplit

import yaml

from crawler.discovery.vocabulary import PATTERNS_FILE
from crawler.discovery.waysin.base import FALLBACK_SCORE, Entry, SiteNotes, WayIn
from crawler.discovery.waysin.search import SEARCH_BOX_QUERIES, template_urls
from crawler.sites import SiteConfig
from extract.cms import search_endpoints

KINDS = ("sitemap", "search", "disclosure")


@dataclass(frozen=True)
class Fallback:
    kind: str  # "sitemap" | "search" | "disclosure"
    url: str


@cache
def _paths() -> dict[str, list[str]]:
    return yaml.safe_load(PATTERNS_FILE.read_text(encoding="utf-8"))["fallbacks"]


def fallbacks(site: SiteConfig, *, kinds: tuple[str, ...] = KINDS, search_forms: list[str] | None = None,
              families: list[str] | None = None) -> list[Fallback]:
    """The fallback requests of *kinds* for *site*, in the order they are worth trying."""
    base = site.start_urls[0]
    paths = _paths()
    found: list[Fallback] = []
    if "sitemap" in kinds:
        found += [Fallback("sitemap", urljoin(base, path)) for path in paths["sitemaps"]]
    if "search" in kinds:
        # the site's own search box has been asked already (crawler.spiders.reports): guess only without one
        endpoints = search_endpoints([*families, "others"] if families else None)  # its CMS's, if known
        templates = [] if site.search or search_forms else [e.template() for e in endpoints]
        for template in templates:
            found += [Fallback("search", url) for url in template_urls(template, base, SEARCH_BOX_QUERIES)]
    host = urlsplit(base).hostname or ""
    for path in paths["disclosure"] if "disclosure" in kinds else ():
        if "{domain}" in path and not host.startswith("www."):
            continue  # xxgk.<domain> is the portal's platform; sft.sc.gov.cn's "domain" is the province's
        url = urljoin(base, path.replace("{domain}", host.removeprefix("www.")))
        found.append(Fallback("disclosure", url))
    return list({f.url: f for f in found}.values())


class Fallbacks(WayIn):
    """Once, for a site whose scored links ran out without a report: the CMS families' search
    endpoints (only where the home page showed no search box) and the xxgk platform's places."""

    def when_exhausted(self, site: SiteConfig, notes: SiteNotes) -> list[Entry]:
        forms = [f for f in notes.search_forms if f != "-"]
        return [Entry(f.url, via=f"fallback {f.kind}", read_as="listing" if f.kind == "search" else "page",
                      score=FALLBACK_SCORE, stat=f"fallback/{f.kind}")
                for f in fallbacks(site, kinds=("search", "disclosure"), search_forms=forms,
                                   families=notes.families)]

"""The one shape every way into a site has: hooks that offer entries, and the spider that reads them.

A way in is a small component (like a Scrapy middleware) named in ``FAZHI_WAYS_IN``; the spider calls
each one's hooks at the moments it knows something new about a site — when the crawl starts, when
the site's robots.txt has been read, when one of its pages has been read, and when its scored links
have run out without a report — and turns every entry offered into a request, in the same way:
admitted to the site (a government host of the site's own domain may be added), counted in the run
stats, read as a page, a listing, a sitemap or a portal of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from crawler.discovery.scoring import FOLLOW_THRESHOLD
from crawler.sites import SiteConfig

if TYPE_CHECKING:
    from crawler.discovery.pages import PageView

START_SCORE = 20.0  # a site's start pages (and what robots.txt points to) before anything else of it
FALLBACK_SCORE = FOLLOW_THRESHOLD + 1  # tried before the unscored links they stand in for


@dataclass(frozen=True)
class Entry:
    """A URL a way in offers for a site, and how the spider should read it."""

    url: str
    via: str  # the way in, kept in the request's meta and the log ("sitemap", "search box", "站群" …)
    read_as: str = "page"  # "listing": a result page whose links count and that is no article itself
    score: float = START_SCORE
    anchor: str = ""
    stat: str | None = None  # run-stats counter raised when the entry is requested (fazhi/<stat>)


@dataclass
class SiteNotes:
    """What the ways in have learnt of one site, shared between them (the search box seen on its home
    page, whether its robots.txt named a sitemap)."""

    search_forms: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)  # the CMS families its home page's links look like
    robots_read: bool = False


class WayIn:
    """Base class: every hook offers nothing unless a way in says otherwise."""

    def at_start(self, site: SiteConfig, notes: SiteNotes) -> list[Entry]:
        return []

    def on_robots(self, site: SiteConfig, notes: SiteNotes, robots_url: str, status: int,
                  body: bytes) -> list[Entry]:
        return []

    def on_page(self, site: SiteConfig, notes: SiteNotes, page: PageView, start: bool) -> list[Entry]:
        return []

    def when_exhausted(self, site: SiteConfig, notes: SiteNotes) -> list[Entry]:
        return []

"""sitemap.xml as a way in: the CMS lists pages that no column links any more.

When a portal reorganises its columns, old articles keep their URLs but drop out of every listing;
the sitemap the CMS generates still names them. The sitemaps a site declares in robots.txt
(``Sitemap:`` lines, read from the robots.txt the crawl fetches anyway, so they cost no request)
are read: a sitemap index's child sitemaps are all read (few, and gzip-compressed ones too), a
urlset's entries are scored like links and only the report-ish ones are fetched. A sitemap names
every page of a site; fetching them all would be the breadth-first crawl again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler.discovery.scoring import Link, score_link
from crawler.discovery.waysin.base import Entry, SiteNotes, WayIn
from crawler.discovery.waysin.fallbacks import fallbacks
from crawler.sites import SiteConfig

MAX_SITEMAP_BYTES = 50 * 2**20  # the sitemap protocol's own limit for one uncompressed file
MAX_CHILD_SITEMAPS = 50
REPORT_SEASON = range(1, 6)  # reports are due by 1 April; late ones still appear in May
OUT_OF_SEASON_PENALTY = 2.5  # more than a learned shape can make up above the satisfied floor


@dataclass(frozen=True)
class SitemapFile:
    """One parsed sitemap: an index of child sitemaps or a urlset of pages."""

    kind: str  # "sitemapindex" | "urlset" | "" (not a sitemap)
    entries: tuple[dict[str, str], ...]

    @property
    def locations(self) -> list[str]:
        return [entry["loc"] for entry in self.entries if entry.get("loc")]


def sitemaps_in_robots(robots_body: bytes, robots_url: str) -> list[str]:
    """The sitemap URLs a robots.txt declares (``Sitemap:`` lines), absolute."""
    return list(dict.fromkeys(sitemap_urls_from_robots(robots_body, base_url=robots_url)))


def read_sitemap(body: bytes) -> SitemapFile:
    """Parse a sitemap, gunzipping it first when it is a ``.xml.gz`` file."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
        except (OSError, ValueError):
            return SitemapFile("", ())
    if not body.lstrip().startswith(b"<"):
        return SitemapFile("", ())
    try:
        sitemap = Sitemap(body)
        return SitemapFile(sitemap.type, tuple(sitemap))
    except Exception:  # noqa: BLE001 -- lxml raises several kinds on a broken file; it is not a sitemap
        return SitemapFile("", ())


def entry_score(entry: dict[str, str]) -> float:
    """How report-ish a urlset entry looks: its URL scored as a wordless link (a ``/fzzfjs/`` column
    speaks for it), less when ``<lastmod>`` falls outside the months reports are published in."""
    score = score_link(Link(entry.get("loc", ""), ""))
    modified = _lastmod(entry.get("lastmod", ""))
    if modified is not None and modified.month not in REPORT_SEASON:
        score -= OUT_OF_SEASON_PENALTY
    return score


def _lastmod(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None



class RobotsSitemaps(WayIn):
    """The sitemaps robots.txt names; where it names none (or is missing), ``/sitemap.xml`` once:
    one request, and many CMSs write one there without declaring it (counted as fallback/sitemap)."""

    def on_robots(self, site: SiteConfig, notes: SiteNotes, robots_url: str, status: int,
                  body: bytes) -> list[Entry]:
        if notes.robots_read:
            return []
        notes.robots_read = True
        named = sitemaps_in_robots(body, robots_url) if status == 200 else []
        if named:
            return [Entry(url, via="sitemap", read_as="sitemap") for url in named]
        return [Entry(f.url, via="sitemap", read_as="sitemap", stat="fallback/sitemap")
                for f in fallbacks(site, kinds=("sitemap",))]

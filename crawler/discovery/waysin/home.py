"""The home page: a site's start URLs, the first way in."""

from __future__ import annotations

from crawler.discovery.waysin.base import Entry, SiteNotes, WayIn
from crawler.sites import SiteConfig


class HomePage(WayIn):
    def at_start(self, site: SiteConfig, notes: SiteNotes) -> list[Entry]:
        return [Entry(url, via="start") for url in site.start_urls]

"""AutoThrottle that keeps a site's own ``delay:`` as the floor of its host's download slot.

Scrapy's AutoThrottle floors every slot at the global DOWNLOAD_DELAY only, so on a fast server it
walks a site's ``delay: 2`` down to the crawl's ``--delay``; the site file asked for 2 seconds. The
browser (crawler.browser.renderer) paces itself by the same slot, so this floor holds for both.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Request, Response
from scrapy.spiders import Spider


def site_delays(crawler: Crawler) -> dict[str, float]:
    """Slot key (host) → the delay its site asked for in the sites file (DOWNLOAD_SLOTS)."""
    slots = crawler.settings.getdict("DOWNLOAD_SLOTS")
    return {key: float(conf["delay"]) for key, conf in slots.items() if conf.get("delay") is not None}


class SiteDelayAutoThrottle(AutoThrottle):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.floors = site_delays(crawler)

    def _response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        super()._response_downloaded(response, request, spider)
        key = request.meta.get("download_slot")
        floor = self.floors.get(key) if key else None
        slot = self.crawler.engine.downloader.slots.get(key) if floor is not None else None
        if slot is not None and slot.delay < floor:
            slot.delay = floor

"""A one-line live progress display for interactive crawls (``FAZHI_PROGRESS``)."""

from __future__ import annotations

from rich.console import Console
from rich.status import Status
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class ProgressDisplay:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.status: Status | None = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.update, signal=signals.response_received)
        crawler.signals.connect(self.update, signal=signals.item_scraped)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressDisplay:
        if not crawler.settings.getbool("FAZHI_PROGRESS"):
            raise NotConfigured
        return cls(crawler)

    def opened(self) -> None:
        self.status = Console(stderr=True).status("crawling…")
        self.status.start()

    def update(self) -> None:
        if self.status is not None:
            get = self.stats.get_value
            self.status.update(
                f"crawling: {get('downloader/response_count', 0)} pages fetched, "
                f"{get('fazhi/pages_extracted', 0)} articles read, {get('fazhi/reports', 0)} reports"
            )

    def closed(self) -> None:
        if self.status is not None:
            self.status.stop()
            self.status = None

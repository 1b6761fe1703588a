"""Count the faults a response survived: slow answers and redirect chains.

Errors that end a request (HTTP errors, resets, truncated bodies) are counted by the spider's
errback; these two still deliver a page, so nothing else would notice them. They land among the
run's error counts (``slow_response``, ``redirect_chain``) because an archivist reading a run
wants to know the site misbehaved even when the crawl coped.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.http import Response

SLOW_SECONDS = 2.0  # a government page answering slower than this is worth recording
CHAIN_HOPS = 2  # one redirect is routine (http → https, / → /index.html); two or more is a chain


class FaultCountMiddleware:
    """Spider middleware: looks at each response before the spider does."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FaultCountMiddleware:
        return cls(crawler)

    def process_spider_input(self, response: Response) -> None:
        if response.meta.get("download_latency", 0.0) > SLOW_SECONDS:
            self.stats.inc_value("fazhi/errors/slow_response")
        if len(response.meta.get("redirect_urls", ())) >= CHAIN_HOPS:
            self.stats.inc_value("fazhi/errors/redirect_chain")

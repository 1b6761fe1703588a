"""Spider middleware: tells the frontier when the spider has finished with a page.

The stop rule waits for a site's pages to be read before it decides (crawler.discovery.frontier),
so it must know when the spider's output for a response is complete, and which captures went to
the pipelines. It sits next to the spider, so it sees the output before any other middleware
filters it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.discovery.frontier import Frontier
from crawler.items import PageCapture


class PagesReadMiddleware:
    def __init__(self, frontier: Frontier) -> None:
        self.frontier = frontier

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PagesReadMiddleware:
        frontier = crawler.get_extension(Frontier)
        if frontier is None:
            raise NotConfigured("PagesReadMiddleware needs the Frontier extension")
        return cls(frontier)

    async def process_spider_output_async(self, response: Response,
                                          result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        try:
            async for item in result:
                yield self._note(response, item)
        finally:
            self.frontier.page_read(response.request)

    def process_spider_output(self, response: Response, result: Any) -> Any:
        try:
            for item in result:
                yield self._note(response, item)
        finally:
            self.frontier.page_read(response.request)

    def _note(self, response: Response, item: Any) -> Any:
        if isinstance(item, PageCapture) and "site" in response.meta:
            self.frontier.capture_started(response.meta["site"])
        return item

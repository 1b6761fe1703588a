"""Send every request, robots.txt included, through one forward proxy.

Scrapy's HttpProxyMiddleware already honours ``http_proxy``; this sets
``meta['proxy']`` from the ``FAZHI_PROXY`` setting (the CLI's ``--proxy``)
so the choice is explicit and also reaches requests the spider did not build.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler


class ForwardProxyMiddleware:
    def __init__(self, proxy: str | None) -> None:
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ForwardProxyMiddleware:
        return cls(crawler.settings.get("FAZHI_PROXY") or None)

    def process_request(self, request: Request) -> None:
        if self.proxy:
            request.meta.setdefault("proxy", self.proxy)

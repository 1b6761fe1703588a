"""The trap bound: how many pages a crawl spends in a calendar or an endless pager.

A crawler trap is one script path answering every parameter value with a page that links to the
next value (活动日历 ``calendar.jsp?month=…`` back to year 1, ``list.jsp?page=…`` past the
last page), often with a fresh session id in every link. Two rules bound it:

1. Requests are made to canonical URLs (crawler.urls): session ids and tracking parameters are
   dropped, so the duplicate filter sees each real page once.
2. Same-path hops are counted: a link from a page to the same scheme://host/path with another query
   is hop n+1 of a chain; links elsewhere start again at 1. Links beyond ``MAX_SAME_PATH_HOPS``
   are dropped (counted as ``trap_cut``).

Bound: a trap page linking to its neighbours (上一月/下一月) costs at most
``2 * MAX_SAME_PATH_HOPS - 1`` = 23 requests per link that leads into it; DEPTH_LIMIT caps it
further. Ordinary listings are not hurt: TRS/Hanweb pagination (index_1.html …) changes the path,
and query pagers are walked from page one, so only pages 13+ of a query pager are cut.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.urls import canonical_url

MAX_SAME_PATH_HOPS = 12
HOPS_KEY = "same_path_hops"


class TrapGuardMiddleware:
    """Spider middleware: canonical URLs for every request the spider makes, and the hop bound."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TrapGuardMiddleware:
        return cls(crawler)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        for item in result:
            guarded = self._guard(response, item)
            if guarded is not None:
                yield guarded

    async def process_spider_output_async(self, response: Response,
                                          result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item in result:
            guarded = self._guard(response, item)
            if guarded is not None:
                yield guarded

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item in start:
            yield _canonical(item) if isinstance(item, Request) else item

    def _guard(self, response: Response, item: Any) -> Any:
        if not isinstance(item, Request):
            return item
        request = _canonical(item)
        hops = same_path_hops(response.url, request.url, response.meta.get(HOPS_KEY, 1))
        if hops > MAX_SAME_PATH_HOPS:
            self.stats.inc_value("fazhi/trap_cut")
            return None
        request.meta[HOPS_KEY] = hops
        return request


def same_path_hops(from_url: str, to_url: str, hops_so_far: int) -> int:
    """The hop count of a link: one more than its page's when both share scheme, host and path."""
    a, b = urlsplit(from_url), urlsplit(to_url)
    same = (a.scheme, a.netloc.lower(), a.path) == (b.scheme, b.netloc.lower(), b.path)
    return hops_so_far + 1 if same else 1


def _canonical(request: Request) -> Request:
    url = canonical_url(request.url)
    return request if url == request.url else request.replace(url=url)

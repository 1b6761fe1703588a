"""The focused spider: from portal home pages toward rule-of-law reports.

It follows only links whose score (anchor text, URL, context) says they lead
toward reports, walks script-written pagination of relevant listings, stays
inside each site's domains, and hands every article page it archived to the
item pipelines (extract → catalog). It decides nothing about content.

Besides the home page, three more ways in: the sitemaps robots.txt declares
(crawler.discovery.waysin.sitemaps), the site's search endpoint (crawler.discovery.waysin.search)
and, for a site flagged ``follow_site_group``, the portals its 站群 block links
(crawler.discovery.waysin.sitegroup).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import cached_property
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.attachments import file_capture
from crawler.browser.policy import should_render
from crawler.browser.renderer import BrowserRenderer
from crawler.discovery.links import FOLLOW_THRESHOLD, REPORT_THRESHOLD, is_asset, is_attachment, score_link
from crawler.discovery.pages import PageView
from crawler.discovery.waysin.search import search_urls
from crawler.discovery.waysin.sitegroup import derived_site, portal_links
from crawler.discovery.waysin.sitemaps import (
    MAX_CHILD_SITEMAPS,
    entry_score,
    read_sitemap,
    sitemaps_in_robots,
)
from crawler.downloadermiddlewares.conditional import exchange_status
from crawler.items import PageCapture
from crawler.sites import SiteConfig


class ReportSpider(scrapy.Spider):
    name = "reports"

    def __init__(self, sites: list[SiteConfig], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sites = list(sites)  # the configured sites, then the portals reached through 站群 links
        # OffsiteMiddleware reads this (again whenever it changes); per-site limits are applied in parse().
        self.allowed_domains = sorted({d for s in sites for d in s.allowed_domains})
        self.reached: set[int] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ReportSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.read_robots_sitemaps, signal=signals.response_received)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for index, site in enumerate(self.sites):
            for url in site.start_urls:
                yield self._request(url, index, FOLLOW_THRESHOLD, depth_note="start")
            for url in search_urls(site):
                yield self._request(url, index, FOLLOW_THRESHOLD, depth_note="search", listing=True)

    async def parse(self, response: Response) -> AsyncIterator[Any]:
        index = response.meta["site"]
        self.reached.add(index)
        if not _is_html(response):
            capture = file_capture(response, self.sites[index])
            if capture is not None:
                yield capture
            return
        page = PageView(response.url, response.body, _content_type(response))
        site = self.sites[index]
        if page.is_article and "capture_pointer" in response.meta and not response.meta.get("listing"):
            yield PageCapture(
                url=response.url,
                status=exchange_status(response),
                content_type=page.content_type,
                body=response.body,
                pointer=response.meta["capture_pointer"],
                site_name=site.name,
                region_hint=site.region,
            )
        if should_render(page, mode=site.render, score=response.meta.get("score", 0.0)):
            async for request in self._rendered_requests(response.url, index, site):
                yield request
        score_here = response.meta.get("score", 0.0)
        if score_here >= FOLLOW_THRESHOLD or self.breadth_first:
            for url in page.pagination():
                yield self._request(url, index, score_here, depth_note="pagination")
        for link in page.links():
            score = score_link(link)
            wanted = score >= FOLLOW_THRESHOLD or (self.breadth_first and not is_asset(link.url))
            wanted = wanted or (is_attachment(link.url) and score_here >= REPORT_THRESHOLD)
            if wanted and site.allows(link.url):
                yield self._request(link.url, index, score, depth_note=link.text[:40], anchor=link.text)
        if site.follow_site_group and site.allows(response.url):
            for request in self._site_group_requests(page, site):
                yield request

    def parse_sitemap(self, response: Response) -> list[scrapy.Request]:
        """A sitemap index: read every child sitemap. A urlset: fetch the entries that look report-ish."""
        index = response.meta["site"]
        site = self.sites[index]
        sitemap = read_sitemap(response.body)
        if sitemap.kind == "sitemapindex":
            return [self._sitemap_request(url, index) for url in sitemap.locations[:MAX_CHILD_SITEMAPS]
                    if site.allows(url)]
        requests = []
        for entry in sitemap.entries:
            score = entry_score(entry)
            url = entry.get("loc", "")
            wanted = score >= FOLLOW_THRESHOLD or (self.breadth_first and not is_asset(url))
            if url and wanted and site.allows(url):
                requests.append(self._request(url, index, score, depth_note="sitemap"))
        return requests

    def read_robots_sitemaps(self, response: Response, request: scrapy.Request,
                             spider: scrapy.Spider) -> None:
        """``response_received`` handler: the robots.txt Scrapy fetched to obey it also names the
        site's sitemaps, so reading them costs no extra request for robots.txt."""
        if spider is not self or not response.url.endswith("/robots.txt") or response.status != 200:
            return
        index = self._site_of(response.url)
        if index is None:
            return
        for url in sitemaps_in_robots(response.body, response.url):
            if self.sites[index].allows(url):
                self.crawler.engine.crawl(self._sitemap_request(url, index))

    def _site_group_requests(self, page: PageView, site: SiteConfig) -> list[scrapy.Request]:
        """Home pages of the portals the page's 站群 block links, each crawled as a site of its own."""
        requests = []
        for link in portal_links(page, site):
            if self._site_of(link.url) is not None:
                continue  # a site of this crawl already (or a portal already reached)
            self.sites.append(derived_site(link, site))
            self.allowed_domains = sorted({*self.allowed_domains, *self.sites[-1].allowed_domains})
            self.crawler.stats.inc_value("fazhi/site_group_portals")
            requests.append(self._request(link.url, len(self.sites) - 1, FOLLOW_THRESHOLD, depth_note="站群",
                                          anchor=link.text))
        return requests

    def _site_of(self, url: str) -> int | None:
        """Index of the first site whose domains cover *url*."""
        return next((i for i, site in enumerate(self.sites) if site.allows(url)), None)

    @cached_property
    def breadth_first(self) -> bool:
        """``FAZHI_STRATEGY=breadth``: follow every same-site page link (the baseline the bench compares)."""
        return self.crawler.settings.get("FAZHI_STRATEGY", "focused") == "breadth"

    async def _rendered_requests(self, url: str, index: int, site: SiteConfig) -> AsyncIterator[Any]:
        """Links that only the rendered page shows (script-written listings), scored like any other."""
        renderer = self.crawler.get_extension(BrowserRenderer)
        rendering = await renderer.render(url) if renderer else None
        if rendering is None:
            return
        page = PageView(rendering.url, rendering.html.encode("utf-8"), "text/html; charset=utf-8")
        for link in page.links():
            score = score_link(link)
            if score >= FOLLOW_THRESHOLD and site.allows(link.url):
                yield self._request(link.url, index, score, depth_note=link.text[:40])

    def on_error(self, failure: Failure) -> None:
        """Count the failure by kind; the crawl goes on."""
        request = failure.request
        stats = self.crawler.stats
        if failure.check(HttpError):
            status = failure.value.response.status
            stats.inc_value(f"fazhi/errors/http_{status}")
            if status < 500:
                self.reached.add(request.meta["site"])
        elif failure.check(IgnoreRequest):
            message = failure.getErrorMessage()
            if "robots.txt" in message:
                return  # a polite refusal, counted by robotstxt/forbidden, not an error
            kind = "redirect_loop" if "redirect" in message else "ignored"
            stats.inc_value(f"fazhi/errors/{kind}")
        else:
            stats.inc_value(f"fazhi/errors/{failure.type.__name__}")
        self.logger.info("failed %s: %s", request.url, failure.getErrorMessage())

    def _request(self, url: str, site: int, score: float, depth_note: str,
                 anchor: str | None = None, listing: bool = False) -> scrapy.Request:
        meta = {"site": site, "score": score, "via": depth_note, "anchor": anchor}
        if listing:
            meta["listing"] = True  # a search result page: its links count, the page itself is no article
        return scrapy.Request(
            url,
            callback=self.parse,
            errback=self.on_error,
            priority=int(score) if not is_attachment(url) else int(score) + 1,
            meta=meta,
        )

    def _sitemap_request(self, url: str, site: int) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error,
                              priority=int(FOLLOW_THRESHOLD), meta={"site": site, "via": "sitemap"})


def _content_type(response: Response) -> str | None:
    value = response.headers.get(b"Content-Type")
    return value.decode("latin-1") if value else None


def _is_html(response: Response) -> bool:
    content_type = (_content_type(response) or "").lower()
    if "html" in content_type or "xml" in content_type:
        return True
    return not content_type and response.body.lstrip()[:1] == b"<"

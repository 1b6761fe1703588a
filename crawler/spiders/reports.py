"""The best-first spider: from portal home pages toward rule-of-law reports.

Every same-site link a page offers becomes a request; its score (crawler.discovery.scoring, plus
what the site has taught the crawl, crawler.discovery.memory) is its Scrapy priority, so the
scheduler fetches the most report-ish link first and a low-scoring one later rather than never. When a
site has had enough is the frontier's decision (crawler.discovery.frontier and .budget), made where
requests leave for the network. The spider walks script-written pagination of listings, stays
inside each site's domains, and hands every article page it archived to the item pipelines
(extract → catalog). It decides nothing about content.

The ways into a site (the home page, the sites file's search, robots.txt's sitemaps, the site's
own search box, 站群 portals, the fallbacks a site that yielded nothing gets once) are components
named in ``FAZHI_WAYS_IN`` (crawler.discovery.waysin.base): the spider calls their hooks and turns
what they offer into requests, all in one way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.python.failure import Failure

from crawler.attachments import file_capture
from crawler.browser.policy import should_render
from crawler.browser.renderer import BrowserRenderer
from crawler.discovery.budget import DECLINED
from crawler.discovery.frontier import Frontier, request_priority
from crawler.discovery.memory import TRAIL_LENGTH, SiteMemory
from crawler.discovery.pages import PageView
from crawler.discovery.scoring import (
    FOLLOW_THRESHOLD,
    REPORT_THRESHOLD,
    Link,
    is_asset,
    is_attachment,
    is_pager_link,
    score_link,
)
from crawler.discovery.waysin.base import START_SCORE, Entry, SiteNotes, WayIn
from crawler.discovery.waysin.sitegroup import GOVERNMENT_SUFFIX, derived_site
from crawler.discovery.waysin.sitemaps import MAX_CHILD_SITEMAPS, entry_score, read_sitemap
from crawler.downloadermiddlewares.conditional import exchange_status
from crawler.items import PageCapture
from crawler.sites import SiteConfig
from extract import cms

SEARCH_HIT_SCORE = FOLLOW_THRESHOLD + 2  # a hit of the site's search for a report title: always read


class ReportSpider(scrapy.Spider):
    name = "reports"

    def __init__(self, sites: list[SiteConfig], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sites = list(sites)  # the configured sites, then the portals reached through 站群 links
        # OffsiteMiddleware reads this (again whenever it changes); per-site limits are applied in parse().
        self.allowed_domains = sorted({d for s in sites for d in s.allowed_domains})
        self.reached: set[int] = set()
        self.notes: dict[int, SiteNotes] = {}  # what the ways in have learnt of each site

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ReportSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.read_robots, signal=signals.response_received)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for index, site in enumerate(self.sites):
            for way in self.ways_in:
                for request in self._entries(index, way.at_start(site, self._notes(index))):
                    yield request

    @cached_property
    def ways_in(self) -> list[WayIn]:
        """The ways into a site besides its links, in ``FAZHI_WAYS_IN`` order (crawler.discovery.waysin)."""
        return [build_from_crawler(load_object(path), self.crawler)
                for path in self.crawler.settings.getlist("FAZHI_WAYS_IN")]

    def _notes(self, index: int) -> SiteNotes:
        return self.notes.setdefault(index, SiteNotes())

    # --- pages ---------------------------------------------------------------------------------------
    async def parse(self, response: Response) -> AsyncIterator[Any]:
        index = response.meta["site"]
        self.reached.add(index)
        site = self.sites[index]
        if not _is_html(response):
            capture = file_capture(response, site)
            if capture is not None:
                yield capture
            return
        page = PageView(response.url, response.body, _content_type(response))
        if page.is_article and "capture_pointer" in response.meta and not response.meta.get("listing"):
            yield PageCapture(
                url=response.url, status=exchange_status(response), content_type=page.content_type,
                body=response.body, pointer=response.meta["capture_pointer"], site_name=site.name,
                region_hint=site.region,
            )
        start = response.meta.get("via") == "start"
        for way in self.ways_in:
            for request in self._entries(index, way.on_page(site, self._notes(index), page, start)):
                yield request
        exploring = not self.frontier.ledger(index).reports
        if should_render(page, mode=site.render, score=response.meta.get("score", 0.0), exploring=exploring):
            async for request in self._rendered_requests(response, index):
                yield request
        for request in self._follow(response, page, page.links(), index):
            yield request

    def _follow(self, response: Response, page: PageView, links: list[Link],
                index: int) -> list[scrapy.Request]:
        """A request for every same-site link of the page, each at its score; the listing's own pages
        at what the listing is worth."""
        site = self.sites[index]
        here = response.meta.get("score", 0.0)
        worth = self._listing_worth(links, here)
        requests = [self._request(url, index, worth, via="pagination", parent=response, anchor="")
                    for url in page.pagination()]
        searched = response.meta.get("listing", False)
        for link in links:
            if is_asset(link.url) or not site.allows(link.url):
                continue
            score = self._score(link, response.url, index, here, worth)
            if searched and _is_result(link):  # the site's own engine matched it to a report query
                score = max(score, SEARCH_HIT_SCORE)
            request = self._request(link.url, index, score, via=link.text[:40], parent=response,
                                    anchor=link.text)
            if link.text.strip() and _is_result(link) and not (searched or is_attachment(link.url)):
                request.meta["titled_document"] = True  # its title must name a report once a site has some
            requests.append(request)
        return requests

    def _score(self, link: Link, page_url: str, index: int, here: float, worth: float) -> float:
        memory = self.memory(index)
        memory.saw(link.url)
        score = score_link(link, own_name=self.sites[index].name)
        if is_pager_link(link, page_url):
            score = max(score, worth)
        if is_attachment(link.url):
            score = max(score, here)  # the file of a report-ish page (its 附件) is as report-ish
        return score + memory.bonus(link)

    def _listing_worth(self, links: list[Link], here: float) -> float:
        """What another page of this listing is worth: the link that led here, or more when the page
        lists report-ish items (older years' reports sit on the later pages)."""
        items = [score_link(link) for link in links if _is_listed_item(link)]
        best = max(items, default=0.0)
        return max(here, best) if best >= REPORT_THRESHOLD else here

    async def _rendered_requests(self, response: Response, index: int) -> AsyncIterator[Any]:
        """Links that only the rendered page shows (script-written listings), scored like any other."""
        renderer = self.crawler.get_extension(BrowserRenderer)
        rendering = await renderer.render(response.url) if renderer else None
        if rendering is None:
            return
        page = PageView(rendering.url, rendering.html.encode("utf-8"), "text/html; charset=utf-8")
        for request in self._follow(response, page, page.links(), index):
            yield request

    # --- ways in ----------------------------------------------------------------------------------------
    def parse_sitemap(self, response: Response) -> list[scrapy.Request]:
        """A sitemap index: read every child sitemap. A urlset: every entry, at its score (its URL, its
        ``<lastmod>``, and the URL shapes this site's reports were found under)."""
        index = response.meta["site"]
        site = self.sites[index]
        sitemap = read_sitemap(response.body)
        if sitemap.kind == "sitemapindex":
            return [self._sitemap_request(url, index) for url in sitemap.locations[:MAX_CHILD_SITEMAPS]
                    if site.allows(url)]
        requests = []
        for entry in sitemap.entries:
            url = entry.get("loc", "")
            if not url or is_asset(url) or not site.allows(url):
                continue
            self.memory(index).saw(url)
            learned = self.memory(index).bonus(Link(url, ""))
            score = entry_score(entry) + learned
            requests.append(self._request(url, index, score, via="sitemap"))
        return requests

    def read_robots(self, response: Response, request: scrapy.Request, spider: scrapy.Spider) -> None:
        """``response_received`` handler: the robots.txt Scrapy fetched to obey it is shown to the ways
        in (its sitemaps cost no request of their own)."""
        if spider is not self or not response.url.endswith("/robots.txt"):
            return
        index = self._site_of(response.url)
        if index is None:
            return
        site, notes = self.sites[index], self._notes(index)
        for way in self.ways_in:
            entries = way.on_robots(site, notes, response.url, response.status, response.body)
            for scheduled in self._entries(index, entries):
                self.crawler.engine.crawl(scheduled)

    def fallback_requests(self, index: int) -> list[scrapy.Request]:
        """What the ways in offer a site whose scored links ran out without a report (asked once, by
        the frontier)."""
        site, notes = self.sites[index], self._notes(index)
        return [r for way in self.ways_in for r in self._entries(index, way.when_exhausted(site, notes))]

    def _entries(self, index: int, entries: list[Entry]) -> list[scrapy.Request]:
        """Requests for what a way in offers: admitted to the site, counted, read as they say."""
        requests = []
        for entry in entries:
            if entry.read_as == "portal":
                request = self._portal_request(entry, index)
                if request is not None:
                    requests.append(request)
                continue
            if not self._admit(index, entry.url):
                continue
            if entry.stat:
                self.crawler.stats.inc_value(f"fazhi/{entry.stat}")
            if entry.read_as == "sitemap":
                requests.append(self._sitemap_request(entry.url, index))
            else:
                listing = entry.read_as == "listing"
                requests.append(self._request(entry.url, index, entry.score, via=entry.via,
                                              anchor=entry.anchor or None, listing=listing))
        return requests

    def _admit(self, index: int, url: str) -> bool:
        """True when the site may be crawled at *url*; a government host of the site's own domain (its
        xxgk platform, its search host) is added to the site first."""
        site = self.sites[index]
        if site.allows(url):
            return True
        host = (urlsplit(url).hostname or "").lower()
        if not host.endswith(GOVERNMENT_SUFFIX) or self._site_of(url) is not None:
            return False
        self.sites[index] = site.with_host(host)
        self.allowed_domains = sorted({*self.allowed_domains, host})
        return True

    def _portal_request(self, entry: Entry, parent: int) -> scrapy.Request | None:
        """A 站群 portal's home page, crawled as a site of its own (once)."""
        if self._site_of(entry.url) is not None:
            return None  # a site of this crawl already (or a portal already reached)
        self.sites.append(derived_site(Link(entry.url, entry.anchor), self.sites[parent]))
        self.allowed_domains = sorted({*self.allowed_domains, *self.sites[-1].allowed_domains})
        if entry.stat:
            self.crawler.stats.inc_value(f"fazhi/{entry.stat}")
        return self._request(entry.url, len(self.sites) - 1, entry.score, via=entry.via, anchor=entry.anchor)

    def _site_of(self, url: str) -> int | None:
        """Index of the first site whose domains cover *url*."""
        return next((i for i, site in enumerate(self.sites) if site.allows(url)), None)

    # --- the frontier's side -------------------------------------------------------------------------
    @cached_property
    def breadth_first(self) -> bool:
        """``FAZHI_STRATEGY=breadth``: every same-site link at one priority (the bench's baseline)."""
        return self.crawler.settings.get("FAZHI_STRATEGY", "focused") == "breadth"

    @cached_property
    def frontier(self) -> Frontier:
        frontier = self.crawler.get_extension(Frontier)
        if frontier is None:
            raise RuntimeError("the spider needs crawler.discovery.frontier.Frontier in EXTENSIONS")
        return frontier

    def memory(self, index: int) -> SiteMemory:
        return self.frontier.ledger(index).memory

    def rescored(self, request: scrapy.Request, score: float) -> scrapy.Request:
        """*request* again, at a better score (the frontier promotes what a site's lessons lift)."""
        return request.replace(priority=self._priority(score, request.url), dont_filter=True,
                               meta={**request.meta, "score": score})

    def on_error(self, failure: Failure) -> None:
        """Count the failure by kind; the crawl goes on."""
        request = failure.request
        self.frontier.page_read(request)
        stats = self.crawler.stats
        if failure.check(HttpError):
            status = failure.value.response.status
            stats.inc_value(f"fazhi/errors/http_{status}")
            if status < 500:
                self.reached.add(request.meta["site"])
        elif failure.check(IgnoreRequest):
            message = failure.getErrorMessage()
            if "robots.txt" in message or message.startswith(DECLINED):
                return  # a polite refusal (robotstxt/forbidden) or the frontier's choice, not an error
            kind = "redirect_loop" if "redirect" in message else "ignored"
            stats.inc_value(f"fazhi/errors/{kind}")
        else:
            stats.inc_value(f"fazhi/errors/{failure.type.__name__}")
        self.logger.info("failed %s: %s", request.url, failure.getErrorMessage())

    def _request(self, url: str, site: int, score: float, via: str, anchor: str | None = None,
                 listing: bool = False, parent: Response | None = None) -> scrapy.Request:
        trail = [*parent.meta.get("trail", []), (parent.url, anchor or "")] if parent is not None else []
        meta = {"site": site, "score": score, "base_score": score, "via": via, "anchor": anchor,
                "trail": trail[-TRAIL_LENGTH:]}
        if listing:
            meta["listing"] = True  # a search result page: its links count, the page itself is no article
        return scrapy.Request(url, callback=self.parse, errback=self.on_error,
                              priority=self._priority(score, url), meta=meta)

    def _priority(self, score: float, url: str) -> int:
        """Best first; breadth-first puts every request at one priority (FIFO: breadth order)."""
        return 0 if self.breadth_first else request_priority(score, is_attachment(url))

    def _sitemap_request(self, url: str, site: int) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error,
                              priority=request_priority(START_SCORE),
                              meta={"site": site, "via": "sitemap", "score": START_SCORE})


def _is_result(link: Link) -> bool:
    """A search result page's hit, not its menus: a dated item or a document URL."""
    return _is_listed_item(link) or bool(cms.article_url_pattern().search(urlsplit(link.url).path))


def _is_listed_item(link: Link) -> bool:
    """A listing's item: a link with its date beside it (menus and breadcrumbs carry none)."""
    return any(ch.isdigit() for ch in link.context) and ("-" in link.context or "年" in link.context)


def _content_type(response: Response) -> str | None:
    value = response.headers.get(b"Content-Type")
    return value.decode("latin-1") if value else None


def _is_html(response: Response) -> bool:
    content_type = (_content_type(response) or "").lower()
    if "html" in content_type or "xml" in content_type:
        return True
    return not content_type and response.body.lstrip()[:1] == b"<"

"""The best-first spider: from portal home pages toward rule-of-law reports.

Every same-site link a page offers becomes a request; its score (crawler.discovery.scoring, plus
what the site has taught the crawl, crawler.discovery.memory) is its Scrapy priority, so the
scheduler fetches the most report-ish link first and a low-scoring one later, never never. When a
site has had enough is the frontier's decision (crawler.discovery.frontier and .budget), made where
requests leave for the network. The spider walks script-written pagination of listings, stays
inside each site's domains, and hands every article page it archived to the item pipelines
(extract → catalog). It decides nothing about content.

Ways in besides the home page (crawler.discovery.waysin): the sitemaps robots.txt declares, the
sites file's search endpoint, the portals a ``follow_site_group`` site's 站群 block links, and the
fallbacks a site that yielded nothing gets once (sitemap.xml, its search box, the xxgk platform).
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
from crawler.discovery.waysin.fallbacks import fallbacks
from crawler.discovery.waysin.search import SEARCH_BOX_QUERIES, form_templates, search_urls, template_urls
from crawler.discovery.waysin.sitegroup import GOVERNMENT_SUFFIX, derived_site, portal_links
from crawler.discovery.waysin.sitemaps import (
    MAX_CHILD_SITEMAPS,
    entry_score,
    read_sitemap,
    sitemaps_in_robots,
)
from crawler.downloadermiddlewares.conditional import exchange_status
from crawler.items import PageCapture
from crawler.sites import SiteConfig
from extract import cms

START_SCORE = 20.0  # a site's start pages before anything else of it
FALLBACK_SCORE = FOLLOW_THRESHOLD + 1  # tried before the unscored links they stand in for
SEARCH_HIT_SCORE = FOLLOW_THRESHOLD + 2  # a hit of the site's search for a report title: always read


class ReportSpider(scrapy.Spider):
    name = "reports"

    def __init__(self, sites: list[SiteConfig], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sites = list(sites)  # the configured sites, then the portals reached through 站群 links
        # OffsiteMiddleware reads this (again whenever it changes); per-site limits are applied in parse().
        self.allowed_domains = sorted({d for s in sites for d in s.allowed_domains})
        self.reached: set[int] = set()
        self.robots_sitemaps: set[int] = set()  # sites whose robots.txt has been read for sitemaps
        self.search_forms: dict[int, list[str]] = {}  # the search boxes of each site's start page

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ReportSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.read_robots_sitemaps, signal=signals.response_received)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for index, site in enumerate(self.sites):
            for url in site.start_urls:
                yield self._request(url, index, START_SCORE, via="start")
            for url in search_urls(site):
                yield self._request(url, index, START_SCORE, via="search", listing=True)

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
        if response.meta.get("via") == "start" and index not in self.search_forms:
            for request in self._search_box_requests(page, index):
                yield request
        exploring = not self.frontier.ledger(index).reports
        if should_render(page, mode=site.render, score=response.meta.get("score", 0.0), exploring=exploring):
            async for request in self._rendered_requests(response, index):
                yield request
        for request in self._follow(response, page, page.links(), index):
            yield request
        if site.follow_site_group and site.allows(response.url):
            for request in self._site_group_requests(page, site):
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
            requests.append(self._request(link.url, index, score, via=link.text[:40], parent=response,
                                          anchor=link.text))
        return requests

    def _score(self, link: Link, page_url: str, index: int, here: float, worth: float) -> float:
        memory = self.memory(index)
        memory.saw(link.url)
        score = score_link(link)
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

    def read_robots_sitemaps(self, response: Response, request: scrapy.Request,
                             spider: scrapy.Spider) -> None:
        """``response_received`` handler: the robots.txt Scrapy fetched to obey it also names the
        site's sitemaps, so reading them costs no extra request for robots.txt. A robots.txt that
        names none (or is missing) gets the conventional ``/sitemap.xml`` tried once: one request,
        and many CMSs write one there without declaring it."""
        if spider is not self or not response.url.endswith("/robots.txt"):
            return
        index = self._site_of(response.url)
        if index is None or index in self.robots_sitemaps:
            return
        self.robots_sitemaps.add(index)
        named = sitemaps_in_robots(response.body, response.url) if response.status == 200 else []
        for url in named:
            if self.sites[index].allows(url):
                self.crawler.engine.crawl(self._sitemap_request(url, index))
        if not named:
            for fallback in fallbacks(self.sites[index], kinds=("sitemap",)):
                self.crawler.stats.inc_value("fazhi/fallback/sitemap")
                self.crawler.engine.crawl(self._sitemap_request(fallback.url, index))

    def _search_box_requests(self, page: PageView, index: int) -> list[scrapy.Request]:
        """The portal's own search box, asked once for 法治政府建设: reports whose listing was
        reorganised away stay in the search index (one request; none when the sites file names the
        site's search, which is asked already)."""
        templates = form_templates(page.tree, page.url)
        self.search_forms[index] = templates
        site = self.sites[index]
        if site.search or not templates or not self._admit(index, templates[0]):
            return []
        self.crawler.stats.inc_value("fazhi/waysin/search_box")
        return [self._request(url, index, FALLBACK_SCORE, via="search box", listing=True)
                for url in template_urls(templates[0], page.url, SEARCH_BOX_QUERIES)]

    def fallback_requests(self, index: int) -> list[scrapy.Request]:
        """The fallback ways in for a site that has yielded nothing (asked once, by the frontier)."""
        requests = []
        for fallback in fallbacks(self.sites[index], kinds=("search", "disclosure"),
                                  search_forms=self.search_forms.get(index, [])):
            if not self._admit(index, fallback.url):
                continue
            self.crawler.stats.inc_value(f"fazhi/fallback/{fallback.kind}")
            if fallback.kind == "sitemap":
                requests.append(self._sitemap_request(fallback.url, index))
            else:
                via, listing = f"fallback {fallback.kind}", fallback.kind == "search"
                requests.append(self._request(fallback.url, index, FALLBACK_SCORE, via=via, listing=listing))
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

    def _site_group_requests(self, page: PageView, site: SiteConfig) -> list[scrapy.Request]:
        """Home pages of the portals the page's 站群 block links, each crawled as a site of its own."""
        requests = []
        for link in portal_links(page, site):
            if self._site_of(link.url) is not None:
                continue  # a site of this crawl already (or a portal already reached)
            self.sites.append(derived_site(link, site))
            self.allowed_domains = sorted({*self.allowed_domains, *self.sites[-1].allowed_domains})
            self.crawler.stats.inc_value("fazhi/site_group_portals")
            requests.append(self._request(link.url, len(self.sites) - 1, START_SCORE, via="站群",
                                          anchor=link.text))
        return requests

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

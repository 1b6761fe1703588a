"""Chromium for the few pages whose listings only a browser can see.

One headless Chromium per crawl, started lazily on the first page that needs it and closed when
the spider closes. It sends only the pages' own traffic: a request to a host none of the crawl's
sites allows (a font, a script, an analytics beacon from elsewhere) is aborted before it leaves the
browser and counted (``fazhi/browser/offsite_blocked``), and Chromium's own background traffic
goes nowhere (crawler.browser.fence). Every request carries the crawler's User-Agent
(``FAZHI_BROWSER_USER_AGENT``, else ``USER_AGENT``). It goes through the crawl's forward proxy and
keeps the crawl's manners: every URL it requests is checked against robots.txt with Scrapy's own
parsers (disallowed ones are aborted before they leave the browser), a host gets one rendered
page at a time, and every request the browser lets out (the page, its scripts, its JSON) first
waits for, then claims, the host's Scrapy downloader slot: browser and downloader share one
``lastseen`` and one delay per host, so together they never hit a host sooner than its delay.
Everything it fetches and produces is archived by crawler.browser.traffic through the crawl's one
WARC writer.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import BrowserContext, Playwright, Request, Response, Route, async_playwright
from playwright.async_api import Error as PlaywrightError
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request as ScrapyRequest

from archive.writer import WarcWriter
from crawler.browser.fence import Fence
from crawler.browser.traffic import record_rendering, record_response
from crawler.downloadermiddlewares.recorder import WarcRecorderMiddleware
from crawler.extensions.politeness import site_delays

logger = logging.getLogger(__name__)

DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Chromium's own services off (Playwright adds more of the same); the fence stops whatever remains.
LAUNCH_FLAGS = (
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-domain-reliability", "--no-pings",
)
NAVIGATION_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Rendering:
    """A page as the browser left it: the DOM after its scripts ran."""

    url: str
    html: str


def chromium_path(configured: str | None) -> str | None:
    """The Chromium to launch: the setting, else the system's, else None (Playwright's own build)."""
    chosen = configured or os.environ.get("FAZHI_CHROMIUM")
    if chosen:
        return chosen
    return DEFAULT_CHROMIUM if Path(DEFAULT_CHROMIUM).exists() else None


class BrowserRenderer:
    """Scrapy extension holding the Playwright lifecycle; the spider calls ``render(url)``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.executable = chromium_path(settings.get("FAZHI_CHROMIUM"))
        self.proxy = settings.get("FAZHI_PROXY") or os.environ.get("http_proxy") or None
        self.user_agent = settings.get("FAZHI_BROWSER_USER_AGENT") or settings.get("USER_AGENT")
        self.site_delays = site_delays(crawler)
        self._playwright: Playwright | None = None
        self._context: BrowserContext | None = None
        self._failed = False  # a browser that would not start is not retried for every page
        self._profile: str | None = None
        self._fence: Fence | None = None
        self._launch_lock = asyncio.Lock()
        self._open_pages = 0
        self._no_open_pages = asyncio.Event()
        self._no_open_pages.set()
        self._host_locks: dict[str, asyncio.Lock] = {}
        crawler.signals.connect(self._on_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BrowserRenderer:
        return cls(crawler)

    async def render(self, url: str) -> Rendering | None:
        """Open *url*, let its scripts run, archive everything; None when the browser failed."""
        host = urlsplit(url).hostname or ""
        async with self._host_locks.setdefault(host, asyncio.Lock()):
            try:
                return await self._render(url)
            except PlaywrightError as exc:
                self.crawler.stats.inc_value("fazhi/errors/browser")
                logger.warning("browser could not render %s: %s", url, exc)
                return None

    async def _take_turn(self, url: str) -> None:
        """Wait until *url*'s host may be asked again, then claim the turn in Scrapy's own downloader
        slot for that host (``lastseen`` on Scrapy's monotonic clock), which the downloader re-checks
        before its next request. The delay is the slot's current one (the site's ``delay:``, the
        crawl's ``--delay``, or AutoThrottle's), never less than the site's ``delay:``."""
        if urlsplit(url).scheme not in ("http", "https"):
            return
        request = ScrapyRequest(url)
        downloader = self.crawler.engine.downloader
        # Scrapy's slot factory: an existing slot, or a new one built from DOWNLOAD_SLOTS
        key, slot = downloader._get_slot(request)
        delay = max(slot.delay, self.site_delays.get(key, 0.0))
        while (wait := slot.lastseen + delay - time.monotonic()) > 0:
            await asyncio.sleep(wait)
        slot.lastseen = time.monotonic()

    async def _render(self, url: str) -> Rendering:
        async with self._browser_for(url) as context:
            return await self._render_in(context, url)

    async def _render_in(self, context: BrowserContext, url: str) -> Rendering:
        page = await context.new_page()
        writer = self._writer()
        recorded: dict[str, str] = {}  # URL -> response record id, for the page's own response
        pending: list[asyncio.Task] = []
        await page.route("**/*", self._guard)

        def on_response(response: Response) -> None:
            pending.append(asyncio.ensure_future(self._record(writer, response, recorded)))

        page.on("response", on_response)
        try:
            response = await page.goto(url, wait_until="networkidle", timeout=NAVIGATION_TIMEOUT_MS)
            html = await page.content()
            screenshot = await page.screenshot(full_page=True, type="png")
            final_url = page.url
        finally:
            page.remove_listener("response", on_response)
            await asyncio.gather(*pending, return_exceptions=True)
            await page.close()
            await context.clear_cookies()  # pages do not share a session, as Scrapy's do not
        page_id = recorded.get(response.url if response else url)
        if page_id:
            record_rendering(writer, final_url, page_id, html, screenshot)
        self.crawler.stats.inc_value("fazhi/browser/pages")
        return Rendering(final_url, html)

    async def _record(self, writer: WarcWriter, response: Response, recorded: dict[str, str]) -> None:
        pointer = await record_response(writer, response)
        recorded.setdefault(response.url, pointer.record_id)
        self.crawler.stats.inc_value("fazhi/browser/requests")
        self.crawler.stats.inc_value("fazhi/warc_records")

    async def _guard(self, route: Route, request: Request) -> None:
        """Let a browser request out only to the crawl's sites, and only if robots.txt allows it."""
        if not self._on_site(request.url):
            self.crawler.stats.inc_value("fazhi/browser/offsite_blocked")
            logger.debug("browser: blocked off-site %s %s", request.resource_type, request.url)
            await route.abort("blockedbyclient")
        elif await self._allowed(request.url):
            await self._take_turn(request.url)
            await route.continue_()
        else:
            self.crawler.stats.inc_value("robotstxt/forbidden")
            self.crawler.stats.inc_value("fazhi/browser/robots_blocked")
            await route.abort("blockedbyclient")

    def _on_site(self, url: str) -> bool:
        """True for a URL one of the spider's sites allows (those reached through 站群 links included);
        ``data:`` and ``blob:`` URLs never reach the network."""
        if urlsplit(url).scheme not in ("http", "https"):
            return True
        return any(site.allows(url) for site in self._sites())

    def _sites(self) -> list:
        return self.crawler.engine.spider.sites

    async def _allowed(self, url: str) -> bool:
        if urlsplit(url).scheme not in ("http", "https"):
            return True
        robots = self.crawler.get_downloader_middleware(RobotsTxtMiddleware)
        if robots is None:  # ROBOTSTXT_OBEY is off
            return True
        parser = await robots.robot_parser(ScrapyRequest(url))
        return parser is None or parser.allowed(url, self.user_agent)

    def _writer(self) -> WarcWriter:
        recorder = self.crawler.get_downloader_middleware(WarcRecorderMiddleware)
        if recorder is None:
            raise RuntimeError("the browser archives through WarcRecorderMiddleware, which is not enabled")
        return recorder.writer

    @asynccontextmanager
    async def _browser_for(self, url: str) -> AsyncIterator[BrowserContext]:
        """The browser context to render *url* in, counted as open until the page is done."""
        context = await self._ensure_context(url)
        try:
            yield context
        finally:
            self._open_pages -= 1
            if not self._open_pages:
                self._no_open_pages.set()

    async def _ensure_context(self, url: str) -> BrowserContext:
        """The running browser, started (or restarted, once its open pages are done, when *url*'s site
        was reached after the fence was drawn) as needed; the caller holds one open page."""
        async with self._launch_lock:
            if self._context is not None and self._fence is not None and not self._fence.covers(url):
                logger.info("restarting Chromium so that its proxy configuration covers %s", url)
                await self._no_open_pages.wait()
                await self.close()
            if self._failed:
                raise PlaywrightError("Chromium failed to start earlier in this crawl")
            if self._context is None:
                try:
                    self._context = await self._launch()
                except PlaywrightError:
                    self._failed = True
                    await self.close()
                    raise
            self._open_pages += 1
            self._no_open_pages.clear()
            return self._context

    async def _launch(self) -> BrowserContext:
        """Chromium with a fresh profile directory, fenced to the crawl's sites and proxy."""
        self._fence = Fence((d for site in self._sites() for d in site.allowed_domains), self.proxy)
        self._profile = tempfile.mkdtemp(prefix="fazhi-chromium-")
        self._playwright = await async_playwright().start()
        options = launch_options(self.executable, self._fence, self.user_agent)
        logger.info("starting Chromium %s (proxy %s, %d domains)", self.executable or "(Playwright's)",
                    self.proxy, len(self._fence.domains))
        return await self._playwright.chromium.launch_persistent_context(self._profile, **options)

    async def _on_closed(self, spider: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Shut the browser down and remove its profile; safe when it never started."""
        if self._context is not None:
            await self._context.close()
            self._context = None
        if self._playwright is not None:
            await self._playwright.stop()
            self._playwright = None
        if self._profile:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None
        if self._fence is not None:
            self._fence.close()
            self._fence = None


def launch_options(executable: str | None, fence: Fence, user_agent: str) -> dict:
    """Playwright's launch options for the crawl's Chromium.

    The User-Agent is Chromium's ``--user-agent`` flag, not Playwright's ``user_agent`` option: the flag
    holds for every request of the process (documents, subresources, XHR/fetch, workers) and for
    ``navigator.userAgent``, while Playwright's per-page override also makes Chromium report a made-up
    platform ("Windows") in its ``Sec-CH-UA-Platform`` client hint. The proxy is the fence's PAC
    script, so Playwright's own ``proxy`` option is not given. Service workers are blocked, so that
    every request a page makes passes the route handler.
    """
    return {"executable_path": executable, "headless": True, "service_workers": "block",
            "args": [*LAUNCH_FLAGS, *fence.launch_args(), f"--user-agent={user_agent}"]}

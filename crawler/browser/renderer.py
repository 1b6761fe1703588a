"""Chromium for the few pages whose listings only a browser can see.

One headless Chromium per crawl, started lazily on the first page that needs it and closed when
the spider closes. It goes through the crawl's forward proxy and keeps the crawl's manners:
every URL it requests is checked against robots.txt with Scrapy's own parsers (disallowed ones
are aborted before they leave the browser), a host gets one rendered page at a time, and every
request the browser lets out (the page, its scripts, its JSON) first waits for, then claims, the
host's Scrapy downloader slot: browser and downloader share one ``lastseen`` and one delay per host,
so together they never hit a host sooner than its delay. Everything it fetches and produces is
archived by crawler.browser.traffic through the crawl's one WARC writer.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import tempfile
import time
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
from crawler.browser.traffic import record_rendering, record_response
from crawler.downloadermiddlewares.recorder import WarcRecorderMiddleware
from crawler.extensions.politeness import site_delays

logger = logging.getLogger(__name__)

DEFAULT_CHROMIUM = "/usr/bin/chromium"
LAUNCH_FLAGS = (
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
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
        self.user_agent = settings.get("USER_AGENT")
        self.site_delays = site_delays(crawler)
        self._playwright: Playwright | None = None
        self._context: BrowserContext | None = None
        self._failed = False  # a browser that would not start is not retried for every page
        self._profile: str | None = None
        self._launch_lock = asyncio.Lock()
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
        context = await self._ensure_context()
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
        """Let a browser request out only if robots.txt allows it."""
        if await self._allowed(request.url):
            await self._take_turn(request.url)
            await route.continue_()
        else:
            self.crawler.stats.inc_value("robotstxt/forbidden")
            self.crawler.stats.inc_value("fazhi/browser/robots_blocked")
            await route.abort("blockedbyclient")

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

    async def _ensure_context(self) -> BrowserContext:
        async with self._launch_lock:
            if self._failed:
                raise PlaywrightError("Chromium failed to start earlier in this crawl")
            if self._context is None:
                try:
                    self._context = await self._launch()
                except PlaywrightError:
                    self._failed = True
                    await self.close()
                    raise
            return self._context

    async def _launch(self) -> BrowserContext:
        """Chromium with a fresh profile directory, through the crawl's proxy."""
        self._profile = tempfile.mkdtemp(prefix="fazhi-chromium-")
        self._playwright = await async_playwright().start()
        options: dict = {"executable_path": self.executable, "args": list(LAUNCH_FLAGS), "headless": True,
                         "user_agent": self.user_agent}
        if self.proxy:
            options["proxy"] = {"server": self.proxy}
        logger.info("starting Chromium %s (proxy %s)", self.executable or "(Playwright's)", self.proxy)
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

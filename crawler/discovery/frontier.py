"""The frontier's books: per site, what was spent, what was found, what waits, and why it stopped.

The order of the crawl is Scrapy's own: every link becomes a request whose priority is its score
(crawler.discovery.scoring), so Scrapy's scheduler, or a shared scrapy-redis priority queue, keeps
it. What Scrapy has no notion of is a *site*: this extension keeps one ledger per site and the
downloader middleware in crawler.discovery.budget consults it before each request leaves.

The stop rule, per site:

- **budget**: a site gets at most ``FAZHI_SITE_BUDGET`` requests (or its own ``budget:`` in the sites
  file); what is left when it is spent is not fetched.
- **satisfied**: once a site has yielded two reports, requests scoring below ``SATISFIED_FLOOR`` are not
  fetched (with one, below ``FOLLOW_THRESHOLD``: the widest menus still count), and a titled document
  needs ``DOCUMENT_FLOOR``: a title that names a report, not one that only mentions 法治 (推进会
  news). Higher ones still are fetched: other reports' links, and the pages of every listing that
  held a report (a pager link is worth what its listing is worth), so listings are paged through to
  their end before a site counts as satisfied.
- **exhausted**: nothing is left to fetch.

A site that has found nothing keeps exploring, best score first (the widest menus, 政务公开 and
信息公开, come before unnamed links), until its budget is spent; before its first unscored request it
tries the fallback ways in (crawler.discovery.waysin.fallbacks).

**Same input, same result.** The rule is applied only when it can no longer change with timing: a
request scoring below the floor waits until every page of its site fetched so far has been parsed and
every capture catalogued, so whether the site "has found a report" does not depend on which thread
finished first.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler

from crawler.discovery.memory import SiteMemory
from crawler.discovery.scoring import FOLLOW_THRESHOLD, Link

logger = logging.getLogger(__name__)

SATISFIED_FLOOR = FOLLOW_THRESHOLD + 1  # a container column (计划总结, 部门信息公开) or better
ONE_REPORT_MORE = 2  # with fewer reports than this found, the widest menus still count
DOCUMENT_FLOOR = 9.0  # a document's title that names a report (a topic word alone is 8)
SETTLE_TIMEOUT = 120.0  # seconds a request waits for its site's pages to be read before it goes anyway
OPEN_KEY = "frontier_open"  # on a dispatched request whose page is not yet read
FOLLOW_UP_KEY = "frontier_follow_up"  # a retry or redirect of a dispatched request


def request_priority(score: float, attachment: bool = False) -> int:
    """Scrapy priority for a score: tenths count, and a file beats a page of the same score."""
    return int(round(score * 10)) + (5 if attachment else 0)


@dataclass
class SiteLedger:
    """One site's account in this crawl."""

    name: str
    budget: int
    spent: int = 0
    reports: int = 0
    open: int = 0  # requests sent whose page the spider has not finished reading
    items: int = 0  # captures in the pipelines
    pending: dict[bytes, Request] = field(default_factory=dict)  # scheduled, not yet sent
    waiting_scores: Counter[float] = field(default_factory=Counter)  # the scores of ``pending``
    fetched: set[bytes] = field(default_factory=set)
    declined: Counter[str] = field(default_factory=Counter)
    best_declined: float | None = None
    memory: SiteMemory = field(default_factory=SiteMemory)
    fallbacks_tried: bool = False

    def verdict(self, score: float, titled_document: bool = False) -> str | None:
        """Why a request of this *score* should not be sent now, or None."""
        if self.spent >= self.budget:
            return "budget"
        floor = max(self.floor(), DOCUMENT_FLOOR) if titled_document else self.floor()
        if self.reports and score < floor:
            return "satisfied"
        return None

    def floor(self) -> float:
        """The score a request needs once the site has yielded reports. A site publishes one a year
        (and its departments theirs): with one found, the widest menus (通知公告, 政务公开) are still
        worth their listings; with more, only a container column (计划总结, 部门信息公开) or better."""
        return FOLLOW_THRESHOLD if self.reports < ONE_REPORT_MORE else SATISFIED_FLOOR

    def decline(self, reason: str, score: float) -> None:
        self.declined[reason] += 1
        self.best_declined = score if self.best_declined is None else max(self.best_declined, score)

    def best_waiting(self) -> float | None:
        """The best score among requests scheduled and not yet sent."""
        return max((s for s, n in self.waiting_scores.items() if n > 0), default=None)

    def wait(self, fp: bytes, request: Request) -> None:
        if fp not in self.pending:
            self.pending[fp] = request
            self.waiting_scores[request.meta.get("score", 0.0)] += 1

    def unwait(self, fp: bytes) -> Request | None:
        request = self.pending.pop(fp, None)
        if request is not None:
            self.waiting_scores[request.meta.get("score", 0.0)] -= 1
        return request

    def best_remaining(self) -> float | None:
        """The best score among requests not sent: declined ones, and any still waiting."""
        waiting = [r.meta.get("score", 0.0) for r in self.pending.values()]
        scores = waiting + ([self.best_declined] if self.best_declined is not None else [])
        return max(scores) if scores else None

    def stop_reason(self) -> str:
        if self.declined["budget"]:
            return f"budget spent ({self.budget} requests)"
        if self.declined["satisfied"]:
            return f"satisfied (reports found, every remaining link scored below {self.floor():g})"
        if self.spent <= 1 and not self.reports:
            return "nothing to follow (the start page led nowhere)"
        return "exhausted (every link followed)"

    def summary(self) -> dict[str, Any]:
        best = self.best_remaining()
        return {"site": self.name, "pages": self.spent, "reports": self.reports,
                "best_remaining": round(best, 2) if best is not None else None,
                "declined": dict(self.declined), "stop_reason": self.stop_reason()}


class Frontier:
    """Scrapy extension: the per-site ledgers, kept in step by signals."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.budget = crawler.settings.getint("FAZHI_SITE_BUDGET")
        self.breadth_first = crawler.settings.get("FAZHI_STRATEGY", "focused") == "breadth"
        self.ledgers: dict[int, SiteLedger] = {}
        self._fingerprint = crawler.request_fingerprinter.fingerprint
        for handler, signal in ((self._scheduled, signals.request_scheduled),
                                (self._dropped, signals.request_dropped),
                                (self._item_done, signals.item_scraped),
                                (self._item_done, signals.item_dropped),
                                (self._item_done, signals.item_error),
                                (self._closed, signals.spider_closed)):
            crawler.signals.connect(handler, signal=signal)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Frontier:
        return cls(crawler)

    # --- the books --------------------------------------------------------------------------------
    def ledger(self, index: int) -> SiteLedger:
        if index not in self.ledgers:
            site = self.crawler.spider.sites[index]
            parent = self._parent_ledger(site)
            self.ledgers[index] = SiteLedger(
                name=site.name, budget=site.budget or self.budget,
                memory=parent.memory if parent else SiteMemory(),  # a 站群 sibling shares the lessons
            )
        return self.ledgers[index]

    def _parent_ledger(self, site: Any) -> SiteLedger | None:
        if not site.via_site_group:
            return None
        sites = self.crawler.spider.sites
        index = next((i for i, s in enumerate(sites) if s.name == site.via_site_group), None)
        return self.ledger(index) if index is not None else None

    def fingerprint(self, request: Request) -> bytes:
        return self._fingerprint(request)

    def page_read(self, request: Request) -> None:
        """The spider has finished with the page (or the failure) of a sent request."""
        index = request.meta.pop(OPEN_KEY, None)
        if index is not None:
            self.ledger(index).open -= 1
        elif "site" in request.meta:  # refused before it was sent (robots.txt): it waits no more
            self._dropped(request, None)

    def capture_started(self, index: int) -> None:
        self.ledger(index).items += 1

    async def settled(self, ledger: SiteLedger) -> None:
        """Wait until every page of the site sent so far has been read and every capture catalogued."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_TIMEOUT
        while (ledger.open > 0 or ledger.items > 0) and loop.time() < deadline:
            await asyncio.sleep(0.02)

    # --- signals -----------------------------------------------------------------------------------
    def _scheduled(self, request: Request, spider: Any) -> None:
        index = request.meta.get("site")
        if index is None:
            return
        if OPEN_KEY in request.meta:  # a retry or redirect: its parent's page will never be read
            self.page_read(request)
            request.meta[FOLLOW_UP_KEY] = True
        self.ledger(index).wait(self.fingerprint(request), request)

    def _dropped(self, request: Request, spider: Any) -> None:
        index = request.meta.get("site")
        if index is None:
            return
        ledger = self.ledger(index)
        fp = self.fingerprint(request)
        waiting = ledger.pending.get(fp)
        if waiting is request:
            ledger.unwait(fp)
        elif waiting is not None and _better(request, waiting):
            # the same page found again through a better link (a listing's titled anchor after a bare
            # sitemap entry): it is worth what the better link says, and takes the better link's trail
            waiting.meta["promoted"] = request.meta["score"]
            self.crawler.stats.inc_value("fazhi/frontier/promoted")
            self.crawler.engine.crawl(self.crawler.spider.rescored(request, request.meta["score"]))

    def _item_done(self, item: Any, response: Any = None, spider: Any = None, **_: Any) -> None:
        if response is None or "site" not in response.meta:
            return
        index = response.meta["site"]
        ledger = self.ledger(index)
        ledger.items -= 1
        document = getattr(item, "document", None)
        if document is not None and document.is_report:
            ledger.reports += 1
            if ledger.memory.learn(item.url, response.meta.get("trail") or []):
                self._promote(index)

    def _promote(self, index: int) -> None:
        """Send again, at their new worth, the waiting requests that the site's lessons lift."""
        ledger = self.ledger(index)
        spider = self.crawler.spider
        for request in list(ledger.pending.values()):
            base = request.meta.get("base_score", request.meta.get("score", 0.0))
            lifted = base + ledger.memory.bonus(Link(request.url, request.meta.get("anchor") or ""))
            if lifted <= max(request.meta.get("score", 0.0), request.meta.get("promoted", float("-inf"))):
                continue
            request.meta["promoted"] = lifted
            self.crawler.stats.inc_value("fazhi/frontier/promoted")
            self.crawler.engine.crawl(spider.rescored(request, lifted))

    def _closed(self, spider: Any, reason: str) -> None:
        rows = []
        for index, site in enumerate(getattr(spider, "sites", [])):
            ledger = self.ledgers.get(index)
            row = ledger.summary() if ledger else {
                "site": site.name, "pages": 0, "reports": 0, "best_remaining": None, "declined": {},
                "stop_reason": "never reached"}
            rows.append(row)
            logger.info("site %s: %d requests, %d report captures, best remaining score %s, stopped: %s",
                        row["site"], row["pages"], row["reports"], row["best_remaining"], row["stop_reason"])
        self.crawler.stats.set_value("fazhi/sites", rows)


def _better(found: Request, waiting: Request) -> bool:
    score = found.meta.get("score", 0.0)
    return score > max(waiting.meta.get("score", 0.0), waiting.meta.get("promoted", float("-inf")))


def follow_up(request: Request) -> bool:
    """A retry or redirect of a request already sent: it is the same fetch, never declined."""
    return bool(request.meta.get(FOLLOW_UP_KEY))


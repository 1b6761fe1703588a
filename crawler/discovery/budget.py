"""The per-site budget and stop rule, applied where a request leaves for the network.

A downloader middleware, so that it sees requests in the scheduler's order (best score first) and
whatever the scheduler is (Scrapy's memory queue, a disk queue, a shared scrapy-redis queue):
a request the site no longer needs is declined here, with its reason counted, instead of being
dropped when it was found. The books are crawler.discovery.frontier's.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from crawler.discovery.frontier import OPEN_KEY, SATISFIED_FLOOR, Frontier, SiteLedger, follow_up
from crawler.discovery.scoring import FOLLOW_THRESHOLD

logger = logging.getLogger(__name__)
DECLINED = "frontier:"  # prefix of the IgnoreRequest message: a decision, not an error


class SiteBudgetMiddleware:
    def __init__(self, crawler: Crawler, frontier: Frontier) -> None:
        self.crawler = crawler
        self.frontier = frontier
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteBudgetMiddleware:
        frontier = crawler.get_extension(Frontier)
        if frontier is None:
            raise NotConfigured("SiteBudgetMiddleware needs the Frontier extension")
        return cls(crawler, frontier)

    async def process_request(self, request: Request) -> None:
        index = request.meta.get("site")
        if index is None:
            return None  # robots.txt and other requests of Scrapy's own
        ledger = self.frontier.ledger(index)
        fp = self.frontier.fingerprint(request)
        if not follow_up(request):
            if fp in ledger.fetched:  # the slower copy of a promoted request
                self.stats.inc_value("fazhi/frontier/duplicate")
                raise IgnoreRequest(f"{DECLINED} fetched already")
            if not self.frontier.breadth_first:
                await self._decide(request, fp, ledger)  # it stays "waiting" meanwhile: a better link
        ledger.unwait(fp)  # to the same page found while it waits promotes it (Frontier._dropped)
        ledger.spent += 1
        logger.debug("frontier: sending %s (score %.1f, site %s, spent %d, reports %d)", request.url,
                     request.meta.get("score", 0.0), ledger.name, ledger.spent, ledger.reports)
        ledger.fetched.add(fp)
        ledger.open += 1
        request.meta[OPEN_KEY] = index
        return None

    async def _decide(self, request: Request, fp: bytes, ledger: SiteLedger) -> None:
        score = request.meta.get("score", 0.0)
        if score < SATISFIED_FLOOR:
            await self.frontier.settled(ledger)
            best = ledger.best_waiting()
            if best is not None and best > score:  # the pages just read found better links: they go first
                self.stats.inc_value("fazhi/frontier/requeued")
                ledger.unwait(fp)
                self.crawler.engine.crawl(request.replace(dont_filter=True))
                raise IgnoreRequest(f"{DECLINED} requeued behind better links")
        reason = ledger.verdict(score, titled_document=bool(request.meta.get("titled_document")))
        if reason is None and score < FOLLOW_THRESHOLD and not ledger.reports and not ledger.fallbacks_tried:
            ledger.fallbacks_tried = True
            for fallback in self.crawler.spider.fallback_requests(request.meta["site"]):
                self.crawler.engine.crawl(fallback)
        if reason is not None:
            ledger.unwait(fp)
            ledger.decline(reason, score)
            self.stats.inc_value(f"fazhi/frontier/declined/{reason}")
            raise IgnoreRequest(f"{DECLINED} {reason}")

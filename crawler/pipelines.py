"""Item pipelines: extract each archived article, then catalog it.

Extraction (and a report's MinHash signature) runs in a worker thread so the reactor
keeps downloading while trafilatura parses; catalog writes are short transactions on
the reactor thread.
A report capture's extracted text is archived too, as a ``conversion`` record the
recorder writes (the crawl's one WARC writer), and the catalog notes where it is.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from catalog.db import database_url, open_catalog
from catalog.neardup import signature
from catalog.store import extractor_version
from crawler.downloadermiddlewares.recorder import WarcRecorderMiddleware
from crawler.items import PageCapture
from crawler.runstats import summarise
from extract.document import ExtractedDocument
from extract.files import extract_file

logger = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(crawler)

    async def process_item(self, item: PageCapture) -> PageCapture:
        try:
            extracted = await maybe_deferred_to_future(deferToThread(_extract_and_sign, item))
        except Exception as exc:  # a broken page must not stop the crawl
            self.stats.inc_value("fazhi/errors/extract")
            raise DropItem(f"extraction failed for {item.url}: {exc!r}") from exc
        item.document, item.signature = extracted
        self.stats.inc_value("fazhi/pages_extracted")
        return item


def _extract_and_sign(item: PageCapture) -> tuple[ExtractedDocument, list[int] | None]:
    """The document and, for a report, its near-duplicate signature: both CPU work for the worker thread,
    so the reactor only does the catalog's short writes."""
    document = extract_file(item.body, item.url, item.content_type, item.region_hint, item.site_name,
                            item.title_hint)
    return document, signature(document.text) if document.is_report else None


class CatalogPipeline:
    """Owns the crawl run's catalog session: opens the run, records items, closes it."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.db_url = database_url(Path(settings["FAZHI_DATA_DIR"]), settings.get("FAZHI_DB_URL"))
        self.catalog = None
        self.run_id: int | None = None
        crawler.signals.connect(self.finish, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CatalogPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.catalog = open_catalog(self.db_url)
        settings = self.crawler.settings
        self.run_id = self.catalog.start_run(
            sites_file=str(settings.get("FAZHI_SITES_FILE") or ""),
            settings={k: settings.get(k) for k in ("DOWNLOAD_DELAY", "ROBOTSTXT_OBEY", "USER_AGENT")},
        )
        self.crawler.stats.set_value("fazhi/run_id", self.run_id)

    def process_item(self, item: PageCapture) -> PageCapture:
        capture_id = self.catalog.add_capture(
            self.run_id, item.url, item.pointer, status=item.status, content_type=item.content_type,
            site_name=item.site_name, region_hint=item.region_hint, title_hint=item.title_hint,
        )
        if item.document is not None and item.document.is_report:
            self.catalog.add_report(self.run_id, capture_id, item.document, item.signature)
            self._archive_text(capture_id, item)
            self.crawler.stats.inc_value("fazhi/reports")
            logger.info("report: %s (%s)", item.document.title, item.url)
        return item

    def _archive_text(self, capture_id: int, item: PageCapture) -> None:
        """The capture's extracted text as a conversion record, and its place in the catalog."""
        recorder = self.crawler.get_downloader_middleware(WarcRecorderMiddleware)
        if recorder is None:
            raise RuntimeError("report texts are archived by WarcRecorderMiddleware, which is not enabled")
        pointer = recorder.write_conversion(item.pointer, item.url, item.document.text)
        self.catalog.add_conversion(capture_id, pointer, extractor_version())

    def finish(self, spider: object, reason: str) -> None:
        if self.catalog is None:
            return
        stats = dict(self.crawler.stats.get_stats())
        stats["finish_reason"] = reason
        status = "finished" if reason == "finished" else f"stopped: {reason}"
        self.catalog.finish_run(self.run_id, status=status, stats=summarise(stats))
        self.catalog.close()
        self.catalog = None

"""Run one crawl in this process: settings from the CLI, the spider, a result.

Scrapy's reactor can start only once per process, so a process runs one crawl;
tests and the demo therefore drive crawls through the ``fazhi`` command or
call this once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.runstats import summarise
from crawler.sites import SiteConfig
from crawler.spiders.reports import ReportSpider


@dataclass(frozen=True)
class CrawlResult:
    run_id: int | None
    summary: dict[str, Any]
    unreachable: list[str]
    log_file: Path


def crawl_settings(
    *,
    data_dir: Path,
    db_url: str | None,
    sites: list[SiteConfig],
    sites_file: Path | None,
    proxy: str | None = None,
    delay: float | None = None,
    progress: bool = False,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """Scrapy settings for one crawl: project defaults, then CLI choices, then per-site delays."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    chosen: dict[str, Any] = {
        "FAZHI_DATA_DIR": str(data_dir),
        "FAZHI_DB_URL": db_url,
        "FAZHI_PROXY": proxy,
        "FAZHI_SITES_FILE": str(sites_file) if sites_file else None,
        "FAZHI_PROGRESS": progress,
        "LOG_FILE": str(log_dir / f"crawl-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.log"),
        # a site's delay is a floor, so no jitter below it (newer Scrapy reads "jitter", older
        # "randomize_delay"; each ignores the other's key)
        "DOWNLOAD_SLOTS": {
            host: {"delay": site.delay, "jitter": 0.0, "randomize_delay": False}
            for site in sites if site.delay is not None for host in site.hosts
        },
    }
    if delay is not None:
        chosen["DOWNLOAD_DELAY"] = delay
        chosen["AUTOTHROTTLE_START_DELAY"] = max(delay, 0.01)
    chosen.update(overrides or {})
    settings.setdict(chosen, priority="cmdline")
    return settings


def run_crawl(sites: list[SiteConfig], settings: Settings) -> CrawlResult:
    """Crawl *sites* to completion and say what happened."""
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ReportSpider)
    process.crawl(crawler, sites=sites)
    process.start()
    stats = dict(crawler.stats.get_stats())
    reached = crawler.spider.reached if crawler.spider else set()
    return CrawlResult(
        run_id=stats.get("fazhi/run_id"),
        summary=summarise(stats),
        unreachable=[site.name for i, site in enumerate(sites) if i not in reached],
        log_file=Path(settings["LOG_FILE"]),
    )

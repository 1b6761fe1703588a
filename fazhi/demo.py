"""``fazhi demo``: the whole job on the embedded simulated web, no network needed.

Starts simweb on a free loopback port, writes a sites file for its portals,
crawls them through simweb's forward proxy into the data directory, and prints
what the catalog now holds by region and year, with where everything is.
"""

from __future__ import annotations

import sys
from pathlib import Path

from catalog.db import database_url, open_catalog
from catalog.table import summary_by_region_year
from crawler.run import crawl_settings, run_crawl
from crawler.sites import load_sites
from simweb.server import start_simweb

CATALOG_ADDRESS = "http://127.0.0.1:8000/"  # where `fazhi serve` listens by default (make demo starts it)
DEMO_DELAY = 0.05  # seconds between requests to one simulated host: quick, still per-host polite


def run_demo(data_dir: Path, db_url: str | None, port: int = 0) -> int:
    data_dir.mkdir(parents=True, exist_ok=True)
    simweb = start_simweb(port=port, log_path=data_dir / "simweb-requests.jsonl")
    try:
        print(f"simweb: {len(simweb.world.sites)} simulated government sites behind proxy {simweb.proxy_url}")
        sites_file = data_dir / "simweb-sites.yaml"
        sites_file.write_text(simweb.world.sites_yaml(), encoding="utf-8")
        sites = load_sites(sites_file)
        settings = crawl_settings(
            data_dir=data_dir, db_url=db_url, sites=sites, sites_file=sites_file,
            proxy=simweb.proxy_url, delay=DEMO_DELAY, progress=sys.stderr.isatty(),
        )
        result = run_crawl(sites, settings)
    finally:
        simweb.stop()
    url = database_url(data_dir, db_url)
    catalog = open_catalog(url)
    try:
        reports = catalog.reports()
    finally:
        catalog.close()
    summary = result.summary
    print(f"crawl: {summary['pages_fetched']} responses, {summary['reports']} report captures, "
          f"errors {summary['errors'] or 'none'}")
    print(summary_by_region_year(reports))
    print(f"{len(reports)} reports in the catalog: {url}")
    print(f"WARC files: {data_dir / 'warcs'}   crawl log: {result.log_file}")
    print(f"next: fazhi --data-dir {data_dir} catalog ls   |   catalog export --format jsonl")
    print(f"the catalog in a browser: `make serve` (or fazhi --data-dir {data_dir} serve), "
          f"then open {CATALOG_ADDRESS}")
    return 0

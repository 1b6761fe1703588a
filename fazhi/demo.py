"""``fazhi demo``: the whole job on the embedded simulated web, no network needed.

Starts simweb on a free loopback port, writes a sites file for its portals,
crawls them through simweb's forward proxy into the data directory, and prints
what the catalog now holds by region and year, where everything is, and the
commands to go on with, spelt so they work as printed (the ``fazhi`` command
lives in ``.venv/bin``, which is not on a new user's PATH).
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from catalog.db import database_url, open_catalog
from catalog.table import summary_by_region_year
from crawler.run import crawl_settings, run_crawl
from crawler.sites import load_sites
from fazhi import crawl_summary
from simweb.server import start_simweb

CATALOG_ADDRESS = "http://127.0.0.1:8000/"  # where `fazhi serve` listens by default (`make serve` runs it)
DEMO_DELAY = 0.05  # seconds between requests to one simulated host: quick, still per-host polite
DEFAULT_DATA_DIR = Path("data")


def run_demo(data_dir: Path, db_url: str | None, port: int = 0) -> int:
    data_dir.mkdir(parents=True, exist_ok=True)
    simweb = start_simweb(port=port, log_path=data_dir / "simweb-requests.jsonl")
    try:
        print(f"simweb: {len(simweb.world.sites)} simulated government sites, proxy {simweb.proxy_url}; "
              "its 404s, 500s, cut and slow responses and redirect loops are deliberate faults", flush=True)
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
    changes = crawl_summary.report_changes(data_dir, db_url, result.run_id)
    print("\n".join(crawl_summary.lines(result.summary, result.run_id, result.log_file, changes=changes,
                                        per_site=False)))
    print(summary_by_region_year(reports))
    print("\n".join(next_steps(data_dir, url, len(reports), reports[-1].url if reports else None)))
    return 0


def next_steps(data_dir: Path, catalog_url: str, count: int, replay_url: str | None) -> list[str]:
    """Where the data is and the commands to go on with, each one that works as printed."""
    fazhi = fazhi_command()
    if data_dir != DEFAULT_DATA_DIR:
        fazhi += f" --data-dir {data_dir}"
    serve = "make serve" if data_dir == DEFAULT_DATA_DIR else f"{fazhi} serve"
    lines = [f"{count} reports in the catalog {catalog_url}",
             f"data: {data_dir}/ (WARC files in {data_dir / 'warcs'}, crawl logs in {data_dir / 'logs'})",
             "next:",
             f"  {fazhi} catalog ls                # the reports as a table (--json for JSON)",
             f"  {fazhi} catalog export --format csv --output reports.csv   # opens in Excel",
             f"  {serve}   # the web catalog: open {CATALOG_ADDRESS} (Ctrl-C stops it)"]
    if replay_url:
        lines.append(f"  {fazhi} replay {shlex.quote(replay_url)} | head -12   # a report as archived")
    return lines


def fazhi_command() -> str:
    """How to type the ``fazhi`` command from here: ``fazhi`` when it is on PATH, else its path."""
    here = Path(sys.executable).with_name("fazhi")
    found = shutil.which("fazhi")
    if found and Path(found).resolve() == here.resolve():
        return "fazhi"
    relative = os.path.relpath(here)
    return relative if not relative.startswith("..") else str(here)

"""Regenerate the README's screenshots of the web catalog: the coverage grid, a search, a report.

Crawls simweb into a temporary data directory with ``fazhi demo`` (or uses ``--data-dir``), starts
``fazhi serve`` over it and photographs three pages with Chromium into fazhi/web/screenshots/.

Run: .venv/bin/python bench/screenshots.py [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from crawler.browser import chromium_path
from fazhi.web.launch import FAZHI, serving

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "fazhi" / "web" / "screenshots"
PAGES = {
    "grid.png": "/?province=44&from=2021&to=2025",
    "search.png": "/search?q=法治政府建设情况报告",
}


def shoot(data_dir: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with serving(data_dir, cwd=REPO) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(None), headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 860}, device_scale_factor=1)
        for name, path in PAGES.items():
            page.goto(base + path)
            page.screenshot(path=OUT / name)
        page.goto(base + PAGES["grid.png"])
        row = page.locator("tr", has=page.locator("td.code", has_text="441781"))  # 阳春市
        row.locator("td.cell.found a").nth(1).click()  # its 2023 report
        page.wait_for_load_state()
        page.screenshot(path=OUT / "report.png")
        browser.close()
    print("wrote", ", ".join(str(OUT / name) for name in (*PAGES, "report.png")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="an already crawled data dir (default: crawl simweb)")
    args = parser.parse_args()
    if args.data_dir:
        shoot(args.data_dir)
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([*FAZHI, "--data-dir", tmp, "demo"], check=True, cwd=REPO, stdout=subprocess.DEVNULL,
                       timeout=900)
        shoot(Path(tmp))


if __name__ == "__main__":
    main()

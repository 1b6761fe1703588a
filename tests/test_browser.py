"""The browser path end to end: real Chromium, real HTTP through simweb, real WARCs read back.

The JSON-listing site (simweb style ``spa``) names its articles only in its API's JSON, so the
crawl finds its report only if Chromium rendered the listing; a ``render: never`` crawl of the
same site proves it.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.browser.traffic import DOM_URN, SCREENSHOT_URN

from .conftest import CHROMIUM, NO_CHROMIUM, crawl_one_site, run_fazhi

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
API = "/api/list?column=fzzfjs&page=1"


def spa_site(world):
    return next(p.info for p in world.plans if p.info.style == "spa")


def spa_report(world) -> dict:
    host = spa_site(world).host
    return next(r for r in world.truth()["reports"] if urlsplit(r["url"]).hostname == host)


def listing_url(world) -> str:
    return spa_report(world)["url"].split("/content/")[0] + "/index.html"


def read_records(data_dir: Path) -> list[dict]:
    out = []
    for path in sorted((data_dir / "warcs").glob("*.warc.gz")):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                out.append({
                    "type": record.rec_type, "uri": record.rec_headers.get_header("WARC-Target-URI"),
                    "id": record.rec_headers.get_header("WARC-Record-ID"),
                    "concurrent_to": record.rec_headers.get_header("WARC-Concurrent-To"),
                    "content_type": record.rec_headers.get_header("Content-Type"),
                    "status": record.http_headers.get_statuscode() if record.http_headers else None,
                    "http_type": record.http_headers.get_header("Content-Type") if record.http_headers else None,
                    "headers": record.http_headers.headers if record.http_headers else [],
                    "body": record.content_stream().read(),
                })
    return out


def test_json_listing_report_is_found_through_the_browser(crawl, simweb):
    report = spa_report(simweb.world)
    assert report["url"] in {r["url"] for r in crawl.export()}
    api_calls = [r for r in crawl.requests() if r["host"] == spa_site(simweb.world).host and r["path"] == API]
    assert api_calls and all(r["status"] == 200 for r in api_calls)


def test_json_api_answer_is_archived_as_a_real_response(crawl, simweb):
    host = spa_site(simweb.world).host
    served = simweb.world.routes[host][API].body
    records = read_records(crawl.data_dir)
    api = [r for r in records if r["type"] == "response" and r["uri"] == f"http://{host}{API}"]
    assert api, "the browser's XHR/fetch answer is not in the WARC"
    assert api[0]["status"] == "200" and api[0]["http_type"].startswith("application/json")
    assert api[0]["body"] == served
    assert any(r["type"] == "request" and r["concurrent_to"] == api[0]["id"] for r in records)
    items = {item["url"] for item in json.loads(served)["items"]}
    assert urlsplit(spa_report(simweb.world)["url"]).path in items


def test_screenshot_and_dom_are_separate_records_referring_to_the_page(crawl, simweb):
    url = listing_url(simweb.world)
    records = read_records(crawl.data_dir)
    by_id = {r["id"]: r for r in records}
    shot = next(r for r in records if r["uri"] == SCREENSHOT_URN + url)
    dom = next(r for r in records if r["uri"] == DOM_URN + url)
    assert shot["type"] == dom["type"] == "resource"
    assert shot["content_type"] == "image/png" and shot["body"][:8] == b"\x89PNG\r\n\x1a\n"
    assert dom["content_type"].startswith("text/html")
    page = by_id[shot["concurrent_to"]]
    assert page["type"] == "response" and page["uri"] == url and dom["concurrent_to"] == page["id"]
    report_path = urlsplit(spa_report(simweb.world)["url"]).path
    assert report_path.encode() in dom["body"]  # the script wrote the link into the DOM ...
    assert report_path.encode() not in page["body"]  # ... which the server never sent
    assert page["body"] == simweb.world.routes[urlsplit(url).hostname][urlsplit(url).path].body


def test_browser_never_requests_a_robots_disallowed_url(crawl, simweb):
    site = spa_site(simweb.world)
    listing = simweb.world.routes[site.host][urlsplit(listing_url(simweb.world)).path].body
    assert b'src="/tongji/' in listing  # the page asks for it; robots.txt forbids it
    requested = [r["path"] for r in crawl.requests() if r["host"] == site.host]
    assert API in requested and not [p for p in requested if p.startswith("/tongji/")]


def test_render_never_leaves_the_json_listing_unread(simweb, tmp_path):
    requests = crawl_one_site(simweb, tmp_path, spa_site(simweb.world), "    render: never\n")
    assert any(urlsplit(r["url"]).path == urlsplit(listing_url(simweb.world)).path for r in requests)
    assert not [r for r in requests if r["path"].startswith("/api/")]
    exported = run_fazhi("--data-dir", str(tmp_path), "catalog", "export", "--format", "jsonl")
    assert spa_report(simweb.world)["url"] not in exported.stdout


def test_browser_and_downloader_share_the_hosts_delay(simweb, tmp_path):
    """The site asks for 0.6 s between requests; the crawl's own delay is 0. Scrapy's downloader and
    Chromium (the page, its script, its JSON call) take turns in one download slot, so no two
    requests to the host, from either, come closer than that (simweb's request log)."""
    site = spa_site(simweb.world)
    delay = 0.6
    requests = crawl_one_site(simweb, tmp_path, site, f"    delay: {delay}\n")
    mine = sorted(datetime.fromisoformat(r["ts"]) for r in requests if r["host"] == site.host)
    assert any(r["path"] == API for r in requests), "the browser never rendered the listing"
    assert len(mine) >= 10
    gaps = [(b - a).total_seconds() for a, b in zip(mine, mine[1:], strict=False)]
    # simweb logs arrivals, not departures: a busy machine shifts one arrival by a few tenths of a second.
    # Unshared pacing gives gaps of a few hundredths, far below this tolerance.
    assert min(gaps) >= delay - 0.25, sorted(gaps)[:5]

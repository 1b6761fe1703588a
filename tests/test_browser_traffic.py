"""What the browser sends: only the crawl's sites' traffic, all of it under the crawler's User-Agent.

Real Chromium through simweb, whose request log records every request it receives whatever the
method: Chromium's own background traffic (component updater, sign-in ...) would show there as
CONNECTs and POSTs to vendor hosts, a page's off-site embeds as requests to hosts outside the world.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.browser.fence import Fence
from crawler.browser.renderer import launch_options
from crawler.settings import USER_AGENT
from crawler.sites import load_sites
from simweb.sites.spa import OFFSITE_EMBEDS

from .conftest import CHROMIUM, NO_CHROMIUM, crawl_one_site, simweb_log_lines
from .test_browser import API, listing_url, read_records, spa_site

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
OFFSITE_HOSTS = {urlsplit(u).hostname for u in OFFSITE_EMBEDS}


def crawl_stat(data_dir: Path, name: str) -> int:
    """A counter from the Scrapy stats the crawl dumped into its log (0 when never counted)."""
    text = "".join(p.read_text(encoding="utf-8") for p in (data_dir / "logs").glob("crawl-*.log"))
    found = re.findall(rf"'{re.escape(name)}': (\d+)", text)
    return int(found[-1]) if found else 0


def test_whole_crawl_sends_only_site_traffic_under_the_crawlers_user_agent(crawl, simweb):
    requests = crawl.requests()
    assert any(r["path"] == API for r in requests), "the browser rendered nothing in this crawl"
    sites = load_sites(crawl.data_dir / "sites.yaml")
    outside = [r for r in requests if r["host"] not in simweb.world.routes  # 站群 portals are world hosts
               and not any(s.allows(r["url"]) for s in sites)]
    assert not outside, outside[:5]
    assert {r["method"] for r in requests} <= {"GET", "HEAD"}  # no CONNECT, no POST from Chromium
    assert {r["ua"] for r in requests} == {USER_AGENT}


def test_archived_browser_requests_name_no_headless_chrome(crawl, simweb):
    """The headers Chromium sent, as archived: the crawler's User-Agent, no "HeadlessChrome" anywhere."""
    api_url = f"http://{spa_site(simweb.world).host}{API}"
    records = read_records(crawl.data_dir)
    api = next(r for r in records if r["type"] == "response" and r["uri"] == api_url)
    request = next(r for r in records if r["type"] == "request" and r["concurrent_to"] == api["id"])
    assert dict(request["headers"])["User-Agent"] == USER_AGENT
    assert not [h for h in request["headers"] if "headless" in h[1].lower()], request["headers"]


def test_off_site_embeds_are_blocked_counted_and_never_sent(simweb, tmp_path):
    site = spa_site(simweb.world)
    listing = simweb.world.routes[site.host][urlsplit(listing_url(simweb.world)).path].body
    assert all(url.encode() in listing for url in OFFSITE_EMBEDS)  # the page asks for both
    requests = crawl_one_site(simweb, tmp_path, site)
    assert any(r["path"] == API for r in requests), "the browser never rendered the listing"
    assert not [r for r in requests if r["host"] != site.host], "a request left the site"
    rendered = crawl_stat(tmp_path, "fazhi/browser/pages")
    assert rendered >= 1 and crawl_stat(tmp_path, "fazhi/browser/offsite_blocked") == len(OFFSITE_EMBEDS) * rendered
    assert not [r for r in read_records(tmp_path) if urlsplit(r["uri"] or "").hostname in OFFSITE_HOSTS]


def test_browser_user_agent_setting_is_what_every_browser_request_carries(simweb, tmp_path):
    custom = "fazhi-browser-test/2 (custom)"
    site = spa_site(simweb.world)
    requests = crawl_one_site(simweb, tmp_path, site, crawl_args=("--set", f"FAZHI_BROWSER_USER_AGENT={custom}"))
    browser_only = [r for r in requests if r["path"] in (API, "/js/common.js")]  # Scrapy never fetches these
    assert len(browser_only) >= 2 and {r["ua"] for r in browser_only} == {custom}
    listing = [r["ua"] for r in requests if r["url"] == listing_url(simweb.world)]
    assert sorted(listing) == sorted([USER_AGENT, custom])  # fetched by Scrapy, then rendered
    assert {r["ua"] for r in requests} == {USER_AGENT, custom}


def test_fenced_chromium_reports_the_user_agent_and_sends_nothing_of_its_own(simweb, tmp_path):
    """The crawl's Chromium configuration on its own, without the route handler: navigator.userAgent (in
    the page and in a worker) is the configured one, an off-site fetch fails, and in the seconds Chromium
    runs, its background services (which talk within the first seconds) send simweb nothing."""
    from playwright.sync_api import sync_playwright

    site = spa_site(simweb.world)
    start = len(simweb_log_lines(simweb))
    fence = Fence([site.host], simweb.proxy_url)
    try:
        with sync_playwright() as playwright:
            options = launch_options(CHROMIUM, fence, "fazhi-fence-test/1")
            browser = playwright.chromium.launch_persistent_context(tmp_path / "profile", **options)
            page = browser.new_page()
            page.goto(listing_url(simweb.world), wait_until="networkidle")
            assert page.evaluate("navigator.userAgent") == "fazhi-fence-test/1"
            in_worker = page.evaluate("""new Promise(done => {
                const w = new Worker(URL.createObjectURL(new Blob(["postMessage(navigator.userAgent)"])));
                w.onmessage = e => done(e.data); })""")
            assert in_worker == "fazhi-fence-test/1"
            offsite = page.evaluate(f"fetch('{OFFSITE_EMBEDS[1]}').then(r => r.status, e => 'failed')")
            assert offsite == "failed"
            time.sleep(8)
            browser.close()
    finally:
        fence.close()
    logged = [json.loads(line) for line in simweb_log_lines(simweb)[start:]]
    assert any(r["path"] == API for r in logged)
    assert {r["host"] for r in logged} == {site.host} and {r["ua"] for r in logged} == {"fazhi-fence-test/1"}

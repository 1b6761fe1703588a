"""End to end: the ways in besides links (sitemap, site search, 站群), over real HTTP through simweb.

Each simweb report tested here is reachable by exactly one of them (simweb.unlinked, SITE_GROUPS), so
the session crawl finding it proves that way in works.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from simweb.attachments import REPOST
from simweb.directory import SITE_GROUPS
from simweb.unlinked import UNLINKED

from .conftest import crawl_one_site, run_fazhi
from .test_crawl_simweb import normalise


def _report(truth: dict, host: str, year: int) -> dict:
    return next(r for r in truth["reports"] if urlsplit(r["url"]).hostname == host and r["year"] == year)


def _exported(crawl) -> dict[str, dict]:
    return {normalise(r["url"]): r for r in crawl.export()}


def test_the_report_only_a_sitemap_lists_is_found_through_robots_txt(crawl, simweb):
    job = next(j for j in UNLINKED if j.way_in == "sitemap")
    report = _report(crawl.truth, job.host, job.year)
    assert normalise(report["url"]) in _exported(crawl), report["url"]
    fetched = {(r["host"], r["path"]) for r in crawl.requests()}
    assert (job.host, "/sitemap.xml") in fetched and (job.host, "/sitemap/xxgk.xml.gz") in fetched
    sitemap_pages = [r for r in crawl.requests() if r["host"] == job.host and "/xxgk/" in r["path"]]
    listed = [p for p in simweb.world.routes[job.host] if p.startswith("/xxgk/")]  # all in its sitemap
    assert len(sitemap_pages) < len(listed) / 3, "the sitemap's entries must be scored, not all fetched"


def test_the_report_only_the_site_search_finds_is_found(crawl):
    job = next(j for j in UNLINKED if j.way_in == "search")
    report = _report(crawl.truth, job.host, job.year)
    assert normalise(report["url"]) in _exported(crawl), report["url"]
    searches = [r for r in crawl.requests() if r["host"] == job.host and "q=" in r["path"]]
    assert len(searches) == 2 and all(r["status"] == 200 for r in searches)
    assert "q=%E6%B3%95%E6%B2%BB%E6%94%BF%E5%BA%9C%E5%BB%BA%E8%AE%BE" in searches[0]["path"]  # 法治政府建设, UTF-8


def test_the_county_reached_through_the_site_group_is_catalogued_as_the_county(crawl):
    prefecture, (county,) = next(iter(SITE_GROUPS.items()))
    exported = _exported(crawl)
    county_reports = [r for r in crawl.truth["reports"] if urlsplit(r["url"]).hostname == county]
    assert county_reports
    for report in county_reports:
        found = exported[normalise(report["url"])]
        assert (found["region_code"], found["issuer"]) == (report["region_code"], report["issuer"])
        assert found["region_code"] != crawl.truth["reports"][0]["region_code"]  # not the prefecture's
    assert {r["path"] for r in crawl.requests() if r["host"] == county} >= {"/robots.txt", "/"}


def test_the_county_report_reposted_by_its_prefecture_is_one_report_with_both_captures(crawl):
    prefecture, county, year = REPOST
    report = _report(crawl.truth, county, year)
    [repost] = [u for u in report["also_at"] if urlsplit(u).hostname == prefecture]
    urls = {normalise(report["url"]), normalise(repost)}
    found = [r for r in crawl.export() if urls & {normalise(c["url"]) for c in r["captures"]}]
    assert len(found) == 1
    assert normalise(found[0]["url"]) == normalise(report["url"])  # the county's own publication
    assert (found[0]["issuer"], found[0]["region_code"]) == (report["issuer"], report["region_code"])
    assert {urlsplit(c["url"]).hostname for c in found[0]["captures"]} == {prefecture, county}


def test_without_follow_site_group_the_county_host_is_never_requested(simweb, tmp_path):
    prefecture, (county,) = next(iter(SITE_GROUPS.items()))
    site = next(s for s in simweb.world.sites if s.host == prefecture)
    hosts = {r["host"] for r in crawl_one_site(simweb, tmp_path, site)}
    assert prefecture in hosts and county not in hosts


def test_a_search_value_without_the_query_placeholder_is_a_clear_error(tmp_path):
    sites = tmp_path / "sites.yaml"
    sites.write_text('sites:\n  - name: 安吉县人民政府\n    start_urls: ["http://www.anji.gov.cn/"]\n'
                     '    search: "/jrobot/search.do?q="\n', encoding="utf-8")
    out = run_fazhi("--data-dir", str(tmp_path), "crawl", "--sites", str(sites))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines() == [
        f'fazhi: error: {sites}, site #1: search must contain {{q}} exactly once (e.g. "/search?q={{q}}"), '
        "got '/jrobot/search.do?q='"]

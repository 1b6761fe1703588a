"""The three ways in besides links, decided without a network: search URLs, sitemaps, 站群 links."""

from __future__ import annotations

import gzip
from pathlib import Path

from crawler.discovery.pages import PageView
from crawler.discovery.scoring import FOLLOW_THRESHOLD
from crawler.discovery.waysin.search import search_urls
from crawler.discovery.waysin.sitegroup import derived_site, portal_links
from crawler.discovery.waysin.sitemaps import entry_score, read_sitemap, sitemaps_in_robots
from crawler.sites import SiteConfig, load_sites


def test_search_key_is_loaded_and_queries_are_utf8_percent_encoded(tmp_path: Path):
    path = tmp_path / "sites.yaml"
    path.write_text('sites:\n  - name: 安吉县人民政府\n    start_urls: ["http://www.anji.gov.cn/"]\n'
                    '    search: "/jrobot/search.do?webid=74&q={q}"\n    follow_site_group: true\n',
                    encoding="utf-8")
    site = load_sites(path)[0]
    assert site.follow_site_group and site.search == "/jrobot/search.do?webid=74&q={q}"
    urls = search_urls(site, ("法治政府 报告",))
    assert urls == ["http://www.anji.gov.cn/jrobot/search.do?webid=74&q=%E6%B3%95%E6%B2%BB%E6%94%BF%E5%BA%9C"
                    "%20%E6%8A%A5%E5%91%8A"]
    assert search_urls(SiteConfig("x", ("http://a.gov.cn/",))) == []


def test_a_search_host_of_its_own_joins_the_sites_domains(tmp_path: Path):
    path = tmp_path / "sites.yaml"
    path.write_text('sites:\n  - name: x\n    start_urls: ["http://www.gd.gov.cn/"]\n'
                    '    search: "http://search.gd.gov.cn/search?keywords={q}"\n', encoding="utf-8")
    site = load_sites(path)[0]
    assert site.allows("http://search.gd.gov.cn/search?keywords=a")


def test_robots_sitemap_lines_are_read():
    robots = b"User-agent: *\nDisallow: /search/\nSitemap: /sitemap.xml\nsitemap: http://a.gov.cn/s2.xml\n"
    assert sitemaps_in_robots(robots, "http://a.gov.cn/robots.txt") == [
        "http://a.gov.cn/sitemap.xml", "http://a.gov.cn/s2.xml"]


def test_sitemap_index_and_gzipped_urlset_are_read():
    index = (b'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
             b'sitemap/0.9"><sitemap><loc>http://a.gov.cn/s1.xml.gz</loc></sitemap></sitemapindex>')
    assert read_sitemap(index).kind == "sitemapindex"
    assert read_sitemap(index).locations == ["http://a.gov.cn/s1.xml.gz"]
    urlset = (b'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
              b"<url><loc>http://a.gov.cn/xxgk/fzzfbg/content_1.html</loc><lastmod>2024-02-03</lastmod></url>"
              b"</urlset>")
    parsed = read_sitemap(gzip.compress(urlset))
    assert parsed.kind == "urlset" and parsed.locations == ["http://a.gov.cn/xxgk/fzzfbg/content_1.html"]
    assert read_sitemap(b"\x1f\x8bnot gzip").kind == ""
    assert read_sitemap(b"User-agent: *").kind == ""


def test_sitemap_entries_are_scored_by_url_and_season():
    report = {"loc": "http://a.gov.cn/xxgk/fzzfbg/content_1.html", "lastmod": "2024-02-03"}
    autumn = {"loc": "http://a.gov.cn/xxgk/fzzfbg/content_2.html", "lastmod": "2023-10-09"}
    news = {"loc": "http://a.gov.cn/xwdt/zwyw/content_3.html", "lastmod": "2024-02-03"}
    assert entry_score(report) >= FOLLOW_THRESHOLD
    assert entry_score(autumn) < FOLLOW_THRESHOLD
    assert entry_score(news) < FOLLOW_THRESHOLD


PREFECTURE = SiteConfig("清远市人民政府", ("http://www.gdqy.gov.cn/",), region="441800",
                        allowed_domains=("www.gdqy.gov.cn",), follow_site_group=True)


def test_site_group_block_links_and_portal_homes_qualify_but_nothing_else():
    html = """<html><body>
    <div class="zqdh"><span>站群导航</span><ul><li><a href="http://www.yingde.gov.cn/index.html">英德市</a></li>
    <li><a href="http://xxgk.fogang.gov.cn/col/">佛冈县</a></li></ul></div>
    <div class="links"><a href="http://www.gd.gov.cn/">广东省人民政府</a>
    <a href="http://www.shop.com/">商城</a><a href="http://www.lianzhou.gov.cn/news/1.html">连州新闻</a>
    <a href="https://beian.miit.gov.cn/">粤ICP备05080365号</a><a href="/zwgk/">政府信息公开</a></div>
    </body></html>"""
    page = PageView("http://www.gdqy.gov.cn/", html.encode("utf-8"), "text/html; charset=utf-8")
    found = {link.url: link.text for link in portal_links(page, PREFECTURE)}
    assert found == {"http://www.yingde.gov.cn/": "英德市", "http://xxgk.fogang.gov.cn/": "佛冈县",
                     "http://www.gd.gov.cn/": "广东省人民政府"}


def test_a_portal_reached_through_the_site_group_is_a_site_of_its_own():
    page = PageView("http://www.gdqy.gov.cn/", '<div class="zqdh"><a href="http://www.yingde.gov.cn/">英德市人民政府'
                    "</a></div>".encode(), "text/html; charset=utf-8")
    county = derived_site(portal_links(page, PREFECTURE)[0], PREFECTURE)
    assert county.name == "英德市人民政府" and county.region is None
    assert county.allowed_domains == ("www.yingde.gov.cn",) and county.via_site_group == "清远市人民政府"
    assert not county.follow_site_group and not county.allows("http://www.gdqy.gov.cn/")

"""The crawler's decisions that need no network: sites file, link scores, CMS listings."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.discovery.pages import PageView
from crawler.discovery.scoring import FOLLOW_THRESHOLD, Link, score_link
from crawler.sites import SitesFileError, load_sites
from extract.cms.hanweb import datastore_records
from extract.cms.trs import create_page_html as trs_pagination


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_sites_file_defaults_allowed_domains_to_start_hosts(tmp_path):
    sites = load_sites(write(tmp_path, """
sites:
  - name: 阳春市人民政府
    start_urls: ["http://www.yangchun.gov.cn/"]
    region: "441781"
"""))
    assert sites[0].allowed_domains == ("www.yangchun.gov.cn",)
    assert sites[0].region == "441781"
    assert sites[0].allows("http://www.yangchun.gov.cn/zwgk/index.html")
    assert not sites[0].allows("http://www.yangjiang.gov.cn/")


def test_allowed_domain_covers_subdomains(tmp_path):
    sites = load_sites(write(tmp_path, """
sites:
  - name: x
    start_urls: ["http://www.yangchun.gov.cn/"]
    allowed_domains: ["yangchun.gov.cn"]
"""))
    assert sites[0].allows("http://xxgk.yangchun.gov.cn/a.html")
    assert not sites[0].allows("http://notyangchun.gov.cn/a.html")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sites: []", "no 'sites:' list"),
        ("sites:\n  - name: x\n", "needs 'name' and 'start_urls'"),
        ("sites:\n  - name: x\n    start_urls: ['ftp://a/']\n", r"not an http\(s\) URL"),
        ("sites:\n  - name: x\n    start_urls: ['http://a.gov.cn/']\n    region: '44'\n", "6-digit"),
        ("sites: [unclosed", "not valid YAML"),
        ("sites:\n  - name: x\n    start_urls: ['http://a.gov.cn/']\n    search: '/search?q='\n", r"\{q\}"),
        ("sites:\n  - name: x\n    start_urls: ['http://a.gov.cn/']\n    search: 'search?q={q}'\n", "path"),
        ("sites:\n  - name: x\n    start_urls: ['http://a.gov.cn/']\n    follow_site_group: 'no'\n",
         "true or false"),
    ],
)
def test_bad_sites_files_name_the_problem(tmp_path, text, message):
    with pytest.raises(SitesFileError, match=message):
        load_sites(write(tmp_path, text))


def test_missing_sites_file(tmp_path):
    with pytest.raises(SitesFileError, match="not found"):
        load_sites(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    "text",
    ["法治政府建设", "政府信息公开", "法定主动公开内容", "2023年法治政府建设年度报告", "法治政府建设年度报告"],
)
def test_links_toward_reports_are_followed(text):
    assert score_link(Link("http://www.a.gov.cn/col/col1/index.html", text)) >= FOLLOW_THRESHOLD


@pytest.mark.parametrize("text", ["新闻动态", "旅游景点", "领导信箱", "网站地图", "视频新闻", "English"])
def test_unrelated_links_are_not_followed(text):
    assert score_link(Link("http://www.a.gov.cn/xw/index.html", text)) < FOLLOW_THRESHOLD


def test_images_are_never_followed():
    assert score_link(Link("http://www.a.gov.cn/法治.jpg", "法治政府建设")) < 0


def test_trs_pagination_from_create_page_html():
    html = '<div class="page"><script>createPageHTML(4, 0, "index", "html");</script></div>'
    assert trs_pagination(html, "http://www.a.gov.cn/fzzf/index.html") == [
        "http://www.a.gov.cn/fzzf/index_1.html",
        "http://www.a.gov.cn/fzzf/index_2.html",
        "http://www.a.gov.cn/fzzf/index_3.html",
    ]


def test_trs_pagination_from_a_later_page_includes_the_first():
    html = "<script>createPageHTML('3','2','index','shtml')</script>"
    assert trs_pagination(html, "http://www.a.gov.cn/c/index_2.shtml") == [
        "http://www.a.gov.cn/c/index.shtml",
        "http://www.a.gov.cn/c/index_1.shtml",
    ]


def test_hanweb_datastore_records_become_links():
    html = """<div id="list"></div><script type="text/xml"><datastore><nextgroup><![CDATA[]]></nextgroup>
<recordset><record><![CDATA[<li><a href="/art/2024/3/28/art_1_2.html" title="2023年法治政府建设年度报告">2023年法治…</a><span>2024-03-28</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2024/3/1/art_1_1.html">春季植树活动</a></li>]]></record></recordset></datastore></script>"""
    links = datastore_records(html, "http://www.b.gov.cn/col/col1/index.html")
    assert [url for url, _, _ in links] == [
        "http://www.b.gov.cn/art/2024/3/28/art_1_2.html",
        "http://www.b.gov.cn/art/2024/3/1/art_1_1.html",
    ]
    assert links[0][1] == "2023年法治政府建设年度报告"


def test_page_view_finds_anchor_and_datastore_links_but_not_scripts():
    html = (
        '<html><body><a href="/zwgk/">政府信息公开</a><a href="javascript:void(0)">x</a>'
        '<script type="text/xml"><datastore><recordset><record><![CDATA[<a href="a.html">甲</a>]]>'
        "</record></recordset></datastore></script></body></html>"
    ).encode()
    page = PageView("http://www.c.gov.cn/col/index.html", body=html, content_type="text/html; charset=utf-8")
    assert [link.url for link in page.links()] == [
        "http://www.c.gov.cn/zwgk/",
        "http://www.c.gov.cn/col/a.html",
    ]
    assert not page.is_article


def test_article_meta_marks_an_article():
    html = '<html><head><meta name="ArticleTitle" content="报告"></head><body><p>正文</p></body></html>'
    assert PageView("http://www.c.gov.cn/x/", html.encode(), "text/html").is_article


@pytest.mark.parametrize("text", ["2023年政府信息公开工作年度报告", "政府信息公开年报", "政府信息公开工作年度报告"])
def test_disclosure_annual_reports_are_not_followed(text):
    assert score_link(Link("http://www.a.gov.cn/zfxxgknb/index.html", text)) < FOLLOW_THRESHOLD


def test_a_menu_does_not_lend_its_words_to_every_link_in_it():
    html = (
        "<html><body><div class='menu'><p>政府信息公开 法治政府建设 法定主动公开内容 机构概况 "
        '<a href="/zcwj/">政策文件</a> 新闻动态 通知公告</p></div></body></html>'
    ).encode()
    link = PageView("http://www.c.gov.cn/", html, "text/html").links()[0]
    assert score_link(link) == score_link(Link("http://www.c.gov.cn/zcwj/", "政策文件"))


def test_a_column_url_speaks_for_a_wordless_link_but_not_for_a_calendar():
    assert score_link(Link("http://www.a.gov.cn/zwgk/fzzfjs/index.html", "更多>>")) >= FOLLOW_THRESHOLD
    assert score_link(Link("http://www.a.gov.cn/zwgk/fzzfjs/index.html", "")) >= FOLLOW_THRESHOLD
    assert score_link(Link("http://www.a.gov.cn/fzzfjs/rili/calendar.jsp?month=2024-04", "下一月")) < FOLLOW_THRESHOLD


@pytest.mark.parametrize("simplified, traditional", [
    ("政府信息公开", "政府資訊公開"), ("法定主动公开内容", "法定主動公開內容"), ("年度报告", "年度報告"),
    ("政府信息公开工作年度报告", "政府資訊公開工作年度報告"), ("繁体版", "繁體版"),
])
def test_traditional_anchors_score_as_their_simplified_originals(simplified, traditional):
    """A 繁體 gateway's links (Taiwan phrasing: 資訊 for 信息) must lead the crawl where the origin's do."""
    url = "http://big5.a.gov.cn/gate/big5/www.a.gov.cn/col/col9/index.html"
    assert score_link(Link(url, traditional)) == score_link(Link(url, simplified))

"""The best-first crawl's decisions that need no network: vocabulary, scores, lessons, ways in."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from crawler.discovery.memory import SiteMemory, column_of, url_shape
from crawler.discovery.scoring import (
    FOLLOW_THRESHOLD,
    NEVER,
    REPORT_THRESHOLD,
    Link,
    is_pager_link,
    score_link,
)
from crawler.discovery.vocabulary import default_vocabulary
from crawler.discovery.waysin.fallbacks import fallbacks
from crawler.discovery.waysin.search import form_templates
from crawler.sites import SiteConfig, SitesFileError, load_sites

REALPAGES = Path(__file__).resolve().parents[2] / "shared" / "realpages"


@pytest.mark.parametrize("anchor", ["政务公开", "信息公开", "公开目录", "政府信息公开目录", "通知公告", "政務公開"])
def test_the_widest_real_menus_are_worth_following(anchor):
    """The menus real portals put everything under: a scorer tuned on our own words gave them 0."""
    assert score_link(Link("http://www.x.gov.cn/a/", anchor)) >= FOLLOW_THRESHOLD


@pytest.mark.parametrize("anchor", ["计划总结", "规划计划", "其他", "重点领域信息公开", "法定主动公开内容"])
def test_columns_that_hold_reports_rank_above_the_widest_menus(anchor):
    assert score_link(Link("http://www.x.gov.cn/a/", anchor)) > score_link(Link("http://www.x.gov.cn/b/", "政务公开"))


def test_a_report_title_outranks_every_column():
    report = score_link(Link("http://www.x.gov.cn/t.html", "某县2023年法治政府建设年度报告"))
    assert report >= REPORT_THRESHOLD
    assert report > score_link(Link("http://www.x.gov.cn/a/", "计划总结"))


@pytest.mark.parametrize("anchor", ["政府信息公开指南", "无障碍浏览", "网站地图", "某县2023年政府信息公开工作年度报告"])
def test_links_that_never_lead_to_a_report_go_last(anchor):
    assert score_link(Link("http://www.x.gov.cn/a/", anchor)) == NEVER


def test_menu_siblings_do_not_lift_each_other():
    """A dropdown's other items are not this link's context: 部门动态 beside 通知公告 stays 部门动态."""
    html = ('<ul><li><a href="/xwdt/">新闻动态</a><ul><li><a href="/bmdt/">部门动态</a> '
            '<a href="/tzgg/">通知公告</a></li></ul></li></ul>').encode()
    from crawler.discovery.pages import PageView

    links = {link.url.rsplit("/", 2)[-2]: link for link in PageView("http://www.x.gov.cn/", html).links()}
    alone = score_link(Link("http://www.x.gov.cn/bmdt/", "部门动态"))
    assert score_link(links["bmdt"]) == alone


def test_vocabulary_words_all_have_sources():
    vocab = default_vocabulary()
    assert len(vocab.weights) > 50 and len(vocab.negatives) > 20


@pytest.mark.parametrize(("text", "url", "pager"), [
    ("下一页", "http://x.gov.cn/tzgg/index_2.html", True),
    ("下一頁", "http://x.gov.cn/tzgg/index_2.html", True),
    ("3", "http://x.gov.cn/tzgg/index_3.html", True),
    ("尾页", "http://x.gov.cn/tzgg/list.jsp?page=9", True),
    ("", "http://x.gov.cn/tzgg/list.jsp?page=2", True),
    ("关于开展检查的通知", "http://x.gov.cn/tzgg/202401/t20240101_5.html", False),
    ("2024", "http://x.gov.cn/other/2024.html", False),
])
def test_pager_links_are_told_from_items(text, url, pager):
    assert is_pager_link(Link(url, text), "http://x.gov.cn/tzgg/index.html") is pager


def test_url_shapes_fold_ids_and_dates_but_keep_columns():
    assert url_shape("http://a/zwgk/fzzfjs/202403/t20240315_123.html") == "/zwgk/fzzfjs/#/t#_#.html"
    assert url_shape("http://a/art/2024/3/5/art_1229_77.html") == "/art/#/#/#/art_1229_#.html"
    assert url_shape("http://a/1234/5678.html") == "/1234/#.html"
    assert column_of("http://a/zwgk/fzzfjs/202403/t1.html") == column_of("http://a/zwgk/fzzfjs/index_2.html")


def test_a_site_learns_the_column_and_shape_of_its_reports():
    memory = SiteMemory()
    report = "http://a/zwxx/fzdc/202402/t20240211_4135869.html"
    for url in [report, "http://a/xwdt/202401/t20240101_1.html", "http://a/xwdt/202401/t20240102_2.html",
                "http://a/zwxx/fzdc/index.html", "http://a/xwdt/index.html"]:
        memory.saw(url)
    assert memory.learn(report, [("http://a/", "法治督察")])
    assert not memory.learn(report, [("http://a/", "法治督察")])  # nothing new the second time
    assert memory.bonus(Link("http://a/zwxx/fzdc/index_3.html", "下一页")) > 0  # the column's pages
    assert memory.bonus(Link("http://a/zwxx/fzdc/202103/t20210314_99.html", "")) > 0  # a sitemap entry
    assert memory.bonus(Link("http://a/zwxx/fzdc/202103/t20210314_98.html", "开展普法宣传")) == 0  # news
    assert memory.bonus(Link("http://b/c/fzdc/", "法治督察")) > 0  # the anchor, on a 站群 sibling
    assert memory.bonus(Link("http://a/xwdt/index_2.html", "下一页")) == 0


def test_a_shape_every_page_shares_teaches_nothing():
    memory = SiteMemory()
    for n in range(20):
        memory.saw(f"http://a/show.asp?id={n}")
    memory.learn("http://a/show.asp?id=7", [("http://a/list.asp?classid=3", "某栏目")])
    assert memory.bonus(Link("http://a/show.asp?id=8", "")) == 0


def test_search_boxes_become_templates_with_their_hidden_fields():
    tree = lxml.html.document_fromstring(
        '<form action="/was5/web/search" method="get"><input type="hidden" name="channelid" value="7">'
        '<input name="searchword"><input type="submit" value="搜索"></form>'
        '<form action="/login" method="post"><input name="user"><input type="password" name="pw"></form>'
        '<form action="/liuyan"><input name="title"><input name="content"></form>')
    assert form_templates(tree, "http://www.x.gov.cn/") == [
        "http://www.x.gov.cn/was5/web/search?channelid=7&searchword={q}"]


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="../shared/realpages is absent")
def test_real_portals_search_boxes_are_read():
    page = REALPAGES / "05_fgw.zj.gov.cn_hanweb_detail.html"
    templates = form_templates(lxml.html.document_fromstring(page.read_bytes()), "http://fgw.zj.gov.cn/")
    assert any("jrobotfront/search.do" in t and t.endswith("q={q}") for t in templates)


def test_cms_search_endpoints_are_guessed_only_for_a_site_without_a_search_box():
    site = SiteConfig(name="x", start_urls=("http://www.x.gov.cn/",), allowed_domains=("www.x.gov.cn",))
    assert fallbacks(site, kinds=("search",), search_forms=["http://www.x.gov.cn/s?q={q}"]) == []
    common = fallbacks(site, kinds=("search", "disclosure"))
    assert len({f.url.split("?")[0] for f in common if f.kind == "search"}) >= 3
    assert "http://xxgk.x.gov.cn/" in [f.url for f in common]
    department = SiteConfig(name="y", start_urls=("http://sft.sc.gov.cn/",), allowed_domains=("sft.sc.gov.cn",))
    assert "http://xxgk.sc.gov.cn/" not in [f.url for f in fallbacks(department, kinds=("disclosure",))]


def test_a_site_budget_must_be_a_whole_number(tmp_path):
    path = tmp_path / "sites.yaml"
    path.write_text('sites:\n  - name: x\n    start_urls: ["http://www.x.gov.cn/"]\n    budget: 40\n',
                    encoding="utf-8")
    assert load_sites(path)[0].budget == 40
    path.write_text('sites:\n  - name: x\n    start_urls: ["http://www.x.gov.cn/"]\n    budget: "lots"\n',
                    encoding="utf-8")
    with pytest.raises(SitesFileError, match="budget must be a whole number"):
        load_sites(path)


def test_every_way_in_offers_entries_through_the_same_hooks():
    from crawler.discovery.pages import PageView
    from crawler.discovery.waysin.base import SiteNotes
    from crawler.discovery.waysin.fallbacks import Fallbacks
    from crawler.discovery.waysin.search import SearchBox
    from crawler.discovery.waysin.sitemaps import RobotsSitemaps

    site = SiteConfig(name="x", start_urls=("http://www.x.gov.cn/",), allowed_domains=("www.x.gov.cn",))
    notes = SiteNotes()
    robots = RobotsSitemaps()
    assert [(e.url, e.read_as, e.stat) for e in robots.on_robots(site, notes, "http://www.x.gov.cn/robots.txt",
                                                                 404, b"")] == [
        ("http://www.x.gov.cn/sitemap.xml", "sitemap", "fallback/sitemap")]
    assert robots.on_robots(site, notes, "http://www.x.gov.cn/robots.txt", 404, b"") == []  # once a site
    home = PageView("http://www.x.gov.cn/", b'<form action="/s"><input name="searchword"></form>')
    box = SearchBox().on_page(site, notes, home, start=True)
    assert [e.read_as for e in box] == ["listing"] and box[0].url.startswith("http://www.x.gov.cn/s?searchword=")
    exhausted = Fallbacks().when_exhausted(site, notes)
    assert {e.stat for e in exhausted} == {"fallback/disclosure"}  # its own box was asked: no guessing

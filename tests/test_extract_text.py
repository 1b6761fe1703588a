"""main_text, find_title, read_meta, variant and extract_html on templated and real pages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from extract import EXTRACTOR_VERSION, extract_html
from extract.chrome import is_chrome_line
from extract.decode import decode_html
from extract.meta import read_meta
from extract.text import find_title, main_text
from extract.variant import normalise_variant

ROOT = Path(__file__).parents[1]
SHARED = ROOT / ".." / "shared"
sys.path.insert(0, str(ROOT / "bench"))

from chrome_templates import TEMPLATES, Page  # noqa: E402
from eval_extract import MIN_F1, char_score, seed_cases  # noqa: E402

BODY = [
    "2023年，本县扎实推进法治政府建设。现将我县2023年法治政府建设情况报告如下：",
    "一、主要举措和成效",
    "（一）推行“二维码”执法公示",
    "全面推行行政执法公示制度，在执法文书上加印二维码，群众扫描二维码即可查询执法人员身份和执法依据，"
    "全年公示执法信息1200余条。",
    "（二）健全依法决策机制。严格落实重大行政决策程序规定，县政府常务会议审议事项均经合法性审查，"
    "全年审查规范性文件和重大合同，提出修改意见，重大行政决策全部经过公众参与、专家论证、风险评估和集体讨论决定。",
    "（三）强化行政权力制约监督。自觉接受人大法律监督和政协民主监督，办理人大代表建议和政协委员提案，"
    "办复率100%，行政复议案件依法办结，行政机关负责人出庭应诉率保持100%。",
    "二、存在的不足",
    "无。",
    "2024年1月30日",
]
CHROME = ["站群导航", "AQI", "• 轻度污染", "[ 纠错 ]", "[纠错]", "扫描二维码随身看资讯", "扫一扫在手机打开当前页",
          "字号 大 中 小", "分享到：", "打印本页 关闭窗口", "【打印本页】【关闭窗口】", "正在阅读: 某县人民政府",
          "2020-03-13 14:57:00来源:", "发布时间：2020-03-13　来源：司法局　浏览次数：1024",
          "上一篇：关于公布行政执法主体名单的公告", "相关链接", "网站标识码：1234000001"]


def test_version_is_exported():
    assert EXTRACTOR_VERSION == "0.1.0"


@pytest.mark.parametrize("template", sorted(TEMPLATES))
@pytest.mark.parametrize("title", ["某县2023年法治政府建设情况报告", None])
def test_templates_give_exactly_the_body(template, title):
    body = TEMPLATES[template](Page(lines=BODY, title=title, site_name="某县人民政府",
                                    published="2024-02-01 10:08:00"))
    doc = extract_html(body, "http://www.example.gov.cn/art/2024/2/1/art_1_1.html")
    lines = doc.text_original.split("\n")
    assert [line.replace(" ", "") for line in lines] == [line.replace(" ", "") for line in BODY]
    assert all(line == line.strip() and "  " not in line for line in lines)
    assert doc.is_report and doc.year == 2023 and doc.variant == "simplified"


@pytest.mark.parametrize("line", CHROME)
def test_chrome_lines_are_recognised(line):
    assert is_chrome_line(line)


@pytest.mark.parametrize("line", BODY + ["（三）推行二维码执法公示", "四、其他需要报告的情况", "2024年1月30日"])
def test_report_lines_are_kept(line):
    assert not is_chrome_line(line)


def test_article_title_meta_with_inner_html_and_title_suffix():
    html = ('<html><head><meta name="ArticleTitle" content="为现代化建设凝聚力量&lt;div&gt;——祝贺开幕&lt;/div&gt;">'
            "<title>ignored_某市人民政府</title></head><body></body></html>")
    meta = read_meta(html)
    assert meta["articletitle"] == "为现代化建设凝聚力量——祝贺开幕"
    assert find_title(html, meta) == "为现代化建设凝聚力量——祝贺开幕"
    plain = "<html><head><title>阳春市2023年法治政府建设情况报告_阳春市人民政府</title></head><body></body></html>"
    assert find_title(plain, {}) == "阳春市2023年法治政府建设情况报告"
    dashed = "<html><head><title>2023年法治政府建设年度报告 - 某某区政府网</title></head><body></body></html>"
    assert find_title(dashed, {}) == "2023年法治政府建设年度报告"
    hyphen = "<html><head><title>某县2023年法治政府建设年度报告-某某回族自治县人民政府</title></head><body></body></html>"
    assert find_title(hyphen, {}) == "某县2023年法治政府建设年度报告"
    site_only = "<html><head><title>某某区人民政府</title></head><body><h1>某某区人民政府</h1></body></html>"
    assert find_title(site_only, {}) is None


def test_meta_names_lower_cased_and_stripped():
    html = ('<html><head><meta name="SiteName" content="  阳春市人民政府 "><meta name="contentSource" content="司法局">'
            '<meta name="PubDate" content="2024-01-30 10:08"></head><body></body></html>')
    assert read_meta(html) == {"sitename": "阳春市人民政府", "contentsource": "司法局", "pubdate": "2024-01-30 10:08"}


def test_traditional_taiwan_phrasing_goes_back_to_mainland_words():
    text, variant = normalise_variant("加強資訊互通，提升程式化水準和服務品質。現將情況報告如下：")
    assert variant == "traditional"
    assert text == "加强信息互通，提升程序化水平和服务质量。现将情况报告如下："
    assert normalise_variant("法治政府建设情况报告") == ("法治政府建设情况报告", "simplified")


def test_non_report_page_still_returns_text():
    html = ("<html><head><meta charset='utf-8'><title>我市召开法治政府建设推进会_某市人民政府</title></head><body>"
            "<div class='nav'>首页 政务公开</div><div class='TRS_Editor'><p>3月15日，我市召开法治政府建设推进会。</p>"
            "<p>会议强调，要压实第一责任人职责。</p></div></body></html>")
    doc = extract_html(html.encode(), "http://www.example.gov.cn/t20240315_1.html")
    assert doc.is_report is False
    assert doc.text == "3月15日，我市召开法治政府建设推进会。\n会议强调，要压实第一责任人职责。"
    assert set(doc.to_json()) >= {"is_report", "title", "issuer", "issuer_kind", "region_code", "year",
                                  "published", "text", "text_original", "variant", "region_name", "encoding"}


@pytest.mark.skipif(not seed_cases(), reason="../shared/seeds-gold absent")
@pytest.mark.parametrize("case", seed_cases(), ids=lambda c: c.name)
def test_seed_gold_f1_in_templates(case):
    doc = extract_html(TEMPLATES[case.template](case.page), "http://www.example.gov.cn/a.html")
    assert char_score(doc.text_original, case.gold).f1 >= MIN_F1
    assert doc.is_report
    assert doc.variant == case.truth["variant"]


def _realpages() -> list[Path]:
    folder = SHARED / "realpages"
    return sorted(folder.glob("*_detail*.html")) if folder.exists() else []


@pytest.mark.skipif(not _realpages(), reason="../shared/realpages absent")
@pytest.mark.parametrize("path", _realpages(), ids=lambda p: p.name[:24])
def test_real_article_pages(path):
    html = decode_html(path.read_bytes()).text
    text = main_text(html)
    assert "\n\n" not in text and not any(is_chrome_line(line) for line in text.splitlines())
    for chrome in ("扫一扫", "纠错", "ICP备", "公网安备", "站群导航", "分享到", "关闭窗口"):
        assert chrome not in text, chrome
    doc = extract_html(path.read_bytes(), "http://www.example.gov.cn/a.html")
    assert doc.is_report is False  # none of the real pages is a report (PROVENANCE.md)


@pytest.mark.parametrize("body", [b"", b"\x00\x01\x02<p>\x00</p>", bytes(range(256)) * 8, b"plain text \xe6\xb3\x95",
                                  b"<?xml version='1.0' encoding='gbk'?><html><body><p>x</p></body></html>",
                                  b"<html><body>" + b"<table><tr><td>" * 300])
def test_junk_pages_never_raise(body):
    doc = extract_html(body, "http://www.example.gov.cn/")
    assert doc.is_report is False and "\x00" not in doc.text

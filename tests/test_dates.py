"""Dates as government pages write them: parse_date, find_published, find_signed, covered_year."""

from datetime import datetime
from pathlib import Path

import pytest

from extract.dates import find_published, find_signed, parse_date
from extract.year import covered_year

SHARED = Path(__file__).parents[1] / ".." / "shared"


@pytest.mark.parametrize("text,expected", [
    ("2024-01-30", datetime(2024, 1, 30)),
    ("2024-1-30", datetime(2024, 1, 30)),
    ("2024-1-30 10:08", datetime(2024, 1, 30, 10, 8)),
    ("2024/01/30", datetime(2024, 1, 30)),
    ("2024.01.30", datetime(2024, 1, 30)),
    ("2024年01月30日", datetime(2024, 1, 30)),
    ("2024年1月30日", datetime(2024, 1, 30)),
    ("2024年1月30日 10∶08", datetime(2024, 1, 30, 10, 8)),
    ("2024年1月30日 10：08：15", datetime(2024, 1, 30, 10, 8, 15)),
    ("2024-03-28  10:08", datetime(2024, 3, 28, 10, 8)),
    ("2020-03-13 14:57:00来源:", datetime(2020, 3, 13, 14, 57)),
    ("二〇二四年一月三十日", datetime(2024, 1, 30)),
    ("二零二三年十二月三十一日", datetime(2023, 12, 31)),
    ("二〇二〇年三月十日", datetime(2020, 3, 10)),
    ("二〇二一年十月二十日", datetime(2021, 10, 20)),
    ("２０２４年３月５日", datetime(2024, 3, 5)),
    ("发布时间：2024-03-28", datetime(2024, 3, 28)),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "无日期", "2024-13-40", "2024年2月30日", "第2024号", "1234-01-01"])
def test_parse_date_rejects(text):
    assert parse_date(text) is None


def test_published_prefers_the_visible_date_then_pubdate_meta():
    meta = {"pubdate": "2024-03-28  10:08", "sitename": "阳春市人民政府"}
    text = "发布时间：2023-01-01\n正文"  # a re-published page keeps its date; the CMS stamps a new PubDate
    assert find_published(meta, text, "http://x.gov.cn/t20220101_1.html") == datetime(2023, 1, 1)
    assert find_published(meta, "正文", "http://x.gov.cn/t20220101_1.html") == datetime(2024, 3, 28, 10, 8)
    listing = "".join(f"条目{d} 发布时间：2025-11-0{d}\n" for d in range(1, 5))  # search results
    assert find_published({}, listing, "") is None
    assert find_published({"firstpublishedtime": "2024-03-29 09:00:00"}, "", "") == datetime(2024, 3, 29, 9)


def test_published_from_visible_labels():
    assert find_published({}, "首页 > 政务公开\n发布时间：2024年01月30日 10∶08 来源：司法局", "") == \
        datetime(2024, 1, 30, 10, 8)
    assert find_published({}, "信息来源：本站 发布日期: 2023-2-3", "") == datetime(2023, 2, 3)
    assert find_published({}, "日期：2022/05/06 浏览次数：12", "") == datetime(2022, 5, 6)
    assert find_published({}, "站群导航\n2020-03-13 14:57:00来源:\n正文", "") == datetime(2020, 3, 13, 14, 57)


def test_published_from_chrome_lines():
    assert find_published({}, "标题\n来源：\n广西日报\n2024-10-17 08:03\n大\n小", "") == datetime(2024, 10, 17, 8, 3)
    assert find_published({}, "通知标题\n( 2024-05-11)\n索取号", "") == datetime(2024, 5, 11)
    assert find_published({}, "www.bynr.gov.cn\n2022-02-11 09:52\n打印本页", "") == datetime(2022, 2, 11, 9, 52)


def test_published_prefers_publication_labels_over_other_dates():
    text = "留言时间：\n2025-04-27\n生成日期：2024-06-04\n正文\n发布日期：2024-06-13　来源：教育部"
    assert find_published({}, text, "") == datetime(2024, 6, 13)
    assert find_published({}, "活动时间：2024年6月至12月\n正文", "") is None


def test_published_ignores_dates_not_labelled():
    assert find_published({}, "2023年,我市法治政府建设取得新成绩。", "http://x.gov.cn/a/b.html") is None


@pytest.mark.parametrize("url,expected", [
    ("http://www.yangchun.gov.cn/zwgk/t20240130_123.html", datetime(2024, 1, 30)),
    ("https://www.x.gov.cn/art/2024/1/30/art_123_456.html", datetime(2024, 1, 30)),
    ("http://www.x.gov.cn/xxgk/202401/abc.shtml", datetime(2024, 1, 1)),
    ("http://www.x.gov.cn/xxgk/20240315/abc.shtml", datetime(2024, 3, 15)),
])
def test_published_from_url(url, expected):
    assert find_published({}, "", url) == expected


def test_signed_from_last_lines():
    body = "一、主要举措\n正文段落，2023年5月印发文件。\n十堰经济技术开发区管委会\n2024年1月30日"
    assert find_signed(body) == datetime(2024, 1, 30)
    assert find_signed("正文\n阳春市人民政府 二〇二四年三月五日\n") == datetime(2024, 3, 5)
    assert find_signed("正文\n（2024年3月5日）") == datetime(2024, 3, 5)


def test_signed_ignores_body_sentences():
    assert find_signed("正文\n2024年1月30日，召开全体会议，研究部署工作。") is None
    assert find_signed("正文\n下一步工作。") is None
    early = "2024年1月30日\n" + "\n".join(f"第{i}段。" for i in range(10))
    assert find_signed(early) is None


def test_signed_on_seed_001():
    path = SHARED / "seeds-gold" / "001_1ed01095f610b09a.txt"
    if not path.exists():
        pytest.skip("../shared seeds not available")
    assert find_signed(path.read_text(encoding="utf-8")) == datetime(2024, 1, 30)


# --- covered_year: the year a report covers (lives in extract/year.py, tested with the other dates) ---

@pytest.mark.parametrize("title,text,published,expected", [
    ("阳春市2023年法治政府建设情况报告", "正文", None, 2023),
    ("关于2023年度法治政府建设情况的报告", "正文", None, 2023),
    ("十堰经济技术开发区2023年法治政府建设情况报告", "", datetime(2024, 2, 1), 2023),
    (None, "为贯彻落实文件精神，现将我县2024年法治政府建设情况报告如下：\n一、主要举措", None, 2024),
    (None, "2019年，在省委、省政府正确领导下，我市全面落实……\n一、主要举措和成效", None, 2019),
    (None, "根据要求，现将有关情况报告如下。\n一、2019年法治政府建设的主要举措和成效\n二、2020年工作安排",
     None, 2019),
    (None, "按照《法治政府建设实施纲要(2021-2025年)》要求，现将有关情况报告如下。\n一、主要举措", None, None),
])
def test_covered_year(title, text, published, expected):
    assert covered_year(title, text, published) == expected


def test_covered_year_ignores_next_year_plan():
    text = "现将有关情况报告如下。\n一、主要举措和成效\n（一）健全制度\n四、2024年工作安排\n2024年，我市将……"
    assert covered_year(None, text, None) is None
    assert covered_year(None, text, datetime(2024, 3, 28)) == 2023


def test_covered_year_fallback_on_publication():
    assert covered_year(None, "正文", datetime(2024, 3, 28)) == 2023
    assert covered_year(None, "正文", datetime(2024, 9, 1)) is None
    assert covered_year(None, "正文", None) is None


def test_covered_year_rejects_years_after_publication():
    assert covered_year("2025年法治政府建设工作要点", "正文", datetime(2024, 3, 1)) == 2023


def seed_metadata():
    path = SHARED / "seeds-gold" / "metadata.yaml"
    if not path.exists():
        return []
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))["reports"]


@pytest.mark.parametrize("seed", seed_metadata() or [pytest.param(None, marks=pytest.mark.skip("no seeds"))],
                         ids=lambda s: s["file"][:3] if s else "none")
def test_covered_year_on_seeds_without_title(seed):
    text = (SHARED / "seeds-gold" / seed["file"]).read_text(encoding="utf-8")
    assert covered_year(None, text, None) == seed["year"]
    assert covered_year(seed["title"], text, None) == seed["year"]


def test_info_bar_date_with_chinese_hour_and_minute_marks():
    text = "绵阳开展“服务企业活动月”系列活动\n2020年09月15日 09时32分\n来源: 绵阳市政务网"
    assert find_published({"pubdate": "2022-10-14 10:16:14"}, text, "") == datetime(2020, 9, 15, 9, 32)

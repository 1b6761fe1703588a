"""Dates as government pages write them: parse_date, find_published, find_signed."""

from datetime import datetime
from pathlib import Path

import pytest

from extract.dates import find_published, find_signed, parse_date

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


def test_published_prefers_pubdate_meta():
    meta = {"pubdate": "2024-03-28  10:08", "sitename": "阳春市人民政府"}
    text = "发布时间：2023-01-01\n正文"
    assert find_published(meta, text, "http://x.gov.cn/t20220101_1.html") == datetime(2024, 3, 28, 10, 8)
    assert find_published({"firstpublishedtime": "2024-03-29 09:00:00"}, "", "") == datetime(2024, 3, 29, 9)


def test_published_from_visible_labels():
    assert find_published({}, "首页 > 政务公开\n发布时间：2024年01月30日 10∶08 来源：司法局", "") == \
        datetime(2024, 1, 30, 10, 8)
    assert find_published({}, "信息来源：本站 发布日期: 2023-2-3", "") == datetime(2023, 2, 3)
    assert find_published({}, "日期：2022/05/06 浏览次数：12", "") == datetime(2022, 5, 6)
    assert find_published({}, "站群导航\n2020-03-13 14:57:00来源:\n正文", "") == datetime(2020, 3, 13, 14, 57)


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

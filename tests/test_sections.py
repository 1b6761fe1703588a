"""Report parts labelled by their headings' words, and the timeliness flag."""

from datetime import datetime

import pytest

from extract.document import is_timely
from extract.sections import label_heading, split_sections


@pytest.mark.parametrize(("heading", "name"), [
    ("一、2023年推进法治政府建设的主要举措和成效", "measures"),
    ("一、主要举措和成效", "measures"),
    ("二、存在的不足和原因", "shortcomings"),
    ("二、2019年对推进法治政府建设存在的主要问题", "shortcomings"),
    ("三、党政主要负责人履行推进法治建设第一责任人职责情况", "leaders_duty"),
    ("三、2023年度党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设", "leaders_duty"),
    ("四、2024年工作安排", "next_year"),
    ("四、下一步工作打算", "next_year"),
    ("三、下一步工作举措", "next_year"),
    ("四、其他需要报告的情况", "other"),
    ("二、政府职能依法全面履行", None),
])
def test_heading_words_decide_the_label(heading, name):
    assert label_heading(heading) == name


def test_topic_headings_count_as_measures_until_a_later_part():
    text = ("2023年，我县坚持依法行政。\n一、坚持党的领导\n加强领导。\n二、政府职能依法全面履行\n优化服务。\n"
            "三、存在的不足\n基层薄弱。\n四、法治宣传\n附：名单")
    sections = split_sections(text)
    assert [(s.name, s.heading) for s in sections] == [
        ("other", ""), ("measures", "一、坚持党的领导"), ("measures", "二、政府职能依法全面履行"),
        ("shortcomings", "三、存在的不足"), ("other", "四、法治宣传")]
    assert sections[1].text == "加强领导。"


def test_heading_running_into_its_first_sentence_and_no_headings():
    sections = split_sections("一、主要举措和成效。2023年，全县办结复议案件12件。\n（一）强化领导。")
    assert sections[0].heading == "一、主要举措和成效"
    assert sections[0].text == "2023年，全县办结复议案件12件。\n（一）强化领导。"
    assert [s.name for s in split_sections("全文没有标题。")] == ["other"]


def test_timely_means_by_first_april_of_the_following_year():
    assert is_timely(2023, datetime(2024, 4, 1, 18), None) is True
    assert is_timely(2023, datetime(2024, 4, 2), None) is False
    assert is_timely(2023, datetime(2024, 6, 2), datetime(2024, 1, 30)) is True  # signed in time
    assert is_timely(None, datetime(2024, 1, 2), None) is None
    assert is_timely(2023, None, None) is None

"""is_report on the hard negatives and on reports with and without a title."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.classify import is_report
from extract.variant import normalise_variant

GOLD = Path(__file__).parents[1] / ".." / "shared" / "seeds-gold"

REPORT_BODY = "\n".join([
    "2023年，我县坚持以习近平新时代中国特色社会主义思想为指导，扎实推进法治政府建设。现将我县2023年法治政府建设情况报告如下：",
    "一、2023年推进法治政府建设的主要举措和成效",
    "（一）依法全面履行政府职能。深化“放管服”改革，法治政府建设取得新进展。",
    "（二）健全依法决策机制。严格落实重大行政决策程序规定，全年审查县政府规范性文件和重大合同，实现合法性审查全覆盖。",
    "（三）严格规范公正文明执法。全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度，组织执法人员培训。",
    "（四）强化行政权力制约监督。自觉接受人大法律监督、政协民主监督，办理人大代表建议和政协委员提案，按时办结。",
    "二、党政主要负责人履行推进法治建设第一责任人职责情况",
    "三、2023年推进法治政府建设存在的不足和原因",
    "四、2024年推进法治政府建设的主要安排",
    "五、其他需要报告的情况",
    "无。",
])
NOTICE_BODY = "\n".join([
    "各乡镇人民政府，县政府各部门：",
    "根据《法治政府建设与责任落实督察工作规定》，现就报送2023年法治政府建设年度报告有关事项通知如下：",
    "一、各单位要全面总结本年度法治政府建设的主要举措和成效、存在的不足和原因、下一年度主要安排。",
    "二、请于2024年1月31日前将报告报送县司法局。",
    "特此通知。",
])
DISCLOSURE_BODY = "\n".join([
    "本报告根据《中华人民共和国政府信息公开条例》要求编制。",
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、存在的主要问题及改进情况（法治政府建设相关信息及时公开，法治政府建设专栏持续更新）",
])
POINTS_BODY = "\n".join([
    "2024年全县法治政府建设工作要点如下：",
    "一、总体要求。深入推进法治政府建设，落实法治政府建设第一责任人职责。",
    "二、主要任务。健全法治政府建设推进机制，查找存在的不足。",
    "三、保障措施。本要点由县司法局负责解释。",
])
NEWS_BODY = "\n".join([
    "3月15日，我市召开2024年法治政府建设推进会，总结2023年法治政府建设工作，部署2024年重点任务。",
    "会议强调，要深入学习贯彻习近平法治思想，压实第一责任人职责，补齐存在的不足，推进法治政府建设。",
    "市委常委、副市长出席会议并讲话。",
])
PLAN_BODY = "\n".join([
    "为深入推进法治政府建设，制定本方案。",
    "一、总体要求",
    "二、主要任务：落实法治政府建设第一责任人职责，推进法治政府建设示范创建。",
    "三、保障措施",
])


@pytest.mark.parametrize("title,text", [
    ("关于报送2023年度法治政府建设年度报告的通知", NOTICE_BODY),
    ("关于报送2023年度法治政府建设年度报告的通知", REPORT_BODY),  # the title alone decides
    (None, NOTICE_BODY),
    ("2023年政府信息公开工作年度报告", DISCLOSURE_BODY),
    (None, DISCLOSURE_BODY),
    ("2024年法治政府建设工作要点", POINTS_BODY),
    (None, POINTS_BODY),
    ("我市召开2024年法治政府建设推进会", NEWS_BODY),
    (None, NEWS_BODY),
    ("某某县法治政府建设实施方案（2021-2025年）", PLAN_BODY),
    (None, PLAN_BODY),
    ("县政府常务会议审议通过2023年法治政府建设年度报告", NEWS_BODY),
    (None, ""),
])
def test_not_a_report(title, text):
    assert is_report(title, text) is False


@pytest.mark.parametrize("title", [
    "阳春市2023年法治政府建设情况报告",
    "关于2023年法治政府建设情况的报告",
    "某某市司法局2023年度法治政府建设年度报告",
    "北京市顺义区人民政府关于2023年法治政府建设工作情况的报告",
    None,
    "阳春市人民政府门户网站",  # a site name instead of a title says nothing; the body decides
])
def test_report(title):
    assert is_report(title, REPORT_BODY) is True


def _seeds() -> list[Path]:
    return sorted(GOLD.glob("0*.txt")) if GOLD.exists() else []


@pytest.mark.skipif(not _seeds(), reason="../shared/seeds-gold absent")
@pytest.mark.parametrize("path", _seeds(), ids=lambda p: p.name[:3])
def test_seed_reports_without_title(path):
    simplified, _ = normalise_variant(path.read_text(encoding="utf-8"))
    assert is_report(None, simplified) is True


def test_a_report_title_over_an_empty_body_is_not_a_report():
    """A broken page or an error stub can carry a report's title; the report itself has a body."""
    assert not is_report("法治政府建设年度报告（2020年）", "本页面数据已损坏。")
    assert not is_report("阳春市2023年法治政府建设情况报告", "")

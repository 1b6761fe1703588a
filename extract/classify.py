"""Is this page an annual rule-of-law government report?

Government sites publish many pages that mention 法治政府建设 and 年度报告 without being one: the
notice asking departments to submit their reports (关于报送…年度报告的通知), the 政府信息公开工作年度报告
(a different statutory report), the year's 工作要点 and 实施方案, news about a 推进会. The title
decides when it is explicit; otherwise (many pages show no usable title) the body decides, by the
sentence that introduces a report (现将…情况报告如下) and the structure the 2019 督察工作规定
prescribes for these reports (主要举措和成效, 存在的不足, 第一责任人职责, 下一年度工作安排).
Input is Simplified text (see extract.variant).
"""

from __future__ import annotations

import re

_SUBJECT = re.compile(r"法治政府建设|法治政府|依法行政")
_TITLE_REPORT = re.compile(
    r"(法治政府建设|法治政府|依法行政)[^，。]{0,20}(年度报告|情况报告|工作报告|情况的报告|工作的报告|报告)"
    r"|(报告|年报)[（(]?\d{4}年?度?[)）]?$"
)
# a title with these words is about a report, or is another kind of document
_TITLE_NOT_REPORT = re.compile(
    r"通知|通报|函$|要点|方案|规划|计划|意见|办法|规定|细则|纲要|推进会|会议|召开|举行|座谈|培训|部署|"
    r"政府信息公开|信息公开工作|征求意见|解读|图解|一图|读懂|公示|公告|审议|听取|发布会|公布|印发|报送|"
    r"督察|考核|评估|述法|测评|讲话|发言|致辞|问答|目录|专栏|列表"
)
_REPORT_SENTENCE = re.compile(r"现(将|就)[^。；]{0,60}(报告|汇报)如下")
_STRUCTURE = (
    re.compile(r"主要举措|主要做法|工作举措|主要工作"),
    re.compile(r"成效|成果|进展"),
    re.compile(r"存在的(主要)?(不足|问题)|不足和原因|(不足|问题)及原因|短板|薄弱"),
    re.compile(r"第一责任人"),
    re.compile(r"下一年度|下一步|(\d{4}年)?(工作)?(主要)?(安排|打算|计划|思路)"),
    re.compile(r"其他需要报告"),
)
_NOT_REPORT_TEXT = (
    re.compile(r"特此通知|通知如下|印发给你们|请(认真)?(结合实际)?(认真)?贯彻(执行|落实)|请于[^。]{0,30}(报送|上报|报)"),
    re.compile(r"政府信息公开(工作)?年度报告|主动公开政府信息情况|收到和处理政府信息公开申请"),
    re.compile(r"本(方案|规划|要点|计划|办法)|工作要点如下|实施方案如下|(一、)?总体要求[\s\S]{0,3000}保障措施"),
    re.compile(r"会议(强调|指出|要求|认为)|会上[，,]|出席(会议|本次会议)并讲话"),
)
MIN_SUBJECT_MENTIONS = 2
MIN_SCORE = 3
# A real annual report runs to thousands of characters; a page with a report's title but almost no
# body (an error stub, a broken page, an attachment's landing page) is not the report itself.
MIN_REPORT_CHARS = 300


def title_verdict(title: str | None) -> bool | None:
    """True/False when the title alone decides, None when it is missing or says nothing."""
    if not title:
        return None
    title = re.sub(r"\s+", "", title)
    if not _SUBJECT.search(title):
        return None
    if _TITLE_NOT_REPORT.search(title):
        return False
    if _TITLE_REPORT.search(title):
        return True
    return None


def text_score(text: str) -> int:
    """Evidence in the body that it is the report itself; negative when it is another document."""
    head = text[:3000]
    if len(_SUBJECT.findall(text)) < MIN_SUBJECT_MENTIONS:
        return 0
    score = 0
    sentence = _REPORT_SENTENCE.search(head)
    if sentence:
        score += 2 + (1 if _SUBJECT.search(sentence.group(0)) else 0)
    structure = sum(1 for pattern in _STRUCTURE if pattern.search(text))
    score += 2 if structure >= 4 else 1 if structure >= 2 else 0
    if len(re.findall("法治政府建设", text)) >= 5:
        score += 1
    for pattern in _NOT_REPORT_TEXT:
        if pattern.search(text):
            score -= 1 if sentence else 3
    return score


def is_report(title: str | None, text: str) -> bool:
    """True for an annual 法治政府建设 report, decided by its title or, failing that, by its body."""
    if len("".join((text or "").split())) < MIN_REPORT_CHARS:
        return False
    verdict = title_verdict(title)
    if verdict is not None:
        return verdict
    return text_score(text or "") >= MIN_SCORE

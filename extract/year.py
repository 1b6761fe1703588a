"""The year an annual rule-of-law report covers (not the year it was published).

Evidence, strongest first: the title (2023年法治政府建设情况报告 / 2023年度), the opening sentence
(现将我县2024年法治政府建设情况报告如下 / "2019年，在省委…"), the first section heading
(一、2019年法治政府建设的主要举措和成效). Reports end with a plan for the next year
(四、2024年工作安排) and are published the year after, so a bare count of years would pick the wrong
one; we only read the places where the covered year is stated.
"""

from __future__ import annotations

import re
from datetime import datetime

_RANGE = re.compile(r"(?:19|20)\d{2}\s*年?\s*[-—–~～至到]+\s*(?:19|20)\d{2}\s*年?")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年度?")
_TITLE_TOPIC = re.compile(r"法治|依法行政|报告")
_OPENING_REPORT = re.compile(r"现将[^。；;\n]{0,20}?((?:19|20)\d{2})\s*年度?[^。；;\n]{0,40}?报告如下")
_OPENING_START = re.compile(r"^\s*((?:19|20)\d{2})\s*年度?(?:以来)?\s*[,，、]")
_OPENING_REVIEW = re.compile(r"^[^。\n]{0,30}?((?:19|20)\d{2})\s*年度?(?:以来)?\s*[,，]")
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*(.*)$")
_PLAN_WORDS = re.compile(r"工作安排|工作计划|工作打算|工作思路|下一步|下步|明年|计划|打算|目标任务|展望")
_HALF_YEAR = 7


def covered_year(title: str | None, text: str, published: datetime | None) -> int | None:
    """The covered year, or published.year - 1 for a report published before July without evidence."""
    for year in (_from_title(title), _from_opening(text), _from_first_heading(text)):
        if year is not None and _plausible(year, published):
            return year
    if published is not None and published.month < _HALF_YEAR:
        return published.year - 1
    return None


def _plausible(year: int, published: datetime | None) -> bool:
    """A report cannot cover a year after its publication (a stated later year is a plan, not a review)."""
    return published is None or year <= published.year


def _years(s: str) -> list[int]:
    return [int(m.group(1)) for m in _YEAR.finditer(_RANGE.sub(" ", s))]


def _from_title(title: str | None) -> int | None:
    if not title or not _TITLE_TOPIC.search(title):
        return None
    years = _years(title)
    return years[0] if years else None


def _opening(text: str, paragraphs: int = 3) -> list[str]:
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    return lines[:paragraphs]


def _from_opening(text: str) -> int | None:
    for para in _opening(text):
        para = _RANGE.sub(" ", para)
        for pattern in (_OPENING_REPORT, _OPENING_START):
            if m := pattern.search(para):
                return int(m.group(1))
    for para in _opening(text):
        if _HEADING.match(para):
            break
        if m := _OPENING_REVIEW.search(_RANGE.sub(" ", para)):
            return int(m.group(1))
    return None


def _from_first_heading(text: str) -> int | None:
    """The year in the first 一、 heading, unless that heading announces a plan."""
    for line in (text or "").splitlines():
        m = _HEADING.match(line)
        if not m or len(line) > 60:
            continue
        if _PLAN_WORDS.search(m.group(1)):
            return None
        years = _years(m.group(1))
        return years[0] if years else None
    return None

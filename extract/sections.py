"""The parts of an annual rule-of-law report, each labelled with a canonical name.

The 2019 regulation (《法治政府建设与责任落实督察工作规定》) asks every report for the same four parts --
measures and results, shortcomings, how the leading officials discharged their first-responsibility
duty, and next year's plan -- but every government words its headings differently
(一、2023年推进法治政府建设的主要举措和成效 / 一、主要举措和成效 / 二、存在的主要不足 /
三、2019年度党政主要负责人履行… / 四、2024年工作安排 / 三、下一步工作举措). Researchers compare the same
part across governments, so each top-level heading (一、 二、 …) is mapped to `measures`,
`shortcomings`, `leaders_duty`, `next_year` or `other` by its words, not its number. Reports that list
their measures as topic headings (一、坚持党的领导… 七、行政权力制约监督…) get `measures` for every
unrecognised heading until a later canonical part starts. Text before the first heading, and a
report without headings, form one `other` section, so every report has at least one section.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

_NUMBERED = re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}\s*[、.．])\s*")
_MAX_HEADING = 60
# checked in this order: a plan heading may say 举措 (三、下一步工作举措), a duty heading says 推进法治建设
_LABELS = (
    ("leaders_duty", re.compile(r"第一责任人|主要负责人|党政主要领导|履行.{0,12}职责")),
    ("shortcomings", re.compile(r"不足|问题|短板|差距|薄弱|困难")),
    ("next_year", re.compile(r"下一步|下步|下一年|明年|安排|计划|打算|思路|展望|努力方向|工作重点")),
    ("other", re.compile(r"其他|其它")),
    ("measures", re.compile(r"举措|成效|措施|做法|成绩|进展|工作情况|建设情况|开展情况|主要工作|基本情况")),
)
_AFTER_MEASURES = frozenset({"shortcomings", "leaders_duty", "next_year", "other"})


@dataclass(frozen=True)
class Section:
    name: str      # measures | shortcomings | leaders_duty | next_year | other
    heading: str   # the heading line as written ("" for the text before the first heading)
    text: str      # the section's lines after its heading

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def label_heading(heading: str) -> str | None:
    """The canonical name a heading's words give, or None when they name no known part."""
    for name, pattern in _LABELS:
        if pattern.search(heading):
            return name
    return None


def split_heading(line: str) -> tuple[str, str] | None:
    """(heading, rest of the line) for a top-level heading line, else None; a heading may run on into
    its first sentence ("一、主要举措和成效。2023年，我市…"), which stays with the text."""
    if not _NUMBERED.match(line):
        return None
    heading, stop, rest = line.partition("。")
    if len(heading) > _MAX_HEADING:
        return None
    return heading.strip(), rest.strip() if stop else ""


def split_sections(text: str) -> list[Section]:
    """The report's parts in order; never empty for a non-empty text."""
    parts: list[tuple[str, list[str]]] = [("", [])]
    for line in (text or "").splitlines():
        found = split_heading(line.strip())
        if found is None:
            parts[-1][1].append(line)
            continue
        parts.append((found[0], [found[1]] if found[1] else []))
    sections: list[Section] = []
    seen_later_part = False
    for heading, lines in parts:
        body = "\n".join(lines).strip()
        if not heading:
            if body:
                sections.append(Section("other", "", body))
            continue
        name = label_heading(heading) or ("other" if seen_later_part else "measures")
        seen_later_part |= name in _AFTER_MEASURES
        sections.append(Section(name, heading, body))
    return sections

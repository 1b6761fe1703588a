"""Dates as Chinese government pages write them: publication date and signature date.

Why our own parser and not htmldate / dateparser: those misread 2024年01月30日, know nothing of
二〇二四年一月三十日 or the U+2236 ratio colon (10∶08) that many CMSs emit, and guess when they should not.
"""

from __future__ import annotations

import re
from datetime import datetime

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "О": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○零ОＯO一二三四五六七八九"
_TRANS = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                        "∶": ":", "：": ":", "／": "/", "－": "-", "—": "-", "–": "-", "．": ".",
                        "\u3000": " ", "\xa0": " "})

_NUMERIC = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(?:T\s*)?(\d{1,2})\s*(?::|时)\s*(\d{1,2})(?:\s*(?::|分)\s*(\d{1,2})\s*秒?|\s*分)?)?"
)
_CHINESE = re.compile(rf"([{_CN}]{{4}})\s*年\s*([{_CN}十]{{1,3}})\s*月\s*([{_CN}十]{{1,4}})\s*日")
_MIN_YEAR, _MAX_YEAR = 1949, 2100


def _normalise(s: str) -> str:
    return s.translate(_TRANS)


def _cn_number(s: str) -> int | None:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十 -> 20, 三十一 -> 31 (month and day numbers)."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN_DIGITS.get(tens, -1) if tens else 1
        o = _CN_DIGITS.get(ones, -1) if ones else 0
        return t * 10 + o if t >= 0 and o >= 0 else None
    if len(s) == 1:
        return _CN_DIGITS.get(s)
    if all(c in _CN_DIGITS for c in s):  # 二二 style is not used for days; accept it anyway
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    return None


def _build(year: int, month: int | None, day: int | None, hour=0, minute=0, second=0) -> datetime | None:
    if month is None or day is None or not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _numeric_matches(s: str):
    for m in _NUMERIC.finditer(s):
        y, mo, d, h, mi, sec = m.groups()
        hms = (int(h), int(mi), int(sec or 0)) if h is not None else (0, 0, 0)
        if hms[0] > 23 or hms[1] > 59 or hms[2] > 59:
            hms = (0, 0, 0)
        dt = _build(int(y), int(mo), int(d), *hms)
        if dt is not None:
            yield m, dt


def _chinese_matches(s: str):
    for m in _CHINESE.finditer(s):
        year = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
        dt = _build(year, _cn_number(m.group(2)), _cn_number(m.group(3)))
        if dt is not None:
            yield m, dt


def _all_matches(s: str) -> list[tuple[re.Match, datetime]]:
    return sorted([*_numeric_matches(s), *_chinese_matches(s)], key=lambda pair: pair[0].start())


def parse_date(s: str) -> datetime | None:
    """The first date (with its time when given) in `s`; naive datetime, 00:00 when no time is given."""
    if not s:
        return None
    found = _all_matches(_normalise(s))
    return found[0][1] if found else None


_META_KEYS = ("pubdate", "publishdate", "firstpublishedtime", "publishtime", "pubtime", "releasedate",
              "article:published_time", "dc.date", "dcterms.issued", "createdate")
# specific labels first; the generic 时间/日期 only when not part of a longer label (留言时间, 活动时间,
# 生成日期, 成文日期 are other dates)
_LABELS = (re.compile(r"(?:发布时间|发布日期|公开日期|发稿时间|发表时间|上传时间)\s*[:]?\s*"),
           re.compile(r"(?<![\u4e00-\u9fff])(?:时间|日期)\s*[:]?\s*"))
_SOURCE = re.compile(r"来源\s*[:]?")
_DATE_LINE = re.compile(r"^\(?\s*(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
                        r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*\)?$|^(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*\d{1,2}\s*[:时]\s*\d{2}分?$")
_URL_PATTERNS = (
    re.compile(r"[/_]t((?:19|20)\d{2})(\d{2})(\d{2})_"),                     # /t20240130_123.html
    re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})/"),             # /art/2024/1/30/
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),                          # /20240130/
    re.compile(r"/((?:19|20)\d{2})(\d{2})/"),                                 # /202401/
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/"),                                # /2024-01/
)


def find_published(meta: dict[str, str], page_text: str, url: str) -> datetime | None:
    """Publication date: a visible 发布时间/日期 label or the info bar's date by 来源, then the CMS's
    PubDate-style meta, then a bare date line, the URL. What the page shows comes first because it is
    what readers (and citations) go by: a migrated or re-published article keeps its date on the page
    while the CMS stamps a new PubDate (miit.gov.cn shows 2009-09-30 under PubDate 2023-05-12, sc.gov.cn
    2020-09-15 under 2022-10-14)."""
    text = _normalise(page_text or "")
    shown = _after_label(text) or _near_source(text)
    stamped = _from_meta(meta)
    if shown is not None and stamped is not None and shown.date() == stamped.date():
        return max(shown, stamped)  # the same day: keep the time, which often only the meta gives
    return shown or stamped or _date_line(text) or _date_from_url(url or "")


def _from_meta(meta: dict[str, str]) -> datetime | None:
    for key in _META_KEYS:
        value = meta.get(key)
        if value and (dt := parse_date(value)):
            return dt
    return None


_LISTING_DATES = 3  # this many different labelled dates: a list of items (search results), not an article


def _after_label(text: str) -> datetime | None:
    """The date right after a visible 发布时间: / 日期: label (None on listing pages, whose labels date
    their items)."""
    for pattern in _LABELS:
        dates = []
        for label in pattern.finditer(text):
            found = _all_matches(text[label.end(): label.end() + 40])
            if found and found[0][0].start() == 0:
                dates.append(found[0][1])
        if len({d.date() for d in dates}) >= _LISTING_DATES:
            return None
        if dates:
            return dates[0]
    return None


def _near_source(text: str) -> datetime | None:
    """The info bar: "2020-03-13 14:57:00来源:" or "来源：广西日报 2024-10-17 08:03"."""
    for source in _SOURCE.finditer(text):
        window = text[max(0, source.start() - 30): source.start()]
        before = _all_matches(window)
        if before and not window[before[-1][0].end():].strip():
            return before[-1][1]
        window = text[source.end(): source.end() + 30]
        after = _all_matches(window)
        if after and window[: after[0][0].start()].strip().count("\n") <= 1:
            return after[0][1]
    return None


def _date_line(text: str) -> datetime | None:
    """A line that is nothing but a numeric date (with a time, or 2024-05-11 in brackets): page chrome."""
    for line in text.splitlines():
        if _DATE_LINE.match(line.strip()):
            return parse_date(line)
    return None


def _date_from_url(url: str) -> datetime | None:
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
    for pattern in _URL_PATTERNS:
        if m := pattern.search(path):
            parts = [int(p) for p in m.groups()]
            dt = _build(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
            if dt is not None:
                return dt
    return None


_SIGNATURE_LINES = 5
_MAX_SIGNATURE_LEN = 60


def find_signed(text: str) -> datetime | None:
    """The signature date: among the last few non-empty lines, one that is (mostly) a date.

    A line qualifies when a date ends it (optionally in brackets) and it is short: "2024年1月30日",
    "阳春市人民政府 2024年1月30日", "二〇二四年一月三十日". Body sentences that merely mention a date end
    with other words or punctuation and are not taken.
    """
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    for line in reversed(lines[-_SIGNATURE_LINES:]):
        norm = _normalise(line).strip(" ()（）[]【】")
        if len(norm) > _MAX_SIGNATURE_LEN:
            continue
        found = _all_matches(norm)
        if found and not norm[found[-1][0].end():].strip(" 。.,，"):
            return found[-1][1]
    return None

"""Link scoring for the focused crawl.

Reports sit under a handful of column names (法治政府建设, 政府信息公开 →
法定主动公开内容 → 年度报告 …). Scoring anchor text, URL and surrounding text
lets the spider follow only what leads toward reports instead of fetching
every page of a portal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from extract.variant import simplified_words

# (pattern in anchor/title/context text, weight)
_TEXT_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("法治政府建设", 10),
    ("法治政府", 8),
    ("年度报告", 6),
    ("依法行政", 5),
    ("法治建设", 5),
    ("法治", 4),
    ("法定主动公开", 4),
    ("主动公开", 3),
    ("政府信息公开", 3),
    ("信息公开", 3),
    ("公开目录", 3),
    ("计划总结", 2),
    ("规划计划", 2),
    ("工作报告", 2),
    ("专题专栏", 1),
)
_NEGATIVE_TEXT = (
    "招聘", "视频", "图片", "旅游", "天气", "english", "登录", "注册", "无障碍", "长者",
    "信箱", "留言", "投诉", "网站地图", "联系我们", "关于我们", "纠错", "隐私", "版权",
    "繁體", "繁体", "简体", "rss", "打印", "关闭",
)
_DISCLOSURE_REPORT = re.compile(r"信息公开[^，。]{0,8}(年度报告|年报)")
_GENERIC_TEXT = re.compile(r"(查看)?更多(>>|》|>)*|more|进入(专栏|栏目)?|详细|>>|》》")
_URL_WEIGHTS: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"fzzf|fzjs|fzzfjs|yfxz"), 4),
    (re.compile(r"ndbg|fdzdgk|zfxxgk|xxgk"), 2),
)
_SKIP_EXTENSIONS = (
    ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".svg", ".webp", ".ico", ".css", ".js", ".zip", ".rar",
    ".mp4", ".mp3", ".avi", ".flv", ".xls", ".xlsx", ".ppt", ".pptx", ".apk", ".exe",
)
ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".ofd")

FOLLOW_THRESHOLD = 3.0
REPORT_THRESHOLD = 6.0


@dataclass(frozen=True)
class Link:
    """A candidate link as the spider saw it on a page."""

    url: str
    text: str
    context: str = ""


def score_link(link: Link) -> float:
    """How strongly *link* points toward a rule-of-law report (≤ 0: do not follow)."""
    if is_asset(link.url):
        return -1.0
    path = urlsplit(link.url).path.lower()
    text = simplified_words(re.sub(r"\s+", "", link.text))
    low = text.lower()
    if any(word in low for word in _NEGATIVE_TEXT) and "法治" not in text:
        return -1.0
    if _DISCLOSURE_REPORT.search(text) and "法治" not in text:
        return -1.0  # 政府信息公开工作年度报告: the other annual report every government publishes
    score = _best_text_weight(text)
    score += 0.5 * _best_text_weight(simplified_words(re.sub(r"\s+", "", link.context)))
    url_weight = max((w for rx, w in _URL_WEIGHTS if rx.search(path)), default=0.0)
    # A column's URL speaks for links that say nothing themselves (更多>>, an image). Links that do
    # say something (下一月, 打印) get only half of it, or a calendar under /fzzfjs/ is a trap.
    score += url_weight if score > 0 or not text or _GENERIC_TEXT.fullmatch(text) else url_weight / 2
    return score


def _best_text_weight(text: str) -> float:
    return max((w for word, w in _TEXT_WEIGHTS if word in text), default=0.0)


def is_asset(url: str) -> bool:
    """Images, scripts, media and spreadsheets: never a report, never a way to one."""
    return urlsplit(url).path.lower().endswith(_SKIP_EXTENSIONS)


def is_attachment(url: str) -> bool:
    """True for document downloads (PDF, Word, OFD) rather than web pages."""
    return urlsplit(url).path.lower().endswith(ATTACHMENT_EXTENSIONS) or "downfile" in url.lower()

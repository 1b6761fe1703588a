"""Link scoring for the best-first crawl: how strongly a link points toward a rule-of-law report.

Reports sit under column names real portals share (政务公开 → 政府信息公开目录 → 法定主动公开内容 →
计划总结 / 法治政府建设 …). The words and their weights are data (crawler.discovery.vocabulary);
this module only applies them to a link's anchor text, its list item (the context) and its URL.
A score orders the frontier; it never cuts it: the budget and stop rule (crawler.discovery.frontier)
decide when a site has had enough.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.discovery.vocabulary import Vocabulary, default_vocabulary
from extract.variant import simplified_words

_SKIP_EXTENSIONS = (
    ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".svg", ".webp", ".ico", ".css", ".js", ".zip", ".rar",
    ".mp4", ".mp3", ".avi", ".flv", ".xls", ".xlsx", ".ppt", ".pptx", ".apk", ".exe",
)
ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".ofd")

FOLLOW_THRESHOLD = 3.0  # some evidence: a gateway menu (政务公开) or better
REPORT_THRESHOLD = 6.0  # strong evidence: the link names a report or its column
NEVER = -1.0  # assets, and links whose words never lead to a report (登录, 招聘, 无障碍 …)


@dataclass(frozen=True)
class Link:
    """A candidate link as the spider saw it on a page."""

    url: str
    text: str
    context: str = ""


def score_link(link: Link, vocabulary: Vocabulary | None = None, own_name: str = "") -> float:
    """How strongly *link* points toward a rule-of-law report (≤ 0: nothing speaks for it).

    *own_name* is the site's own name (四川省司法厅): on its own site it is in every other anchor, so
    it says nothing there, though a 司法局 link on a government portal does."""
    vocab = vocabulary or default_vocabulary()
    if is_asset(link.url):
        return NEVER
    text = simplified_words(re.sub(r"\s+", "", link.text))
    if own_name:
        text = text.replace(simplified_words(own_name), "")
    score = vocab.text_weight(text)
    topical = score >= REPORT_THRESHOLD
    if vocab.is_negative(text) and not topical:
        return NEVER
    if vocab.names_disclosure_report(text) and "法治" not in text:
        return NEVER  # 政府信息公开工作年度报告: the other annual report every government publishes
    score += 0.5 * vocab.text_weight(simplified_words(re.sub(r"\s+", "", link.context)))
    url_weight = vocab.url_weight(urlsplit(link.url).path.lower())
    # A column's URL speaks for links that say nothing themselves (更多>>, an image). Links that do
    # say something (下一月, 打印) get only half of it, or a calendar under /fzzfjs/ is a trap.
    score += url_weight if score > 0 or not text or vocab.generic.fullmatch(text) else url_weight / 2
    return score


def is_pager_link(link: Link, page_url: str, vocabulary: Vocabulary | None = None) -> bool:
    """A link to another page of the listing it sits on (下一页, 尾页, a page number, ``index_2.html``,
    ``?page=3``): it is worth what the listing is worth."""
    vocab = vocabulary or default_vocabulary()
    text = "".join(link.text.split()).lower()
    here, there = urlsplit(page_url), urlsplit(link.url)
    if (here.hostname or "") != (there.hostname or ""):
        return False
    same_dir = here.path.rsplit("/", 1)[0] == there.path.rsplit("/", 1)[0]
    if text in vocab.pager_words or (text.isdigit() and len(text) <= 3 and same_dir):
        return True
    return same_dir and bool(vocab.pager_url.search(link.url)) and not text[:1].isalpha()


def is_asset(url: str) -> bool:
    """Images, scripts, media and spreadsheets: never a report, never a way to one."""
    return urlsplit(url).path.lower().endswith(_SKIP_EXTENSIONS)


def is_attachment(url: str) -> bool:
    """True for document downloads (PDF, Word, OFD) rather than web pages."""
    return urlsplit(url).path.lower().endswith(ATTACHMENT_EXTENSIONS) or "downfile" in url.lower()

"""What a site has taught the crawl: where its reports were found, and how the crawl got there.

Portals are built from templates: a site files every year's report in one column, under one URL
shape, and a 站群 sibling built from the same template files them the same way. Once a page is
known to be a report, the URL shape of the report and of the listing that linked it, and the
anchors of the clicks that led there, score higher on the same site (and on portals reached from
it through 站群 links). The lesson is the site's own, never carried to unrelated sites.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler.discovery.scoring import Link
from crawler.discovery.vocabulary import default_vocabulary

LEARNED_SHAPE = 6.0  # a wordless link shaped like a report of this site: maybe another year's report
LEARNED_LISTING = 6.0  # another page of the listing or column that held a report: older years
LEARNED_ANCHOR = 4.0  # an anchor the path to a report went through (其他, 计划总结 …)
MAX_ANCHOR = 16  # longer anchors are article titles, not menu words
TRAIL_LENGTH = 6  # how many clicks back a request remembers
MAX_SHAPE_SHARE = 0.25  # a shape more of the site's URLs have than this is the site's, not a column's

_DIGITS = re.compile(r"\d+")
_PAGE_PARAM = re.compile(r"page|pageno|pageindex|pagenum|curpage|currentpage|cpage|p|pn", re.I)
_LISTING_NAME = re.compile(r"(?:(?:index|list|default|more)(?:_\d+)?\.\w+)?", re.I)
_DATE_SEGMENT = re.compile(r"(?:19|20)\d\d(?:[01]\d(?:[0-3]\d)?)?|\d{1,2}")  # 2024, 202403, 20240315, 3


def _says_nothing(anchor: str) -> bool:
    """更多>>, 下一页, 首页, a page number: anchors every listing has."""
    vocab = default_vocabulary()
    if not anchor or anchor.isdigit() or anchor in ("首页", "返回首页", "网站首页"):
        return True
    return anchor.lower() in vocab.pager_words or bool(vocab.generic.fullmatch(anchor))


def column_of(url: str) -> str:
    """The directory a document is filed in, date folders left out: ``/zwgk/fzzfjs/202403/t…html`` and
    ``/zwgk/fzzfjs/index_2.html`` are both in ``/zwgk/fzzfjs/``."""
    segments = urlsplit(url).path.split("/")[:-1]
    while segments and _DATE_SEGMENT.fullmatch(segments[-1]):
        segments.pop()
    return "/".join(segments) + "/"


def _fold_param(pair: str) -> str:
    """``id=6666236`` → ``id=#`` (a document), ``page=3`` → ``page=#``; a short value (``classid=681``)
    names a column on query-string sites and stays."""
    name, _, value = pair.partition("=")
    if _PAGE_PARAM.fullmatch(name) or len(value) > 4 or not value.isdigit():
        return f"{name}=#"
    return f"{name}={value}"


def url_shape(url: str) -> str:
    """A URL with its document ids and dates folded, so other items of one column look alike.

    ``/zwgk/fzzfjs/202403/t20240315_123.html`` → ``/zwgk/fzzfjs/#/t#_#.html``; a numeric column
    directory (``/1234/``) is kept, date directories (``/2024/3/``, ``/202403/``) fold;
    Hanweb's ``/art/2024/3/5/art_1229_77.html`` keeps the column id: ``/art/#/#/#/art_1229_#.html``.
    The query keeps its names, and a short value that names a column (``?classid=681&id=#``)."""
    parts = urlsplit(url)
    segments = parts.path.split("/")
    folded = ["#" if _DATE_SEGMENT.fullmatch(s) else s for s in segments[:-1]]  # a column id stays
    last = segments[-1] if segments else ""
    runs = _DIGITS.findall(last)
    if runs:  # the last number is the document's id; long ones (dates) fold too
        head, _, tail = last.rpartition(runs[-1])
        head = re.sub(r"\d{6,}", "#", head)
        last = f"{head}#{tail}"
    query = "&".join(_fold_param(p) for p in parts.query.split("&") if p)
    return "/".join([*folded, last]) + (f"?{query}" if query else "")


@dataclass
class SiteMemory:
    """The report and listing URL shapes and the anchors one site's reports were reached through."""

    report_shapes: set[str] = field(default_factory=set)
    listing_shapes: set[str] = field(default_factory=set)
    columns: set[str] = field(default_factory=set)  # directories reports were filed in (/zwgk/fzzfjs/)
    anchors: set[str] = field(default_factory=set)
    shapes_seen: Counter[str] = field(default_factory=Counter)  # distinct URLs seen per shape
    urls_seen: set[str] = field(default_factory=set)

    def saw(self, url: str) -> None:
        """Count a link of the site, so that a shape every page shares (``show.asp?id=#``) says nothing."""
        if url not in self.urls_seen:
            self.urls_seen.add(url)
            self.shapes_seen[url_shape(url)] += 1

    def telling(self, shape: str) -> bool:
        """A shape that only some of the site's URLs have: a column, not the whole site."""
        return self.shapes_seen[shape] <= MAX_SHAPE_SHARE * max(len(self.urls_seen), 1)

    def learn(self, report_url: str, trail: list[tuple[str, str]]) -> bool:
        """Remember a report found at *report_url* through *trail* ((page URL, anchor) per click,
        oldest first). True when something new was learnt."""
        before = (len(self.report_shapes), len(self.listing_shapes), len(self.anchors))
        self.report_shapes.add(url_shape(report_url))
        self.columns.add(column_of(report_url))
        if trail:
            self.listing_shapes.add(url_shape(trail[-1][0]))
        for _, anchor in trail:
            word = "".join(anchor.split())
            if 1 < len(word) <= MAX_ANCHOR and not _says_nothing(word):
                self.anchors.add(word)
        return before != (len(self.report_shapes), len(self.listing_shapes), len(self.anchors))

    def bonus(self, link: Link) -> float:
        """What this site's lessons add to *link*'s score."""
        shape = url_shape(link.url)
        bonus = 0.0
        wordless = _says_nothing("".join(link.text.split())) or not link.text.strip()
        if wordless and shape in self.report_shapes and self.telling(shape):
            bonus = LEARNED_SHAPE  # a sitemap entry or an image link: its URL is all it says
        elif (shape in self.listing_shapes and self.telling(shape)) or self._lists_a_column(link.url):
            bonus = LEARNED_LISTING
        if "".join(link.text.split()) in self.anchors:
            bonus = max(bonus, LEARNED_ANCHOR)
        return bonus

    def _lists_a_column(self, url: str) -> bool:
        """A listing page (``index_2.html``, ``list.html``, the directory itself) of a directory that
        holds a report: that column's other pages hold the other years."""
        path = urlsplit(url).path
        name = path.rsplit("/", 1)[-1]
        column = column_of(url)
        # the root holds every query-string site's listings (/list.asp?classid=…): it names no column
        return column != "/" and bool(_LISTING_NAME.fullmatch(name)) and column in self.columns

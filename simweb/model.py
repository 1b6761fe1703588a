"""Plain data for one simulated site: its columns (栏目) and articles, independent of any CMS markup.

A CMS style (simweb/sites/*) only decides URLs and markup; the world planner decides what exists.
Keeping the two apart lets six very different templates publish the same kind of content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Article:
    title: str
    published: datetime
    paragraphs: list[str]
    kind: str = "news"  # report | notice | disclosure_report | work_plan | meeting_news | news | page
    source: str = ""  # 来源
    year: int | None = None  # covered year for reports, year talked about for negatives
    issuer: str | None = None
    issuer_kind: str | None = None
    heading: str | None = None  # visible <h1>; None = the page shows no heading (title only in meta)
    doc_no: str = ""  # 发文字号 (xxgk)
    index_no: str = ""  # 索引号 (xxgk)
    uid: int = 0  # numeric document id used in URLs
    column: Column | None = None
    path: str = ""  # assigned by the site's CMS style
    attachment: str = ""  # "pdf" | "docx" | "doc" | "scan": published only as this file (at ``path``)
    needs_ocr: bool = False  # a scan: the file has no text layer
    also_at: list[str] = field(default_factory=list)  # other paths of the same report on its site
    mirror_of: str = ""  # host whose report this page reposts (the copy is not a report of its own)
    placement: str = ""  # generated world only: how a crawler can reach it (simweb.generator.PLACEMENTS)

    @property
    def is_truth(self) -> bool:
        """Reports and the hard negatives are the documents the test suite scores the pipeline on."""
        return self.kind not in ("news", "page")


@dataclass
class Column:
    """A 栏目. A column either lists articles or (a 'section') links to sub-columns."""

    key: str  # url-safe code, e.g. "fzzfjs"
    name: str
    uid: int = 0  # numeric column id (Hanweb col123, UCAP ...)
    parent: Column | None = None
    children: list[Column] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # listing pages, assigned by the style
    extra: list[tuple[str, str, datetime]] = field(default_factory=list)  # listed links to fault pages

    def add(self, child: Column) -> Column:
        child.parent = self
        self.children.append(child)
        return child

    def post(self, article: Article) -> Article:
        article.column = self
        self.articles.append(article)
        return article

    def trail(self) -> list[Column]:
        """Columns from the top-level one down to this one (the breadcrumb, without 首页)."""
        out: list[Column] = []
        node: Column | None = self
        while node is not None and node.parent is not None:
            out.append(node)
            node = node.parent
        return out[::-1]

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class SiteInfo:
    """Identity of a simulated government site (what the meta tags and footers advertise)."""

    name: str  # 清远市人民政府
    host: str
    region_code: str
    issuer: str
    issuer_kind: str
    site_code: str  # 网站标识码 / SiteIDCode, 10 digits
    icp: str  # 粤ICP备05080365号
    short: str  # 清远市
    self_ref: str  # 我市
    leader: str  # 市委、市政府
    units: str  # addressee line of notices
    style: str  # trs | hanweb | gbk_table | modern | ucap | xxgk

    @property
    def start_url(self) -> str:
        return f"http://{self.host}/"

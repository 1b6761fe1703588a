"""What every CMS style shares: URL assignment, pagination, navigation links and per-page RNG.

Subclasses decide only URLs and markup (``listing_paths``, ``article_path``, ``render_*``).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime
from html import escape

from simweb import chrome
from simweb.model import Article, Column, SiteInfo

Entry = tuple[str, str, datetime]  # (title, href, date) of one listing item


@dataclass
class Page:
    path: str
    body: bytes
    content_type: str
    article: Article | None = None


class Style:
    key = "base"
    charset = "utf-8"
    page_size = 10

    def __init__(
        self,
        site: SiteInfo,
        root: Column,
        network: list[chrome.Link],
        seed: int,
        home_links: list[chrome.Link] | None = None,
        city: str | None = None,
        search: str | None = None,
    ) -> None:
        self.site = site
        self.root = root
        self.network = network
        self.seed = seed
        self.home_links = home_links or []
        self.city = city  # the weather widget's city; None keeps a style's historical default
        self.search_template = search  # the site's search endpoint ("{q}" for the query), or None

    # --- to override ---------------------------------------------------------------------------
    def home_paths(self) -> list[str]:
        return ["/", "/index.html"]

    def listing_paths(self, col: Column, pages: int) -> list[str]:
        raise NotImplementedError

    def article_path(self, art: Article) -> str:
        raise NotImplementedError

    def render_home(self) -> str:
        raise NotImplementedError

    def render_listing(self, col: Column, page_no: int) -> str:
        raise NotImplementedError

    def render_article(self, art: Article) -> str:
        raise NotImplementedError

    def frame(self, title: str, main: str, key: str) -> str:
        """Wrap ``main`` in the site's page template (used for the footer's static pages)."""
        raise NotImplementedError

    def search_box(self) -> str:
        """The header's 站内搜索 form, submitting to the site's search endpoint as real portals' do (a
        hidden field per fixed parameter). One site in five posts it, which a crawler cannot replay;
        a site without search shows none."""
        if not self.search_template:
            return ""
        path, _, query = self.search_template.partition("?")
        fields = [pair.split("=", 1) for pair in query.split("&") if "=" in pair]
        method = "post" if self.rng("search-box").random() < 0.2 else "get"
        inputs = "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}" />'
                         for k, v in fields if v != "{q}")
        word = next((k for k, v in fields if v == "{q}"), "q")
        return (f'<div class="search-box"><form action="{escape(path)}" method="{method}" target="_blank">'
                f'{inputs}<input type="text" name="{escape(word)}" placeholder="请输入关键字" />'
                '<input type="submit" value="搜索" /></form></div>')

    @property
    def content_type(self) -> str:
        return f"text/html; charset={self.charset}"

    def encode(self, html: str) -> bytes:
        return html.encode(self.charset)

    # --- shared machinery ------------------------------------------------------------------------
    def columns(self) -> list[Column]:
        return [c for c in self.root.walk() if c is not self.root]

    def build(self) -> list[Page]:
        """Assign URLs, then render every page of the site."""
        for col in self.columns():
            col.paths = self.listing_paths(col, self.page_count(col))
            for art in col.articles:
                art.path = self.article_path(art)
        html_pages = [(p, self.render_home(), None) for p in self.home_paths()]
        for col in self.columns():
            html_pages += [(p, self.render_listing(col, i), None) for i, p in enumerate(col.paths)]
            html_pages += [(art.path, self.render_article(art), art) for art in col.articles]
        html_pages += [(p, h, None) for p, h in self.static_pages()]
        return [Page(p, self.encode(h), self.content_type, art) for p, h, art in html_pages]

    def static_pages(self) -> list[tuple[str, str]]:
        """The footer's 网站地图 / 联系我们 / 使用帮助. The map stops at the second level, as real ones
        often do, so deep columns stay deep."""
        shallow = [c for c in self.columns() if len(c.trail()) <= 2]
        tree = "".join(f'<li class="lv{len(c.trail())}">{chrome.a(c.name, c.paths[0])}</li>' for c in shallow)
        contact = (
            f"<p>地址：{self.site.short}行政中心</p><p>邮编：{self.site.region_code}</p>"
            f"<p>电子邮箱：webmaster@{self.site.host.removeprefix('www.')}</p>"
        )
        help_text = "<p>本网站支持主流浏览器访问，建议使用1366×768及以上分辨率。</p>"
        return [
            (
                "/wzdt/index.html",
                self.frame("网站地图", f'<div class="wzdt"><h2>网站地图</h2><ul>{tree}</ul></div>', "wzdt"),
            ),
            (
                "/lxwm/index.html",
                self.frame("联系我们", f'<div class="lxwm"><h2>联系我们</h2>{contact}</div>', "lxwm"),
            ),
            (
                "/sybz/index.html",
                self.frame("使用帮助", f'<div class="sybz"><h2>使用帮助</h2>{help_text}</div>', "sybz"),
            ),
        ]

    def page_count(self, col: Column) -> int:
        return max(1, math.ceil(len(self.entries(col)) / self.page_size))

    def entries(self, col: Column) -> list[Entry]:
        """Listing items newest first; fault links in ``col.extra`` are listed like articles."""
        items = [(art.title, art.path, art.published) for art in col.articles] + list(col.extra)
        return sorted(items, key=lambda e: (e[2], e[1]), reverse=True)

    def chunk(self, col: Column, page_no: int) -> list[Entry]:
        return self.entries(col)[page_no * self.page_size : (page_no + 1) * self.page_size]

    def rng(self, key: str) -> random.Random:
        """Per-page RNG: rendering order never changes the bytes."""
        return random.Random(f"{self.seed}|{self.site.host}|{key}")

    def featured(self, limit: int = 6) -> list[Column]:
        """Columns whose latest items the home page shows: shallow ones only, so deep columns
        (政府信息公开 > 法定主动公开内容 > …) are reachable solely by clicking down."""
        return [c for c in self.columns() if c.articles and len(c.trail()) <= 2][:limit]

    def trail(self, col: Column) -> list[chrome.Link]:
        return [("首页", "/")] + [(c.name, c.paths[0]) for c in col.trail()]

    def top_nav(self) -> list[chrome.Link]:
        return [("首页", "/")] + [(c.name, c.paths[0]) for c in self.root.children]

    def related(self, art: Article, n: int = 4) -> list[chrome.Link]:
        """Siblings in the same column: what real 相关链接 boxes show."""
        assert art.column is not None
        others = [a for a in art.column.articles if a is not art]
        return [(a.title, a.path) for a in others[:n]]

    def neighbours(self, art: Article) -> tuple[chrome.Link | None, chrome.Link | None]:
        assert art.column is not None
        arts = art.column.articles
        i = arts.index(art)
        prev = (arts[i - 1].title, arts[i - 1].path) if i > 0 else None
        nxt = (arts[i + 1].title, arts[i + 1].path) if i + 1 < len(arts) else None
        return prev, nxt

    def column_of(self, art: Article) -> Column:
        assert art.column is not None
        return art.column

    def abs_url(self, path: str) -> str:
        return f"http://{self.site.host}{path}"

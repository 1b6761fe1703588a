"""What the spider needs to know about a fetched HTML page: its links and its kind.

Parsing happens once per page here; the extractor (extract/) decides later what
the page *says*. This module only decides where to go next and whether the page
is an article worth handing to extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html

from crawler.discovery.scoring import Link
from extract import cms
from extract.decode import decode_html

_ARTICLE_META = re.compile(r"<meta[^>]+name\s*=\s*['\"]?articletitle", re.I)


@dataclass
class PageView:
    """A decoded HTML page with the crawl-relevant facts computed lazily."""

    url: str
    body: bytes
    content_type: str | None = None

    @cached_property
    def html(self) -> str:
        return decode_html(self.body, self.content_type).text

    @cached_property
    def tree(self) -> lxml.html.HtmlElement | None:
        if not self.html.strip():
            return None
        try:
            return lxml.html.document_fromstring(self.html)
        except (lxml.etree.ParserError, ValueError):
            return None

    def links(self) -> list[Link]:
        """Every link a person could follow: anchors and data-island records (not pagination)."""
        hidden = [Link(url, text, context) for url, text, context in cms.listed_links(self.html, self.url)]
        found = self._anchor_links() + hidden
        seen: set[str] = set()
        unique = []
        for link in found:
            url = urldefrag(link.url)[0]
            if url not in seen and urlsplit(url).scheme in ("http", "https"):
                seen.add(url)
                unique.append(Link(url, link.text, link.context))
        return unique

    def pagination(self) -> list[str]:
        """The listing's other pages, which script-written pagers hide from link extraction."""
        return cms.listing_pages(self.html, self.url)

    @cached_property
    def is_article(self) -> bool:
        """An article (detail) page rather than a home page or a column listing."""
        if _ARTICLE_META.search(self.html[:65536]):
            return True
        path = urlsplit(self.url).path
        if cms.article_url_pattern().search(path):
            return True
        if cms.listing_url_pattern().search(path) or any(mark in self.html for mark in cms.listing_marks()):
            return False
        return self._link_density() < 0.5

    def _anchor_links(self) -> list[Link]:
        if self.tree is None:
            return []
        base = self.tree.base_url or self.url
        base_href = self.tree.find(".//base")
        if base_href is not None and base_href.get("href"):
            base = urljoin(self.url, base_href.get("href"))
        links = []
        for a in self.tree.iter("a"):
            href = (a.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "mailto:", "#", "tel:")):
                continue
            text = " ".join(a.text_content().split()) or (a.get("title") or "")
            if a.get("title") and a.get("title") not in text:
                text = f"{text} {a.get('title')}"
            links.append(Link(urljoin(base, href), text, _context(a)))
        return links

    def _link_density(self) -> float:
        if self.tree is None:
            return 1.0
        body = self.tree.find("body")
        total = len("".join((body if body is not None else self.tree).text_content().split()))
        linked = sum(len("".join(a.text_content().split())) for a in self.tree.iter("a"))
        return linked / total if total else 1.0


def _context(anchor: lxml.html.HtmlElement) -> str:
    """What the anchor's own list item or table cell says besides its links (a date, a 发文字号), if
    it is a small one.

    Larger containers (menus, breadcrumbs, sidebars) say nothing about this one link, and
    their words would lift every link inside them; the anchor's own words are scored already.
    """
    anchor_text = " ".join(anchor.text_content().split())
    parent = anchor.getparent()
    for _ in range(2):
        if parent is None:
            return ""
        if parent.tag in ("li", "td", "dd", "p", "h2", "h3"):
            text = " ".join(parent.text_content().split())
            if len(text.replace(" ", "")) > len(anchor_text.replace(" ", "")) + 30:
                return ""
            for link in parent.iter("a"):  # other links' words are theirs (a menu's siblings)
                text = text.replace(" ".join(link.text_content().split()), " ", 1)
            return " ".join(text.split())
        parent = parent.getparent()
    return ""

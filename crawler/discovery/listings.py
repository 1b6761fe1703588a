"""Listing patterns of the big government CMS families, understood without a browser.

TRS WCM writes its page links only through a script call
``createPageHTML(total, current, "index", "html")``; Hanweb JCMS hides the list
items in an XML data island (``<script type="text/xml"><datastore>…``) that its
own JavaScript turns into HTML. A plain link extractor sees neither.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html

from crawler.discovery.scoring import Link

_CREATE_PAGE_HTML = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([^'\"]+)['\"]\s*,\s*['\"]([^'\"]+)['\"]"
)
_DATASTORE = re.compile(r"<datastore>(.*?)</datastore>", re.S | re.I)
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_MAX_PAGES = 200  # a listing claiming more pages than this is a trap or a bug


def trs_pagination(html: str, base_url: str) -> list[str]:
    """URLs of the other pages of a TRS listing (index.html, index_1.html, …)."""
    match = _CREATE_PAGE_HTML.search(html)
    if not match:
        return []
    total, current = int(match.group(1)), int(match.group(2))
    stem, ext = match.group(3), match.group(4)
    pages = []
    for n in range(min(total, _MAX_PAGES)):
        if n == current:
            continue
        name = f"{stem}.{ext}" if n == 0 else f"{stem}_{n}.{ext}"
        pages.append(urljoin(base_url, name))
    return pages


def hanweb_records(html: str, base_url: str) -> list[Link]:
    """Links inside a Hanweb ``<datastore>`` data island's CDATA records."""
    links: list[Link] = []
    for store in _DATASTORE.findall(html):
        for fragment in _RECORD.findall(store):
            links.extend(_fragment_links(fragment, base_url))
    return links


def _fragment_links(fragment: str, base_url: str) -> list[Link]:
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return []
    context = " ".join(root.text_content().split())
    return [
        Link(urljoin(base_url, a.get("href")), a.get("title") or a.text_content().strip(), context)
        for a in root.iter("a")
        if a.get("href")
    ]

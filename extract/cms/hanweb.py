"""Hanweb JCMS (大汉), common on Zhejiang and Jiangsu portals.

Columns ``/col/col<ID>/index.html``; documents ``/art/YYYY/M/D/art_<COL>_<ID>.html``. A column's items
live only in an XML data island (``<script type="text/xml"><datastore>…<record><![CDATA[<li>…``) that
its own script pages through. The body is in ``div#zoom`` between ZJEG_RSS comment markers.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from extract.cms.family import CmsFamily, ListedLink, SearchEndpoint

_DATASTORE = re.compile(r"<datastore>(.*?)</datastore>", re.S | re.I)
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)


def datastore_records(html: str, base_url: str) -> list[ListedLink]:
    """Links inside a Hanweb ``<datastore>`` data island's CDATA records."""
    links: list[ListedLink] = []
    for store in _DATASTORE.findall(html):
        for fragment in _RECORD.findall(store):
            links.extend(_fragment_links(fragment, base_url))
    return links


def _fragment_links(fragment: str, base_url: str) -> list[ListedLink]:
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    context = " ".join(root.text_content().split())
    return [(urljoin(base_url, a.get("href")), a.get("title") or a.text_content().strip(), context)
            for a in root.iter("a") if a.get("href")]


FAMILY = CmsFamily(
    key="hanweb",
    name="Hanweb JCMS",
    article_urls=(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$",),
    listing_urls=(r"/col/col\d+/",),
    listing_marks=("<datastore>",),
    body_containers=("//*[@id='zoom']",),
    body_markers=(("<!--ZJEG_RSS.content.begin-->", "<!--ZJEG_RSS.content.end-->"),
                  ("<!--<$[信息内容]>begin-->", "<!--<$[信息内容]>end-->")),
    search=(SearchEndpoint("/jrobot/search.do", "q", (("webid", "{n}"),)),
            SearchEndpoint("/jrobotfront/search.do", "q", (("websiteid", "{n}"),))),
    records=datastore_records,
    sources=("realpages 01, 02, 04, 05 (Hanweb detail pages: #zoom, ZJEG_RSS and <$[信息内容]> markers)",
             "realpages 05 (fgw.zj.gov.cn: search form jrobotfront/search.do …&q=)"),
)

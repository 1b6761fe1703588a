"""Read the <meta name=...> block that Chinese government CMSs (TRS, Hanweb, UCAP) emit.

The national website standard (GB/T 网站页面元数据) makes sites publish SiteName, SiteIDCode,
ArticleTitle, PubDate, ContentSource, ColumnName and Url as meta tags. Their capitalisation varies
between CMSs (Sitename, contentSource, MakeTime), so names are lower-cased; some CMSs leak raw HTML
into values (an ArticleTitle holding ``<div>``), so tags are stripped.
"""

from __future__ import annotations

import html as htmllib
import re

import lxml.html
from lxml import etree

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# characters XML (and so lxml) refuses: C0 controls other than tab/newline/return, and non-characters
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[\s\u3000\u00a0]+")


def parse_html(html: str) -> lxml.html.HtmlElement:
    """Parse a decoded page leniently; an empty or unparsable page becomes an empty document.

    lxml refuses str input that carries an XML encoding declaration, which some TRS pages emit
    (the text is already decoded, so the declaration is dropped), and str input with control
    characters, which binary junk and broken CMS exports contain (they are removed).
    """
    html = _XML_ILLEGAL.sub("", _XML_DECL.sub("", html or ""))
    if not html.strip():
        return lxml.html.document_fromstring("<html><body></body></html>")
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html><body></body></html>")


def clean_value(value: str) -> str:
    """Strip inner HTML tags and entities, collapse whitespace."""
    value = _TAG.sub("", value)
    value = htmllib.unescape(value)
    return _SPACE.sub(" ", value).strip()


def read_meta(html: str) -> dict[str, str]:
    """Map lower-cased meta name (or property) to its cleaned content; first non-empty value wins.

    First wins because saved pages and SPA dumps sometimes nest a second document whose metas
    describe another page.
    """
    return meta_from_root(parse_html(html))


def meta_from_root(root: lxml.html.HtmlElement) -> dict[str, str]:
    """read_meta on an already parsed page."""
    found: dict[str, str] = {}
    for element in root.iter("meta"):
        name = element.get("name") or element.get("property")
        content = element.get("content")
        if not name or content is None:
            continue
        key = name.strip().lower()
        value = clean_value(content)
        if key and value and key not in found:
            found[key] = value
    return found

"""站群 links as a way in: a prefecture portal links its counties' portals, which no list may name.

Government sites come in groups (站群): a prefecture's portal carries a 站群导航 / 县（市、区）网站 block
linking the portals of its counties, and the counties' reports are only reachable through them when
the sites file lists the prefecture alone. A site whose entry says ``follow_site_group: true`` lends
the crawl to those portals. Only two kinds of link qualify, both to a ``*.gov.cn`` host that no site
of the crawl covers: links inside a 站群 block, and links to the home page of another ``www.`` portal
(not beian.miit.gov.cn, the ICP filing link every footer carries). Anything else off-site stays
off-site, so the flag does not open the crawl to arbitrary hosts.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html

from crawler.discovery.pages import PageView
from crawler.discovery.scoring import Link
from crawler.discovery.waysin.base import Entry, SiteNotes, WayIn
from crawler.sites import SiteConfig

GOVERNMENT_SUFFIX = ".gov.cn"
_GROUP_CLASS = re.compile(r"zq|zhanqun|sitegroup|site-group|wzq", re.I)
_GROUP_LABEL = re.compile(r"站群|网站群|政府网站|县[（(]?[市区]|[区市]县网站|各地")
_HOME_PATH = re.compile(r"^/?$|^/(?:index|default)\.(?:s?html?|jsp|aspx?|php)$", re.I)
_LABEL_TAGS = ("span", "h2", "h3", "h4", "h5", "strong", "b", "dt", "em", "label", "div", "p")
_BLOCK_LEVELS = 4  # how far up from a link its 站群 block's label may sit


def portal_links(page: PageView, site: SiteConfig) -> list[Link]:
    """Links from *page* to other government portals, each given as that portal's home page."""
    if page.tree is None:
        return []
    found: dict[str, Link] = {}
    for anchor in page.tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        url = urljoin(page.url, href) if href else ""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host.endswith(GOVERNMENT_SUFFIX) or site.allows(url):
            continue
        if (host.startswith("www.") and _HOME_PATH.match(parts.path)) or _in_site_group(anchor):
            home = f"{parts.scheme}://{parts.netloc.lower()}/"
            found.setdefault(home, Link(home, " ".join(anchor.text_content().split())))
    return list(found.values())


def derived_site(link: Link, parent: SiteConfig) -> SiteConfig:
    """The site a 站群 link leads to: its own host only, no region (extraction reads the portal's own
    SiteIDCode and names rather than inheriting the prefecture's), politeness as the parent's."""
    host = urlsplit(link.url).hostname or ""
    return SiteConfig(
        name=link.text if re.search(r"[\u4e00-\u9fff]", link.text) else host,
        start_urls=(link.url,),
        allowed_domains=(host,),
        delay=parent.delay,
        render=parent.render,
        verified=False,
        via_site_group=parent.name,
    )


def _in_site_group(anchor: lxml.html.HtmlElement) -> bool:
    node = anchor.getparent()
    for _ in range(_BLOCK_LEVELS):
        if node is None:
            return False
        marks = f"{node.get('class') or ''} {node.get('id') or ''}"
        if _GROUP_CLASS.search(marks) or _GROUP_LABEL.search(_label(node)):
            return True
        node = node.getparent()
    return False


def _label(node: lxml.html.HtmlElement) -> str:
    """The block's own caption: its leading text and its children that hold no link (站群导航)."""
    parts = [node.text or ""]
    parts += [child.text_content() for child in node
              if child.tag in _LABEL_TAGS and child.find(".//a") is None]
    return "".join("".join(parts).split())[:40]


class SiteGroup(WayIn):
    """On a site flagged ``follow_site_group``, every page's links to other government portals: each
    becomes a site of its own (``read_as="portal"``; the spider adds it, once)."""

    def on_page(self, site: SiteConfig, notes: SiteNotes, page: PageView, start: bool) -> list[Entry]:
        if not site.follow_site_group or not site.allows(page.url):
            return []
        return [Entry(link.url, via="站群", read_as="portal", anchor=link.text, stat="site_group_portals")
                for link in portal_links(page, site)]

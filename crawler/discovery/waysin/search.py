"""Site search as a way in: a report filed in a column the portal never links is still indexed.

Two sources of a search URL: a template in the sites file (``search: "/search?q={q}"``), and the
search box the portal itself shows (a ``<form>`` with one text field: TRS's ``searchword``, Hanweb
jrobot's ``q``, 开普's ``searchWord`` …), read from the home page as a fallback way in. The spider
asks a small fixed set of queries, the titles reports are published under, and reads each result
page as a listing. Only the first result page is read: the endpoints rank title matches first,
and every further page would cost a request per query.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode, urljoin, urlsplit

import lxml.html

from crawler.discovery.waysin.base import FALLBACK_SCORE, Entry, SiteNotes, WayIn
from crawler.sites import SEARCH_PLACEHOLDER, SiteConfig
from extract.cms import families_of

if TYPE_CHECKING:
    from crawler.discovery.pages import PageView

REPORT_QUERIES = ("法治政府建设年度报告", "法治政府建设情况报告")
SEARCH_BOX_QUERIES = ("法治政府建设",)  # one request: both titles, and their 繁體 and short forms, hold it
_QUERY_FIELD = re.compile(r"search|word|keyword|key|query|^q$|^wd$|^kw$|^qt$|^text$|^title$", re.I)
_TEXT_TYPES = ("", "text", "search")


def search_urls(site: SiteConfig, queries: tuple[str, ...] = REPORT_QUERIES) -> list[str]:
    """The site's search URLs for *queries*, each query UTF-8 percent-encoded into the template."""
    if not site.search:
        return []
    return template_urls(site.search, site.start_urls[0], queries)


def template_urls(template: str, base: str, queries: tuple[str, ...] = REPORT_QUERIES) -> list[str]:
    return [urljoin(base, template.replace(SEARCH_PLACEHOLDER, quote(query, safe=""))) for query in queries]


def form_templates(tree: lxml.html.HtmlElement | None, page_url: str) -> list[str]:
    """Search templates (``…?searchword={q}&…``) for the GET forms on a page that have one query field.

    Hidden fields are kept (a TRS form's ``channelid``, a Hanweb form's ``webid``); forms that post,
    log in or ask for more than one text (a 留言 form) are not searches."""
    if tree is None:
        return []
    templates = []
    for form in tree.iter("form"):
        if (form.get("method") or "get").strip().lower() != "get":
            continue
        inputs = [(el.get("name") or "").strip() for el in form.iter("input")]
        kinds = [(el.get("type") or "").strip().lower() for el in form.iter("input")]
        texts = [n for n, k in zip(inputs, kinds, strict=True) if n and k in _TEXT_TYPES]
        if len(texts) != 1 or "password" in kinds or not _QUERY_FIELD.search(texts[0]):
            continue
        hidden = [(el.get("name"), el.get("value") or "") for el in form.iter("input")
                  if (el.get("type") or "").lower() == "hidden" and el.get("name")]
        action = urljoin(page_url, (form.get("action") or "").strip() or page_url)
        if urlsplit(action).scheme not in ("http", "https"):
            continue
        query = urlencode(hidden)
        sep = "&" if "?" in action else "?"
        templates.append(f"{action}{sep}{query + '&' if query else ''}{texts[0]}={SEARCH_PLACEHOLDER}")
    return list(dict.fromkeys(templates))


class SitesFileSearch(WayIn):
    """The search endpoint the sites file names (``search:``), asked both report titles at the start."""

    def at_start(self, site: SiteConfig, notes: SiteNotes) -> list[Entry]:
        return [Entry(url, via="search", read_as="listing") for url in search_urls(site)]


class SearchBox(WayIn):
    """The portal's own search box, read from its home page and asked once for 法治政府建设: reports
    whose listing was reorganised away stay in the search index (one request; none when the sites
    file names the site's search, which is asked already)."""

    def on_page(self, site: SiteConfig, notes: SiteNotes, page: PageView, start: bool) -> list[Entry]:
        if not start or notes.search_forms:
            return []
        notes.search_forms = form_templates(page.tree, page.url) or ["-"]  # "-": looked, found none
        notes.families = families_of([urlsplit(link.url).path for link in page.links()])
        template = notes.search_forms[0]
        if site.search or template == "-":
            return []
        urls = template_urls(template, page.url, SEARCH_BOX_QUERIES)
        return [Entry(url, via="search box", read_as="listing", score=FALLBACK_SCORE,
                      stat="waysin/search_box") for url in urls]

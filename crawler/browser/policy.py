"""When a page is worth opening in a browser: decided per page, from what the HTTP pass saw.

A browser costs a process, seconds and many requests, so it is used only where the plain
download cannot show the listing: a column reached through a report-ish link whose items are
missing from the HTML while the page carries the machinery that would write them (an empty list
container, a script calling an API). Sites can force the choice (``render: always|never``).
"""

from __future__ import annotations

import re

from crawler.discovery.pages import PageView
from crawler.discovery.scoring import FOLLOW_THRESHOLD

# Script text that loads data after the page arrives.
_DATA_SCRIPT = re.compile(
    r"\bfetch\s*\(|XMLHttpRequest|\$\.(?:ajax|getJSON|get|post)\s*\(|\baxios\b|['\"/]api/", re.I
)
# Containers that hold a listing's items on real portals.
_LIST_CONTAINER = re.compile(r"list|news|items?\b|article|data|content|result", re.I)
_LIST_TAGS = ("ul", "ol", "tbody", "table", "div", "dl", "section")
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}")
_ITEM_URL = re.compile(r"\d{4,}[^/]*\.s?html?$|[?&]id=\d+", re.I)
MIN_ITEM_LINKS = 2  # fewer listed items than this and the listing counts as empty


def should_render(page: PageView, *, mode: str, score: float, exploring: bool = False) -> bool:
    """True when *page* should be rendered in the browser (``mode`` is the site's ``render``).

    A listing shell is rendered when the link to it was report-ish, or whatever its link said while
    the site has yielded no report (*exploring*): on a portal whose every listing is written by
    script, a column with an unfamiliar name is still where the report may be."""
    if mode == "never" or page.tree is None:
        return False
    if mode == "always":
        return True
    if page.is_article or (score < FOLLOW_THRESHOLD and not exploring):
        return False
    if item_links(page) >= MIN_ITEM_LINKS:
        return False
    return not page.links() or has_empty_list(page) or has_data_script(page)


def item_links(page: PageView) -> int:
    """Links that look like listing items (a date beside them, or a document-id URL)."""
    return sum(1 for link in page.links() if _DATE.search(link.context) or _ITEM_URL.search(link.url))


def has_empty_list(page: PageView) -> bool:
    """An element named like a list container that holds nothing: script fills it later."""
    if page.tree is None:
        return False
    for element in page.tree.iter(*_LIST_TAGS):
        names = f"{element.get('id') or ''} {element.get('class') or ''}"
        if _LIST_CONTAINER.search(names) and len(element) == 0 and not (element.text or "").strip():
            return True
    return False


def has_data_script(page: PageView) -> bool:
    """An inline script that asks the server for data (fetch, XHR, jQuery ajax, an /api/ path)."""
    if page.tree is None:
        return False
    return any(_DATA_SCRIPT.search(script.text or "") for script in page.tree.iter("script"))

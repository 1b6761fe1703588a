"""TRS WCM (拓尔思), the most common government CMS.

Columns ``/<col>/<sub>/index.html``, ``index_1.html`` …; documents ``/<col>/YYYYMM/tYYYYMMDD_ID.html``,
attachments ``./P0….pdf`` / ``./W0….doc`` beside them. A listing's page links exist only as a script
call ``createPageHTML(total, current, "index", "html")``. The body sits in ``div.TRS_Editor``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from extract.cms.family import CmsFamily, SearchEndpoint

_CREATE_PAGE_HTML = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([^'\"]+)['\"]\s*,\s*['\"]([^'\"]+)['\"]"
)
MAX_PAGES = 200  # a listing claiming more pages than this is a trap or a bug


def create_page_html(html: str, base_url: str) -> list[str]:
    """URLs of the other pages of a TRS listing (index.html, index_1.html, …)."""
    match = _CREATE_PAGE_HTML.search(html)
    if not match:
        return []
    total, current = int(match.group(1)), int(match.group(2))
    stem, ext = match.group(3), match.group(4)
    return [urljoin(base_url, f"{stem}.{ext}" if n == 0 else f"{stem}_{n}.{ext}")
            for n in range(min(total, MAX_PAGES)) if n != current]


def _has_class(name: str) -> str:
    return f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


FAMILY = CmsFamily(
    key="trs",
    name="TRS WCM",
    article_urls=(r"/t\d{8}_\d+\.s?html?$",),
    listing_urls=(r"/index(?:_\d+)?\.s?html?$",),
    listing_marks=("createPageHTML",),
    body_containers=(_has_class("TRS_Editor"), _has_class("TRS_UEDITOR"), _has_class("trs_editor_view"),
                     "//*[@id='fontzoom']"),
    search=(SearchEndpoint("/was5/web/search", "searchword", (("channelid", "{n}"),)),
            SearchEndpoint("/was40/search", "searchword", (("channelid", "{n}"),))),
    pagination=create_page_html,
    sources=("realpages 06, 07, 10, 11, 13, 15, 18, 30 (TRS detail pages: TRS_Editor, searchword forms)",
             "realpages 34 (egb.ordos.gov.cn: was40/search?channelid=…&searchword=)"),
)

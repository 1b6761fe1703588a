"""The old ASP layout many county portals still run: GB2312 pages, tables, query-string URLs.

Listings ``/list.asp?classid=N`` (pages ``&page=N``), documents ``/show.asp?id=N``: every document
has the same URL shape, so only its listing tells columns apart.
"""

from __future__ import annotations

from extract.cms.family import CmsFamily, SearchEndpoint

FAMILY = CmsFamily(
    key="gbk_table",
    name="ASP table layout (GB2312)",
    article_urls=(r"/(?:show|view|detail|news_view|article)\.aspx?$",),
    listing_urls=(r"/(?:list|class|news_list)\.aspx?$",),
    search=(SearchEndpoint("/search.asp", "keyword"),),
    sources=("realpages 27 (cznd.gov.cn: query-string URLs, table layout)",
             "search.asp?keyword=: the ASP CMSs' (动易, 科汛) convention; common usage, no page seen"),
)

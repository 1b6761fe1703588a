"""Site search as a way in: a report filed in a column the portal never links is still indexed.

A site-search endpoint is named in the sites file (``search: "/search?q={q}"``). The spider asks it a
small fixed set of queries, the titles reports are published under, and reads each result page as a
listing. Only the first result page is read: the endpoints rank title matches first, and every
further page would cost a request per query.
"""

from __future__ import annotations

from urllib.parse import quote, urljoin

from crawler.sites import SEARCH_PLACEHOLDER, SiteConfig

REPORT_QUERIES = ("法治政府建设年度报告", "法治政府建设情况报告")


def search_urls(site: SiteConfig, queries: tuple[str, ...] = REPORT_QUERIES) -> list[str]:
    """The site's search URLs for *queries*, each query UTF-8 percent-encoded into the template."""
    if not site.search:
        return []
    base = site.start_urls[0]
    return [urljoin(base, site.search.replace(SEARCH_PLACEHOLDER, quote(query, safe="")))
            for query in queries]

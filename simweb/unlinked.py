"""Reports that no link leads to, as happens when a CMS column is reorganised or left out of the menus.

The article keeps its page and URL, but its column is no longer part of the site's column tree, so no
listing, menu, breadcrumb of another page or 网站地图 names it. Only another way in reaches it: the
sitemap the CMS still generates (simweb.sitemap) or the site's search (simweb.search).
"""

from __future__ import annotations

from dataclasses import dataclass

from simweb.directory import SitePlan
from simweb.model import Article, Column
from simweb.sites.base import Page, Style


@dataclass(frozen=True)
class UnlinkedReport:
    host: str
    year: int
    column_key: str  # the column the report was moved to, which the site's navigation does not show
    column_name: str
    way_in: str  # "sitemap" | "search": the only way a crawler can find the report


UNLINKED = (
    UnlinkedReport("www.syjkq.gov.cn", 2023, "fzzfbg", "法治政府建设报告", "sitemap"),
    UnlinkedReport("www.anji.gov.cn", 2021, "yfxz", "依法行政", "search"),
)


def hosts_reached_by(way_in: str) -> set[str]:
    return {job.host for job in UNLINKED if job.way_in == way_in}


def unlink(plan: SitePlan, root: Column) -> list[Article]:
    """Move the site's unlinked reports out of the column tree (before the style assigns URLs)."""
    moved = []
    for job in UNLINKED:
        if job.host != plan.info.host:
            continue
        report = next(a for c in root.walk() for a in c.articles
                      if a.kind == "report" and a.year == job.year and a.issuer == plan.info.issuer)
        assert report.column is not None
        moved.append(detach(report, job.column_key, job.column_name, report.column.uid + 4001))
    return moved


def detach(report: Article, key: str, name: str, uid: int) -> Article:
    """Move *report* from its column into a column of that parent no listing, menu or map shows."""
    home = report.column
    assert home is not None and home.parent is not None
    home.articles.remove(report)
    hidden = Column(key=key, name=name, uid=uid, parent=home.parent)
    return hidden.post(report)  # parent set, but not among the parent's children


def render(style: Style, articles: list[Article]) -> list[Page]:
    """The pages of the unlinked reports, in the site's own markup; their column's listing is gone (404)."""
    pages = []
    for art in articles:
        column = style.column_of(art)
        column.paths = style.listing_paths(column, 1)
        art.path = style.article_path(art)
        pages.append(Page(art.path, style.encode(style.render_article(art)), style.content_type, art))
    return pages

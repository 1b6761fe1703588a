"""Reports that exist only as attachments, and reports published at more than one address.

Many governments put a stub on the page (a title and 附件：…) and the report itself in a PDF, DOCX
or legacy DOC next to it, linked the way their CMS writes links: TRS's ``./P020240328….pdf``,
Hanweb's ``/module/download/downfile.jsp?classid=0&filename=….docx``. One report is a scan with no
text layer at all. Others appear twice: behind a tracking parameter (``?from=timeline``) and
reposted (转载) on the prefecture-level portal. The planner's report articles are reused, so the
world's random draws, and with them every other page, stay exactly as they were.
"""

from __future__ import annotations

import copy
import hashlib
import posixpath
from dataclasses import dataclass, field
from html import escape

from simweb import documents, plan
from simweb.directory import PLANS, SitePlan
from simweb.faults import Route
from simweb.model import Article, Column, SiteInfo


@dataclass(frozen=True)
class FileReport:
    host: str
    year: int
    fmt: str  # "pdf" | "docx" | "doc" | "scan"


FILE_REPORTS = (
    FileReport("www.yangchun.gov.cn", 2023, "pdf"),
    FileReport("www.anji.gov.cn", 2023, "docx"),
    FileReport("www.gdqy.gov.cn", 2022, "doc"),
    FileReport("www.syjkq.gov.cn", 2022, "scan"),
)
TRACKED = ("www.gdqy.gov.cn", 2023, "from=timeline")  # host, report year, tracking query
REPOST = ("www.gdqy.gov.cn", "www.yingde.gov.cn", 2023)  # prefecture portal, its county's site, year
_TYPES = {"pdf": "application/pdf", "scan": "application/pdf", "doc": "application/msword",
          "docx": "application/octet-stream"}  # download scripts rarely name the type


@dataclass
class Pending:
    """What to publish once the style has given every page its URL."""

    files: list[tuple[Article, Article, str]] = field(default_factory=list)  # report, stub, fmt
    tracked: Article | None = None


def prepare(p: SitePlan, root: Column, seed: int) -> Pending:
    """Before the style renders: swap file-only reports for stubs and post reposts."""
    pending = Pending()
    host = p.info.host
    for job in FILE_REPORTS:
        if job.host == host:
            file_only(pending, _report(root, p.info.issuer, job.year), job.fmt)
    if TRACKED[0] == host:
        pending.tracked = _report(root, p.info.issuer, TRACKED[1])
    if REPOST[0] == host:
        _repost(root, REPOST[1], REPOST[2], seed)
    return pending


def file_only(pending: Pending, report: Article, fmt: str) -> Article:
    """Leave a stub page where *report* was listed; ``publish`` puts the report itself in a file."""
    stub = _stub(report)
    pending.files.append((report, stub, fmt))
    return stub


def serve_file(routes: dict[str, Route], report: Article, path: str, fmt: str) -> None:
    """Publish *report* as a file of format *fmt* at *path* (the report's address from now on)."""
    routes[path] = Route(200, _TYPES[fmt], _file_bytes(report, fmt), last_modified=report.published)
    report.path, report.attachment = path, fmt
    if fmt == "scan":
        report.needs_ocr, report.paragraphs = True, []


def publish(pending: Pending, routes: dict[str, Route], home: str, charset: str) -> list[Article]:
    """After rendering: the file routes, the stubs' 附件 links, the tracking-parameter copy.
    Returns the file-only reports, which the truth lists at their file URLs."""
    reports = []
    for report, stub, fmt in pending.files:
        href, path = _file_address(stub, report, fmt)
        ext = "pdf" if fmt == "scan" else fmt
        link = f'<p>附件：<a href="{escape(href)}">{escape(report.title)}.{ext}</a></p>'
        after = escape(stub.paragraphs[0]) + "</p>"
        routes[stub.path] = _inject(routes[stub.path], link, charset, after=after)
        serve_file(routes, report, path, fmt)
        reports.append(report)
    if pending.tracked is not None:
        alias = f"{pending.tracked.path}?{TRACKED[2]}"
        routes[alias] = routes[pending.tracked.path]
        anchor = f'<p class="hot">热点：<a href="{escape(alias)}">{escape(pending.tracked.title)}</a></p>'
        routes[home] = _inject(routes[home], anchor, charset)
        pending.tracked.also_at.append(alias)
    return reports


def _report(root: Column, issuer: str, year: int) -> Article:
    return next(a for c in root.walk() for a in c.articles
                if a.kind == "report" and a.year == year and a.issuer == issuer)


def _stub(report: Article) -> Article:
    """The page left where the report was: its title and one line pointing at the attachment."""
    column = report.column
    assert column is not None
    column.articles.remove(report)
    stub = Article(title=report.title, published=report.published, kind="page", source=report.source,
                   uid=report.uid, heading=report.title,
                   paragraphs=[f"《{report.title}》已经审议通过，现予公开，全文详见附件。"])
    column.post(stub)
    report.column = column
    return stub


def _repost(root: Column, original_host: str, year: int, seed: int) -> None:
    """The prefecture portal reposts its county's report (转载, 来源: the county's site); the copy is the
    same report, not a new one."""
    original_plan = next(p for p in PLANS if p.info.host == original_host)
    original = _report(plan.build_site(original_plan, seed), original_plan.info.issuer, year)
    repost = copy.copy(original)
    repost.kind, repost.mirror_of = "news", original_host
    repost.source = f"{original_plan.info.name}网站"
    repost.heading = original.heading or original.title
    fz = next(c for c in root.walk() if c.key == "fzzfjs")
    fz.post(repost)


def _file_address(stub: Article, report: Article, fmt: str) -> tuple[str, str]:
    """(href as written on the stub page, absolute path) in the CMS's own naming."""
    day = f"{report.published:%Y%m%d}"
    token = hashlib.sha1(f"{stub.path}|{fmt}".encode()).hexdigest()
    if fmt == "docx":
        href = f"/module/download/downfile.jsp?classid=0&filename={token[:20]}.docx"
        return href, href
    ext = "pdf" if fmt == "scan" else fmt
    name = f"{'W' if fmt == 'doc' else 'P'}0{day}{int(token[:8], 16) % 10**9:09d}.{ext}"
    folder = posixpath.dirname(stub.path.split("?")[0])
    return f"./{name}", posixpath.join(folder, name)


def _file_bytes(report: Article, fmt: str) -> bytes:
    if fmt == "pdf":
        return documents.pdf_bytes(report.title, report.paragraphs)
    if fmt == "docx":
        return documents.docx_bytes(report.title, report.paragraphs)
    if fmt == "doc":
        return documents.legacy_doc_bytes(report.title, report.paragraphs)
    return documents.scanned_pdf_bytes(pages=3, seed=report.title)


def _inject(route: Route, html: str, charset: str, after: str | None = None) -> Route:
    """The page with ``html`` added right after ``after`` (a stub's paragraph), else before </body>."""
    at = route.body.find(after.encode(charset)) if after else -1
    if at >= 0:
        at += len(after.encode(charset))
    else:
        at = route.body.rfind(b"</body>")
        at = at if at >= 0 else len(route.body)
    body = route.body[:at] + html.encode(charset) + route.body[at:]
    return Route(route.status, route.content_type, body, route.location, route.last_modified)


def other_urls(articles: list[tuple[SiteInfo, Article]]) -> dict[tuple[str, str], list[str]]:
    """(host, title) of each report → its other URLs: tracking-parameter copies and reposts."""
    found: dict[tuple[str, str], list[str]] = {}
    for site, art in articles:
        if art.mirror_of:
            found.setdefault((art.mirror_of, art.title), []).append(f"http://{site.host}{art.path}")
        for path in art.also_at:
            found.setdefault((site.host, art.title), []).append(f"http://{site.host}{path}")
    return found

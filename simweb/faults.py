"""Broken pages a real crawl meets, planted behind tempting links.

Each site gets some of: a page whose bytes contradict its declared charset, invalid byte
sequences, an empty 200, a 500, a redirect loop, a link to a host that does not resolve, and a
robots.txt-disallowed page. Several carry report-ish anchor texts so a focused crawler follows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from simweb.directory import UNREACHABLE_HOST, SitePlan
from simweb.model import Column


@dataclass
class Route:
    status: int
    content_type: str | None
    body: bytes
    location: str | None = None
    last_modified: datetime | None = None


@dataclass
class FaultSet:
    routes: dict[str, Route] = field(default_factory=dict)
    home_links: list[tuple[str, str]] = field(default_factory=list)
    disallow: list[str] = field(default_factory=list)

    def robots_txt(self) -> bytes:
        lines = ["User-agent: *", "Disallow: /search/"] + [f"Disallow: {p}" for p in self.disallow]
        return ("\n".join(lines) + "\n").encode()


def _column(root: Column, key: str) -> Column:
    return next(c for c in root.walk() if c.key == key)


def _small_page(title: str, text: str, charset: str) -> str:
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>")


def plant(plan: SitePlan, root: Column) -> FaultSet:
    """Fault routes for one site; listing entries are added to the site's rule-of-law column."""
    faults = FaultSet()
    fz = _column(root, "fzzfjs")
    fz_dir = "/" + "/".join(c.key for c in fz.trail())
    short = plan.info.short
    style = plan.info.style
    if style == "trs":
        path = f"{fz_dir}/202203/t20220329_500.html"
        fz.extra.append((f"{short}2021年法治政府建设年度报告", path, datetime(2022, 3, 29, 9, 0)))
        faults.routes[path] = Route(500, "text/html; charset=utf-8",
                                    b"<html><body><h1>500 Internal Server Error</h1></body></html>")
    elif style == "hanweb":
        path = f"/art/2023/6/12/art_{fz.uid}_999001.html"
        fz.extra.append((f"{short}推进法治政府建设情况摘要", path, datetime(2023, 6, 12, 10, 0)))
        text = f"{short}持续推进法治政府建设，依法行政水平不断提高。"
        body = _small_page(f"{short}推进法治政府建设情况摘要", text, "utf-8").encode("gbk")
        faults.routes[path] = Route(200, "text/html; charset=utf-8", body)  # says utf-8, is GBK
    elif style == "gbk_table":
        faults.home_links.append(("县法治政府建设网", f"http://{UNREACHABLE_HOST}/"))
        path = "/show.asp?id=1"
        fz.extra.append(("法治政府建设年度报告（2020年）", path, datetime(2021, 3, 20, 9, 0)))
        # the anchor promises a report; the page is an error notice (only the link is report-ish)
        notice = "数据库读取错误，该信息已损坏或被删除，请返回首页。"
        page = _small_page("系统提示", notice, "gb2312").encode("gbk")
        broken = page[:200] + b"\xff\xfe\x81\x20\xa1" + page[200:]  # invalid GBK sequences mid-page
        faults.routes[path] = Route(200, "text/html; charset=gbk", broken)
    elif style == "modern":
        faults.home_links.append(("法治政府建设专题", "/zt/fzzfjs/index.html"))
        faults.routes["/zt/fzzfjs/index.html"] = Route(200, "text/html; charset=utf-8", b"")
    elif style == "ucap":
        a, b = "/zt/fzzf/index.shtml", "/zt/fzzf/index_old.shtml"
        faults.home_links.append(("法治政府建设专栏", a))
        faults.routes[a] = Route(302, "text/html", b"", location=f"http://{plan.info.host}{b}")
        faults.routes[b] = Route(302, "text/html", b"", location=f"http://{plan.info.host}{a}")
    elif style == "xxgk":
        path = "/internal/fzzfbg2023.html"
        faults.disallow.append("/internal/")
        faults.home_links.append(("法治政府建设年度报告（内部审核稿）", path))
        faults.routes[path] = Route(200, "text/html; charset=utf-8", _small_page(
            "法治政府建设年度报告（内部审核稿）", "内部审核稿，不得外传。", "utf-8").encode())
    return faults

"""Broken pages a real crawl meets, planted behind tempting links.

Each site gets some of: a page whose bytes contradict its declared charset, invalid byte
sequences, an empty 200, a 500, a redirect loop, a link to a host that does not resolve, and a
robots.txt-disallowed page. Several carry report-ish anchor texts so a focused crawler follows them.
One site also carries every network fault: a 500 that succeeds on retry, a 3-second page, a
301→302→200 chain, a body cut short of its Content-Length, a 404 and a connection reset.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler

from simweb.directory import UNREACHABLE_HOST, SitePlan
from simweb.model import Column


@dataclass
class Route:
    status: int
    content_type: str | None
    body: bytes
    location: str | None = None
    last_modified: datetime | None = None
    fail_first: int = 0  # answer 500 to the first N requests, then this route (a transient error)
    delay: float = 0.0  # seconds the server waits before answering (a slow backend)
    wire: str = ""  # "truncate": Content-Length promises more than is sent; "reset": RST, no answer


@dataclass
class FaultSet:
    routes: dict[str, Route] = field(default_factory=dict)
    home_links: list[tuple[str, str]] = field(default_factory=list)
    disallow: list[str] = field(default_factory=list)
    network: list[tuple[str, str]] = field(default_factory=list)  # (kind, path) of NETWORK_FAULTS

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
    if style == "xxgk":
        _plant_network_faults(plan, fz, fz_dir, faults)
    return faults


NETWORK_FAULTS = ("flaky_500", "slow", "redirect_chain", "truncated", "not_found", "reset")
SLOW_SECONDS = 3.0


def _plant_network_faults(plan: SitePlan, fz: Column, fz_dir: str, faults: FaultSet) -> None:
    """One of each network fault behind a 法治政府建设 item of the column: the crawl must survive
    all of them and count each one."""
    short = plan.info.short
    title = f"{short}法治政府建设工作简报"
    page = _small_page(title, f"{title}，仅供参阅。", "utf-8").encode()
    html = "text/html; charset=utf-8"
    paths = {kind: f"{fz_dir}/content_{990001 + i}.html" for i, kind in enumerate(NETWORK_FAULTS)}
    for i, kind in enumerate(NETWORK_FAULTS):
        fz.extra.append((f"{title}（第{i + 1}期）", paths[kind], datetime(2023, 9, 1 + i, 9, 0)))
    faults.routes[paths["flaky_500"]] = Route(200, html, page, fail_first=1)
    faults.routes[paths["slow"]] = Route(200, html, page, delay=SLOW_SECONDS)
    hop, final = f"{fz_dir}/go.jsp?to=990003", f"{fz_dir}/content_990003_new.html"
    faults.routes[paths["redirect_chain"]] = Route(301, html, b"", location=hop)
    faults.routes[hop] = Route(302, html, b"", location=f"http://{plan.info.host}{final}")
    faults.routes[final] = Route(200, html, page)
    faults.routes[paths["truncated"]] = Route(200, html, page, wire="truncate")
    faults.routes[paths["reset"]] = Route(200, html, page, wire="reset")
    # paths["not_found"] has no route: the server answers 404
    faults.network += [(kind, paths[kind]) for kind in NETWORK_FAULTS]


def misbehave(handler: BaseHTTPRequestHandler, route_body: bytes, wire: str) -> None:
    """Break the connection as ``wire`` says, from inside simweb's request handler."""
    if wire == "reset":
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    else:  # truncate: promise twice the bytes, send half of them, hang up
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(2 * len(route_body)))
        handler.end_headers()
        handler.wfile.write(route_body[: len(route_body) // 2])
        handler.wfile.flush()
    handler.close_connection = True
    handler.connection.close()

"""A crawler trap: an activity calendar (活动日历) whose 上一月/下一月 links never end.

Every month page exists, back to year 1 and on to 9999, and every link carries a fresh
``;jsessionid=`` as old Java portals append when cookies are off, so a crawler that neither
normalises session ids nor bounds same-path pagination would fetch forever. The calendar sits in
the rule-of-law column (its URL says fzzfjs), which is exactly where a focused crawler looks.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from urllib.parse import parse_qs

from simweb.directory import SitePlan
from simweb.faults import Route
from simweb.model import Column

TRAP_HOST = "www.gdqy.gov.cn"
TRAP_PAGE = "rili/calendar.jsp"
START = (2024, 3)
_MONTH = re.compile(r"^(\d{1,4})-(\d{1,2})$")


def plant(plan: SitePlan, root: Column) -> str | None:
    """List the calendar in the rule-of-law column; returns its path (None on other sites)."""
    if plan.info.host != TRAP_HOST:
        return None
    fz = next(c for c in root.walk() if c.key == "fzzfjs")
    path = "/" + "/".join(c.key for c in fz.trail()) + "/" + TRAP_PAGE
    fz.extra.append(("法治政府建设活动日历", month_url(path, *START, session=_session(path, "entry")),
                     datetime(2024, 3, 1, 9, 0)))
    return path


def month_url(path: str, year: int, month: int, session: str) -> str:
    return f"{path};jsessionid={session}?month={year}-{month:02d}"


def _session(path: str, page: str) -> str:
    """A session id per issuing page: the same month is linked under a different URL from each side."""
    return hashlib.sha1(f"{path}|{page}".encode()).hexdigest()[:24].upper()


def respond(path: str, query: str) -> Route | None:
    """The month page for ``?month=YYYY-MM`` (any month at all); None when the query is not one."""
    match = _MONTH.match((parse_qs(query).get("month") or [""])[0])
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= year <= 9999 and 1 <= month <= 12):
        return None
    prev = (year, month - 1) if month > 1 else (year - 1, 12)
    nxt = (year, month + 1) if month < 12 else (year + 1, 1)
    session = _session(path, f"{year}-{month}")
    links = "".join(f'<li><a href="{month_url(path, *ym, session=session)}">{label}</a></li>'
                    for label, ym in (("上一月", prev), ("下一月", nxt)) if 1 <= ym[0] <= 9999)
    days = "".join(f"<td>{d}</td>" for d in range(1, 29))
    html = (f"<html><head><meta charset=\"utf-8\"><title>法治政府建设活动日历 {year}年{month}月</title>"
            "</head>"
            f"<body><h2>法治政府建设活动日历</h2><p>{year}年{month}月：本月暂无活动安排。</p>"
            f"<table><tr>{days}</tr></table><ul class=\"pager\">{links}</ul></body></html>")
    return Route(200, "text/html; charset=utf-8", html.encode("utf-8"))

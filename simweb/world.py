"""The whole simulated web: every site's pages as a route table, plus the ground truth.

``World`` is pure (no sockets): ``respond`` maps a request to a response, so tests and the proxy
share one code path. All content is generated up front from the seed, hence byte-identical
across runs — revisit/304 tests depend on that.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

from simweb import attachments, faults, plan, search, sitemap, traps, unlinked
from simweb.directory import MIRRORS, PLANS, SITE_GROUPS, MirrorPlan, SitePlan
from simweb.faults import Route
from simweb.gateway import Gateway, mirror_routes, robots_txt
from simweb.model import Article, SiteInfo
from simweb.sites import STYLES

Site = SiteInfo  # Site.name, .host, .start_url, .region_code (contract names)
CST = timezone(timedelta(hours=8))
_SESSION_ID = re.compile(r";jsessionid=[^/?#]*", re.I)


@dataclass
class SimResponse:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    delay: float = 0.0  # the server waits this long before answering
    wire: str = ""  # "truncate" | "reset": the server breaks the connection (simweb.faults.misbehave)


def _norm_path(path: str, query: str) -> str:
    """Query parameters in a canonical order: crawlers may reorder them."""
    return path + ("?" + urlencode(sorted(parse_qsl(query, keep_blank_values=True))) if query else "")


def _http_date(dt: datetime) -> str:
    return format_datetime(dt.replace(tzinfo=CST).astimezone(UTC), usegmt=True)


class World:
    def __init__(self, seed: int = 2026, plans: list[SitePlan] | None = None) -> None:
        self.seed = seed
        self.plans = plans or PLANS
        self.sites: list[Site] = [p.info for p in self.plans]
        self.routes: dict[str, dict[str, Route]] = {}
        self.articles: list[tuple[Site, Article]] = []
        self.disallowed: list[dict[str, str]] = []  # robots.txt rules beyond the boilerplate
        self.traps: dict[str, str] = {}  # host -> path of its endless calendar (simweb.traps)
        self.network_faults: list[dict[str, str]] = []  # host, path, kind (faults.NETWORK_FAULTS)
        self.requests_seen: dict[tuple[str, str], int] = {}  # for routes that fail at first
        self.endpoints: dict[tuple[str, str], Callable[[str], Route]] = {}  # (host, path) -> query -> page
        in_groups = {host for members in SITE_GROUPS.values() for host in members}
        self.listed = [s for s in self.sites if s.host not in in_groups]  # the sites the sites file names
        network = [(s.name, s.start_url) for s in self.listed]
        for p in self.plans:
            self._build_site(p, network)
        for mirror in MIRRORS:
            if mirror.origin in self.routes:
                self._build_mirror(mirror)

    def _build_site(self, p: SitePlan, network: list[tuple[str, str]]) -> None:
        root = plan.build_site(p, self.seed)
        planted = faults.plant(p, root)
        pending = attachments.prepare(p, root, self.seed)
        hidden = unlinked.unlink(p, root)
        if trap := traps.plant(p, root):
            self.traps[p.info.host] = trap
        others = [link for link in network if link[1] != p.info.start_url] + self._site_group(p)
        style = STYLES[p.info.style](p.info, root, others, self.seed, planted.home_links)
        planted.disallow += getattr(style, "robots_disallow", [])  # paths the style's own pages load
        routes: dict[str, Route] = {}
        pages = style.build() + unlinked.render(style, hidden)
        if search_path := search.endpoint_path(p.info.host):
            self.endpoints[(p.info.host, search_path)] = search.SiteSearch(
                style, [page.article for page in pages if page.article]).respond
        for page in pages:
            modified = page.article.published if page.article else None
            routes[_norm_path(*_split(page.path))] = Route(200, page.content_type, page.body,
                                                            last_modified=modified)
            if page.article:
                self.articles.append((p.info, page.article))
        for path, route in planted.routes.items():
            routes[_norm_path(*_split(path))] = route
        self.articles += [(p.info, art) for art in attachments.publish(pending, routes, "/", style.charset)]
        drafts = {path for path in routes if path.startswith(tuple(planted.disallow))}  # robots-disallowed
        documents = {page.path for page in pages} | drafts
        sitemap_lines = sitemap.publish(p.info.host, routes, documents)
        routes["/robots.txt"] = Route(200, "text/plain", planted.robots_txt() + sitemap_lines)
        self.network_faults += [{"host": p.info.host, "path": path, "kind": kind}
                                for kind, path in planted.network]
        self.disallowed += [{"host": p.info.host, "path": rule} for rule in planted.disallow]
        self.routes[p.info.host] = routes

    def _build_mirror(self, m: MirrorPlan) -> None:
        """The 繁體 gateway serves the origin's routes converted; its copy of a report is the same
        report (listed under the origin's ``also_at``), its copies of negatives are negatives too."""
        gateway = Gateway(m.info.host, m.origin)
        routes = mirror_routes(gateway, self.routes[m.origin])
        origin_rules = [d["path"] for d in self.disallowed if d["host"] == m.origin]
        routes["/robots.txt"], rules = robots_txt(gateway, origin_rules)
        self.routes[m.info.host] = routes
        self.disallowed += [{"host": m.info.host, "path": rule} for rule in rules]
        self.sites.append(m.info)
        self.listed.append(m.info)  # a sites file names the gateway as a site of its own
        for site, art in list(self.articles):
            if site.host == m.origin and art.is_truth:
                copy = replace(art, path=gateway.path(art.path), also_at=[])
                if art.kind == "report":
                    copy.kind, copy.mirror_of = "news", m.origin
                self.articles.append((m.info, copy))

    def _site_group(self, p: SitePlan) -> list[tuple[str, str]]:
        """The county portals a prefecture's 站群导航 adds to the network (SITE_GROUPS)."""
        members = SITE_GROUPS.get(p.info.host, ())
        return [(s.name, s.start_url) for s in self.sites if s.host in members]

    # --- HTTP ------------------------------------------------------------------------------------
    def respond(self, method: str, url: str, headers: dict) -> SimResponse:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host not in self.routes:
            body = f"502 Bad Gateway: cannot resolve host {host}\n".encode()
            return SimResponse(502, [("Content-Type", "text/plain; charset=utf-8")], body)
        routes = self.routes[host]
        path = _SESSION_ID.sub("", parts.path or "/")
        key = _norm_path(path, parts.query)
        route = routes.get(key) or (routes.get(key + "index.html") if key.endswith("/") else None)
        if route is None and self.traps.get(host) == path:
            route = traps.respond(path, parts.query)
        if route is None and (host, path) in self.endpoints:
            route = self.endpoints[(host, path)](parts.query)
        if route is not None and self._failing(route, host, key):
            return SimResponse(500, [("Content-Type", "text/html; charset=utf-8")], b"<h1>500</h1>")
        if route is None:
            body = "<html><head><title>404</title></head><body><h1>404 页面不存在</h1></body></html>".encode()
            return SimResponse(404, [("Content-Type", "text/html; charset=utf-8")], body)
        out = [("Content-Type", route.content_type)] if route.content_type else []
        if route.location:
            out.append(("Location", route.location))
        validators = _validators(key, route)
        out += validators
        if validators and _not_modified(headers, dict(validators).get("ETag"), route.last_modified):
            return SimResponse(304, [h for h in out if h[0] != "Content-Type"], b"")
        return SimResponse(route.status, out, route.body, delay=route.delay, wire=route.wire)

    def _failing(self, route: Route, host: str, key: str) -> bool:
        """True while a route planted to fail at first has been asked fewer than fail_first times."""
        if not route.fail_first:
            return False
        seen = self.requests_seen.get((host, key), 0)
        self.requests_seen[(host, key)] = seen + 1
        return seen < route.fail_first

    # --- ground truth ------------------------------------------------------------------------------
    def truth(self) -> dict:
        """Reports and hard negatives as the pages show them, the count of non-empty 200 HTML pages
        (a focused crawl should fetch well under half), the robots.txt rules a crawl must obey and the
        trap paths. A report published only as a file is listed at the file's URL (``attachment``);
        ``also_at`` lists its other addresses (tracking-parameter copies, reposts)."""
        reports, negatives = [], []
        elsewhere = attachments.other_urls(self.articles)
        for site, art in self.articles:
            if not art.is_truth:
                continue
            entry = {
                "url": f"http://{site.host}{art.path}", "title": art.title, "issuer": art.issuer,
                "issuer_kind": art.issuer_kind, "region_code": site.region_code, "year": art.year,
                "published": art.published.isoformat(), "text": "\n".join(art.paragraphs), "kind": art.kind,
                "site": site.name, "attachment": bool(art.attachment), "needs_ocr": art.needs_ocr,
                "also_at": elsewhere.get((site.host, art.title), []),
            }
            (reports if art.kind == "report" else negatives).append(entry)
        pages = len({(host, r.body) for host, routes in self.routes.items() for r in routes.values()
                     if r.status == 200 and r.body and (r.content_type or "").startswith("text/html")})
        return {"reports": reports, "negatives": negatives, "pages": pages,
                "disallowed": list(self.disallowed),
                "traps": [{"host": host, "path": path} for host, path in self.traps.items()],
                "faults": list(self.network_faults)}

    def sites_yaml(self) -> str:
        """Written by hand in the documented layout so callers can append further ``  - name:`` items.
        The counties of a 站群 are not listed: their prefecture's entry follows its 站群 links to them."""
        lines = ["sites:"]
        for s in self.listed:
            lines += [f"  - name: {s.name}", f'    start_urls: ["{s.start_url}"]',
                      f'    region: "{s.region_code}"']
            if s.host in search.TEMPLATES:
                lines.append(f'    search: "{search.TEMPLATES[s.host]}"')
            if s.host in SITE_GROUPS:
                lines.append("    follow_site_group: true")
        return "\n".join(lines) + "\n"


def _split(path: str) -> tuple[str, str]:
    p, _, q = path.partition("?")
    return p, q


def _validators(key: str, route: Route) -> list[tuple[str, str]]:
    """ETag and Last-Modified of a dated page (articles, attachments), fixed per URL like a server
    farm's configuration: one in six sends no validators at all and one in six only Last-Modified,
    as real CMS front ends do, so a recrawl meets both 304s and unconditional refetches."""
    if route.last_modified is None:
        return []
    kind = zlib.crc32(key.encode("utf-8")) % 6
    if kind == 0:
        return []
    modified = [("Last-Modified", _http_date(route.last_modified))]
    if kind == 1:
        return modified
    return [("ETag", '"' + hashlib.sha1(route.body).hexdigest()[:20] + '"'), *modified]


def _not_modified(headers: dict, etag: str | None, modified: datetime) -> bool:
    h = {k.lower(): v for k, v in headers.items()}
    if "if-none-match" in h:  # when present, If-Modified-Since is ignored (RFC 9110 13.1.3)
        tags = [t.strip() for t in h["if-none-match"].split(",")]
        return tags == ["*"] or (etag is not None and etag in tags)
    if "if-modified-since" in h:
        try:
            since = parsedate_to_datetime(h["if-modified-since"])
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return modified.replace(tzinfo=CST) <= since
    return False

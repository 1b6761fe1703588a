"""The whole simulated web: every site's pages as a route table, plus the ground truth.

``World`` is pure (no sockets): ``respond`` maps a request to a response, so tests and the proxy
share one code path. All content is generated up front from the seed, hence byte-identical
across runs — revisit/304 tests depend on that.
"""

from __future__ import annotations

import hashlib
import random
import re
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit

from simweb import attachments, faults, plan, search, sitemap, traps, unlinked
from simweb.directory import MIRRORS, PLANS, SITE_GROUPS, MirrorPlan, SitePlan
from simweb.faults import Route
from simweb.gateway import Gateway, LazyMirror, mirror_routes, robots_txt
from simweb.model import Article, SiteInfo
from simweb.sites import STYLES
from simweb.sites.base import Page, Style

if TYPE_CHECKING:
    from simweb.generator import GeneratedSite

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
    def __init__(self, seed: int = 2026, plans: list[SitePlan] | None = None,
                 generated: list[GeneratedSite] | None = None) -> None:
        self.seed = seed
        self.generated_sites = generated or []
        self.plans = plans if plans is not None else ([] if generated else PLANS)
        self.sites: list[Site] = [p.info for p in self.plans] + [g.info for g in self.generated_sites]
        self.routes: dict[str, Mapping[str, Route]] = {}
        self.articles: list[tuple[Site, Article]] = []
        self.disallowed: list[dict[str, str]] = []  # robots.txt rules beyond the boilerplate
        self.traps: dict[str, str] = {}  # host -> path of its endless calendar (simweb.traps)
        self.network_faults: list[dict[str, str]] = []  # host, path, kind (faults.NETWORK_FAULTS)
        self.requests_seen: dict[tuple[str, str], int] = {}  # for routes that fail at first
        self.endpoints: dict[tuple[str, str], Callable[[str], Route]] = {}  # (host, path) -> query -> page
        hosts = {s.host for s in self.sites}
        self.search_templates = {h: t for h, t in search.TEMPLATES.items() if h in hosts}
        self.search_listed = set(self.search_templates)  # hosts whose sites-file entry names the search
        in_groups = {host for members in SITE_GROUPS.values() for host in members}
        self.listed = [s for s in self.sites if s.host not in in_groups]  # the sites the sites file names
        network = [(s.name, s.start_url) for s in self.listed]
        for p in self.plans:
            self._build_site(p, network)
        for mirror in MIRRORS:
            if mirror.origin in self.routes:
                self._build_mirror(mirror)
        for g in self.generated_sites:
            self._build_generated(g, network)

    @classmethod
    def generated(cls, n: int, seed: int) -> World:
        """A world of *n* random portals planned from *seed* (simweb.generator) instead of the fixed sites."""
        from simweb.generator import generate

        return cls(seed, generated=generate(n, seed))

    def _build_site(self, p: SitePlan, network: list[tuple[str, str]]) -> None:
        root = plan.build_site(p, self.seed)
        planted = faults.plant(p, root)
        pending = attachments.prepare(p, root, self.seed)
        hidden = unlinked.unlink(p, root)
        if trap := traps.plant(p, root):
            self.traps[p.info.host] = trap
        others = [link for link in network if link[1] != p.info.start_url] + self._site_group(p)
        style = STYLES[p.info.style](p.info, root, others, self.seed, planted.home_links,
                                     search=self.search_templates.get(p.info.host))
        planted.disallow += getattr(style, "robots_disallow", [])  # paths the style's own pages load
        pages = style.build() + unlinked.render(style, hidden)
        routes = self._page_routes(p.info, style, pages)
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

    def _page_routes(self, info: Site, style: Style, pages: list[Page]) -> dict[str, Route]:
        """The rendered pages as routes (articles noted for the truth), and the site's search endpoint,
        which indexes every article but a generated report placed in the sitemap only."""
        routes: dict[str, Route] = {}
        if template := self.search_templates.get(info.host):
            indexed = [page.article for page in pages if page.article and page.article.placement != "sitemap"]
            self.endpoints[(info.host, template.split("?")[0])] = search.SiteSearch(
                style, indexed, template).respond
        for page in pages:
            modified = page.article.published if page.article else None
            routes[_norm_path(*_split(page.path))] = Route(200, page.content_type, page.body,
                                                            last_modified=modified)
            if page.article:
                self.articles.append((info, page.article))
        return routes

    def _build_generated(self, g: GeneratedSite, network: list[tuple[str, str]]) -> None:
        """A generated site: no planted faults or traps, its own search, sitemap and 繁體 choices."""
        if g.search:
            self.search_templates[g.info.host] = g.search
        if g.search_listed:
            self.search_listed.add(g.info.host)
        others = [link for link in network if link[1] != g.listed.start_url]
        neighbours = random.Random(f"{self.seed}|{g.info.host}|network").sample(others, min(len(others), 8))
        style = STYLES[g.info.style](g.info, g.root, neighbours, self.seed, city=g.info.short,
                                     search=g.search or None)
        pages = style.build() + unlinked.render(style, g.hidden)
        routes = self._page_routes(g.info, style, pages)
        self.articles += [(g.info, art) for art in attachments.publish(g.pending, routes, "/", style.charset)]
        for report, path, fmt in g.direct_files:
            attachments.serve_file(routes, report, path, fmt)
            routes[_norm_path(*_split(path))] = routes.pop(path)
            self.articles.append((g.info, report))
        lines = b""
        if g.sitemap != "none":  # the CMS lists every document but those only its search finds
            searched = {page.path for page in pages if page.article and page.article.placement == "search"}
            lines = sitemap.write(g.info.host, routes, {page.path for page in pages} - searched)
        rules = faults.FaultSet(disallow=list(getattr(style, "robots_disallow", [])))
        routes["/robots.txt"] = Route(200, "text/plain",
                                      rules.robots_txt() + (lines if g.sitemap == "declared" else b""))
        self.disallowed += [{"host": g.info.host, "path": rule} for rule in rules.disallow]
        self.routes[g.info.host] = routes
        if g.mirror is not None:
            self._build_mirror(g.mirror, lazy=True)
            self.listed.remove(g.mirror.info)  # _build_mirror listed it after the origin: put it in place
            self.listed[self.listed.index(g.info)] = g.mirror.info

    def _build_mirror(self, m: MirrorPlan, lazy: bool = False) -> None:
        """The 繁體 gateway serves the origin's routes converted (on first request when *lazy*); its copy
        of a report is the same report (listed under the origin's ``also_at``), its copies of negatives
        are negatives too."""
        gateway = Gateway(m.info.host, m.origin)
        routes = (LazyMirror if lazy else mirror_routes)(gateway, self.routes[m.origin])
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
            if art.placement:
                entry["placement"] = art.placement
            (reports if art.kind == "report" else negatives).append(entry)
        pages = len({(host, r.body) for host, routes in self.routes.items() for r in _built(routes)
                     if r.status == 200 and r.body and (r.content_type or "").startswith("text/html")})
        truth = {"reports": reports, "negatives": negatives, "pages": pages,
                 "disallowed": list(self.disallowed),
                 "traps": [{"host": host, "path": path} for host, path in self.traps.items()],
                 "faults": list(self.network_faults)}
        if self.generated_sites:
            sites = [_generated_entry(g) for g in self.generated_sites]
            truth["generated"] = {"seed": self.seed, "sites": sites}
        return truth

    def sites_yaml(self, only: set[str] | None = None) -> str:
        """Written by hand in the documented layout so callers can append further ``  - name:`` items.
        The counties of a 站群 are not listed: their prefecture's entry follows its 站群 links to them.
        *only*: the hosts to list (default: every listed site)."""
        lines = ["sites:"]
        for s in self.listed:
            if only is not None and s.host not in only:
                continue
            lines += [f"  - name: {s.name}", f'    start_urls: ["{s.start_url}"]',
                      f'    region: "{s.region_code}"']
            if s.host in self.search_listed:
                lines.append(f'    search: "{self.search_templates[s.host]}"')
            if s.host in SITE_GROUPS:
                lines.append("    follow_site_group: true")
        return "\n".join(lines) + "\n"


def _built(routes: Mapping[str, Route]) -> list[Route]:
    """A host's routes; a lazy gateway counts with its origin's pages (the same pages, converted)."""
    return list((routes.origin if isinstance(routes, LazyMirror) else routes).values())


def _generated_entry(g: GeneratedSite) -> dict:
    """What the truth says about a generated site: how it is built and which ways in it offers."""
    return {"name": g.info.name, "host": g.info.host, "listed_host": g.listed.host, "family": g.family,
            "region_code": g.info.region_code, "issuer_kind": g.info.issuer_kind,
            "key_scheme": g.key_scheme, "depth": g.depth, "home_kind": g.home_kind,
            "search": g.search or None,
            "search_in_sites_file": g.search_listed, "sitemap": g.sitemap,
            "traditional": g.mirror is not None}


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

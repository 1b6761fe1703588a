"""A 繁體 gateway: a separate host that serves every page of an origin site in Traditional Chinese.

Mainland portals run these as ``http://big5.<domain>/gate/big5/<origin host>/<path>``: the gateway
fetches the origin page, converts its text (here OpenCC ``s2twp``, Taiwan phrasing: 信息 → 資訊,
程序 → 程式, 数据 → 資料), rewrites links so a reader stays inside the gateway, and re-encodes the
page as Big5. Characters Big5 lacks (the ratio sign ∶ in 发布时间, a replacement character left by
a broken origin page) come out as ``&#NNNNN;`` references, as real gateways emit them. Files (PDF,
DOC, images) and robots.txt-style text pass through unchanged; redirects point back into the
gateway. The host's own root redirects to the gateway's view of the origin home page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from opencc import OpenCC

from simweb.faults import Route

_CHARSET = re.compile(r"(charset\s*=\s*[\"']?)([\w-]+)", re.I)
_LINK_ATTR = re.compile(r"""(\b(?:href|src|action)\s*=\s*)(["'])(.*?)\2""", re.I | re.S)


@dataclass(frozen=True)
class Gateway:
    """One Traditional-Chinese mirror of ``origin`` served at ``host``."""

    host: str  # big5.zjc.gov.cn
    origin: str  # www.zjc.gov.cn

    @property
    def prefix(self) -> str:
        """The gateway path under which the origin's paths appear."""
        return f"/gate/big5/{self.origin}"

    def path(self, origin_path: str) -> str:
        return self.prefix + origin_path

    def rewrite_url(self, url: str) -> str:
        """Root-relative and absolute origin URLs go through the gateway; others are left alone."""
        absolute = f"http://{self.origin}"
        if url.startswith(absolute + "/") or url == absolute:
            return f"http://{self.host}{self.path(url[len(absolute):] or '/')}"
        if url.startswith("/") and not url.startswith("//"):
            return self.path(url)
        return url  # relative links keep working because the path layout is kept


@lru_cache(maxsize=1)
def _taiwan() -> OpenCC:
    return OpenCC("s2twp")


def to_taiwan(text: str) -> str:
    """Simplified → Traditional with Taiwan phrasing, as the gateway converts every page."""
    return _taiwan().convert(text)


def mirror_routes(gateway: Gateway, origin_routes: dict[str, Route]) -> dict[str, Route]:
    """Every origin route as the gateway serves it, plus the host's root redirect."""
    routes = {gateway.path(path): _mirror(gateway, route) for path, route in origin_routes.items()
              if path != "/robots.txt"}
    home = f"http://{gateway.host}{gateway.path('/')}"
    routes["/"] = Route(302, "text/html; charset=big5", b"", location=home)
    return routes


class LazyMirror(Mapping[str, Route]):
    """The routes ``mirror_routes`` would build, each converted when first asked for: OpenCC in pure
    Python costs ~20 ms a page, too slow to convert a generated world's gateways up front."""

    def __init__(self, gateway: Gateway, origin_routes: dict[str, Route]) -> None:
        self.gateway = gateway
        self.origin = {gateway.path(path): route for path, route in origin_routes.items()
                       if path != "/robots.txt"}
        home = f"http://{gateway.host}{gateway.path('/')}"
        self.done: dict[str, Route] = {"/": Route(302, "text/html; charset=big5", b"", location=home)}

    def __getitem__(self, key: str) -> Route:
        if key not in self.done:
            self.done[key] = _mirror(self.gateway, self.origin[key])  # KeyError for unknown paths
        return self.done[key]

    def __setitem__(self, key: str, route: Route) -> None:
        self.done[key] = route

    def __iter__(self) -> Iterator[str]:
        return iter(self.done.keys() | self.origin.keys())

    def __len__(self) -> int:
        return len(self.done.keys() | self.origin.keys())


def robots_txt(gateway: Gateway, origin_rules: list[str]) -> tuple[Route, list[str]]:
    """The gateway's robots.txt carries the origin's rules under its prefix; returns it and the
    rules beyond the boilerplate (what a crawl must never request)."""
    rules = [gateway.path(rule) for rule in origin_rules]
    lines = ["User-agent: *", f"Disallow: {gateway.path('/search/')}"] + [f"Disallow: {r}" for r in rules]
    return Route(200, "text/plain", ("\n".join(lines) + "\n").encode()), rules


def _mirror(gateway: Gateway, route: Route) -> Route:
    location = gateway.rewrite_url(route.location) if route.location else None
    content_type = route.content_type or ""
    body = route.body
    if content_type.startswith("text/html") and body:
        body = big5_page(gateway, body, content_type)
        content_type = "text/html; charset=big5"
    return Route(route.status, content_type or None, body, location=location,
                 last_modified=route.last_modified, fail_first=route.fail_first, delay=route.delay,
                 wire=route.wire)


def big5_page(gateway: Gateway, body: bytes, content_type: str) -> bytes:
    """Decode the origin page as it declares itself (lossy, as a gateway is), convert, rewrite
    links and the charset declarations, and encode as Big5 with character references."""
    declared = _CHARSET.search(content_type) or _CHARSET.search(body[:4096].decode("ascii", "replace"))
    codec = declared.group(2).lower() if declared else "utf-8"
    codec = "gb18030" if codec in ("gbk", "gb2312") else codec
    html = to_taiwan(body.decode(codec, "replace"))
    html = _LINK_ATTR.sub(lambda m: m.group(1) + m.group(2) + gateway.rewrite_url(m.group(3)) + m.group(2),
                          html)
    html = _CHARSET.sub(lambda m: m.group(1) + "big5", html)
    return html.encode("big5", "xmlcharrefreplace")

"""sitemap.xml as big portals publish it: a sitemap index, declared in robots.txt, naming one plain and
one gzip-compressed urlset that together list every document page the CMS holds, those of columns it
dropped from its menus (simweb.unlinked) and robots.txt-disallowed drafts included: the sitemap is
generated from the CMS's database, not from robots.txt, so a crawler must still obey robots.txt for
each entry. Pages outside the CMS (legacy redirect scripts, broken leftovers) are not listed.
"""

from __future__ import annotations

import gzip
from html import escape

from simweb.faults import Route
from simweb.unlinked import hosts_reached_by

INDEX_PATH = "/sitemap.xml"
_XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_PARTS = (("/sitemap/xxgk.xml.gz", "/xxgk/"), ("/sitemap/site.xml", "/"))  # (file, paths it lists)


def publish(host: str, routes: dict[str, Route], documents: set[str]) -> bytes:
    """Add the site's sitemap files, listing the *documents* among its routes, to *routes*; returns the
    robots.txt lines that declare them. Only the fixed world's sites that need one get one."""
    if host not in hosts_reached_by("sitemap"):
        return b""
    return write(host, routes, documents)


def write(host: str, routes: dict[str, Route], documents: set[str]) -> bytes:
    """The sitemap files of any site (see ``publish``); returns the robots.txt line declaring them."""
    pages = sorted((path, route) for path, route in routes.items()
                   if path in documents and route.status == 200 and route.body and "?" not in path
                   and (route.content_type or "").startswith("text/html"))
    listed: set[str] = set()
    files = []
    for file_path, prefix in _PARTS:
        entries = [(p, r) for p, r in pages if p.startswith(prefix) and p not in listed]
        listed.update(p for p, _ in entries)
        xml = _urlset(host, entries).encode("utf-8")
        compressed = file_path.endswith(".gz")
        content_type = "application/x-gzip" if compressed else "application/xml; charset=utf-8"
        routes[file_path] = Route(200, content_type, gzip.compress(xml, mtime=0) if compressed else xml)
        files.append(file_path)
    routes[INDEX_PATH] = Route(200, "application/xml; charset=utf-8", _index(host, files).encode("utf-8"))
    return f"Sitemap: http://{host}{INDEX_PATH}\n".encode()


def _urlset(host: str, entries: list[tuple[str, Route]]) -> str:
    urls = "".join(
        f"<url><loc>{escape(f'http://{host}{path}')}</loc>"
        + (f"<lastmod>{route.last_modified:%Y-%m-%d}</lastmod>" if route.last_modified else "")
        + "<changefreq>monthly</changefreq></url>\n"
        for path, route in entries
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_XMLNS}">\n{urls}</urlset>\n'


def _index(host: str, files: list[str]) -> str:
    items = "".join(f"<sitemap><loc>http://{host}{path}</loc></sitemap>\n" for path in files)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_XMLNS}">\n{items}'
            "</sitemapindex>\n")

"""What extraction knows about a report, measured against truth: simweb and the real pages.

(a) simweb: the simulated web is started in-process, every report URL of World.truth() is fetched
    through its proxy (as the crawler would, with the sites file's name and region as hints) and run
    through extract_html (attachments -- PDF, DOC, DOCX -- through extract.files.extract_file when that
    module is present); region code, issuer kind, year and the publication day are compared (pages
    show the day; simweb's truth also has a time that no page shows).
(b) ../shared/realpages: title and publication date (day) against tests/realpages_truth.py, our own
    truth table; titles are compared after NFKC and without whitespace.
Seed accuracy (with and without titles) is printed by bench/eval_extract.py.
"""

from __future__ import annotations

import re
import sys
import unicodedata
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from the repo root

from extract import extract_html  # noqa: E402
from tests.realpages_truth import REALPAGES_TRUTH  # noqa: E402

REALPAGES = ROOT / ".." / "shared" / "realpages"
SIMWEB_FIELDS = ("region_code", "issuer_kind", "year", "published")
MIN_REALPAGES = 0.95


def accuracy(rows: list[dict[str, bool]], fields: tuple[str, ...]) -> dict[str, float]:
    """Share of rows with each field correct, plus "all" (every field correct)."""
    if not rows:
        return {}
    out = {f: sum(r[f] for r in rows) / len(rows) for f in fields}
    out["all"] = sum(all(r[f] for f in fields) for r in rows) / len(rows)
    return out


def _hints(sites_yaml: str) -> dict[str, tuple[str, str | None]]:
    """host -> (site name, region code) from a sites file."""
    hints = {}
    for site in yaml.safe_load(sites_yaml)["sites"]:
        for url in site["start_urls"]:
            hints[urlsplit(url).hostname] = (site["name"], site.get("region"))
    return hints


def simweb_rows() -> list[dict[str, bool]]:
    """One row per simweb truth report: which fields extract_html got right."""
    from simweb.server import start_simweb

    server = start_simweb(port=0)
    try:
        truth = server.world.truth()
        hints = _hints(server.world.sites_yaml())
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": server.proxy_url}))
        rows = []
        for report in truth["reports"]:
            with opener.open(report["url"], timeout=30) as response:
                body, content_type = response.read(), response.headers.get("Content-Type")
            name, region = hints.get(urlsplit(report["url"]).hostname, (None, None))
            doc = _extract(body, report["url"], content_type, region, name)
            if doc is not None:
                kind = "page" if body.lstrip()[:1] == b"<" else "attachment"
                rows.append({"url": report["url"], "kind": kind, **_compare(doc, report)})
        return rows
    finally:
        server.stop()


def _extract(body: bytes, url: str, content_type: str | None, region: str | None, name: str | None):
    """extract_html for pages; extract_file for attachments, or None when that module is absent."""
    if not body.lstrip()[:1] == b"<":
        try:
            from extract.files import extract_file
        except ImportError:
            print(f"  [skip] attachment {url}: extract.files not available")
            return None
        return extract_file(body, url, content_type, region, name)
    return extract_html(body, url, content_type, region_hint=region, site_name=name)


def _compare(doc, report: dict) -> dict[str, bool]:
    day = lambda value: value[:10] if value else None  # noqa: E731
    out = {f: getattr(doc, f) == report.get(f) for f in ("region_code", "issuer_kind", "year")}
    out["published"] = day(doc.published) == day(report.get("published"))
    return out


def _same_title(a: str | None, b: str | None) -> bool:
    norm = lambda s: re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)) if s else None  # noqa: E731
    return norm(a) == norm(b)


def realpages_rows(pages_dir: Path = REALPAGES) -> list[dict]:
    """One row per real page with a truth entry: title and date right or wrong, and what was found."""
    rows = []
    for path in sorted(pages_dir.glob("*.html")) if pages_dir.exists() else []:
        title, published = REALPAGES_TRUTH[path.name[:2]]
        doc = extract_html(path.read_bytes(), "http://localhost/")
        found = doc.published[:10] if doc.published else None
        rows.append({"page": path.name, "title": _same_title(doc.title, title),
                     "published": found == published, "found": (doc.title, found)})
    return rows


def _print(label: str, scores: dict[str, float], n: int) -> None:
    print(f"{label} ({n}): " + "  ".join(f"{k} {v:.1%}" for k, v in scores.items()))


def main() -> int:
    rows = simweb_rows()
    attachments = [r for r in rows if r["kind"] == "attachment"]
    if attachments:  # a file alone cannot show its publication date; the crawler takes it from the page
        _print("simweb attachments (informational)", accuracy(attachments, SIMWEB_FIELDS), len(attachments))
    sim = [r for r in rows if r["kind"] == "page"]
    _print("simweb truth, report pages", accuracy(sim, SIMWEB_FIELDS), len(sim))
    for row in rows:
        if not all(row[f] for f in SIMWEB_FIELDS):
            print(f"  wrong: {row['url']} {[f for f in SIMWEB_FIELDS if not row[f]]}")
    pages = realpages_rows()
    if not pages:
        print(f"[skip] realpages: {REALPAGES} absent")
        return 0 if accuracy(sim, SIMWEB_FIELDS).get("all", 1.0) == 1.0 else 1
    scores = accuracy(pages, ("title", "published"))
    _print("real pages title/published", scores, len(pages))
    for row in pages:
        if not (row["title"] and row["published"]):
            print(f"  wrong: {row['page']} found {row['found']}")
    return 0 if scores["all"] >= MIN_REALPAGES and accuracy(sim, SIMWEB_FIELDS)["all"] == 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())

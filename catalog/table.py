"""Plain-text tables for the terminal: `fazhi catalog ls`, the demo's per-region summary and the
crawl summary's tables.

Plain text (no colour, no box drawing) so the output reads the same in a terminal, a log file and a
CI transcript. Widths count CJK characters as two columns. Cells are never cut unless a width is
given (the terminal's, when output is one): then the widest columns (titles, URLs) give way first,
so a wide terminal shows full titles and a pipe gets every character.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

from catalog.store import ReportView

MIN_CELL = 8  # a column shrunk to fit the width keeps at least this many columns (or its header's)
GAP = "  "

LS_HEADERS = ("region", "name", "year", "kind", "issuer", "title", "published", "url")
LS_SHRINK = ("url", "issuer", "kind", "name", "title")  # a narrow terminal keeps the title longest


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, limit: int) -> str:
    if display_width(text) <= limit:
        return text
    out, width = "", 0
    for ch in text:
        width += display_width(ch)
        if width > limit - 1:
            return out + "…"
        out += ch
    return out


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def _fit(widths: list[int], floors: list[int], limit: int, order: Sequence[int]) -> list[int]:
    """Shrink columns in `order` (each down to its floor before the next), then the widest, until the
    row fits `limit`."""
    widths = list(widths)
    excess = sum(widths) + len(GAP) * (len(widths) - 1) - limit
    for i in order:
        cut = max(0, min(excess, widths[i] - floors[i]))
        widths[i] -= cut
        excess -= cut
    while excess > 0:
        widest = max(range(len(widths)), key=lambda i: widths[i] - floors[i])
        if widths[widest] <= floors[widest]:
            break
        widths[widest] -= 1
        excess -= 1
    return widths


def render(headers: Sequence[str], rows: Sequence[Sequence[object]], width: int | None = None,
           shrink: Sequence[str] = ()) -> str:
    """Columns separated by two spaces with a dashed rule under the header; numbers right-aligned.
    With `width`, cells are cut (ending in …) so each line fits: the `shrink` columns first, in that
    order, then the widest."""
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    numeric = [all(isinstance(row[i], int) or row[i] in (None, "") for row in rows) and bool(rows)
               for i in range(len(headers))]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    if width is not None:
        floors = [min(w, max(MIN_CELL, display_width(h))) for w, h in zip(widths, headers, strict=True)]
        widths = _fit(widths, floors, width, [headers.index(name) for name in shrink])
        cells = [[_clip(c, w) for c, w in zip(row, widths, strict=True)] for row in cells]

    def line(row: Sequence[str]) -> str:
        return GAP.join(_pad(c, w, n) for c, w, n in zip(row, widths, numeric, strict=True)).rstrip()

    return "\n".join([line(headers), GAP.join("-" * w for w in widths), *(line(row) for row in cells)])


def ls_row(r: ReportView) -> dict[str, object]:
    """One report as `catalog ls` shows it (and prints it with --json)."""
    return {"region_code": r.region_code, "region_name": r.region_name, "year": r.year,
            "issuer_kind": r.issuer_kind, "issuer": r.issuer, "title": r.title,
            "published": (r.published or "")[:10] or None, "url": r.url}


def format_table(reports: Sequence[ReportView], width: int | None = None) -> str:
    """One line per report: where, which year, what kind of body, who, what, when, at which URL."""
    return render(LS_HEADERS, [tuple(ls_row(r).values()) for r in reports], width, LS_SHRINK)


def summary_by_region_year(reports: Sequence[ReportView]) -> str:
    """Report counts per region and covered year, plus a total line."""
    counts = Counter((r.region_code or "", r.region_name or "", r.year) for r in reports)
    rows = [(code, name, year if year is not None else "?", n)
            for (code, name, year), n in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][2] or 0))]
    rows.append(("", "total", "", len(reports)))
    return render(("region", "name", "year", "reports"), rows)

"""Plain-text tables for the terminal: `fazhi catalog ls` and the demo's per-region summary.

Plain text (no colour, no box drawing) so the output reads the same in a terminal,
a log file and a CI transcript. Widths count CJK characters as two columns.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

from catalog.store import ReportView

MAX_CELL = 40


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, limit: int = MAX_CELL) -> str:
    if display_width(text) <= limit:
        return text
    out, width = "", 0
    for ch in text:
        width += display_width(ch)
        if width > limit - 1:
            return out + "…"
        out += ch
    return out


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def render(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Left-aligned columns separated by two spaces, with a dashed rule under the header."""
    cells = [[_clip("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)


def format_table(reports: Sequence[ReportView]) -> str:
    """One line per report: where, which year, who, what, when."""
    rows = [(r.region_code, r.region_name, r.year, r.issuer, r.title, (r.published or "")[:10])
            for r in reports]
    return render(("region", "name", "year", "issuer", "title", "published"), rows)


def summary_by_region_year(reports: Sequence[ReportView]) -> str:
    """Report counts per region and covered year, plus a total line."""
    counts = Counter((r.region_code or "", r.region_name or "", r.year) for r in reports)
    rows = [(code, name, year if year is not None else "?", n)
            for (code, name, year), n in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][2] or 0))]
    rows.append(("", "total", "", len(reports)))
    return render(("region", "name", "year", "reports"), rows)

"""The query string of a selection (search page, report lists, exports), validated into a Selection."""

from __future__ import annotations

from flask import abort

from catalog.search import Selection
from fazhi.web import params

ISSUER_KINDS = ("government", "department", "development_zone", "new_area", "other")


def from_args(args) -> Selection:
    """q, region (a code prefix), year or from/to, kind (comma-separated issuer kinds)."""
    query = params.text(args, "q")
    region = params.pattern(args, "region", params.REGION, "a GB/T 2260 code or prefix of 2-6 digits")
    year = params.year(args, "year")
    year_from, year_to = (year, year) if year else (params.year(args, "from"), params.year(args, "to"))
    if year_from and year_to and year_from > year_to:
        abort(400, "from: must not be after to")
    kinds = tuple(k for k in params.text(args, "kind", 100).split(",") if k)
    if any(kind not in ISSUER_KINDS for kind in kinds):
        abort(400, f"kind: comma-separated, from {', '.join(ISSUER_KINDS)}")
    return Selection(query=query, region=region, year_from=year_from, year_to=year_to, kinds=kinds)


def to_args(selection: Selection) -> dict[str, str]:
    """The selection back as query-string arguments (for facet, paging and export links)."""
    out = {"q": selection.query, "region": selection.region or "", "kind": ",".join(selection.kinds)}
    if selection.year_from is not None and selection.year_from == selection.year_to:
        out["year"] = str(selection.year_from)
    else:
        out["from"] = "" if selection.year_from is None else str(selection.year_from)
        out["to"] = "" if selection.year_to is None else str(selection.year_to)
    return {k: v for k, v in out.items() if v}

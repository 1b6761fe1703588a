"""The coverage grid: divisions × years, with a legend, row and column counts and a per-year chart."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, render_template, request

from catalog.coverage import LEVELS, STATES, GridFilter, coverage, provinces, reports_per_year
from fazhi.web import params

blueprint = Blueprint("grid", __name__)
YEARS_SHOWN = 6


def grid_filter(args) -> GridFilter:
    """The grid's filter from the query string: national by province level unless a province is given."""
    province = params.pattern(args, "province", params.PROVINCE, "a two-digit province code, e.g. 62")
    level = params.choice(args, "level", LEVELS + ("all",))
    last = date.today().year - 1
    year_from, year_to = params.year_range(args, last - YEARS_SHOWN + 1, last)
    if year_to - year_from >= 30:
        abort(400, "from/to: at most 30 years at once")
    if level is None:
        level = "all" if province else "province"
    return GridFilter(province=province, level=None if level == "all" else level, year_from=year_from,
                      year_to=year_to)


@blueprint.get("/")
def grid():
    catalog = current_app.config["CATALOG"]
    chosen = grid_filter(request.args)
    return render_template(
        "grid.html", grid=coverage(catalog, chosen), provinces=provinces(catalog), levels=LEVELS,
        states=STATES, chart=reports_per_year(catalog, chosen.province), selection=selection_args(chosen),
    )


def selection_args(chosen: GridFilter) -> dict[str, str]:
    """The grid's filter as the query string of its export and report-list links."""
    out = {"from": str(chosen.year_from), "to": str(chosen.year_to)}
    if chosen.province:
        out["region"] = chosen.province
    out["kind"] = ",".join(chosen.kinds)
    return out

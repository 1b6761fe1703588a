"""Search: Chinese full-text over titles and texts, facets, highlighted snippets, paging; the URL of
the page is the shareable link of the query."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for

from catalog.search import search as run_search
from fazhi.web import params, selection

blueprint = Blueprint("search", __name__)
PER_PAGE = 20
MAX_PAGE = 500


@blueprint.get("/search")
def search():
    chosen = selection.from_args(request.args)
    page = params.integer(request.args, "page", 1, MAX_PAGE, 1)
    result = run_search(current_app.config["CATALOG"], chosen, page=page, per_page=PER_PAGE)
    args = selection.to_args(chosen)
    return render_template("search.html", result=result, args=args, link=request.url,
                           facets=facet_links(result.facets, args))


def facet_links(facets: dict, args: dict[str, str]) -> dict[str, list[tuple[str, int, str]]]:
    """Each facet value as (label, count, the search narrowed to it)."""
    out = {}
    for facet, values in facets.items():
        base = {k: v for k, v in args.items() if not (facet == "year" and k in ("from", "to"))}
        out[facet] = [(label, n, url_for("search.search", **{**base, facet: str(value)}))
                      for value, label, n in values]
    return out

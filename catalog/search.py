"""Search the catalog: a selection (text terms, region, years, issuer kinds) -> a page of hits with
highlighted snippets, facet counts and the total; the same selection gives the ids an export writes.

Only the latest version of each report is searched. Snippets are cut in Python from the stored text
as (text, is_match) segments, so the page escapes every character of them like any other string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, String, and_, cast, func, literal, select, union_all
from sqlalchemy.orm import Session

from catalog import fulltext
from catalog.models import Division, Report
from catalog.store import Catalog, latest_versions, region_within

SNIPPET_CONTEXT = 60
FACET_LIMIT = 40


@dataclass(frozen=True)
class Selection:
    """Which reports: every term in title or text, a region code prefix, a year range, issuer kinds."""

    query: str = ""
    region: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    kinds: tuple[str, ...] = ()

    @property
    def terms(self) -> list[str]:
        return fulltext.terms(self.query)

    def condition(self, dialect: str) -> ColumnElement[bool]:
        parts = [latest_versions(), fulltext.matches(dialect, self.terms)]
        if self.region:
            parts.append(region_within(self.region))
        if self.year_from is not None:
            parts.append(Report.year >= self.year_from)
        if self.year_to is not None:
            parts.append(Report.year <= self.year_to)
        if self.kinds:
            parts.append(Report.issuer_kind.in_(self.kinds))
        return and_(*parts)


@dataclass(frozen=True)
class Hit:
    id: int
    title: str | None
    issuer: str | None
    region_code: str | None
    region_name: str | None
    year: int | None
    published: str | None
    snippet: list[tuple[str, bool]]  # (text, is a match)


@dataclass
class SearchPage:
    selection: Selection
    total: int
    page: int
    per_page: int
    hits: list[Hit]
    facets: dict[str, list[tuple[Any, str, int]]] = field(default_factory=dict)  # name -> (value, label, n)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def search(catalog: Catalog, selection: Selection, page: int = 1, per_page: int = 20) -> SearchPage:
    """One page of matching reports, newest covered year first, with the facets of all matches."""
    where = selection.condition(catalog.engine.dialect.name)
    query = (select(Report.id, Report.title, Report.issuer, Report.region_code, Report.region_name,
                    Report.year, Report.published, Report.text)
             .where(where).order_by(Report.year.desc(), Report.region_code, Report.id)
             .limit(per_page).offset((page - 1) * per_page))
    with Session(catalog.engine) as session:
        total, facets = _total_and_facets(session, where)
        hits = [Hit(row.id, row.title, row.issuer, row.region_code, row.region_name, row.year,
                    row.published.date().isoformat() if row.published else None,
                    snippet(row.text or "", selection.terms))
                for row in session.execute(query)]
    return SearchPage(selection, total, page, per_page, hits, facets)


def _total_and_facets(session: Session, where: ColumnElement[bool]) -> tuple[int, dict[str, list]]:
    """The number of matches and the region (province), year and issuer-kind facets, from one statement
    over the matches computed once (a CTE used three times is materialised by SQLite and PostgreSQL)."""
    matches = select(Report.region_code, Report.year, Report.issuer_kind).where(where).cte("matches")
    facet_columns = {"region": func.substr(matches.c.region_code, 1, 2),
                     "year": cast(matches.c.year, String), "kind": matches.c.issuer_kind}
    counts = union_all(*(select(literal(name).label("facet"), column.label("value"), func.count().label("n"))
                         .group_by(column) for name, column in facet_columns.items()))
    rows = session.execute(counts).all()
    total = sum(n for facet, _, n in rows if facet == "year")
    names = {code[:2]: name for code, name in session.execute(
        select(Division.code, Division.name).where(Division.level == "province", Division.current.is_(True)))}
    out: dict[str, list[tuple[Any, str, int]]] = {}
    for name in facet_columns:
        values = sorted(((v, n) for facet, v, n in rows if facet == name and v is not None),
                        key=lambda pair: -pair[1])
        out[name] = [(v, names.get(v, v) if name == "region" else str(v), n) for v, n in values[:FACET_LIMIT]]
    return total, out


def snippet(text: str, terms: list[str], context: int = SNIPPET_CONTEXT) -> list[tuple[str, bool]]:
    """The text around the first match of any term, split into plain and matching segments."""
    if not terms:
        return [(text[: 2 * context] + ("…" if len(text) > 2 * context else ""), False)]
    found = [(text.find(t), t) for t in terms if t in text]
    if not found:
        return [(text[: 2 * context], False)]
    first = min(position for position, _ in found)
    start, end = max(0, first - context), min(len(text), first + 2 * context)
    window = text[start:end]
    segments: list[tuple[str, bool]] = [("…", False)] if start else []
    position = 0
    while position < len(window):
        nearest = min(((window.find(t, position), t) for t in terms if window.find(t, position) >= 0),
                      default=None)
        if nearest is None:
            segments.append((window[position:], False))
            break
        at, term = nearest
        if at > position:
            segments.append((window[position:at], False))
        segments.append((term, True))
        position = at + len(term)
    if end < len(text):
        segments.append(("…", False))
    return segments

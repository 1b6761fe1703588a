"""Coverage: which divisions published which year's report, as the web catalog's grid shows it.

A cell is one division × one covered year. Its state follows the legal deadline (the report is due
by 1 April of the next year): ``found`` (a report published or signed by then, or with no date to
judge by), ``late`` (every report of the cell is dated after it), ``missing`` (none, and the
deadline has passed) or ``due`` (none yet, the deadline still ahead). Only the latest version of a
report counts, once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from catalog.models import Division, Report
from catalog.store import Catalog, latest_versions, region_within

STATES = ("found", "late", "missing", "due")
LEVELS = ("province", "prefecture", "county", "department")
# issuer kinds whose reports are "the government's own" for a division's row
GOVERNMENT_KINDS = ("government",)


@dataclass(frozen=True)
class GridFilter:
    """What the grid shows: one province (a two-digit code) or the whole country, the division level
    (``department`` = departments' reports per division), and the covered years."""

    province: str | None
    level: str | None  # None = every level (the province, its prefectures and counties)
    year_from: int
    year_to: int

    @property
    def years(self) -> list[int]:
        return list(range(self.year_from, self.year_to + 1))

    @property
    def kinds(self) -> tuple[str, ...]:
        return ("department",) if self.level == "department" else GOVERNMENT_KINDS


@dataclass(frozen=True)
class Cell:
    year: int
    state: str
    reports: int
    report_id: int | None  # the report to open when there is exactly one


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    level: str
    cells: list[Cell]

    def count(self, state: str) -> int:
        return sum(1 for cell in self.cells if cell.state == state)


@dataclass
class Grid:
    filter: GridFilter
    rows: list[Row]
    per_year: dict[int, Counter] = field(default_factory=dict)  # year -> state counts (a column's footer)

    def totals(self) -> Counter:
        return sum(self.per_year.values(), Counter())


def due_date(year: int) -> date:
    return date(year + 1, 4, 1)


def cell_state(year: int, reports: int, late: int, today: date) -> str:
    if reports:
        return "late" if late == reports else "found"
    return "due" if today <= due_date(year) else "missing"


def coverage(catalog: Catalog, grid_filter: GridFilter, today: date | None = None) -> Grid:
    """The grid's rows (divisions in code order, so each prefecture precedes its counties) and cells."""
    today = today or date.today()
    with Session(catalog.engine) as session:
        divisions = _divisions(session, grid_filter)
        one_level = grid_filter.level in ("province", "prefecture", "county")
        codes = [d.code for d in divisions] if one_level else None
        counts = _report_counts(session, grid_filter, codes)
    if grid_filter.level == "department":  # only divisions whose departments published something
        divisions = [d for d in divisions if any(code == d.code for code, _ in counts)]
    rows, per_year = [], {year: Counter() for year in grid_filter.years}
    for division in divisions:
        cells = []
        for year in grid_filter.years:
            reports, late, only_id = counts.get((division.code, year), (0, 0, None))
            state = cell_state(year, reports, late, today)
            cell = Cell(year, state, reports, only_id if reports == 1 else None)
            per_year[year][cell.state] += 1
            cells.append(cell)
        rows.append(Row(division.code, division.name, division.level, cells))
    return Grid(grid_filter, rows, per_year)


def _divisions(session: Session, grid_filter: GridFilter) -> list[Division]:
    query = select(Division).where(Division.current.is_(True)).order_by(Division.code)
    if grid_filter.province:
        query = query.where(Division.code.startswith(grid_filter.province, autoescape=True))
    if grid_filter.level in ("province", "prefecture", "county"):
        query = query.where(Division.level == grid_filter.level)
    return list(session.scalars(query))


def _report_counts(session: Session, grid_filter: GridFilter,
                   codes: list[str] | None) -> dict[tuple[str, int], tuple[int, int, int]]:
    """(region code, year) -> (reports, late reports, the smallest report id) in one grouped query,
    over the listed divisions' `codes` when the grid shows one level (34 provinces, not every row)."""
    query = (
        select(Report.region_code, Report.year, func.count(Report.id),
               func.sum(case((Report.timely.is_(False), 1), else_=0)), func.min(Report.id))
        .where(latest_versions(), Report.year.between(grid_filter.year_from, grid_filter.year_to),
               Report.issuer_kind.in_(grid_filter.kinds), Report.region_code.is_not(None))
        .group_by(Report.region_code, Report.year)
    )
    if codes is not None:
        query = query.where(Report.region_code.in_(codes))
    elif grid_filter.province:
        query = query.where(region_within(grid_filter.province))
    return {(code, year): (n, int(late or 0), first) for code, year, n, late, first in session.execute(query)}


def reports_per_year(catalog: Catalog, province: str | None = None) -> dict[int, int]:
    """How many reports (latest versions) cover each year, for the grid's small chart: every row per
    year (read from the year index alone) less the superseded ones (few, found by supersedes_id)."""
    every = select(Report.year, func.count(Report.id)).where(Report.year.is_not(None))
    older = select(Report.year, func.count(Report.id)).where(
        Report.id.in_(select(Report.supersedes_id).where(Report.supersedes_id.is_not(None))))
    if province:
        every, older = every.where(region_within(province)), older.where(region_within(province))
    with Session(catalog.engine) as session:
        counts = dict(session.execute(every.group_by(Report.year)).all())
        for year, n in session.execute(older.group_by(Report.year)):
            counts[year] -= n
    return {year: n for year, n in sorted(counts.items()) if n}


def provinces(catalog: Catalog) -> list[tuple[str, str]]:
    """(two-digit prefix, name) of every current province, for the grid's and search's filters."""
    query = select(Division.code, Division.name).where(Division.current.is_(True),
                                                       Division.level == "province").order_by(Division.code)
    with Session(catalog.engine) as session:
        return [(code[:2], name) for code, name in session.execute(query)]

"""The one text-matching interface over two engines: a list of terms -> an SQL condition on Report.

Each term matches as a substring of the title or the text (Chinese has no word breaks). SQLite asks
its FTS5 trigram index (migration 0007), PostgreSQL its pg_trgm GIN indexes through LIKE; a term
under three characters cannot use a trigram index and falls back to LIKE on SQLite too. Terms are
bound parameters (FTS5 phrases are quoted), so no query text is ever SQL or FTS syntax.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select, text

from catalog.models import Report

TRIGRAM = 3
MAX_TERMS = 8


def terms(query: str) -> list[str]:
    """The whitespace-separated terms of a query (quotes dropped), at most MAX_TERMS, duplicates removed,
    in Simplified: texts are stored Simplified, so 法治政府建設 finds what 法治政府建设 finds."""
    from extract.variant import simplified_words

    out: list[str] = []
    for term in simplified_words(query).replace('"', " ").replace("\u3000", " ").split():
        if term not in out:
            out.append(term)
    return out[:MAX_TERMS]


def _like(term: str) -> ColumnElement[bool]:
    return or_(Report.title.contains(term, autoescape=True), Report.text.contains(term, autoescape=True))


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def matches(dialect: str, query_terms: list[str]) -> ColumnElement[bool]:
    """Report rows whose title or text contains every term."""
    if not query_terms:
        return and_(True)
    conditions = [_like(t) for t in query_terms if dialect != "sqlite" or len(t) < TRIGRAM]
    long_terms = [t for t in query_terms if len(t) >= TRIGRAM]
    if dialect == "sqlite" and long_terms:
        expression = " AND ".join(_fts_phrase(t) for t in long_terms)
        fts = select(text("rowid")).select_from(text("report_fts")).where(
            text("report_fts MATCH :fts_query").bindparams(fts_query=expression))
        # `id + 0`: SQLite then scans the narrow listing index and checks each id against the FTS
        # matches, instead of fetching every matching (wide) report row by its rowid
        conditions.append((Report.id + 0).in_(fts))
    return and_(*conditions)


SEARCH_INDEX_OBJECTS = ("report_fts", "ix_report_title_trgm", "ix_report_text_trgm")


def outside_search_index(obj, name: str | None, type_: str, reflected: bool, compare_to) -> bool:
    """Alembic ``include_object`` hook: the search index (FTS5 tables, trigram indexes) is made by
    migration 0007 in each engine's own dialect and has no model, so schema comparisons skip it."""
    return not (name or "").startswith(SEARCH_INDEX_OBJECTS)

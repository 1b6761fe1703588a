"""The catalog's copy of the CDXJ index (table ``capture_index``): write, replace, look up."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from archive.cdxj import IndexRow, url_key
from archive.writer import WARCS_DIR
from catalog.models import Capture, CaptureIndex, Conversion
from catalog.store import Catalog

_FIELDS = ("urlkey", "timestamp", "url", "mime", "status", "digest", "length", "offset", "filename",
           "rec_type", "record_id", "refers_to", "member_digest")


def _model(row: IndexRow) -> CaptureIndex:
    return CaptureIndex(**{name: getattr(row, name) for name in _FIELDS})


def _row(model: CaptureIndex) -> IndexRow:
    return IndexRow(**{name: getattr(model, name) for name in _FIELDS})


def add_rows(catalog: Catalog, rows: Iterable[IndexRow]) -> None:
    with Session(catalog.engine) as session, session.begin():
        session.add_all(_model(row) for row in rows)


def replace_all(catalog: Catalog, rows: Iterable[IndexRow]) -> int:
    """Empty the table and fill it with `rows` in one transaction; returns the count."""
    models = [_model(row) for row in rows]
    with Session(catalog.engine) as session, session.begin():
        session.execute(delete(CaptureIndex))
        session.add_all(models)
    return len(models)


def replace_file(catalog: Catalog, filename: str, rows: Iterable[IndexRow]) -> None:
    """The rows of one WARC file, replaced (after recovery cut its torn tail)."""
    models = [_model(row) for row in rows]
    with Session(catalog.engine) as session, session.begin():
        session.execute(delete(CaptureIndex).where(CaptureIndex.filename == filename))
        session.add_all(models)


def all_rows(catalog: Catalog) -> list[IndexRow]:
    with Session(catalog.engine) as session:
        return [_row(m) for m in session.scalars(select(CaptureIndex).order_by(CaptureIndex.id))]


def conversion_rows(catalog: Catalog) -> list[IndexRow]:
    """The catalog's pointers to conversion records, shaped as index rows so fixity checks them too;
    they are kept out of the CDXJ (pywb must never replay a text in place of its page)."""
    query = select(Conversion, Capture.url).join(Capture, Conversion.capture_id == Capture.id).order_by(
        Conversion.id)
    with Session(catalog.engine) as session:
        return [IndexRow(urlkey=url_key(url), timestamp=conv.timestamp.strftime("%Y%m%d%H%M%S"), url=url,
                         mime="text/plain", status="-", digest=conv.digest, length=conv.length,
                         offset=conv.offset, filename=conv.warc.removeprefix(f"{WARCS_DIR}/"),
                         rec_type="conversion", record_id=conv.record_id)
                for conv, url in session.execute(query)]


def rows_for_url(catalog: Catalog, url: str) -> list[IndexRow]:
    """Every indexed capture of `url` (SURT-equal URLs included), oldest first."""
    with Session(catalog.engine) as session:
        query = select(CaptureIndex).where(CaptureIndex.urlkey == url_key(url)).order_by(
            CaptureIndex.timestamp, CaptureIndex.id)
        return [_row(m) for m in session.scalars(query)]


def by_record_id(catalog: Catalog, record_id: str) -> IndexRow | None:
    with Session(catalog.engine) as session:
        model = session.scalars(select(CaptureIndex).where(CaptureIndex.record_id == record_id)).first()
        return _row(model) if model else None


def latest_leaf_responses(catalog: Catalog) -> dict[str, IndexRow]:
    """For each document URL the catalog holds a capture of, the index row of its latest 200
    ``response`` record: what a recrawl may send validators for and revisit. Revisits are skipped,
    so a revisit always refers to a record that holds the payload."""
    query = (select(Capture.url, CaptureIndex).join(CaptureIndex, CaptureIndex.record_id == Capture.record_id)
             .where(CaptureIndex.rec_type == "response", CaptureIndex.status == "200")
             .order_by(CaptureIndex.timestamp, CaptureIndex.id))
    with Session(catalog.engine) as session:
        return {url: _row(model) for url, model in session.execute(query)}  # later rows win


def files_with_originals(catalog: Catalog, filenames: Iterable[str]) -> set[str]:
    """`filenames` and the WARC files holding the originals their revisits refer to: what a package
    of those files must also hold for every revisit in it to replay."""
    names = set(filenames)
    revisits = select(CaptureIndex.refers_to).where(CaptureIndex.filename.in_(names),
                                                    CaptureIndex.rec_type == "revisit")
    with Session(catalog.engine) as session:
        originals = session.scalars(select(CaptureIndex.filename).where(CaptureIndex.record_id.in_(revisits)))
        return names | set(originals)

"""CDXJ index kept in step with the WARCs: one line per response/revisit record as it is written.

Lines for a WARC still being written go to ``indexes/<warc>.cdxj.open`` in write order; when the
WARC is closed they are sorted (SURT key, then timestamp) into ``indexes/<warc>.cdxj``. pywb reads
every ``*.cdxj`` in the directory, so a closed WARC is replayable without any reindex step, and an
open one is never half-visible. ``rebuild`` recreates all of it from the WARCs alone.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import surt
from warcio.archiveiterator import ArchiveIterator

INDEXES_DIR = "indexes"
OPEN_SUFFIX = ".open"
INDEXED_TYPES = ("response", "revisit")


@dataclass(frozen=True)
class IndexRow:
    """One index entry; the CDXJ line and the catalog's ``capture_index`` row carry the same fields."""

    urlkey: str
    timestamp: str  # 14 digits, from WARC-Date
    url: str
    mime: str
    status: str
    digest: str
    length: int
    offset: int
    filename: str  # the WARC's name inside warcs/
    rec_type: str
    record_id: str
    refers_to: str | None = None  # a revisit's WARC-Refers-To
    member_digest: str | None = None  # sha256 hex of the stored gzip member (fixity)

    def line(self) -> str:
        fields = {"url": self.url, "mime": self.mime, "status": self.status, "digest": self.digest,
                  "length": str(self.length), "offset": str(self.offset), "filename": self.filename}
        if self.rec_type == "revisit":
            fields["mime"] = "warc/revisit"
        fields["record_id"] = self.record_id
        return f"{self.urlkey} {self.timestamp} {json.dumps(fields, ensure_ascii=False)}\n"

    def to_dict(self) -> dict:
        return asdict(self)


def url_key(url: str) -> str:
    try:
        return surt.surt(url)
    except Exception:  # noqa: BLE001 -- an unparseable URL still gets a (plain) key
        return url


def timestamp14(warc_date: str) -> str:
    return "".join(ch for ch in warc_date if ch.isdigit())[:14]


def row_for(record, offset: int, member: bytes, filename: str) -> IndexRow | None:
    """The index row for a parsed warcio record stored as `member` at `offset`, or None."""
    if record.rec_type not in INDEXED_TYPES:
        return None
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    http = record.http_headers
    mime = (http.get_header("Content-Type") or "") if http else ""
    status = (http.get_statuscode() or "") if http else ""
    return IndexRow(
        urlkey=url_key(url), timestamp=timestamp14(headers.get_header("WARC-Date")), url=url,
        mime=mime.split(";")[0].strip(), status=status,
        digest=headers.get_header("WARC-Payload-Digest") or "", length=len(member), offset=offset,
        filename=filename, rec_type=record.rec_type, record_id=headers.get_header("WARC-Record-ID"),
        refers_to=headers.get_header("WARC-Refers-To"), member_digest=hashlib.sha256(member).hexdigest(),
    )


def rows_from_members(members: list[tuple[int, bytes]], filename: str) -> list[IndexRow]:
    """Rows for records serialised as gzip members, given (offset, member bytes) for each."""
    import io

    rows = []
    for offset, member in members:
        for record in ArchiveIterator(io.BytesIO(member)):
            row = row_for(record, offset, member, filename)
            if row:
                rows.append(row)
    return rows


def rows_from_warc(path: Path) -> Iterator[IndexRow]:
    """Every index row of a finished WARC file, read from the file alone."""
    with open(path, "rb") as fh:
        data = fh.read()
    with open(path, "rb") as stream:
        it = ArchiveIterator(stream)
        for record in it:
            if record.rec_type not in INDEXED_TYPES:
                continue
            record.content_stream().read()  # parse fully, so offsets are known
            it.read_to_end(record)
            offset, length = it.get_record_offset(), it.get_record_length()
            row = row_for(record, offset, data[offset:offset + length], path.name)
            if row:
                yield row


class CdxjIndex:
    """The per-WARC CDXJ files under ``DATA/indexes``."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = Path(data_dir) / INDEXES_DIR
        self.dir.mkdir(parents=True, exist_ok=True)

    def path_for(self, warc_name: str) -> Path:
        return self.dir / f"{Path(warc_name).name}.cdxj"

    def append(self, warc_name: str, rows: list[IndexRow]) -> None:
        if not rows:
            return
        open_path = self.path_for(warc_name).with_suffix(".cdxj" + OPEN_SUFFIX)
        with open(open_path, "a", encoding="utf-8") as fh:
            fh.writelines(row.line() for row in rows)

    def close(self, warc_name: str) -> Path:
        """Sort the open index of `warc_name` into its final ``.cdxj`` (an empty file if none)."""
        final = self.path_for(warc_name)
        open_path = final.with_suffix(".cdxj" + OPEN_SUFFIX)
        lines = open_path.read_text(encoding="utf-8").splitlines(keepends=True) if open_path.exists() else []
        self._write_sorted(final, lines)
        if open_path.exists():
            open_path.unlink()
        return final

    def write(self, warc_name: str, rows: list[IndexRow]) -> Path:
        final = self.path_for(warc_name)
        self._write_sorted(final, [row.line() for row in rows])
        return final

    def clear(self) -> None:
        for path in self.dir.glob("*.cdxj*"):
            path.unlink()

    def closed_files(self) -> list[Path]:
        return sorted(self.dir.glob("*.cdxj"))

    def lines(self) -> Iterator[str]:
        """Every line of every closed index file (each file sorted; not merged)."""
        for path in self.closed_files():
            with open(path, encoding="utf-8") as fh:
                yield from fh

    @staticmethod
    def _write_sorted(path: Path, lines: list[str]) -> None:
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.writelines(sorted(lines))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)


def parse_line(line: str) -> dict:
    """A CDXJ line as a dict: urlkey, timestamp and the JSON fields."""
    urlkey, timestamp, blob = line.rstrip("\n").split(" ", 2)
    return {"urlkey": urlkey, "timestamp": timestamp, **json.loads(blob)}


def rebuild(data_dir: Path) -> list[IndexRow]:
    """Recreate every CDXJ file from the closed WARCs alone; returns all rows written."""
    from archive.writer import WARCS_DIR

    index = CdxjIndex(data_dir)
    index.clear()
    rows: list[IndexRow] = []
    for path in sorted((Path(data_dir) / WARCS_DIR).glob("*.warc.gz")):
        file_rows = list(rows_from_warc(path))
        index.write(path.name, file_rows)
        rows += file_rows
    return rows

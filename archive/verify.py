"""Fixity: re-read every record the catalog points to and check it is still what was written.

For each index row: the stored gzip member hashes to the recorded ``member_digest`` (any flipped
byte, even one that still decompresses to the same record, such as the gzip header's mtime);
it decompresses to exactly one WARC record (CRC and length checked by zlib); that record is the
one named (WARC-Record-ID), its block and payload digests recompute, the payload digest is the
catalogued one, and the member ends where a next member (or the file) begins.

A revisit has no payload of its own: its block digest (the HTTP headers it holds) is recomputed
here, since warcio does not check revisits, and its payload digest must be that of the indexed
record it refers to (WARC-Refers-To).
"""

from __future__ import annotations

import hashlib
import io
import random
import zlib
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.utils import Digester

from archive.cdxj import IndexRow
from archive.writer import WARCS_DIR


@dataclass(frozen=True)
class Problem:
    row: IndexRow
    reason: str

    def __str__(self) -> str:
        return (f"{self.row.filename} offset {self.row.offset} length {self.row.length} "
                f"{self.row.record_id} {self.row.url}: {self.reason}")


def check_row(data_dir: Path, row: IndexRow) -> str | None:
    """Why the record at `row` is not what was written, or None when it checks out."""
    path = Path(data_dir) / WARCS_DIR / row.filename
    if not path.is_file():
        return "WARC file missing"
    with open(path, "rb") as fh:
        fh.seek(row.offset)
        member = fh.read(row.length)
        following = fh.read(2)
    if len(member) != row.length:
        return "offset/length run past the end of the file"
    if following not in (b"", b"\x1f\x8b"):
        return "no gzip member begins where this one should end (offset or length wrong)"
    if row.member_digest and hashlib.sha256(member).hexdigest() != row.member_digest:
        problem = "stored bytes changed (member sha256 differs)"
    else:
        problem = None
    try:
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        raw = inflater.decompress(member) + inflater.flush()
        if not inflater.eof or inflater.unused_data:
            return "not exactly one complete gzip member"
    except zlib.error as exc:
        return f"does not decompress: {exc}"
    try:
        it = ArchiveIterator(io.BytesIO(raw), check_digests=True)
        records = []
        for record in it:
            record.content_stream().read()
            records.append((record, record.digest_checker.passed, list(record.digest_checker.problems)))
    except Exception as exc:  # noqa: BLE001 -- warcio raises several types on damaged records
        return f"not a WARC record: {type(exc).__name__}: {exc}"
    if len(records) != 1:
        return f"{len(records)} records in the member, expected 1"
    record, passed, problems = records[0]
    if record.rec_headers.get_header("WARC-Record-ID") != row.record_id:
        return f"holds {record.rec_headers.get_header('WARC-Record-ID')}, not {row.record_id}"
    if passed is False:
        return "digest mismatch: " + "; ".join(problems)
    if record.rec_type == "revisit" and not _block_digest_matches(raw, record):
        return "digest mismatch: revisit block digest"
    if (record.rec_headers.get_header("WARC-Payload-Digest") or "") != row.digest:
        return "payload digest differs from the catalog's"
    return problem


def _block_digest_matches(raw: bytes, record) -> bool:
    """The WARC-Block-Digest recomputed over the block (what follows the WARC headers)."""
    declared = record.rec_headers.get_header("WARC-Block-Digest") or ""
    algorithm = declared.partition(":")[0]
    length = int(record.rec_headers.get_header("Content-Length") or 0)
    block = raw[raw.index(b"\r\n\r\n") + 4:][:length]
    try:
        digester = Digester(algorithm)
    except ValueError:
        return False
    digester.update(block)
    return str(digester) == declared


def check_refers_to(row: IndexRow, by_id: dict[str, IndexRow]) -> str | None:
    """Why a revisit's reference does not hold (its original missing or of another payload)."""
    if row.rec_type != "revisit":
        return None
    original = by_id.get(row.refers_to or "")
    if original is None:
        return f"revisit refers to {row.refers_to}, which is not in the index"
    if original.digest != row.digest:
        return "revisit payload digest differs from its original's"
    return None


def verify(data_dir: Path, rows: list[IndexRow], sample: int | None = None,
           seed: int | None = None) -> tuple[int, list[Problem]]:
    """(records checked, problems found); `sample` checks that many rows chosen at random."""
    by_id = {row.record_id: row for row in rows}
    if sample is not None and sample < len(rows):
        rows = random.Random(seed).sample(rows, sample)
    problems = [Problem(row, reason) for row in rows
                if (reason := check_row(data_dir, row) or check_refers_to(row, by_id))]
    return len(rows), problems

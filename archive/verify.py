"""Fixity: re-read every record the catalog points to and check it is still what was written.

For each index row: the stored gzip member hashes to the recorded ``member_digest`` (any flipped
byte, even one that still decompresses to the same record, such as the gzip header's mtime);
it decompresses to exactly one WARC record (CRC and length checked by zlib); that record is the
one named (WARC-Record-ID), its block and payload digests recompute, the payload digest is the
catalogued one, and the member ends where a next member (or the file) begins.
"""

from __future__ import annotations

import hashlib
import io
import random
import zlib
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

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
    if (record.rec_headers.get_header("WARC-Payload-Digest") or "") != row.digest:
        return "payload digest differs from the catalog's"
    return problem


def verify(data_dir: Path, rows: list[IndexRow], sample: int | None = None,
           seed: int | None = None) -> tuple[int, list[Problem]]:
    """(records checked, problems found); `sample` checks that many rows chosen at random."""
    if sample is not None and sample < len(rows):
        rows = random.Random(seed).sample(rows, sample)
    problems = [Problem(row, reason) for row in rows if (reason := check_row(data_dir, row))]
    return len(rows), problems

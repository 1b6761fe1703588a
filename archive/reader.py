"""Read one archived record back by its CapturePointer (offset + length of its gzip member)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders

from archive.writer import OPEN_SUFFIX, CapturePointer

GZIP_MAGIC = b"\x1f\x8b"


class CaptureError(Exception):
    """A pointer that does not lead to a readable WARC record."""


@dataclass(frozen=True)
class CaptureRecord:
    """A record fully read into memory; mirrors the warcio ArcWarcRecord attributes callers use."""

    rec_type: str
    rec_headers: StatusAndHeaders
    http_headers: StatusAndHeaders | None
    payload: bytes  # HTTP body with any content/transfer encoding undone (what a browser renders),
    # or, read with ``as_stored``, the bytes exactly as archived (still content-encoded)

    @property
    def target_uri(self) -> str | None:
        return self.rec_headers.get_header("WARC-Target-URI")

    @property
    def warc_headers(self) -> dict[str, str]:
        return dict(self.rec_headers.headers)

    @property
    def http_status(self) -> int | None:
        if self.http_headers is None or self.rec_type != "response":
            return None
        code = self.http_headers.get_statuscode()
        return int(code) if code and code.isdigit() else None

    @property
    def content_type(self) -> str | None:
        return self.http_headers.get_header("Content-Type") if self.http_headers else None

    def content_stream(self) -> io.BytesIO:
        return io.BytesIO(self.payload)


def _locate(data_dir: Path, warc: str) -> Path:
    """The file the pointer names, or its ``.open`` twin while the crawl is still writing it."""
    path = Path(data_dir) / warc
    if path.is_file():
        return path
    still_open = path.with_name(path.name + OPEN_SUFFIX)
    if still_open.is_file():
        return still_open
    raise CaptureError(f"WARC file not found: {path} (nor {still_open.name})")


def _fields(pointer: CapturePointer | Mapping) -> tuple[str, int, int, str | None]:
    try:
        if isinstance(pointer, CapturePointer):
            return pointer.warc, int(pointer.offset), int(pointer.length), pointer.record_id
        return (str(pointer["warc"]), int(pointer["offset"]), int(pointer["length"]),
                pointer.get("record_id"))
    except (KeyError, TypeError, ValueError) as exc:
        raise CaptureError(f"bad capture pointer {pointer!r}: needs warc, offset, length") from exc


def _parse(blob: bytes, where: str, as_stored: bool = False) -> CaptureRecord:
    """The one WARC record in a gzip member; anything else (ARC guesses, garbage) is an error."""
    if not blob.startswith(GZIP_MAGIC):
        raise CaptureError(f"{where}: not the start of a gzip member")
    try:
        for record in ArchiveIterator(io.BytesIO(blob), arc2warc=False):
            if record.format != "warc":
                break
            return CaptureRecord(
                rec_type=record.rec_type,
                rec_headers=record.rec_headers,
                http_headers=record.http_headers,
                payload=(record.raw_stream if as_stored else record.content_stream()).read(),
            )
    except Exception as exc:  # noqa: BLE001 -- warcio raises several unrelated types on garbage
        raise CaptureError(f"{where}: no WARC record; {type(exc).__name__}: {str(exc)[:80]!r}") from exc
    raise CaptureError(f"{where}: no WARC record")


def open_capture(data_dir: Path, pointer: CapturePointer | Mapping, *,
                 as_stored: bool = False) -> CaptureRecord:
    """Read the single record at `pointer`; raise CaptureError if it is not the record pointed to.
    With `as_stored` the payload keeps its content encoding (the bytes the server sent)."""
    warc, offset, length, record_id = _fields(pointer)
    if offset < 0 or length <= 0:
        raise CaptureError(f"bad capture pointer for {warc}: offset={offset} length={length}")
    path = _locate(data_dir, warc)
    with open(path, "rb") as fh:
        fh.seek(offset)
        blob = fh.read(length)
    where = f"{path} at offset {offset} (length {length})"
    if len(blob) != length:
        raise CaptureError(f"{where}: runs past the end of the file")
    record = _parse(blob, where, as_stored)
    found = record.rec_headers.get_header("WARC-Record-ID")
    if record_id and found != record_id:
        raise CaptureError(f"{where}: holds record {found}, not {record_id}")
    return record


def archived_response(data_dir: Path, pointer: CapturePointer) -> tuple[StatusAndHeaders, bytes]:
    """The HTTP status line and headers of the response at `pointer`, and its payload as stored:
    still content-encoded, as the server sent it.

    A recrawl reads the validators (ETag, Last-Modified) from here, and after a 304 hands this
    response to the spider in place of the empty one."""
    record = open_capture(data_dir, pointer, as_stored=True)
    if record.rec_type != "response" or record.http_headers is None:
        raise CaptureError(f"{pointer.warc} at offset {pointer.offset}: not an HTTP response record")
    return record.http_headers, record.payload

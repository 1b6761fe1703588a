"""WARC writer: every fetched exchange becomes a response + request record pair.

Files are gzip-per-record WARC/1.1 so any single record can be read back by
(offset, length) without decompressing the file. A file is named ``*.warc.gz.open``
while it is being written and renamed to ``*.warc.gz`` once closed, so a finished
``.warc.gz`` is always a complete archive; ``recover_open_files`` repairs what a
killed crawl leaves behind.

A recrawl that finds a document unchanged (a 304 to a conditional request, or the same payload
digest) writes a ``revisit`` record instead of a second copy. It may only refer to a record in a
closed file whose index is written: an ``.open`` file can still be cut back by recovery, and a
revisit pointing into it could outlive its original.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

try:
    import fcntl
except ImportError:  # pragma: no cover -- not on POSIX
    fcntl = None

from warcio.archiveiterator import ArchiveIterator
from warcio.limitreader import LimitReader
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter as _WarcioWriter

from archive.cdxj import CdxjIndex, IndexRow, rows_from_members, rows_from_warc

WARC_VERSION = "WARC/1.1"
WARC_FORMAT = "WARC File Format 1.1"
WARCS_DIR = "warcs"
OPEN_SUFFIX = ".open"
ORIG_PREFIX = "X-Archive-Orig-"
NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
IDENTICAL_PAYLOAD = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"


@dataclass(frozen=True)
class CapturePointer:
    """Where a response record lives; enough to fetch it again without an index."""

    warc: str  # path relative to the data dir, final name ("warcs/....warc.gz")
    offset: int  # byte offset of the gzip member holding the response record
    length: int  # compressed length of that member
    timestamp: str  # WARC-Date, "2026-11-21T06:00:00Z"
    digest: str  # WARC-Payload-Digest, "sha256:<base32>"
    record_id: str  # WARC-Record-ID, "<urn:uuid:...>"

    def to_dict(self) -> dict[str, str | int]:
        return {
            "warc": self.warc,
            "offset": self.offset,
            "length": self.length,
            "timestamp": self.timestamp,
            "digest": self.digest,
            "record_id": self.record_id,
        }


@dataclass(frozen=True)
class Original:
    """An archived response a later exchange of the same URL may revisit."""

    url: str  # its WARC-Target-URI
    pointer: CapturePointer  # where it is; its timestamp, payload digest and record id


@dataclass(frozen=True)
class Revisit:
    """How an exchange repeats an original: the WARC-Profile of the revisit record to write."""

    profile: str  # NOT_MODIFIED or IDENTICAL_PAYLOAD
    original: Original


def index_pointer(row: IndexRow) -> CapturePointer:
    """The pointer to the record an index row describes (the writer's WARC-Date is whole seconds,
    so the row's 14 timestamp digits hold all of it)."""
    timestamp = datetime.strptime(row.timestamp, "%Y%m%d%H%M%S").strftime("%Y-%m-%dT%H:%M:%SZ")
    return CapturePointer(warc=f"{WARCS_DIR}/{row.filename}", offset=row.offset, length=row.length,
                          timestamp=timestamp, digest=row.digest, record_id=row.record_id)


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest a response record with this body gets ("sha256:<base32>")."""
    digester = Digester("sha256")
    digester.update(body)
    return str(digester)


def is_closed_and_indexed(data_dir: Path, pointer: CapturePointer) -> bool:
    """True when the record's file is finished (renamed from ``.open``) and its CDXJ is written."""
    path = Path(data_dir) / pointer.warc
    return path.is_file() and CdxjIndex(data_dir).path_for(path.name).is_file()


class WireHeaders(StatusAndHeaders):
    """HTTP status line and headers serialised byte for byte as received.

    Header values arrive as bytes and are carried as latin-1 text, so ``encode("latin-1")`` gives
    the original bytes back; warcio's default would percent-encode any non-ASCII byte instead.
    """

    def compute_headers_buffer(self, header_filter=None) -> None:
        self.headers_buff = self.to_str(header_filter).encode("latin-1") + b"\r\n"


class _Sha256Writer(_WarcioWriter):
    """warcio writer whose block and payload digests are sha256 (warcio defaults to sha1)."""

    @staticmethod
    def _create_digester() -> Digester:
        return Digester("sha256")


def software_version(package: str = "fazhi-archive") -> str:
    """The installed version of `package` (fazhi-archive by default), for warcinfo fields."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "0.0"


def software_versions() -> str:
    """The libraries that shape the bytes of a capture, for the warcinfo ``software-versions``."""
    names = ("scrapy", "twisted", "warcio", "trafilatura")
    versions = [f"{name}/{software_version(name)}" for name in names]
    return " ".join([*versions, f"python/{sys.version.split()[0]}"])


def warc_date(when: datetime | None) -> str:
    """ISO 8601 UTC with second precision; naive datetimes are taken as UTC."""
    when = when or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def archived_response_headers(
    headers: list[tuple[str, str]], body: bytes, *, body_is_decoded: bool
) -> list[tuple[str, str]]:
    """Make the stored HTTP headers agree with the stored body.

    The HTTP client hands us a de-chunked (and maybe decompressed) body, so the
    original framing headers would make the record unparseable. Headers describing
    bytes we no longer have (Transfer-Encoding always: the client undid the chunking)
    are kept under the ``X-Archive-Orig-`` prefix (pywb/warcprox convention) and a true
    Content-Length is set.
    """
    out: list[tuple[str, str]] = []
    for name, value in headers:
        lname = name.lower()
        if lname == "transfer-encoding":
            out.append((ORIG_PREFIX + name, value))
        elif lname == "content-length" and (body_is_decoded or value.strip() != str(len(body))):
            out.append((ORIG_PREFIX + name, value))
        elif lname == "content-encoding" and body_is_decoded:
            out.append((ORIG_PREFIX + name, value))
        else:
            out.append((name, value))
    if not any(name.lower() == "content-length" for name, _ in out):
        out.append(("Content-Length", str(len(body))))
    return out


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class WarcWriter:
    """Append-only WARC writer with size rotation; safe to call from several threads."""

    def __init__(
        self,
        data_dir: Path,
        *,
        prefix: str = "fazhi",
        max_bytes: int = 256 * 2**20,
        info: dict[str, str] | None = None,
        on_index: Callable[[list[IndexRow]], None] | None = None,
    ) -> None:
        """`on_index` receives the index rows of each record as it is written (the catalog's copy);
        the CDXJ lines go to ``DATA/indexes`` regardless."""
        self.data_dir = Path(data_dir)
        self.index = CdxjIndex(self.data_dir)
        self.on_index = on_index
        self.dir = self.data_dir / WARCS_DIR
        self.dir.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.info = dict(info or {})
        self.closed_files: list[Path] = []
        self._builder = _Sha256Writer(None, gzip=True, warc_version=WARC_VERSION)
        self._lock = threading.Lock()
        self._serial = 0
        self._fh: io.FileIO | None = None
        self._path: Path | None = None  # final name; the file on disk carries OPEN_SUFFIX
        self._records_in_file = 0
        self._closed = False

    # -- public API -------------------------------------------------------

    def write_exchange(
        self,
        *,
        url: str,
        method: str,
        request_headers: list[tuple[str, str]],
        request_body: bytes,
        status: int,
        reason: str,
        response_headers: list[tuple[str, str]],
        body: bytes,
        protocol: str = "HTTP/1.1",
        ip: str | None = None,
        fetched_at: datetime | None = None,
        body_is_decoded: bool = False,
        revisit: Revisit | None = None,
    ) -> CapturePointer:
        """Write response + request records, fsync, and point at the response.

        With `revisit` (see ``revisit_of``) the first record is a revisit of the original instead:
        the HTTP headers as received, no payload, the original's payload digest."""
        date = warc_date(fetched_at)
        if revisit is None:
            response = self._response_record(url, status, reason, response_headers, body, protocol, ip, date,
                                             body_is_decoded)
        else:
            response = self._revisit_record(url, status, reason, response_headers, body, protocol, ip, date,
                                            revisit)
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        request = self._request_record(url, method, request_headers, request_body, protocol, date,
                                       response_id)
        response_bytes = self._serialise(response)
        path, offset = self._write_members([response_bytes, self._serialise(request)])
        return CapturePointer(
            warc=path.relative_to(self.data_dir).as_posix(),
            offset=offset,
            length=len(response_bytes),
            timestamp=date,
            digest=response.rec_headers.get_header("WARC-Payload-Digest"),
            record_id=response_id,
        )

    def revisit_of(self, original: Original | None, status: int, body: bytes) -> Revisit | None:
        """How an exchange repeats `original`, or None when it must be archived in full: a 304 is a
        server-not-modified revisit, a 200 with the original's payload digest an identical-payload
        one, and only an original in a closed, indexed file may be referred to."""
        if original is None or not is_closed_and_indexed(self.data_dir, original.pointer):
            return None
        if status == 304:
            return Revisit(NOT_MODIFIED, original)
        if status == 200 and payload_digest(body) == original.pointer.digest:
            return Revisit(IDENTICAL_PAYLOAD, original)
        return None

    def write_resource(
        self,
        *,
        uri: str,
        content_type: str,
        body: bytes,
        concurrent_to: str,
        fetched_at: datetime | None = None,
    ) -> CapturePointer:
        """Write one ``resource`` record the crawler made itself (a rendered DOM, a screenshot).

        It names the response it was made from in ``WARC-Concurrent-To`` (same capture event) and
        carries its own ``urn:`` target URI, so no replay tool mistakes it for what a server sent.
        """
        record = self._builder.create_warc_record(
            uri, "resource", payload=io.BytesIO(body), length=len(body), warc_content_type=content_type,
            warc_headers_dict={"WARC-Date": warc_date(fetched_at), "WARC-Concurrent-To": concurrent_to},
        )
        return self.write_record(record)

    def write_conversion(self, *, source: CapturePointer, uri: str, text: str,
                         made_at: datetime | None = None) -> CapturePointer:
        """Write one ``conversion`` record: the plain text extracted from the response at `source`.

        Its target URI is the source's URL (a conversion is the same resource in another format) and
        WARC-Refers-To names the source record, with that record's URI and date. The CDXJ index holds
        response and revisit records only, so pywb never replays this text in place of the page.
        """
        body = text.encode("utf-8")
        record = self._builder.create_warc_record(
            uri, "conversion", payload=io.BytesIO(body), length=len(body),
            warc_content_type="text/plain; charset=utf-8",
            warc_headers_dict={"WARC-Date": warc_date(made_at), "WARC-Refers-To": source.record_id,
                               "WARC-Refers-To-Target-URI": uri, "WARC-Refers-To-Date": source.timestamp},
        )
        return self.write_record(record)

    def write_record(self, record) -> CapturePointer:
        """Write one prepared warcio record (revisit, conversion, ...) and point at it."""
        member = self._serialise(record)
        path, offset = self._write_members([member])
        headers = record.rec_headers
        return CapturePointer(
            warc=path.relative_to(self.data_dir).as_posix(), offset=offset, length=len(member),
            timestamp=headers.get_header("WARC-Date"), digest=headers.get_header("WARC-Payload-Digest") or "",
            record_id=headers.get_header("WARC-Record-ID"),
        )

    def close(self) -> None:
        """Finish the current file (rename it to its final name); safe to call twice."""
        with self._lock:
            self._finish_file()
            self._closed = True

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write_members(self, members: list[bytes]) -> tuple[Path, int]:
        """Append gzip members as one durable write, index them; (final path, first offset)."""
        data = b"".join(members)
        with self._lock:
            if self._closed:
                raise RuntimeError("WarcWriter is closed")
            fh, path = self._file_for(len(data))
            offset = fh.tell()
            self._append(fh, data)
            self._records_in_file += len(members)
            placed, at = [], offset
            for member in members:
                placed.append((at, member))
                at += len(member)
            rows = rows_from_members(placed, path.name)
            self.index.append(path.name, rows)
            if self.on_index and rows:
                self.on_index(rows)
            if fh.tell() >= self.max_bytes:
                self._finish_file()
        return path, offset

    # -- records ----------------------------------------------------------

    def _response_record(self, url: str, status: int, reason: str, headers: list[tuple[str, str]],
                         body: bytes, protocol: str, ip: str | None, date: str, body_is_decoded: bool):
        http_headers = WireHeaders(
            f"{status} {reason}".strip(),
            archived_response_headers(headers, body, body_is_decoded=body_is_decoded),
            protocol=protocol,
        )
        warc_headers = {"WARC-Date": date}
        if ip:
            warc_headers["WARC-IP-Address"] = ip
        return self._builder.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body),
            http_headers=http_headers, warc_headers_dict=warc_headers,
        )

    def _revisit_record(self, url: str, status: int, reason: str, headers: list[tuple[str, str]], body: bytes,
                        protocol: str, ip: str | None, date: str, revisit: Revisit):
        """The headers as received (a 304 keeps its own, Content-Length included only if sent);
        the payload is the original's, named by record id, URI, date and digest."""
        if status != 304:
            headers = archived_response_headers(headers, body, body_is_decoded=False)
        original = revisit.original
        warc_headers = {"WARC-Date": date, "WARC-Refers-To": original.pointer.record_id}
        if ip:
            warc_headers["WARC-IP-Address"] = ip
        record = self._builder.create_revisit_record(
            url, original.pointer.digest, original.url, original.pointer.timestamp,
            http_headers=WireHeaders(f"{status} {reason}".strip(), headers, protocol=protocol),
            warc_headers_dict=warc_headers,
        )
        record.rec_headers.replace_header("WARC-Profile", revisit.profile)
        return record

    def _request_record(self, url: str, method: str, headers: list[tuple[str, str]], body: bytes,
                        protocol: str, date: str, concurrent_to: str):
        http_headers = WireHeaders(
            f"{method.upper()} {_request_target(url)} {protocol}", list(headers), is_http_request=True
        )
        warc_headers = {"WARC-Date": date, "WARC-Concurrent-To": concurrent_to}
        return self._builder.create_warc_record(
            url, "request", payload=io.BytesIO(body), length=len(body),
            http_headers=http_headers, warc_headers_dict=warc_headers,
        )

    def _warcinfo_record(self, filename: str):
        fields = {"software": f"fazhi/{software_version()}", "software-versions": software_versions(),
                  "format": WARC_FORMAT}
        fields.update({k: str(v) for k, v in self.info.items()})
        return self._builder.create_warcinfo_record(filename, fields)

    def _serialise(self, record) -> bytes:
        """One record as one gzip member, built in memory so the file gets it in a single write."""
        buf = io.BytesIO()
        self._builder._write_warc_record(buf, record)
        return buf.getvalue()

    # -- files ------------------------------------------------------------

    def _file_for(self, size: int) -> tuple[io.FileIO, Path]:
        """The open file to append `size` bytes to, rotating first if they would overflow it."""
        if self._fh is not None and self._records_in_file and self._fh.tell() + size > self.max_bytes:
            self._finish_file()
        if self._fh is None:
            self._start_file()
        assert self._fh is not None and self._path is not None
        return self._fh, self._path

    def _start_file(self) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        while True:
            self._serial += 1
            path = self.dir / f"{self.prefix}-{stamp}-{self._serial:05d}.warc.gz"
            if not path.exists() and not _open_name(path).exists():
                break
        self._fh = open(_open_name(path), "xb", buffering=0)  # noqa: SIM115 -- lives until _finish_file
        _try_lock(self._fh)  # tells recover_open_files in another process that this file is live
        self._path = path
        self._records_in_file = 0
        self._append(self._fh, self._serialise(self._warcinfo_record(path.name)))

    def _finish_file(self) -> None:
        if self._fh is None or self._path is None:
            return
        self._fh.close()
        os.replace(_open_name(self._path), self._path)
        _fsync_dir(self.dir)
        self.index.close(self._path.name)
        self.closed_files.append(self._path)
        self._fh = None
        self._path = None

    @staticmethod
    def _append(fh: io.FileIO, data: bytes) -> None:
        """Write all of `data` durably, or nothing: a failed write (disk full) is cut off again
        so the file never holds a torn record followed by good ones."""
        start = fh.tell()
        try:
            view = memoryview(data)
            while view:
                view = view[fh.write(view):]
            os.fsync(fh.fileno())
        except OSError:
            with contextlib.suppress(OSError):
                fh.truncate(start)
                fh.seek(start)
            raise


def _try_lock(fh: io.IOBase) -> bool:
    """Non-blocking exclusive flock; False if another open file holds it (always True without fcntl)."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _open_name(path: Path) -> Path:
    return path.with_name(path.name + OPEN_SUFFIX)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _gzip_member_ends(path: Path, chunk_size: int = 1 << 20) -> list[int]:
    """End offsets of the complete gzip members at the start of `path` (stops at a torn one)."""
    ends: list[int] = []
    pos = 0  # file offset of the first byte of `chunk`
    pending = b""
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    with open(path, "rb") as fh:
        while chunk := pending or fh.read(chunk_size):
            try:
                inflater.decompress(chunk)
            except zlib.error:
                break
            if inflater.eof:
                pending = inflater.unused_data
                pos += len(chunk) - len(pending)
                ends.append(pos)
                inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
            else:
                pending = b""
                pos += len(chunk)
    return ends


def complete_prefix_length(path: Path) -> int:
    """Bytes of `path` made of complete, parseable, digest-valid records (drops a torn tail)."""
    member_ends = _gzip_member_ends(path)
    if not member_ends:
        return 0
    valid_ends = set(member_ends)
    end = 0
    with open(path, "rb") as fh:
        it = ArchiveIterator(LimitReader(fh, member_ends[-1]), check_digests=True)
        try:
            for record in it:
                if record.format != "warc":
                    break
                record.content_stream().read()
                if record.digest_checker.passed is False:
                    break
                it.read_to_end(record)
                record_end = it.get_record_offset() + it.get_record_length()
                if record_end not in valid_ends:
                    break
                end = record_end
        except Exception:  # noqa: BLE001 -- any parse failure marks the start of the torn tail
            pass
    return end


def recover_open_files(data_dir: Path) -> list[Path]:
    """Close out ``*.warc.gz.open`` files a killed crawl left behind.

    Each is cut after its last complete record and renamed to ``*.warc.gz``; a
    file without a single complete record is deleted. Files a live writer still
    holds (flock) are left alone. Returns the recovered paths.
    """
    recovered: list[Path] = []
    directory = Path(data_dir) / WARCS_DIR
    if not directory.is_dir():
        return recovered
    for open_path in sorted(directory.glob(f"*.warc.gz{OPEN_SUFFIX}")):
        with open(open_path, "r+b") as fh:
            if not _try_lock(fh):
                continue  # a running writer holds it
            keep = complete_prefix_length(open_path)
            if keep == 0:
                open_path.unlink()
                name = open_path.name[: -len(OPEN_SUFFIX)]
                (Path(data_dir) / "indexes" / f"{name}.cdxj.open").unlink(missing_ok=True)
                continue
            fh.truncate(keep)
            fh.flush()
            os.fsync(fh.fileno())
            final = open_path.with_name(open_path.name[: -len(OPEN_SUFFIX)])
            os.replace(open_path, final)
        index = CdxjIndex(data_dir)  # lines for records cut off must not survive: index the file anew
        index.write(final.name, list(rows_from_warc(final)))
        index.path_for(final.name).with_suffix(".cdxj.open").unlink(missing_ok=True)
        recovered.append(final)
    if recovered:
        _fsync_dir(directory)
    return recovered

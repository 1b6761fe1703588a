"""Replay: the archived HTTP response for a URL at a time, and pywb configured over the data dir.

``fazhi replay URL`` reads the record straight from the WARC the index names (a revisit is
resolved to the response it refers to). ``fazhi replay --serve`` writes ``DATA/replay/config.yaml``
with one collection, ``fazhi``, whose archive and index paths are ``DATA/warcs/`` and
``DATA/indexes/`` -- the files the crawler writes, nothing copied -- and runs pywb's ``wayback``.

A server-not-modified revisit holds the 304 the server sent; what it means is "the original,
still". Both replays therefore show the original's status, headers and payload for it (pywb on its
own would replay the empty 304), while an identical-payload-digest revisit shows its own headers
with the original's payload.
"""

from __future__ import annotations

import io
import os
from datetime import datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.cdxj import IndexRow
from archive.writer import NOT_MODIFIED, WARCS_DIR

COLLECTION = "fazhi"
REPLAY_DIR = "replay"
DEFAULT_PORT = 8080


def closest(rows: list[IndexRow], at: str | None) -> IndexRow | None:
    """The row nearest in time to `at` (any prefix of YYYYMMDDhhmmss; latest when None)."""
    if not rows:
        return None
    if not at:
        return max(rows, key=lambda r: r.timestamp)
    target = _seconds(_digits(at).ljust(14, "0"))
    return min(rows, key=lambda r: (abs(_seconds(r.timestamp) - target), r.timestamp))


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())[:14]


def _seconds(ts: str) -> float:
    return datetime.strptime(ts, "%Y%m%d%H%M%S").timestamp()


def read_member(data_dir: Path, filename: str, offset: int, length: int):
    """The record stored at (filename, offset, length), with its raw payload read."""
    with open(Path(data_dir) / WARCS_DIR / filename, "rb") as fh:
        fh.seek(offset)
        blob = fh.read(length)
    for record in ArchiveIterator(io.BytesIO(blob)):
        return record, record.raw_stream.read()
    raise ValueError(f"no WARC record at {filename}:{offset}")


def http_response(data_dir: Path, row: IndexRow, lookup) -> bytes:
    """Status line, headers and body as archived. `lookup(record_id)` finds a revisit's original row."""
    record, payload = read_member(data_dir, row.filename, row.offset, row.length)
    headers = record.http_headers
    if record.rec_type == "revisit":
        original = lookup(record.rec_headers.get_header("WARC-Refers-To"))
        if original is None:
            raise ValueError(f"revisit {row.record_id} refers to a record not in the index")
        original_record, payload = read_member(data_dir, original.filename, original.offset, original.length)
        if _is_not_modified(record):
            headers = original_record.http_headers
    head = f"{headers.protocol} {headers.statusline}\r\n".encode("latin-1")
    head += b"".join(f"{k}: {v}\r\n".encode("latin-1", "replace") for k, v in headers.headers)
    return head + b"\r\n" + payload


def _is_not_modified(record) -> bool:
    return record.rec_type == "revisit" and record.rec_headers.get_header("WARC-Profile") == NOT_MODIFIED


def replay_not_modified_as_original() -> None:
    """Make pywb answer a server-not-modified revisit with the original response.

    pywb (2.10) replays a revisit with the revisit's own HTTP headers when it has any, so the 304
    the server sent would reach the browser with no body. This wraps its ResolvingLoader so such a
    revisit resolves to the original record for headers and payload alike."""
    from pywb.utils.io import no_except_close
    from pywb.warcserver.resource.resolvingloader import ResolvingLoader

    load = ResolvingLoader.load_headers_and_payload
    if getattr(load, "fazhi_not_modified", False):
        return

    def load_original(self, cdx, failed_files, cdx_loader):
        headers, payload = load(self, cdx, failed_files, cdx_loader)
        if headers is None or not _is_not_modified(headers):
            return headers, payload
        if payload is headers:  # pywb took the 304 for a redirect and loaded no payload
            payload = self._load_different_url_payload(cdx, headers, failed_files, cdx_loader)
        no_except_close(headers.raw_stream)
        return payload, payload

    load_original.fazhi_not_modified = True
    ResolvingLoader.load_headers_and_payload = load_original


def replay_link(timestamp: str, url: str, port: int = DEFAULT_PORT, host: str = "127.0.0.1") -> str:
    """Where ``fazhi replay --serve`` (or the pywb beside ``fazhi serve``) shows this capture."""
    return f"http://{host}:{port}/{COLLECTION}/{_digits(timestamp)}/{url}"


def write_pywb_config(data_dir: Path) -> Path:
    """DATA/replay/config.yaml pointing pywb at the crawler's own WARC and index directories."""
    data_dir = Path(data_dir).resolve()
    replay_dir = data_dir / REPLAY_DIR
    replay_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "indexes").mkdir(exist_ok=True)
    config = (
        "# written by fazhi replay --serve; regenerated on every start\n"
        "collections:\n"
        f"  {COLLECTION}:\n"
        f"    index_paths: {data_dir / 'indexes'}/\n"
        f"    archive_paths: {data_dir / WARCS_DIR}/\n"
        "framed_replay: false\n"
    )
    path = replay_dir / "config.yaml"
    path.write_text(config, encoding="utf-8")
    return path


def serve(data_dir: Path, port: int, bind: str = "127.0.0.1") -> None:
    """Run pywb in the foreground over the data dir (returns when it stops)."""
    config = write_pywb_config(data_dir)
    try:
        from pywb.apps.cli import wayback
    except ImportError as exc:  # pragma: no cover -- pywb is a dependency
        raise RuntimeError(f"pywb is not installed: {exc}") from exc
    replay_not_modified_as_original()
    os.chdir(config.parent)
    wayback(["--port", str(port), "--bind", bind])

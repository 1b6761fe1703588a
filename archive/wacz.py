"""WACZ 1.1.1 export, streamed: zipfile writes each member as it is read, nothing is held whole.

Layout: ``archive/*.warc.gz`` (stored, not deflated, as the spec asks), ``indexes/index.cdxj``
(the selected files' CDXJ lines merged in sort order), ``pages/pages.jsonl`` (one row per report),
``datapackage.json`` (every file's sha256 and size) and ``datapackage-digest.json``.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import zipfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from archive.cdxj import CdxjIndex
from archive.writer import WARCS_DIR, software_version

WACZ_VERSION = "1.1.1"
CHUNK = 1 << 20


class _Hashing:
    """A write-through wrapper counting and hashing what goes into one zip member."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out, self.sha, self.size = out, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.sha.update(data)
        self.size += len(data)


def _member(zf: zipfile.ZipFile, name: str, chunks: Iterable[bytes], *, stored: bool) -> dict:
    info = zipfile.ZipInfo(name, date_time=datetime.now(UTC).timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zf.open(info, "w", force_zip64=True) as raw:
        out = _Hashing(raw)
        for chunk in chunks:
            out.write(chunk)
    return {"name": Path(name).name.lower().replace("_", "-"), "path": name,
            "hash": f"sha256:{out.sha.hexdigest()}", "bytes": out.size}


def _file_chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            yield chunk


def _merged_cdxj(data_dir: Path, warc_names: list[str]) -> Iterator[bytes]:
    index = CdxjIndex(data_dir)
    files = [open(index.path_for(name), encoding="utf-8") for name in warc_names  # noqa: SIM115
             if index.path_for(name).exists()]
    try:
        for line in heapq.merge(*files):
            yield line.encode("utf-8")
    finally:
        for fh in files:
            fh.close()


def report_warcs(reports: list[dict]) -> set[str]:
    """The names of the WARC files holding `reports`' captures (export dicts)."""
    return {Path(r["capture"]["warc"]).name for r in reports}


def write_wacz(out: IO[bytes], data_dir: Path, reports: list[dict], *, title: str,
               warc_names: Iterable[str] | None = None) -> int:
    """Stream a WACZ of `warc_names` (default: the files holding `reports`, export dicts) to `out`;
    returns the page count. A caller adds the files its revisits' originals are in."""
    data_dir = Path(data_dir)
    warc_names = sorted(report_warcs(reports) if warc_names is None else set(warc_names))
    resources = []
    with zipfile.ZipFile(out, "w", allowZip64=True) as zf:
        for name in warc_names:
            resources.append(_member(zf, f"archive/{name}", _file_chunks(data_dir / WARCS_DIR / name),
                                     stored=True))
        resources.append(_member(zf, "indexes/index.cdxj", _merged_cdxj(data_dir, warc_names), stored=False))
        pages = [json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}) + "\n"]
        for number, report in enumerate(reports):
            pages.append(json.dumps({"id": f"report-{number}", "url": report["url"],
                                     "ts": report["capture"]["timestamp"], "title": report.get("title") or "",
                                     "text": report.get("text") or ""}, ensure_ascii=False) + "\n")
        resources.append(_member(zf, "pages/pages.jsonl", (p.encode("utf-8") for p in pages), stored=False))
        package = {
            "profile": "data-package", "resources": resources, "wacz_version": WACZ_VERSION,
            "title": title, "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "modified": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "software": f"fazhi/{software_version()}", "mainPageURL": reports[0]["url"] if reports else "",
        }
        package_bytes = json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")
        _member(zf, "datapackage.json", [package_bytes], stored=False)
        digest = {"path": "datapackage.json", "hash": f"sha256:{hashlib.sha256(package_bytes).hexdigest()}"}
        _member(zf, "datapackage-digest.json", [json.dumps(digest).encode("utf-8")], stored=False)
    return len(reports)

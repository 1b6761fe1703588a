"""Recrawls without waste: a second crawl of unchanged simweb archives every document it already
holds as a revisit record of the first crawl's response, and every reader still gets the document."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator

from archive.cdxj import rows_from_warc
from archive.reader import archived_response
from archive.verify import check_row
from archive.writer import (
    IDENTICAL_PAYLOAD,
    NOT_MODIFIED,
    Original,
    WarcWriter,
    index_pointer,
)
from catalog.capture_index import all_rows, files_with_originals
from catalog.db import database_url, open_catalog
from catalog.models import Capture

from .conftest import FAZHI, REPO, pywb_serving, run_fazhi
from .test_provenance import fetch


@dataclass
class Recrawl:
    data_dir: Path
    first_files: set[str]  # WARC names written by the first crawl
    reports_after_first: int

    def files(self, first: bool) -> list[Path]:
        return [p for p in sorted((self.data_dir / "warcs").glob("*.warc.gz")) if (p.name in self.first_files) == first]


def crawl_into(data_dir: Path, sites: Path, simweb) -> None:
    out = run_fazhi("--data-dir", str(data_dir), "crawl", "--sites", str(sites), "--proxy", simweb.proxy_url,
                    "--delay", "0")
    assert out.returncode == 0, out.stdout + out.stderr[-3000:]


@pytest.fixture(scope="module")
def recrawl(simweb, tmp_path_factory) -> Recrawl:
    """simweb crawled twice into one data dir; nothing changed in between."""
    data_dir = tmp_path_factory.mktemp("recrawl")
    sites = data_dir / "sites.yaml"
    sites.write_text(simweb.world.sites_yaml(), encoding="utf-8")
    crawl_into(data_dir, sites, simweb)
    first = {p.name for p in (data_dir / "warcs").glob("*.warc.gz")}
    with open_catalog(database_url(data_dir, None)) as catalog:
        reports = catalog.report_count()
    crawl_into(data_dir, sites, simweb)
    return Recrawl(data_dir, first, reports)


def records(paths: list[Path], rec_type: str) -> list[tuple[object, bytes]]:
    """(record, payload as stored) of every `rec_type` record in `paths`."""
    out = []
    for path in paths:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == rec_type:
                    out.append((record, record.raw_stream.read()))
    return out


def first_run_documents(data_dir: Path) -> dict[str, str]:
    """URL → record id of every document (catalogued capture) the first crawl got a 200 for."""
    with open_catalog(database_url(data_dir, None)) as catalog, Session(catalog.engine) as session:
        rows = session.execute(select(Capture.url, Capture.record_id).where(Capture.run_id == 1,
                                                                          Capture.status == 200))
        return dict(rows.all())


def uri(record) -> str:
    return record.rec_headers.get_header("WARC-Target-URI")


def test_second_crawl_revisits_every_unchanged_document(recrawl):
    requested = {uri(r) for r, _ in records(recrawl.files(first=False), "request")}
    # the documents of crawl 1 that crawl 2 asked for again (best first, crawl 2 may decline a few
    # unscored pages crawl 1 fetched before its site was satisfied; every report it asks again)
    documents = {url: rid for url, rid in first_run_documents(recrawl.data_dir).items() if url in requested}
    assert len(documents) >= 30
    revisits = {uri(r): r for r, _ in records(recrawl.files(first=False), "revisit")}
    responses = {uri(r) for r, _ in records(recrawl.files(first=False), "response")}
    assert set(documents) <= set(revisits)
    assert not set(documents) & responses  # no second copy of any of them
    originals = {r.rec_headers.get_header("WARC-Record-ID"): r for r, _ in records(recrawl.files(first=True),
                                                                                    "response")}
    profiles = set()
    for url, revisit in revisits.items():
        headers = revisit.rec_headers
        original = originals[headers.get_header("WARC-Refers-To")]  # in a closed file of crawl 1
        assert headers.get_header("WARC-Refers-To") == documents[url]
        assert headers.get_header("WARC-Refers-To-Target-URI") == uri(original) == url
        assert headers.get_header("WARC-Refers-To-Date") == original.rec_headers.get_header("WARC-Date")
        assert headers.get_header("WARC-Payload-Digest") == original.rec_headers.get_header("WARC-Payload-Digest")
        profile = headers.get_header("WARC-Profile")
        profiles.add(profile)
        assert revisit.http_headers.get_statuscode() == ("304" if profile == NOT_MODIFIED else "200")
    assert profiles == {NOT_MODIFIED, IDENTICAL_PAYLOAD}


def test_conditional_requests_carry_the_originals_validators(recrawl):
    documents = first_run_documents(recrawl.data_dir)
    for request, _ in records(recrawl.files(first=False), "request"):
        url = uri(request)
        validators = {name: request.http_headers.get_header(name) for name in ("If-None-Match", "If-Modified-Since")}
        if url not in documents:
            assert validators == {"If-None-Match": None, "If-Modified-Since": None}, url
            continue
        original = open_original(recrawl, url)
        assert validators["If-None-Match"] == original.get_header("ETag")
        assert validators["If-Modified-Since"] == original.get_header("Last-Modified")


def open_original(recrawl, url: str):
    """The HTTP headers of the first crawl's response for `url`."""
    from catalog.capture_index import rows_for_url

    with open_catalog(database_url(recrawl.data_dir, None)) as catalog:
        row = next(r for r in rows_for_url(catalog, url) if r.rec_type == "response")
    return archived_response(recrawl.data_dir, index_pointer(row))[0]


def test_every_file_passes_warcio_check_and_fazhi_verify(recrawl):
    warcio = Path(sys.executable).parent / "warcio"
    for path in recrawl.files(first=True) + recrawl.files(first=False):
        check = subprocess.run([str(warcio), "check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    out = run_fazhi("--data-dir", str(recrawl.data_dir), "verify")
    assert out.returncode == 0 and " 0 differ" in out.stderr, out.stdout + out.stderr


def test_catalog_links_the_revisits_to_the_same_reports(recrawl):
    with open_catalog(database_url(recrawl.data_dir, None)) as catalog:
        assert catalog.report_count() == recrawl.reports_after_first
        reports = catalog.reports()
        revisit_ids = {row.record_id: row for row in all_rows(catalog) if row.rec_type == "revisit"}
        with Session(catalog.engine) as session:
            first_urls = set(session.scalars(select(Capture.url).where(Capture.run_id == 1)))
            second = list(session.scalars(select(Capture).where(Capture.run_id == 2)))
    for report in reports:
        files = {Path(c["warc"]).name in recrawl.first_files for c in report.captures}
        assert files == {True, False}, report.url  # captured by both crawls
    # every document the first crawl archived comes back as a revisit; the best-first order may spend a
    # few requests on other unscored pages the second time (README: what may differ between runs)
    second = [c for c in second if c.url in first_urls]
    assert second and all(c.record_id in revisit_ids for c in second)
    assert {c.status for c in second} == {200, 304}
    assert all(str(c.status) == revisit_ids[c.record_id].status for c in second)


def test_replay_and_index_rebuild_resolve_revisits(recrawl, tmp_path):
    with open_catalog(database_url(recrawl.data_dir, None)) as catalog:
        rows = all_rows(catalog)
    by_id = {row.record_id: row for row in rows}
    for profile_status in ("304", "200"):
        revisit = next(r for r in rows if r.rec_type == "revisit" and r.status == profile_status)
        out = subprocess.run([*FAZHI, "--data-dir", str(recrawl.data_dir), "replay", revisit.url, "--at",
                              revisit.timestamp], capture_output=True, cwd=REPO)
        assert out.returncode == 0, out.stderr
        head, _, body = out.stdout.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200 OK\r\n")
        assert body == stored_payload(recrawl.data_dir, by_id[revisit.refers_to])
    copy = tmp_path / "data"
    shutil.copytree(recrawl.data_dir, copy)
    shutil.rmtree(copy / "indexes")
    assert run_fazhi("--data-dir", str(copy), "index", "rebuild").returncode == 0
    with open_catalog(database_url(copy, None)) as catalog:
        assert sorted(r.line() for r in all_rows(catalog)) == sorted(r.line() for r in rows)


def stored_payload(data_dir: Path, row) -> bytes:
    """The payload of the response at index `row`, as stored (maybe still gzip-encoded)."""
    return archived_response(data_dir, index_pointer(row))[1]


@pytest.fixture(scope="module")
def pywb(recrawl):
    with pywb_serving(recrawl.data_dir) as base:
        yield base


@pytest.mark.parametrize("status", ["304", "200"], ids=["server-not-modified", "identical-payload-digest"])
def test_pywb_replays_a_revisit_as_the_original_document(recrawl, pywb, status):
    with open_catalog(database_url(recrawl.data_dir, None)) as catalog:
        rows = all_rows(catalog)
    revisit = next(r for r in rows if r.rec_type == "revisit" and r.status == status)
    original = next(r for r in rows if r.record_id == revisit.refers_to)
    assert original.timestamp < revisit.timestamp
    code, body = fetch(f"{pywb}/fazhi/{revisit.timestamp}id_/{revisit.url}")
    assert code == 200
    payload = stored_payload(recrawl.data_dir, original)
    assert body in (payload, _gunzip(payload))


def _gunzip(data: bytes) -> bytes:
    try:
        return gzip.decompress(data)
    except OSError:
        return data


def test_wacz_of_revisits_holds_their_originals(recrawl, tmp_path):
    with open_catalog(database_url(recrawl.data_dir, None)) as catalog:
        second = {p.name for p in recrawl.files(first=False)}
        assert files_with_originals(catalog, second) == second | recrawl.first_files
    target = tmp_path / "reports.wacz"
    out = run_fazhi("--data-dir", str(recrawl.data_dir), "export", "wacz", "--output", str(target))
    assert out.returncode == 0, out.stderr
    check = subprocess.run([str(Path(sys.executable).parent / "wacz"), "validate", "-f", str(target)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def exchange(writer: WarcWriter, status: int, body: bytes, revisit=None):
    return writer.write_exchange(
        url="http://www.example.gov.cn/a.html", method="GET", request_headers=[("Host", "www.example.gov.cn")],
        request_body=b"", status=status, reason="OK" if status == 200 else "Not Modified",
        response_headers=[("Content-Type", "text/html"), ("ETag", '"e1"')] if status == 200 else [("ETag", '"e1"')],
        body=body, fetched_at=datetime(2026, 1, 1, tzinfo=UTC), revisit=revisit,
    )


def test_no_revisit_of_an_original_in_a_file_still_open(tmp_path):
    writer = WarcWriter(tmp_path)
    original = Original("http://www.example.gov.cn/a.html", exchange(writer, 200, b"<html>report</html>"))
    assert list((tmp_path / "warcs").glob("*.warc.gz.open"))
    assert writer.revisit_of(original, 304, b"") is None  # its file is still open
    assert writer.revisit_of(original, 200, b"<html>report</html>") is None
    writer.close()
    later = WarcWriter(tmp_path)
    assert later.revisit_of(original, 304, b"").profile == NOT_MODIFIED
    assert later.revisit_of(original, 200, b"<html>report</html>").profile == IDENTICAL_PAYLOAD
    assert later.revisit_of(original, 200, b"<html>changed</html>") is None
    assert later.revisit_of(original, 404, b"") is None
    later.close()


def test_verify_recomputes_a_revisits_block_digest(tmp_path):
    writer = WarcWriter(tmp_path)
    original = Original("http://www.example.gov.cn/a.html", exchange(writer, 200, b"<html>report</html>"))
    writer.close()
    later = WarcWriter(tmp_path)
    pointer = exchange(later, 304, b"", revisit=later.revisit_of(original, 304, b""))
    later.close()
    path = tmp_path / pointer.warc
    row = next(r for r in rows_from_warc(path) if r.record_id == pointer.record_id)
    assert row.rec_type == "revisit" and row.status == "304" and row.digest == original.pointer.digest
    assert check_row(tmp_path, row) is None
    data = path.read_bytes()
    member = zlib.decompress(data[row.offset:row.offset + row.length], zlib.MAX_WBITS | 16)
    forged = gzip.compress(member.replace(b'ETag: "e1"', b'ETag: "e2"'), mtime=0)
    path.write_bytes(data[:row.offset] + forged + data[row.offset + row.length:])
    forged_row = type(row)(**{**row.to_dict(), "length": len(forged), "member_digest": None})
    assert check_row(tmp_path, forged_row) == "digest mismatch: revisit block digest"

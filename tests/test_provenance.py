"""Provenance, end to end: what the WARCs hold is exactly what simweb sent on the wire."""

from __future__ import annotations

import gzip
import subprocess
import urllib.error
import urllib.request
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.reader import open_capture

from .conftest import FAZHI, REPO, pywb_serving, run_fazhi


def warc_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "warcs").glob("*.warc.gz"))


def raw_records(data_dir: Path, rec_type: str = "response") -> list[tuple[object, bytes, bytes]]:
    """(record, raw payload as stored, whole decompressed record bytes) for every `rec_type` record."""
    out = []
    for path in warc_files(data_dir):
        data = path.read_bytes()
        with open(path, "rb") as stream:
            it = ArchiveIterator(stream)
            for record in it:
                if record.rec_type != rec_type:
                    continue
                payload = record.raw_stream.read()
                it.read_to_end(record)
                member = data[it.get_record_offset(): it.get_record_offset() + it.get_record_length()]
                out.append((record, payload, zlib.decompress(member, zlib.MAX_WBITS | 16)))
    return out


def faulty_paths(crawl, kinds: tuple[str, ...] = ("flaky_500",)) -> set[str]:
    """Paths of simweb's planted network faults of these kinds (simweb.faults.NETWORK_FAULTS)."""
    return {f["path"] for f in crawl.truth.get("faults", []) if f["kind"] in kinds}


def test_every_payload_is_byte_for_byte_what_simweb_sent(crawl, simweb):
    kinds = {"gzip": 0, "chunked": 0, "gbk": 0, "query": 0, "robots": 0}
    checked = 0
    for record, payload, _ in raw_records(crawl.data_dir):
        url = record.rec_headers.get_header("WARC-Target-URI")
        if urlsplit(url).path in faulty_paths(crawl):  # a 500 that turns 200: two records, two answers
            continue
        served = simweb.world.respond("GET", url, {})
        headers = record.http_headers
        assert int(headers.get_statuscode()) == served.status, url
        if headers.get_header("Content-Encoding") == "gzip":
            kinds["gzip"] += 1
            assert payload == gzip.compress(served.body, mtime=0), url  # stored still compressed
            assert gzip.decompress(payload) == served.body
        else:
            assert payload == served.body, url
        if headers.get_header("X-Archive-Orig-Transfer-Encoding") == "chunked":
            kinds["chunked"] += 1
            assert headers.get_header("Content-Length") == str(len(payload))
        kinds["gbk"] += "charset=gbk" in (headers.get_header("Content-Type") or "")
        kinds["query"] += "?id=" in url
        kinds["robots"] += url.endswith("/robots.txt")
        checked += 1
    assert checked >= 50
    assert all(kinds.values()), kinds


def test_every_page_simweb_served_is_archived_and_robots_txt_too(crawl):
    archived = {r.rec_headers.get_header("WARC-Target-URI") for r, _, _ in raw_records(crawl.data_dir)}
    broken = faulty_paths(crawl, ("truncated", "reset"))  # logged by simweb, never received whole
    served = [r for r in crawl.requests() if r["status"] != 502 and r["path"] not in broken]
    robots = [r["url"] for r in served if r["url"].endswith("/robots.txt")]
    assert robots and set(robots) <= archived
    assert {r["url"] for r in served} <= archived


def test_status_line_headers_and_request_line_are_as_on_the_wire(crawl):
    records = raw_records(crawl.data_dir)
    for record, _, raw in records:
        head = raw.split(b"\r\n\r\n", 2)[1]  # the HTTP header block (after the WARC headers)
        assert head.startswith(b"HTTP/1.1 "), head[:40]
        assert head.count(b"\r\nX-Powered-By: ") == 2  # repeated header kept, both values
        assert b"\r\nX-Server-Note: caf\xe9" in head  # a latin-1 byte stays that byte
        assert record.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"  # the proxy
        assert record.rec_headers.get_header("WARC-Payload-Digest").startswith("sha256:")
        assert record.rec_headers.get_header("WARC-Block-Digest").startswith("sha256:")
    statuses = {r.http_headers.statusline for r, _, _ in records}
    assert {"200 OK", "302 Found", "502 Bad Gateway"} <= statuses
    request_lines = [f"{r.http_headers.protocol} {r.http_headers.statusline}"
                     for r, _, _ in raw_records(crawl.data_dir, "request")]
    assert any(line.startswith("GET /show.asp?id=") and line.endswith(" HTTP/1.1") for line in request_lines)
    (info, _, raw_info), *_ = raw_records(crawl.data_dir, "warcinfo")
    assert b"software-versions: scrapy/" in raw_info and b"ip-address: WARC-IP-Address is the forward proxy" in raw_info


def test_spider_read_decompressed_pages_of_gzip_captures(crawl):
    """The recorder (order 950) saw the body before HttpCompressionMiddleware (590) decoded it."""
    reports = crawl.export()
    gzip_urls = {r.rec_headers.get_header("WARC-Target-URI") for r, _, _ in raw_records(crawl.data_dir)
                 if r.http_headers.get_header("Content-Encoding") == "gzip"}
    assert any(report["url"] in gzip_urls for report in reports)


def catalog_index(data_dir: Path):
    from catalog.capture_index import all_rows
    from catalog.db import database_url, open_catalog

    with open_catalog(database_url(data_dir, None)) as catalog:
        return all_rows(catalog)


def cdxj_lines(data_dir: Path) -> list[str]:
    return [line for path in sorted((data_dir / "indexes").glob("*.cdxj"))
            for line in path.read_text(encoding="utf-8").splitlines(keepends=True)]


def test_cdxj_and_catalog_index_are_in_step_with_the_warcs(crawl):
    from archive.cdxj import parse_line

    responses = raw_records(crawl.data_dir)
    assert not list((crawl.data_dir / "indexes").glob("*.open"))
    for path in sorted((crawl.data_dir / "indexes").glob("*.cdxj")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines == sorted(lines)
    lines = [parse_line(line) for line in cdxj_lines(crawl.data_dir)]
    assert len(lines) == len(responses)
    by_id = {line["record_id"]: line for line in lines}
    for record, _, _ in responses:
        line = by_id[record.rec_headers.get_header("WARC-Record-ID")]
        assert line["url"] == record.rec_headers.get_header("WARC-Target-URI")
        assert line["digest"] == record.rec_headers.get_header("WARC-Payload-Digest")
        assert line["timestamp"] == "".join(c for c in record.rec_headers.get_header("WARC-Date") if c.isdigit())
    rows = catalog_index(crawl.data_dir)
    assert sorted(row.line() for row in rows) == sorted(cdxj_lines(crawl.data_dir))
    # every capture pointer the catalog holds is an index row
    offsets = {(row.filename, row.offset, row.length) for row in rows}
    for report in crawl.export():
        cap = report["capture"]
        assert (Path(cap["warc"]).name, cap["offset"], cap["length"]) in offsets


def test_index_rebuild_recreates_both_from_the_warcs(crawl, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(crawl.data_dir, data)
    before_lines, before_rows = cdxj_lines(data), sorted(r.line() for r in catalog_index(data))
    shutil.rmtree(data / "indexes")
    out = run_fazhi("--data-dir", str(data), "index", "rebuild")
    assert out.returncode == 0, out.stderr
    assert cdxj_lines(data) == before_lines
    assert sorted(r.line() for r in catalog_index(data)) == before_rows


def test_replay_prints_the_archived_response(crawl):
    report = crawl.export()[0]
    out = subprocess.run([*FAZHI, "--data-dir", str(crawl.data_dir), "replay", report["url"], "--at",
                          report["capture"]["timestamp"]], capture_output=True, cwd=REPO)
    assert out.returncode == 0, out.stderr
    head, _, body = out.stdout.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    record = open_capture(crawl.data_dir, report["capture"] | {"record_id": None})
    raw = body if b"Content-Encoding: gzip" not in head else gzip.decompress(body)
    assert raw == record.payload
    missing = run_fazhi("--data-dir", str(crawl.data_dir), "replay", "http://nowhere.gov.cn/x.html")
    assert missing.returncode == 1 and missing.stderr.startswith("fazhi: error: no capture")


@pytest.fixture(scope="module")
def pywb(crawl):
    with pywb_serving(crawl.data_dir) as base:
        yield base


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = response.read()
            if response.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            return response.status, body
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_pywb_replays_every_catalogued_report(crawl, pywb):
    reports = crawl.export()
    assert reports
    for report in reports:
        ts = "".join(c for c in report["capture"]["timestamp"] if c.isdigit())
        status, body = fetch(f"{pywb}/fazhi/{ts}id_/{report['url']}")
        assert status == 200, report["url"]
        assert body == open_capture(crawl.data_dir, report["capture"] | {"record_id": None}).payload


def flipped_copy(crawl, tmp_path, where) -> tuple[Path, object]:
    """A copy of the archive with one byte of one report's response member flipped at `where(row)`."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(crawl.data_dir, data)
    cap = crawl.export()[0]["capture"]
    row = next(r for r in catalog_index(data) if r.offset == cap["offset"]
               and r.filename == Path(cap["warc"]).name)
    path = data / "warcs" / row.filename
    blob = bytearray(path.read_bytes())
    blob[row.offset + where(row)] ^= 0x01
    path.write_bytes(bytes(blob))
    return data, row


def test_verify_passes_on_a_fresh_archive(crawl):
    out = run_fazhi("--data-dir", str(crawl.data_dir), "verify")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 differ" in out.stderr
    sample = run_fazhi("--data-dir", str(crawl.data_dir), "verify", "--sample", "3")
    assert sample.returncode == 0 and "verified 3 record(s)" in sample.stderr


@pytest.mark.parametrize("where", [
    pytest.param(lambda row: row.length // 2, id="inside-the-deflate-data"),
    pytest.param(lambda row: 5, id="gzip-mtime-still-decompresses"),
])
def test_verify_names_the_record_after_one_byte_flips(crawl, tmp_path, where):
    data, row = flipped_copy(crawl, tmp_path, where)
    out = run_fazhi("--data-dir", str(data), "verify")
    assert out.returncode == 1
    differs = [line for line in out.stdout.splitlines() if line.startswith("DIFFERS")]
    assert len(differs) == 1 and row.record_id in differs[0] and row.filename in differs[0]


def test_wacz_export_validates_and_lists_every_selected_report(crawl, tmp_path):
    import json as _json
    import sys
    import zipfile

    target = tmp_path / "reports.wacz"
    out = run_fazhi("--data-dir", str(crawl.data_dir), "export", "wacz", "--output", str(target))
    assert out.returncode == 0, out.stderr
    check = subprocess.run([str(Path(sys.executable).parent / "wacz"), "validate", "-f", str(target)],
                           capture_output=True, text=True)
    assert check.returncode == 0 and "Validation succeeded" in check.stdout, check.stdout + check.stderr
    with zipfile.ZipFile(target) as zf:
        pages = [_json.loads(line) for line in zf.read("pages/pages.jsonl").decode().splitlines()[1:]]
        assert all(info.compress_type == zipfile.ZIP_STORED for info in zf.infolist()
                   if info.filename.startswith("archive/"))
    assert sorted(p["url"] for p in pages) == sorted(r["url"] for r in crawl.export())

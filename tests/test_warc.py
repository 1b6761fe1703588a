"""WarcWriter / open_capture / recover_open_files on real files, validated by `warcio check`."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.reader import CaptureError, open_capture
from archive.writer import CapturePointer, WarcWriter, recover_open_files

WARCIO = Path(sys.executable).parent / "warcio"
NAME = re.compile(r"^fazhi-\d{14}-\d{5}\.warc\.gz$")
HTML = "<html><head><title>阳春市2023年法治政府建设情况报告</title></head><body>一、主要举措</body></html>"


def warcio_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(WARCIO), "check", "-v", str(path)], capture_output=True, text=True)


def sha256_b32(data: bytes) -> str:
    return "sha256:" + base64.b32encode(hashlib.sha256(data).digest()).decode()


def records(path: Path) -> list[tuple[str, dict[str, str], object, bytes]]:
    out = []
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            out.append((rec.rec_type, dict(rec.rec_headers.headers), rec.http_headers, rec.raw_stream.read()))
    return out


def write(writer: WarcWriter, n: int, **overrides) -> CapturePointer:
    args = dict(
        url=f"http://www.yangchun.gov.cn/zwgk/{n}.html?id={n}",
        method="GET",
        request_headers=[("Host", "www.yangchun.gov.cn"), ("User-Agent", "fazhi-test")],
        request_body=b"",
        status=200,
        reason="OK",
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Server", "nginx")],
        body=f"{HTML}<p>{n}</p>".encode(),
        ip="10.0.0.7",
        fetched_at=datetime(2026, 11, 21, 6, 0, n % 60, tzinfo=UTC),
    )
    args.update(overrides)
    return writer.write_exchange(**args)


def test_exchanges_validate_and_read_back(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, info={"robots": "obey", "operator": "fazhi tests"})
    plain = write(writer, 1)
    decoded = write(writer, 2, response_headers=[
        ("Content-Type", "text/html"), ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip"),
        ("Content-Length", "17"),
    ], body_is_decoded=True)
    missing = write(writer, 3, status=404, reason="Not Found", body=b"gone", ip=None)
    # readable while the file is still being written
    assert open_capture(tmp_path, plain).target_uri.endswith("/1.html?id=1")
    writer.close()
    writer.close()  # idempotent

    files = sorted((tmp_path / "warcs").iterdir())
    assert len(files) == 1 and NAME.match(files[0].name), files
    check = warcio_check(files[0])
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("digest pass") == 7

    recs = records(files[0])
    kinds = [r[0] for r in recs]
    assert kinds == ["warcinfo"] + ["response", "request"] * 3
    info = recs[0][3].decode()
    assert "software: fazhi/" in info and "format: WARC File Format 1.1" in info
    assert "robots: obey" in info and "operator: fazhi tests" in info
    for (_, resp, _, _), (_, req, req_http, _) in zip(recs[1::2], recs[2::2], strict=True):
        assert resp["WARC-Payload-Digest"].startswith("sha256:")
        assert resp["WARC-Block-Digest"].startswith("sha256:")
        assert req["WARC-Concurrent-To"] == resp["WARC-Record-ID"]
        assert req["WARC-Target-URI"] == resp["WARC-Target-URI"]
        assert req_http.protocol == "GET" and req_http.statusline.endswith(" HTTP/1.1")
    assert recs[1][1]["WARC-IP-Address"] == "10.0.0.7" and "WARC-IP-Address" not in recs[5][1]
    assert recs[1][1]["WARC-Date"] == "2026-11-21T06:00:01Z"

    for pointer, n in ((plain, 1), (decoded, 2), (missing, 3)):
        rec = open_capture(tmp_path, pointer.to_dict())
        assert rec.rec_type == "response"
        assert rec.target_uri == f"http://www.yangchun.gov.cn/zwgk/{n}.html?id={n}"
        assert rec.warc_headers["WARC-Record-ID"] == pointer.record_id
        assert pointer.digest == sha256_b32(rec.payload)
        assert pointer.warc == f"warcs/{files[0].name}"
    assert open_capture(tmp_path, plain).payload == f"{HTML}<p>1</p>".encode()
    assert open_capture(tmp_path, missing).http_status == 404

    headers = open_capture(tmp_path, decoded).http_headers
    assert headers.get_header("Transfer-Encoding") is None
    assert headers.get_header("Content-Encoding") is None
    assert headers.get_header("X-Archive-Orig-Content-Encoding") == "gzip"
    assert headers.get_header("X-Archive-Orig-Content-Length") == "17"
    assert headers.get_header("Content-Length") == str(len(f"{HTML}<p>2</p>".encode()))


def test_compressed_body_is_archived_raw_and_read_decoded(tmp_path: Path) -> None:
    """What the recorder hands over before decompression: stored as sent, read back as HTML."""
    raw = gzip.compress(HTML.encode())
    with WarcWriter(tmp_path) as writer:
        pointer = write(writer, 1, body=raw, response_headers=[
            ("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked"),
        ])
    (path,) = (tmp_path / "warcs").iterdir()
    assert warcio_check(path).returncode == 0
    assert records(path)[1][3] == raw and pointer.digest == sha256_b32(raw)
    rec = open_capture(tmp_path, pointer)
    assert rec.payload == HTML.encode()
    assert rec.http_headers.get_header("Content-Encoding") == "gzip"
    assert rec.http_headers.get_header("Content-Length") == str(len(raw))


def test_rotation_by_size(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, max_bytes=4000)
    body = os.urandom(1500)  # incompressible, so each exchange is ~2 KB on disk
    pointers = [write(writer, n, body=body + bytes([n])) for n in range(7)]
    assert list((tmp_path / "warcs").glob("*.open")), "the current file is open while writing"
    writer.close()

    files = sorted((tmp_path / "warcs").iterdir())
    assert len(files) >= 3 and all(NAME.match(f.name) for f in files), files
    assert writer.closed_files == files
    for f in files:
        assert warcio_check(f).returncode == 0
        recs = records(f)
        assert recs[0][0] == "warcinfo" and recs[0][1]["WARC-Filename"] == f.name
        assert [r[0] for r in recs[1:]] == ["response", "request"] * ((len(recs) - 1) // 2)
        assert f.stat().st_size <= 4000 or len(recs) == 3  # only a lone oversized exchange may overflow
    for n, p in enumerate(pointers):
        assert open_capture(tmp_path, p).payload == body + bytes([n])
    assert len({p.warc for p in pointers}) == len(files)


def test_recover_truncated_open_file(tmp_path: Path) -> None:
    proc = crashing_writer(tmp_path, 3)
    out, _ = proc.communicate(timeout=30)
    pointers = [json.loads(line) for line in out.splitlines()]
    (open_file,) = (tmp_path / "warcs").glob("*.warc.gz.open")
    with open(open_file, "r+b") as fh:  # as if the crash hit the middle of the third response
        fh.truncate(pointers[2]["offset"] + pointers[2]["length"] // 2)
    empty = tmp_path / "warcs" / "fazhi-20260101000000-00009.warc.gz.open"
    empty.write_bytes(b"")

    recovered = recover_open_files(tmp_path)
    assert recovered == [open_file.with_name(open_file.name.removesuffix(".open"))]
    assert not list((tmp_path / "warcs").glob("*.open"))
    check = warcio_check(recovered[0])
    assert check.returncode == 0, check.stdout
    assert [r[0] for r in records(recovered[0])] == ["warcinfo"] + ["response", "request"] * 2
    assert recovered[0].stat().st_size == pointers[2]["offset"]
    assert open_capture(tmp_path, pointers[1]).target_uri == "http://x.gov.cn/1"
    with pytest.raises(CaptureError):
        open_capture(tmp_path, pointers[2])
    assert recover_open_files(tmp_path) == []


def test_recovery_leaves_a_live_writers_file_alone(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path)
    first = write(writer, 1)
    assert recover_open_files(tmp_path) == []  # e.g. a second crawl started on the same data dir
    second = write(writer, 2)
    writer.close()
    (path,) = (tmp_path / "warcs").iterdir()
    assert warcio_check(path).returncode == 0
    assert [open_capture(tmp_path, p).target_uri[-5:] for p in (first, second)] == ["?id=1", "?id=2"]


def crashing_writer(data_dir: Path, exchanges: int | None) -> subprocess.Popen:
    """A separate process that writes exchanges, printing each pointer, and never closes its writer:
    it dies with os._exit after `exchanges` (or runs until killed when None)."""
    script = textwrap.dedent(f"""
        import json, os
        from pathlib import Path
        from archive.writer import WarcWriter
        w = WarcWriter(Path({str(data_dir)!r}))
        n = 0
        while {exchanges!r} is None or n < {exchanges!r}:
            p = w.write_exchange(url=f"http://x.gov.cn/{{n}}", method="GET", request_headers=[],
                                 request_body=b"", status=200, reason="OK", response_headers=[],
                                 body=b"<p>report</p>" * 2000)
            print(json.dumps(p.to_dict()), flush=True)
            n += 1
        os._exit(0)
    """)
    return subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)


def test_killed_writer_leaves_recoverable_file(tmp_path: Path) -> None:
    """SIGKILL a real writer process mid-crawl: every pointer it reported must survive recovery."""
    proc = crashing_writer(tmp_path, None)
    reported = [json.loads(proc.stdout.readline()) for _ in range(20)]
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reported += [json.loads(line) for line in proc.stdout if line.endswith("\n")]
    proc.stdout.close()

    recovered = recover_open_files(tmp_path)
    assert len(recovered) == 1 and warcio_check(recovered[0]).returncode == 0
    for pointer in reported:
        assert open_capture(tmp_path, pointer).target_uri.startswith("http://x.gov.cn/")


def test_failed_write_leaves_no_torn_record(tmp_path: Path) -> None:
    """A write that fails halfway (file size limit standing in for a full disk) is undone."""
    script = textwrap.dedent(f"""
        import json, os, resource, signal
        from pathlib import Path
        from archive.writer import WarcWriter
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))
        w = WarcWriter(Path({str(tmp_path)!r}))
        for n in range(100):
            try:
                p = w.write_exchange(url=f"http://x.gov.cn/{{n}}", method="GET", request_headers=[],
                                     request_body=b"", status=200, reason="OK", response_headers=[],
                                     body=os.urandom(3000))
            except OSError as exc:
                print(json.dumps({{"error": str(exc)}}), flush=True)
                continue
            print(json.dumps(p.to_dict()), flush=True)
        w.close()
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    written = [line for line in lines if "warc" in line]
    assert len(written) >= 3 and any("error" in line for line in lines), out.stderr
    (path,) = (tmp_path / "warcs").iterdir()
    assert path.stat().st_size < 20000
    assert warcio_check(path).returncode == 0
    assert len(records(path)) == 1 + 2 * len(written)
    for pointer in written:
        assert open_capture(tmp_path, pointer).target_uri.startswith("http://x.gov.cn/")


def test_bad_pointers_raise_capture_error(tmp_path: Path) -> None:
    with WarcWriter(tmp_path) as writer:
        pointer = write(writer, 1).to_dict()
    bad = [
        dict(pointer, warc="warcs/nope.warc.gz"),
        dict(pointer, offset=pointer["offset"] + 3),
        dict(pointer, length=10**7),
        dict(pointer, length=0),
        {"warc": pointer["warc"]},
        dict(pointer, record_id="<urn:uuid:00000000-0000-0000-0000-000000000000>"),  # stale pointer
    ]
    for p in bad:
        with pytest.raises(CaptureError):
            open_capture(tmp_path, p)
    for shift in range(1, 200):  # no byte inside a member may pass for a record start
        with pytest.raises(CaptureError):
            open_capture(tmp_path, dict(pointer, offset=pointer["offset"] + shift, length=pointer["length"] - shift))

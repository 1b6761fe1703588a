"""Extracted text is part of the record: conversion records, ``fazhi reprocess``, the replay link."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from warcio.archiveiterator import ArchiveIterator

from archive.reader import open_capture
from catalog.neardup import SAME_TEXT, signature, similarity
from extract import EXTRACTOR_VERSION

from .conftest import crawl_one_site, run_fazhi
from .test_provenance import fetch, pywb  # noqa: F401 -- pywb is a fixture used below

REPORT_COLUMNS = "r.id, r.fingerprint, r.title, r.issuer, r.issuer_kind, r.region_code, r.region_name, r.year, " \
                 "r.published, r.signed, r.text, r.text_original, r.variant, r.extractor_version, " \
                 "r.issuer_confidence, r.issuer_evidence, r.timely, r.sections, r.minhash, r.needs_ocr"


def records(data_dir: Path, rec_type: str, pattern: str = "*.warc.gz") -> list[tuple[object, bytes]]:
    out = []
    for path in sorted((data_dir / "warcs").glob(pattern)):
        with open(path, "rb") as stream:
            out += [(r, r.content_stream().read()) for r in ArchiveIterator(stream) if r.rec_type == rec_type]
    return out


def query(url: str, sql: str, **params) -> list[dict]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def execute(url: str, sql: str, **params) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(sql), params)
    engine.dispose()


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'catalog.sqlite'}"


def report_rows(url: str) -> list[dict]:
    return query(url, f"SELECT {REPORT_COLUMNS} FROM report r ORDER BY r.id")


def copy_archive(crawl, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(crawl.data_dir, data)
    return data


def report_captures(url: str) -> list[dict]:
    return query(url, "SELECT r.id AS report_id, r.text, r.first_capture_id, c.id AS capture_id, c.url, "
                      "c.record_id, c.site_name FROM report r "
                      "JOIN report_capture rc ON rc.report_id = r.id JOIN capture c ON c.id = rc.capture_id")


def check_conversions(data_dir: Path, url: str) -> None:
    """Each report capture has exactly one conversion record of its own extracted text, and the catalog
    points at it; the report's first capture's conversion is the catalog text, byte for byte."""
    conversions = {}
    for record, payload in records(data_dir, "conversion"):
        refers_to = record.rec_headers.get_header("WARC-Refers-To")
        assert refers_to not in conversions, f"two conversion records refer to {refers_to}"
        conversions[refers_to] = (record, payload.decode("utf-8"))
    response_dates = {r.rec_headers.get_header("WARC-Record-ID"): r.rec_headers.get_header("WARC-Date")
                      for r, _ in records(data_dir, "response")}
    captures = report_captures(url)
    assert captures and len(conversions) == len(captures)  # report captures only
    for cap in captures:
        record, payload = conversions[cap["record_id"]]
        headers = record.rec_headers
        assert headers.get_header("WARC-Target-URI") == cap["url"]
        assert headers.get_header("WARC-Refers-To-Target-URI") == cap["url"]
        assert headers.get_header("WARC-Refers-To-Date") == response_dates[cap["record_id"]]
        assert headers.get_header("Content-Type") == "text/plain; charset=utf-8"
        assert headers.get_header("WARC-Payload-Digest").startswith("sha256:")
        assert headers.get_header("WARC-Block-Digest").startswith("sha256:")
        assert cap["site_name"]  # the hints reprocess needs were stored
        if cap["capture_id"] == cap["first_capture_id"]:
            assert payload == cap["text"]
        else:  # a mirror linked to the report: its own text, the same report's
            assert similarity(signature(payload), signature(cap["text"])) >= SAME_TEXT
        (pointer,) = query(url, "SELECT * FROM conversion WHERE capture_id = :c", c=cap["capture_id"])
        assert pointer["record_id"] == headers.get_header("WARC-Record-ID")
        assert pointer["extractor_version"] == EXTRACTOR_VERSION
        assert open_capture(data_dir, pointer).payload.decode("utf-8") == payload


def test_every_report_capture_has_one_conversion_record_of_its_text(crawl):
    from archive.cdxj import CdxjIndex, parse_line

    check_conversions(crawl.data_dir, sqlite_url(crawl.data_dir))
    # not indexed: the CDXJ names responses (and revisits) only, so replay never finds the text
    indexed = {parse_line(line)["record_id"] for line in CdxjIndex(crawl.data_dir).lines()}
    converted = {r.rec_headers.get_header("WARC-Record-ID") for r, _ in records(crawl.data_dir, "conversion")}
    assert converted and not converted & indexed


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"reprocess tried the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_reprocess_of_a_fresh_archive_changes_nothing_without_a_network(crawl, tmp_path, no_network):
    from catalog.db import open_catalog
    from catalog.reprocess import reprocess

    data = copy_archive(crawl, tmp_path)
    before, warcs = report_rows(sqlite_url(data)), sorted((data / "warcs").iterdir())
    with open_catalog(sqlite_url(data)) as catalog:
        result = reprocess(catalog, data)
    assert len(result.outcomes) == len(before) and result.count("unchanged") == len(before), result.lines()
    assert report_rows(sqlite_url(data)) == before  # every column, byte for byte
    assert sorted((data / "warcs").iterdir()) == warcs  # nothing to archive


def tamper(url: str) -> dict:
    """Make one report look as an older extractor left it; returns the row as it was."""
    row = next(r for r in report_rows(url) if r["text"])
    execute(url, "UPDATE report SET text = :t, title = :title, extractor_version = '0.0.1' WHERE id = :id",
            t=row["text"].replace("法治", "法制", 1) + "\n（旧版）", title="旧标题", id=row["id"])
    return row


def check_reprocess_restores(data: Path, db: str, catalog_url: str) -> None:
    original = tamper(catalog_url)
    tampered = report_rows(catalog_url)
    dry = run_fazhi("--data-dir", str(data), "--db", db, "reprocess", "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    found = json.loads(dry.stdout)
    assert found["counts"]["changed"] == 1 and not found["applied"]
    (outcome,) = found["outcomes"]
    assert outcome["report_id"] == original["id"] and set(outcome["changes"]) == {"text", "title"}
    assert report_rows(catalog_url) == tampered

    out = run_fazhi("--data-dir", str(data), "--db", db, "reprocess")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].startswith(f"changed: report {original['id']} ")
    assert "1 changed" in out.stdout and "1 conversion record(s) written" in out.stdout
    restored = {row["id"]: row for row in report_rows(catalog_url)}
    assert restored == {row["id"]: original if row["id"] == original["id"] else row for row in tampered}

    (made,) = sorted((data / "warcs").glob("fazhi-reprocess-*.warc.gz"))
    check = subprocess.run([str(Path(sys.executable).parent / "warcio"), "check", str(made)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    ((record, payload),) = records(data, "conversion", made.name)
    (cap,) = query(catalog_url, "SELECT c.id, c.record_id FROM capture c JOIN report r "
                                "ON r.first_capture_id = c.id WHERE r.id = :id", id=original["id"])
    assert record.rec_headers.get_header("WARC-Refers-To") == cap["record_id"]
    assert payload.decode("utf-8") == original["text"]
    pointers = query(catalog_url, "SELECT record_id FROM conversion WHERE capture_id = :c ORDER BY id",
                     c=cap["id"])
    assert [p["record_id"] for p in pointers][-1] == record.rec_headers.get_header("WARC-Record-ID")

    again = run_fazhi("--data-dir", str(data), "--db", db, "reprocess")
    assert again.returncode == 0 and " 0 changed" in again.stdout, again.stdout


def test_reprocess_restores_a_text_an_older_extractor_left(crawl, tmp_path):
    data = copy_archive(crawl, tmp_path)
    check_reprocess_restores(data, sqlite_url(data), sqlite_url(data))


def test_reprocess_names_a_missing_warc_and_leaves_the_catalog_alone(crawl, tmp_path):
    data = copy_archive(crawl, tmp_path)
    tamper(sqlite_url(data))
    tampered = report_rows(sqlite_url(data))
    (data / report_rows_capture_warc(sqlite_url(data))).unlink()
    out = run_fazhi("--data-dir", str(data), "reprocess")
    assert out.returncode == 1
    assert out.stderr.startswith("fazhi: error: reprocess stopped, catalog unchanged: WARC file not found: ")
    assert report_rows_capture_warc(sqlite_url(data)).split("/")[-1] in out.stderr
    assert report_rows(sqlite_url(data)) == tampered


def report_rows_capture_warc(url: str) -> str:
    (row,) = query(url, "SELECT c.warc FROM report r JOIN capture c ON c.id = r.first_capture_id "
                        "ORDER BY r.id LIMIT 1")
    return row["warc"]


@pytest.mark.postgres
def test_conversions_and_reprocess_on_postgresql(simweb, tmp_path, postgres_url):
    crawl_one_site(simweb, tmp_path, simweb.world.sites[0], db=postgres_url)
    check_conversions(tmp_path, postgres_url)
    check_reprocess_restores(tmp_path, postgres_url, postgres_url)


def test_the_export_replay_link_shows_the_report_page_not_its_text(crawl, pywb):  # noqa: F811
    exported = [r for r in crawl.export() if not r["needs_ocr"]]
    shown = 0
    for report in exported:
        status, body = fetch(report["replay"].replace("http://127.0.0.1:8080", pywb))
        assert status == 200, report["replay"]
        assert not body.startswith(report["text"][:50].encode("utf-8")), "replayed the conversion record"
        page = open_capture(crawl.data_dir, report["capture"] | {"record_id": None})
        if b"<html" in page.payload.lower()[:500]:
            assert b"<html" in body.lower()[:2000] and b"wbinfo" in body, report["replay"]
            shown += 1
    assert shown
    # asked for the moment each text was archived (just after its page), pywb still gives the page
    for conversion, _ in records(crawl.data_dir, "conversion"):
        headers = conversion.rec_headers
        when = "".join(ch for ch in headers.get_header("WARC-Date") if ch.isdigit())
        status, body = fetch(f"{pywb}/fazhi/{when}id_/{headers.get_header('WARC-Target-URI')}")
        (capture,) = query(sqlite_url(crawl.data_dir), "SELECT warc, offset, length, record_id FROM capture "
                           "WHERE record_id = :r", r=headers.get_header("WARC-Refers-To"))
        assert status == 200 and body == open_capture(crawl.data_dir, capture).payload


def test_verify_checks_the_conversion_records_the_catalog_points_to(crawl, tmp_path):
    """A conversion record is a record the catalog points to, so fixity covers it: one flipped byte
    inside it fails `fazhi verify`, naming that record (the CDXJ does not list it)."""
    data = copy_archive(crawl, tmp_path)
    pointer = query(sqlite_url(data), "SELECT * FROM conversion ORDER BY id")[0]
    path = data / pointer["warc"]
    blob = bytearray(path.read_bytes())
    blob[pointer["offset"] + pointer["length"] // 2] ^= 0x01
    path.write_bytes(bytes(blob))
    out = run_fazhi("--data-dir", str(data), "verify")
    assert out.returncode == 1, out.stdout + out.stderr
    differs = [line for line in out.stdout.splitlines() if line.startswith("DIFFERS")]
    assert len(differs) == 1 and pointer["record_id"] in differs[0], differs

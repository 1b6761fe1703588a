"""End to end: crawl simweb over real HTTP, then check WARCs, catalog and politeness."""

from __future__ import annotations

import io
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from catalog.db import database_url, open_catalog

from .conftest import run_fazhi


def normalise(url: str) -> str:
    return url.rstrip("/")


def test_crawl_finishes_and_names_the_unreachable_site(crawl):
    assert crawl.result.returncode == 3, crawl.result.stderr[-2000:]
    assert "unreachable site(s): 失联县人民政府" in crawl.result.stderr
    assert "Traceback" not in crawl.result.stderr


def test_every_true_report_is_catalogued_with_region_and_year(crawl):
    exported = {normalise(r["url"]): r for r in crawl.export()}
    for report in crawl.truth["reports"]:
        found = exported.get(normalise(report["url"]))
        assert found is not None, f"missed {report['url']} {report['title']}"
        assert found["region_code"] == report["region_code"], report["url"]
        assert found["year"] == report["year"], report["url"]


def test_no_hard_negative_is_catalogued(crawl):
    exported = {normalise(r["url"]) for r in crawl.export()}
    negatives = {normalise(n["url"]) for n in crawl.truth["negatives"]}
    assert not exported & negatives
    assert len(crawl.export()) == len(crawl.truth["reports"])


def test_hard_negatives_were_fetched_and_rejected(crawl):
    """The crawl must meet the negatives that sit beside reports, or the test above proves nothing.

    政府信息公开工作年度报告 are left out: link scoring already steers the crawl away from them.
    """
    fetched = {normalise(r["url"]) for r in crawl.requests() if r["status"] == 200}
    negatives = {normalise(n["url"]) for n in crawl.truth["negatives"] if n["kind"] != "disclosure_report"}
    assert len(fetched & negatives) >= len(negatives) // 2


def test_focused_crawl_fetches_fewer_than_half_of_the_pages(crawl):
    fetched = {r["url"] for r in crawl.requests() if not r["url"].endswith("/robots.txt")}
    assert len(fetched) < crawl.truth["pages"] / 2, (len(fetched), crawl.truth["pages"])


def test_robots_disallowed_paths_are_never_requested(crawl):
    disallowed = crawl.truth.get("disallowed", [])
    assert disallowed, "simweb should publish at least one robots.txt rule"
    for request in crawl.requests():
        host, path = request["host"], urlsplit(request["url"]).path
        for rule in disallowed:
            assert not (host == rule["host"] and path.startswith(rule["path"])), request["url"]


def warc_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "warcs").glob("*.warc.gz"))


def test_warc_files_are_closed_and_pass_warcio_check(crawl):
    files = warc_files(crawl.data_dir)
    assert files
    assert not list((crawl.data_dir / "warcs").glob("*.open"))
    for path in files:
        check = subprocess.run(
            [str(Path(sys.executable).parent / "warcio"), "check", str(path)],
            capture_output=True, text=True,
        )
        assert check.returncode == 0, check.stdout + check.stderr


def test_warcs_hold_a_request_and_response_for_every_fetch(crawl):
    types: Counter[str] = Counter()
    responses = set()
    for path in warc_files(crawl.data_dir):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                types[record.rec_type] += 1
                if record.rec_type == "response":
                    responses.add(record.rec_headers.get_header("WARC-Target-URI"))
    assert types["warcinfo"] == len(warc_files(crawl.data_dir))
    assert types["response"] == types["request"]
    served = {r["url"] for r in crawl.requests() if r["status"] != 502}
    assert served <= responses | {u + "/" for u in responses}


def test_every_capture_pointer_opens_as_the_reports_response(crawl):
    """offset and length delimit exactly one gzip member holding the report's response record."""
    for record in crawl.export():
        capture = record["capture"]
        with open(crawl.data_dir / capture["warc"], "rb") as stream:
            stream.seek(capture["offset"])
            member = stream.read(capture["length"])
        records = list(ArchiveIterator(io.BytesIO(member)))
        assert len(records) == 1
        warc_record = records[0]
        assert warc_record.rec_type == "response"
        assert warc_record.rec_headers.get_header("WARC-Target-URI") == record["url"]
        assert warc_record.rec_headers.get_header("WARC-Payload-Digest") == capture["digest"]
        assert warc_record.rec_headers.get_header("WARC-Date") == capture["timestamp"]


def test_faults_are_counted_in_the_crawl_run(crawl):
    with open_catalog(database_url(crawl.data_dir, None)) as catalog:
        run = catalog.latest_run()
    errors = run.stats["errors"]
    assert errors.get("http_500", 0) >= 1
    assert errors.get("redirect_loop", 0) >= 1
    assert run.status == "finished"


def test_catalog_ls_filters_by_region_and_year(crawl):
    report = crawl.truth["reports"][0]
    out = run_fazhi("--data-dir", str(crawl.data_dir), "catalog", "ls", "--region", report["region_code"],
                    "--year", str(report["year"]))
    assert out.returncode == 0, out.stderr
    assert report["region_code"] in out.stdout
    other = run_fazhi("--data-dir", str(crawl.data_dir), "catalog", "ls", "--year", "1999")
    assert report["region_code"] not in other.stdout


def test_csv_export_has_the_contract_columns(crawl, tmp_path):
    target = tmp_path / "reports.csv"
    out = run_fazhi("--data-dir", str(crawl.data_dir), "catalog", "export", "--format", "csv",
                    "--output", str(target))
    assert out.returncode == 0, out.stderr
    header = target.read_text(encoding="utf-8").splitlines()[0]
    for column in ("title", "issuer", "issuer_kind", "region_code", "region_name", "year", "published",
                   "url", "text", "variant"):
        assert column in header.split(",")


@pytest.mark.postgres
def test_crawl_into_postgresql(simweb, tmp_path, postgres_url):
    """The same crawl, cataloged in a real PostgreSQL database."""
    site = simweb.world.sites[0]
    sites = tmp_path / "sites.yaml"
    sites.write_text(
        f'sites:\n  - name: {site.name}\n    start_urls: ["{site.start_url}"]\n    region: "{site.region_code}"\n',
        encoding="utf-8",
    )
    out = run_fazhi("--data-dir", str(tmp_path), "--db", postgres_url, "crawl", "--sites", str(sites),
                    "--proxy", simweb.proxy_url, "--delay", "0")
    assert out.returncode == 0, out.stderr[-2000:]
    listed = run_fazhi("--data-dir", str(tmp_path), "--db", postgres_url, "catalog", "ls")
    assert site.region_code in listed.stdout
    assert not (tmp_path / "catalog.sqlite").exists()


def _declared_charset(content_type: str | None) -> str | None:
    if content_type and "charset=" in content_type.lower():
        return content_type.lower().split("charset=")[-1].split(";")[0].strip()
    return None


def test_the_crawl_met_every_planted_fault_and_went_on(crawl):
    """The fault tests above could pass vacuously; here the crawl is shown to have met each fault."""
    log = crawl.requests()
    statuses = Counter(r["status"] for r in log)
    assert statuses[500] >= 1 and statuses[502] >= 1
    assert statuses[302] >= 2  # both legs of the A -> B -> A loop
    assert any(r["status"] == 200 and r["bytes"] == 0 for r in log), "no empty 200 was fetched"
    broken = []
    for path in warc_files(crawl.data_dir):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                charset = _declared_charset(record.http_headers.get_header("Content-Type"))
                body = record.content_stream().read()
                if charset and body:
                    try:
                        body.decode("gb18030" if charset in ("gbk", "gb2312") else charset)
                    except (UnicodeDecodeError, LookupError):
                        broken.append(record.rec_headers.get_header("WARC-Target-URI"))
    assert broken, "no page with a broken charset was archived"
    assert crawl.result.returncode == 3  # finished; only the unreachable site is reported

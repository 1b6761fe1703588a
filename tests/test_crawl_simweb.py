"""End to end: crawl simweb over real HTTP, then check WARCs, catalog and politeness."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from warcio.archiveiterator import ArchiveIterator

from catalog.db import database_url, open_catalog

from .conftest import run_fazhi


def normalise(url: str) -> str:
    return url.rstrip("/")


def test_crawl_finishes_and_names_the_unreachable_site(crawl):
    assert crawl.result.returncode == 3, crawl.result.stderr[-2000:]
    assert "unreachable site(s): 失联县人民政府" in crawl.result.stderr
    assert "Traceback" not in crawl.result.stderr


def by_capture_url(rows: list[dict]) -> dict[str, dict]:
    """Report rows under every URL they were captured at: a report met on its own site and on a mirror
    is one row, and either copy may be the one met first."""
    return {normalise(c["url"]): r for r in rows for c in r["captures"]} | {normalise(r["url"]): r for r in rows}


def test_every_true_report_is_catalogued_with_region_and_year(crawl):
    exported = by_capture_url(crawl.export())
    for report in crawl.truth["reports"]:
        found = exported.get(normalise(report["url"]))
        assert found is not None, f"missed {report['url']} {report['title']}"
        assert found["region_code"] == report["region_code"], report["url"]
        assert found["year"] == report["year"], report["url"]


def test_no_hard_negative_is_catalogued(crawl):
    exported = set(by_capture_url(crawl.export()))
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
    cut = {(f["host"], f["path"]) for f in crawl.truth["faults"] if f["kind"] in ("truncated", "reset")}
    served = {r["url"] for r in crawl.requests() if r["status"] != 502 and (r["host"], r["path"]) not in cut}
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


def test_catalog_ls_shows_full_rows_fits_a_terminal_and_speaks_json(crawl):
    from catalog.table import display_width

    exported = crawl.export()
    wide = run_fazhi("--data-dir", str(crawl.data_dir), "catalog", "ls")  # a pipe: nothing is cut
    assert wide.returncode == 0, wide.stderr
    assert wide.stdout.splitlines()[0].split() == ["region", "name", "year", "kind", "issuer", "title",
                                                   "published", "url"]
    for record in exported:
        assert record["title"] in wide.stdout and record["url"] in wide.stdout
    narrow = run_fazhi("--data-dir", str(crawl.data_dir), "catalog", "ls", env={"COLUMNS": "100"})
    assert all(display_width(line) <= 100 for line in narrow.stdout.splitlines())
    as_json = json.loads(run_fazhi("--data-dir", str(crawl.data_dir), "catalog", "ls", "--json").stdout)
    assert [(r["title"], r["url"], r["issuer_kind"]) for r in as_json] == [
        (r["title"], r["url"], r["issuer_kind"]) for r in exported]


def test_nothing_matched_is_exit_1_for_ls_and_export(crawl, tmp_path):
    ls = run_fazhi("--data-dir", str(crawl.data_dir), "catalog", "ls", "--region", "9999")
    wacz = run_fazhi("--data-dir", str(crawl.data_dir), "export", "wacz", "--region", "9999",
                     "--output", str(tmp_path / "none.wacz"))
    assert ls.returncode == wacz.returncode == 1
    assert ls.stderr == wacz.stderr == "fazhi: error: no reports match the selection\n"
    assert ls.stdout == ""


def test_crawl_json_is_the_run_summary(simweb, tmp_path):
    site = simweb.world.sites[0]
    sites = tmp_path / "sites.yaml"
    sites.write_text(f'sites:\n  - name: {site.name}\n    start_urls: ["{site.start_url}"]\n', encoding="utf-8")
    out = run_fazhi("--data-dir", str(tmp_path), "crawl", "--sites", str(sites), "--proxy", simweb.proxy_url,
                    "--delay", "0", "--json")
    assert out.returncode == 0, out.stderr[-2000:]
    summary = json.loads(out.stdout)
    assert summary["run_id"] == 1 and summary["unreachable"] == [] and summary["reports"] >= 1
    assert [row["site"] for row in summary["sites"]] == [site.name]
    assert {"fallbacks", "errors", "errors_by_kind", "pages_fetched", "log"} <= set(summary)
    assert summary["report_changes"] == {"new": summary["reports"], "changed": 0, "unchanged": 0}
    assert Path(summary["log"]).exists()


def test_crawl_summary_is_words_and_columns(crawl):
    """The summary names every site with its stop reason, and each error kind once, under a short name."""
    out = crawl.result.stdout
    assert out.startswith("crawl run ") and "report capture(s)" in out and "mirror" in out
    assert f"reports: {len(crawl.export())} new, 0 changed (a new version), 0 unchanged" in out
    names = [site["name"] for site in yaml.safe_load((crawl.data_dir / "sites.yaml").read_text())["sites"]]
    site_rows = [line for line in out.splitlines() if line.split("  ")[0] in names]
    assert len(site_rows) >= len(names) - 1  # the unreachable site may have no row
    assert re.search(r"^not found \(404\) +http_404 +\d+", out, re.M) and "{" not in out, out
    assert out.rstrip().splitlines()[-1].startswith("log: ")


def test_csv_export_opens_as_utf8_in_excel_and_python(crawl, tmp_path):
    """Excel needs the BOM to read UTF-8; Python's csv with utf-8-sig gets every title back intact."""
    target = tmp_path / "reports.csv"
    out = run_fazhi("--data-dir", str(crawl.data_dir), "catalog", "export", "--format", "csv",
                    "--output", str(target))
    assert out.returncode == 0, out.stderr
    assert target.read_bytes()[:3] == b"\xef\xbb\xbf"
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for column in ("title", "issuer", "issuer_kind", "region_code", "region_name", "year", "published",
                   "url", "text", "variant"):
        assert column in rows[0]
    titles = [record["title"] for record in crawl.export()]
    assert len(titles) >= 10 and any("法治" in t for t in titles)
    assert [row["title"] for row in rows] == titles


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


# --- issue 3: attachments, duplicates, traps, network faults ---------------------------------------

def char_f1(found: str, expected: str) -> float:
    """F1 over the multiset of non-space characters: order-insensitive, punishes loss and noise alike."""
    a, b = Counter("".join(found.split())), Counter("".join(expected.split()))
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def test_file_only_reports_are_catalogued_at_their_file_with_their_text(crawl):
    exported = {normalise(r["url"]): r for r in crawl.export()}
    files = [r for r in crawl.truth["reports"] if r["attachment"] and not r["needs_ocr"]]
    assert {r["url"].rsplit(".", 1)[-1] for r in files} == {"pdf", "docx", "doc"}
    for report in files:
        found = exported[normalise(report["url"])]
        assert char_f1(found["text"], report["text"]) >= 0.97, report["url"]
        assert not found["needs_ocr"]


def test_the_scanned_report_is_catalogued_and_flagged_needs_ocr(crawl):
    exported = {normalise(r["url"]): r for r in crawl.export()}
    scans = [r for r in crawl.truth["reports"] if r["needs_ocr"]]
    assert scans
    for report in scans:
        found = exported[normalise(report["url"])]
        assert found["needs_ocr"] and found["text"] == ""
        assert (found["year"], found["region_code"]) == (report["year"], report["region_code"])


def test_a_report_at_two_urls_or_on_two_sites_is_catalogued_once(crawl):
    exported = crawl.export()
    doubled = [r for r in crawl.truth["reports"] if r["also_at"]]
    assert {urlsplit(u).hostname != urlsplit(r["url"]).hostname for r in doubled for u in r["also_at"]} == {
        True, False}  # a tracking-parameter copy on its own site and a repost on another site
    fetched = {r["url"] for r in crawl.requests() if r["status"] == 200}
    for report in doubled:
        urls = {normalise(report["url"])} | {normalise(u) for u in report["also_at"]}
        assert sum(normalise(r["url"]) in urls for r in exported) == 1, report["url"]
        reposts = [u for u in report["also_at"] if "?" not in u]
        assert all(u in fetched for u in reposts), "the repost was never met, so dedup proves nothing"


def test_a_government_and_two_departments_reporting_on_one_year_are_three_reports(crawl):
    """Issue 18: one portal carries the city government's report and two of its departments' reports on
    the same year, all of one region code and alike in wording; each is its own row under its own issuer."""
    by_site_year: dict[tuple[str, int], list[dict]] = {}
    for report in crawl.truth["reports"]:
        by_site_year.setdefault((urlsplit(report["url"]).hostname, report["year"]), []).append(report)
    [reports] = [group for group in by_site_year.values() if len({r["issuer"] for r in group}) >= 3]
    assert len({r["region_code"] for r in reports}) == 1
    assert sorted(r["issuer_kind"] for r in reports) == ["department", "department", "government"]
    exported = by_capture_url(crawl.export())
    rows = [exported.get(normalise(r["url"])) for r in reports]
    assert None not in rows, "a report of the three was not catalogued"
    assert len({normalise(row["url"]) for row in rows}) == 3, "two issuers' reports were catalogued as one"
    assert [row["issuer"] for row in rows] == [r["issuer"] for r in reports]
    assert [row["versions"] for row in rows] == [1, 1, 1]


def test_the_calendar_trap_costs_at_most_the_stated_bound(crawl):
    from crawler.spidermiddlewares.traps import MAX_SAME_PATH_HOPS

    for trap in crawl.truth["traps"]:
        hits = [r for r in crawl.requests()
                if r["host"] == trap["host"] and urlsplit(r["url"]).path.split(";")[0] == trap["path"]]
        assert 1 <= len(hits) <= 2 * MAX_SAME_PATH_HOPS - 1, len(hits)
        assert not any("jsessionid" in r["url"] for r in hits[1:]), "session ids must be normalised away"


def test_every_network_fault_is_met_and_counted_in_the_run(crawl):
    log = crawl.requests()
    for fault in crawl.truth["faults"]:
        assert any(r["host"] == fault["host"] and r["path"] == fault["path"] for r in log), fault
    with open_catalog(database_url(crawl.data_dir, None)) as catalog:
        errors = catalog.latest_run().stats["errors"]
    expected = {"slow": "slow_response", "redirect_chain": "redirect_chain", "not_found": "http_404",
                "truncated": "ResponseDataLossError", "reset": "DownloadFailedError"}
    for kind, name in expected.items():
        assert errors.get(name, 0) >= 1, (kind, name, errors)
    # a permanent 500 costs RETRY_TIMES (2) retries; one more is the 500 that a retry overcame
    assert errors["retried_500 Internal Server Error"] > 2 * errors.get("http_500", 0), errors


def _archived_body(data_dir: Path, url: str) -> bytes:
    """The payload of the first 200 response archived for ``url``."""
    for path in warc_files(data_dir):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if (record.rec_type == "response" and record.rec_headers.get_header("WARC-Target-URI") == url
                        and record.http_headers.get_statuscode() == "200"):
                    return record.content_stream().read()
    raise AssertionError(f"{url} was not archived")


def test_the_big5_mirror_collapses_into_its_origins_report(crawl, tmp_path):
    """The 繁體 gateway's copy is found, decoded from Big5 and catalogued as a capture of the origin's
    report; normalised back to Simplified it reads as the origin's text."""
    from catalog.neardup import SAME_TEXT, signature, similarity

    report = next(r for r in crawl.truth["reports"] if any("/gate/big5/" in u for u in r["also_at"]))
    mirror_url = next(u for u in report["also_at"] if "/gate/big5/" in u)
    rows = [r for r in crawl.export() if mirror_url in {c["url"] for c in r["captures"]}]
    assert len(rows) == 1, "the mirror's report must be a capture of exactly one report row"
    row = rows[0]
    assert report["url"] in {c["url"] for c in row["captures"]}, "not collapsed with the origin's report"
    # the row shows its first capture as published: the mirror's variant only if it came first
    assert row["variant"] == ("traditional" if row["url"] == mirror_url else "simplified")
    page = tmp_path / "mirror.html"
    page.write_bytes(_archived_body(crawl.data_dir, mirror_url))
    out = run_fazhi("extract", str(page), "--url", mirror_url, "--json")
    assert out.returncode == 0, out.stderr
    mirrored = json.loads(out.stdout)
    assert mirrored["is_report"] and mirrored["variant"] == "traditional"
    assert "資訊" in mirrored["text_original"] and "程式" in mirrored["text_original"]
    assert "\ufffd" not in mirrored["text_original"] and "&#" not in mirrored["text_original"]
    assert char_f1(mirrored["text"], report["text"]) >= 0.97
    assert similarity(signature(mirrored["text"]), signature(report["text"])) >= SAME_TEXT

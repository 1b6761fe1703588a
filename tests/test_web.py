"""The web catalog (fazhi serve) over a catalog crawled from simweb: grid, search, report page,
exports, and its safety (escaping, parameter validation, read-only endpoints, CSP)."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from catalog.coverage import GridFilter, cell_state, coverage
from catalog.db import open_catalog
from catalog.search import Selection, search, snippet
from fazhi.web import create_app
from simweb.plan import HOSTILE_TITLE_TAIL

from .conftest import FAZHI, REPO, crawl_one_site, free_port, run_fazhi

YANGCHUN = "www.yangchun.gov.cn"
TABLES = ("report", "capture", "report_capture", "division", "crawl_run", "capture_index")


def _yangchun(world):
    return next(site for site in world.sites if site.host == YANGCHUN)


@pytest.fixture(scope="module")
def crawled(simweb, tmp_path_factory) -> Path:
    """阳春's portal crawled into a fresh data dir: three reports (2022, 2023 and a 2024 one whose title
    carries markup)."""
    data_dir = tmp_path_factory.mktemp("web")
    crawl_one_site(simweb, data_dir, _yangchun(simweb.world))
    return data_dir


@pytest.fixture(scope="module")
def catalog(crawled):
    cat = open_catalog(f"sqlite:///{crawled / 'catalog.sqlite'}")
    yield cat
    cat.close()


@pytest.fixture(scope="module")
def client(catalog, crawled):
    return create_app(catalog, crawled, replay_port=9999).test_client()


def _report_id(catalog, year: int) -> int:
    with catalog.engine.connect() as conn:
        return conn.execute(text("SELECT id FROM report WHERE year = :y"), {"y": year}).scalar_one()


def _table_fingerprint(catalog) -> dict[str, tuple]:
    with catalog.engine.connect() as conn:
        return {t: (conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one(),
                    hashlib.sha256(repr(conn.execute(text(f"SELECT * FROM {t} ORDER BY 1")).all()).encode())
                    .hexdigest()) for t in TABLES}


def test_cell_states_follow_the_1_april_deadline() -> None:
    assert cell_state(2023, 1, 0, date(2024, 5, 1)) == "found"
    assert cell_state(2023, 2, 2, date(2024, 5, 1)) == "late"
    assert cell_state(2023, 2, 1, date(2024, 5, 1)) == "found"  # one of them on time
    assert cell_state(2023, 0, 0, date(2024, 4, 1)) == "due"  # 1 April itself is still in time
    assert cell_state(2023, 0, 0, date(2024, 4, 2)) == "missing"


def test_grid_of_a_province_shows_each_county_year(client, catalog) -> None:
    grid = coverage(catalog, GridFilter(province="44", level=None, year_from=2021, year_to=2025),
                    today=date(2026, 12, 1))
    row = next(r for r in grid.rows if r.code == "441781")
    assert [c.state for c in row.cells] == ["missing", "found", "found", "found", "missing"]
    assert row.cells[1].report_id == _report_id(catalog, 2022)
    assert grid.rows[0].code == "440000" and grid.rows[0].level == "province"  # province first, then its parts
    page = client.get("/?province=44&from=2021&to=2025").get_data(as_text=True)
    assert "阳春市" in page and f'href="/report/{_report_id(catalog, 2023)}"' in page
    assert "not yet due" in page and "found late" in page  # the legend


def test_national_grid_lists_provinces_and_links_into_them(client) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "广东省" in page and "甘肃省" in page and "阳春市" not in page
    assert 'href="/?province=44' in page
    assert "<svg" in page  # the per-year chart


def test_search_finds_a_phrase_with_highlight_facets_and_a_link(client, catalog) -> None:
    phrase = "法治政府建设情况报告"
    page = client.get(f"/search?q={phrase}").get_data(as_text=True)
    assert "2 份报告" in page and f"<mark>{phrase}</mark>" in page  # 2022 reads 建设情况的报告
    assert "广东省" in page and "2024" in page  # facets: region, year
    result = search(catalog, Selection(query="阳春 2023年"))
    assert result.total >= 1 and all(h.region_code == "441781" for h in result.hits)
    assert search(catalog, Selection(query="法治政府", year_from=2024, year_to=2024)).total == 1
    traditional = search(catalog, Selection(query="法治政府建設情況報告"))  # a 繁體 query finds the same
    assert traditional.total == 2 and any(hit for h in traditional.hits for _, hit in h.snippet)
    assert client.get("/search?q=法治&page=2").status_code == 200  # a page past the end is empty, not an error


def test_snippet_marks_every_term() -> None:
    parts = snippet("甲乙丙法治政府丁戊法治己", ["法治"])
    assert [p for p, hit in parts if hit] == ["法治", "法治"]
    assert "".join(p for p, _ in parts) == "甲乙丙法治政府丁戊法治己"


def test_report_page_shows_text_sections_and_provenance(client, catalog, crawled) -> None:
    report_id = _report_id(catalog, 2023)
    page = client.get(f"/report/{report_id}").get_data(as_text=True)
    record = next(r for r in run_export(crawled) if r["year"] == 2023)
    assert record["title"] in page and record["capture"]["digest"] in page and record["url"] in page
    assert f'{record["capture"]["warc"]} @ {record["capture"]["offset"]}' in page
    assert "127.0.0.1" in page  # the server IP from the WARC record
    assert 'href="http://localhost:9999/fazhi/' in page  # replay on pywb's port, another origin
    assert 'id="section-1"' in page and "一、" in page
    assert "存档（fazhi，" in page  # the citation line


def test_original_bytes_are_the_archived_payload(client, catalog) -> None:
    with catalog.engine.connect() as conn:
        capture_id, digest = conn.execute(text("SELECT id, digest FROM capture WHERE url LIKE '%.pdf'")).one()
    response = client.get(f"/capture/{capture_id}/original")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    algorithm, value = digest.split(":")
    assert base64.b32encode(hashlib.new(algorithm, response.data).digest()).decode() == value


def run_export(data_dir: Path) -> list[dict]:
    out = run_fazhi("--data-dir", str(data_dir), "catalog", "export", "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_exports_are_the_records_of_catalog_export(client, crawled) -> None:
    cli = run_export(crawled)
    web = [json.loads(line) for line in client.get("/export.jsonl").get_data(as_text=True).splitlines()]
    assert web == cli
    only_2024 = [json.loads(line) for line in
                 client.get("/export.jsonl?region=4417&year=2024").get_data(as_text=True).splitlines()]
    assert only_2024 == [r for r in cli if r["year"] == 2024]
    csv_text = client.get("/export.csv?q=法治政府&from=2022&to=2023").get_data(as_text=True)
    assert csv_text.startswith("\ufefftitle,issuer,") and csv_text.count("http://www.yangchun.gov.cn/") >= 2


def test_csv_export_is_the_bytes_of_catalog_export(client, crawled) -> None:
    cli = run_fazhi("--data-dir", str(crawled), "catalog", "export", "--format", "csv")
    assert cli.returncode == 0, cli.stderr
    web = client.get("/export.csv").data
    assert web[:3] == b"\xef\xbb\xbf" and web.decode("utf-8") == cli.stdout


def test_archived_markup_is_escaped_everywhere(client, catalog) -> None:
    hostile = _report_id(catalog, 2024)
    for path in (f"/report/{hostile}", "/search?q=fazhiXss", "/search?q=法治政府建设", "/?province=44"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>window" not in page and "<img src=x" not in page and "<script" not in page, path
    page = client.get(f"/report/{hostile}").get_data(as_text=True)
    assert "&lt;script&gt;window.__fazhiXss=1&lt;/script&gt;" in page  # shown as text, not dropped
    assert "&#34;&gt;&lt;img src=x onerror=" in page


@pytest.mark.parametrize("query", [
    "/search?q=' OR 1=1 --", "/search?q=法治'); DROP TABLE report; --", '/search?q="*" OR NEAR(a b)',
    "/search?q=%25%25%25", "/search?q=___", "/export.csv?q=' UNION SELECT * FROM capture --",
])
def test_injection_attempts_find_nothing_and_leave_tables_intact(client, catalog, query) -> None:
    before = _table_fingerprint(catalog)
    response = client.get(query)
    assert response.status_code in (200, 400)
    if "search" in query and response.status_code == 200:
        assert "0 份报告" in response.get_data(as_text=True)
    assert _table_fingerprint(catalog) == before


@pytest.mark.parametrize("query", [
    "/?province=44' OR '1'='1", "/?level=admin", "/?from=1900", "/?from=2024&to=2020", "/search?region=44;--",
    "/search?year=abc", "/search?kind=government' --", "/search?page=0", "/search?q=" + "法" * 201,
    "/report/1?diff=x", "/export.xml",
])
def test_bad_parameters_are_rejected(client, query) -> None:
    assert client.get(query).status_code in (400, 404)


def test_no_endpoint_changes_data_and_every_response_has_a_csp(client, catalog) -> None:
    before = _table_fingerprint(catalog)
    report_id = _report_id(catalog, 2022)
    paths = ["/", "/?province=44", "/search?q=法治", f"/report/{report_id}", "/runs", "/export.csv",
             "/export.jsonl", "/report/999999", "/nope"]
    for path in paths:
        response = client.get(path)
        assert "script-src 'self'" in response.headers["Content-Security-Policy"], path
        for method in (client.post, client.put, client.delete, client.patch):
            assert method(path).status_code in (404, 405), (method, path)
    assert _table_fingerprint(catalog) == before


def test_runs_page_shows_the_crawl_and_its_sites(client, catalog) -> None:
    page = client.get("/runs").get_data(as_text=True)
    assert "Run 1 · finished" in page and "sites.yaml" in page
    with catalog.engine.begin() as conn:  # a run summary from the rewritten crawler carries per-site rows
        stats = {"pages_fetched": 3, "reports": 1, "errors": {"http_404": 2},
                 "sites": [{"site": "某县<b>", "pages": 3, "reports": 1, "best_remaining": 0.12,
                            "stop_reason": "budget"}]}
        conn.execute(text("INSERT INTO crawl_run (id, started_at, sites_file, settings, status, stats) "
                          "VALUES (99, '2026-01-01 00:00:00', 'x.yaml', '{}', 'finished', :s)"),
                     {"s": json.dumps(stats)})
    try:
        page = client.get("/runs").get_data(as_text=True)
        assert "某县&lt;b&gt;" in page and "budget" in page and "http_404 2" in page
    finally:
        with catalog.engine.begin() as conn:
            conn.execute(text("DELETE FROM crawl_run WHERE id = 99"))


def test_fts_index_follows_reports_added_and_changed(catalog) -> None:
    with catalog.engine.begin() as conn:
        conn.execute(text("UPDATE report SET text = text || '，新增短语甲乙丙丁' WHERE year = 2022"))
    try:
        assert [h.year for h in search(catalog, Selection(query="新增短语甲乙丙丁")).hits] == [2022]
    finally:
        with catalog.engine.begin() as conn:
            conn.execute(text("UPDATE report SET text = replace(text, '，新增短语甲乙丙丁', '') WHERE year = 2022"))
    assert search(catalog, Selection(query="新增短语甲乙丙丁")).total == 0


@pytest.mark.postgres
def test_search_and_grid_on_postgresql(simweb, tmp_path, postgres_url) -> None:
    crawl_one_site(simweb, tmp_path, _yangchun(simweb.world), db=postgres_url)
    catalog = open_catalog(postgres_url)
    try:
        engine = create_engine(postgres_url)
        with engine.connect() as conn:  # the trigram indexes the search uses exist
            indexes = set(conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'report'"))
                          .scalars())
        engine.dispose()
        assert {"ix_report_title_trgm", "ix_report_text_trgm"} <= indexes
        assert search(catalog, Selection(query="法治政府建设情况报告")).total == 2
        assert search(catalog, Selection(query="法治", year_from=2024, year_to=2024)).total == 1
        assert search(catalog, Selection(query="' OR 1=1 --")).total == 0
        assert "<mark>" not in "".join(p for h in search(catalog, Selection(query="阳春")).hits for p, _ in h.snippet)
        page = create_app(catalog, tmp_path).test_client().get("/search?q=fazhiXss").get_data(as_text=True)
        assert "1 份报告" in page and "<script>window" not in page
        grid = coverage(catalog, GridFilter(province="44", level="county", year_from=2022, year_to=2024))
        assert [c.state for c in next(r for r in grid.rows if r.code == "441781").cells] == ["found"] * 3
    finally:
        catalog.close()


def test_serve_warns_when_bound_beyond_loopback(crawled) -> None:
    port = free_port()
    proc = subprocess.Popen([*FAZHI, "--data-dir", str(crawled), "serve", "--host", "0.0.0.0", "--port",
                             str(port), "--replay-port", "0"], cwd=REPO, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("catalog on" in line for line in lines):
            lines.append(proc.stderr.readline())
        assert any("no login" in line for line in lines), lines
        assert any(f"http://127.0.0.1:{port}/" in line for line in lines), lines
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_hostile_title_is_in_simweb_truth(simweb) -> None:
    titles = [r["title"] for r in simweb.world.truth()["reports"] if r["year"] == 2024]
    assert titles == [f"阳春市人民政府2024年法治政府建设情况报告{HOSTILE_TITLE_TAIL}"]


def test_versions_diff_late_cells_and_departments(tmp_path) -> None:
    from archive.writer import WarcWriter

    from .test_catalog import _add, _long_report, doc

    catalog = open_catalog(f"sqlite:///{tmp_path / 'catalog.sqlite'}")
    try:
        run_id = catalog.start_run(sites_file="sites.yaml", settings={})
        body = _long_report(1)
        revised = body.replace("完成事项", "全年办理行政复议案件") + "\n（本报告于2024年3月修订）"
        with WarcWriter(tmp_path) as writer:
            first = _add(catalog, run_id, writer, "http://www.yangchun.gov.cn/a.html",
                         doc("441781", "阳春市", 2023, body))
            newer = _add(catalog, run_id, writer, "http://www.yangchun.gov.cn/c.html",
                         doc("441781", "阳春市", 2023, revised))
            _add(catalog, run_id, writer, "http://www.yangchun.gov.cn/late.html",
                 doc("441781", "阳春市", 2022, _long_report(2), timely=False, published="2023-06-01T09:00:00"))
            _add(catalog, run_id, writer, "http://www.yangchun.gov.cn/sfj.html",
                 doc("441781", "阳春市", 2023, _long_report(3), issuer="阳春市司法局", issuer_kind="department"))
        client = create_app(catalog, tmp_path).test_client()
        page = client.get(f"/report/{newer}").get_data(as_text=True)
        assert f'href="/report/{first}"' in page and "v1 → v2" in page
        assert '<pre class="del">- 第100项措施推进依法行政，完成事项7件' in page
        assert '<pre class="ins">+ （本报告于2024年3月修订）</pre>' in page
        assert client.get(f"/report/{newer}?diff={newer + 100}").status_code == 400
        grid = coverage(catalog, GridFilter(province="44", level="county", year_from=2022, year_to=2023))
        assert [(c.state, c.reports) for c in next(r for r in grid.rows if r.code == "441781").cells] == [
            ("late", 1), ("found", 1)]  # one 2023 report however many versions
        departments = coverage(catalog, GridFilter(province="44", level="department", year_from=2022,
                                                   year_to=2023))
        assert [(r.code, [c.state for c in r.cells]) for r in departments.rows] == [("441781", ["missing", "found"])]
        assert search(catalog, Selection(query="完成事项7件")).total == 0  # the superseded text is not searched
        assert search(catalog, Selection(query="全年办理行政复议案件")).total == 1
    finally:
        catalog.close()


def test_stopping_serve_stops_its_pywb(crawled) -> None:
    import urllib.request

    from fazhi.web.launch import stop, wait_for

    port, replay_port = free_port(), free_port()
    proc = subprocess.Popen([*FAZHI, "--data-dir", str(crawled), "serve", "--port", str(port), "--replay-port",
                             str(replay_port)], cwd=REPO, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/runs", proc, 90)
        urllib.request.urlopen(f"http://127.0.0.1:{replay_port}/", timeout=5).read()  # pywb answers
    finally:
        stop(proc)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{replay_port}/", timeout=2).read()
            time.sleep(0.5)
        except OSError:
            return
    pytest.fail("pywb still answers after fazhi serve stopped")

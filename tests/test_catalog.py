"""Catalog on real databases: SQLite files and a throwaway PostgreSQL database."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from archive.reader import open_capture
from archive.writer import WarcWriter
from catalog import Catalog, database_url, open_catalog
from catalog.db import alembic_config
from catalog.export import CSV_COLUMNS, export_reports
from catalog.fulltext import outside_search_index
from catalog.models import Base
from catalog.table import format_table, summary_by_region_year
from extract.document import ExtractedDocument

EXPORT_KEYS = ["title", "issuer", "issuer_kind", "region_code", "region_name", "year", "published", "url",
               "text", "variant", "capture",  # the first contract, unchanged; then issue 4's additions
               "issuer_confidence", "issuer_evidence", "signed", "timely", "sections", "versions", "captures",
               "needs_ocr",  # issue 3: a report from a scan
               "replay"]  # issue 5: the capture in `fazhi replay --serve`
REPORT_TEXT = "一、2023年法治政府建设主要举措\n（一）加强党的领导。\n二、存在的不足\n三、下一步工作安排"


def doc(region_code: str, region_name: str, year: int, body: str = REPORT_TEXT, **kw) -> ExtractedDocument:
    values = dict(
        is_report=True, title=f"{region_name}{year}年法治政府建设情况报告", issuer=f"{region_name}人民政府",
        issuer_kind="government", region_code=region_code, region_name=region_name, year=year,
        published=f"{year + 1}-01-30T10:08:00", text=body, text_original=body, variant="simplified",
        encoding="utf-8", meta={},
    )
    values.update(kw)
    return ExtractedDocument(**values)


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield database_url(tmp_path / "data", None)
        return
    yield request.getfixturevalue("postgres_url")


BACKENDS = pytest.mark.parametrize(
    "db_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
def catalog(db_url: str) -> Iterator[Catalog]:
    cat = open_catalog(db_url)
    yield cat
    cat.close()


def test_database_url_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAZHI_DB_URL", raising=False)
    data = tmp_path / "new" / "data"
    assert database_url(data, None) == f"sqlite:///{data.resolve()}/catalog.sqlite"
    assert data.is_dir()
    monkeypatch.setenv("FAZHI_DB_URL", "sqlite:///elsewhere.sqlite")
    assert database_url(data, None) == "sqlite:///elsewhere.sqlite"
    assert database_url(data, "postgresql+psycopg://h/db") == "postgresql+psycopg://h/db"


@BACKENDS
def test_migrations_create_schema_idempotently(db_url: str, tmp_path: Path) -> None:
    for _ in range(2):  # a second open must find the schema at head and change nothing
        open_catalog(db_url).close()
    engine = create_engine(db_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert {"crawl_run", "capture", "report", "report_capture", "division", "alembic_version"} <= tables
        with engine.connect() as conn:
            head = ScriptDirectory.from_config(alembic_config(db_url)).get_current_head()
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head
            if engine.dialect.name == "sqlite":
                assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            # the migration and the models describe the same schema
            context = MigrationContext.configure(conn, opts={"include_object": outside_search_index})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


@BACKENDS
def test_run_lifecycle_and_foreign_keys(catalog: Catalog, tmp_path: Path) -> None:
    assert catalog.latest_run() is None
    run_id = catalog.start_run(sites_file="config/sites.yaml", settings={"concurrency": 4, "robots": "obey"})
    assert catalog.run(run_id).status == "running" and catalog.run(run_id).finished_at is None
    stats = {"pages_fetched": 12, "errors": {"timeout": 2, "http_404": 1}, "站点": "阳春市"}
    catalog.finish_run(run_id, status="finished", stats=dict(stats, start_time=datetime(2026, 11, 21, 6)))
    run = catalog.latest_run()
    assert run.id == run_id and run.status == "finished" and run.finished_at >= run.started_at
    assert run.stats == dict(stats, start_time="2026-11-21 06:00:00")  # JSON-safe, not dropped
    assert run.settings == {"concurrency": 4, "robots": "obey"} and run.sites_file == "config/sites.yaml"

    with WarcWriter(tmp_path / "warc") as writer:
        pointer = writer.write_exchange(url="http://a.gov.cn/", method="GET", request_headers=[],
                                        request_body=b"", status=200, reason="OK", response_headers=[],
                                        body=b"x")
    with pytest.raises(IntegrityError):  # foreign keys are enforced on SQLite too
        catalog.add_capture(run_id + 100, "http://a.gov.cn/", pointer, status=200, content_type=None)
    with pytest.raises(KeyError):  # a bad capture id writes nothing
        catalog.add_report(run_id, 999, doc("441781", "阳春市", 2023))
    assert catalog.reports() == []


@BACKENDS
def test_reports_dedup_filters_and_export(catalog: Catalog, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    run_id = catalog.start_run(sites_file="sites.yaml", settings={})
    pages = {
        "http://www.yangchun.gov.cn/a.html": doc("441781", "阳春市", 2023),
        "http://www.yangjiang.gov.cn/mirror.html": doc("441781", "阳春市", 2023,
                                                       body=REPORT_TEXT.replace("\n", "\n  ") + " \u3000"),
        "http://www.jiangcheng.gov.cn/b.html": doc("441702", "江城区", 2022, body="江城区 " + REPORT_TEXT),
        "http://www.yangjiang.gov.cn/c.html": doc("441700", "阳江市", 2023, body="阳江市 " + REPORT_TEXT),
        "http://www.shiyan.gov.cn/d.html": doc("420300", "十堰市", 2023, body="十堰市 " + REPORT_TEXT,
                                               published=None),
    }
    ids = {}
    with WarcWriter(data_dir) as writer:
        for url, document in pages.items():
            pointer = writer.write_exchange(url=url, method="GET", request_headers=[], request_body=b"",
                                            status=200, reason="OK",
                                            response_headers=[("Content-Type", "text/html")],
                                            body=document.text.encode())
            capture_id = catalog.add_capture(run_id, url, pointer, status=200, content_type="text/html")
            ids[url] = catalog.add_report(run_id, capture_id, document)
    # the mirror differs only in whitespace: same report, first-seen URL kept
    assert ids["http://www.yangjiang.gov.cn/mirror.html"] == ids["http://www.yangchun.gov.cn/a.html"]
    assert len(set(ids.values())) == 4
    engine = create_engine(str(catalog.engine.url.render_as_string(hide_password=False)))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM report_capture")).scalar_one() == 5
    engine.dispose()

    assert [r.region_code for r in catalog.reports(region="4417")] == ["441700", "441702", "441781"]
    assert [r.region_code for r in catalog.reports(region="441781")] == ["441781"]
    assert len(catalog.reports(region="44")) == 3 and catalog.reports(region="4201") == []
    assert [r.region_code for r in catalog.reports(year=2023)] == ["420300", "441700", "441781"]
    assert [r.region_code for r in catalog.reports(region="4417", year=2022)] == ["441702"]
    assert [r.region_name for r in catalog.reports(region="阳江")] == ["阳江市"]
    yangchun = catalog.reports(region="441781")[0]
    assert yangchun.url == "http://www.yangchun.gov.cn/a.html" and yangchun.published == "2024-01-30T10:08:00"

    out = io.StringIO()
    assert export_reports(catalog, "jsonl", out) == 4
    lines = out.getvalue().splitlines()
    assert len(lines) == 4 and "阳春市" in out.getvalue()  # ensure_ascii=False
    for line in lines:
        record = json.loads(line)
        assert list(record) == EXPORT_KEYS
        assert list(record["capture"]) == ["warc", "offset", "length", "timestamp", "digest"]
        archived = open_capture(data_dir, record["capture"])
        assert archived.target_uri == record["url"]
        assert archived.payload.decode() == record["text"]
        assert record["capture"]["digest"].startswith("sha256:")
        stamp = "".join(ch for ch in record["capture"]["timestamp"] if ch.isdigit())
        assert record["replay"] == f"http://127.0.0.1:8080/fazhi/{stamp}/{record['url']}"
    assert json.loads(lines[0])["published"] is None  # 十堰 sorts first (420300)
    yangchun_record = json.loads(lines[-1])
    assert [c["url"] for c in yangchun_record["captures"]] == ["http://www.yangchun.gov.cn/a.html",
                                                              "http://www.yangjiang.gov.cn/mirror.html"]
    assert yangchun_record["versions"] == 1
    assert [s["name"] for s in yangchun_record["sections"]] == ["measures", "shortcomings", "next_year"]

    out = io.StringIO()
    assert export_reports(catalog, "csv", out) == 4
    assert out.getvalue().startswith("\ufefftitle,issuer,")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(out.getvalue().removeprefix("\ufeff"))))
    assert list(rows[0]) == list(CSV_COLUMNS) and len(rows) == 4
    assert CSV_COLUMNS[10:15] == ("capture_warc", "capture_offset", "capture_length", "capture_timestamp",
                                  "capture_digest")
    assert json.loads(rows[-1]["sections"])[0]["name"] == "measures"
    assert {r["region_code"] for r in rows} == {"420300", "441700", "441702", "441781"}
    assert rows[-1]["text"] == REPORT_TEXT  # multi-line text survives CSV quoting

    table = format_table(catalog.reports(region="4417"))
    assert table.splitlines()[0].split() == ["region", "name", "year", "kind", "issuer", "title", "published",
                                             "url"]
    assert "江城区2022年法治政府建设情况报告" in table and "2024-01-30" in table
    summary = summary_by_region_year(catalog.reports())
    assert "441781  阳春市  2023" in summary and summary.splitlines()[-1].split() == ["total", "4"]
    with pytest.raises(ValueError):
        export_reports(catalog, "xml", io.StringIO())


def _add(catalog: Catalog, run_id: int, writer: WarcWriter, url: str, document: ExtractedDocument) -> int:
    pointer = writer.write_exchange(url=url, method="GET", request_headers=[], request_body=b"", status=200,
                                    reason="OK", response_headers=[("Content-Type", "text/html")],
                                    body=document.text.encode())
    capture_id = catalog.add_capture(run_id, url, pointer, status=200, content_type="text/html")
    return catalog.add_report(run_id, capture_id, document)


def _long_report(seed: int) -> str:
    """A report-sized text whose sentences differ from one seed to the next."""
    sentences = [f"第{seed * 100 + i}项措施推进依法行政，完成事项{seed * 7 + i * 3}件，办结率{i % 9 + 90}%。"
                 for i in range(60)]
    return "一、主要举措和成效\n" + "\n".join(sentences) + "\n二、存在的不足\n基层力量薄弱。\n三、下一步工作安排\n继续推进。"


@BACKENDS
def test_near_duplicates_collapse_and_changed_texts_become_versions(catalog: Catalog, tmp_path: Path) -> None:
    run_id = catalog.start_run(sites_file="sites.yaml", settings={})
    body = _long_report(1)
    chrome = "当前位置：首页 > 法治政府\n" + body.replace("，", ",").replace("。", ". ") + "\n打印本页 关闭窗口"
    revised = body.replace("完成事项", "全年办理行政复议案件") + "\n（本报告于2024年3月修订）"
    with WarcWriter(tmp_path / "data") as writer:
        first = _add(catalog, run_id, writer, "http://www.yangchun.gov.cn/a.html", doc("441781", "阳春市", 2023, body))
        mirror = _add(catalog, run_id, writer, "http://www.yangjiang.gov.cn/m.html",
                      doc("441781", "阳春市", 2023, chrome))
        other = _add(catalog, run_id, writer, "http://www.yangchun.gov.cn/b.html",
                     doc("441781", "阳春市", 2022, _long_report(2)))
        newer = _add(catalog, run_id, writer, "http://www.yangchun.gov.cn/c.html",
                     doc("441781", "阳春市", 2023, revised))
    assert mirror == first  # chrome, punctuation and spacing differences: the same text
    assert len({first, other, newer}) == 3
    assert catalog.report_count() == 2  # the revision is a version, not a report
    latest = catalog.reports(year=2023)
    assert len(latest) == 1 and latest[0].version == 2 and latest[0].url == "http://www.yangchun.gov.cn/c.html"
    assert latest[0].to_dict()["versions"] == 2
    engine = create_engine(str(catalog.engine.url.render_as_string(hide_password=False)))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT supersedes_id FROM report WHERE id = :i"), {"i": newer}).scalar() == first
    engine.dispose()


@BACKENDS
def test_a_report_met_first_as_a_repost_takes_its_issuers_own_address(catalog: Catalog, tmp_path: Path) -> None:
    run_id = catalog.start_run(sites_file="sites.yaml", settings={})
    body = _long_report(3)
    with WarcWriter(tmp_path / "data") as writer:
        repost = _add(catalog, run_id, writer, "http://www.gdqy.gov.cn/fzzfjs/t1.html",
                      doc("441881", "英德市", 2023, body, meta={"siteidcode": "4418000001"}))
        original = _add(catalog, run_id, writer, "http://www.yingde.gov.cn/fzzfjs/post_1.html",
                        doc("441881", "英德市", 2023, body, meta={"siteidcode": "4418810001"}))
        again = _add(catalog, run_id, writer, "http://www.gdqy.gov.cn/fzzfjs/t1.html?from=timeline",
                     doc("441881", "英德市", 2023, body, meta={"siteidcode": "4418000001"}))
    assert repost == original == again
    [report] = catalog.reports()
    assert report.url == "http://www.yingde.gov.cn/fzzfjs/post_1.html" and report.region_code == "441881"
    assert len(report.to_dict()["captures"]) == 3


@BACKENDS
def test_division_table_filled_once_with_retired_codes(db_url: str) -> None:
    with open_catalog(db_url) as catalog:
        assert catalog.division("441781") == {"code": "441781", "name": "阳春市", "level": "county",
                                              "parent": "441700", "current": True, "successor": None}
        assert catalog.division("110222")["successor"] == "110113"  # 顺义县 -> 顺义区
        assert catalog.division("110222")["current"] is False
        from extract.gazetteer import Gazetteer

        assert catalog.load_divisions(Gazetteer.default()) == 0  # a second load changes nothing
    with open_catalog(db_url) as catalog:
        assert catalog.division("620525")["name"] == "张家川回族自治县"


@BACKENDS
def test_issuer_evidence_dates_and_sections_are_stored(catalog: Catalog, tmp_path: Path) -> None:
    run_id = catalog.start_run(sites_file="sites.yaml", settings={})
    document = doc("441781", "阳春市", 2023, issuer_confidence=0.9, issuer_evidence=["title", "siteidcode"],
                   signed="2024-01-28", timely=True)
    with WarcWriter(tmp_path / "data") as writer:
        _add(catalog, run_id, writer, "http://www.yangchun.gov.cn/a.html", document)
    record = catalog.reports()[0].to_dict()
    assert record["issuer_confidence"] == 0.9 and record["issuer_evidence"] == ["title", "siteidcode"]
    assert record["signed"] == "2024-01-28" and record["timely"] is True
    assert [s["heading"] for s in record["sections"]] == ["一、2023年法治政府建设主要举措", "二、存在的不足",
                                                          "三、下一步工作安排"]


def _shared_report(issuer: str) -> str:
    """A report text that differs from another issuer's only in the issuer's name: the worst case for a
    text-only near-duplicate check (reports of one year share their structure and most sentences)."""
    return f"{issuer}\n" + _long_report(4) + f"\n{issuer}\n2024年1月30日"


@BACKENDS
def test_reports_of_one_region_and_year_by_different_issuers_stay_apart(catalog: Catalog, tmp_path: Path) -> None:
    """Issue 18: a city government and two of its departments (all 371400) each report on 2023; the texts
    are near-identical and the departments' titles the same, yet they are three reports."""
    run_id = catalog.start_run(sites_file="sites.yaml", settings={})
    issuers = {"德州市人民政府": "government", "德州市司法局": "department", "德州市市场监督管理局": "department"}
    ids = {}
    with WarcWriter(tmp_path / "data") as writer:
        for n, (issuer, kind) in enumerate(issuers.items()):
            title = "德州市2023年法治政府建设情况报告" if kind == "government" else "2023年法治政府建设年度报告"
            ids[issuer] = _add(catalog, run_id, writer, f"http://www.dezhou.gov.cn/fzzf/{n}.html",
                               doc("371400", "德州市", 2023, _shared_report(issuer), issuer=issuer,
                                   issuer_kind=kind, title=title))
        # the 司法局's report reposted with the short form of its name: a capture of its own report
        repost = _add(catalog, run_id, writer, "http://sfj.dezhou.gov.cn/art/1.html",
                      doc("371400", "德州市", 2023, _shared_report("德州市司法局"), issuer="市司法局",
                          issuer_kind="department", title="2023年法治政府建设年度报告"))
        # the market regulator corrects a figure: still its own report's text, not the 司法局's
        corrected = _shared_report("德州市市场监督管理局").replace("办结率91%", "办结率92%") + "\n（已更正）"
        revision = _add(catalog, run_id, writer, "http://www.dezhou.gov.cn/fzzf/2-v2.html",
                        doc("371400", "德州市", 2023, corrected, issuer="德州市市场监管局", issuer_kind="department",
                            title="2023年法治政府建设年度报告（更正）"))
    assert len(set(ids.values())) == 3
    assert repost == ids["德州市司法局"] and revision == ids["德州市市场监督管理局"]
    rows = catalog.reports(region="371400", year=2023)
    assert sorted(r.issuer for r in rows) == sorted(issuers)
    assert {r.issuer: len(r.captures) for r in rows} == {issuer: 2 if issuer != "德州市人民政府" else 1
                                                         for issuer in issuers}
    engine = create_engine(str(catalog.engine.url.render_as_string(hide_password=False)))
    with engine.connect() as conn:
        keys = dict(conn.execute(text("SELECT id, issuer_key FROM report")).all())
    engine.dispose()
    assert keys[ids["德州市司法局"]] == "371400|department|司法局"
    assert keys[ids["德州市市场监督管理局"]] == "371400|department|市场监督管理局"
    assert keys[ids["德州市人民政府"]] == "371400|government|人民政府"


@BACKENDS
def test_a_changed_text_is_a_version_only_of_its_own_issuers_report(catalog: Catalog, tmp_path: Path) -> None:
    run_id = catalog.start_run(sites_file="sites.yaml", settings={})
    body = _long_report(5)
    title = "2023年法治政府建设年度报告"
    with WarcWriter(tmp_path / "data") as writer:
        bureau = _add(catalog, run_id, writer, "http://www.dezhou.gov.cn/a.html",
                      doc("371400", "德州市", 2023, body, issuer="德州市司法局", issuer_kind="department",
                          title=title))
        other = _add(catalog, run_id, writer, "http://www.dezhou.gov.cn/b.html",
                     doc("371400", "德州市", 2023, body.replace("完成事项", "全年办理行政许可事项"),
                         issuer="德州市交通运输局", issuer_kind="department", title=title))
        bureau_v2 = _add(catalog, run_id, writer, "http://www.dezhou.gov.cn/c.html",
                         doc("371400", "德州市", 2023, body.replace("完成事项", "全年审结行政复议案件"),
                             issuer="市司法局", issuer_kind="department", title=title))
    assert len({bureau, other, bureau_v2}) == 3
    assert catalog.report_count() == 2
    by_issuer = {r.issuer: r for r in catalog.reports()}
    assert by_issuer["市司法局"].version == 2 and by_issuer["德州市交通运输局"].version == 1


@BACKENDS
def test_the_same_body_written_three_ways_is_one_issuer(catalog: Catalog, tmp_path: Path) -> None:
    """清远市人民政府 on its portal, 清遠市人民政府 on a 繁體 mirror, 市政府 on a page that names only
    itself: one government, one report."""
    run_id = catalog.start_run(sites_file="sites.yaml", settings={})
    body = _long_report(6)
    with WarcWriter(tmp_path / "data") as writer:
        ids = {_add(catalog, run_id, writer, url, doc("441800", "清远市", 2023, text_, issuer=issuer))
               for url, issuer, text_ in [
                   ("http://www.gdqy.gov.cn/a.html", "清远市人民政府", body),
                   ("http://big5.gdqy.gov.cn/gate/big5/www.gdqy.gov.cn/a.html", "清遠市人民政府", body + "\n打印"),
                   ("http://www.gdqy.gov.cn/a.html?from=timeline", "市政府", body)]}
    assert len(ids) == 1
    assert len(catalog.reports()[0].captures) == 3


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_migration_0006_gives_existing_reports_their_issuer_key(db_url: str, tmp_path: Path) -> None:
    from alembic import command

    with open_catalog(db_url) as catalog:
        run_id = catalog.start_run(sites_file="sites.yaml", settings={})
        with WarcWriter(tmp_path / "data") as writer:
            _add(catalog, run_id, writer, "http://www.gdqy.gov.cn/a.html",
                 doc("441800", "清远市", 2023, _long_report(7), issuer="市司法局", issuer_kind="department"))
            _add(catalog, run_id, writer, "http://www.gdqy.gov.cn/b.html", doc("441800", "清远市", 2023))
    command.downgrade(alembic_config(db_url), "0005")
    engine = create_engine(db_url)
    try:
        assert "issuer_key" not in {c["name"] for c in inspect(engine).get_columns("report")}
        open_catalog(db_url).close()  # upgrades to head
        with engine.connect() as conn:
            keys = sorted(conn.execute(text("SELECT issuer_key FROM report")).scalars())
    finally:
        engine.dispose()
    assert keys == ["441800|department|司法局", "441800|government|人民政府"]

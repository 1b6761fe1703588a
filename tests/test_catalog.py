"""Catalog on real databases: SQLite files and a throwaway PostgreSQL database."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
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
from catalog.models import Base
from catalog.table import format_table, summary_by_region_year

try:
    from extract.document import ExtractedDocument
except ImportError:  # extract/document.py not written yet: a plain carrier with the contract's fields

    @dataclass
    class ExtractedDocument:  # type: ignore[no-redef]
        is_report: bool
        title: str | None
        issuer: str | None
        issuer_kind: str | None
        region_code: str | None
        region_name: str | None
        year: int | None
        published: str | None
        text: str
        text_original: str
        variant: str
        encoding: str
        meta: dict[str, str] = field(default_factory=dict)


EXPORT_KEYS = ["title", "issuer", "issuer_kind", "region_code", "region_name", "year", "published", "url",
               "text", "variant", "capture"]
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
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
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
    assert json.loads(lines[0])["published"] is None  # 十堰 sorts first (420300)

    out = io.StringIO()
    assert export_reports(catalog, "csv", out) == 4
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(CSV_COLUMNS) and len(rows) == 4
    assert CSV_COLUMNS[-5:] == ("capture_warc", "capture_offset", "capture_length", "capture_timestamp",
                                "capture_digest")
    assert {r["region_code"] for r in rows} == {"420300", "441700", "441702", "441781"}
    assert rows[-1]["text"] == REPORT_TEXT  # multi-line text survives CSV quoting

    table = format_table(catalog.reports(region="4417"))
    assert table.splitlines()[0].split() == ["region", "name", "year", "issuer", "title", "published"]
    assert "江城区2022年法治政府建设情况报告" in table and "2024-01-30" in table
    summary = summary_by_region_year(catalog.reports())
    assert "441781  阳春市  2023" in summary and summary.splitlines()[-1].split() == ["total", "4"]
    with pytest.raises(ValueError):
        export_reports(catalog, "xml", io.StringIO())

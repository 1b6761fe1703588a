"""Fixtures shared by the end-to-end tests: simweb on loopback and one crawl of it."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from fazhi.web.launch import free_port, wait_for

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FAZHI = [sys.executable, "-m", "fazhi.cli"]
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
UNREACHABLE_SITE = """  - name: 失联县人民政府
    start_urls: ["http://www.unreachable-county.gov.cn/"]
    region: "441702"
"""


def chromium_executable() -> str | None:
    """The Chromium the crawler would launch, or None when this machine has none at all."""
    from playwright.sync_api import sync_playwright

    from crawler.browser.renderer import chromium_path

    configured = chromium_path(None)
    if configured:
        return configured
    with sync_playwright() as playwright:
        bundled = playwright.chromium.executable_path
    return bundled if Path(bundled).exists() else None


CHROMIUM = chromium_executable()
NO_CHROMIUM = "no Chromium: install Debian's chromium, set FAZHI_CHROMIUM, or `playwright install chromium`"


def run_fazhi(*args: str, timeout: float = 600, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real ``fazhi`` command line, as a user would."""
    return subprocess.run(
        [*FAZHI, *args], capture_output=True, text=True, timeout=timeout, cwd=REPO,
        env={**os.environ, **(env or {})},
    )


@contextlib.contextmanager
def pywb_serving(data_dir: Path) -> Iterator[str]:
    """`fazhi replay --serve` over `data_dir` on a free port; yields its base URL once it answers."""
    port = free_port()
    proc = subprocess.Popen([*FAZHI, "--data-dir", str(data_dir), "replay", "--serve", "--port", str(port)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/", proc, 60)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def catalog_serving(data_dir: Path):
    """`fazhi serve` (with its pywb beside it) over `data_dir` on free ports; yields the catalog's URL."""
    from fazhi.web.launch import serving

    return serving(data_dir, cwd=REPO)


@pytest.fixture(scope="session")
def simweb(tmp_path_factory):
    from simweb.server import start_simweb

    log = tmp_path_factory.mktemp("simweb") / "requests.jsonl"
    server = start_simweb(port=0, log_path=log)
    yield server
    server.stop()


@dataclass
class Crawl:
    data_dir: Path
    result: subprocess.CompletedProcess
    log: Path
    truth: dict

    def requests(self) -> list[dict]:
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]

    def export(self) -> list[dict]:
        out = run_fazhi("--data-dir", str(self.data_dir), "catalog", "export", "--format", "jsonl")
        assert out.returncode == 0, out.stderr
        return [json.loads(line) for line in out.stdout.splitlines()]


@pytest.fixture(scope="session")
def crawl(simweb, tmp_path_factory) -> Crawl:
    """One crawl of every simweb site plus one unreachable site, into a fresh data dir."""
    data_dir = tmp_path_factory.mktemp("data")
    sites = data_dir / "sites.yaml"
    sites.write_text(simweb.world.sites_yaml() + UNREACHABLE_SITE, encoding="utf-8")
    start = len(simweb_log_lines(simweb))
    result = run_fazhi(
        "--data-dir", str(data_dir), "crawl", "--sites", str(sites), "--proxy", simweb.proxy_url,
        "--delay", "0",
    )
    log = data_dir / "simweb-requests.jsonl"
    log.write_text("".join(simweb_log_lines(simweb)[start:]), encoding="utf-8")
    return Crawl(data_dir, result, log, simweb.world.truth())


def crawl_one_site(simweb, data_dir: Path, site, extra: str = "", db: str | None = None,
                   crawl_args: tuple[str, ...] = ()) -> list[dict]:
    """Crawl one simweb site (its sites-file entry plus `extra` YAML lines, e.g. ``"    render: never\n"``)
    into `data_dir` with no global delay and `crawl_args` (e.g. ``("--set", "NAME=VALUE")``); returns the
    requests simweb logged for that crawl."""
    sites = data_dir / "sites.yaml"
    sites.write_text(f'sites:\n  - name: {site.name}\n    start_urls: ["{site.start_url}"]\n'
                     f'    region: "{site.region_code}"\n{extra}', encoding="utf-8")
    start = len(simweb_log_lines(simweb))
    db_args = ("--db", db) if db else ()
    out = run_fazhi("--data-dir", str(data_dir), *db_args, "crawl", "--sites", str(sites),
                    "--proxy", simweb.proxy_url, "--delay", "0", *crawl_args)
    assert out.returncode == 0, out.stderr[-2000:]
    return [json.loads(line) for line in simweb_log_lines(simweb)[start:]]


def simweb_log_lines(server) -> list[str]:
    path = server.log_path
    return path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 -- any connection failure means "no server here"
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN}: {exc.__class__.__name__}")
    name = f"fazhi_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_url(pg_url: str) -> Iterator[str]:
    """The session's PostgreSQL database, emptied after each test."""
    yield pg_url
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()

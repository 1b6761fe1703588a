"""The command line's contract: one-line errors, non-zero exits, JSON from extract."""

from __future__ import annotations

import json

import pytest

from .conftest import run_fazhi


def assert_one_line_error(out, code: int | None = None) -> None:
    assert out.returncode != 0
    if code is not None:
        assert out.returncode == code
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("fazhi: error: ")
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["crawl"],
        ["catalog", "export", "--format", "xml"],
        ["nonsense"],
        ["extract"],
    ],
)
def test_bad_arguments(args):
    assert_one_line_error(run_fazhi(*args), code=2)


def subcommands(parser, prefix=()):
    """Every leaf subcommand of the fazhi parser, as the words that name it."""
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from subcommands(child, (*prefix, name))
            return
    yield prefix


def test_help_says_what_fazhi_and_each_command_do():
    from fazhi.cli import build_parser

    top = run_fazhi("--help")
    assert top.returncode == 0
    assert "annual rule-of-law reports" in top.stdout.split("\n\n")[1]  # right under the usage line
    assert "make demo" in top.stdout and "argument parsing" not in top.stdout
    commands = list(subcommands(build_parser()))
    assert ("catalog", "ls") in commands and ("simweb", "serve") in commands and len(commands) == 14
    for words in commands:
        out = run_fazhi(*words, "--help")
        assert out.returncode == 0, words
        example = out.stdout.split("example:\n", 1)[1].strip()
        assert example.startswith(f"fazhi {' '.join(words)}") or words[-1] in example, (words, example)


def test_missing_sites_file(tmp_path):
    out = run_fazhi("--data-dir", str(tmp_path), "crawl", "--sites", str(tmp_path / "none.yaml"))
    assert_one_line_error(out, code=1)
    assert "not found" in out.stderr


def test_unreadable_page_for_extract(tmp_path):
    out = run_fazhi("extract", str(tmp_path / "missing.html"), "--url", "http://www.a.gov.cn/")
    assert_one_line_error(out, code=1)
    assert "missing.html" in out.stderr


def test_catalog_commands_without_a_catalog(tmp_path):
    out = run_fazhi("--data-dir", str(tmp_path), "catalog", "ls")
    assert_one_line_error(out, code=1)
    assert "fazhi crawl" in out.stderr


def test_unreachable_database(tmp_path):
    out = run_fazhi("--data-dir", str(tmp_path), "--db", "postgresql+psycopg://nobody@127.0.0.1:1/x",
                    "catalog", "ls")
    assert_one_line_error(out, code=1)
    assert "catalog database" in out.stderr


def fetch(simweb, url: str) -> bytes:
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": simweb.proxy_url}))
    with opener.open(url, timeout=10) as response:
        return response.read()


def test_extract_a_saved_report_page(simweb, tmp_path):
    report = simweb.world.truth()["reports"][0]
    page = tmp_path / "report.html"
    page.write_bytes(fetch(simweb, report["url"]))
    out = run_fazhi("extract", str(page), "--url", report["url"], "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert set(result) >= {"is_report", "title", "issuer", "issuer_kind", "region_code", "year",
                           "published", "text", "text_original", "variant"}
    assert result["is_report"] is True
    assert result["region_code"] == report["region_code"]
    assert result["year"] == report["year"]
    first_paragraph = report["text"].splitlines()[0]
    assert first_paragraph in result["text"]


def test_extract_a_non_report_page_still_gives_its_text(simweb, tmp_path):
    negative = simweb.world.truth()["negatives"][0]
    page = tmp_path / "notice.html"
    page.write_bytes(fetch(simweb, negative["url"]))
    out = run_fazhi("extract", str(page), "--url", negative["url"], "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["is_report"] is False
    assert negative["text"].splitlines()[0] in result["text"]


def test_extract_a_saved_file_without_its_url(simweb, tmp_path):
    """A page saved from a browser: no --url needed, its file:// URL is recorded; text by default."""
    report = simweb.world.truth()["reports"][0]
    page = tmp_path / "report.html"
    page.write_bytes(fetch(simweb, report["url"]))
    out = run_fazhi("extract", str(page))
    assert out.returncode == 0, out.stderr
    facts, _, text = out.stdout.partition("\n\n")
    assert "report:      yes" in facts and f"year:        {report['year']}" in facts
    assert f"url:         {page.resolve().as_uri()}" in facts
    assert report["text"].splitlines()[0] in text
    as_json = json.loads(run_fazhi("extract", str(page), "--json").stdout)
    assert as_json["url"] == page.resolve().as_uri() and as_json["year"] == report["year"]


def test_simweb_sites_file_is_a_valid_sites_file(tmp_path):
    from crawler.sites import load_sites

    target = tmp_path / "sites.yaml"
    out = run_fazhi("simweb", "sites", "--output", str(target))
    assert out.returncode == 0, out.stderr
    assert len(load_sites(target)) >= 6


def test_simweb_truth_lists_reports_and_negatives(tmp_path):
    target = tmp_path / "truth.json"
    out = run_fazhi("simweb", "truth", "--output", str(target))
    assert out.returncode == 0, out.stderr
    truth = json.loads(target.read_text(encoding="utf-8"))
    assert truth["reports"] and truth["negatives"]


def test_simweb_serve_writes_the_sites_file_to_crawl_it_by_hand(tmp_path):
    """The README's "crawl simweb by hand": serve writes the sites file of what it serves (fixed sites
    too), and its proxy answers for those sites' hosts."""
    import subprocess
    import time
    import urllib.request

    from crawler.sites import load_sites
    from fazhi.web.launch import free_port, stop

    from .conftest import FAZHI, REPO

    port, sites_file = free_port(), tmp_path / "simweb-sites.yaml"
    proc = subprocess.Popen([*FAZHI, "simweb", "serve", "--port", str(port), "--sites-out", str(sites_file)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (sites_file.exists() and sites_file.stat().st_size) and time.monotonic() < deadline:
            time.sleep(0.2)
        sites = load_sites(sites_file)
        assert len(sites) >= 5
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": f"http://127.0.0.1:{port}"}))
        with opener.open(sites[0].start_urls[0], timeout=10) as response:
            assert response.status == 200
    finally:
        stop(proc)

"""The web catalog in real Chromium over a real crawl of simweb: grid → cell → report → replay,
a search for a phrase of a report, and archived markup that never runs."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import CHROMIUM, NO_CHROMIUM, catalog_serving

pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]


@pytest.fixture(scope="module")
def browser_page(crawl):
    from playwright.sync_api import sync_playwright

    with catalog_serving(crawl.data_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        yield base, page, errors
        browser.close()


def test_grid_to_cell_to_report_to_replay(browser_page, crawl):
    base, page, _ = browser_page
    page.goto(base + "/")
    page.get_by_role("link", name="广东省").click()
    row = page.locator("tr", has=page.locator("td.code", has_text="441781"))
    assert row.locator("td.cell.found").count() >= 3  # 2022, 2023 and 2024
    row.locator("td.cell.found a").first.click()
    title = page.locator("h1.report-title").inner_text()
    assert "阳春市" in title and "2022" in title
    record = next(r for r in crawl.export() if r["region_code"] == "441781" and r["year"] == 2022)
    assert page.locator(".provenance .digest").inner_text() == record["capture"]["digest"]
    assert page.locator(".provenance .source").inner_text() == record["url"]
    page.locator("a.replay").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).port != urlsplit(base).port  # replay lives in another origin
    assert record["url"] in page.url
    assert "法治政府建设" in page.locator("body").inner_text()


def test_search_for_a_phrase_of_a_report(browser_page, crawl):
    base, page, _ = browser_page
    record = next(r for r in crawl.export() if r["region_code"] == "330523" and r["year"] == 2022)
    phrase = next(line for line in record["text"].splitlines() if len(line) > 30)[8:20]
    page.goto(base + "/runs")
    page.locator("form.quick input[name=q]").fill(phrase)
    page.locator("form.quick input[name=q]").press("Enter")
    page.wait_for_load_state()
    hits = page.locator(".hit")
    assert hits.count() >= 1
    first = hits.filter(has_text=record["title"]).first
    assert phrase in first.locator("mark").first.inner_text()
    link = page.locator("a.share").get_attribute("href")
    page.goto(link)  # the same query as a link
    assert page.locator(".hit").filter(has_text=record["title"]).count() == 1


def test_archived_markup_is_shown_and_never_runs(browser_page):
    base, page, errors = browser_page
    page.goto(base + "/search?q=fazhiXss")
    assert "window.__fazhiXss=1" in page.locator(".hit .title").first.inner_text()
    page.locator(".hit .title").first.click()
    page.wait_for_load_state()
    assert "<script>window.__fazhiXss=1</script>" in page.locator(".report-text").inner_text()
    assert '"><img src=x onerror=window.__fazhiXss=2>' in page.locator(".report-text").inner_text()
    assert page.evaluate("typeof window.__fazhiXss") == "undefined"
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("script").count() == 0  # the catalog's pages carry no script at all
    page.goto(base + "/?province=44&from=2022&to=2025")
    assert page.evaluate("typeof window.__fazhiXss") == "undefined"
    assert errors == []

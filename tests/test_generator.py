"""The generated world (simweb.generator): reproducible, varied, every report reachable the way its
placement says, every family and placement present, pages that decode and extract; and one real
breadth-first ``fazhi crawl`` of small generated sites that must find every report."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import sys
from collections import deque
from html import unescape
from urllib.parse import quote, urljoin, urlsplit

import pytest

from extract.files import extract_file
from simweb.directory import PLANS
from simweb.generator import FAMILIES, PLACEMENTS, TUNING_SEEDS, generate, vocabulary
from simweb.world import World

_HREF = re.compile(r"""(?:href|src)\s*=\s*["']([^"'#]+)["']""", re.I)
_PAGER = re.compile(r"createPageHTML\((\d+),\s*\d+,\s*\"(\w+)\",\s*\"(\w+)\"\)")
_API_LIST = re.compile(r'data-column="([^"]+)"')
_LOC = re.compile(r"<loc>([^<]+)</loc>")


@pytest.fixture(scope="module")
def world100() -> World:
    return World.generated(100, 7)


@pytest.fixture(scope="module")
def world14() -> World:
    return World.generated(14, 23)


def _digest(world: World) -> str:
    h = hashlib.sha256()
    for host in sorted(world.routes):
        for key in sorted(world.routes[host]):
            route = world.routes[host][key]
            h.update(f"{host}{key}{route.status}{route.content_type}{route.location}".encode())
            h.update(route.body)
    h.update(json.dumps(world.truth(), ensure_ascii=False, sort_keys=True).encode())
    h.update(world.sites_yaml().encode())
    return h.hexdigest()


def _get(world: World, url: str):
    return world.respond("GET", url, {})


def test_same_seed_same_bytes_and_gateway_pages():
    one, two = World.generated(8, 11), World.generated(8, 11)
    assert _digest(one) == _digest(two)
    mirrored = [g for g in one.generated_sites if g.mirror]
    for g in mirrored:  # a 繁體 gateway converts on demand, to the same bytes each time
        home = f"http://{g.mirror.info.host}/gate/big5/{g.info.host}/"
        first, again = _get(one, home), _get(two, home)
        assert first.status == 200 and first.body == again.body
        assert "charset=big5" in dict(first.headers)["Content-Type"]


def test_different_seeds_different_menus():
    def menus(seed: int) -> list[tuple[str, ...]]:
        return [tuple(c.name for c in g.root.children) for g in generate(10, seed)]

    assert menus(1) != menus(2)
    assert len({m for m in menus(1) + menus(2)}) >= 15  # menus vary between sites too
    for seed in TUNING_SEEDS:
        assert all(5 <= len(m) + 1 <= 9 for m in menus(seed))  # 首页 plus 4–8 columns


def test_hosts_unique_real_codes_and_no_fixed_world_collision(world100):
    hosts = [s.host for s in world100.sites]
    assert len(hosts) == len(set(hosts))
    assert not set(hosts) & {p.info.host for p in PLANS}
    from extract.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    for g in world100.generated_sites:
        division = gaz.get(g.info.region_code)
        assert division is not None and g.info.issuer.startswith(division.name)
    kinds = {g.info.issuer_kind for g in world100.generated_sites}
    assert kinds == {"government", "department"}
    levels = {gaz.get(g.info.region_code).level for g in world100.generated_sites}
    assert levels == {"province", "prefecture", "county"}


def test_every_family_and_placement_in_100_sites(world100):
    truth = world100.truth()
    assert {s["family"] for s in truth["generated"]["sites"]} == set(FAMILIES)
    assert {r["placement"] for r in truth["reports"]} == set(PLACEMENTS)
    sites = truth["generated"]["sites"]
    assert {s["sitemap"] for s in sites} == {"declared", "undeclared", "none"}
    assert {s["depth"] for s in sites} == {1, 2, 3, 4, 5}
    assert {s["key_scheme"] for s in sites} == set(vocabulary.KEY_SCHEMES)
    assert any(s["traditional"] for s in sites) and not all(s["traditional"] for s in sites)
    assert any(s["search_in_sites_file"] for s in sites) and any(s["search"] and not s["search_in_sites_file"]
                                                                 for s in sites)
    # a rule-of-law column does not always say fz in its URL
    own = [r["url"] for r in truth["reports"] if r["placement"] == "own_column"]
    assert any("fz" in u for u in own) and sum("fz" not in u for u in own) > len(own) / 2
    kinds = {n["kind"] for n in truth["negatives"]}
    assert {"notice", "disclosure_report", "work_plan", "meeting_news"} <= kinds


def _crawl_links(world: World, host: str) -> set[str]:
    """Every URL of *host* reachable by following links from its home page, as a breadth-first crawler
    that reads TRS createPageHTML pagers and a SPA's JSON listing API would."""
    start = f"http://{host}/"
    seen, queue = {start}, deque([start])
    while queue:
        url = queue.popleft()
        response = _get(world, url)
        if response.status in (301, 302):
            found = [urljoin(url, dict(response.headers)["Location"])]
        elif response.status != 200 or not response.body:
            continue
        else:
            kind = dict(response.headers).get("Content-Type", "")
            if "html" not in kind and "json" not in kind:
                continue
            text = response.body.decode("gb18030" if "gbk" in kind else "utf-8", "replace")
            found = [urljoin(url, unescape(h)) for h in _HREF.findall(text)]
            found += [urljoin(url, f"{stem}_{i}.{ext}") for n, stem, ext in _PAGER.findall(text)
                      for i in range(1, int(n))]
            if "json" in kind:
                data = json.loads(text)
                found += [urljoin(url, item["url"]) for item in data["items"]]
                if data["page"] < data["pages"]:
                    found.append(urljoin(url, f"/api/list?column={data['column']}&page={data['page'] + 1}"))
            found += [urljoin(url, f"/api/list?column={c}&page=1") for c in _API_LIST.findall(text)]
        for link in found:
            if urlsplit(link).hostname == host and link not in seen and "/search" not in link:
                seen.add(link)
                queue.append(link)
    return seen


def _sitemap_urls(world: World, host: str) -> set[str]:
    out, queue = set(), [f"http://{host}/sitemap.xml"]
    while queue:
        response = _get(world, queue.pop())
        if response.status != 200:
            continue
        body = gzip.decompress(response.body) if response.body[:2] == b"\x1f\x8b" else response.body
        for loc in _LOC.findall(body.decode()):
            if loc.endswith((".xml", ".xml.gz")):
                queue.append(loc)
            else:
                out.add(loc)
    return out


def _search_hits(world: World, host: str, template: str) -> set[str]:
    hits = set()
    for query in ("法治政府建设年度报告", "法治政府建设情况报告"):
        response = _get(world, f"http://{host}" + template.replace("{q}", quote(query)))
        assert response.status == 200
        page = response.body.decode("ascii", "replace")  # only the (ASCII) result links are read
        hits |= {urljoin(f"http://{host}/", unescape(h)) for h in re.findall(
            r'class="jcse-result-title"><a href="([^"]+)"', page)}
    return hits


def test_every_report_reachable_as_its_placement_says(world14):
    truth = world14.truth()
    sites = {s["host"]: s for s in truth["generated"]["sites"]}
    assert {r["placement"] for r in truth["reports"]} == set(PLACEMENTS)
    for host, site in sites.items():
        linked = _crawl_links(world14, host)
        in_sitemap = _sitemap_urls(world14, host) if site["sitemap"] != "none" else set()
        robots = _get(world14, f"http://{host}/robots.txt").body.decode()
        assert ("Sitemap:" in robots) == (site["sitemap"] == "declared")
        searched = _search_hits(world14, host, site["search"]) if site["search"] else set()
        for report in (r for r in truth["reports"] if r["url"].startswith(f"http://{host}/")):
            placement, url = report["placement"], report["url"]
            if placement == "sitemap":
                assert url not in linked and url not in searched and url in in_sitemap, url
            elif placement == "search":
                assert url not in linked and url not in in_sitemap and url in searched, url
            else:
                assert url in linked, (url, placement)


def test_generated_pages_decode_and_extract(world14):
    truth = world14.truth()
    families = {s["host"]: s["family"] for s in truth["generated"]["sites"]}
    seen = set()
    for report in truth["reports"]:
        host = urlsplit(report["url"]).hostname
        if families[host] in seen or report["placement"] == "attachment":
            continue
        seen.add(families[host])
        route = _get(world14, report["url"])
        doc = extract_file(route.body, report["url"], dict(route.headers)["Content-Type"])
        assert doc.is_report, report["url"]
        assert doc.year == report["year"]
        assert doc.region_code == report["region_code"]
        assert report["text"].splitlines()[1][:20] in doc.text
    assert len(seen) >= 5


def test_vocabulary_names_say_where_they_were_seen():
    data = vocabulary.data()

    def entries(node):
        if isinstance(node, list):
            yield from (e for e in node if isinstance(e, dict))
        elif isinstance(node, dict):
            for value in node.values():
                yield from entries(value)

    listed = [e for key, node in data.items() if key not in ("sources", "icp_prefix") for e in entries(node)]
    assert len(listed) > 80
    assert all(e["from"] and set(e["from"]) <= set(data["sources"]) for e in listed)


def test_fixed_world_has_no_generated_facts():
    truth = World().truth()
    assert "generated" not in truth
    assert all("placement" not in r for r in truth["reports"])


@pytest.mark.slow
def test_breadth_first_crawl_finds_every_report_on_small_generated_sites(tmp_path):
    """Three generated sites whose reports are all announced (linked, a declared sitemap or a search
    the sites file names), crawled by the real ``fazhi crawl`` breadth-first: recall 1.0."""
    from simweb.server import start_simweb

    web = start_simweb(port=0, log_path=tmp_path / "requests.jsonl", seed=31, generated=12)
    try:
        truth = web.world.truth()
        chosen = []
        for site in truth["generated"]["sites"]:
            reports = [r for r in truth["reports"] if r["url"].startswith(f"http://{site['host']}/")]
            announced = all(r["placement"] not in ("sitemap", "search")
                            or (r["placement"] == "sitemap" and site["sitemap"] == "declared")
                            or (r["placement"] == "search" and site["search_in_sites_file"]) for r in reports)
            if announced and site["family"] != "spa" and site["family"] not in {c["family"] for c in chosen}:
                chosen.append(site)
        chosen = chosen[:3]
        assert len(chosen) == 3
        sites = tmp_path / "sites.yaml"
        sites.write_text(web.world.sites_yaml(only={s["listed_host"] for s in chosen}), encoding="utf-8")
        cmd = [sys.executable, "-m", "fazhi.cli", "--data-dir", str(tmp_path), "crawl", "--sites", str(sites),
               "--proxy", web.proxy_url, "--delay", "0", "--set", "FAZHI_STRATEGY=breadth",
               "--set", "DEPTH_LIMIT=0"]
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    finally:
        web.stop()
    exported = subprocess.run([sys.executable, "-m", "fazhi.cli", "--data-dir", str(tmp_path), "catalog",
                               "export", "--format", "jsonl"], check=True, capture_output=True, text=True)
    held = {u for line in exported.stdout.splitlines() for row in [json.loads(line)]
            for u in (row["url"], *(c["url"] for c in row["captures"]))}
    hosts = {s["host"] for s in chosen}
    reports = [r for r in truth["reports"] if urlsplit(r["url"]).hostname in hosts]
    assert reports
    missed = [r["url"] for r in reports if not held & {r["url"], *r["also_at"]}]
    assert missed == []

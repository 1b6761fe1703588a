"""simweb over real loopback HTTP: proxy behaviour, CMS quirks, faults, ground truth, determinism."""

from __future__ import annotations

import gzip
import http.client
import json
import re
import subprocess
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass
from html import escape, unescape
from urllib.parse import quote, urljoin, urlsplit

import pytest
import yaml

from extract.files import extract_file
from simweb import unlinked
from simweb.directory import SITE_GROUPS
from simweb.gateway import to_taiwan
from simweb.server import start_simweb
from simweb.world import World

from .test_crawl_simweb import char_f1


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    server = start_simweb(port=0, log_path=tmp_path_factory.mktemp("simweb") / "log.jsonl")
    yield server
    server.stop()


def fetch(web, url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": web.proxy_url}))
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def site(web, style: str):
    plan = next(p for p in web.world.plans if p.info.style == style)
    return plan.info


def truth_of(web, host: str, kind: str = "report") -> dict:
    entries = web.world.truth()["reports" if kind == "report" else "negatives"]
    return next(e for e in entries if urlsplit(e["url"]).hostname == host and (kind == "report" or e["kind"] == kind))


def test_trs_listing_pages_exist_only_as_create_page_html(web):
    host = site(web, "trs").host
    status, _, body = fetch(web, f"http://{host}/xwdt/zwyw/index.html")
    html = body.decode("utf-8")
    assert status == 200
    pages = int(re.search(r'createPageHTML\((\d+), 0, "index", "html"\)', html).group(1))
    assert pages >= 2
    assert "index_1.html" not in html
    status, _, second = fetch(web, f"http://{host}/xwdt/zwyw/index_1.html")
    assert status == 200 and f'createPageHTML({pages}, 1, "index", "html")' in second.decode()
    assert re.search(r'href="/xwdt/zwyw/\d{6}/t\d{8}_\d+\.html"', html)
    assert 'class="TRS_Editor"' in fetch(web, truth_of(web, host)["url"])[2].decode()


def test_hanweb_column_lists_items_only_inside_the_datastore(web):
    host = site(web, "hanweb").host
    report = truth_of(web, host)
    col = re.search(r"/art_(\d+)_\d+\.html$", report["url"]).group(1)
    status, _, body = fetch(web, f"http://{host}/col/col{col}/index.html")
    html = body.decode("utf-8")
    store = re.search(r'<script type="text/xml"><datastore>(.*?)</datastore></script>', html, re.S)
    assert status == 200 and store and "<nextgroup>" in store.group(1)
    records = re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", store.group(1))
    assert any(urlsplit(report["url"]).path in r for r in records)
    outside = html.replace(store.group(0), "")
    assert "/art/" not in outside
    page = fetch(web, report["url"])[2].decode()
    assert re.search(r'<div id="zoom"><!--ZJEG_RSS.content.begin--><meta name="ContentStart">', page)
    assert '<meta name="Sitename"' in page and f'<meta name="Url" content="{urlsplit(report["url"]).path}">' in page


def test_gbk_site_declares_gbk_and_decodes_with_gb18030(web):
    host = site(web, "gbk_table").host
    status, headers, body = fetch(web, truth_of(web, host)["url"])
    assert status == 200 and headers["Content-Type"] == "text/html; charset=gbk"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    html = body.decode("gb18030")
    assert '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' in html
    assert "法治政府建设" in html


def test_ucap_page_declares_its_charset_late_and_not_in_the_header(web):
    host = site(web, "ucap").host
    status, headers, body = fetch(web, truth_of(web, host)["url"])
    assert status == 200 and "charset" not in headers["Content-Type"]
    assert body.find(b"charset=utf-8") > 4096
    assert b"<UCAPCONTENT>" in body


def test_unknown_host_gets_502_and_origin_form_uses_the_host_header(web):
    assert fetch(web, "http://www.not-in-the-world.gov.cn/")[0] == 502
    conn = http.client.HTTPConnection("127.0.0.1", web.port, timeout=5)
    conn.request("GET", "/robots.txt", headers={"Host": site(web, "xxgk").host})
    response = conn.getresponse()
    assert response.status == 200 and b"Disallow: /internal/" in response.read()
    conn.request("HEAD", "/", headers={"Host": site(web, "modern").host})
    response = conn.getresponse()
    assert response.status == 200 and int(response.headers["Content-Length"]) > 1000 and response.read() == b""
    conn.close()


def test_every_request_is_logged_as_a_json_line(web):
    fetch(web, "http://www.not-in-the-world.gov.cn/logged", {"User-Agent": "simweb-test/1"})
    lines = [json.loads(x) for x in web.log_path.read_text(encoding="utf-8").splitlines()]
    entry = next(x for x in lines if x["path"] == "/logged")
    assert entry["status"] == 502 and entry["ua"] == "simweb-test/1" and entry["host"] == "www.not-in-the-world.gov.cn"
    assert set(entry) == {"ts", "method", "url", "host", "path", "status", "bytes", "ua"}


def test_truth_covers_every_site_and_every_truth_page_is_served(web):
    truth = web.world.truth()
    reports = Counter(urlsplit(u).hostname for r in truth["reports"] for u in [r["url"], *r["also_at"]])
    negatives = Counter(urlsplit(n["url"]).hostname for n in truth["negatives"])
    for s in web.world.sites:
        assert reports[s.host] >= 1 and negatives[s.host] >= 2, s.host
    for entry in truth["reports"] + truth["negatives"]:
        status, headers, body = fetch(web, entry["url"])
        assert status == 200, entry["url"]
        if entry.get("attachment"):  # a file: its text must come back out of it
            assert extract_file(body, entry["url"]).text == entry["text"], entry["url"]
            continue
        charset = headers["Content-Type"].partition("charset=")[2] or "utf-8"
        html = body.decode("gb18030" if charset == "gbk" else charset)
        if charset == "big5":  # the 繁體 gateway: Taiwan phrasing, characters outside Big5 as &#N;
            html = unescape(html)
            texts = [to_taiwan(p) for p in entry["text"].splitlines()]
            assert all(t in html for t in texts), entry["url"]
            continue
        for paragraph in entry["text"].splitlines():
            assert escape(paragraph, quote=False) in html or escape(paragraph) in html, (entry["url"], paragraph)
    assert {r["region_code"] for r in truth["reports"]} == {s.region_code for s in web.world.sites}
    assert all(r["published"][:4] == str(r["year"] + 1) and r["published"][5:7] <= "03" for r in truth["reports"])
    assert {"notice", "disclosure_report", "work_plan", "meeting_news"} <= {n["kind"] for n in truth["negatives"]}


def test_spa_listing_is_an_empty_container_filled_from_a_json_api(web):
    host = site(web, "spa").host
    report = truth_of(web, host)
    path = urlsplit(report["url"]).path
    column = path.split("/content/")[0] + "/index.html"
    status, _, body = fetch(web, f"http://{host}{column}")
    html = body.decode("utf-8")
    assert status == 200 and re.search(r'<ul id="zw-list" class="news-list" data-column="fzzfjs"></ul>', html)
    assert "fetch(" in html and "/content/" not in html
    status, headers, api = fetch(web, f"http://{host}/api/list?column=fzzfjs&page=1")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    items = json.loads(api)["items"]
    assert {"title", "url", "date"} <= set(items[0]) and path in {i["url"] for i in items}
    negatives = [n for n in web.world.truth()["negatives"] if urlsplit(n["url"]).hostname == host]
    assert sum(urlsplit(n["url"]).path in {i["url"] for i in items} for n in negatives) >= 2


def test_304_on_if_none_match_and_if_modified_since(web):
    by_validators: dict[tuple[bool, bool], str] = {}
    for report in web.world.truth()["reports"]:
        status, headers, _ = fetch(web, report["url"])
        assert status == 200
        by_validators.setdefault(("ETag" in headers, "Last-Modified" in headers), report["url"])
    assert set(by_validators) == {(True, True), (False, True), (False, False)}  # (True, False) never
    url = by_validators[True, True]
    etag, modified = (fetch(web, url)[1][name] for name in ("ETag", "Last-Modified"))
    assert fetch(web, url, {"If-None-Match": etag})[0] == 304
    assert fetch(web, url, {"If-None-Match": '"stale"'})[0] == 200
    assert fetch(web, url, {"If-None-Match": '"stale"', "If-Modified-Since": modified})[0] == 200  # ETag wins
    assert fetch(web, url, {"If-Modified-Since": modified})[0] == 304
    assert fetch(web, url, {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})[0] == 200
    only_date = by_validators[False, True]
    status, headers, body = fetch(web, only_date, {"If-Modified-Since": fetch(web, only_date)[1]["Last-Modified"]})
    assert status == 304 and body == b"" and "Content-Length" not in headers
    assert fetch(web, by_validators[False, False], {"If-Modified-Since": modified})[0] == 200


def test_faults_are_served_as_advertised(web):
    trs, hanweb, modern, ucap, xxgk = (site(web, s).host for s in ("trs", "hanweb", "modern", "ucap", "xxgk"))
    assert fetch(web, f"http://{trs}/zwgk/fdzdgknr/fzzfjs/202203/t20220329_500.html")[0] == 500
    status, _, body = fetch(web, f"http://{modern}/zt/fzzfjs/index.html")
    assert status == 200 and body == b""
    conn = http.client.HTTPConnection("127.0.0.1", web.port, timeout=5)
    conn.request("GET", f"http://{ucap}/zt/fzzf/index.shtml")
    first = conn.getresponse()
    first.read()
    conn.request("GET", first.headers["Location"])
    second = conn.getresponse()
    second.read()
    assert first.status == second.status == 302 and second.headers["Location"].endswith("/zt/fzzf/index.shtml")
    conn.close()
    assert fetch(web, f"http://{xxgk}/internal/fzzfbg2023.html")[0] == 200  # only robots.txt protects it
    assert {"host": xxgk, "path": "/internal/"} in web.world.truth()["disallowed"]
    broken = next(p for p in web.world.routes[hanweb] if p.endswith("_999001.html"))
    status, headers, body = fetch(web, f"http://{hanweb}{broken}")
    assert "utf-8" in headers["Content-Type"] and b"charset=utf-8" in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def _links(base: str, html: str) -> list[str]:
    """A naive link finder that, like a good crawler, expands createPageHTML and reads datastores."""
    hrefs = [unescape(h) for h in re.findall(r'href="([^"#]+)"', html)]
    out = [urljoin(base, h) for h in hrefs if not h.startswith("javascript")]
    for n, _cur, name, ext in re.findall(r'createPageHTML\((\d+), (\d+), "(\w+)", "(\w+)"\)', html):
        out += [urljoin(base, f"{name}_{i}.{ext}" if i else f"{name}.{ext}") for i in range(int(n))]
    for column in re.findall(r'data-column="(\w+)"', html):  # what the SPA's script asks its API
        out.append(urljoin(base, f"/api/list?column={column}&page=1"))
    return out


def _json_links(base: str, body: bytes) -> list[str]:
    """Item URLs (and the next page) of a SPA listing's JSON API answer, as its script follows them."""
    data = json.loads(body)
    out = [urljoin(base, item["url"]) for item in data["items"]]
    if data["page"] < data["pages"]:
        out.append(urljoin(base, f"/api/list?column={data['column']}&page={data['page'] + 1}"))
    return out


def _sitemap_links(body: bytes) -> list[str]:
    """The <loc>s of a sitemap or sitemap index, gzip-compressed or not."""
    return re.findall(r"<loc>([^<]+)</loc>", (gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body).decode())


def _ways_in(world: World) -> list[str]:
    """What a crawler may ask a site besides its home page: robots.txt (for its Sitemap: lines) and, where
    the sites file names a search endpoint, a search for the reports."""
    sites = yaml.safe_load(world.sites_yaml())["sites"]
    out = [urljoin(s["start_urls"][0], "/robots.txt") for s in sites]
    return out + [urljoin(s["start_urls"][0], s["search"].replace("{q}", quote("法治政府建设年度报告")))
                  for s in sites if s.get("search")]


@dataclass
class Explored:
    world: World
    depth: dict[str, int]  # every URL met -> its depth
    statuses: Counter
    by_links: set[str]  # the URLs met from the home pages by links alone


@pytest.fixture(scope="module")
def explored() -> Explored:
    """Breadth-first over every link (off-site ones too) from the sites file's home pages, then on from the
    other ways in (robots.txt sitemaps, site search)."""
    world = World()
    hosts = {s.host for s in world.sites}
    depth: dict[str, int] = {}
    statuses = Counter()

    def walk(queue: list[tuple[str, int]]) -> None:
        while queue:
            url, d = queue.pop(0)
            if url in depth or "/internal/" in url:
                continue
            depth[url] = d
            response = world.respond("GET", url, {})
            statuses[response.status] += 1
            ctype = dict(response.headers).get("Content-Type", "")
            if response.status == 200 and ctype.startswith("text/html") and urlsplit(url).hostname in hosts:
                text = response.body.decode("gb18030" if "gbk" in ctype else "utf-8", errors="replace")
                queue += [(u, d + 1) for u in _links(url, text) if u.startswith("http://")]
            elif response.status == 200 and ctype.startswith("application/json"):
                queue += [(u, d) for u in _json_links(url, response.body)]
            elif response.status == 200 and ("xml" in ctype or "gzip" in ctype):
                queue += [(u, d + 1) for u in _sitemap_links(response.body)]
            elif response.status == 200 and url.endswith("/robots.txt"):
                queue += [(u, d) for u in re.findall(r"(?m)^Sitemap: (\S+)", response.body.decode())]
            elif response.status == 302:
                queue.append((urljoin(url, dict(response.headers)["Location"]), d + 1))

    walk([(url, 0) for url in _sites_file_homes(world)])
    by_links = set(depth)
    walk([(url, 0) for url in _ways_in(world)])
    return Explored(world, depth, statuses, by_links)


def _sites_file_homes(world: World) -> list[str]:
    return [s["start_urls"][0] for s in yaml.safe_load(world.sites_yaml())["sites"]]


def test_every_truth_page_and_fault_is_reachable_from_the_sites_files_home_pages(explored):
    world, depth = explored.world, explored.depth
    truth = world.truth()
    for entry in truth["reports"] + truth["negatives"]:
        assert entry["url"] in depth, entry["url"]
    assert max(depth[r["url"]] for r in truth["reports"]) >= 4  # home > 政府信息公开 > 法定主动公开内容 > column > report
    assert explored.statuses[500] and explored.statuses[502] and explored.statuses[302] >= 2
    assert truth["pages"] >= 40 * len(world.sites)


def test_some_reports_are_reached_only_by_sitemap_search_or_site_group(explored):
    world = explored.world
    missed = {urlsplit(r["url"]).hostname for r in world.truth()["reports"] if r["url"] not in explored.by_links}
    assert missed == unlinked.hosts_reached_by("sitemap") | unlinked.hosts_reached_by("search")
    listed = {urlsplit(u).hostname for u in _sites_file_homes(world)}
    (county,) = [s for s in world.sites if s.host not in listed]  # reached by the prefecture's 站群 link
    assert any(urlsplit(r["url"]).hostname == county.host for r in world.truth()["reports"])
    assert f'href="{county.start_url}"' in world.respond("GET", "http://www.gdqy.gov.cn/", {}).body.decode()


def test_same_seed_same_bytes_other_seed_other_bytes():
    a, b, c = World(seed=7), World(seed=7), World(seed=8)
    assert a.truth() == b.truth()
    assert all(a.routes[h][p].body == b.routes[h][p].body for h in a.routes for p in a.routes[h])
    assert a.truth()["reports"][0]["text"] != c.truth()["reports"][0]["text"]


def test_sites_yaml_lists_every_site_but_the_site_group_counties_in_the_documented_layout():
    world = World()
    text = world.sites_yaml()
    assert text.startswith("sites:\n  - name: ")
    parsed = yaml.safe_load(text + '  - name: 外加\n    start_urls: ["http://x.gov.cn/"]\n    region: "441702"\n')
    listed = [s for s in world.sites if s.host not in {h for m in SITE_GROUPS.values() for h in m}]
    assert [s["region"] for s in parsed["sites"][:-1]] == [s.region_code for s in listed] != world.sites
    assert all(re.fullmatch(r"\d{6}", s["region"]) for s in parsed["sites"])
    flags = {s["name"]: (s.get("search"), s.get("follow_site_group")) for s in parsed["sites"]}
    assert flags["清远市人民政府"] == (None, True) and flags["安吉县人民政府"][0].endswith("q={q}")


def test_the_big5_gateway_serves_its_origin_converted_with_taiwan_phrasing(web):
    """big5.<domain>/gate/big5/<origin>/…: every page in Big5, Taiwan vocabulary, links kept inside."""
    mirror = next(s for s in web.world.sites if s.style == "gateway")
    root = web.world.respond("GET", mirror.start_url, {})
    assert root.status == 302 and dict(root.headers)["Location"].endswith("/gate/big5/www.zjc.gov.cn/")
    report = next(r for r in web.world.truth()["reports"] if any(mirror.host in u for u in r["also_at"]))
    copy = next(u for u in report["also_at"] if mirror.host in u)
    status, headers, body = fetch(web, copy)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=big5"
    html = body.decode("big5")  # strict: every byte is Big5
    assert 'charset=big5"' in html and "gb2312" not in html
    assert "資訊" in html and "程式" in html and "信息" not in report["title"] + html
    pages = [r.body.decode("big5") for r in web.world.routes[mirror.host].values()
             if r.content_type == "text/html; charset=big5" and r.body]
    assert len(pages) > 20 and any("&#8758;" in p for p in pages), "∶ is outside Big5: a reference"
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert not [h for h in hrefs if h.startswith("/") and not h.startswith("/gate/big5/www.zjc.gov.cn/")]
    robots = fetch(web, f"http://{mirror.host}/robots.txt")[2].decode()
    assert "Disallow: /gate/big5/www.zjc.gov.cn/search/" in robots


@pytest.mark.parametrize("command", [["antiword", "-m", "UTF-8.txt", "-w", "0"], ["catdoc", "-d", "utf-8", "-w"]])
def test_simwebs_doc_is_read_by_antiword_itself_and_by_catdoc(web, tmp_path, command):
    """The DOC-only report as served, read by the real converters (antiword first, catdoc the fallback)."""
    entry = next(r for r in web.world.truth()["reports"] if r["url"].endswith(".doc"))
    status, _, body = fetch(web, entry["url"])
    assert status == 200
    path = tmp_path / "report.doc"
    path.write_bytes(body)
    done = subprocess.run([*command, str(path)], capture_output=True, timeout=20, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert char_f1(done.stdout.decode("utf-8"), entry["title"] + "\n" + entry["text"]) >= 0.97


def test_every_method_is_logged_and_only_get_and_head_are_served(web):
    """A stray CONNECT or POST is refused with 501 and logged with its host and User-Agent, like a GET."""
    host = site(web, "spa").host
    start = len(web.log_path.read_text(encoding="utf-8").splitlines()) if web.log_path.exists() else 0
    answers = {}
    for method, target, body in [("CONNECT", "update.example-vendor.com:443", None),
                                 ("POST", "http://update.example-vendor.com/service/update2/json", b"{}"),
                                 ("OPTIONS", f"http://{host}/api/list", None),
                                 ("GET", f"http://{host}/robots.txt", None)]:
        conn = http.client.HTTPConnection("127.0.0.1", web.port, timeout=5)
        conn.request(method, target, body=body, headers={"User-Agent": f"probe/{method}"})
        response = conn.getresponse()
        answers[method] = (response.status, response.read())
        conn.close()
    assert answers["CONNECT"][0] == answers["POST"][0] == answers["OPTIONS"][0] == 501
    assert answers["GET"][0] == 200
    lines = [json.loads(x) for x in web.log_path.read_text(encoding="utf-8").splitlines()[start:]]
    logged = {line["method"]: line for line in lines}
    assert [line["method"] for line in lines] == ["CONNECT", "POST", "OPTIONS", "GET"]
    assert logged["CONNECT"]["host"] == logged["POST"]["host"] == "update.example-vendor.com"
    assert logged["OPTIONS"]["host"] == logged["GET"]["host"] == host
    assert all(line["ua"] == f"probe/{line['method']}" for line in lines)
    assert all(set(line) == {"ts", "method", "url", "host", "path", "status", "bytes", "ua"} for line in lines)
    assert logged["POST"]["status"] == 501 and logged["POST"]["bytes"] == len(answers["POST"][1])
    assert logged["GET"]["bytes"] == len(answers["GET"][1])

"""What does finding the reports cost? Focused crawl vs. plain breadth-first crawl of simweb.

Starts simweb in-process, crawls every site twice through its proxy with the real
``fazhi crawl`` command (``FAZHI_STRATEGY=focused`` and ``=breadth``), and prints, for
each: requests sent (from simweb's own request log), reports found, recall against
simweb's truth, requests per report found, and wall time. The focused crawl should
need at most 20% of the breadth-first crawl's requests at equal recall.

``--generated N --seed S`` crawls a world of N random portals (simweb.generator) instead: the held-out
exam. It prints the build time, a per-family and a per-placement table, the reports the focused crawl
missed, and ends with one line
``generated sites=N seed=S recall=R precision=P focused_requests=F breadth_requests=B ratio=F/B``
(recall and precision of the focused crawl). ``--leave-out FAMILY`` crawls only that family's sites;
``--focused-only`` skips the breadth-first crawl (``breadth_requests=NA ratio=NA``).

Run: .venv/bin/python bench/discovery.py
     .venv/bin/python bench/discovery.py --generated 20 --seed 7
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

from simweb.generator import FAMILIES, PLACEMENTS
from simweb.server import start_simweb

FAZHI = [sys.executable, "-m", "fazhi.cli"]


def run_crawl(simweb, strategy: str, workdir: Path, sites_text: str) -> dict:
    """One ``fazhi crawl`` of *sites_text*; returns its requests (simweb log lines), catalog rows, time."""
    data = workdir / strategy
    data.mkdir()
    sites = data / "sites.yaml"
    sites.write_text(sites_text, encoding="utf-8")
    before = len(_log_lines(simweb))
    started = time.perf_counter()
    done = subprocess.run(
        [*FAZHI, "--data-dir", str(data), "crawl", "--sites", str(sites), "--proxy", simweb.proxy_url,
         "--delay", "0", "--set", f"FAZHI_STRATEGY={strategy}", "--set", "DEPTH_LIMIT=0"],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-3000:])
        raise SystemExit(f"fazhi crawl ({strategy}) failed with exit code {done.returncode}")
    elapsed = time.perf_counter() - started
    requests = [json.loads(line) for line in _log_lines(simweb)[before:]]
    exported = subprocess.run([*FAZHI, "--data-dir", str(data), "catalog", "export", "--format", "jsonl"],
                              check=True, capture_output=True, text=True).stdout
    rows = [json.loads(line) for line in exported.splitlines() if line.strip()]
    return {"strategy": strategy, "requests": requests, "rows": rows, "seconds": elapsed}


def crawl(simweb, strategy: str, workdir: Path) -> dict:
    """The fixed world's figures for one strategy (the bench's original table)."""
    run = run_crawl(simweb, strategy, workdir, simweb.world.sites_yaml())
    found = {row["url"] for row in run["rows"]}
    truth = {r["url"] for r in simweb.world.truth()["reports"]}
    hits = len(found & truth)
    requests = len(run["requests"])
    return {
        "strategy": strategy,
        "requests": requests,
        "found": hits,
        "recall": hits / len(truth),
        "per_report": requests / hits if hits else float("inf"),
        "seconds": run["seconds"],
    }


def _log_lines(simweb) -> list[str]:
    path = simweb.log_path
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def fixed_main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        simweb = start_simweb(port=0, log_path=workdir / "requests.jsonl")
        try:
            rows = [crawl(simweb, "focused", workdir), crawl(simweb, "breadth", workdir)]
        finally:
            simweb.stop()
    print(f"{'strategy':<9} {'requests':>8} {'found':>5} {'recall':>7} {'req/report':>10} {'seconds':>8}")
    for row in rows:
        print(f"{row['strategy']:<9} {row['requests']:>8} {row['found']:>5} {row['recall']:>7.1%} "
              f"{row['per_report']:>10.1f} {row['seconds']:>8.1f}")
    focused, breadth = rows
    share = focused["requests"] / breadth["requests"]
    met = share <= 0.2 and focused["recall"] >= breadth["recall"]
    print(f"focused crawl uses {share:.1%} of the breadth-first crawl's requests "
          f"(target ≤ 20% at equal recall: {'met' if met else 'NOT met'})")
    return 0


# --- the generated world ---------------------------------------------------------------------------------

class Scorer:
    """Scores a crawl of a generated world against its truth, by family and by placement."""

    def __init__(self, truth: dict, families: set[str]) -> None:
        sites = [s for s in truth["generated"]["sites"] if s["family"] in families]
        self.sites = sites
        self.family_of_host = {h: s["family"] for s in sites for h in (s["host"], s["listed_host"])}
        self.site_of_host = {h: s for s in sites for h in (s["host"], s["listed_host"])}
        self.reports = [r for r in truth["reports"] if _host(r["url"]) in self.family_of_host]
        self.report_urls = {u for r in self.reports for u in (r["url"], *r["also_at"])}

    def found(self, rows: list[dict]) -> set[str]:
        """Truth report urls (their main url) the catalog holds at any of their addresses."""
        held = {u for row in rows for u in (row["url"], *(c["url"] for c in row.get("captures", [])))}
        return {r["url"] for r in self.reports if held & {r["url"], *r["also_at"]}}

    def precision(self, rows: list[dict]) -> tuple[int, int]:
        mine = [row for row in rows if _host(row["url"]) in self.family_of_host]
        true = sum(1 for row in mine
                   if self.report_urls & {row["url"], *(c["url"] for c in row.get("captures", []))})
        return true, len(mine)

    def requests_by_family(self, requests: list[dict]) -> Counter:
        return Counter(self.family_of_host.get(r["host"], "other") for r in requests)

    def way_in(self, report: dict) -> str:
        """The placement, marked when the site does not announce the only way in (an unnamed search,
        a sitemap robots.txt does not declare)."""
        site = self.site_of_host[_host(report["url"])]
        kind = report.get("placement", "?")
        if kind == "search" and not site["search_in_sites_file"]:
            return "search (not in sites file)"
        if kind == "sitemap" and site["sitemap"] != "declared":
            return "sitemap (not in robots.txt)"
        return kind


def _proxy_speed(simweb, hosts: list[str], sample: int = 200) -> str:
    """Time GETs of the first routes of each site through the proxy (not counted in the crawls)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": simweb.proxy_url}))
    paths = [(h, p) for h in hosts for p in list(simweb.world.routes[h])[:max(1, sample // len(hosts))]]
    times = []
    for host, path in paths[:sample]:
        started = time.perf_counter()
        try:
            opener.open(f"http://{host}{path}", timeout=10).read()
        except OSError:
            pass  # 404s and redirects count too: the proxy answered
        times.append((time.perf_counter() - started) * 1000)
    return (f"proxy: {len(times)} GETs, median {statistics.median(times):.1f} ms, "
            f"max {max(times):.1f} ms")


def _host(url: str) -> str:
    return url.split("/")[2].lower()


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "NA"


def generated_main(n: int, seed: int, leave_out: str | None, focused_only: bool) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        simweb = start_simweb(port=0, log_path=workdir / "requests.jsonl", seed=seed, generated=n)
        built = time.perf_counter() - started
        try:
            truth = simweb.world.truth()
            families = {leave_out} if leave_out else set(FAMILIES)
            scorer = Scorer(truth, families)
            hosts = {s["listed_host"] for s in scorer.sites}
            pages = sum(len(simweb.world.routes[s["host"]]) for s in scorer.sites)
            print(f"built {n} generated sites (seed {seed}) in {built:.2f} s: {len(truth['reports'])} "
                  f"reports, {len(truth['negatives'])} hard negatives, {truth['pages']} HTML pages")
            if leave_out:
                print(f"leave-out family {leave_out}: crawling its {len(scorer.sites)} sites only")
            print(_proxy_speed(simweb, [s["host"] for s in scorer.sites]))
            sites_text = simweb.world.sites_yaml(only=hosts)
            focused = run_crawl(simweb, "focused", workdir, sites_text)
            breadth = None if focused_only else run_crawl(simweb, "breadth", workdir, sites_text)
        finally:
            simweb.stop()
    _report(scorer, focused, breadth, pages)
    found = scorer.found(focused["rows"])
    true, rows = scorer.precision(focused["rows"])
    recall = len(found) / len(scorer.reports) if scorer.reports else 0.0
    precision = true / rows if rows else 0.0
    f_req = len(focused["requests"])
    b_req = str(len(breadth["requests"])) if breadth else "NA"
    ratio = _ratio(f_req, len(breadth["requests"])) if breadth else "NA"
    print(f"generated sites={len(scorer.sites)} seed={seed} recall={recall:.3f} precision={precision:.3f} "
          f"focused_requests={f_req} breadth_requests={b_req} ratio={ratio}")
    return 0


def _report(scorer: Scorer, focused: dict, breadth: dict | None, pages: int) -> None:
    f_found = scorer.found(focused["rows"])
    b_found = scorer.found(breadth["rows"]) if breadth else set()
    f_req = scorer.requests_by_family(focused["requests"])
    b_req = scorer.requests_by_family(breadth["requests"]) if breadth else Counter()
    print(f"focused crawl {focused['seconds']:.0f} s"
          + (f", breadth-first crawl {breadth['seconds']:.0f} s" if breadth else "")
          + f"; {pages} routes on the crawled sites")
    print(f"\n{'family':<10} {'sites':>5} {'reports':>7} {'found':>5} {'recall':>6} {'precision':>9} "
          f"{'focused req':>11} {'breadth req':>11} {'breadth found':>13}")
    by_family = defaultdict(list)
    for r in scorer.reports:
        by_family[scorer.family_of_host[_host(r["url"])]].append(r["url"])
    for family in sorted({s["family"] for s in scorer.sites}):
        urls = by_family[family]
        hits = len(set(urls) & f_found)
        fam_rows = [row for row in focused["rows"] if scorer.family_of_host.get(_host(row["url"])) == family]
        true, total = scorer.precision(fam_rows)
        sites = sum(1 for s in scorer.sites if s["family"] == family)
        print(f"{family:<10} {sites:>5} {len(urls):>7} {hits:>5} {_ratio(hits, len(urls)):>6} "
              f"{_ratio(true, total):>9} {f_req[family]:>11} {b_req[family] if breadth else 'NA':>11} "
              f"{len(set(urls) & b_found) if breadth else 'NA':>13}")
    print(f"\n{'placement':<28} {'reports':>7} {'found':>5} {'breadth found':>13}")
    by_way = defaultdict(list)
    for r in scorer.reports:
        by_way[scorer.way_in(r)].append(r["url"])
    order = {p: i for i, p in enumerate(PLACEMENTS)}
    for way in sorted(by_way, key=lambda w: (order.get(w.split()[0], 99), w)):
        urls = set(by_way[way])
        print(f"{way:<28} {len(urls):>7} {len(urls & f_found):>5} "
              f"{len(urls & b_found) if breadth else 'NA':>13}")
    crawls = [("focused", f_found)] + ([("breadth-first", b_found)] if breadth else [])
    for name, found in crawls:
        missed = [r for r in scorer.reports if r["url"] not in found]
        print(f"\nmissed by the {name} crawl: {len(missed)} of {len(scorer.reports)}")
        for r in missed:
            family = scorer.family_of_host[_host(r["url"])]
            print(f"  {r['url']}  {r['site']}  {family}  {scorer.way_in(r)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--generated", type=int, metavar="N", help="crawl N generated portals")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated world (default 7)")
    parser.add_argument("--leave-out", choices=FAMILIES, help="crawl only the generated sites of this family")
    parser.add_argument("--focused-only", action="store_true", help="skip the breadth-first crawl")
    args = parser.parse_args(argv)
    if not args.generated:
        if args.leave_out or args.focused_only:
            parser.error("--leave-out and --focused-only need --generated N")
        return fixed_main()
    return generated_main(args.generated, args.seed, args.leave_out, args.focused_only)


if __name__ == "__main__":
    sys.exit(main())

"""What does finding the reports cost? Focused crawl vs. plain breadth-first crawl of simweb.

Starts simweb in-process, crawls every site twice through its proxy with the real
``fazhi crawl`` command (``FAZHI_STRATEGY=focused`` and ``=breadth``), and prints, for
each: requests sent (from simweb's own request log), reports found, recall against
simweb's truth, requests per report found, and wall time. The focused crawl should
need at most 20% of the breadth-first crawl's requests at equal recall.

Run: .venv/bin/python bench/discovery.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from simweb.server import start_simweb

FAZHI = [sys.executable, "-m", "fazhi.cli"]


def crawl(simweb, strategy: str, workdir: Path) -> dict:
    data = workdir / strategy
    data.mkdir()
    sites = data / "sites.yaml"
    sites.write_text(simweb.world.sites_yaml(), encoding="utf-8")
    before = _log_lines(simweb)
    started = time.perf_counter()
    subprocess.run(
        [*FAZHI, "--data-dir", str(data), "crawl", "--sites", str(sites), "--proxy", simweb.proxy_url,
         "--delay", "0", "--set", f"FAZHI_STRATEGY={strategy}", "--set", "DEPTH_LIMIT=0"],
        check=True, capture_output=True,
    )
    elapsed = time.perf_counter() - started
    requests = _log_lines(simweb)[len(before):]
    exported = subprocess.run([*FAZHI, "--data-dir", str(data), "catalog", "export", "--format", "jsonl"],
                              check=True, capture_output=True, text=True).stdout
    found = {json.loads(line)["url"] for line in exported.splitlines()}
    truth = {r["url"] for r in simweb.world.truth()["reports"]}
    hits = len(found & truth)
    return {
        "strategy": strategy,
        "requests": len(requests),
        "found": hits,
        "recall": hits / len(truth),
        "per_report": len(requests) / hits if hits else float("inf"),
        "seconds": elapsed,
    }


def _log_lines(simweb) -> list[str]:
    path = simweb.log_path
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def main() -> int:
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


if __name__ == "__main__":
    sys.exit(main())

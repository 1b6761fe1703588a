"""The crawl run summary for people: sentences and aligned columns, from crawler.runstats' dict.

crawler/runstats.py counts one fault under up to three names (the request that finally failed,
every attempt that raised, every attempt that was retried); here they become one row per kind of
fault with three columns, under a short name a person can read (``error_kinds.yaml``).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from catalog.table import render

_PREFIXES = (("exception_", "attempts"), ("retried_", "retried"), ("", "failed"))
_STATUS_REASON = re.compile(r"^(\d{3}) ")  # "500 Internal Server Error", as the retry middleware says


@cache
def error_names() -> dict[str, str]:
    return yaml.safe_load(resources.files("fazhi").joinpath("error_kinds.yaml").read_text(encoding="utf-8"))


def error_rows(errors: dict[str, int]) -> dict[str, dict[str, int]]:
    """{kind: {"failed": n, "attempts": n, "retried": n}} from runstats' prefixed error counts."""
    rows: dict[str, dict[str, int]] = {}
    for key, count in errors.items():
        prefix, column = next((p, c) for p, c in _PREFIXES if key.startswith(p))
        kind = key[len(prefix):]
        status = _STATUS_REASON.match(kind)
        kind = f"http_{status.group(1)}" if status else kind
        row = rows.setdefault(kind, {"failed": 0, "attempts": 0, "retried": 0})
        row[column] += count
    return rows


def error_name(kind: str) -> str:
    return error_names().get(kind, kind)


def lines(summary: dict[str, Any], run_id: int | None, log_file: Path | str, *,
          changes: dict[str, int] | None = None, per_site: bool = True) -> list[str]:
    """The summary of one crawl run, as lines of text; `changes` is catalog.run_reports' count of
    new, changed and unchanged reports."""
    sites = summary.get("sites", [])
    out = [f"crawl run {run_id}: {len(sites)} site(s), {summary['pages_fetched']} responses "
           f"({summary['requests']} requests), {summary['pages_extracted']} articles read"]
    if changes is not None:
        out.append(f"reports: {changes['new']} new, {changes['changed']} changed (a new version), "
                   f"{changes['unchanged']} unchanged")
    out.append(f"  from {summary['reports']} report capture(s): a report met at several URLs (a mirror, "
               "a repost, an attachment) is one report with one capture per URL")
    revisits = sum(summary.get("revisits", {}).values())
    if revisits:
        out.append(f"  {revisits} unchanged document(s) archived as revisit records")
    if per_site and sites:
        out.append(_sites_table(sites))
    elif sites:
        out.append("sites stopped: " + ", ".join(
            f"{n} {reason}" for reason, n in Counter(row["stop_reason"] for row in sites).most_common()))
    out.extend(_error_lines(summary["errors"], table=per_site))
    fallbacks = summary.get("fallbacks", {})
    if fallbacks:
        out.append("fallbacks tried: " + ", ".join(f"{name} {n}" for name, n in sorted(fallbacks.items())))
    out.append(f"log: {log_file}")
    return out


def report_changes(data_dir: Path, db_url: str | None, run_id: int | None) -> dict[str, int] | None:
    """New, changed and unchanged reports of run `run_id`, read from the catalog the crawl wrote."""
    from catalog.db import database_url, open_catalog
    from catalog.run_reports import report_changes as count

    if run_id is None:
        return None
    catalog = open_catalog(database_url(data_dir, db_url))
    try:
        return count(catalog, run_id)
    finally:
        catalog.close()


def _sites_table(sites: list[dict[str, Any]]) -> str:
    rows = [(row["site"], row["pages"], row["reports"],
             "-" if row["best_remaining"] is None else f"{row['best_remaining']:g}", row["stop_reason"])
            for row in sites]
    return render(("site", "requests", "report captures", "best score left", "stopped"), rows)


def _error_lines(errors: dict[str, int], *, table: bool) -> list[str]:
    rows = error_rows(errors)
    if not rows:
        return ["errors: none"]
    ordered = sorted(rows.items(), key=lambda kv: (-kv[1]["failed"], -kv[1]["attempts"], kv[0]))
    if not table:
        return ["errors: " + ", ".join(_compact(kind, counts) for kind, counts in ordered)]
    body = [(error_name(kind), kind, *(counts[column] or "" for column in ("failed", "attempts", "retried")))
            for kind, counts in ordered]
    return ["errors (failed: requests given up; attempts: downloads that raised, retries included; "
            "retried: attempts retried):",
            render(("error", "kind", "failed", "attempts", "retried"), body)]


def _compact(kind: str, counts: dict[str, int]) -> str:
    retried = f" (+{counts['retried']} retried)" if counts["retried"] else ""
    return f"{error_name(kind)} {counts['failed']}{retried}"


def as_json(summary: dict[str, Any], run_id: int | None, log_file: Path | str,
            unreachable: list[str], changes: dict[str, int] | None = None) -> dict[str, Any]:
    """What ``fazhi crawl --json`` prints: runstats' summary with the run, the log, the unreachable
    sites, the new/changed/unchanged reports, and the errors grouped by kind under short names."""
    grouped = {kind: {"name": error_name(kind), **counts}
               for kind, counts in error_rows(summary["errors"]).items()}
    return {"run_id": run_id, "log": str(log_file), "unreachable": unreachable, **summary,
            "report_changes": changes, "errors_by_kind": grouped}

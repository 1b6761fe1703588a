"""Export the catalogue as JSON Lines or CSV (the record keys are a CLI contract).

One record per report, showing its latest version. Keys added after the first contract come after
``capture`` (and after the capture_* columns in CSV), so existing readers keep working; list-valued
keys (issuer_evidence, sections, captures) are JSON text in CSV.

CSV starts with a UTF-8 byte-order mark: Excel reads a CSV without one in the machine's legacy code
page, which turns every Chinese title into mojibake; ``csv`` and pandas read it with ``utf-8-sig``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from catalog.store import Catalog, ReportView

FORMATS = ("jsonl", "csv")
BOM = "\ufeff"  # written first in CSV, so Excel opens it as UTF-8

FIELDS = ("title", "issuer", "issuer_kind", "region_code", "region_name", "year", "published", "url",
          "text", "variant")
CAPTURE_FIELDS = ("warc", "offset", "length", "timestamp", "digest")
KNOWLEDGE_FIELDS = ("issuer_confidence", "issuer_evidence", "signed", "timely", "sections", "versions",
                    "captures", "needs_ocr")
LINK_FIELDS = ("replay",)  # where `fazhi replay --serve` shows the capture
CSV_COLUMNS = FIELDS + tuple(f"capture_{name}" for name in CAPTURE_FIELDS) + KNOWLEDGE_FIELDS + LINK_FIELDS


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """One CSV row: the nested capture becomes capture_warc, capture_offset, ...; lists become JSON."""
    row = {name: record[name] for name in FIELDS}
    row.update({f"capture_{name}": record["capture"][name] for name in CAPTURE_FIELDS})
    for name in KNOWLEDGE_FIELDS + LINK_FIELDS:
        value = record[name]
        row[name] = json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value
    return row


def export_reports(catalog: Catalog, fmt: str, out: TextIO, *, region: str | None = None,
                   year: int | None = None) -> int:
    """Write every (optionally filtered) report to `out`; returns how many were written."""
    return write_reports(catalog.reports(region=region, year=year), fmt, out)


def write_reports(views: Iterable[ReportView], fmt: str, out: TextIO) -> int:
    """Write the given reports (e.g. a web catalog selection) in `fmt`; returns how many were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (expected 'jsonl' or 'csv')")
    records = [view.to_dict() for view in views]
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        out.write(BOM)
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(flatten(record) for record in records)
    return len(records)

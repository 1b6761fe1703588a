"""Acceptance of issue 4, item 7: what extraction knows, against simweb's truth and our real-page truth."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from eval_knowledge import REALPAGES, MIN_REALPAGES, SIMWEB_FIELDS, accuracy, realpages_rows, simweb_rows  # noqa: E402,I001


def test_simweb_report_pages_have_region_kind_year_and_day_right():
    rows = [r for r in simweb_rows() if r["kind"] == "page"]
    assert len(rows) >= 8
    wrong = [(r["url"], [f for f in SIMWEB_FIELDS if not r[f]]) for r in rows if not all(r[f] for f in SIMWEB_FIELDS)]
    assert wrong == []


def test_real_pages_title_and_date_on_at_least_95_percent():
    if not REALPAGES.exists():
        pytest.skip("../shared/realpages absent")
    rows = realpages_rows()
    assert len(rows) == 25
    assert accuracy(rows, ("title", "published"))["all"] >= MIN_REALPAGES, [r for r in rows if not r["title"]
                                                                            or not r["published"]]


def test_accuracy_counts_rows_with_every_field_right():
    rows = [{"a": True, "b": True}, {"a": True, "b": False}]
    assert accuracy(rows, ("a", "b")) == {"a": 1.0, "b": 0.5, "all": 0.5}

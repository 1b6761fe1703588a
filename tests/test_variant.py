"""Traditional -> Simplified fidelity on the seed texts (skipped without ../shared)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from eval_variant import MAX_S2T, MAX_S2TWP, all_round_trips, changed_chars, simplified_seeds  # noqa: E402

from extract.variant import normalise_variant  # noqa: E402


def test_round_trip_error_rates_meet_the_targets():
    texts = simplified_seeds()
    if not texts:
        pytest.skip("../shared/seeds-gold absent")
    ours_twp, ours_t, opencc_twp, _ = all_round_trips(texts)
    assert ours_twp.rate <= MAX_S2TWP, ours_twp.examples[:10]
    assert ours_t.changed == 0 == MAX_S2T, ours_t.examples[:10]
    assert opencc_twp.rate > ours_twp.rate  # the dictionary is what makes the difference


def test_changed_chars_counts_each_changed_character():
    assert changed_chars("建立健全\n创建示范", "建立健全\n建立示范")[0] == 2
    assert changed_chars("产品质量", "产质量量")[0] == 2  # 品 dropped, 量 added
    assert changed_chars("建立健全", "建立健全") == (0, [])


def test_mainland_words_shared_with_taiwan_survive():
    text, variant = normalise_variant("建立健全審核制度，透過資訊平臺執行規範性檔案管理，提升產品質量和服務品質。")
    assert variant == "traditional"
    assert text == "建立健全审核制度，通过信息平台执行规范性文件管理，提升产品质量和服务质量。"

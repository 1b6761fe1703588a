"""The crawler's navigation vocabulary (crawler/discovery/vocabulary.yaml) is well-formed data.

The file is hand-curated from real government portals; these checks catch the mistakes a hand edit
makes (a typo'd role, a word listed twice, an entry without its source) before the link scorer
silently ignores or double-counts a word.
"""

from collections import Counter
from pathlib import Path

import pytest
import yaml

VOCABULARY = Path(__file__).resolve().parents[1] / "crawler" / "discovery" / "vocabulary.yaml"
NO_SOURCE = "common usage, no source seen"


@pytest.fixture(scope="module")
def vocabulary() -> dict:
    with VOCABULARY.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value)


def test_roles_are_named_weights(vocabulary):
    roles = vocabulary["roles"]
    assert isinstance(roles, dict) and roles
    assert all(isinstance(weight, (int, float)) for weight in roles.values())
    assert roles["negative"] < 0 < roles["gateway"]
    assert roles["report"] == max(roles.values())


def test_every_entry_has_a_word_a_known_role_and_a_source(vocabulary):
    roles = vocabulary["roles"]
    for entry in vocabulary["entries"]:
        assert isinstance(entry.get("word"), str) and entry["word"].strip(), entry
        assert entry.get("role") in roles, entry
        assert _strings(entry.get("sources")) and entry["sources"], entry
        assert _strings(entry.get("synonyms", [])), entry
        assert _strings(entry.get("traditional", [])), entry


def test_no_word_is_listed_twice(vocabulary):
    words = [entry["word"] for entry in vocabulary["entries"]]
    synonyms = [syn for entry in vocabulary["entries"] for syn in entry.get("synonyms", [])]
    repeated = [word for word, count in Counter(words + synonyms).items() if count > 1]
    assert not repeated


def test_traditional_forms_differ_from_the_word(vocabulary):
    for entry in vocabulary["entries"] + vocabulary["disclosure_annual_report"]:
        forms = entry.get("traditional", [])
        assert entry["word"] not in forms, entry["word"]
        assert len(forms) == len(set(forms)), entry["word"]


def test_every_role_has_at_least_three_entries(vocabulary):
    counts = Counter(entry["role"] for entry in vocabulary["entries"])
    assert {role: counts[role] for role in vocabulary["roles"] if counts[role] < 3} == {}


def test_disclosure_report_phrases_are_sourced_and_not_navigation_words(vocabulary):
    phrases = vocabulary["disclosure_annual_report"]
    assert len(phrases) >= 3
    words = {entry["word"] for entry in vocabulary["entries"]}
    for phrase in phrases:
        assert isinstance(phrase.get("word"), str) and phrase["word"] not in words, phrase
        assert _strings(phrase.get("sources")) and phrase["sources"], phrase


def test_sources_are_real_sites_and_unsourced_entries_are_few(vocabulary):
    sources = [s for entry in vocabulary["entries"] + vocabulary["disclosure_annual_report"]
               for s in entry["sources"]]
    assert not [s for s in sources if "simweb" in s.lower()]
    unsourced = [entry["word"] for entry in vocabulary["entries"] if entry["sources"] == [NO_SOURCE]]
    assert len(unsourced) <= 3, unsourced

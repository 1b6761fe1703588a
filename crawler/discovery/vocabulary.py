"""The words of government portals' navigation, loaded from data (vocabulary.yaml, patterns.yaml).

The scorer must not know our own simulated web's words: the vocabulary is mined from real portals
(each entry names its sources) and kept as data, so adding a column name seen on a new portal is an
edit to a YAML file, not to code. Words are matched in Simplified; Traditional forms are listed too,
so a 繁體 page matches even where OpenCC's conversion back differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
VOCABULARY_FILE = HERE / "vocabulary.yaml"
PATTERNS_FILE = HERE / "patterns.yaml"


@dataclass(frozen=True)
class Vocabulary:
    """Anchor words with their weights, never-a-way-in words, and the URL and pager patterns."""

    weights: tuple[tuple[str, float], ...]  # (word, weight), positive roles only
    negatives: tuple[str, ...]
    disclosure: tuple[str, ...]  # the other annual report: 政府信息公开工作年度报告
    url_weights: tuple[tuple[re.Pattern[str], float], ...]
    pager_words: frozenset[str]
    pager_url: re.Pattern[str]
    generic: re.Pattern[str]

    def text_weight(self, text: str) -> float:
        """The weight of the strongest word *text* contains, plus half the strongest of another weight
        (法治政府建设 with 工作总结 says more than either: a report titled as a 总结), 0 when none."""
        found = sorted({w for word, w in self.weights if word in text}, reverse=True)
        return found[0] + found[1] / 2 if len(found) > 1 else (found[0] if found else 0.0)

    def is_negative(self, text: str) -> bool:
        low = text.lower()
        return any(word in low for word in self.negatives)

    def names_disclosure_report(self, text: str) -> bool:
        return any(phrase in text for phrase in self.disclosure)

    def url_weight(self, path: str) -> float:
        return max((w for rx, w in self.url_weights if rx.search(path)), default=0.0)


@cache
def default_vocabulary() -> Vocabulary:
    return load_vocabulary(VOCABULARY_FILE, PATTERNS_FILE)


def load_vocabulary(words_file: Path, patterns_file: Path) -> Vocabulary:
    """Read both files; a malformed entry is an error naming the file, never a silent skip."""
    words = yaml.safe_load(words_file.read_text(encoding="utf-8"))
    patterns = yaml.safe_load(patterns_file.read_text(encoding="utf-8"))
    roles = {str(k): float(v) for k, v in words["roles"].items()}
    weighted: dict[str, float] = {}
    negatives: list[str] = []
    for entry in words["entries"]:
        role = entry.get("role")
        if role not in roles:
            raise ValueError(f"{words_file}: entry {entry.get('word')!r} has unknown role {role!r}")
        forms = [entry["word"], *(entry.get("traditional") or []), *(entry.get("synonyms") or [])]
        for form in forms:
            if roles[role] < 0:
                negatives.append(str(form).lower())
            else:
                weighted[str(form)] = max(weighted.get(str(form), 0.0), roles[role])
    pager = patterns["pager"]
    return Vocabulary(
        weights=tuple(sorted(weighted.items(), key=lambda kv: (-kv[1], kv[0]))),
        negatives=tuple(dict.fromkeys(negatives)),
        disclosure=tuple(_phrases(words.get("disclosure_annual_report") or [])),
        url_weights=tuple((re.compile(t["pattern"]), float(t["weight"])) for t in patterns["url_tokens"]),
        pager_words=frozenset(str(w).lower() for w in pager["words"]),
        pager_url=re.compile(pager["url"], re.I),
        generic=re.compile(patterns["generic"], re.I),
    )


def _phrases(items: list) -> list[str]:
    """Phrases given as plain strings or as entries with their Traditional forms."""
    out: list[str] = []
    for item in items:
        if isinstance(item, dict):
            out += [str(item["word"]), *(str(f) for f in item.get("traditional") or [])]
        else:
            out.append(str(item))
    return out

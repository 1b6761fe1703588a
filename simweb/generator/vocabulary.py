"""The column names of real portals (vocabulary.yaml) and the URL keys a CMS derives from them."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pypinyin import Style, lazy_pinyin

_FILE = Path(__file__).with_name("vocabulary.yaml")
KEY_SCHEMES = ("initials", "numeric", "english")


@dataclass(frozen=True)
class Name:
    name: str
    en: str
    sources: tuple[str, ...]


@lru_cache(maxsize=1)
def data() -> dict:
    return yaml.safe_load(_FILE.read_text(encoding="utf-8"))


def names(path: str) -> list[Name]:
    """The names under a dotted path of the vocabulary, e.g. ``top.gk`` or ``rule_of_law``."""
    node = data()
    for part in path.split("."):
        node = node[part]
    return [Name(e["name"], e["en"], tuple(e["from"])) for e in node]


def texts(path: str) -> list[str]:
    """Plain string lists (``decoy_titles``, ``report_titles``)."""
    return list(data()[path])


def initials(text: str) -> str:
    """Pinyin initials of the Chinese characters in *text* (法治政府建设 → fzzfjs), as CMS keys are made."""
    return "".join(s[0] for s in lazy_pinyin(text, style=Style.FIRST_LETTER) if s and s[0].isascii()
                   and s[0].isalpha()).lower()


def pinyin(text: str) -> str:
    """Full toneless pinyin of *text*, letters only (安溪 → anxi)."""
    return "".join(ch for s in lazy_pinyin(text) for ch in s if ch.isascii() and ch.isalpha()).lower()


class Keys:
    """Column URL keys of one site, in the site's scheme, unique within the site."""

    def __init__(self, scheme: str, rng: random.Random) -> None:
        self.scheme = scheme
        self.rng = rng
        self.used: set[str] = set()
        self.numeric_prefix = rng.choice(["", "c", "col", ""])

    def __call__(self, name: str, en: str, uid: int) -> str:
        if self.scheme == "numeric":
            base = f"{self.numeric_prefix}{uid}"
        elif self.scheme == "english":
            base = en
        else:
            base = initials(name) or en
        key, n = base, 1
        while key in self.used:
            n += 1
            key = f"{base}{n}" if self.scheme != "english" else f"{base}_{n}"
        self.used.add(key)
        return key

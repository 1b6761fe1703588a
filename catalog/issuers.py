"""A report's issuer as the catalog identifies it: the issuing body, not the way one page writes it.

A report is one issuer's report on one year, so near-duplicate matching and versions only ever join
texts of the same issuer (catalog.store). The region code alone does not say who issued a report: a
city government and its 司法局 share 441800. Nor does the written name: one body appears as
清远市人民政府, 清远市政府 and 市政府 on its own pages, as 清遠市人民政府 on a 繁體 mirror, as
十堰经济技术开发区管委会 beside 中共十堰经济技术开发区党工委, and as 市市场监管局 for
清远市市场监督管理局. The key keeps what tells bodies apart -- the division, the kind of body and,
below the government, the body's own name -- with the division's name, Traditional characters, party
prefixes, a zone's 党工委/管委会 and short forms (catalog/issuer_names.yaml) folded away.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from extract.gazetteer import Gazetteer
from extract.variant import to_simplified

NAMES_FILE = Path(__file__).with_name("issuer_names.yaml")
_NOT_A_NAME = re.compile(r"[\W_]+")
_GOVERNMENT = "人民政府"
_GOVERNMENT_SUFFIX = re.compile(r"(?:人民政府|政府)$")


@lru_cache(maxsize=1)
def _names() -> dict:
    return yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    return {alias: canonical for canonical, aliases in _names()["aliases"].items()
            for alias in [canonical, *aliases]}


def issuer_key(issuer: str | None, kind: str | None, region_code: str | None) -> str | None:
    """``region|kind|body``: ``441800|government|人民政府``, ``441800|department|司法局``,
    ``420300|development_zone|经济技术开发区``; None when the issuer is unknown (such a report joins
    others only as a near-identical text)."""
    if kind == "government" and region_code:
        return f"{region_code}|government|{_GOVERNMENT}"
    if not issuer or not kind:
        return None
    body = issuer_body(issuer, kind, region_code)
    return f"{region_code or '?'}|{kind}|{body}" if body else None


@lru_cache(maxsize=4096)
def issuer_body(issuer: str, kind: str, region_code: str | None) -> str:
    """The body's own name within its division, every written form folded to one (see the module)."""
    names = _names()
    name = _NOT_A_NAME.sub("", to_simplified(issuer, taiwan=False))
    for prefix in names["party_prefixes"]:
        name = name.removeprefix(prefix)
    name = _without_division(name, region_code)
    if kind == "development_zone":
        name = _without_zone_bodies(name, names["zone_bodies"])
    if kind == "government":
        name = _GOVERNMENT_SUFFIX.sub("", name) or _GOVERNMENT
    return _alias_index().get(name, name)


def _without_division(name: str, region_code: str | None) -> str:
    """清远市司法局 -> 司法局, 广东省清远市司法局 -> 司法局, 市司法局 -> 司法局; 市场监督管理局 stays."""
    gaz = Gazetteer.default()
    path = {d.code for d in gaz.path(region_code)} if region_code else set()
    stripped = True
    while stripped and path:
        stripped = False
        for cut in range(len(name) - 1, 1, -1):
            head = name[:cut]
            if gaz.is_name(head) and any(d.code in path for d in gaz.match_name(head)):
                name, stripped = name[cut:], True
                break
    names = _names()
    if (len(name) > 2 and name[0] in names["level_chars"]
            and not name.startswith(tuple(names["level_char_words"]))):
        name = name[1:]
    return name


def _without_zone_bodies(name: str, bodies: list[str]) -> str:
    """经济技术开发区党工委管委会 -> 经济技术开发区 (punctuation is already gone)."""
    trimmed = True
    while trimmed:
        trimmed = False
        for body in bodies:
            if name.endswith(body) and len(name) > len(body):
                name, trimmed = name[: -len(body)].rstrip("和及与"), True
    return name

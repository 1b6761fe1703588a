"""Who publishes a generated site: a real GB/T 2260 division (counties, prefecture cities, provinces) or
one of its 司法局/司法厅, with the names, self-references and host a real portal of it would carry.

Divisions come from the same table the catalog resolves regions with (extract.gazetteer), so a crawl of
a generated site checks issuer and region resolution against real codes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from extract.gazetteer import MUNICIPALITIES, Division, Gazetteer
from simweb.directory import MIRRORS, PLANS, UNREACHABLE_HOST
from simweb.generator import vocabulary
from simweb.model import SiteInfo

KINDS = (("county", 0.42), ("prefecture", 0.26), ("province", 0.08), ("department", 0.24))
FIXED_HOSTS = frozenset({p.info.host for p in PLANS} | {m.info.host for m in MIRRORS} | {UNREACHABLE_HOST})
_STEM_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
                  "省", "市", "县", "区", "旗", "州")


@dataclass(frozen=True)
class Places:
    """Divisions by level, current codes only, without placeholders like 市辖区."""

    province: tuple[Division, ...]
    prefecture: tuple[Division, ...]
    county: tuple[Division, ...]


@lru_cache(maxsize=1)
def places() -> Places:
    gaz = Gazetteer.default()
    mainland = vocabulary.data()["icp_prefix"]  # 71, 81, 82 run no mainland government portals
    usable = [d for d in gaz
              if d.current and len(d.name) >= 2 and "辖" not in d.name and d.code[:2] in mainland]

    def level(name: str, ends: tuple[str, ...]) -> tuple[Division, ...]:
        return tuple(sorted((d for d in usable if d.level == name and d.name.endswith(ends)),
                            key=lambda d: d.code))

    return Places(level("province", ("省", "市", "自治区")), level("prefecture", ("市", "州")),
                  level("county", ("县", "区", "市", "旗")))


def stem(name: str) -> str:
    """安溪县 → 安溪, 延边朝鲜族自治州 → 延边朝鲜族 (a host is made from the stem's pinyin)."""
    for suffix in _STEM_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def province_of(code: str) -> Division:
    return next(d for d in places().province if d.code[:2] == code[:2])


def draw(rng: random.Random, used_hosts: set[str], index: int) -> SiteInfo:
    """One issuer and its site's identity; the host is unique among *used_hosts* and the fixed world."""
    kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    p = places()
    if kind == "department":
        division = rng.choice(p.prefecture + p.county[::4] + p.province)
    else:
        division = rng.choice(getattr(p, kind))
    info = _info(division, kind == "department")
    host = _host(rng, division, kind == "department", used_hosts)
    used_hosts.add(host)
    code_tail = f"{rng.randint(2, 60):04d}" if kind == "department" else "0001"
    icp = f"{vocabulary.data()['icp_prefix'][division.code[:2]]}ICP备{rng.randint(5_000_000, 21_999_999)}号"
    return SiteInfo(host=host, site_code=division.code + code_tail, icp=icp, style="", **info)


def justice_bureau(info: SiteInfo) -> str:
    """The government's own 司法局 (a province's 司法厅; the municipalities keep 司法局)."""
    code = info.region_code
    office = "司法厅" if code[2:] == "0000" and code[:2] not in MUNICIPALITIES else "司法局"
    return info.short + office


def _info(d: Division, department: bool) -> dict[str, str]:
    level = d.level
    municipality = d.code[:2] in MUNICIPALITIES and level == "province"
    char = "市" if municipality else ("区" if d.name.endswith("自治区") else d.name[-1])
    if department:
        office = "司法厅" if level == "province" and not municipality else "司法局"
        name = d.name + office
        return {"name": name, "region_code": d.code, "issuer": name, "issuer_kind": "department",
                "short": name, "self_ref": "我" + office[-1], "leader": f"{office[-1]}党组",
                "units": f"各{'市' if level == 'province' else '县（市、区）'}司法局，{office[-1]}机关各处室"}
    below = {"province": "各市、县（区）人民政府", "prefecture": "各县（市、区）人民政府"}.get(
        level, "各乡镇人民政府、街道办事处")
    name = d.name + "人民政府"
    return {"name": name, "region_code": d.code, "issuer": name, "issuer_kind": "government",
            "short": d.name, "self_ref": "我" + char, "leader": f"{char}委、{char}政府",
            "units": f"{below}，{char}政府各部门、各直属机构"}


def _host(rng: random.Random, d: Division, department: bool, used: set[str]) -> str:
    """A plausible unique host: www.anxi.gov.cn, www.fjax.gov.cn, sfj.quanzhou.gov.cn …"""
    own = vocabulary.pinyin(stem(d.name))
    short = vocabulary.initials(stem(d.name))
    prov = vocabulary.initials(stem(province_of(d.code).name))
    if department:
        office = "sft" if d.level == "province" and d.code[:2] not in MUNICIPALITIES else "sfj"
        forms = [f"{office}.{own}.gov.cn", f"{office}.{prov}{short}.gov.cn", f"{office}{short}.{prov}.gov.cn"]
    elif d.level == "province":
        forms = [f"www.{own}.gov.cn", f"www.{prov}.gov.cn", f"www.{prov}zf.gov.cn"]
    else:
        forms = [f"www.{own}.gov.cn", f"www.{prov}{short}.gov.cn", f"www.{prov}{own}.gov.cn",
                 f"www.{short}{d.name[-1] == '县' and 'x' or ''}.gov.cn"]
    order = forms[:]
    rng.shuffle(order)
    for host in order + [f"www.{prov}{own}{d.code[-2:]}.gov.cn"]:
        if host not in used and host not in FIXED_HOSTS:
            return host
    raise ValueError(f"no free host for {d.name}")  # unreachable: the last form carries the code

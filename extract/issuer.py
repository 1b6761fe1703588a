"""Who issued a report, and which GB/T 2260 division it belongs to.

Pages rarely say it in one place, so several signals are combined:

* document signals (about the report itself): the title ("阳春市2023年法治政府建设情况报告"), the
  signature lines before the date ("中共十堰经济技术开发区党工委 十堰经济技术开发区管委会"), the
  opening paragraph ("2023年,十堰经济技术开发区党工委、管委会在市委…", "梅河口市全面落实…"), and the
  places the text names, weighted by how the text refers to itself (我市 / 我县 / 我区);
* site signals (about the publishing website): the SiteIDCode meta, whose first six digits are usually
  the host government's division code, SiteName / ContentSource, and the sites file's region_hint and
  site_name.

Document signals decide the issuer (a city portal may carry a county's report; a justice bureau often
republishes its government's report); site signals disambiguate names (朝阳区 in 北京 or 长春) and stand
in when the document names nobody.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extract.gazetteer import Division, Gazetteer
from extract.variant import normalise_variant

_CJK = "\u4e00-\u9fff"
_ZONE = (r"(?:经济技术开发区|经济开发区|高新技术产业开发区|高新技术开发区|高新技术产业园区|高新区|经开区|"
         r"综合保税区|保税区|工业园区|产业园区|开发区|自由贸易试验区|旅游度假区|示范区)")
_ZONE_ORGS = r"(?:(?:党工委|工委|管委会|管理委员会|党委|管理局)[、和及与\s]*)*"
_GOVERNMENT_REST = re.compile(r"^(?:人民政府|政府)?(?:办公室|办公厅|网站|门户网站|网|门户)?$")
_DEPARTMENT_REST = re.compile(r"(?:局|厅|委员会|委|办公室|办|中心|署|处|站)$")
_OTHER_REST = re.compile(r"(?:党委|县委|市委|区委|人大常委会|人大|政协|法院|检察院)$")
_PARTY_PREFIX = re.compile(r"^(?:中国共产党|中共)")
_SELF_GOV = re.compile(r"(?:我|本|全)([市县区旗州盟省])")
_SELF_GOV_STRICT = re.compile(r"(?:我|本)[市县区旗州盟]")  # 全市 also appears in a bureau's own report
_SELF_DEPT = re.compile(r"(?:我|本)(局|委|办|厅)(?![员会])")
_OPENING_DEPT = re.compile(rf"(?:^|[,，。;；])\s*([{_CJK}]{{1,10}}?(?:局|委员会))(?:党组|党委)?"
                           r"(?:坚持|在|以|紧紧|围绕|认真|深入|全面|始终|聚焦|牢牢)")
_TITLE_TAIL = re.compile(r"(?:关于)?\s*(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年度?.*$"
                         r"|(?:关于)?(?:法治政府|法治建设|依法行政|推进法治).*$")
_NAME_AFTER_YEAR = re.compile(r"^(?:关于)?(?:(?:19|20)\d{2})年度?(.*?)(?:关于)?(?:法治|依法行政)")
_PUNCT = re.compile(r"[\s《》“”\"'·:：,，。()（）\[\]【】|-]+")
_OPENING_CHARS = 1500
_CLOSING_LINES = 5
_MAX_NAME = 16


@dataclass(frozen=True)
class Issuer:
    name: str | None       # 阳春市人民政府 / 十堰经济技术开发区党工委、管委会 / 北京市顺义区人民政府
    kind: str | None       # "government" | "department" | "development_zone" | "new_area" | "other"
    region_code: str | None  # 6 digits; for non-divisions the containing division
    region_name: str | None  # the division's full name
    confidence: float
    evidence: tuple[str, ...]  # which signals decided, e.g. ("siteidcode", "title")


@dataclass(frozen=True)
class _Org:
    """An organisation named by one signal: what it says, not yet reconciled with the others."""

    written: str                        # as written (division prefix included when given)
    kind: str
    divisions: tuple[Division, ...]     # candidates for its division (several when the name is ambiguous)


def resolve_issuer(*, title: str | None, text: str, meta: dict[str, str], url: str,
                   region_hint: str | None = None, site_name: str | None = None) -> Issuer:
    """Combine document and site signals into one Issuer (see the module docstring for the order)."""
    gaz = Gazetteer.default()
    title_s, opening, closing = _simplified_parts(title, text)
    meta = {k.lower(): v for k, v in (meta or {}).items()}

    site_code = _site_code(gaz, meta.get("siteidcode"))
    hint = gaz.get(region_hint) if region_hint else None
    site_orgs = [(label, org) for label, value in (("sitename", meta.get("sitename")),
                                                   ("contentsource", meta.get("contentsource")),
                                                   ("site_name", site_name))
                 if value and (org := parse_org(value, gaz, _code(site_code or hint)))]
    context = site_code or hint or next((o.divisions[0] for _, o in site_orgs if o.divisions), None)

    doc_orgs = [(label, org) for label, org in (
        ("title", _title_org(title_s, gaz, context)),
        ("signature", _signature_org(closing, gaz, context)),
        ("opening", _opening_org(opening, gaz, context)),
    ) if org is not None]
    return _decide(gaz, doc_orgs, site_orgs, site_code, hint, context, opening + "\n" + closing)


def _code(d: Division | None) -> str | None:
    return d.code if d else None


def _simplified_parts(title: str | None, text: str) -> tuple[str | None, str, str]:
    """Title, opening and closing of the text, in Simplified characters (names are matched in Simplified)."""
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    opening = "\n".join(lines)[:_OPENING_CHARS]
    closing = "\n".join(lines[-_CLOSING_LINES:]) if len(lines) > 3 else ""
    joined = "\u0001".join([title or "", opening, closing])
    simplified = normalise_variant(joined)[0].split("\u0001")
    if len(simplified) != 3:  # the converter ate a separator: fall back to converting each part
        simplified = [normalise_variant(p)[0] for p in (title or "", opening, closing)]
    return simplified[0] or None, simplified[1], simplified[2]


def _site_code(gaz: Gazetteer, siteidcode: str | None) -> Division | None:
    """SiteIDCode "4417810001" -> 441781 when the first six digits are a known division."""
    code = (siteidcode or "").strip()[:6]
    return gaz.get(code) if code.isdigit() else None


# --- organisation names -------------------------------------------------------------------------

def parse_org(name: str, gaz: Gazetteer, within: str | None = None) -> _Org | None:
    """Read an organisation name: division chain prefix + what follows (人民政府, 司法局, 经济技术开发区…).

    "北京市顺义区人民政府" -> government of 110113; "中共十堰经济技术开发区党工委" -> development zone in
    十堰市; "某市司法局" -> department without a known division. None for strings that name no organisation.
    """
    parts = [p for p in re.split(r"[\s/|]+", name or "") if p]
    orgs = [org for p in parts if (org := _parse_one(p, gaz, within))]
    if not orgs:
        return None
    best = max(orgs, key=lambda o: (bool(o.divisions), _KIND_RANK[o.kind]))
    if best.kind == "development_zone":
        zones = [o.written for o in orgs if o.kind == "development_zone"]
        best = _Org(_join_zone_names(zones), best.kind, best.divisions)
    return best


_MANAGED_NEW_AREAS = frozenset({"雄安新区", "两江新区"})  # in the table, but no 人民政府
_KIND_RANK = {"development_zone": 4, "new_area": 3, "government": 2, "department": 1, "other": 0}


def _join_zone_names(names: list[str]) -> str:
    """中共X开发区党工委 + X开发区管委会 -> X开发区党工委、管委会 (how the seeds write it)."""
    names = [_PARTY_PREFIX.sub("", n) for n in dict.fromkeys(names)]
    zone = re.match(rf"^(.*?{_ZONE})", names[0])
    if zone and all(n.startswith(zone.group(1)) for n in names):
        tails = [n[len(zone.group(1)):].strip("、") for n in names]
        return zone.group(1) + "、".join(t for t in tails if t)
    return "、".join(names)


def _parse_one(s: str, gaz: Gazetteer, within: str | None) -> _Org | None:
    s = _PARTY_PREFIX.sub("", _PUNCT.sub("", s))
    if len(s) < 2:
        return None
    divisions, rest = _division_prefix(s, gaz, within)
    zone = re.match(rf"^([{_CJK}]{{0,8}}?{_ZONE})({_ZONE_ORGS})", rest)
    if zone:
        return _Org(s[: len(s) - len(rest)] + zone.group(0).rstrip("、和及与"), "development_zone", divisions)
    if re.match(rf"^[{_CJK}]{{0,6}}新区", rest) or (divisions and divisions[0].name.endswith("新区")
                                                    and rest.startswith("管")):
        return _Org(s, "new_area", divisions)
    if divisions and _GOVERNMENT_REST.match(rest):
        return _Org(s, _division_kind(divisions[0]), divisions)
    if _OTHER_REST.search(rest) and len(rest) <= 8:
        return _Org(s, "other", divisions)
    if _DEPARTMENT_REST.search(rest) and len(rest) <= 14:
        return _Org(s, "department", divisions)
    return None


def _division_kind(d: Division) -> str:
    """Most divisions have a 人民政府; a few listed codes are zones or new areas run by a 管委会."""
    if re.search(f"{_ZONE}$", d.name):
        return "development_zone"
    return "new_area" if d.name in _MANAGED_NEW_AREAS else "government"


def _division_prefix(s: str, gaz: Gazetteer, within: str | None) -> tuple[tuple[Division, ...], str]:
    """The longest chain of division names at the start of `s` (北京市 + 顺义区), and the rest."""
    found: tuple[Division, ...] = ()
    rest = s
    while rest:
        step = _one_prefix(rest, gaz, found, within)
        if step is None:
            break
        found, rest = step
    return found, rest


def _one_prefix(s: str, gaz: Gazetteer, above: tuple[Division, ...], within: str | None):
    for cut in range(min(len(s), _MAX_NAME), 1, -1):
        head = s[:cut]
        if not gaz.is_name(head):
            continue
        if above:
            below = [d for d in gaz.match_name(head) if any(gaz.contains(a.code, d.code) and a.code != d.code
                                                            for a in above)]
            if below:
                return tuple(below), s[cut:]
            continue
        return tuple(gaz.match_name(head, within=within)), s[cut:]
    return None


def _title_org(title: str | None, gaz: Gazetteer, context: Division | None) -> _Org | None:
    """The issuer named before the year / topic in a title: "阳春市2023年法治政府…" -> 阳春市."""
    if not title:
        return None
    # keep word breaks: "中共天水市委 天水市人民政府关于…" names two bodies
    head = _TITLE_TAIL.sub("", _PUNCT.sub(" ", title).strip()).split("关于")[0].strip()
    if len(head) < 2:  # "2023年阳春市法治政府建设…": the name follows the year
        m = _NAME_AFTER_YEAR.match(_PUNCT.sub("", title))
        head = m.group(1) if m else ""
    return parse_org(head, gaz, _code(context)) if len(head) >= 2 else None


def _signature_org(closing: str, gaz: Gazetteer, context: Division | None) -> _Org | None:
    """The signing body: a short line among the last ones, usually just above the date."""
    for line in reversed(closing.splitlines()):
        line = re.sub(r"(?:19|20)\d{2}\s*年.*$|[〇○零一二三四五六七八九]{4}年.*$", "", line).strip()
        if 2 <= len(line) <= 40 and not re.search(r"[。；;!！?？]", line):
            org = parse_org(line, gaz, _code(context))
            if org is not None and (org.divisions or org.kind in ("development_zone", "new_area")):
                return org
    return None


def _opening_org(opening: str, gaz: Gazetteer, context: Division | None) -> _Org | None:
    """The subject of the first paragraphs: a zone or new area, a 人民政府, or a department (我局)."""
    first = opening[:600]
    for m in re.finditer(rf"([{_CJK}]{{1,12}}?)({_ZONE}{_ZONE_ORGS})", first):
        org = _anchored(m.group(1), m.group(2), gaz, context)
        if org is not None and org.kind == "development_zone":
            return org
    for m in re.finditer(rf"([{_CJK}]{{1,12}}?)(新区)(?:党工委|管委会|管理委员会)?", first):
        org = _anchored(m.group(1), m.group(0)[len(m.group(1)):], gaz, context)
        if org is not None and org.kind == "new_area":  # 浦东新区 itself is a division: a government
            return org
    if _SELF_DEPT.search(first):
        return _Org("", "department", ())  # 我局: the name comes from the site
    sentence = re.split(r"[。\n]", first, maxsplit=1)[0]
    if not _SELF_GOV_STRICT.search(first) and (m := _OPENING_DEPT.search(sentence)):
        org = parse_org(m.group(1), gaz, _code(context))
        return org if org is not None and org.kind == "department" else _Org(m.group(1), "department", ())
    return None


def _anchored(prefix: str, tail: str, gaz: Gazetteer, context: Division | None) -> _Org | None:
    """The longest tail of `prefix` that starts with a division name, joined with `tail`:
    "在市委领导下十堰" + "经济技术开发区" -> 十堰经济技术开发区."""
    for start in range(len(prefix)):
        candidate = prefix[start:]
        if any(gaz.is_name(candidate[:cut]) for cut in range(2, len(candidate) + 1)):
            org = parse_org(candidate + tail, gaz, _code(context))
            if org is not None and org.divisions:
                return org
    return None


# --- place mentions ------------------------------------------------------------------------------

def _self_char(text: str) -> str | None:
    """How the text refers to its issuer: 我市/全市 -> 市, 我县 -> 县, 我区 -> 区 (None when it does not)."""
    counts = Counter()
    for m in _SELF_GOV.finditer(text):
        counts[m.group(1)] += 3 if m.group(0)[0] in "我本" else 1
    return counts.most_common(1)[0][0] if counts else None


def _mentions(text: str, gaz: Gazetteer) -> Counter[str]:
    """Division codes named in `text`, weighted (earlier mentions count more); leftmost-longest scan.

    Only names safe as bare text count: full names of three or more characters (and X县), aliases that keep an
    administrative suffix (张家川县), and bare aliases of three or more characters (张家川, 梅河口).
    """
    index = _mention_index(gaz)
    counts: Counter[str] = Counter()
    i = 0
    while i < len(text):
        for cut in range(min(_MAX_NAME, len(text) - i), 1, -1):
            codes = index.get(text[i: i + cut])
            if codes:
                for code in codes:
                    counts[code] += (3 if i < 300 else 1) / len(codes)
                i += cut
                break
        else:
            i += 1
    return counts


_MENTION_CACHE: dict[int, dict[str, list[str]]] = {}


def _mention_index(gaz: Gazetteer) -> dict[str, list[str]]:
    key = id(gaz)
    if key not in _MENTION_CACHE:
        index: dict[str, list[str]] = {}
        for name, codes, full in gaz.names():
            if full and (len(name) >= 3 or name[-1] == "县") and name not in _UNSAFE:
                index.setdefault(name, []).extend(codes)
            elif not full and (len(name) >= 3 or name[-1] in "县市区旗州盟") and name not in _UNSAFE:
                index.setdefault(name, []).extend(codes)
        _MENTION_CACHE[key] = {k: list(dict.fromkeys(v)) for k, v in index.items()}
    return _MENTION_CACHE[key]


_UNSAFE = frozenset({"和县", "市中区", "新城区", "老城区", "新市区", "城关区", "高新区", "开发区", "新区"})


def _from_mentions(text: str, gaz: Gazetteer, context: Division | None) -> tuple[Division | None, float]:
    """The division the text is about: most-mentioned, boosted when it matches 我市/我县/我区 and when it
    lies within the site's division; ambiguous names lean on the other places mentioned."""
    counts = _mentions(text, gaz)
    if not counts:
        return None, 0.0
    self_char = _self_char(text)
    scored: dict[str, float] = {}
    for code, weight in counts.items():
        d = gaz.get(code)
        score = weight
        if self_char and d.kind_char == self_char:
            score *= 3
        if context and gaz.contains(context.code, code):
            score *= 2
        ancestors = {a.code for a in gaz.path(code)[:-1]}
        score += sum(counts[a] for a in ancestors) * 0.1
        scored[code] = score
    best = max(scored, key=lambda c: (scored[c], len(gaz.path(c))))
    share = scored[best] / sum(scored.values())
    return gaz.get(best), share


# --- decision ------------------------------------------------------------------------------------

_BASE = {"siteidcode": 0.8, "title": 0.85, "signature": 0.85, "opening": 0.75, "sitename": 0.7,
         "contentsource": 0.65, "site_name": 0.7, "mentions": 0.6, "region_hint": 0.5}


def _decide(gaz: Gazetteer, doc_orgs, site_orgs, site_code: Division | None, hint: Division | None,
            context: Division | None, text: str) -> Issuer:
    label, org = _issuer_org(doc_orgs, site_orgs, text)
    evidence: list[str] = []
    division, region_label, share = _region(gaz, label, org, site_code, hint, context, site_orgs, text)
    for item in (region_label, label):
        if item and item not in evidence:
            evidence.append(item)
    for item, d in (("siteidcode", site_code), ("region_hint", hint)):
        if d and division and item not in evidence and gaz.contains(d.code, division.code):
            evidence.append(item)
    kind = org.kind if org else ("government" if division else None)
    return Issuer(_issuer_name(gaz, kind, org, division), kind, _code(division),
                  division.name if division else None, _confidence(evidence, org, division, share),
                  tuple(evidence))


def _issuer_org(doc_orgs, site_orgs, text: str) -> tuple[str | None, _Org | None]:
    """The organisation that issued the report: the document's own word first; the site's owner when
    the document names nobody and does not speak as a government (我市/我县); 我局 takes the site's name."""
    if doc_orgs:
        label, org = doc_orgs[0]
        fuller = [o for _, o in doc_orgs[1:] if o.kind == org.kind and org.written
                  and o.written.startswith(org.written) and len(o.written) > len(org.written)]
        if fuller and org.kind in ("development_zone", "new_area"):  # 十堰经济技术开发区 -> …党工委、管委会
            org = _Org(fuller[0].written, org.kind, org.divisions)
        if not org.written:  # 我局 / 我委
            site_org = next((o for _, o in site_orgs if o.kind == org.kind), None)
            org = site_org or org
        return label, org
    if site_orgs and not _SELF_GOV_STRICT.search(text):
        return site_orgs[0]
    return None, None


def _region(gaz: Gazetteer, label: str | None, org: _Org | None, site_code: Division | None,
            hint: Division | None, context: Division | None, site_orgs, text: str):
    """(division, signal, share): the issuer's own division when it is named with one (a government's
    site stands for the site, not for the report, so its division is only context), else the place the
    text is about, else the site's division."""
    site_labels = {"sitename", "contentsource", "site_name"}
    if org is not None and org.divisions and (label not in site_labels or org.kind != "government"):
        return _pick(gaz, org.divisions, context, text), label, 1.0
    mentioned, share = _from_mentions(text, gaz, context)
    if mentioned is not None and (context is None or gaz.contains(context.code, mentioned.code)
                                  or (share > 0.5 and not gaz.contains(mentioned.code, context.code))):
        return mentioned, "mentions", share
    if context is not None:
        signal = ("siteidcode" if site_code else "region_hint" if hint
                  else next(lb for lb, o in site_orgs if o.divisions))
        return context, signal, 1.0
    return None, None, 1.0


def _pick(gaz: Gazetteer, candidates: tuple[Division, ...], context: Division | None, text: str) -> Division:
    """One of several same-named divisions: the one related to the site's division, else the one whose
    parents the text mentions (朝阳区 + 长春市 -> 220104), else the first (highest level, lowest code)."""
    if context is not None:
        for d in candidates:
            if gaz.contains(context.code, d.code) or gaz.contains(d.code, context.code):
                return d
    if len(candidates) > 1:
        counts = _mentions(text, gaz)
        support = {d.code: sum(counts[a.code] for a in gaz.path(d.code)[:-1]) for d in candidates}
        return max(candidates, key=lambda d: support[d.code])  # max keeps the first on ties
    return candidates[0]


def _issuer_name(gaz: Gazetteer, kind: str | None, org: _Org | None, division: Division | None) -> str | None:
    region = gaz.display_name(division.code) if division else None
    if kind == "government":
        return region + "人民政府" if region else (org.written if org else None)
    if org is None or not org.written:
        return None
    written = _PARTY_PREFIX.sub("", org.written) if kind == "development_zone" else org.written
    if not org.divisions and region and re.match(r"^[市县区旗州]", written):
        return region + written[1:]  # 市司法局 -> 阳春市司法局
    return written


def _confidence(evidence: list[str], org: _Org | None, division: Division | None, share: float) -> float:
    """A rough probability: the strongest signal's base, plus agreement, minus ambiguity."""
    if division is None and org is None:
        return 0.0
    bases = [_BASE.get(e, 0.5) * (0.6 + 0.4 * share if e == "mentions" else 1.0) for e in evidence]
    base = max(bases, default=0.3)
    agreeing = len(evidence) - 1
    if division is None:
        base -= 0.3
    if org is not None and len(org.divisions) > 1:
        base -= 0.15
    return round(max(0.05, min(0.98, base + 0.05 * agreeing)), 2)

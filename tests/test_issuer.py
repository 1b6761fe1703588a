"""resolve_issuer: who issued a report and which division it belongs to, from page and site signals."""

from pathlib import Path

import pytest
import yaml

from extract.issuer import resolve_issuer
from extract.variant import normalise_variant

SHARED = Path(__file__).parents[1] / ".." / "shared"
GOLD = SHARED / "seeds-gold"
URL = "http://example.gov.cn/x.html"


def seeds():
    if not (GOLD / "metadata.yaml").exists():
        return [pytest.param(None, marks=pytest.mark.skip("../shared seeds not available"))]
    reports = yaml.safe_load((GOLD / "metadata.yaml").read_text(encoding="utf-8"))["reports"]
    return [pytest.param(r, id=r["file"][:3]) for r in reports]


@pytest.mark.parametrize("seed", seeds())
@pytest.mark.parametrize("with_title", [False, True], ids=["no-title", "title"])
def test_seed_reports_without_meta(seed, with_title):
    text = (GOLD / seed["file"]).read_text(encoding="utf-8")
    title = seed["title"] if with_title else None
    issuer = resolve_issuer(title=title, text=text, meta={}, url=URL)
    assert (issuer.region_code, issuer.kind) == (seed["region_code"], seed["issuer_kind"])
    assert issuer.name == seed["issuer"]
    assert issuer.evidence and 0 < issuer.confidence <= 1


@pytest.mark.parametrize("seed", seeds())
def test_seed_reports_after_t2s_conversion(seed):
    text = normalise_variant((GOLD / seed["file"]).read_text(encoding="utf-8"))[0]
    issuer = resolve_issuer(title=None, text=text, meta={}, url=URL)
    assert (issuer.region_code, issuer.kind) == (seed["region_code"], seed["issuer_kind"])


BODY = "2023年，我市坚持以习近平新时代中国特色社会主义思想为指导，全面推进依法行政。现将有关情况报告如下：\n一、主要举措"


def test_siteidcode_and_sitename():
    meta = {"siteidcode": "4417810001", "sitename": "阳春市人民政府"}
    issuer = resolve_issuer(title="2023年法治政府建设年度报告", text=BODY, meta=meta, url=URL)
    assert (issuer.name, issuer.kind, issuer.region_code, issuer.region_name) == \
        ("阳春市人民政府", "government", "441781", "阳春市")
    assert "siteidcode" in issuer.evidence
    alone = resolve_issuer(title=None, text=BODY, meta={"SiteIDCode": "4417810001"}, url=URL)
    assert alone.region_code == "441781" and alone.evidence[0] == "siteidcode"
    assert issuer.confidence >= alone.confidence


def test_invalid_siteidcode_is_ignored():
    issuer = resolve_issuer(title=None, text=BODY, meta={"siteidcode": "bm18000001"}, url=URL)
    assert issuer.region_code is None and issuer.confidence < 0.5


def test_title_wins_over_the_hosting_site():
    """A city portal (阳江市) carrying a county-level city's report (阳春市)."""
    meta = {"siteidcode": "4417000001", "sitename": "阳江市人民政府"}
    issuer = resolve_issuer(title="阳春市2023年法治政府建设情况报告", text=BODY, meta=meta, url=URL)
    assert (issuer.region_code, issuer.kind) == ("441781", "government")
    assert issuer.evidence[0] == "title"


def test_department_from_sitename():
    text = "2023年，市司法局在市委、市政府的坚强领导下，全面推进法治建设。现将有关情况报告如下：\n一、主要举措"
    meta = {"siteidcode": "4417810011", "sitename": "阳春市司法局"}
    issuer = resolve_issuer(title="2023年度法治政府建设工作情况报告", text=text, meta=meta, url=URL)
    assert (issuer.name, issuer.kind, issuer.region_code) == ("阳春市司法局", "department", "441781")


def test_department_with_unknown_place_name():
    text = "2023年，我局坚持依法行政，现将有关情况报告如下：\n一、主要举措"
    issuer = resolve_issuer(title=None, text=text, meta={"sitename": "某市司法局"}, url=URL,
                            region_hint="441781")
    assert (issuer.name, issuer.kind, issuer.region_code) == ("某市司法局", "department", "441781")


def test_department_site_keeps_its_own_division():
    """A bureau's report naming other places (对口支援) still belongs to the bureau's division."""
    text = ("2023年，委党组坚持依法行政，扎实做好对口支援玉树藏族自治州、和田地区工作。\n"
            "现将有关情况报告如下：\n一、主要举措")
    meta = {"siteidcode": "1100000011", "sitename": "北京市发展和改革委员会"}
    issuer = resolve_issuer(title="2023年法治政府建设年度情况报告", text=text, meta=meta, url=URL)
    assert (issuer.name, issuer.kind, issuer.region_code) == ("北京市发展和改革委员会", "department", "110000")


def test_department_in_the_title():
    issuer = resolve_issuer(title="十堰市司法局2023年法治政府建设年度报告", text=BODY, meta={}, url=URL)
    assert (issuer.name, issuer.kind, issuer.region_code) == ("十堰市司法局", "department", "420300")


@pytest.mark.parametrize("hint,code,name", [
    ("220100", "220104", "长春市朝阳区人民政府"),
    ("110000", "110105", "北京市朝阳区人民政府"),
])
def test_ambiguous_district_resolved_by_region_hint(hint, code, name):
    text = "2023年，朝阳区坚持依法行政，我区法治政府建设取得新成效。现将有关情况报告如下：\n一、主要举措"
    for title in ("朝阳区2023年法治政府建设情况报告", None):
        issuer = resolve_issuer(title=title, text=text, meta={}, url=URL, region_hint=hint)
        assert (issuer.region_code, issuer.name, issuer.kind) == (code, name, "government")


def test_ambiguous_district_resolved_by_parent_mentions():
    text = "2023年，在长春市委、市政府的坚强领导下，我区坚持依法行政。\n一、主要举措"
    issuer = resolve_issuer(title="朝阳区2023年法治政府建设情况报告", text=text, meta={}, url=URL)
    assert issuer.region_code == "220104"


def test_government_report_mentioning_a_committee_is_not_a_department():
    text = "2023年，县委全面依法治县委员会坚持统筹协调，我县法治政府建设取得新成效。\n一、主要举措"
    issuer = resolve_issuer(title=None, text=text, meta={"siteidcode": "6205250001"}, url=URL)
    assert (issuer.kind, issuer.region_code) == ("government", "620525")


def test_ambiguous_district_resolved_by_site_name():
    issuer = resolve_issuer(title="朝阳区2023年法治政府建设情况报告", text=BODY, meta={}, url=URL,
                            site_name="长春市朝阳区人民政府")
    assert issuer.region_code == "220104"


def test_development_zone_in_title_and_signature():
    issuer = resolve_issuer(title="十堰经济技术开发区2023年法治政府建设情况报告", text=BODY, meta={}, url=URL)
    assert (issuer.kind, issuer.region_code, issuer.name) == ("development_zone", "420300", "十堰经济技术开发区")
    opening = "2023年，十堰经济技术开发区党工委、管委会坚持依法行政。\n一、主要举措"
    fuller = resolve_issuer(title="十堰经济技术开发区2023年法治政府建设情况报告", text=opening, meta={}, url=URL)
    assert fuller.name == "十堰经济技术开发区党工委、管委会"
    text = BODY + "\n（一）依法行政。\n正文。\n中共十堰经济技术开发区党工委 十堰经济技术开发区管委会\n2024年1月30日"
    signed = resolve_issuer(title=None, text=text, meta={}, url=URL)
    assert (signed.kind, signed.region_code) == ("development_zone", "420300")
    assert signed.name == "十堰经济技术开发区党工委、管委会"
    assert "signature" in signed.evidence


@pytest.mark.parametrize("title,name,kind,code", [
    ("张家川回族自治县人民政府关于2023年度法治政府建设情况的报告", "张家川回族自治县人民政府", "government", "620525"),
    ("2023年张家川县法治政府建设情况报告", "张家川回族自治县人民政府", "government", "620525"),
    ("中共天水市委 天水市人民政府关于2023年法治政府建设情况的报告", "天水市人民政府", "government", "620500"),
    ("天水市人民政府办公室关于2023年度法治政府建设工作情况的报告", "天水市人民政府", "government", "620500"),
    ("浦东新区2023年法治政府建设情况报告", "上海市浦东新区人民政府", "government", "310115"),
    ("雄安新区2023年法治政府建设情况报告", "雄安新区", "new_area", "133100"),
    ("苏州工业园区2023年法治政府建设工作报告", "苏州工业园区", "development_zone", "320576"),
    ("张家川县人民法院2023年法治建设报告", "张家川县人民法院", "other", "620525"),
])
def test_issuer_named_in_the_title(title, name, kind, code):
    issuer = resolve_issuer(title=title, text=BODY, meta={}, url=URL)
    assert (issuer.name, issuer.kind, issuer.region_code) == (name, kind, code)
    assert issuer.evidence[0] == "title"


def test_new_area():
    issuer = resolve_issuer(title="兰州新区2023年法治政府建设情况报告", text=BODY, meta={}, url=URL)
    assert (issuer.kind, issuer.region_code) == ("new_area", "620100")


def test_district_of_a_municipality_gets_the_city_prefix():
    text = "2023年，顺义区坚持依法行政，全区法治政府建设取得新成效。\n一、主要举措"
    issuer = resolve_issuer(title=None, text=text, meta={}, url=URL)
    assert (issuer.name, issuer.region_code, issuer.region_name) == ("北京市顺义区人民政府", "110113", "顺义区")


def test_two_character_county_names():
    text = "2023年，忠县坚持依法行政，全县法治政府建设取得新成效。\n一、主要举措"
    assert resolve_issuer(title=None, text=text, meta={}, url=URL).region_code == "500233"
    phrase = "2023年，我县坚持市和县两级联动。\n一、主要举措"  # 和县 here is not the county
    assert resolve_issuer(title=None, text=phrase, meta={}, url=URL).region_code is None


def test_nothing_to_go_on():
    issuer = resolve_issuer(title=None, text="正文。", meta={}, url=URL)
    assert issuer.region_code is None and issuer.confidence == 0.0

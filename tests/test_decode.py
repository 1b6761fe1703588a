"""decode_html on crafted bytes and on the real pages in ../shared/realpages."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

import pytest

from extract.decode import decode_html

SHARED = Path(__file__).parents[1] / ".." / "shared"
REALPAGES = SHARED / "realpages"
sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))

from eval_extract import mojibake_verdict  # noqa: E402

REPORT = "关于2023年法治政府建设情况的报告：镕珺堃（GBK 独有字）"


def page(meta: str, body: str = REPORT) -> str:
    return f"<html><head>{meta}<title>政府</title></head><body><p>{body}</p></body></html>"


def test_utf8_bom_beats_contradicting_meta():
    body = codecs.BOM_UTF8 + page('<meta charset="gbk">').encode("utf-8")
    decoded = decode_html(body)
    assert (decoded.encoding, decoded.source) == ("utf-8", "bom")
    assert REPORT in decoded.text and not decoded.text.startswith("\ufeff")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_bom(codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    decoded = decode_html(bom + page('<meta charset="utf-8">').encode(codec))
    assert decoded.encoding == "utf-16" and decoded.source == "bom"
    assert REPORT in decoded.text


def test_meta_charset_after_4kb_is_honoured():
    filler = "<!-- " + "x" * 6000 + " -->\n<script>var a = 1;</script>"
    body = page(filler + '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').encode("gb18030")
    assert body.index(b"charset=gb2312") > 4096
    decoded = decode_html(body)
    assert (decoded.encoding, decoded.source) == ("gb18030", "meta")
    assert REPORT in decoded.text


def test_gbk_only_characters_in_page_declared_gb2312():
    body = page('<meta charset="gb2312">').encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb2312")  # the declared codec itself would fail: 镕珺堃 are GBK-only
    decoded = decode_html(body)
    assert decoded.encoding == "gb18030" and REPORT in decoded.text


@pytest.mark.parametrize("label", ["gbk", "GB2312", "x-gbk", "gb_2312-80"])
def test_gb_labels_from_http_header_decode_as_gb18030(label):
    decoded = decode_html(page("").encode("gbk"), f"text/html; charset={label}")
    assert (decoded.encoding, decoded.source) == ("gb18030", "http")
    assert REPORT in decoded.text


def test_declared_charset_that_fails_is_overridden_by_detection():
    body = page('<meta charset="utf-8">', REPORT * 20).encode("gb18030")
    decoded = decode_html(body, "text/html; charset=utf-8")
    assert decoded.source == "detected"
    assert REPORT in decoded.text


def test_first_meta_wins_over_word_pasted_charset_later():
    later = "<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">"
    body = page('<meta charset="utf-8">', REPORT + later)
    decoded = decode_html(body.encode("utf-8"))
    assert (decoded.encoding, decoded.source) == ("utf-8", "meta")


@pytest.mark.parametrize("body", [b"", b"\xff\xfe\x00\xd8\x80", b"\x80\x81\xfe\xff\xd8\x00" * 50,
                                  b"<meta charset=utf-8>\xe6\xb3\x95\xff\xfe", "法治".encode()[:-1]])
def test_invalid_bytes_never_raise(body):
    decoded = decode_html(body, "text/html; charset=nonsense")
    assert isinstance(decoded.text, str)


def test_latin1_http_default_does_not_mangle_utf8():
    decoded = decode_html(page("").encode("utf-8"), "text/html; charset=ISO-8859-1")
    assert REPORT in decoded.text


def _realpages() -> list[Path]:
    return sorted(REALPAGES.glob("*.html")) if REALPAGES.exists() else []


@pytest.mark.skipif(not _realpages(), reason="../shared/realpages absent")
@pytest.mark.parametrize("path", _realpages(), ids=lambda p: p.name[:24])
def test_realpages_decode_without_mojibake(path):
    raw = path.read_bytes()
    for body, declared in ((raw, None), (_as_gb18030(raw), "gb18030"), (codecs.BOM_UTF16_LE + _as_utf16(raw), None)):
        decoded = decode_html(body)
        assert mojibake_verdict(decoded.text) is None, (path.name, declared)
        assert "的" in decoded.text and "\ufffd" not in decoded.text and "ï»¿" not in decoded.text


def _as_gb18030(raw: bytes) -> bytes:
    """The same page as a GB2312-era site would serve it (meta rewritten to gb2312)."""
    text = raw.decode("utf-8").replace("utf-8", "gb2312").replace("UTF-8", "gb2312")
    return text.encode("gb18030")


def _as_utf16(raw: bytes) -> bytes:
    return raw.decode("utf-8").encode("utf-16-le")

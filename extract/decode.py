"""Turn a fetched body into text without mojibake.

Chinese government sites mix UTF-8, GB2312/GBK and the odd UTF-16 page, often with a declaration
that lies (a GBK page whose meta says gb2312 but uses GBK-only characters, a UTF-8 page whose
Word-pasted body carries a second ``charset=gb2312``). The order of trust below is the one browsers
use, plus one guard browsers do not need: a declared codec that cannot decode the bytes strictly is
overruled by detection, because a lossy decode would silently corrupt the archived text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Every GB-family label is decoded as gb18030, its superset, so GBK-only characters in a page
# declared as gb2312 still come out right.
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "gb_2312": "gb18030",
    "csgb2312": "gb18030",
    "cp936": "gb18030",
    "windows-936": "gb18030",
    "x-euc-cn": "gb18030",
    "euc-cn": "gb18030",
    "big5-hkscs": "big5hkscs",
    "unicode": "utf-16",
    "iso-8859-1": "cp1252",  # what browsers actually do with latin-1 labels
    "latin1": "cp1252",
}

_HTTP_CHARSET = re.compile(rb"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.I)
_META_SCAN_BYTES = 64 * 1024
_WEAK_HTTP = {"cp1252", "latin_1", "iso8859-1"}


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # codec actually used, e.g. "utf-8", "gb18030", "utf-16"
    source: str  # "bom" | "http" | "meta" | "detected" | "fallback"


def normalise_label(label: str | bytes | None) -> str | None:
    """Map a charset label to a Python codec name we trust, or None when unknown."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    name = label.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec in {"gbk", "gb2312"}:
        return "gb18030"
    return codec


def _bom(body: bytes) -> tuple[str, int] | None:
    for mark, codec in _BOMS:
        if body.startswith(mark):
            return codec, len(mark)
    return None


def _http_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HTTP_CHARSET.search(content_type.encode("latin-1", "ignore"))
    return normalise_label(match.group(1)) if match else None


def _meta_charset(body: bytes) -> str | None:
    """First usable charset declared in a <meta> tag within the first 64 KB.

    Only <meta> tags count: Word-pasted bodies carry ``charset=gb2312`` in style blocks and
    comments further down, and some CMSs declare the charset after 4 KB of comments and scripts.
    """
    head = body[:_META_SCAN_BYTES]
    for tag in _META_TAG.finditer(head):
        match = _HTTP_CHARSET.search(tag.group(0))
        if match:
            codec = normalise_label(match.group(1))
            if codec:
                return codec
    return None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(body: bytes) -> DecodedText | None:
    """charset-normalizer's best guess, but only when it decodes strictly."""
    if _strict(body, "utf-8") is not None:  # cheap and unambiguous; detection can mislabel short UTF-8
        return DecodedText(body.decode("utf-8"), "utf-8", "detected")
    best = from_bytes(body).best()
    if best is None:
        return None
    codec = normalise_label(best.encoding) or best.encoding
    text = _strict(body, codec)
    return DecodedText(text, codec, "detected") if text is not None else None


def decode_html(body: bytes, content_type: str | None = None) -> DecodedText:
    """Decode an HTML body: BOM, then HTTP charset, then meta charset, then detection.

    Never raises: when nothing decodes strictly, the most plausible declared codec (or UTF-8) is
    used with replacement characters and the source is reported as "fallback".
    """
    bom = _bom(body)
    if bom:
        codec, skip = bom
        return DecodedText(body[skip:].decode(codec, "replace"), _public(codec), "bom")
    declared = _declared(body, content_type)
    for codec, source in declared:
        text = _strict(body, codec)
        if text is not None:
            return DecodedText(text, _public(codec), source)
    detected = _detect(body)
    if detected is not None:
        return DecodedText(detected.text, _public(detected.encoding), "detected")
    codec = declared[0][0] if declared else "utf-8"
    return DecodedText(body.decode(codec, "replace"), _public(codec), "fallback")


def _declared(body: bytes, content_type: str | None) -> list[tuple[str, str]]:
    """Declared codecs in order of trust.

    Two labels are weak: a UTF-16 label read from an ASCII-compatible body (browsers treat it as
    UTF-8, since the meta tag itself could not have been read otherwise), and a latin-1 HTTP label,
    which is usually a server default that ignores the page; the meta then goes first.
    """
    http = _http_charset(content_type)
    meta = _meta_charset(body)
    if meta and meta.startswith("utf-16"):
        meta = "utf-8"
    if http and http.startswith("utf-16"):
        http = "utf-8"
    order = [(meta, "meta"), (http, "http")] if http in _WEAK_HTTP else [(http, "http"), (meta, "meta")]
    if http in _WEAK_HTTP and not meta and _strict(body, "utf-8") is not None and not body.isascii():
        order = [("utf-8", "detected")]
    return [(codec, source) for codec, source in order if codec]


def _public(codec: str) -> str:
    """Report UTF-16 variants as "utf-16", as the contract names them."""
    return "utf-16" if codec.startswith("utf-16") else codec

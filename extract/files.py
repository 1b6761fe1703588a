"""Any fetched file to an ExtractedDocument: HTML pages and report attachments alike.

The format is sniffed from the bytes (``%PDF``, a zip holding ``word/document.xml``, the OLE2
signature of Word 97–2003), not trusted from the URL or Content-Type: government download scripts
(``downfile.jsp?…``) serve everything as ``application/octet-stream``. An attachment's text goes
through the same builder as a page's (extract.document.build_document).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from extract.attachments import AttachmentError, AttachmentText
from extract.attachments.legacy_word import OLE2_MAGIC, read_doc
from extract.attachments.pdf import read_pdf
from extract.attachments.word import read_docx
from extract.document import ExtractedDocument, build_document, extract_html
from extract.text import PageParts

_READERS: dict[str, Callable[[bytes], AttachmentText]] = {"pdf": read_pdf, "docx": read_docx, "doc": read_doc}
_HINT_NOISE = re.compile(r"^\s*(附件|附|下载|点击下载)\s*\d*\s*[:：.、]?\s*|\.(pdf|docx?|wps|ofd)\s*$", re.I)
MAX_TITLE = 60
_SENTENCE = re.compile(r"[。；，:：]")

__all__ = ["AttachmentError", "extract_file", "sniff"]


def sniff(body: bytes) -> str | None:
    """"pdf", "docx" or "doc" when the bytes are one of those formats, else None (HTML or unknown)."""
    head = body[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if body.startswith(OLE2_MAGIC):
        return "doc"
    if body.startswith(b"PK\x03\x04") and _zip_has(body, "word/document.xml"):
        return "docx"
    return None


def extract_file(body: bytes, url: str, content_type: str | None = None, region_hint: str | None = None,
                 site_name: str | None = None, title_hint: str | None = None) -> ExtractedDocument:
    """Describe any fetched body; ``title_hint`` is the anchor text that led to an attachment
    (``附件：阳春市2023年法治政府建设年度报告.pdf``), used when the file names no title of its own."""
    kind = sniff(body)
    if kind is None:
        return extract_html(body, url, content_type, region_hint, site_name)
    found = _READERS[kind](body)
    title, text = _split_title(found, clean_hint(title_hint))
    page = PageParts(meta=found.meta, title=title, main_text=text, visible_text=text)
    return build_document(page, url, kind, region_hint=region_hint, site_name=site_name,
                          needs_ocr=found.needs_ocr)


def clean_hint(hint: str | None) -> str | None:
    """An anchor text without its 附件： prefix and file extension."""
    if not hint:
        return None
    cleaned = _HINT_NOISE.sub("", _HINT_NOISE.sub("", hint.strip()))
    return cleaned or None


def _split_title(found: AttachmentText, hint: str | None) -> tuple[str | None, str]:
    """The document's own heading (its first short line) becomes the title and leaves the text,
    as a page's <h1> does; the file's metadata title or the anchor text stand in when it has none."""
    lines = found.text.splitlines()
    first = lines[0].strip() if lines else ""
    if first and len(first) <= MAX_TITLE and not _SENTENCE.search(first):
        return first, "\n".join(lines[1:])
    meta_title = (found.title or "").strip()
    return (meta_title if _has_cjk(meta_title) else hint), found.text


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _zip_has(body: bytes, name: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return name in archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False

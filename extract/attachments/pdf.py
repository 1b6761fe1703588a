"""PDF text through pypdfium2 (Apache/BSD licensed PDFium, unlike the AGPL PyMuPDF).

A page with images but no characters is a scan: the document is kept and flagged ``needs_ocr``
so the catalogue still lists the report instead of silently dropping it.
"""

from __future__ import annotations

import threading

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extract.attachments import MAX_CHARS, MAX_PAGES, AttachmentError, AttachmentText, check_size

FULL_LINE = 0.85  # share of the longest line's length from which a line counts as running full


# PDFium is not thread-safe, not even across documents: two calls at once corrupt the process
# (a crawl extracts in a thread pool and died with "free(): invalid pointer" before this lock).
_PDFIUM = threading.Lock()


def read_pdf(body: bytes) -> AttachmentText:
    """Text of every page, in reading order as PDFium lays it out (one PDF at a time per process)."""
    check_size(body, "PDF")
    with _PDFIUM:
        return _read_pdf(body)


def _read_pdf(body: bytes) -> AttachmentText:
    try:
        pdf = pdfium.PdfDocument(body)
    except pdfium.PdfiumError as exc:
        raise AttachmentError(f"unreadable PDF: {exc}") from exc
    try:
        if len(pdf) > MAX_PAGES:
            raise AttachmentError(f"PDF has {len(pdf)} pages (limit {MAX_PAGES})")
        texts, images = [], 0
        for page in pdf:
            try:
                texts.append(_page_text(page))
                images += _image_count(page)
            finally:
                page.close()  # inside the lock: a page left to the garbage collector closes anywhere
            if sum(map(len, texts)) > MAX_CHARS:
                raise AttachmentError(f"PDF text exceeds {MAX_CHARS} characters")
        meta = {k: v for k, v in pdf.get_metadata_dict(skip_empty=True).items() if isinstance(v, str)}
    finally:
        pdf.close()
    text = "\n".join(unwrap("\n".join(texts).splitlines()))
    scanned = not "".join(text.split()) and images > 0
    return AttachmentText(text=text, kind="pdf", title=meta.get("Title"), meta=meta, needs_ocr=scanned)


def unwrap(lines: list[str]) -> list[str]:
    """Rejoin paragraphs that PDF layout broke into lines. A line continues the one before when it
    is not indented (Chinese paragraphs open with two full-width spaces) and the line before ran to
    nearly the full measure; short lines (headings, signature, the last line of a paragraph) end."""
    width = max((len(line.strip()) for line in lines), default=0)
    out: list[str] = []
    full = False
    for raw in lines:
        line = raw.strip()
        if not line:
            full = False
            continue
        indented = raw[:1] in ("\u3000", " ", "\t")
        if out and full and not indented:
            out[-1] += line
        else:
            out.append(line)
        full = len(line) >= FULL_LINE * width
    return out


def _page_text(page: pdfium.PdfPage) -> str:
    textpage = page.get_textpage()
    try:
        raw = textpage.get_text_range()
    finally:
        textpage.close()
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def _image_count(page: pdfium.PdfPage) -> int:
    return sum(1 for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))

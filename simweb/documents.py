"""Report files as governments attach them: PDF with a real Chinese text layer, a scanned PDF
(one image per page, no text at all), DOCX (signature block in a borderless table, as Word users
lay it out) and legacy DOC (simweb.worddoc).

Bytes are reproducible for a given input (reportlab's invariant mode, fixed DOCX core dates), so
the world stays byte-identical across runs.
"""

from __future__ import annotations

import io
import random
import zipfile
from datetime import datetime

from simweb.worddoc import doc_bytes

PDF_FONT = "STSong-Light"  # Adobe's CID font for Simplified Chinese; built into every PDF viewer
PAGE_W, PAGE_H, MARGIN = 595, 842, 72
BODY_SIZE, TITLE_SIZE, LEADING = 12, 16, 20
FIXED_DATE = datetime(2024, 3, 1, 9, 0)


def pdf_bytes(title: str, paragraphs: list[str]) -> bytes:
    """A text PDF: the title centred, then paragraphs wrapped at the page width, first lines indented."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1)
    pdf.setTitle(title)
    pdf.setFont(PDF_FONT, TITLE_SIZE)
    pdf.drawCentredString(PAGE_W / 2, PAGE_H - MARGIN, title)
    y = PAGE_H - MARGIN - 2 * LEADING
    per_line = int((PAGE_W - 2 * MARGIN) // BODY_SIZE)
    for para in paragraphs:
        for line in _wrap("　　" + para, per_line):
            if y < MARGIN:
                pdf.showPage()
                y = PAGE_H - MARGIN
            pdf.setFont(PDF_FONT, BODY_SIZE)
            pdf.drawString(MARGIN, y, line)
            y -= LEADING
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def scanned_pdf_bytes(pages: int, seed: str) -> bytes:
    """A scan: every page one greyscale image of 'print', no text objects anywhere."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), invariant=1)
    for _ in range(pages):
        image = Image.new("L", (420, 594), 250)
        draw = ImageDraw.Draw(image)
        for row in range(40, 560, 14):  # strokes standing in for lines of scanned characters
            x = 40 + (28 if rng.random() < 0.2 else 0)
            while x < 380:
                w = rng.randint(6, 11)
                draw.rectangle((x, row, x + w, row + 9), fill=rng.randint(20, 90))
                x += w + rng.randint(2, 4)
        pdf.drawImage(ImageReader(image), 0, 0, PAGE_W, PAGE_H)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def docx_bytes(title: str, paragraphs: list[str], signature_lines: int = 2) -> bytes:
    """A DOCX whose last ``signature_lines`` paragraphs sit in a one-column table (right column)."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.created = FIXED_DATE
    document.core_properties.modified = FIXED_DATE
    document.add_heading(title, level=1)
    body, signature = paragraphs[:-signature_lines], paragraphs[-signature_lines:]
    for para in body:
        document.add_paragraph(para)
    table = document.add_table(rows=len(signature), cols=1)
    for row, line in zip(table.rows, signature, strict=True):
        row.cells[0].text = line
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip_times(out.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """python-docx stamps zip entries with the current time; rewrite them for reproducible bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def legacy_doc_bytes(title: str, paragraphs: list[str]) -> bytes:
    """A Word 97–2003 .doc: the title as the first paragraph, then the body."""
    return doc_bytes([title, *paragraphs])

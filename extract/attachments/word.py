"""DOCX (Office Open XML) text through python-docx, tables included, in document order.

A DOCX is a zip: the archive's declared sizes are checked before python-docx inflates anything,
so a zip bomb (tiny file, gigabytes of XML) is refused instead of exhausting memory.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from extract.attachments import MAX_BYTES, AttachmentError, AttachmentText, check_size

MAX_RATIO = 100  # deflate rarely exceeds ~20:1 on real XML; bombs reach thousands


def read_docx(body: bytes) -> AttachmentText:
    """Paragraphs and table rows (cells joined by tabs), one per line."""
    check_size(body, "DOCX")
    _check_zip(body)
    try:
        document = docx.Document(io.BytesIO(body))
    except Exception as exc:  # python-docx raises KeyError, ValueError, XMLSyntaxError, BadZipFile …
        raise AttachmentError(f"unreadable DOCX: {exc!r}") from exc
    lines = [line for line in _body_lines(document) if line.strip()]
    title = document.core_properties.title or None
    return AttachmentText(text="\n".join(lines), kind="docx", title=title)


def _check_zip(body: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise AttachmentError(f"DOCX is not a zip archive: {exc}") from exc
    if "word/document.xml" not in {i.filename for i in infos}:
        raise AttachmentError("zip archive holds no word/document.xml")
    unpacked = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if unpacked > 4 * MAX_BYTES or unpacked / packed > MAX_RATIO:
        raise AttachmentError(f"DOCX inflates to {unpacked} bytes from {packed} (zip bomb?)")


def _body_lines(document: Document) -> list[str]:
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_lines(Table(child, document)))
    return lines


def _table_lines(table: Table) -> list[str]:
    """One line per row; merged cells repeat in python-docx, so consecutive repeats are dropped."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if not cells or cells[-1] != text:
                cells.append(text)
        rows.append("\t".join(cells))
    return rows

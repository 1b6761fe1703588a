"""Attachment extraction: PDF, DOCX, DOC, scans, and files built to break a reader."""

from __future__ import annotations

import io
import random
import time
import zipfile
from datetime import date

import pytest

from extract.attachments import AttachmentError
from extract.attachments.legacy_word import read_doc
from extract.attachments.pdf import read_pdf, unwrap
from extract.attachments.word import read_docx
from extract.files import clean_hint, extract_file, sniff
from simweb import documents, textgen

TITLE = "阳春市2023年法治政府建设年度报告"
URL = "http://www.yangchun.gov.cn/zwgk/fzzfjs/P020240328512345678.pdf"


@pytest.fixture(scope="module")
def report() -> list[str]:
    voice = textgen.Voice(issuer="阳春市人民政府", short="阳春市", self_ref="我市", leader="市委、市政府", units="")
    return textgen.annual_report(random.Random(7), voice, 2023, date(2024, 3, 28))


@pytest.mark.parametrize("fmt", ["pdf", "docx", "doc"])
def test_each_format_gives_back_the_report_and_its_title(report, fmt):
    body = {"pdf": documents.pdf_bytes, "docx": documents.docx_bytes,
            "doc": documents.legacy_doc_bytes}[fmt](TITLE, report)
    assert sniff(body) == fmt
    doc = extract_file(body, URL, "application/octet-stream", region_hint="441781")
    assert doc.text == "\n".join(report)
    assert doc.title == TITLE and doc.is_report and not doc.needs_ocr
    assert (doc.year, doc.region_code, doc.encoding) == (2023, "441781", fmt)


def test_docx_tables_are_read_in_document_order(report):
    found = read_docx(documents.docx_bytes(TITLE, report))  # the signature block is a table
    assert found.text.splitlines()[-2:] == report[-2:]


def test_pdf_lines_broken_by_layout_are_rejoined():
    lines = ["\u3000\u3000" + "甲" * 30, "乙" * 12 + "。", "\u3000\u3000二、存在的不足", "\u3000\u3000短句。"]
    assert unwrap(lines) == ["甲" * 30 + "乙" * 12 + "。", "二、存在的不足", "短句。"]


def test_a_scan_is_kept_and_flagged_needs_ocr():
    body = documents.scanned_pdf_bytes(pages=2, seed="scan")
    doc = extract_file(body, URL, title_hint=f"附件：{TITLE}.pdf")
    assert doc.needs_ocr and doc.text == ""
    assert doc.title == TITLE and doc.is_report and doc.year == 2023
    assert doc.to_json()["needs_ocr"] is True


def test_anchor_hints_lose_their_attachment_prefix_and_extension():
    assert clean_hint("附件1：十堰经济技术开发区2022年度法治政府建设工作情况报告.PDF") == (
        "十堰经济技术开发区2022年度法治政府建设工作情况报告")
    assert clean_hint("  ") is None


def test_a_truncated_pdf_is_an_attachment_error(report):
    body = documents.pdf_bytes(TITLE, report)
    with pytest.raises(AttachmentError):
        read_pdf(body[: len(body) // 3])


def test_a_zip_bomb_docx_is_refused_before_inflating():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * 50_000_000 + b"</w:document>")
    started = time.monotonic()
    with pytest.raises(AttachmentError, match="zip bomb"):
        read_docx(out.getvalue())
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("reader", [read_pdf, read_docx, read_doc])
def test_random_bytes_are_an_attachment_error_for_every_reader(reader):
    junk = random.Random(3).randbytes(20_000)
    with pytest.raises(AttachmentError):
        reader(junk)
    with pytest.raises(AttachmentError):
        reader(b"")


def test_random_bytes_behind_a_document_signature_are_an_attachment_error():
    junk = random.Random(4).randbytes(5000)
    for magic in (b"%PDF-1.7\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        with pytest.raises(AttachmentError):
            extract_file(magic + junk, URL)


def test_html_still_goes_through_the_page_reader():
    html = f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1><p>正文。</p></body></html>"
    doc = extract_file(html.encode(), "http://www.yangchun.gov.cn/a.html", "text/html; charset=utf-8")
    assert doc.title == TITLE and doc.encoding == "utf-8" and not doc.is_report


def test_pdfs_read_in_many_threads_at_once_do_not_corrupt_the_process(tmp_path):
    """The crawl extracts in a thread pool; PDFium is not thread-safe, so fazhi serialises it. Run in a
    child process: without the lock this died with "free(): invalid pointer" or a segfault."""
    script = tmp_path / "threads.py"
    script.write_text(
        "import concurrent.futures, sys\n"
        "from datetime import datetime\n"
        "from simweb.model import Article\n"
        "from simweb.attachments import _file_bytes\n"
        "from extract.attachments.pdf import read_pdf\n"
        "art = Article(title='某县2023年法治政府建设年度报告', published=datetime(2024, 3, 1),\n"
        "              paragraphs=['一、主要举措和成效' * 40] * 30, kind='report', year=2023)\n"
        "body = _file_bytes(art, 'pdf')\n"
        "with concurrent.futures.ThreadPoolExecutor(8) as pool:\n"
        "    texts = list(pool.map(lambda _: read_pdf(body).text, range(200)))\n"
        "assert len(set(texts)) == 1 and '主要举措' in texts[0]\n"
        "print('ok')\n", encoding="utf-8")
    import subprocess
    import sys

    from .conftest import REPO
    out = subprocess.run([sys.executable, str(script)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "ok", (out.returncode, out.stderr[-1500:])

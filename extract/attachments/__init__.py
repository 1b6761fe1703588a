"""Text out of report attachments (PDF, DOCX, legacy DOC), one module per format.

Governments often publish the annual report only as a file linked from a stub page, so these
readers must turn hostile or broken files into a clear ``AttachmentError`` rather than a crash or a
hang: every reader caps size and pages, and external converters run under a timeout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_BYTES = 64 * 2**20  # the crawler's DOWNLOAD_MAXSIZE; larger files are not reports
MAX_PAGES = 500  # annual reports run to tens of pages; more is a trap or a scanned archive
MAX_CHARS = 2_000_000


class AttachmentError(ValueError):
    """The file is not a readable document of the claimed format (truncated, bomb, garbage)."""


@dataclass
class AttachmentText:
    """What a format reader found: plain text (paragraphs on lines) and what the file says of itself."""

    text: str
    kind: str  # "pdf" | "docx" | "doc"
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    needs_ocr: bool = False  # pages carry images but no text layer (a scan)


def check_size(body: bytes, kind: str) -> None:
    """Refuse empty and oversized bodies before a parser spends time on them."""
    if not body:
        raise AttachmentError(f"empty {kind} file")
    if len(body) > MAX_BYTES:
        raise AttachmentError(f"{kind} file of {len(body)} bytes exceeds {MAX_BYTES}")

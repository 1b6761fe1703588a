"""What the spider hands to the item pipelines: one fetched article page or report attachment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.writer import CapturePointer
    from extract.document import ExtractedDocument


@dataclass
class PageCapture:
    """An archived article page on its way to extraction and the catalog."""

    url: str
    status: int
    content_type: str | None
    body: bytes
    pointer: CapturePointer
    site_name: str
    region_hint: str | None
    document: ExtractedDocument | None = field(default=None, repr=False)
    title_hint: str | None = None  # the anchor that led to an attachment, for files without a title
    signature: list[int] | None = field(default=None, repr=False)  # a report's MinHash, made off the reactor

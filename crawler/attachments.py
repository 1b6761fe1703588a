"""Report attachments (PDF, DOCX, DOC) as captures: the spider's non-HTML branch.

The spider follows attachment links whose anchor is report-ish, or any attachment on a page it
reached through a strongly report-ish link (the stub whose 附件 is the report). The bytes were
archived by the recorder like any response; here they become a PageCapture for the pipelines,
with the anchor text as a title hint for files that name no title (scans).
"""

from __future__ import annotations

from scrapy.http import Response

from crawler.downloadermiddlewares.conditional import exchange_status
from crawler.items import PageCapture
from crawler.sites import SiteConfig
from extract.files import sniff


def file_capture(response: Response, site: SiteConfig) -> PageCapture | None:
    """A capture for a document file, or None for anything else (images, archives, empty bodies)."""
    if "capture_pointer" not in response.meta or sniff(response.body) is None:
        return None
    content_type = response.headers.get(b"Content-Type")
    return PageCapture(
        url=response.url,
        status=exchange_status(response),
        content_type=content_type.decode("latin-1") if content_type else None,
        body=response.body,
        pointer=response.meta["capture_pointer"],
        site_name=site.name,
        region_hint=site.region,
        title_hint=response.meta.get("anchor") or response.meta.get("via"),
    )

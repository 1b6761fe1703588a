"""Recrawls without waste: refetch archived documents conditionally, and hand a 304 on as the
document it confirms.

A URL whose document the catalog already holds (its latest 200 ``response`` record, in a closed
and indexed WARC) is requested with that response's validators: ``If-None-Match`` from its ETag,
``If-Modified-Since`` from its Last-Modified. ``request.meta[ORIGINAL_META]`` names the original,
and the recorder (950, just below) writes a revisit record instead of a second copy when the
server answers 304 or sends the same payload; it leaves the profile in ``REVISIT_META`` and points
``capture_pointer`` at the revisit.

After a 304 the spider and the pipelines still need the document, or its links would not be
followed and its capture not linked to its report: ``process_response`` hands on the archived
response instead (status, headers and payload as stored, so HttpCompressionMiddleware decodes it
as usual), flagged ``revisit``; ``exchange_status`` still says 304.

Originals are looked up once, when the crawl starts, so only earlier crawls' captures qualify.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from warcio.statusandheaders import StatusAndHeaders

from archive.reader import CaptureError, archived_response
from archive.writer import (
    NOT_MODIFIED,
    ORIG_PREFIX,
    Original,
    index_pointer,
    is_closed_and_indexed,
)
from catalog.capture_index import latest_leaf_responses
from catalog.db import database_url, open_catalog

logger = logging.getLogger(__name__)

ORIGINAL_META = "fazhi_original"  # the Original this request may revisit
REVISIT_META = "fazhi_revisit"  # the WARC-Profile of the revisit record the recorder wrote
EXCHANGE_STATUS_META = "fazhi_exchange_status"  # the status on the wire, when the response is swapped
_VALIDATORS = (("If-None-Match", "ETag"), ("If-Modified-Since", "Last-Modified"))


class ConditionalRequestMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.data_dir = Path(settings["FAZHI_DATA_DIR"])
        self.originals = load_originals(self.data_dir, settings.get("FAZHI_DB_URL"))
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        original = self.originals.get(request.url)
        if original is None or request.method != "GET" or ORIGINAL_META in request.meta:
            return  # nothing archived, or a retry that already carries its validators
        try:
            headers, _ = archived_response(self.data_dir, original.pointer)
        except (CaptureError, OSError) as exc:
            logger.warning("cannot read the archived %s, fetching it in full: %s", request.url, exc)
            return
        request.meta[ORIGINAL_META] = original
        for name, validator in _VALIDATORS:
            value = headers.get_header(validator)
            if value:  # latin-1 text carries the archived bytes (archive.writer.WireHeaders)
                request.headers[name] = value.encode("latin-1")
        self.stats.inc_value("fazhi/revisit/conditional_requests")

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get(REVISIT_META) != NOT_MODIFIED:
            return response
        original: Original = request.meta[ORIGINAL_META]
        try:
            headers, payload = archived_response(self.data_dir, original.pointer)
        except (CaptureError, OSError) as exc:
            logger.error("304 for %s, but its original is unreadable; fetching it in full: %s",
                         request.url, exc)
            self.stats.inc_value("fazhi/errors/revisit_original")
            return _unconditional(request)
        request.meta[EXCHANGE_STATUS_META] = response.status
        return _as_response(request, response, headers, payload)


def exchange_status(response: Response) -> int:
    """The status the server sent for this capture: 304 for a document handed on from the archive."""
    return response.meta.get(EXCHANGE_STATUS_META, response.status)


def load_originals(data_dir: Path, db_url: str | None) -> dict[str, Original]:
    """URL → the response a recrawl may revisit: the latest 200 capture of each document, if its
    file is closed and indexed."""
    catalog = open_catalog(database_url(data_dir, db_url))
    try:
        rows = latest_leaf_responses(catalog)
    finally:
        catalog.close()
    closed: dict[str, bool] = {}
    originals = {}
    for url, row in rows.items():
        pointer = index_pointer(row)
        if row.filename not in closed:
            closed[row.filename] = is_closed_and_indexed(data_dir, pointer)
        if closed[row.filename]:
            originals[url] = Original(row.url, pointer)
    return originals


def _as_response(request: Request, wire: Response, archived: StatusAndHeaders, payload: bytes) -> Response:
    """The archived response as the downloader would have handed it on (framing headers the
    recorder renamed are left out)."""
    headers = Headers()
    for name, value in archived.headers:
        if not name.startswith(ORIG_PREFIX):
            headers.appendlist(name, value.encode("latin-1"))
    cls = responsetypes.from_args(headers=headers, url=request.url, body=payload)
    return cls(url=request.url, status=int(archived.get_statuscode()), headers=headers, body=payload,
               flags=["revisit"], request=request, ip_address=wire.ip_address, protocol=wire.protocol)


def _unconditional(request: Request) -> Request:
    headers = Headers(request.headers)
    for name, _ in _VALIDATORS:
        headers.pop(name, None)
    meta = {k: v for k, v in request.meta.items() if k not in (ORIGINAL_META, REVISIT_META)}
    meta[ORIGINAL_META] = None  # not conditional again on the way down
    return request.replace(headers=headers, meta=meta, dont_filter=True)

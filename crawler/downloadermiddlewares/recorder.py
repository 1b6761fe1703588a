"""Write every exchange the downloader completes into the WARC archive.

Placed next to the downloader (order 950), it sees each response first: still
compressed, before redirects are followed, and including robots.txt fetches, so
the archive holds what the server sent rather than what the spider was handed.
The capture pointer rides on ``request.meta`` to the pipelines.

A request that names an archived original (crawler.downloadermiddlewares.conditional,
``ORIGINAL_META``) and gets a 304 or the same payload back is written as a ``revisit`` record of
it instead of a response; the profile is left in ``REVISIT_META`` for the conditional middleware
and the spider.

What Scrapy cannot give back, and how it is recorded:

- the body arrives de-chunked; ``Transfer-Encoding`` is kept as ``X-Archive-Orig-Transfer-Encoding``
  (crawler.wire supplies the connection headers and the reason phrase Twisted keeps apart);
- header values are bytes, carried as latin-1 text and written back as the same bytes;
- ``WARC-IP-Address`` is the address Scrapy connected to: with a forward proxy (``--proxy``),
  that is the proxy's address, not the origin server's; warcinfo names the proxy.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Headers, Response

from archive.cdxj import rows_from_warc
from archive.writer import CapturePointer, WarcWriter, recover_open_files
from catalog.capture_index import add_rows, replace_file
from catalog.db import database_url, open_catalog
from crawler.downloadermiddlewares.conditional import ORIGINAL_META, REVISIT_META
from crawler.wire import WIRE_META

logger = logging.getLogger(__name__)

# Settings that describe how the crawl behaved; recorded in every warcinfo record.
_RECORDED_SETTINGS = (
    "USER_AGENT", "ROBOTSTXT_OBEY", "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED",
    "AUTOTHROTTLE_TARGET_CONCURRENCY", "CONCURRENT_REQUESTS_PER_DOMAIN", "DEPTH_LIMIT",
    "FAZHI_SITES_FILE", "FAZHI_PROXY",
)


class WarcRecorderMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        data_dir = Path(settings["FAZHI_DATA_DIR"])
        recovered = recover_open_files(data_dir)
        if recovered:
            logger.warning("closed %d WARC file(s) left open by an interrupted crawl", len(recovered))
        info = {name.lower(): str(settings.get(name)) for name in _RECORDED_SETTINGS}
        info["robots"] = "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore"
        if settings.get("FAZHI_PROXY"):
            info["ip-address"] = "WARC-IP-Address is the forward proxy's address, not the origin's"
        # the catalog's copy of the index is written with each record, like the CDXJ lines
        self.catalog = open_catalog(database_url(data_dir, settings.get("FAZHI_DB_URL")))
        for path in recovered:
            replace_file(self.catalog, path.name, rows_from_warc(path))
        self.writer = WarcWriter(data_dir, max_bytes=settings.getint("FAZHI_WARC_MAX_BYTES"), info=info,
                                 on_index=lambda rows: add_rows(self.catalog, rows))
        self.stats = crawler.stats
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcRecorderMiddleware:
        return cls(crawler)

    def close(self) -> None:
        self.writer.close()
        self.catalog.close()

    def process_response(self, request: Request, response: Response) -> Response:
        wire = request.meta.get(WIRE_META) or {}
        headers = _header_pairs(response.headers)
        if "conn_headers" in wire:  # the connection headers as sent, not Scrapy's Content-Length
            headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
            headers += [(n.decode("latin-1"), v.decode("latin-1")) for n, v in wire["conn_headers"]]
        phrase = wire.get("phrase")
        revisit = self.writer.revisit_of(request.meta.get(ORIGINAL_META), response.status, response.body)
        try:
            pointer = self.writer.write_exchange(
                url=response.url,
                method=request.method,
                request_headers=_request_headers(request),
                request_body=request.body,
                status=response.status,
                reason=phrase.decode("latin-1") if phrase is not None else _reason(response.status),
                response_headers=headers,
                body=response.body,
                protocol=response.protocol or "HTTP/1.1",
                ip=str(response.ip_address) if response.ip_address else None,
                fetched_at=datetime.now(UTC),
                revisit=revisit,
            )
        except OSError as exc:
            # A full disk must stop the crawl rather than silently lose captures.
            self.stats.inc_value("fazhi/errors/warc_write")
            logger.error("cannot write WARC record for %s: %s", response.url, exc)
            raise
        request.meta["capture_pointer"] = pointer
        self.stats.inc_value("fazhi/warc_records")
        if revisit is not None:
            request.meta[REVISIT_META] = revisit.profile
            self.stats.inc_value(f"fazhi/revisit/{revisit.profile.rsplit('/', 1)[-1]}")
        return response

    def write_conversion(self, source: CapturePointer, url: str, text: str) -> CapturePointer:
        """Archive the text extracted from the capture at `source` (for the catalog pipeline).

        The pipelines call this on the reactor thread, like every other write, so the crawl keeps
        one writer and one thread writing it.
        """
        try:
            pointer = self.writer.write_conversion(source=source, uri=url, text=text)
        except OSError as exc:
            self.stats.inc_value("fazhi/errors/warc_write")
            logger.error("cannot write the conversion record for %s: %s", url, exc)
            raise
        self.stats.inc_value("fazhi/conversion_records")
        return pointer


def _request_headers(request: Request) -> list[tuple[str, str]]:
    """The request's headers as sent, with the Host header the HTTP client adds."""
    pairs = _header_pairs(request.headers)
    if not any(name.lower() == "host" for name, _ in pairs):
        pairs.insert(0, ("Host", urlsplit(request.url).netloc))
    return pairs


def _header_pairs(headers: Headers, drop: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        key = name.decode("latin-1")
        if key.lower() in drop:
            continue
        pairs.extend((key, value.decode("latin-1")) for value in values)
    return pairs


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""

"""The browser's network traffic and products, written to WARC as what they are.

Every response Chromium receives (the page, its scripts, its XHR/fetch JSON) becomes a real
``response``/``request`` pair with the status, headers and bytes the server sent. What the
browser *made* (the rendered DOM, a screenshot) becomes a ``resource`` record that refers to
the page's response, never a response of its own: a researcher must be able to tell server
bytes from crawler artefacts.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from http import HTTPStatus

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Response

from archive.writer import CapturePointer, WarcWriter

logger = logging.getLogger(__name__)

DOM_URN = "urn:fazhi:dom:"
SCREENSHOT_URN = "urn:fazhi:screenshot:"


async def record_response(writer: WarcWriter, response: Response) -> CapturePointer:
    """Archive one browser exchange; redirects and aborted bodies are stored with an empty body."""
    request = response.request
    try:
        body = await response.body()
    except PlaywrightError:  # redirects and some aborted loads have no body to give
        body = b""
    headers = [(h["name"], _latin1(h["value"])) for h in await response.headers_array()]
    request_headers = [(h["name"], _latin1(h["value"])) for h in await request.headers_array()]
    server = await _server_addr(response)
    encoded = any(name.lower() == "content-encoding" for name, _ in headers)
    return writer.write_exchange(
        url=response.url,
        method=request.method,
        request_headers=request_headers,
        request_body=request.post_data_buffer or b"",
        status=response.status,
        reason=response.status_text or _reason(response.status),
        response_headers=headers,
        body=body,
        ip=server,
        fetched_at=datetime.now(UTC),
        body_is_decoded=encoded,  # Chromium hands bodies over decompressed
    )


def record_rendering(writer: WarcWriter, url: str, page_record_id: str, dom: str,
                     screenshot: bytes) -> tuple[CapturePointer, CapturePointer]:
    """Archive the rendered DOM and the full-page screenshot, each pointing at the page's response."""
    dom_pointer = writer.write_resource(
        uri=DOM_URN + url, content_type="text/html; charset=utf-8", body=dom.encode("utf-8"),
        concurrent_to=page_record_id,
    )
    shot_pointer = writer.write_resource(
        uri=SCREENSHOT_URN + url, content_type="image/png", body=screenshot, concurrent_to=page_record_id,
    )
    return dom_pointer, shot_pointer


async def _server_addr(response: Response) -> str | None:
    try:
        addr = await response.server_addr()
    except PlaywrightError:
        return None
    return addr["ipAddress"] if addr else None


def _latin1(value: str) -> str:
    """Header text the WARC writer can store byte for byte (it writes headers as latin-1)."""
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8").decode("latin-1")
    return value


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""

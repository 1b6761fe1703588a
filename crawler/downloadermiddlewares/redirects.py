"""Recognise redirect loops as what they are.

A loop A → B → A never reaches REDIRECT_MAX_TIMES: Scrapy's duplicate filter
silently drops the second request for A, so the fault would vanish from the
crawl's error counts. Sitting just outside RedirectMiddleware, this raises
IgnoreRequest("redirect loop …") when a redirect points back into its own chain.
"""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response


class RedirectLoopMiddleware:
    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if not (300 <= response.status < 400 and location):
            return response
        target = urldefrag(urljoin(request.url, location.decode("latin-1")))[0]
        chain = {urldefrag(u)[0] for u in request.meta.get("redirect_urls", [])} | {urldefrag(request.url)[0]}
        if target in chain:
            raise IgnoreRequest(f"redirect loop: {request.url} -> {target}")
        return response

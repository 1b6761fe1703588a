"""An HTTP/1.1 download handler that keeps what Scrapy's drops: the reason phrase and the
connection-control headers (Content-Length, Transfer-Encoding, Connection, Keep-Alive).

Twisted files those headers apart from the entity headers and Scrapy never passes them on, so
without this the archive could not say a response was chunked or what status line the server
sent. They ride on ``request.meta["fazhi_wire"]`` to the WARC recorder. Only Scrapy's private
``_ScrapyAgent`` hook is used; if it changes, the meta key is simply absent and the recorder
falls back to the standard phrase.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.core.downloader.handlers import http11
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future

WIRE_META = "fazhi_wire"


class _WireParser(http11._LenientHTTPClientParser):
    """Leaves the connection-control headers on the Twisted request (the response it is about to
    build fires its callbacks synchronously, so they must be in place first)."""

    def allHeadersReceived(self) -> None:  # noqa: N802 (Twisted naming)
        self.request._fazhi_conn_headers = [
            (name, value) for name, values in self.connHeaders.getAllRawHeaders() for value in values
        ]
        super().allHeadersReceived()


class _WireProtocol(http11._LenientHTTP11ClientProtocol):
    def request(self, request: Any) -> Any:
        d = super().request(request)
        self._parser.__class__ = _WireParser  # same trick as Scrapy's lenient parser; no extra state
        return d


class _WireFactory(http11._LenientHTTP11ClientFactory):
    def buildProtocol(self, addr: Any) -> Any:  # noqa: N802
        return _WireProtocol(self._quiescentCallback)


class _WireAgent(http11._ScrapyAgent):
    def _cb_bodyready(self, txresponse: Any, request: Request) -> Any:
        wire: dict[str, Any] = {"phrase": bytes(getattr(txresponse, "phrase", b"") or b"")}
        tx_request = getattr(txresponse, "request", None)  # an IClientRequest proxy of the Request
        tx_request = getattr(tx_request, "original", tx_request)
        conn = getattr(tx_request, "_fazhi_conn_headers", None)
        if conn is not None:
            wire["conn_headers"] = conn
        request.meta[WIRE_META] = wire
        return super()._cb_bodyready(txresponse, request)


class WireDownloadHandler(http11.HTTP11DownloadHandler):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._pool._factory = _WireFactory

    async def download_request(self, request: Request) -> Response:
        agent = _WireAgent(
            contextFactory=self._contextFactory,
            bindAddress=self._bind_address,
            pool=self._pool,
            maxsize=self._default_maxsize,
            warnsize=self._default_warnsize,
            fail_on_dataloss=self._fail_on_dataloss,
            crawler=self._crawler,
            tls_verbose_logging=self._tls_verbose_logging,
        )
        try:
            with http11.wrap_twisted_exceptions():
                return await maybe_deferred_to_future(agent.download_request(request))
        except http11.ResponseDataLossError:
            if not self._fail_on_dataloss_warned:
                http11.logger.warning(http11.get_dataloss_msg(request.url))
                self._fail_on_dataloss_warned = True
            raise

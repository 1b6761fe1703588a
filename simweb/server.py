"""A threaded forward HTTP proxy in front of the simulated world.

Clients set ``http://127.0.0.1:PORT`` as their proxy and send absolute-URI requests
(``GET http://www.gdqy.gov.cn/ HTTP/1.1``); plain origin-form requests are resolved through the
Host header. Hosts outside the world get 502, as a real proxy reports an unresolvable name.
Only GET and HEAD are served; every other method (CONNECT for a TLS tunnel, POST, OPTIONS ...)
is refused with 501, since simweb serves no TLS and no forms, but logged like any request, so a
test can see every byte of traffic a client sent, stray or not.
"""

from __future__ import annotations

import gzip
import json
import sys
import threading
import time
import zlib
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from simweb.faults import misbehave
from simweb.world import World


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "simweb/1.0"
    sys_version = ""
    server: _ProxyServer

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self._serve(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(with_body=False)

    def __getattr__(self, name: str):
        """Any method without a ``do_`` handler of its own is refused by ``_refuse``: http.server
        looks handlers up by name (``do_CONNECT``, ``do_PROPFIND`` ...) and would otherwise answer
        501 without a log line."""
        if name.startswith("do_"):
            return self._refuse
        raise AttributeError(name)

    def _refuse(self) -> None:
        """501 for a method simweb does not serve, logged; the connection closes, since a CONNECT
        tunnel or an unread request body leaves nothing more to read on it."""
        url = self._url()
        body = f"501 Not Implemented: simweb serves only GET and HEAD, not {self.command}\n".encode()
        self.server.log(self.command, url, 501, len(body), self.headers.get("User-Agent", ""))
        self.close_connection = True
        self.send_response(501)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def _url(self) -> str:
        if self.path.startswith(("http://", "https://")):
            return self.path
        if self.command == "CONNECT":  # authority form: "CONNECT host:443"
            return f"https://{self.path}"
        return f"http://{self.headers.get('Host', '')}{self.path}"

    def _serve(self, with_body: bool) -> None:
        url = self._url()
        response = self.server.world.respond(self.command, url, dict(self.headers.items()))
        time.sleep(response.delay)
        # log first: a client that has read the response must find its line in the log
        self.server.log(self.command, url, response.status, len(response.body) if with_body else 0,
                        self.headers.get("User-Agent", ""))
        if response.wire:
            return misbehave(self, response.body, response.wire)
        body, framing = wire_variant(url, response.body, self.headers.get("Accept-Encoding", ""))
        self.send_response(response.status)
        for name, value in response.headers + framing:
            self.send_header(name, value)
        chunked = ("Transfer-Encoding", "chunked") in framing
        if not chunked and response.status != 304:  # a 304's Content-Length would describe the 200
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not with_body:
            return
        if chunked:
            for start in range(0, len(body), 1000):
                piece = body[start:start + 1000]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        elif body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Silence stderr; the JSON request log is the record."""


def wire_variant(url: str, body: bytes, accept_encoding: str) -> tuple[bytes, list[tuple[str, str]]]:
    """How a page travels, fixed per URL like a real server farm: a third are gzip-encoded (when the
    client accepts gzip; ``mtime=0`` so the bytes are reproducible), a third are chunked, the rest
    plain. Every variant carries a repeated header and a header with a non-ASCII latin-1 byte, as
    old government servers send (``X-Powered-By`` twice, ``Server`` names with accents)."""
    quirks = [("X-Powered-By", "ASP.NET"), ("X-Powered-By", "PHP/5.2.17"), ("X-Server-Note", "caf\xe9")]
    kind = zlib.crc32(url.encode("utf-8")) % 3
    if kind == 1 and body and "gzip" in accept_encoding.lower():
        encoded = [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        return gzip.compress(body, mtime=0), encoded + quirks
    if kind == 2 and body:
        return body, [("Transfer-Encoding", "chunked")] + quirks
    return body, quirks


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up mid-answer (a browser done with a page, a crawler's timeout) is
        ordinary on the web; anything else is still printed."""
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)

    def __init__(self, port: int, world: World, log_path: Path | None) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.world = world
        self.log_path = log_path
        self._lock = threading.Lock()

    def log(self, method: str, url: str, status: int, size: int, ua: str) -> None:
        if self.log_path is None:
            return
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        line = json.dumps({
            "ts": datetime.now(UTC).isoformat(timespec="milliseconds"), "method": method, "url": url,
            "host": parts.hostname or "", "path": parts.path + (f"?{parts.query}" if parts.query else ""),
            "status": status, "bytes": size, "ua": ua,
        }, ensure_ascii=False)
        with self._lock, open(self.log_path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


class SimWeb:
    """A running simweb proxy; ``stop()`` shuts it down and joins the serving thread."""

    def __init__(self, port: int = 0, log_path: Path | None = None, seed: int = 2026,
                 generated: int | None = None) -> None:
        self.world = World.generated(generated, seed) if generated else World(seed)
        self.log_path = Path(log_path) if log_path else None
        self._server = _ProxyServer(port, self.world, self.log_path)
        self.port: int = self._server.server_address[1]
        self.proxy_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="simweb", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SimWeb:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_simweb(port: int = 0, log_path: Path | None = None, seed: int = 2026,
                 generated: int | None = None) -> SimWeb:
    """The fixed world of *seed*, or with *generated* = N a world of N random portals from *seed*."""
    return SimWeb(port, log_path, seed, generated)

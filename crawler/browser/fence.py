"""Where Chromium's traffic may go: the crawl's sites, through the crawl's proxy, and nowhere else.

Chromium talks on its own (component updater, sign-in, variations, safe browsing ...), outside any
page, so a route handler never sees it. Flags switch most of it off, but only the proxy
configuration makes the rule hold for whatever a flag misses: a PAC script, given by
``--proxy-pac-url`` as a ``data:`` URL, sends the hosts of the crawl's sites to the crawl's proxy
(or DIRECT when the crawl has none) and every other host to a loopback port that this fence holds
bound and never listens on, so such a request fails at once with ERR_PROXY_CONNECTION_FAILED and
no byte leaves the machine. ``--host-resolver-rules`` makes every name unresolvable except the
proxy's (the sites' own when the crawl has no proxy), so even a direct connection (Chromium falls
back to DIRECT if a PAC script fails) and DNS prefetching go nowhere.

The PAC script is fixed when Chromium starts; a site reached later (a portal found through a 站群
link) is not covered, and the renderer restarts the browser with a new fence before rendering it.
"""

from __future__ import annotations

import base64
import json
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

# PAC keywords for the proxy URL schemes Chromium accepts.
_PAC_KIND = {"http": "PROXY", "https": "HTTPS", "socks5": "SOCKS5", "socks4": "SOCKS", "socks": "SOCKS"}
_PAC = """function FindProxyForURL(url, host) {
  var domains = %(domains)s;
  host = host.toLowerCase();
  for (var i = 0; i < domains.length; i++) {
    if (host == domains[i] || dnsDomainIs(host, "." + domains[i])) return "%(allowed)s";
  }
  return "%(nowhere)s";
}
"""


class Fence:
    """The proxy configuration of one Chromium run: *domains* (and their subdomains) go to *proxy*."""

    def __init__(self, domains: Iterable[str], proxy: str | None) -> None:
        self.domains = tuple(sorted({d.lower() for d in domains if d}))
        self.proxy = proxy
        self._closed_port = socket.socket()  # bound, never listening: connections to it are refused
        self._closed_port.bind(("127.0.0.1", 0))

    def covers(self, url: str) -> bool:
        """True when *url*'s host is one this fence lets out (the same rule as ``SiteConfig.allows``)."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def pac_script(self) -> str:
        nowhere = f"PROXY 127.0.0.1:{self._closed_port.getsockname()[1]}"
        return _PAC % {"domains": json.dumps(self.domains), "allowed": self._allowed_route(),
                       "nowhere": nowhere}

    def launch_args(self) -> list[str]:
        """Chromium flags that enforce the fence."""
        pac = base64.b64encode(self.pac_script().encode("utf-8")).decode("ascii")
        resolvable = " , ".join(f"EXCLUDE {host}" for host in self._resolvable())
        return [
            f"--proxy-pac-url=data:application/x-ns-proxy-autoconfig;base64,{pac}",
            f"--host-resolver-rules=MAP * ~NOTFOUND , {resolvable}",
        ]

    def close(self) -> None:
        self._closed_port.close()

    def _resolvable(self) -> list[str]:
        """Names Chromium may look up: the proxy's (the sites' own when there is no proxy) and loopback."""
        if self.proxy:
            return ["127.0.0.1", urlsplit(self.proxy).hostname or "127.0.0.1"]
        return ["127.0.0.1", *self.domains, *(f"*.{d}" for d in self.domains)]

    def _allowed_route(self) -> str:
        if not self.proxy:
            return "DIRECT"
        parts = urlsplit(self.proxy)
        kind = _PAC_KIND.get(parts.scheme)
        if kind is None or not parts.hostname:
            raise ValueError(f"proxy {self.proxy!r}: Chromium takes http, https or socks proxies")
        port = parts.port or (443 if parts.scheme == "https" else 1080 if kind.startswith("SOCKS") else 80)
        return f"{kind} {parts.hostname}:{port}"

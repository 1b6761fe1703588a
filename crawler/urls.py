"""Canonical request URLs: one document, one URL, whatever session or campaign it was linked under.

Old Java portals put the session in the path (``;jsessionid=…``) when cookies are off, PHP/ASP
sites in the query (``?sid=…``, ``PHPSESSID``); share buttons and timelines add tracking
parameters (``?from=timeline``, ``utm_source``, ``spm``). Dropping exactly these keeps the
duplicate filter effective (a trap that mints a session per link collapses to its real pages) and
catalogues a report once, at its plain address. Every other parameter (``show.asp?id=12``,
``downfile.jsp?filename=…``) names content and is kept byte for byte, in its original order.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

SESSION_PARAMS = frozenset({"jsessionid", "sid", "sessionid", "phpsessid", "aspsessionid", "cfid", "cftoken"})
TRACKING_PARAMS = frozenset({"from", "spm", "share", "share_from", "isappinstalled", "scene", "timestamp"})
_PATH_SESSION = re.compile(r";(?:jsessionid|sid|phpsessid)=[^/?#;]*", re.I)


def canonical_url(url: str) -> str:
    """``url`` without path session ids, session and tracking query parameters, or fragment."""
    parts = urlsplit(url)
    path = _PATH_SESSION.sub("", parts.path)
    kept = [pair for pair in parts.query.split("&") if pair and not _dropped(pair.partition("=")[0])]
    return urlunsplit((parts.scheme, parts.netloc, path, "&".join(kept), ""))


def _dropped(name: str) -> bool:
    low = unquote_plus(name).lower()
    return low in SESSION_PARAMS or low in TRACKING_PARAMS or low.startswith("utm_")

"""``fazhi serve``: the web catalog on a threaded WSGI server, with pywb started on the next port.

The catalog has no login, so binding anything but loopback prints a warning first.
"""

from __future__ import annotations

import ipaddress
import signal
import sys
from pathlib import Path

from werkzeug.serving import make_server

from catalog.store import Catalog
from fazhi.web import sidecar
from fazhi.web.app import create_app

NO_LOGIN_WARNING = ("fazhi: warning: serving on {host}, not loopback: the catalog has no login, anyone who "
                    "can reach this address can read every report and capture")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _stop_on_sigterm(signum, frame) -> None:
    raise SystemExit(0)


def serve(catalog: Catalog, data_dir: Path, host: str, port: int, replay_port: int | None) -> None:
    """Serve until interrupted; `replay_port` None means port + 1, 0 means no replay."""
    if not is_loopback(host):
        print(NO_LOGIN_WARNING.format(host=host), file=sys.stderr)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)  # so the finally below stops pywb too
    replay_port = port + 1 if replay_port is None else replay_port
    pywb = sidecar.start(data_dir, replay_port, host) if replay_port else None
    try:
        server = make_server(host, port, create_app(catalog, data_dir, replay_port or None), threaded=True)
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        print(f"fazhi catalog on http://{shown}:{port}/"
              + (f"  (replay by pywb on port {replay_port})" if pywb else ""), file=sys.stderr, flush=True)
        server.serve_forever()
    finally:
        if pywb:
            sidecar.stop(pywb)

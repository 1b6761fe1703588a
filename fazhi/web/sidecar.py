"""pywb beside the web catalog: a child process on its own port, so replayed pages live in another
origin than the catalog (their scripts can never read or drive it).

Run as ``python -m fazhi.web.sidecar DATA_DIR PORT BIND``; pywb monkey-patches with gevent, which
is why it gets a process of its own rather than a thread.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

STARTUP_SECONDS = 60


def start(data_dir: Path, port: int, bind: str = "127.0.0.1") -> subprocess.Popen:
    """Start pywb and wait until it answers (raises RuntimeError if it exits or stays silent)."""
    proc = subprocess.Popen([sys.executable, "-m", "fazhi.web.sidecar", str(Path(data_dir).resolve()),
                             str(port), bind], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    probe = f"http://{'127.0.0.1' if bind in ('0.0.0.0', '::') else bind}:{port}/"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"pywb exited: {proc.stderr.read().decode(errors='replace')[-500:]}")
        try:
            urllib.request.urlopen(probe, timeout=2).read()
            return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"pywb did not answer on {probe} within {STARTUP_SECONDS} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


if __name__ == "__main__":
    from archive.replay import serve

    serve(Path(sys.argv[1]), int(sys.argv[2]), bind=sys.argv[3])

"""pywb beside the web catalog: a child process on its own port, so replayed pages live in another
origin than the catalog (their scripts can never read or drive it).

Run as ``python -m fazhi.web.sidecar DATA_DIR PORT BIND``; pywb monkey-patches with gevent, which
is why it gets a process of its own rather than a thread.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from fazhi.web import launch

STARTUP_SECONDS = 60


def start(data_dir: Path, port: int, bind: str = "127.0.0.1") -> subprocess.Popen:
    """Start pywb and wait until it answers (raises RuntimeError if it exits or stays silent)."""
    log = Path(data_dir) / "logs" / "replay-pywb.log"  # pywb logs every request: a file, never a pipe
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as log_file:
        proc = subprocess.Popen([sys.executable, "-m", "fazhi.web.sidecar", str(Path(data_dir).resolve()),
                                 str(port), bind, str(os.getpid())],
                                stdout=subprocess.DEVNULL, stderr=log_file)
    probe = f"http://{'127.0.0.1' if bind in ('0.0.0.0', '::') else bind}:{port}/"
    try:
        launch.wait_for(probe, proc, STARTUP_SECONDS)
    except RuntimeError as exc:
        launch.stop(proc)
        raise RuntimeError(f"pywb: {exc} (see {log})") from exc
    return proc


stop = launch.stop


def exit_with_parent(parent: int) -> None:
    """End this process once `parent` is gone, however it ended (even by SIGKILL): pywb must not
    outlive the catalog that started it."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()


if __name__ == "__main__":
    import pywb.apps.cli  # noqa: F401 -- gevent's monkey-patching first: the watcher must be a greenlet

    from archive.replay import serve

    exit_with_parent(int(sys.argv[4]))
    serve(Path(sys.argv[1]), int(sys.argv[2]), bind=sys.argv[3])

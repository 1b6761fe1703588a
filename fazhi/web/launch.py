"""Start ``fazhi serve`` (or pywb) as a child process and wait until it answers: for the browser
test, the README screenshots and the sidecar."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

FAZHI = [sys.executable, "-m", "fazhi.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float) -> None:
    """Return once `url` answers; raise RuntimeError if `proc` exits first or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"exited (status {proc.returncode}) before answering on {url}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"nothing answered on {url} within {seconds} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def serving(data_dir: Path, cwd: Path | None = None) -> Iterator[str]:
    """`fazhi serve` with its pywb over `data_dir` on free ports; yields the catalog's base URL."""
    port, replay_port = free_port(), free_port()
    log = Path(data_dir) / "logs" / "serve.log"  # every request is logged: a file, never a pipe
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as log_file:
        proc = subprocess.Popen([*FAZHI, "--data-dir", str(data_dir), "serve", "--port", str(port),
                                 "--replay-port", str(replay_port)], cwd=cwd, stdout=subprocess.DEVNULL,
                                stderr=log_file)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for(base + "/runs", proc, 90)
        except RuntimeError as exc:
            raise RuntimeError(f"fazhi serve: {exc}: {log.read_text(errors='replace')[-1500:]}") from exc
        yield base
    finally:
        stop(proc)

"""The README's quick start works as printed, in a fresh clone: each of its shell lines succeeds.

The lines are read from README.md (every line of the ```sh blocks between the ``<!-- quickstart``
and ``<!-- /quickstart -->`` marks), so the README and this test cannot drift apart. They run in
order in a ``git clone`` of this repository (its committed HEAD, not uncommitted edits) in a tmp
dir, with bash and ``set -o pipefail`` so a failing command before a ``| head`` still fails.

To spare a reinstall (minutes, and the network), the clone's ``.venv`` is a symlink to the venv
running this test, and the clone's ``pyproject.toml`` is backdated below that venv's
``.venv/.installed`` stamp, so ``make`` sees the install as current (a fresh ``git clone`` gives every
file the current time); ``PYTHONPATH`` names the clone, so the clone's code runs, not the checkout the
editable install points at. A line whose comment says ``(Ctrl-C stops it)`` is a server: it must answer
on the first ``http://127.0.0.1:PORT/…`` address its comment names, then it is stopped with the
Ctrl-C it asks for (SIGINT to its process group). ``make test`` inside the clone runs with
``FAZHI_QUICKSTART_CLONE=1`` (so this test does not start itself again) and pytest limited to
``tests/test_cli.py`` by ``PYTEST_ADDOPTS``: ruff and pytest run as ``make test`` runs them, while
the whole suite, the outer run, is not run a second time (it takes minutes). ``make demo`` must also print under 40 lines,
and each command it ends with must work as printed.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi.web.launch import wait_for

from .conftest import REPO

START, END = "<!-- quickstart", "<!-- /quickstart -->"
SERVER = "(Ctrl-C stops it)"
DEMO_MAX_LINES = 40


def quickstart_lines(readme: str) -> list[str]:
    """The shell lines of the quick start's ```sh blocks, in order."""
    section = readme.split(START, 1)[1].split(END, 1)[0]
    blocks = re.findall(r"^```sh\n(.*?)^```", section, re.S | re.M)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_the_quickstart_is_what_the_issue_asked_for():
    lines = quickstart_lines((REPO / "README.md").read_text(encoding="utf-8"))
    commands = [line.split("#")[0].split()[:2] for line in lines]
    assert commands[:2] == [["make", "demo"], ["make", "test"]]
    assert ["make", "serve"] in commands and [".venv/bin/fazhi", "replay"] in commands


def demo_next_commands(printed: str) -> list[str]:
    """The commands `make demo` ends with, comments stripped; `make serve` (a server, run from the
    README's own line) left out."""
    steps = printed.split("\nnext:\n", 1)[1].splitlines()
    commands = [line.split("  #")[0].strip() for line in steps if line.startswith("  ")]
    return [c for c in commands if c and not c.startswith("make serve")]


def _port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _clone(tmp_path: Path) -> Path:
    clone = tmp_path / "fazhi"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True, timeout=120)
    venv = Path(sys.prefix)
    (clone / ".venv").symlink_to(venv, target_is_directory=True)
    stamp = venv / ".installed"
    assert stamp.exists(), f"{stamp} missing: run `make .venv/.installed` first"
    old = stamp.stat().st_mtime - 60
    os.utime(clone / "pyproject.toml", (old, old))
    return clone


def _serve(line: str, clone: Path, env: dict, log: Path) -> None:
    url = re.search(r"http://127\.0\.0\.1:\d+/\S*", line.split("#", 1)[1]).group(0).rstrip(")")
    with open(log, "ab") as out:
        proc = subprocess.Popen(["bash", "-o", "pipefail", "-c", line], cwd=clone, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(url, proc, 120)
    except RuntimeError as exc:
        raise AssertionError(f"{line!r}: {exc}\n{log.read_text(errors='replace')[-3000:]}") from exc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)  # the Ctrl-C the README promises stops it
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("FAZHI_QUICKSTART_CLONE") == "1", reason="already inside the quick start")
def test_every_quickstart_line_succeeds_in_a_fresh_clone(tmp_path):
    lines = quickstart_lines((REPO / "README.md").read_text(encoding="utf-8"))
    ports = [int(p) for line in lines if SERVER in line for p in re.findall(r"127\.0\.0\.1:(\d+)", line)]
    busy = [p for p in ports if _port_in_use(p)]
    if busy:
        pytest.skip(f"port(s) {busy} taken on this machine; the quick start's servers need them")
    clone = _clone(tmp_path)
    env = {**os.environ, "FAZHI_QUICKSTART_CLONE": "1", "PYTEST_ADDOPTS": "tests/test_cli.py",
           "PYTHONPATH": str(clone)}  # the clone's own code, not the editable install's checkout
    env.pop("FAZHI_DATA_DIR", None)
    for line in lines:
        if SERVER in line:
            _serve(line, clone, env, tmp_path / "server.log")
            continue
        out = subprocess.run(["bash", "-o", "pipefail", "-c", line], cwd=clone, env=env, capture_output=True,
                             errors="replace",  # a replayed page is in its own charset (GBK, …)
                             text=True, timeout=1800)
        assert out.returncode == 0, f"{line!r} exited {out.returncode}:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
        if line.startswith("make demo"):
            printed = (out.stdout + out.stderr).splitlines()
            assert len(printed) < DEMO_MAX_LINES, "\n".join(printed)
            assert "next:" in out.stdout and ".venv/bin/fazhi catalog ls" in out.stdout
            for command in demo_next_commands(out.stdout):  # each works as printed
                step = subprocess.run(["bash", "-o", "pipefail", "-c", command + " > /dev/null"], cwd=clone,
                                      env=env, capture_output=True, text=True, timeout=300)
                assert step.returncode == 0, f"demo's {command!r}: {step.stderr[-2000:]}"

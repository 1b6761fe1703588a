"""Legacy Word 97–2003 (.doc) text through the antiword command, catdoc as the fallback.

Both are small C programs packaged by Debian (apt-get install antiword catdoc); they run as
subprocesses under a timeout so a malformed file can never hang the crawl's extraction thread.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from extract.attachments import AttachmentError, AttachmentText, check_size

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # every Word 97–2003 file is an OLE2 compound file
TIMEOUT = 20.0  # seconds; antiword reads a 100-page report in well under one
_COMMANDS = (
    ("antiword", ["-m", "UTF-8.txt", "-w", "0"]),
    ("catdoc", ["-d", "utf-8", "-w"]),
)


def read_doc(body: bytes) -> AttachmentText:
    """Text of a .doc, from the first converter that is installed and succeeds."""
    check_size(body, "DOC")
    if not body.startswith(OLE2_MAGIC):  # catdoc would print any other bytes back as "text"
        raise AttachmentError("not an OLE2 compound file")
    failures = []
    with tempfile.TemporaryDirectory(prefix="fazhi-doc-") as tmp:
        path = Path(tmp) / "document.doc"
        path.write_bytes(body)
        for name, options in _COMMANDS:
            exe = shutil.which(name)
            if exe is None:
                failures.append(f"{name}: not installed")
                continue
            try:
                return AttachmentText(text=_run(exe, options, path), kind="doc")
            except AttachmentError as exc:
                failures.append(f"{name}: {exc}")
    raise AttachmentError("unreadable DOC (" + "; ".join(failures) + ")")


def _run(exe: str, options: list[str], path: Path) -> str:
    try:
        done = subprocess.run([exe, *options, str(path)], capture_output=True, timeout=TIMEOUT,
                              check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise AttachmentError(f"timed out after {TIMEOUT:.0f} s") from exc
    text = done.stdout.decode("utf-8", errors="replace")
    if done.returncode != 0 or not text.strip():
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise AttachmentError(message[-1] if message else f"exit status {done.returncode}")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())

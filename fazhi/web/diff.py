"""A paragraph diff between two versions of a report text, as (op, line) pairs the page escapes."""

from __future__ import annotations

from difflib import SequenceMatcher


def paragraph_diff(old: str, new: str) -> list[tuple[str, str]]:
    """("same" | "del" | "ins", paragraph) in reading order; long unchanged runs are folded to "…"."""
    a, b = old.splitlines(), new.splitlines()
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            same = a[i1:i2]
            out += [("same", line) for line in (same if len(same) <= 4 else [same[0], "…", same[-1]])]
            continue
        out += [("del", line) for line in a[i1:i2]]
        out += [("ins", line) for line in b[j1:j2]]
    return out

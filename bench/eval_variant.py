"""Traditional -> Simplified fidelity: how many characters a round trip through Traditional changes.

Each simplified seed gold text (../shared/seeds-gold, variant: simplified) is converted to Traditional
with OpenCC s2twp (Taiwan standard with Taiwan phrases) and with s2t (plain Traditional), converted
back with our normaliser (extract.variant.normalise_variant), and compared with the original; plain
OpenCC t2s of the s2twp text is shown for comparison. The error rate is the number of characters in
differing stretches (per line, difflib opcodes, the longer side of each change) over the original's
length. Targets (issue 4): <= 0.1 % after s2twp -> normaliser, 0 after s2t -> normaliser.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from opencc import OpenCC

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from the repo root

from extract.variant import normalise_variant  # noqa: E402

GOLD_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds-gold"
MAX_S2TWP = 0.001
MAX_S2T = 0.0


@dataclass(frozen=True)
class RoundTrip:
    label: str
    changed: int
    total: int
    examples: list[tuple[str, str]]

    @property
    def rate(self) -> float:
        return self.changed / self.total if self.total else 0.0


def simplified_seeds(gold_dir: Path = GOLD_DIR) -> list[str]:
    """The simplified gold texts; empty when ../shared is absent."""
    meta = gold_dir / "metadata.yaml"
    if not meta.exists():
        return []
    reports = yaml.safe_load(meta.read_text(encoding="utf-8"))["reports"]
    return [(gold_dir / r["file"]).read_text(encoding="utf-8")
            for r in reports if r["variant"] == "simplified"]


def changed_chars(original: str, converted: str) -> tuple[int, list[tuple[str, str]]]:
    """Characters in the stretches that differ (line by line), with a few examples."""
    count, examples = 0, []
    for a, b in zip(original.splitlines(), converted.splitlines(), strict=False):
        if a == b:
            continue
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op != "equal":
                count += max(i2 - i1, j2 - j1)
                examples.append((a[max(0, i1 - 2): i2 + 2], b[max(0, j1 - 2): j2 + 2]))
    return count, examples


def round_trip(label: str, texts: list[str], forward: str, back: Callable[[str], str]) -> RoundTrip:
    to_traditional = OpenCC(forward)
    changed, total, examples = 0, 0, []
    for text in texts:
        n, ex = changed_chars(text, back(to_traditional.convert(text)))
        changed, total, examples = changed + n, total + len(text), examples + ex
    return RoundTrip(label, changed, total, examples)


def all_round_trips(texts: list[str]) -> list[RoundTrip]:
    ours = lambda text: normalise_variant(text)[0]  # noqa: E731
    t2s = OpenCC("t2s").convert
    return [round_trip("s2twp -> normaliser", texts, "s2twp", ours),
            round_trip("s2t   -> normaliser", texts, "s2t", ours),
            round_trip("s2twp -> OpenCC t2s", texts, "s2twp", t2s),
            round_trip("s2t   -> OpenCC t2s", texts, "s2t", t2s)]


def main() -> int:
    texts = simplified_seeds()
    if not texts:
        print(f"[skip] variant round trip: {GOLD_DIR} absent")
        return 0
    results = all_round_trips(texts)
    print(f"Traditional round trip on {len(texts)} simplified seed texts ({results[0].total} characters)")
    for result in results:
        print(f"  {result.label}: {result.changed:5d} chars differ = {result.rate:.4%}")
    ok = results[0].rate <= MAX_S2TWP and results[1].rate <= MAX_S2T
    print(f"  targets: s2twp <= {MAX_S2TWP:.1%}, s2t = 0 -> {'met' if ok else 'NOT MET'}")
    for before, after in results[0].examples[:10]:
        print(f"    {before} -> {after}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

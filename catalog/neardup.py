"""Near-duplicate detection for report texts: a bottom-k MinHash over character shingles.

The exact fingerprint (catalog.store.fingerprint) only collapses copies that differ in whitespace.
Mirrors of a report differ in more: a leftover breadcrumb or 打印本页 line, full- vs half-width
punctuation, a dropped 来源 line. Shingles are taken from the text with whitespace and punctuation
removed, so those differences touch only a few shingles; the Jaccard similarity of the shingle sets
is estimated from the K smallest shingle hashes of each text (one hash per shingle, which is fast in
pure Python and as accurate as K independent permutations). Chinese has no word boundaries, so
shingles are characters, not words.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import unicodedata

K = 128
SHINGLE = 5
SAME_TEXT = 0.85   # at least this similar: the same report text (another capture of it)
# At least this similar, same issuer and year: one report (a changed text is its next version). Measured by
# bench/eval_dedup.py (`make eval`) on 1051 pairs of different reports of one year (seeds, simweb, textgen):
# at most 0.734; on 153 copies and corrected versions (repost, mirror, tracking-parameter copy, 繁體
# mirror, corrected figures, paragraph added or removed): at least 0.859. 0.80 is the middle of that gap,
# a margin of 0.059 to either side. The issuer (catalog.issuers) is checked first; this keeps two texts of
# one issuer and year that are different documents apart, and 0.3 (before issue 18) did not.
SAME_REPORT = 0.80
_NOISE = re.compile(r"[\W_]+")


def _normalise(text: str) -> str:
    """NFKC folds full-width forms; then drop everything that is not a letter or digit."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or ""))


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


def signature(text: str, k: int = K) -> list[int]:
    """The k smallest shingle hashes, ascending (fewer for very short texts)."""
    chars = _normalise(text)
    shingles = {chars[i: i + SHINGLE] for i in range(max(1, len(chars) - SHINGLE + 1))} if chars else set()
    return sorted(heapq.nsmallest(k, {_hash(s) for s in shingles}))


def similarity(a: list[int], b: list[int], k: int = K) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (bottom-k estimator)."""
    if not a or not b:
        return 0.0
    union_bottom = heapq.nsmallest(k, set(a) | set(b))
    both = set(a) & set(b)
    return sum(1 for h in union_bottom if h in both) / len(union_bottom)

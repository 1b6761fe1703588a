"""Simplified/Traditional normalisation.

A few reports are republished in Traditional characters (Hong Kong mirrors, Taiwan-phrased
conversions of mainland originals). Classification, issuer and year rules are written for
Simplified text, and the catalog is searched in Simplified, so every document gets a Simplified
text; the original is kept separately. Taiwan-phrased conversions (資訊, 程式, 品質, 水準) turn mainland
vocabulary into Taiwan vocabulary, so they are converted back with phrase-aware tw2sp, which restores
信息, 程序, 质量, 水平; plain t2s would leave 资讯, 程式, 品质, 水准.
"""

from __future__ import annotations

import re
from functools import lru_cache

from opencc import OpenCC

_CJK = re.compile(r"[\u4e00-\u9fff]")
# share of CJK characters that t2s changes, above which a text is Traditional; Simplified text
# scores ~0 (a few characters such as 著/乾 are ambiguous), Traditional text 10-30 %
TRADITIONAL_SHARE = 0.03
MIN_CHANGED = 3
# Taiwan vocabulary that never appears in mainland Traditional (or in Simplified) text
_TAIWAN_PHRASES = (
    "資訊", "程式", "品質", "水準", "軟體", "硬體", "網路", "網際網路", "資料庫", "伺服器", "介面", "預設",
    "影片", "列印", "專案", "行動電話", "數位", "訊息", "資安", "營運", "落實推動", "民眾", "高鐵", "捷運",
)
_TAIWAN_MIN_HITS = 2
# Taiwan terms OpenCC's tw2sp phrase table leaves alone, mapped back to their mainland originals
# (applied only to Taiwan-phrased text, where 水準/品質 stand for 水平/质量)
_TW_EXTRA = (("水准", "水平"), ("品质", "质量"))


@lru_cache(maxsize=4)
def _converter(config: str) -> OpenCC:
    return OpenCC(config)


def is_traditional(text: str) -> bool:
    """Count the characters that t2s would change; many changes mean Traditional text."""
    sample = text[:20000]
    cjk = _CJK.findall(sample)
    if not cjk:
        return False
    converted = _converter("t2s").convert(sample)
    changed = sum(1 for a, b in zip(sample, converted, strict=False) if a != b)
    return changed >= MIN_CHANGED and changed / len(cjk) >= TRADITIONAL_SHARE


def has_taiwan_phrasing(text: str) -> bool:
    return sum(text.count(phrase) for phrase in _TAIWAN_PHRASES) >= _TAIWAN_MIN_HITS


def to_simplified(text: str, taiwan: bool) -> str:
    """Convert Traditional text; Taiwan-phrased text also gets its vocabulary mapped back."""
    if not taiwan:
        return _converter("t2s").convert(text)
    converted = _converter("tw2sp").convert(text)
    for taiwan_term, mainland_term in _TW_EXTRA:
        converted = converted.replace(taiwan_term, mainland_term)
    return converted


def normalise_variant(text: str) -> tuple[str, str]:
    """Return (simplified_text, "simplified" | "traditional")."""
    if not is_traditional(text):
        return text, "simplified"
    return to_simplified(text, has_taiwan_phrasing(text)), "traditional"

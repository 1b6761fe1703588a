"""Simplified/Traditional normalisation.

A few reports are republished in Traditional characters (Hong Kong mirrors, Taiwan-phrased
conversions of mainland originals). Classification, issuer and year rules are written for
Simplified text, and the catalog is searched in Simplified, so every document gets a Simplified
text; the original is kept separately.

Plain Traditional text (an s2t-style conversion) goes back exactly with OpenCC t2s. Taiwan-phrased
text (s2twp-style: 信息 -> 資訊, 程序 -> 程式, 通过 -> 透過, 社区 -> 社群) needs its vocabulary mapped back
too, but OpenCC's tw2sp phrase table is the inverse of a many-to-one mapping and so rewrites genuine
mainland words: 建立 -> 创建, 执行 -> 运行, 审核 -> 稽核 -> ..., 核心 -> 内核, 效能 -> 性能, 批次 -> 批量,
产品质量 -> 产质量量. We therefore convert characters only (tw2s) and apply our own reviewed dictionary
(_TW_TO_MAINLAND) of Taiwan terms that a mainland government text does not use itself, each entry with
the reason it is safe. Words both vocabularies use (建立, 执行, 整合, 智慧, 线上, 设定, 联络) are left
alone: restoring them would change more original words than it repairs. bench/eval_variant.py
measures the round trip (s2twp and s2t, then this normaliser) on the seed texts.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import opencc
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
# (Taiwan term after tw2s as a regex, mainland original, why the mapping is safe); applied only to
# Taiwan-phrased text, in one pass, longest match first, so no replacement feeds another.
_TW_TO_MAINLAND: tuple[tuple[str, str, str], ...] = (
    ("网际网路", "互联网", "Taiwan word for the Internet; never mainland"),
    ("网路", "网络", "Taiwan word for network; mainland writes 网络"),
    ("资讯", "信息", "Taiwan word for information; mainland gov texts say 信息"),
    ("程式", "程序", "s2twp turns 程序 (incl. 行政程序) into 程式; 程式 is not a mainland legal word"),
    ("透过", "通过", "Taiwan for 'through'; mainland reports write 通过"),
    ("最佳化", "优化", "Taiwan for optimise (优化营商环境)"),
    ("社群", "社区", "s2twp turns 社区 into 社群; mainland gov texts say 村(社区)"),
    ("稽核", "审核", "s2twp turns 审核 into 稽核; mainland uses 稽核 only in tax/audit jargon"),
    ("专案", "项目", "Taiwan for project; mainland 专案 (专案组) is police jargon, rare in these reports"),
    ("释出", "发布", "Taiwan for release/publish"),
    ("许可权", "权限", "Taiwan for permission; the 3-character form is never mainland"),
    ("资料库", "数据库", "Taiwan for database"),
    ("资料", "数据", "s2twp turns 数据 into 资料; a converted mainland report's 资料 was almost always 数据"),
    ("视窗", "窗口", "Taiwan for window; mainland 窗口 (服务窗口) is what s2twp rewrites"),
    ("型别", "类型", "Taiwan for type"),
    ("高阶人民法院", "高级人民法院", "the court's name; 高阶 is Taiwan for 高级"),
    ("扩音", "免提", "s2twp reads 免提(交) as hands-free; 扩音 does not occur in these reports"),
    ("(?<=作废)宣告", "声明", "作废声明 is the fixed mainland term; 宣告 stays elsewhere (宣告无效)"),
    ("(?<=特种)装置", "设备", "特种设备 is a mainland regulatory term; 装置 stays elsewhere"),
    ("(?<=机构)设定|设定(?=机构)", "设置", "机构设置 is a fixed mainland phrase; 设定 stays elsewhere"),
    ("执行高效", "运行高效", "权责清晰、运行高效 is a fixed mainland phrase; 执行 stays elsewhere"),
    ("(?<=阳光下)执行", "运行", "权力在阳光下运行 is a fixed mainland phrase"),
    ("(?<=示范|成功)建立|(?<=拟)建立|建立(?=全国|省级|省)", "创建",
     "创建 (to win a title: 创建全国文明城市, 示范创建) is what s2twp rewrites; 建立健全 stays"),
    ("(?<!对口)支援", "支持", "s2twp turns 支持 into 支援; mainland keeps 支援 in 对口支援"),
    ("档案(?![馆局室管])|(?<=性)档案", "文件",
     "s2twp turns 文件 into 档案; 档案馆/局/室/管理 stay, but 规范性档案管理 was 规范性文件管理"),
    ("使用者", "用户", "Taiwan for user"),
    ("登出", "注销", "Taiwan for deregistration/log-out"),
    ("影片", "视频", "Taiwan for video"),
    ("智慧财产权", "知识产权", "Taiwan for intellectual property"),
    ("软体", "软件", "Taiwan for software"),
    ("硬体", "硬件", "Taiwan for hardware"),
    ("伺服器", "服务器", "Taiwan for server"),
    ("模组", "模块", "Taiwan for module"),
    ("回圈", "循环", "Taiwan for loop"),
    ("排程", "调度", "Taiwan for scheduling"),
    ("呼叫", "调用", "Taiwan for calling a service"),
    ("入口网站", "门户网站", "Taiwan for web portal"),
    ("数位", "数字", "Taiwan for digital (数字政府)"),
    ("水准", "水平", "Taiwan for level/standard (提升…水平)"),
    ("(?<![产商])品质(?!量)", "质量", "Taiwan for quality; not inside 产品质量/商品质量"),
)
# one named group per entry, in the listed order (longer terms are listed before their parts)
_TW_PATTERN = re.compile("|".join(f"(?P<e{i}>{entry[0]})" for i, entry in enumerate(_TW_TO_MAINLAND)))


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
    return _TW_PATTERN.sub(_mainland_word, _converter("tw2s").convert(text))


def _mainland_word(match: re.Match) -> str:
    return _TW_TO_MAINLAND[int(match.lastgroup[1:])][1]


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters tw2s may change (OpenCC's own tables), for a fast "nothing to convert" test: the
    pure-Python converter costs ~50 µs a call, and the crawler scores every link it sees."""
    folder = Path(opencc.__file__).parent / "dictionary"
    chars: set[str] = set()
    for name in ("TSCharacters.txt", "TWVariantsRev.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            key = line.split("\t", 1)[0]
            chars.update(key if len(key) == 1 else "")
    return frozenset(chars)


@lru_cache(maxsize=4096)
def simplified_words(text: str) -> str:
    """A short text (a link's anchor or context) in Simplified, for keyword matching: a 繁體 mirror's
    法治政府建設 / 政府資訊公開 links must score like their Simplified originals. Too short for
    ``is_traditional``, so any character t2s changes counts, and the Taiwan vocabulary goes back too."""
    if _traditional_chars().isdisjoint(text):
        return text
    converted = _converter("tw2s").convert(text)
    return text if converted == text else _TW_PATTERN.sub(_mainland_word, converted)


def normalise_variant(text: str) -> tuple[str, str]:
    """Return (simplified_text, "simplified" | "traditional")."""
    if not is_traditional(text):
        return text, "simplified"
    return to_simplified(text, has_taiwan_phrasing(text)), "traditional"

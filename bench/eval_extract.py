"""Extraction benchmark: seed reports wrapped in page chrome, and real pages' decoding.

(a) Each seed gold text (../shared/seeds-gold) is rendered into every template of
    bench/chrome_templates.py, with and without an article title, and run through extract_html.
    Text quality is character-level precision/recall/F1 of text_original against the gold text,
    measured on the MULTISET of non-whitespace characters (order-insensitive bag of characters;
    whitespace is excluded because the extractor normalises it). A line-level figure (multiset of
    whole lines, whitespace-normalised) is printed alongside as a stricter view. Region code,
    issuer kind and year are compared with metadata.yaml.
(b) Every page of ../shared/realpages is decoded and checked for mojibake.

Exit status is 1 when any char F1 < 0.98 or any page shows mojibake. Missing inputs are skipped
with a message.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script from the repo root

from chrome_templates import TEMPLATES, Page  # noqa: E402

from extract import extract_html  # noqa: E402
from extract.decode import decode_html  # noqa: E402

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
GOLD_DIR = SHARED / "seeds-gold"
REALPAGES = SHARED / "realpages"
MIN_F1 = 0.98
_SPACE = re.compile(r"\s+")
# latin-1/cp1252 reading of UTF-8 CJK (æ, å, ç, è, é lead bytes), a UTF-8 BOM read as latin-1,
# GBK read as latin-1 (runs of accented capitals), and the replacement character
_MOJIBAKE = re.compile(r"ï»¿|[æåçèé][\u0080-\u00bf]|[\u00c0-\u00ff]{4,}|\ufffd")
_COMMON_CJK = ("的", "政府", "年", "月")


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _overlap(predicted: Counter, gold: Counter) -> Score:
    common = sum((predicted & gold).values())
    precision = common / sum(predicted.values()) if predicted else 0.0
    recall = common / sum(gold.values()) if gold else 0.0
    return Score(precision, recall)


def char_score(predicted: str, gold: str) -> Score:
    return _overlap(Counter(_SPACE.sub("", predicted)), Counter(_SPACE.sub("", gold)))


def line_score(predicted: str, gold: str) -> Score:
    def lines(text: str) -> Counter:
        return Counter(_SPACE.sub(" ", line).strip() for line in text.splitlines() if line.strip())

    return _overlap(lines(predicted), lines(gold))


@dataclass(frozen=True)
class SeedCase:
    name: str
    template: str
    page: Page
    gold: str
    truth: dict


def load_seeds(gold_dir: Path = GOLD_DIR) -> list[tuple[str, dict]]:
    """(gold text, metadata) for each seed; empty when ../shared is absent."""
    meta_file = gold_dir / "metadata.yaml"
    if not meta_file.exists():
        return []
    reports = yaml.safe_load(meta_file.read_text(encoding="utf-8"))["reports"]
    return [((gold_dir / r["file"]).read_text(encoding="utf-8"), r) for r in reports]


def seed_cases(gold_dir: Path = GOLD_DIR) -> list[SeedCase]:
    """Every seed x template x (with title, without title)."""
    cases = []
    for gold, truth in load_seeds(gold_dir):
        lines = [line for line in gold.splitlines() if line.strip()]
        title = truth.get("title") or f"{truth['issuer']}{truth['year']}年法治政府建设情况报告"
        published = (truth.get("published") or "").replace("T", " ") or None
        site = truth["issuer"] if truth["issuer_kind"] != "development_zone" else "十堰市人民政府"
        for template in TEMPLATES:
            for shown in (title, None):
                page = Page(lines=lines, title=shown, site_name=site, published=published)
                label = f"{truth['file'][:3]}/{template}/{'title' if shown else 'notitle'}"
                cases.append(SeedCase(label, template, page, gold, truth))
    return cases


def run_seed_cases() -> bool:
    cases = seed_cases()
    if not cases:
        print(f"[skip] seeds: {GOLD_DIR} absent")
        return True
    ok = True
    worst = 1.0
    tally: dict[str, int] = {}
    print("char F1 = bag of non-whitespace characters; line F1 = multiset of whole lines")
    print(f"{'case':<22} {'charP':>6} {'charR':>6} {'charF1':>7} {'lineF1':>7}  "
          f"{'report':<6} {'region':<7} {'kind':<5} {'year':<5} {'pub':<5}")
    for case in cases:
        body = TEMPLATES[case.template](case.page)
        doc = extract_html(body, f"http://www.example.gov.cn/{case.name}.html")
        chars = char_score(doc.text_original, case.gold)
        lines = line_score(doc.text_original, case.gold)
        truth = case.truth
        checks = {
            "report": doc.is_report,
            "region": doc.region_code == str(truth["region_code"]),
            "kind": doc.issuer_kind == truth["issuer_kind"],
            "year": doc.year == truth["year"],
            "pub": truth.get("published") is None or doc.published == truth["published"],
        }
        for key, right in checks.items():
            tally[key] = tally.get(key, 0) + bool(right)
        ok &= chars.f1 >= MIN_F1
        worst = min(worst, chars.f1)
        marks = "  ".join(f"{'ok' if v else 'FAIL':<{w}}" for v, w in zip(checks.values(), (6, 7, 5, 5, 5),
                                                                           strict=True))
        flag = "" if chars.f1 >= MIN_F1 else "  <-- F1 below target"
        print(f"{case.name:<22} {chars.precision:6.3f} {chars.recall:6.3f} {chars.f1:7.3f} {lines.f1:7.3f}  "
              f"{marks}{flag}")
    print(f"cases: {len(cases)}  worst char F1: {worst:.3f}  target: {MIN_F1}")
    print("seed accuracy (with and without titles): "
          + "  ".join(f"{key} {right / len(cases):.1%}" for key, right in tally.items()))
    return ok


def mojibake_verdict(text: str) -> str | None:
    """None when the text looks clean, else a short reason."""
    if match := _MOJIBAKE.search(text):
        return f"suspicious sequence {match.group(0)!r}"
    if not any(word in text for word in _COMMON_CJK):
        return "no common CJK characters"
    return None


def run_realpages() -> bool:
    pages = sorted(REALPAGES.glob("*.html")) if REALPAGES.exists() else []
    if not pages:
        print(f"[skip] realpages: {REALPAGES} absent")
        return True
    ok = True
    for path in pages:
        decoded = decode_html(path.read_bytes())
        problem = mojibake_verdict(decoded.text)
        ok &= problem is None
        print(f"{path.name:<48} {decoded.encoding:<9} {decoded.source:<9} {problem or 'clean'}")
    return ok


def main() -> int:
    seeds_ok = run_seed_cases()
    print()
    pages_ok = run_realpages()
    return 0 if seeds_ok and pages_ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Main text and title of a government article page.

Two routes, chosen per page. When the CMS marks its body (Hanweb comment markers, TRS_Editor,
UCAPCONTENT, #zoom ...), that container is read directly with a block-aware walker: it is exact,
and it keeps the short lines (headings, "无。", the signature date) that a generic extractor may drop
as too short. Otherwise trafilatura reads the page after the known chrome nodes are removed. Either
way the result passes the chrome-line filter, because many templates render furniture as bare text.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from extract.chrome import (
    MIN_BODY_CHARS,
    drop_chrome_nodes,
    drop_invisible,
    filter_chrome_lines,
    find_body_container,
    slice_markers,
)
from extract.meta import clean_value, meta_from_root, parse_html

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "blockquote", "pre", "dl", "dt", "dd", "center", "header", "footer", "hr", "address",
    "figure", "figcaption", "caption", "tbody", "thead", "tfoot", "main", "aside", "nav", "form",
}
_CELL_TAGS = {"td", "th"}
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r]*\n\s*(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")

# trafilatura locates the content (see _trafilatura_lines): precision mode first, since its
# choice of node is tighter; recall mode when precision finds nothing.
COVERAGE = 0.9
SLACK = 1.5
SLACK_CHARS = 200
MENU_LINE = 12
TITLE_LINES = 4
_HAS_CONTENT = re.compile(r"[\d。；，,：:！？]")
_INLINE_SKIP = {"span", "a", "font", "b", "strong", "em", "i", "u", "br", "img"}
_TRAFILATURA_OPTIONS = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    "deduplicate": False,
    "with_metadata": False,
    "output_format": "txt",
}

_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\s-\s|\s–\s|\s—\s|\||｜|\s--\s)\s*")
_SITE_NAME = re.compile(
    r"(人民政府|政府网|门户网站|网站|网|[省市县区州旗盟]政府|办公厅|办公室|管委会|委员会|局|厅|gov\.cn)$",
    re.I,
)
MAX_SITE_NAME = 30
MIN_TITLE = 4
_TITLE_XPATH = (
    "//h1 | //*[contains(concat(' ', normalize-space(@class), ' '), ' title ')]"
    " | //*[contains(@class, 'title') or contains(@id, 'title')][not(self::title)]"
)


@dataclass(frozen=True)
class PageParts:
    """Everything read from one parse of a page."""

    meta: dict[str, str]
    title: str | None
    main_text: str
    visible_text: str  # the whole body, chrome included: info bars carry the publication date


def read_page(html: str, url: str | None = None) -> PageParts:
    """Parse once and read meta, title, main text and the full visible text."""
    root = parse_html(html)
    meta = meta_from_root(root)
    title = _find_title(root, meta)
    visible = "\n".join(_walk_lines(_body(root)))
    lines = _container_lines(html, root)
    if lines is None:
        lines = [line for line in _trafilatura_lines(root, url) if line] or _walk_lines(_body(root))
    lines = filter_chrome_lines(lines)
    return PageParts(meta, title, "\n".join(_drop_leading_title(lines, title)), visible)


def main_text(html: str, url: str | None = None) -> str:
    """The article body: one paragraph per line, no blank lines, chrome removed."""
    return read_page(html, url).main_text


def find_title(html: str, meta: dict[str, str]) -> str | None:
    """ArticleTitle meta, else a heading that agrees with <title>, else <title> minus the site name."""
    return _find_title(parse_html(html), meta)


# ---------------------------------------------------------------- body routes
def _container_lines(html: str, root: HtmlElement) -> list[str] | None:
    piece = slice_markers(html)
    if piece is not None:
        fragment = parse_html(f"<html><body><div>{piece}</div></body></html>")
        lines = _walk_lines(_body(fragment))
        if sum(len(line) for line in lines) >= MIN_BODY_CHARS:
            return lines
    container = find_body_container(root)
    return _walk_lines(container) if container is not None else None


def _trafilatura_lines(root: HtmlElement, url: str | None) -> list[str]:
    """trafilatura on the page with chrome nodes removed; always given a str we decoded.

    trafilatura is good at *choosing* the content but its text output splits paragraphs made of
    inline runs (<div><span>…</span><span>…</span></div>, common in CMS editors) into fragments,
    and in precision mode drops short lines. So its precision output is used to locate the DOM node
    holding the content, and that node is laid out by our own walker; only when no compact node
    covers it is trafilatura's own text used.
    """
    cleaned = copy.deepcopy(root)
    drop_invisible(cleaned)
    drop_chrome_nodes(cleaned)
    markup = etree.tostring(cleaned, encoding="unicode", method="html")
    for mode in ("favor_precision", "favor_recall"):
        extracted = _trafilatura(markup, url, mode)
        if not extracted:
            continue
        node = _covering_node(cleaned, extracted)
        if node is not None:
            return _trim_uncovered(_walk_lines(node), extracted)
        return [line for line in (_unpipe(line) for line in _split_lines(extracted)) if line]
    return []


def _trim_uncovered(lines: list[str], extracted: str) -> list[str]:
    """Drop short menu-like lines at either end of the node that trafilatura did not keep."""
    kept = _SPACES.sub("", extracted)

    def menu_like(line: str) -> bool:
        compact = _SPACES.sub("", line)
        return len(compact) <= MENU_LINE and compact not in kept and not _HAS_CONTENT.search(compact)

    start, end = 0, len(lines)
    while start < end and menu_like(lines[start]):
        start += 1
    while end > start and menu_like(lines[end - 1]):
        end -= 1
    return lines[start:end]


def _trafilatura(markup: str, url: str | None, mode: str) -> str | None:
    options = dict(_TRAFILATURA_OPTIONS, **{mode: True})
    try:
        return trafilatura.extract(markup, url=url, **options)
    except Exception:  # trafilatura raises assorted errors on pathological markup; fall back
        return None


def _covering_node(root: HtmlElement, extracted: str) -> HtmlElement | None:
    """The deepest element holding COVERAGE of the extracted characters, if it is compact.

    Compact means at most SLACK times the extracted size: a covering <body> would bring back all
    the chrome that trafilatura left out.
    """
    wanted = Counter(_SPACES.sub("", extracted).replace("|", ""))
    size = sum(wanted.values())
    if not size:
        return None
    best: HtmlElement | None = None
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag.lower() in _INLINE_SKIP:
            continue
        own = _SPACES.sub("", element.text_content() or "")
        if len(own) < COVERAGE * size:
            continue
        if sum((Counter(own) & wanted).values()) >= COVERAGE * size:
            best = element  # iter() is document order: later hits are descendants or later nodes
    if best is None or len(_SPACES.sub("", best.text_content() or "")) > SLACK * size + SLACK_CHARS:
        return None
    return best


def _unpipe(line: str) -> str:
    """trafilatura renders table rows as "| a | b |"; layout tables make that most of old pages."""
    if not (line.startswith("|") and line.endswith("|")):
        return line
    cells = [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line[1:-1])]
    return " ".join(cell for cell in cells if cell)


def _body(root: HtmlElement) -> HtmlElement:
    bodies = root.xpath("//body")
    return bodies[0] if bodies else root


def _walk_lines(element: HtmlElement) -> list[str]:
    """Text of an element as browsers lay it out: block elements and <br> break lines."""
    tree = copy.deepcopy(element)
    drop_invisible(tree)
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        node.text = _flow(node.text)
        node.tail = _flow(node.tail)
        tag = node.tag.lower()
        if tag == "br":
            node.tail = "\n" + (node.tail or "")
        elif tag in _BLOCK_TAGS:
            node.text = "\n" + (node.text or "")
            node.tail = "\n" + (node.tail or "")
        elif tag in _CELL_TAGS:
            node.tail = " " + (node.tail or "")
    text = (tree.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="text", with_tail=True) for child in tree
    )
    return _split_lines(text)


def _flow(text: str | None) -> str | None:
    """Source line breaks inside a paragraph are spaces, except between CJK characters."""
    if not text:
        return text
    return _CJK_BREAK.sub("", text).replace("\n", " ")


def _split_lines(text: str) -> list[str]:
    lines = (_SPACES.sub(" ", _INVISIBLE.sub("", line)).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def _drop_leading_title(lines: list[str], title: str | None) -> list[str]:
    """The body often repeats the headline (sometimes broken over lines); the title has its own field."""
    if not title:
        return lines
    key = _SPACES.sub("", title)
    for _ in range(2):  # the headline, sometimes followed by a repeat of itself
        for count in range(1, min(TITLE_LINES, len(lines)) + 1):
            if "".join(_SPACES.sub("", line) for line in lines[:count]) == key:
                lines = lines[count:]
                break
    return lines


# ---------------------------------------------------------------- title
def _find_title(root: HtmlElement, meta: dict[str, str]) -> str | None:
    article_title = clean_value(meta.get("articletitle", ""))
    if article_title:
        return article_title
    page_title = _page_title(root)
    for heading in _headings(root):
        if page_title and (heading in page_title or page_title in heading):
            return heading
    if page_title:
        return page_title
    headings = _headings(root)
    return headings[0] if headings else None


def _headings(root: HtmlElement) -> list[str]:
    found = []
    for element in root.xpath(_TITLE_XPATH):
        text = clean_value(element.text_content() or "")
        if 4 <= len(text) <= 120 and not _SITE_NAME.search(text):
            found.append(text)
    return found


def _page_title(root: HtmlElement) -> str | None:
    """<title> without the site name: "阳春市2023年…报告_阳春市人民政府" -> the first part."""
    titles = root.xpath("//title")
    if not titles:
        return None
    full = clean_value(titles[0].text_content() or "")
    parts = [part for part in _TITLE_SEPARATORS.split(full) if part]
    for part in parts:
        part = _strip_site_suffix(part)
        if not _is_site_name(part):
            return part
    return None


def _is_site_name(text: str) -> bool:
    return len(text) <= MAX_SITE_NAME and bool(_SITE_NAME.search(text))


def _strip_site_suffix(title: str) -> str:
    """"…年度报告-张家川回族自治县人民政府": a hyphen without spaces, then a site name."""
    head, dash, tail = title.rpartition("-")
    if dash and len(head) >= MIN_TITLE and _is_site_name(tail):
        return head
    return title

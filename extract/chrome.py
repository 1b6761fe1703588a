"""Government-page chrome: the navigation, widgets and footers around an article body.

Generic extractors (trafilatura) are tuned on news sites; Chinese government CMSs add their own
furniture (站群导航, AQI widgets, 扫一扫 QR boxes, [纠错] links, 字号 大中小 switches, info bars,
ICP/公网安备 footers). This module knows that furniture in two forms: as DOM nodes (removed before
extraction, and the CMS body containers that make removal unnecessary) and as text lines (filtered
after extraction, because many templates render chrome as bare text that no selector isolates).
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from extract.cms import body_containers, body_markers

# ---------------------------------------------------------------- body containers
# Each CMS family's body container and comment markers (extract.cms): the CMS puts exactly the
# editor's content inside them.
BODY_CONTAINERS: tuple[str, ...] = body_containers()
BODY_MARKERS: tuple[tuple[str, str], ...] = body_markers()

MIN_BODY_CHARS = 30  # a "container" holding less is a stray class name (footers reuse TRS_Editor)

# ---------------------------------------------------------------- chrome nodes
_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "template", "svg", "canvas",
              "select", "button", "input", "textarea", "form", "map", "audio", "video")
_CHROME_TAGS = ("nav", "footer", "aside")
# class/id tokens (split on space, -, _) that mark furniture on government templates
_CHROME_WORDS = {
    "nav", "navbar", "menu", "header", "head", "top", "topbar", "footer", "foot", "bottom", "copyright",
    "share", "bshare", "jiathis", "fenxiang", "qrcode", "qr", "ewm", "erweima", "code2", "jiucuo", "conac",
    "breadcrumb", "crumb", "crumbs", "position", "location", "dqwz", "weather", "aqi", "tianqi",
    "fontsize", "font", "zihao", "print", "dayin", "close", "sidebar", "related", "xgwz", "xglj", "relate",
    "pagination", "pager", "prev", "next", "toolbar", "search", "login", "links", "yqlj", "friendlink",
    "wza", "aria", "zzjg", "banner", "logo", "gotop", "backtop", "fixed", "float", "piao",
}
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
MAX_CHROME_SHARE = 0.4  # never drop a node holding this share of the page text: it is the body

# ---------------------------------------------------------------- chrome lines
_CHROME_LINE_PATTERNS = [re.compile(p) for p in (
    r"^站群导航$",
    r"^(站群|网站群|部门网站|县市区网站|市县网站|政府网站)(导航|链接)?$",
    r"^AQI\b.{0,20}$",
    r"^[•·●▪\-]?\s*(优|良|轻度污染|中度污染|重度污染|严重污染)$",
    r"^(手机|微信|用手机)?扫(一扫|描|码)",
    r"^\[?\s*纠错\s*\]?$|^【\s*纠错\s*】$|^我要纠错$",
    r"^(\[|【)?\s*(字号|字体)\s*[:：]?.{0,12}(大|小)\s*(\]|】)?$",
    r"^分享到|^分享\s*[:：]|^分享$",
    r"^[\[【]?\s*(打印本页|打印|关闭窗口|关闭|收藏|返回顶部|回到顶部|返回)\s*[\]】]?(\s*[\[【]?\s*(打印本页|打印|关闭窗口|关闭|收藏|返回顶部)\s*[\]】]?)*$",
    r"^正在(阅读|浏览)\s*[:：]",
    r"^\d{4}-\d{1,2}-\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*(来源\s*[:：].*)?$",
    r"^(发布时间|发布日期|发文日期|更新时间|日期|时间|来源|信息来源|文章来源|作者|编辑|责任编辑|审核|"
    r"浏览次数|浏览量|阅读次数|点击数|点击率|访问量|阅读量|供稿)\s*[:：]",
    r"^(上一篇|下一篇|上一条|下一条|上篇|下篇)\s*[:：]?",
    r"^(相关链接|相关文章|相关阅读|相关新闻|相关稿件|相关信息|相关附件|延伸阅读|推荐阅读)\s*[:：]?$",
    r"(主办单位|承办单位|主办\s*[:：]|承办\s*[:：]|ICP\s*备|ICP证|网站标识码|公网安备|公安机关备案|"
    r"版权所有|Copyright|©|技术支持\s*[:：]|网站地图|联系我们|建议使用.{0,20}浏览器|分辨率)",
    r"^(当前位置|您的位置|您现在的位置|所在位置|位置)\s*[:：]",
    r"^首页\s*[>＞»›/]",
    r"^[^。，,；;：:]{1,14}(\s*[>＞»›]\s*[^。，,；;：:]{1,14}){2,}$",  # breadcrumb without 首页
    r"^(点击右上角|选择在浏览器中打开|您访问的链接即将离开|您即将离开|是否继续)",
    r"^(站点地图|网站地图|智能问答|网站导航|返回首页)+$",
    r"^共\s*\d+\s*页|上一页.{0,20}下一页|^(首页|尾页|上一页|下一页)$",
    r"^索取号\s",
    r"^(打印|微博|微信|QQ空间|QQ|收藏|分享|关闭|返回|字号|默认|大|中|小|[|｜/]|\s)+$",
    r"^(索引号|文件编号|发文字号|发文机关|发布机构|生成日期|成文日期|主题分类|公开方式|有效性|"
    r"组配分类|体裁分类|主题词|信息名称|信息索引|内容概述|发文机构|信息类别)\s*[:：]",
    r"^(简体|繁体|繁體|简|繁|无障碍|无障碍浏览|长者模式|关怀版|English|登录|注册|网站支持IPv6)"
    r"(\s*[|/｜]\s*(简体|繁体|繁體|无障碍|长者模式|关怀版|English|登录|注册))*$",
    r"^(微信|微博|QQ空间|QQ好友|腾讯微博|新浪微博|人人网|豆瓣)(\s*(微信|微博|QQ空间|QQ好友|新浪微博))*$",
    r"^(默认|小|中|大|超大)(\s+(默认|小|中|大|超大))+$",
)]
# A chrome line is short and is not a sentence of prose; long lines are never dropped.
MAX_CHROME_LINE = 60
_PROSE_END = re.compile(r"[。；;！!？?]$")


def drop_invisible(root: HtmlElement) -> None:
    """Remove scripts, styles, forms and other nodes that never carry article text."""
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    for comment in root.xpath("//comment()"):
        _remove_keep_tail(comment)


def _remove_keep_tail(node) -> None:
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    if tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def _looks_chrome(element: HtmlElement) -> bool:
    if element.tag in _CHROME_TAGS:
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    tokens = _TOKEN_SPLIT.split(f"{element.get('id') or ''} {element.get('class') or ''}".lower())
    return any(token in _CHROME_WORDS for token in tokens if token)


def drop_chrome_nodes(root: HtmlElement) -> None:
    """Remove navigation, share, QR, footer and similar nodes, but never one that holds the body."""
    body_chars = len(text_of(root)) or 1
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if element.tag in ("html", "body") or not _looks_chrome(element):
            continue
        if len(text_of(element)) > MAX_CHROME_SHARE * body_chars:
            continue
        _remove_keep_tail(element)


def text_of(element: HtmlElement) -> str:
    return re.sub(r"\s+", "", element.text_content() or "")


def find_body_container(root: HtmlElement) -> HtmlElement | None:
    """The CMS body container with the most text, if any holds a real body."""
    best: HtmlElement | None = None
    best_len = MIN_BODY_CHARS - 1
    for xpath in BODY_CONTAINERS:
        for element in root.xpath(xpath):
            size = len(text_of(element))
            if size > best_len:
                best, best_len = element, size
    return best


def slice_markers(html: str) -> str | None:
    """HTML between Hanweb's body comment markers (the longest such slice), or None."""
    best: str | None = None
    for begin, end in BODY_MARKERS:
        start = html.find(begin)
        stop = html.find(end, start + len(begin)) if start >= 0 else -1
        if start >= 0 and stop > start:
            piece = html[start + len(begin):stop]
            if best is None or len(piece) > len(best):
                best = piece
    return best


_FOOTER_WORDS = re.compile(
    r"主办单位|承办单位|主办\s*[:：]|承办\s*[:：]|ICP|公网安备|网站标识码|版权所有|Copyright|技术支持|"
    r"网站地图|站点地图|联系我们|举报电话|邮编|地址\s*[:：]|联系电话|Email|E-mail|邮箱"
)
MAX_FOOTER_LINE = 250


def is_chrome_line(line: str) -> bool:
    """True for a short line that is page furniture rather than report prose.

    Footers are the exception to "short": one line often packs the sponsor, ICP number, site code
    and address; two or more such markers identify it at any length up to MAX_FOOTER_LINE.
    """
    if len(line) <= MAX_FOOTER_LINE and len(set(_FOOTER_WORDS.findall(line))) >= 2:
        return True
    if len(line) > MAX_CHROME_LINE or _PROSE_END.search(line):
        return False
    if any(pattern.search(line) for pattern in _CHROME_LINE_PATTERNS):
        return True
    return _is_qr_line(line)


def _is_qr_line(line: str) -> bool:
    """QR-code captions; a heading like 推行二维码执法公示 stays (no reader-action words)."""
    if "二维码" not in line or len(line) > 25:
        return False
    return line == "二维码" or any(w in line for w in ("手机", "微信", "随身", "打开", "关注", "浏览", "扫"))


def filter_chrome_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if not is_chrome_line(line)]

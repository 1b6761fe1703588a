"""Government page templates that wrap a clean body text in heavy page chrome.

Markup only: the body text comes from the caller (the seed gold texts in ../shared at run time).
Each template mimics one CMS family seen on real sites (see ../shared/realpages/PROVENANCE.md) and
carries the furniture that ends up in naive extractions: 站群导航, AQI widget, breadcrumbs, info bar,
字号 大中小, 扫一扫 QR boxes, [纠错], share bars, print/close, previous/next, related links and an
ICP/公网安备 footer. Used by bench/eval_extract.py and tests/test_extract_text.py.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """What a template needs to know about the page it renders."""

    lines: list[str]  # body paragraphs
    title: str | None  # None: the page shows no article title (only the site name)
    site_name: str
    published: str | None = None  # "2020-03-13 14:57:00"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _head_title(page: Page) -> str:
    return f"{_e(page.title)}_{_e(page.site_name)}" if page.title else _e(page.site_name)


def _footer_block(page: Page) -> str:
    return (
        f'<div class="footer"><p>主办单位：{_e(page.site_name)}办公室　承办：信息中心</p>'
        "<p>网站标识码：1234000001　<a href='#'>京ICP备05012345号</a>　"
        "<a href='#'>京公网安备 11010502030001号</a></p>"
        "<p>建议使用1920×1080分辨率浏览本网站</p></div>"
    )


def trs(page: Page) -> bytes:
    """TRS WCM detail page: div-based layout, body in div.TRS_Editor, AQI widget in the header."""
    info = f"{page.published}来源:" if page.published else "来源:"
    paragraphs = "\n".join(f'<p style="text-indent:2em;">&nbsp;&nbsp;{_e(line)}</p>' for line in page.lines)
    heading = f'<div class="article-title"><h1>{_e(page.title)}</h1></div>' if page.title else ""
    markup = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{_head_title(page)}</title>
<meta name="SiteName" content="{_e(page.site_name)}"><meta name="ColumnName" content="法治政府建设">
<script>var _hmt = _hmt || []; document.write('<div>统计</div>');</script>
<style>.TRS_Editor P{{line-height:2;}}</style></head>
<body>
<div class="top-bar"><span>站群导航</span>
<ul><li><a href="#">市政府</a></li><li><a href="#">区县</a></li></ul>
<a href="#">繁体</a> | <a href="#">无障碍</a></div>
<div class="header"><div class="logo">{_e(page.site_name)}</div>
<div class="weather"><p>AQI</p><ul><li>• 轻度污染</li><li>• 中度污染</li><li>• 重度污染</li>
<li>• 严重污染</li></ul></div></div>
<div class="nav"><ul><li><a href="#">首页</a></li><li><a href="#">政务公开</a></li>
<li><a href="#">政务服务</a></li><li><a href="#">互动交流</a></li></ul></div>
<div class="main-content">
<div class="position">当前位置：<a href="#">首页</a> &gt; <a href="#">政务公开</a> &gt; 法治政府建设</div>
{heading}
<div class="info-bar">{_e(info)}</div>
<div class="fontsize">字号 <a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
<div class="TRS_Editor">
{paragraphs}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="jiucuo"><a href="#">[ 纠错 ]</a></div>
<div class="print"><a href="#">打印本页</a> <a href="#">关闭窗口</a></div>
<div class="prev-next"><p>上一篇：关于公布行政执法主体名单的公告</p>
<p>下一篇：2024年第一季度政务公开工作情况</p></div>
<div class="related"><h3>相关链接</h3>
<ul><li><a href="#">国务院</a></li><li><a href="#">省政府</a></li></ul></div>
</div>
{_footer_block(page)}
</body></html>"""
    return markup.encode("utf-8")


def hanweb(page: Page) -> bytes:
    """Hanweb page in layout tables, GB18030 bytes declared as gb2312, body between comment markers.

    Paragraphs are <br>-separated text inside one cell, as the older Hanweb editor emits them.
    """
    info = "发布时间：" + (page.published or "") + "　来源：司法局　浏览次数：1024"
    body = "<br>\n".join("\u3000\u3000" + _e(line) for line in page.lines)
    heading = f'<tr><td class="title" align="center">{_e(page.title)}</td></tr>' if page.title else ""
    markup = f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{_head_title(page)}</title></head>
<body><table width="100%"><tr><td class="top"><a href="#">设为首页</a> <a href="#">加入收藏</a>
<span>站群导航</span></td></tr></table>
<table width="1000" align="center"><tr><td>
<table width="100%"><tr><td class="dqwz">您现在的位置：首页 &gt; 政府信息公开 &gt; 法定主动公开内容</td></tr>
{heading}
<tr><td align="center">{_e(info)}</td></tr>
<tr><td>字号：<a href="#">默认</a> <a href="#">小</a> <a href="#">大</a></td></tr>
<tr><td class="bt_content">
<!--<$[信息内容]>begin--><!--ZJEG_RSS.content.begin--><meta name="ContentStart"><p>
{body}
</p><meta name="ContentEnd"><!--ZJEG_RSS.content.end--><!--<$[信息内容]>end-->
</td></tr>
<tr><td><div class="ewm"><img src="qr.png"><p>扫一扫在手机打开当前页</p></div></td></tr>
<tr><td>【<a href="#">打印本页</a>】【<a href="#">关闭窗口</a>】</td></tr>
</table></td></tr></table>
<table><tr><td>{_e(page.site_name)} 版权所有
主办单位：{_e(page.site_name)}办公室 ICP备12345678号</td></tr></table>
</body></html>"""
    return markup.encode("gb18030")


def generic(page: Page) -> bytes:
    """An HTML5 template with no known body container: the trafilatura route.

    Paragraphs are <div>s holding inline <span> runs; QR caption and 正在阅读 line sit in the
    same column as the article, as on the page seed 000 was taken from.
    """
    paragraphs = "\n".join(
        f"<div class='para'><span>{_e(line[: len(line) // 2])}</span>"
        f"<span>{_e(line[len(line) // 2:])}</span></div>"
        for line in page.lines
    )
    heading = f"<h1 class='headline'>{_e(page.title)}</h1>" if page.title else ""
    reading = f"<div class='reading'>正在阅读: {_e(page.title or page.site_name)}</div>"
    markup = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="UTF-8"><title>{_head_title(page)}</title></head>
<body>
<header><div class="brand">{_e(page.site_name)}</div>
<nav><a href="#">首页</a><a href="#">要闻动态</a><a href="#">政务公开</a>
<a href="#">办事服务</a></nav></header>
<div class="crumbs">首页 &gt; 政务公开 &gt; 法治政府建设</div>
<main><div class="wrap"><div class="column">
{heading}
<div class="meta-line">{_e(page.published or "")}　来源：{_e(page.site_name)}</div>
<div class="article-text">
{paragraphs}
</div>
<div class="qrbox"><p>扫描二维码随身看资讯</p></div>
{reading}
</div>
<aside><h3>相关文章</h3><ul><li><a href="#">全面推进依法行政工作会议召开</a></li>
<li><a href="#">市政府常务会议学法</a></li></ul></aside></div></main>
<footer>{_footer_block(page)}</footer>
</body></html>"""
    return markup.encode("utf-8")


def ucap(page: Page) -> bytes:
    """Kaipu UCAP page: Word-pasted paragraphs (MsoNormal spans, source line breaks) in UCAPCONTENT."""
    def word(line: str) -> str:
        cut = len(line) // 3
        return (f'<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-family:仿宋_GB2312">'
                f"{_e(line[:cut])}\n{_e(line[cut:])}</span></p>")

    paragraphs = "\n".join(word(line) for line in page.lines)
    heading = f'<div class="title"><h2>{_e(page.title)}</h2></div>' if page.title else ""
    markup = f"""<!DOCTYPE html>
<html><head>
<meta name="ArticleTitle" content="{_e(page.title or '')}">
<meta name="PubDate" content="{_e(page.published or '')}">
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{_head_title(page)}</title></head>
<body><div id="top"><a href="#">站群导航</a>
<a href="#">简体</a>|<a href="#">繁體</a> <a href="#">登录</a></div>
<div class="bread-crumb">首页 &gt; 信息公开 &gt; 年度报告</div>
{heading}
<div class="tool"><span>【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</span>
<span>分享到：</span><span class="qrcode">手机扫码阅读</span></div>
<UCAPCONTENT>
{paragraphs}
</UCAPCONTENT>
<div class="bottom-tools"><a href="#">[纠错]</a> <a href="#">【打印】</a> <a href="#">【关闭】</a></div>
<div class="xglj">相关链接：<a href="#">中国政府网</a></div>
{_footer_block(page)}
</body></html>"""
    return markup.encode("utf-8")


def flat(page: Page) -> bytes:
    """Everything in one Hanweb #zoom container, chrome as bare text beside the paragraphs.

    This is how seed 002 was captured: 站群导航, the AQI legend, the date/来源 bar and [ 纠错 ]
    are lines of the same block as the report, so no node selector can separate them; only the
    line filter can.
    """
    info = f"{page.published}来源:" if page.published else "来源:"
    paragraphs = "\n".join(f"<p>{_e(line)}</p>" for line in page.lines)
    markup = f"""<html><head><meta charset="utf-8"><title>{_head_title(page)}</title></head>
<body><div id="zoom">
<p>站群导航</p><p>AQI</p>
<ul><li>• 轻度污染</li><li>• 中度污染</li><li>• 重度污染</li><li>• 严重污染</li></ul>
{f"<p>{_e(page.title)}</p>" if page.title else ""}
<p>{_e(info)}</p>
<p>字号 大 中 小</p>
{paragraphs}
<p>扫描二维码随身看资讯</p>
<p>[ 纠错 ]</p>
<p>正在阅读: {_e(page.title or page.site_name)}</p>
<p>上一篇：无</p><p>下一篇：关于召开全市法治政府建设推进会的通知</p>
<p>主办单位：{_e(page.site_name)}　网站标识码：1234000001　京公网安备 11010502030001号</p>
</div></body></html>"""
    return markup.encode("utf-8")


TEMPLATES: dict[str, Callable[[Page], bytes]] = {
    "trs": trs,
    "hanweb": hanweb,
    "generic": generic,
    "ucap": ucap,
    "flat": flat,
}

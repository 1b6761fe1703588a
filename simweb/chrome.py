"""Shared page furniture (the 'chrome' a real government page wraps around an article).

Every CMS style composes these fragments so that each page carries the noise a text extractor
must strip: 站群导航, AQI widget, 扫一扫 prompts, 字号 switch, 分享到, 打印/关闭, [纠错], breadcrumbs,
related links, footers and info bars. Fragments take a ``random.Random`` seeded per page so the
bytes are identical for a given world seed.
"""

from __future__ import annotations

import random
from datetime import datetime
from html import escape

from simweb.model import SiteInfo

Link = tuple[str, str]  # (anchor text, href)

AQI_LEVELS = [
    (50, "优"), (100, "良"), (150, "轻度污染"), (200, "中度污染"), (300, "重度污染"), (500, "严重污染"),
]


def a(text: str, href: str, **attrs: str) -> str:
    extra = "".join(f' {k.rstrip("_")}="{escape(v)}"' for k, v in attrs.items())
    return f'<a href="{escape(href)}"{extra}>{escape(text)}</a>'


def site_group_nav(network: list[Link], label: str = "站群导航") -> str:
    """Links to the other sites of the 站群 (also how a crawler could wander off-site)."""
    items = "".join(f"<li>{a(name, url, target='_blank')}</li>" for name, url in network)
    return f'<div class="zqdh"><span class="zqdh-t">{label}</span><ul class="zqdh-list">{items}</ul></div>'


def aqi_widget(rng: random.Random, city: str) -> str:
    value = rng.randint(20, 320)
    level = next(name for top, name in AQI_LEVELS if value <= top)
    temp = rng.randint(-5, 33)
    weather = rng.choice(["晴", "多云", "阴", "小雨", "阵雨"])
    return (f'<div class="weather"><span class="city">{escape(city)}</span><span>{weather} {temp}℃</span>'
            f'<span class="aqi">空气质量：{level}</span><span class="aqi-v">AQI：{value}</span></div>')


def qr_box(kind: str = "page") -> str:
    text = "扫一扫在手机打开当前页" if kind == "page" else "扫一扫关注政务微信"
    return (f'<div class="ewm"><img src="/images/qrcode.png" alt="二维码"><p>{text}</p>'
            '<p class="ewm-tip">手机版二维码</p></div>')


def font_size(label: str = "字号：") -> str:
    return (f'<span class="fontsize">{label}<a href="javascript:doZoom(18)">大</a> '
            '<a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a></span>')


def share_bar() -> str:
    return ('<div class="share">分享到：<a class="wx" href="javascript:void(0)">微信</a>'
            '<a class="wb" href="javascript:void(0)">微博</a>'
            '<a class="qq" href="javascript:void(0)">QQ空间</a></div>')


def print_close() -> str:
    return ('<div class="print"><a href="javascript:window.print()">[打印本页]</a> '
            '<a href="javascript:window.close()">[关闭窗口]</a></div>')


def jiucuo(site_code: str) -> str:
    return (f'<div class="jiucuo"><script id="_jiucuo_" sitecode="{site_code}" '
            'src="/js/jiucuo.js"></script><a href="javascript:void(0)" onclick="Link(\'' + site_code
            + '\')">[纠错]</a></div>')


def breadcrumb(trail: list[Link], label: str = "当前位置：", sep: str = " &gt; ") -> str:
    """当前位置：首页 > 政府信息公开 > ..."""
    return f'<div class="crumb">{label}' + sep.join(a(t, h) for t, h in trail) + "</div>"


def related_links(links: list[Link], title: str = "相关链接") -> str:
    items = "".join(f"<li>{a(t, h)}</li>" for t, h in links)
    return f'<div class="related"><h4>{title}</h4><ul>{items}</ul></div>'


def prev_next(prev: Link | None, nxt: Link | None) -> str:
    left = f"上一篇：{a(*prev)}" if prev else "上一篇：没有了"
    right = f"下一篇：{a(*nxt)}" if nxt else "下一篇：没有了"
    return f'<div class="prevnext"><p>{left}</p><p>{right}</p></div>'


def footer(site: SiteInfo, rng: random.Random) -> str:
    police = f"{site.region_code[:2]}{rng.randint(1000, 9999)}0{rng.randint(1000000, 9999999)}号"
    return (
        '<div class="footer"><div class="ft-links"><a href="/wzdt/">网站地图</a> | '
        '<a href="/lxwm/">联系我们</a>'
        ' | <a href="/sybz/">使用帮助</a></div>'
        f"<p>主办单位：{escape(site.name)}办公室　承办单位：{escape(site.short)}政务服务数据管理局</p>"
        f'<p><a href="https://beian.miit.gov.cn/" target="_blank">{site.icp}</a>　'
        f"网站标识码：{site.site_code}　公网安备 {police}</p>"
        '<p>建议使用1366×768分辨率浏览本网站</p>'
        '<div class="jgbs"><img src="/images/dzjg.png" alt="党政机关"></div></div>'
    )


def info_bar(published: datetime, source: str, style: int) -> str:
    """The line under a title. Styles mimic real variants, including glued '…10:08:00来源:'."""
    if style == 0:
        return (f'<div class="info">{published:%Y-%m-%d %H:%M:%S}来源:{escape(source)}'
                f"　{font_size()}</div>")
    if style == 1:
        return (f'<div class="info">发布时间：{published:%Y-%m-%d}&nbsp;&nbsp;来源：{escape(source)}'
                f"　浏览次数：<span id=\"hits\">{published.day * 37 % 900 + 12}</span></div>")
    if style == 2:
        return (f'<div class="info"><span>发布日期：{published.year}年{published.month:02d}月'
                f"{published.day:02d}日 {published:%H}∶{published:%M}</span>"
                f"<span>信息来源：{escape(source)}</span></div>")
    return (f'<div class="info"><span>日期：{published:%Y/%m/%d}</span>'
            f"<span>来源：{escape(source)}</span></div>")


def paragraphs_html(paras: list[str], attrs: str = "") -> str:
    """Body paragraphs; signature lines (last two) are right aligned like real reports."""
    out = []
    for i, text in enumerate(paras):
        style = ' style="text-align: right;"' if i >= len(paras) - 2 and len(text) < 30 else attrs
        out.append(f"<p{style}>{escape(text)}</p>")
    return "\n".join(out)


def head_meta(site: SiteInfo, column: str, title: str, published: datetime, source: str, url: str,
              case_mess: bool = False, two_space: bool = False) -> str:
    """The TRS/Hanweb meta set, with the case and format mess seen on real sites."""
    pub = f"{published:%Y-%m-%d}  {published:%H:%M}" if two_space else f"{published:%Y-%m-%d %H:%M}"
    names = ["SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ArticleTitle", "PubDate",
             "ContentSource", "Url"]
    if case_mess:
        mess = {"SiteName": "Sitename", "ContentSource": "contentSource"}
        names = [mess.get(n, n) for n in names]
    values = [site.name, site.host, site.site_code, column, title, pub, source, url]
    return "\n".join(f'<meta name="{n}" content="{escape(v)}">' for n, v in zip(names, values, strict=True))

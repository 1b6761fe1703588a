"""Kaipu UCAP style (Sichuan portals): ``<UCAPTITLE>``/``<UCAPCONTENT>`` custom tags.

The HTTP header carries no charset and the page declares it late, after more than 4 KB of
scripts and styles in <head>, so sniffers that only look at the first 1–2 KB guess.
URLs: ``/sft/c<COL>/list.shtml``, ``list_2.shtml``; details ``/sft/c<COL>/YYYY/M/D/<hex>.shtml``.
"""

from __future__ import annotations

import hashlib
from html import escape

from simweb import chrome
from simweb.model import Article, Column
from simweb.sites.base import Style

_HEAD_JS = (
    """<script type="text/javascript">
/* 开普云 统计与适老化脚本 */
var _ucap_site = {{ siteId: "{code}", channel: "{channel}", ver: "3.2.7" }};
function ucapLoad(n) {{ var s = document.createElement("script"); s.src = "/ucap/js/" + n + ".js";
  document.getElementsByTagName("head")[0].appendChild(s); }}
"""
    + "".join(
        f'ucapLoad("module{i:02d}"); /* 预加载模块{i:02d}：无障碍、长者模式、智能问答、统计分析 */\n'
        for i in range(48)
    )
    + "</script>"
)


class UcapStyle(Style):
    key = "ucap"
    page_size = 10

    @property
    def content_type(self) -> str:
        return "text/html"

    def listing_paths(self, col: Column, pages: int) -> list[str]:
        return [f"/sft/c{col.uid}/list" + ("" if i == 0 else f"_{i + 1}") + ".shtml" for i in range(pages)]

    def article_path(self, art: Article) -> str:
        d = art.published
        digest = hashlib.md5(f"{self.site.host}{art.uid}".encode()).hexdigest()
        return f"/sft/c{self.column_of(art).uid}/{d.year}/{d.month}/{d.day}/{digest}.shtml"

    def _page(self, title: str, head_extra: str, main: str, key: str, channel: str) -> str:
        rng = self.rng(key)
        nav = "".join(f"<li>{chrome.a(t, h)}</li>" for t, h in self.top_nav())
        head_js = _HEAD_JS.format(code=self.site.site_code, channel=escape(channel))
        return f"""<!DOCTYPE html>
<html>
<head>
{head_js}
<style type="text/css">body{{margin:0;font-family:"Microsoft YaHei";}} .ucap-nav li{{float:left;}}</style>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>
<title>{escape(title)}</title>
{head_extra}
</head>
<body>
<div class="ucap-top">{chrome.aqi_widget(rng, self.city or "成都")}<span>{escape(self.site.name)}</span>
<a href="javascript:void(0)">适老化服务</a> <a href="javascript:void(0)">无障碍</a>{self.search_box()}</div>
<ul class="ucap-nav">{nav}</ul>
{main}
<div class="ucap-bottom">{chrome.site_group_nav(self.network, label="相关网站")}{chrome.qr_box("wx")}
{chrome.footer(self.site, rng)}</div>
</body>
</html>
"""

    def frame(self, title: str, main: str, key: str) -> str:
        return self._page(f"{title}- {self.site.name}", "", main, key, title)

    def render_home(self) -> str:
        parts = []
        for col in self.featured(6):
            items = "".join(
                f"<li>{chrome.a(t, h)}<span>{d:%Y-%m-%d}</span></li>" for t, h, d in self.entries(col)[:6]
            )
            parts.append(f'<div class="lm"><h3>{chrome.a(col.name, col.paths[0])}</h3><ul>{items}</ul></div>')
        special = "".join(f"<li>{chrome.a(t, h)}</li>" for t, h in self.home_links)
        main = "".join(parts) + f'<div class="ztzl"><h3>专题专栏</h3><ul>{special}</ul></div>'
        return self._page(self.site.name, "", main, "home", "首页")

    def render_listing(self, col: Column, page_no: int) -> str:
        crumb = chrome.breadcrumb(self.trail(col), label="您所在的位置：", sep=" &gt; ")
        if col.children:
            body = (
                "<ul>" + "".join(f"<li>{chrome.a(c.name, c.paths[0])}</li>" for c in col.children) + "</ul>"
            )
        else:
            items = "".join(
                f"<li><span>{d:%Y-%m-%d}</span>{chrome.a(t, h)}</li>" for t, h, d in self.chunk(col, page_no)
            )
            pager = [f"共{len(col.paths)}页"]
            if page_no + 1 < len(col.paths):
                pager += [chrome.a("下一页", col.paths[page_no + 1]), chrome.a("尾页", col.paths[-1])]
            body = f'<ul class="list">{items}</ul><div class="pages">{" ".join(pager)}</div>'
        main = f'{crumb}<div class="lm-name">{escape(col.name)}</div>{body}'
        return self._page(f"{col.name}- {self.site.name}", "", main, f"list|{col.uid}|{page_no}", col.name)

    def render_article(self, art: Article) -> str:
        col = self.column_of(art)
        rng = self.rng(art.path)
        meta = chrome.head_meta(
            self.site, col.name, art.title, art.published, art.source, self.abs_url(art.path)
        )
        title = f"<h2><UCAPTITLE>{escape(art.heading)}</UCAPTITLE></h2>" if art.heading else ""
        main = f"""{chrome.breadcrumb(self.trail(col), label="您所在的位置：")}
<div id="articlecontent">{title}
<ul id="articleattribute"><li>{chrome.info_bar(art.published, art.source, rng.choice([1, 2]))}</li>
<li>{chrome.font_size()}</li></ul>
<div id="cmsArticleContent"><UCAPCONTENT>
{chrome.paragraphs_html(art.paragraphs, ' style="text-indent: 2em; line-height: 2;"')}
</UCAPCONTENT></div>
<div class="zrbj">责任编辑：{escape(rng.choice(["王敏", "李娟", "赵倩", "刘洋"]))}</div>
{chrome.share_bar()}{chrome.print_close()}{chrome.jiucuo(self.site.site_code)}
{chrome.related_links(self.related(art))}
</div>"""
        return self._page(f"{art.title}- {self.site.name}", meta, main, art.path, col.name)

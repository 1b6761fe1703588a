"""TRS WCM style (the most common government CMS).

URLs: ``/<col>/<sub>/index.html``, ``index_1.html``…; details ``/<col>/YYYYMM/tYYYYMMDD_ID.html``.
Listing pagination exists ONLY as a ``createPageHTML(n, cur, "index", "html")`` script call, so a
crawler has to understand it to reach older items. Body sits in ``div.TRS_Editor``.
"""

from __future__ import annotations

from html import escape

from simweb import chrome
from simweb.model import Article, Column
from simweb.sites.base import Style


class TrsStyle(Style):
    key = "trs"
    page_size = 8

    def _dir(self, col: Column) -> str:
        return "/" + "/".join(c.key for c in col.trail()) + "/"

    def listing_paths(self, col: Column, pages: int) -> list[str]:
        base = self._dir(col)
        return [base + ("index.html" if i == 0 else f"index_{i}.html") for i in range(pages)]

    def article_path(self, art: Article) -> str:
        d = art.published
        return f"{self._dir(self.column_of(art))}{d:%Y%m}/t{d:%Y%m%d}_{art.uid}.html"

    # --- markup --------------------------------------------------------------------------------
    def _page(self, title: str, head_extra: str, main: str, key: str) -> str:
        rng = self.rng(key)
        action, field = self.search_box(("/search/", "searchword"))
        nav = "".join(f"<li>{chrome.a(t, h)}</li>" for t, h in self.top_nav())
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1" />
<title>{escape(title)}</title>
{head_extra}
<link href="/images/common.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/images/jquery.min.js"></script>
<script type="text/javascript" src="/images/page.js"></script>
</head>
<body>
<div class="topbar"><div class="w1200"><span class="date">今天是：<script>showDate();</script></span>
{chrome.aqi_widget(rng, self.site.short)}
<div class="topright"><a href="javascript:void(0)">无障碍浏览</a> | <a href="javascript:void(0)">长者模式</a>
 | {chrome.qr_box("wx")}</div></div></div>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="{escape(self.site.name)}" /></div>
<div class="search"><form action="{action}" method="get"><input name="{field}" />
<input type="submit" value="搜索" /></form></div></div>
<div class="nav"><ul>{nav}</ul></div>
{chrome.site_group_nav(self.network)}
<div class="main w1200">
{main}
</div>
{chrome.footer(self.site, rng)}
</body>
</html>
"""

    def frame(self, title: str, main: str, key: str) -> str:
        return self._page(f"{title}_{self.site.name}", "", main, key)

    def render_home(self) -> str:
        blocks = []
        for leaf in self.featured():
            items = "".join(
                f"<li>{chrome.a(t, h, title=t)}<span>{d:%m-%d}</span></li>"
                for t, h, d in self.entries(leaf)[:6]
            )
            more = chrome.a("更多>>", leaf.paths[0], class_="more")
            name = chrome.a(leaf.name, leaf.paths[0])
            blocks.append(
                f'<div class="block"><div class="bt"><h3>{name}</h3>{more}</div><ul>{items}</ul></div>'
            )
        special = "".join(f"<li>{chrome.a(t, h)}</li>" for t, h in self.home_links)
        main = "\n".join(blocks) + f'<div class="ztzl"><h3>专题专栏</h3><ul>{special}</ul></div>'
        head = f'<meta name="SiteName" content="{escape(self.site.name)}" />'
        return self._page(self.site.name, head, main, "home")

    def render_listing(self, col: Column, page_no: int) -> str:
        side = "".join(f"<li>{chrome.a(c.name, c.paths[0])}</li>" for c in (col.parent or col).children)
        if col.children:
            body = "".join(
                f'<div class="sub"><h4>{chrome.a(c.name, c.paths[0])}</h4><ul>'
                + "".join(
                    f"<li>{chrome.a(t, h)}<span>{d:%Y-%m-%d}</span></li>" for t, h, d in self.entries(c)[:5]
                )
                + "</ul></div>"
                for c in col.children
            )
        else:
            items = "".join(
                f'<li><a href="{escape(h)}" target="_blank" title="{escape(t)}">{escape(t)}</a>'
                f"<span>{d:%Y-%m-%d}</span></li>"
                for t, h, d in self.chunk(col, page_no)
            )
            call = f'createPageHTML({len(col.paths)}, {page_no}, "index", "html");'
            script = f'<script type="text/javascript">{call}</script>'
            body = f'<ul class="list">{items}</ul><div class="page">{script}</div>'

        section = escape((col.parent or col).name)
        main = (
            f'{chrome.breadcrumb(self.trail(col))}<div class="left"><h2>{section}</h2>'
            f'<ul>{side}</ul></div><div class="right"><h3>{escape(col.name)}</h3>{body}</div>'
        )
        head = f'<meta name="ColumnName" content="{escape(col.name)}" />'
        return self._page(f"{col.name}_{self.site.name}", head, main, f"list|{col.key}|{page_no}")

    def render_article(self, art: Article) -> str:
        col = self.column_of(art)
        rng = self.rng(art.path)
        meta = chrome.head_meta(
            self.site, col.name, art.title, art.published, art.source, self.abs_url(art.path), two_space=True
        )
        heading = f'<h1 class="title">{escape(art.heading)}</h1>' if art.heading else ""
        prev, nxt = self.neighbours(art)
        main = f"""{chrome.breadcrumb(self.trail(col))}
<div class="article">{heading}
{chrome.info_bar(art.published, art.source, rng.choice([0, 1]))}
{chrome.share_bar()}
<div class="view TRS_UEDITOR trs_paper_default trs_word">
<div class="TRS_Editor"><style type="text/css">
.TRS_Editor P{{margin-top:5px;line-height:2;font-size:16px;}}</style>
{chrome.paragraphs_html(art.paragraphs, ' style="text-indent: 2em;"')}
</div></div>
{chrome.jiucuo(self.site.site_code)}
{chrome.qr_box()}
{chrome.print_close()}
{chrome.prev_next(prev, nxt)}
{chrome.related_links(self.related(art))}
</div>"""
        return self._page(f"{art.title}_{self.site.name}", meta, main, art.path)

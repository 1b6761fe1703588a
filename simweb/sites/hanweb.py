"""Hanweb (大汉) style, common on Zhejiang/Jiangsu portals.

Columns live at ``/col/col<ID>/index.html`` and list their items ONLY inside
``<script type="text/xml"><datastore>…<record><![CDATA[<li>…</li>]]></record>…</datastore></script>``
(a JS pager renders them in the browser). Details: ``/art/YYYY/M/D/art_<COL>_<ID>.html`` with the
body in ``div#zoom`` between the ZJEG_RSS content markers. Meta names use mixed case and a relative Url.
"""

from __future__ import annotations

from html import escape

from simweb import chrome
from simweb.model import Article, Column
from simweb.sites.base import Style


class HanwebStyle(Style):
    key = "hanweb"
    page_size = 1000  # one column page holds every record; paging is client-side

    def listing_paths(self, col: Column, pages: int) -> list[str]:
        return [f"/col/col{col.uid}/index.html"]

    def article_path(self, art: Article) -> str:
        d = art.published
        return f"/art/{d.year}/{d.month}/{d.day}/art_{self.column_of(art).uid}_{art.uid}.html"

    def _page(self, title: str, head_extra: str, main: str, key: str) -> str:
        rng = self.rng(key)
        nav = "".join(f'<td class="nav-item">{chrome.a(t, h)}</td>' for t, h in self.top_nav())
        return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{escape(title)}</title>
{head_extra}
<script type="text/javascript" src="/script/0/jquery.min.js"></script>
<link href="/images/zfzz/css/main.css" type="text/css" rel="stylesheet">
</head>
<body>
<!--头部开始-->
<div class="header-top"><span>欢迎访问{escape(self.site.name)}门户网站</span>{self.search_box()}
<a href="javascript:void(0)" id="jsq">无障碍</a> <a href="javascript:void(0)">关怀版</a>
{chrome.aqi_widget(rng, self.site.short)}</div>
<div class="banner"><img src="/images/zfzz/images/banner.jpg"></div>
<table width="100%" class="daohang"><tr>{nav}</tr></table>
<!--头部结束-->
{main}
<!--底部开始-->
{chrome.site_group_nav(self.network, label="县级部门网站群")}
{chrome.qr_box("wx")}
{chrome.footer(self.site, rng)}
<!--底部结束-->
</body>
</html>
"""

    @staticmethod
    def _datastore(entries: list[tuple[str, str, object]]) -> str:
        records = "\n".join(
            f'<record><![CDATA[<li><a href="{escape(h)}" target="_blank" title="{escape(t)}">{escape(t)}</a>'
            f"<span>{d:%Y-%m-%d}</span></li>]]></record>"
            for t, h, d in entries
        )
        return (
            f'<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/'
            f'dataproxy.jsp" page="2"></a>]]></nextgroup>\n<recordset>\n{records}\n</recordset>'
            "</datastore></script>"
        )

    def frame(self, title: str, main: str, key: str) -> str:
        return self._page(f"{self.site.name} {title}", "", f'<div class="main">{main}</div>', key)

    def render_home(self) -> str:
        parts = []
        for leaf in self.featured():
            parts.append(
                f'<div class="box"><div class="box-t">{chrome.a(leaf.name, leaf.paths[0])}</div>'
                f'<div id="{leaf.uid}">{self._datastore(self.entries(leaf)[:7])}</div></div>'
            )
        special = "".join(f"<li>{chrome.a(t, h)}</li>" for t, h in self.home_links)
        main = "\n".join(parts) + f'<div class="zt"><h3>专题专栏</h3><ul>{special}</ul></div>'
        return self._page(self.site.name, "", main, "home")

    def render_listing(self, col: Column, page_no: int) -> str:
        crumb = chrome.breadcrumb(self.trail(col), label="您当前的位置：", sep=" &gt; ")
        if col.children:
            items = "".join(f"<li>{chrome.a(c.name, c.paths[0])}</li>" for c in col.children)
            body = f'<ul class="sub-col">{items}</ul>'
        else:
            body = (
                f'<div id="{col.uid + 3000}">{self._datastore(self.entries(col))}</div>'
                '<script language="javascript" src="/module/jslib/jquery/jpage/jquery.page.min.js"></script>'
                f"<script>$('#{col.uid + 3000}').jpage({{dataStore: dataStore, perPage: 15}});</script>"
            )
        main = f'<div class="main">{crumb}<div class="col-name">{escape(col.name)}</div>{body}</div>'
        return self._page(
            f"{self.site.name} {col.name}",
            f'<meta name="ColumnName" content="{col.name}">',
            main,
            f"list|{col.uid}",
        )

    def render_article(self, art: Article) -> str:
        col = self.column_of(art)
        rng = self.rng(art.path)
        meta = chrome.head_meta(
            self.site, col.name, art.title, art.published, art.source, art.path, case_mess=True
        )
        crumb = chrome.breadcrumb(self.trail(col), label="您当前的位置：")
        heading = f'<div class="title">{escape(art.heading)}</div>' if art.heading else ""
        body = chrome.paragraphs_html(art.paragraphs, ' style="text-indent:2em;"')
        main = f"""<div class="main">{crumb}
<table width="100%" class="article"><tr><td>{heading}
{chrome.info_bar(art.published, art.source, rng.choice([1, 3]))}
<div class="zoom-bar">{chrome.font_size("【字体：")}】</div>
<div id="zoom"><!--ZJEG_RSS.content.begin--><meta name="ContentStart">
{body}
<meta name="ContentEnd"><!--ZJEG_RSS.content.end--></div>
{chrome.share_bar()}{chrome.print_close()}{chrome.jiucuo(self.site.site_code)}
{chrome.related_links(self.related(art), title="相关信息")}
</td></tr></table></div>"""
        return self._page(f"{self.site.name} {art.title}", meta, main, art.path)

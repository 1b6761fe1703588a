"""An old ASP-era county site: nested tables, <font> tags, query-string URLs, served in GBK.

The charset appears as ``gbk`` in the HTTP header and ``gb2312`` in the meta tag (both lie a bit:
the bytes are GBK, a superset), which is what decoders meet on many county portals.
URLs: ``/list.asp?classid=N&page=P`` and ``/show.asp?id=N``.
"""

from __future__ import annotations

from html import escape

from simweb import chrome
from simweb.model import Article, Column
from simweb.sites.base import Style


class GbkTableStyle(Style):
    key = "gbk_table"
    charset = "gbk"
    page_size = 12

    def home_paths(self) -> list[str]:
        return ["/", "/index.asp"]

    def listing_paths(self, col: Column, pages: int) -> list[str]:
        return [f"/list.asp?classid={col.uid}" + (f"&page={i + 1}" if i else "") for i in range(pages)]

    def article_path(self, art: Article) -> str:
        return f"/show.asp?id={art.uid}"

    def _page(self, title: str, main: str, key: str) -> str:
        rng = self.rng(key)
        nav = " | ".join(chrome.a(t, h) for t, h in self.top_nav())
        return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{escape(title)}</title>
<link href="/css/style.css" rel="stylesheet" type="text/css">
</head>
<body leftmargin="0" topmargin="0">
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td height="120" background="/images/top.jpg">
<font size="5" color="#FFFFFF"><b>{escape(self.site.name)}</b></font></td></tr>
<tr><td height="30" bgcolor="#C00000" class="nav">{nav}{self.search_box()}</td></tr>
<tr><td>{chrome.aqi_widget(rng, self.site.short)}</td></tr>
</table>
<table width="960" border="0" align="center" cellpadding="0" cellspacing="0"><tr>
<td width="200" valign="top">{chrome.site_group_nav(self.network, label="友情链接")}
{chrome.qr_box("wx")}</td>
<td width="760" valign="top">{main}</td></tr></table>
<table width="960" border="0" align="center"><tr><td align="center" class="foot">
{chrome.footer(self.site, rng)}</td></tr></table>
</body>
</html>
"""

    def _rows(self, entries: list[tuple[str, str, object]]) -> str:
        return "".join(
            f'<tr><td width="20"><img src="/images/dot.gif"></td><td>{chrome.a(t, h, target="_blank")}'
            f'</td><td width="90"><font color="#999999">[{d:%Y-%m-%d}]</font></td></tr>'
            for t, h, d in entries
        )

    def frame(self, title: str, main: str, key: str) -> str:
        return self._page(f"{title}-{self.site.name}", main, key)

    def render_home(self) -> str:
        parts = []
        for col in self.featured(6):
            parts.append(
                f'<table width="100%"><tr><td class="lm"><b>{chrome.a(col.name, col.paths[0])}</b>'
                f'</td><td align="right">{chrome.a("更多", col.paths[0])}</td></tr>'
                f"{self._rows(self.entries(col)[:6])}</table>"
            )
        special = " ".join(chrome.a(t, h) for t, h in self.home_links)
        return self._page(self.site.name, "".join(parts) + f'<div class="zt">{special}</div>', "home")

    def render_listing(self, col: Column, page_no: int) -> str:
        crumb = chrome.breadcrumb(self.trail(col), label="您现在的位置：", sep=" &gt;&gt; ")
        if col.children:
            rows = "".join(f"<tr><td>{chrome.a(c.name, c.paths[0])}</td></tr>" for c in col.children)
        else:
            rows = self._rows(self.chunk(col, page_no))
        pager = " ".join(
            chrome.a(f"[{i + 1}]", p) if i != page_no else f"[{i + 1}]" for i, p in enumerate(col.paths)
        )
        total = len(self.entries(col))
        main = (
            f'{crumb}<table width="100%" class="list">{rows}</table>'
            f'<div align="center">共{total}条记录 页次：{page_no + 1}/{len(col.paths)} {pager}</div>'
        )
        return self._page(f"{col.name}-{self.site.name}", main, f"list|{col.uid}|{page_no}")

    def render_article(self, art: Article) -> str:
        col = self.column_of(art)
        rng = self.rng(art.path)
        heading = (
            (
                f'<tr><td align="center" height="50"><font size="4" color="#C00000"><b>{escape(art.heading)}'
                "</b></font></td></tr>"
            )
            if art.heading
            else ""
        )
        body = "\n".join(f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{escape(p)}</p>" for p in art.paragraphs)
        main = f"""{chrome.breadcrumb(self.trail(col), label="您现在的位置：", sep=" &gt;&gt; ")}
<table width="100%" border="0" cellpadding="0" cellspacing="0">{heading}
<tr><td align="center" class="info">{chrome.info_bar(art.published, art.source, rng.choice([1, 2]))}</td></tr>
<tr><td id="fontzoom" class="content"><font style="font-size:14px;line-height:200%">
{body}
</font></td></tr>
<tr><td align="right">{chrome.font_size("【字体：")}】 {chrome.print_close()}</td></tr>
<tr><td>{chrome.prev_next(*self.neighbours(art))}</td></tr>
</table>"""
        return self._page(f"{art.title}-{self.site.name}", main, art.path)

"""A modern div/HTML5 portal (Guangdong 集约化 style): ``/xwdt/zwyw/content/post_ID.html``.

Listings paginate with ordinary links (``index_2.html``), the header carries a mega-menu of
every column, and article metadata sits in lower-case meta names with a relative Url.
"""

from __future__ import annotations

from html import escape

from simweb import chrome
from simweb.model import Article, Column
from simweb.sites.base import Style


class ModernStyle(Style):
    key = "modern"
    page_size = 10

    def _dir(self, col: Column) -> str:
        return "/" + "/".join(c.key for c in col.trail()) + "/"

    def listing_paths(self, col: Column, pages: int) -> list[str]:
        return [self._dir(col) + ("index.html" if i == 0 else f"index_{i + 1}.html") for i in range(pages)]

    def article_path(self, art: Article) -> str:
        return f"{self._dir(self.column_of(art))}content/post_{art.uid}.html"

    def _page(self, title: str, head_extra: str, main: str, key: str) -> str:
        rng = self.rng(key)
        menu = "".join(
            f'<li class="menu-item">{chrome.a(c.name, c.paths[0])}<div class="sub">'
            + "".join(chrome.a(s.name, s.paths[0]) for s in c.children)
            + "</div></li>"
            for c in self.root.children
        )
        return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
{head_extra}
<link rel="stylesheet" href="/css/gd-common.css">
</head>
<body>
<header class="site-header">
  <div class="toolbar">{chrome.aqi_widget(rng, self.site.short)}<a href="javascript:void(0)">长者模式</a>
  <a href="javascript:void(0)">English</a></div>
  <div class="brand"><a href="/"><img src="/img/logo.png" alt="{escape(self.site.name)}"></a></div>
  <nav class="menu"><ul><li class="menu-item"><a href="/">首页</a></li>{menu}</ul></nav>{self.search_box()}
</header>
<main class="container">
{main}
</main>
<footer class="site-footer">
{chrome.site_group_nav(self.network, label="政府网站群")}
<div class="ft-qr">{chrome.qr_box("wx")}</div>
{chrome.footer(self.site, rng)}
</footer>
<script src="/js/gd-common.js"></script>
</body>
</html>
"""

    def frame(self, title: str, main: str, key: str) -> str:
        return self._page(f"{title} - {self.site.name}", "", main, key)

    def render_home(self) -> str:
        cards = []
        for col in self.featured(5):
            items = "".join(
                f"<li>{chrome.a(t, h)}<time>{d:%Y-%m-%d}</time></li>" for t, h, d in self.entries(col)[:5]
            )
            name = chrome.a(col.name, col.paths[0])
            cards.append(f'<section class="card"><h2>{name}</h2><ul>{items}</ul></section>')
        special = "".join(chrome.a(t, h, class_="zt-card") for t, h in self.home_links)
        return self._page(
            self.site.name, "", "".join(cards) + f'<section class="zt">{special}</section>', "home"
        )

    def render_listing(self, col: Column, page_no: int) -> str:
        crumb = chrome.breadcrumb(self.trail(col), sep=" &gt; ")
        if col.children:
            body = '<div class="grid">' + "".join(
                chrome.a(c.name, c.paths[0], class_="tile") for c in col.children
            )
            body += "</div>"
        else:
            items = "".join(
                f'<li><a href="{escape(h)}" title="{escape(t)}">{escape(t)}</a><time>{d:%Y-%m-%d}</time></li>'
                for t, h, d in self.chunk(col, page_no)
            )
            pager = []
            if page_no > 0:
                pager.append(chrome.a("上一页", col.paths[page_no - 1], class_="prev"))
            pager += [
                chrome.a(str(i + 1), p, class_="cur" if i == page_no else "num")
                for i, p in enumerate(col.paths)
            ]
            if page_no + 1 < len(col.paths):
                pager.append(chrome.a("下一页", col.paths[page_no + 1], class_="next"))
            body = f'<ul class="news-list">{items}</ul><nav class="pagination">{"".join(pager)}</nav>'
        main = f'{crumb}<section class="column"><h1>{escape(col.name)}</h1>{body}</section>'
        return self._page(f"{col.name} - {self.site.name}", "", main, f"list|{col.key}|{page_no}")

    def render_article(self, art: Article) -> str:
        col = self.column_of(art)
        rng = self.rng(art.path)
        head = (
            f'<meta name="ArticleTitle" content="{escape(art.title)}">\n'
            f'<meta name="pubdate" content="{art.published:%Y-%m-%d %H:%M:%S}">\n'
            f'<meta name="ContentSource" content="{escape(art.source)}">\n'
            f'<meta name="ColumnName" content="{escape(col.name)}">\n'
            f'<meta name="Url" content="{escape(art.path)}">\n'
            f'<meta name="SiteIDCode" content="{self.site.site_code}">'
        )
        heading = f"<h1>{escape(art.heading)}</h1>" if art.heading else ""
        main = f"""{chrome.breadcrumb(self.trail(col))}
<article class="article">
<header>{heading}
<div class="meta-bar">{chrome.info_bar(art.published, art.source, rng.choice([0, 1, 3]))}
{chrome.font_size()}</div>
</header>
<div class="content_article" id="zoomcon">
{chrome.paragraphs_html(art.paragraphs)}
</div>
<div class="tools">{chrome.share_bar()}{chrome.print_close()}{chrome.jiucuo(self.site.site_code)}</div>
{chrome.prev_next(*self.neighbours(art))}
</article>
<aside>{chrome.related_links(self.related(art))}{chrome.qr_box()}</aside>"""
        return self._page(f"{art.title} - {self.site.name}", head, main, art.path)

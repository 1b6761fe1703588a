"""A 政府信息公开 (xxgk) platform: every document page opens with a metadata table
(索引号, 发布机构, 主题分类, 成文日期, 发布日期, 发文字号, 有效性) before the body.

URLs: ``/xxgk/<col>/list.html``, ``list_2.html``; details ``/xxgk/<col>/content_<ID>.html``.
Listings are tables with 序号/名称/发文字号/发布日期 columns.
"""

from __future__ import annotations

from html import escape

from simweb import chrome
from simweb.model import Article, Column
from simweb.sites.base import Style


class XxgkStyle(Style):
    key = "xxgk"
    page_size = 15

    def listing_paths(self, col: Column, pages: int) -> list[str]:
        return [f"/xxgk/{col.key}/list" + ("" if i == 0 else f"_{i + 1}") + ".html" for i in range(pages)]

    def article_path(self, art: Article) -> str:
        return f"/xxgk/{self.column_of(art).key}/content_{art.uid}.html"

    def index_no(self, art: Article) -> str:
        return art.index_no or f"MB{self.site.site_code[:8]}/{art.published.year}-{art.uid % 100000:05d}"

    def _guide(self, word: str) -> str:
        """The platform's 指南/制度 column when the site has one (else the 政务公开 list, as before)."""
        found = (c.paths[0] for c in self.columns() if word in c.name and c.paths)
        return next(found, "/xxgk/zwgk/list.html")

    def _page(self, title: str, main: str, key: str) -> str:
        rng = self.rng(key)
        tree = "".join(
            f'<li class="lv{len(c.trail())}">{chrome.a(c.name, c.paths[0])}</li>' for c in self.columns()
        )
        return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8">
<title>{escape(title)}</title>
<link rel="stylesheet" href="/xxgk/css/gkpt.css">
</head>
<body>
<div class="gk-head"><div class="gk-logo">{escape(self.site.name)}政府信息公开</div>
{chrome.aqi_widget(rng, self.city or "十堰")}<a href="/">返回首页</a>{self.search_box()}</div>
<div class="gk-body"><div class="gk-left"><h3>信息公开目录</h3><ul class="gk-tree">{tree}</ul>
<div class="gk-guide">{chrome.a("政府信息公开指南", self._guide("指南"))}
{chrome.a("政府信息公开制度", self._guide("制度"))}</div></div>
<div class="gk-right">{main}</div></div>
<div class="gk-foot">{chrome.site_group_nav(self.network, label="站群导航")}{chrome.qr_box("wx")}
{chrome.footer(self.site, rng)}</div>
</body>
</html>
"""

    def frame(self, title: str, main: str, key: str) -> str:
        return self._page(f"{title}_{self.site.name}", main, key)

    def render_home(self) -> str:
        parts = []
        for col in self.featured(6):
            items = "".join(
                f"<li>{chrome.a(t, h)}<span>{d:%Y-%m-%d}</span></li>" for t, h, d in self.entries(col)[:5]
            )
            parts.append(
                f'<div class="gk-box"><h4>{chrome.a(col.name, col.paths[0])}</h4><ul>{items}</ul></div>'
            )
        special = "".join(f"<li>{chrome.a(t, h)}</li>" for t, h in self.home_links)
        return self._page(
            self.site.name, "".join(parts) + f'<div class="gk-zt"><ul>{special}</ul></div>', "home"
        )

    def render_listing(self, col: Column, page_no: int) -> str:
        crumb = chrome.breadcrumb(self.trail(col), label="当前位置：")
        if col.children:
            body = (
                "<ul>" + "".join(f"<li>{chrome.a(c.name, c.paths[0])}</li>" for c in col.children) + "</ul>"
            )
        else:
            by_path = {a.path: a for a in col.articles}
            rows = "".join(
                f"<tr><td>{page_no * self.page_size + i + 1}</td><td>{chrome.a(t, h, title=t)}</td>"
                f"<td>{escape(by_path[h].doc_no if h in by_path else '')}</td><td>{d:%Y-%m-%d}</td></tr>"
                for i, (t, h, d) in enumerate(self.chunk(col, page_no))
            )
            pages = " ".join(chrome.a(str(i + 1), p) for i, p in enumerate(col.paths))
            body = (
                '<table class="gk-list"><tr><th>序号</th><th>名称</th><th>发文字号</th>'
                "<th>发布日期</th></tr>"
                f'{rows}</table><div class="gk-page">{pages}</div>'
            )
        return self._page(
            f"{col.name}_{self.site.name}",
            f"{crumb}<h2>{escape(col.name)}</h2>{body}",
            f"list|{col.key}|{page_no}",
        )

    def render_article(self, art: Article) -> str:
        col = self.column_of(art)
        rng = self.rng(art.path)
        fields = [
            ("索引号", self.index_no(art)),
            ("主题分类", col.name),
            ("发布机构", art.issuer or self.site.issuer),
            ("成文日期", f"{art.published:%Y-%m-%d}"),
            ("发文字号", art.doc_no or "无"),
            ("发布日期", f"{art.published:%Y年%m月%d日}"),
            ("有效性", "有效"),
            ("名称", art.title),
        ]
        cells = "".join(f"<tr><th>{k}：</th><td>{escape(v)}</td></tr>" for k, v in fields)
        heading = f'<h1 class="gk-title">{escape(art.heading)}</h1>' if art.heading else ""
        main = f"""{chrome.breadcrumb(self.trail(col), label="当前位置：")}
<table class="xxgk-table">{cells}</table>
{heading}
<div class="gk-info">{chrome.info_bar(art.published, art.source, rng.choice([1, 3]))}
{chrome.font_size()}</div>
<div class="xxgk-content" id="zoom">
{chrome.paragraphs_html(art.paragraphs)}
</div>
<div class="gk-tools">{chrome.share_bar()}{chrome.print_close()}{chrome.jiucuo(self.site.site_code)}</div>
{chrome.related_links(self.related(art), title="相关文件")}"""
        return self._page(f"{art.title}_{self.site.name}", main, art.path)

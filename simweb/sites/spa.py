"""A single-page-application portal: every listing is written into the DOM by JavaScript.

Column pages ship an empty ``<ul class="news-list">`` and an inline script that calls the JSON
API ``/api/list?column=<key>&page=N`` (items with title, url, date) and appends the links. No
HTML page names an article, so an HTTP-only crawler never reaches them; a browser does. Detail
pages are ordinary server-rendered HTML (``/<col>/content/<ID>.html``) so extraction needs no JS.
Those script-written listings also embed a web font's stylesheet and an analytics script from hosts
outside the world (as real portals embed CDN fonts and 站长统计 counters): a browser must not send
them anywhere.
"""

from __future__ import annotations

import json
from html import escape

from simweb import chrome
from simweb.model import Article, Column
from simweb.sites.base import Page, Style

API_PATH = "/api/list"
_LIST_SCRIPT = """<script>
(function () {
  var box = document.getElementById("zw-list");
  function load(page) {
    fetch("%(api)s?column=" + box.dataset.column + "&page=" + page)
      .then(function (r) { return r.json(); })
      .then(function (data) {
        data.items.forEach(function (it) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = it.url; a.title = it.title; a.textContent = it.title;
          var t = document.createElement("span"); t.className = "date"; t.textContent = it.date;
          li.appendChild(a); li.appendChild(t); box.appendChild(li);
        });
        if (data.page < data.pages) { load(data.page + 1); }
      });
  }
  load(1);
})();
</script>"""
# Third-party embeds of the script-written listings; neither host is in the world.
OFFSITE_EMBEDS = (
    "http://fonts.example-cdn.com/css2?family=Noto+Serif+SC",
    "http://tongji.off-site-analytics.cn/stat.js?id=zw-portal",
)
_OFFSITE_HEAD = (f'<link rel="stylesheet" href="{OFFSITE_EMBEDS[0]}">\n'
                 f'<script src="{OFFSITE_EMBEDS[1]}" async></script>')
_COMMON_JS = b"/* zw-portal common.js */\nwindow.zwPortal = {version: '3.2.1'};\n"


class SpaStyle(Style):
    key = "spa"
    page_size = 20
    # Its visit counter sits under a path robots.txt forbids: a browser must not load it.
    robots_disallow = ["/tongji/"]

    def _dir(self, col: Column) -> str:
        return "/" + "/".join(c.key for c in col.trail()) + "/"

    def listing_paths(self, col: Column, pages: int) -> list[str]:
        return [self._dir(col) + "index.html"]  # one page: the script pages through the API

    def article_path(self, art: Article) -> str:
        return f"{self._dir(self.column_of(art))}content/{art.uid}.html"

    def build(self) -> list[Page]:
        """The HTML pages plus what the browser loads: the API's JSON pages and a shared script."""
        pages = super().build()
        for col in self.columns():
            if col.children:
                continue
            total = max(1, -(-len(self.entries(col)) // self.page_size))
            for n in range(total):
                pages.append(Page(self.api_path(col, n + 1), self.api_json(col, n, total),
                                  "application/json; charset=utf-8"))
        pages.append(Page("/js/common.js", _COMMON_JS, "application/javascript"))
        pages.append(Page(f"/tongji/visit.js?site={self.site.site_code}", b"/* visit counter */\n",
                          "application/javascript"))
        return pages

    def api_path(self, col: Column, page: int) -> str:
        return f"{API_PATH}?column={col.key}&page={page}"

    def api_json(self, col: Column, page_no: int, total: int) -> bytes:
        items = [{"title": t, "url": h, "date": f"{d:%Y-%m-%d}"} for t, h, d in self.chunk(col, page_no)]
        data = {"column": col.key, "page": page_no + 1, "pages": total, "items": items}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    def _page(self, title: str, head_extra: str, main: str, key: str) -> str:
        rng = self.rng(key)
        nav = "".join(f"<li>{chrome.a(t, h)}</li>" for t, h in self.top_nav())
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{escape(title)}</title>
{head_extra}
<script src="/js/common.js"></script>
<script src="/tongji/visit.js?site={self.site.site_code}"></script>
</head>
<body>
<header class="zw-header"><div class="zw-logo">{escape(self.site.name)}</div>
{chrome.aqi_widget(rng, self.site.short)}<nav><ul class="zw-nav">{nav}</ul></nav>{self.search_box()}</header>
<main id="app">
{main}
</main>
<footer>{chrome.site_group_nav(self.network)}{chrome.footer(self.site, rng)}</footer>
</body>
</html>
"""

    def frame(self, title: str, main: str, key: str) -> str:
        return self._page(f"{title} - {self.site.name}", "", main, key)

    def render_home(self) -> str:
        """Column tiles only: the home page names no article (its news feed is script-written too)."""
        tiles = "".join(chrome.a(c.name, c.paths[0], class_="tile") for c in self.columns()
                        if len(c.trail()) <= 2)
        return self._page(self.site.name, "", f'<section class="tiles">{tiles}</section>', "home")

    def render_listing(self, col: Column, page_no: int) -> str:
        crumb = chrome.breadcrumb(self.trail(col))
        head = ""
        if col.children:
            body = '<div class="grid">' + "".join(
                chrome.a(c.name, c.paths[0], class_="tile") for c in col.children) + "</div>"
        else:
            body = (f'<ul id="zw-list" class="news-list" data-column="{col.key}"></ul>'
                    + _LIST_SCRIPT % {"api": API_PATH})
            head = _OFFSITE_HEAD
        main = f'{crumb}<section class="column"><h1>{escape(col.name)}</h1>{body}</section>'
        return self._page(f"{col.name} - {self.site.name}", head, main, f"list|{col.key}")

    def render_article(self, art: Article) -> str:
        col = self.column_of(art)
        rng = self.rng(art.path)
        head = (f'<meta name="ArticleTitle" content="{escape(art.title)}">\n'
                f'<meta name="PubDate" content="{art.published:%Y-%m-%d %H:%M}">\n'
                f'<meta name="ColumnName" content="{escape(col.name)}">')
        heading = f"<h1>{escape(art.heading)}</h1>" if art.heading else ""
        main = f"""{chrome.breadcrumb(self.trail(col))}
<article class="detail">{heading}
{chrome.info_bar(art.published, art.source, rng.choice([1, 3]))}
<div class="detail-content">
{chrome.paragraphs_html(art.paragraphs)}
</div>
{chrome.print_close()}
</article>"""
        return self._page(f"{art.title} - {self.site.name}", head, main, art.path)

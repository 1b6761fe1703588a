"""A site-search endpoint (全文检索, as Hanweb's jrobot or TRS's was5 serve it).

Results are the site's pages whose title or text covers most of the query's character pairs (Chinese
has no spaces, so engines like these match by n-grams), title matches first, newest first among
equals; ten a page, with the matched words in ``<em>`` in titles and snippets. The index holds every
page of the site, including the ones no link leads to (simweb.unlinked).
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import parse_qs, parse_qsl, urlencode

from simweb.faults import Route
from simweb.model import Article
from simweb.sites.base import Style
from simweb.unlinked import hosts_reached_by

TEMPLATES = {host: "/jrobot/search.do?webid=74&q={q}" for host in hosts_reached_by("search")}
PAGE_SIZE = 10
MATCH_SHARE = 0.6  # a page matches when its title or text holds this share of the query's pairs
_SNIPPET_CHARS = 90
_WORD_CHARS = re.compile(r"[\W_]+")


def endpoint_path(host: str) -> str | None:
    """The path the site's search answers at (the template's part before ``?``), if it has one."""
    template = TEMPLATES.get(host)
    return template.split("?")[0] if template else None


class SiteSearch:
    def __init__(self, style: Style, articles: list[Article], template: str | None = None) -> None:
        self.style = style
        self.articles = [a for a in articles if a.path]
        self.template = template or TEMPLATES[style.site.host]
        self.path, _, query = self.template.partition("?")
        self.word = next(k for k, v in parse_qsl(query) if v == "{q}")  # the parameter holding the query
        self.fixed = {k: v for k, v in parse_qs(query).items() if k != self.word}

    def respond(self, query_string: str) -> Route:
        """The result page for one request's query string."""
        params = parse_qs(query_string)
        query = (params.get(self.word) or [""])[0].strip()
        page = int((params.get("page") or ["1"])[0]) if (params.get("page") or ["1"])[0].isdigit() else 1
        hits = self.search(query)
        main = self._results(query, hits, max(page, 1))
        html = self.style.frame(f"{query} - 站内搜索", main, f"search|{query}|{page}")
        return Route(200, self.style.content_type, self.style.encode(html))

    def search(self, query: str) -> list[Article]:
        grams = _pairs(query)
        if not grams:
            return []
        need = MATCH_SHARE * len(grams)
        scored = []
        for art in self.articles:
            in_title = len(grams & _pairs(art.title))
            in_text = len(grams & _pairs("".join(art.paragraphs)))
            if max(in_title, in_text) >= need:
                scored.append(((in_title >= need, in_title, art.published), art))
        return [art for _, art in sorted(scored, key=lambda pair: pair[0], reverse=True)]

    def _results(self, query: str, hits: list[Article], page: int) -> str:
        grams = _pairs(query)
        shown = hits[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        items = "".join(
            f'<div class="jcse-result-box"><div class="jcse-result-title">'
            f'<a href="{escape(art.path)}" target="_blank">{_highlight(art.title, grams)}</a></div>'
            f'<div class="jcse-result-content">{_highlight(_snippet(art, grams), grams)}</div>'
            f'<div class="jcse-result-url">{escape(self.style.abs_url(art.path))}'
            f" <span>{art.published:%Y-%m-%d}</span></div></div>"
            for art in shown
        )
        pages = -(-len(hits) // PAGE_SIZE)
        pager = "".join(
            f'<a href="{escape(self._page_url(query, n))}">{n}</a>' if n != page else f"<span>{n}</span>"
            for n in range(1, pages + 1)
        )
        if page < pages:
            pager += f'<a href="{escape(self._page_url(query, page + 1))}">下一页</a>'
        form = (f'<form action="{self.path}" method="get"><input name="{self.word}" '
                f'value="{escape(query)}"><input type="submit" value="搜索"></form>')
        summary = f"找到约 {len(hits)} 条结果" if query else "请输入关键词"
        return (f'<div class="jcse-search">{form}<p class="jcse-total">{summary}</p>'
                f'<div class="jcse-result">{items}</div><div class="jcse-page">{pager}</div></div>')

    def _page_url(self, query: str, page: int) -> str:
        params = {k: v[0] for k, v in self.fixed.items()} | {self.word: query, "page": str(page)}
        return f"{self.path}?{urlencode(params)}"


def _pairs(text: str) -> set[str]:
    """The character pairs of *text* without spaces and punctuation."""
    chars = _WORD_CHARS.sub("", text)
    return {chars[i:i + 2] for i in range(len(chars) - 1)}


def _snippet(art: Article, grams: set[str]) -> str:
    """The paragraph sharing most pairs with the query, cut to a snippet."""
    best = max(art.paragraphs or [art.title], key=lambda p: len(grams & _pairs(p)))
    return best[:_SNIPPET_CHARS] + ("…" if len(best) > _SNIPPET_CHARS else "")


def _highlight(text: str, grams: set[str]) -> str:
    """*text* with every run of query pairs in ``<em>``, escaped."""
    marked = [False] * len(text)
    for i in range(len(text) - 1):
        if text[i:i + 2] in grams:
            marked[i] = marked[i + 1] = True
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and marked[j] == marked[i]:
            j += 1
        piece = escape(text[i:j])
        out.append(f"<em>{piece}</em>" if marked[i] else piece)
        i = j
    return "".join(out)

"""What fazhi knows about one government CMS family, in one place.

A family (TRS WCM, Hanweb JCMS, 开普 UCAP …) is recognised by its URLs and markup, writes its
listings in its own way (a ``createPageHTML`` script call, a ``<datastore>`` XML island), puts the
editor's text in its own container, and answers site search at its own path. The crawler reads the
listings and asks the search (crawler.discovery), the extractor reads the body (extract.chrome),
and simweb's generator builds sites that behave the same (simweb.generator): each from the one
registered object, in the spirit of web-poet's URL rules, so a new family is one module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

ListedLink = tuple[str, str, str]  # (absolute URL, anchor text, the item's text)
Pagination = Callable[[str, str], list[str]]  # (html, page URL) -> URLs of the listing's other pages
Records = Callable[[str, str], list[ListedLink]]  # (html, page URL) -> items hidden from <a> parsing


@dataclass(frozen=True)
class SearchEndpoint:
    """Where a family's site search answers: ``/was5/web/search?channelid=…&searchword=…``."""

    path: str
    field: str  # the query parameter
    # parameters an install sets: its channel ({n}) or site code ({code}), filled in per install
    fixed: tuple[tuple[str, str], ...] = ()

    def template(self, with_fixed: bool = False) -> str:
        """A ``{q}`` template; without the install's own parameters unless asked (a guess cannot know
        them, and the endpoints answer without them). simweb's generator fills {n} and {code}."""
        params = "".join(f"{k}={v}&" for k, v in self.fixed) if with_fixed else ""
        return f"{self.path}?{params}{self.field}={{q}}"


@dataclass(frozen=True)
class CmsFamily:
    key: str
    name: str
    article_urls: tuple[str, ...] = ()  # regexes (searched in the URL path) of its document pages
    listing_urls: tuple[str, ...] = ()  # regexes of its column listings
    listing_marks: tuple[str, ...] = ()  # markup only its listings carry (``createPageHTML``)
    body_containers: tuple[str, ...] = ()  # xpaths of the element holding the editor's content
    body_markers: tuple[tuple[str, str], ...] = ()  # comment pairs bracketing the body
    search: tuple[SearchEndpoint, ...] = ()
    pagination: Pagination | None = field(default=None, compare=False)
    records: Records | None = field(default=None, compare=False)
    sources: tuple[str, ...] = ()  # where what is said here was seen

    @cached_property
    def article_pattern(self) -> re.Pattern[str] | None:
        return re.compile("|".join(self.article_urls), re.I) if self.article_urls else None

    @cached_property
    def listing_pattern(self) -> re.Pattern[str] | None:
        return re.compile("|".join(self.listing_urls), re.I) if self.listing_urls else None

"""One registered object per CMS family (extract.cms), checked against the sites simweb builds in it.

simweb's styles are our model of each family; the registry is what the crawler and the extractor
know of it. Where they disagree, one of them is wrong about real portals."""

from __future__ import annotations

import lxml.html
import pytest

from extract import cms
from extract.chrome import find_body_container
from extract.decode import decode_html
from simweb.world import World


@pytest.fixture(scope="module")
def worlds() -> list[World]:
    return [World(), World.generated(30, 2)]


def documents(world: World):
    for site, article in world.articles:
        if site.style in cms.FAMILIES and not article.attachment and not article.mirror_of:
            yield site, article


def test_every_family_document_url_is_known_to_its_family(worlds):
    checked = set()
    for world in worlds:
        for site, article in documents(world):
            family = cms.family(site.style)
            if family.article_pattern is None or article.kind == "page":
                continue
            assert family.article_pattern.search(article.path.split("?")[0]), (site.style, article.path)
            checked.add(site.style)
    assert checked >= {"trs", "hanweb", "ucap", "xxgk", "modern", "spa", "gbk_table"}


def test_every_family_body_is_found_in_its_container(worlds):
    """The extractor reads the editor's text from the family's container, not by guessing."""
    checked = set()
    for world in worlds:
        for site, article in list(documents(world))[:400]:
            family = cms.family(site.style)
            if not family.body_containers and not family.body_markers:
                continue
            route = world.routes[site.host].get(article.path)
            if route is None or not article.paragraphs:
                continue
            tree = lxml.html.document_fromstring(decode_html(route.body, route.content_type).text)
            body = find_body_container(tree)
            if family.body_containers:
                assert body is not None, (site.style, article.path)
                assert article.paragraphs[0][:20] in "".join(body.text_content().split()) or \
                    "".join(article.paragraphs[0].split())[:20] in "".join(body.text_content().split())
                checked.add(site.style)
    assert checked >= {"trs", "hanweb", "ucap", "xxgk"}


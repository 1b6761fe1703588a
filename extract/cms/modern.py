"""The Guangdong 集约化 platform and its look-alikes: ``/<col>/content/post_<ID>.html`` documents,
``#zoomcon`` bodies, ``index_N.html`` listings."""

from __future__ import annotations

from extract.cms.family import CmsFamily, SearchEndpoint

FAMILY = CmsFamily(
    key="modern",
    name="广东集约化 / modern portals",
    article_urls=(r"/content/post_\d+\.s?html?$",),
    listing_urls=(r"/index(?:_\d+)?\.s?html?$",),
    body_containers=("//*[@id='zoomcon']",),
    search=(SearchEndpoint("/search", "q"),),
    sources=("realpages 21 (gz.gov.cn: /content/post_…, #zoomcon)",),
)

"""Single-page portals: listings written into the DOM by script from a JSON list API.

No HTML page names a document, so only a browser (crawler.browser) sees the listing; documents are
server-rendered (``/<col>/content/<ID>.html``).
"""

from __future__ import annotations

from extract.cms.family import CmsFamily, SearchEndpoint

FAMILY = CmsFamily(
    key="spa",
    name="JSON-listing portal",
    article_urls=(r"/content/\d+\.s?html?$",),
    search=(SearchEndpoint("/search", "keywords"),),
    sources=("realpages 32 (nfra.gov.cn: rendered DOM of a script-written detail page)",),
)

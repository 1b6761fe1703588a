"""Containers and URL shapes of portals on their own platforms (www.gov.cn, Shanghai, 教育部 …):
not a family we generate, but their bodies and documents are read the same way."""

from __future__ import annotations

from extract.cms.family import CmsFamily, SearchEndpoint

FAMILY = CmsFamily(
    key="others",
    name="other platforms",
    article_urls=(r"/\d{6}/[^/]+\.s?html?$", r"/(?:art|content|detail|info)[_/-]?\d+\.s?html?$"),
    listing_urls=(r"/$",),
    body_containers=("//*[contains(concat(' ', normalize-space(@class), ' '), ' pages_content ')]",
                     "//*[@id='ivs_content']", "//*[@id='detail-editor']"),
    search=(SearchEndpoint("/search", "q"), SearchEndpoint("/search/search.html", "searchWord")),
    sources=("realpages 28 (www.gov.cn: pages_content)", "realpages 26 (wsjkw.sh.gov.cn: #ivs_content)",
             "realpages 14 (moe.gov.cn: #detail-editor)",
             "realpages 08 (shaanxi.gov.cn: search/search.html)"),
)

"""The 政府信息公开 platform (集约化 xxgk): a metadata table (索引号, 发布机构 …) above every document.

Listings ``/xxgk/<col>/list.html``, ``list_2.html``; documents ``/xxgk/<col>/content_<ID>.html``.
"""

from __future__ import annotations

from extract.cms.family import CmsFamily, SearchEndpoint

FAMILY = CmsFamily(
    key="xxgk",
    name="政府信息公开平台",
    article_urls=(r"/content(?:_\d+)?\.s?html?$",),
    listing_urls=(r"/list[_\d]*\.s?html?$",),
    body_containers=("//*[contains(concat(' ', normalize-space(@class), ' '), ' xxgk-content ')]",),
    search=(SearchEndpoint("/search", "searchWord"),),
    sources=("realpages 34 (egb.ordos.gov.cn xxgk listing: 索引号 tables, list pages)",
             "realpages 02 (jyt.zj.gov.cn: 索引号 block)"),
)

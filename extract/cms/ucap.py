"""开普 UCAP (Kaipu), the platform of many provincial portals (www.sc.gov.cn) and their departments.

Documents ``/<site>/c<COL>/YYYY/M/D/<hex>.shtml``, listings ``/<site>/c<COL>/list.shtml``; the body
in a ``<ucapcontent>`` element (``#UCAP-CONTENT`` on www.gov.cn); search at ``/guestweb4/s``.
"""

from __future__ import annotations

from extract.cms.family import CmsFamily, SearchEndpoint

FAMILY = CmsFamily(
    key="ucap",
    name="开普 UCAP",
    article_urls=(r"/c\d+/\d{4}/\d{1,2}/\d{1,2}/[0-9a-f]{16,}\.s?html?$",),
    listing_urls=(r"/c\d+/list(?:_\d+)?\.s?html?$",),
    body_containers=("//ucapcontent", "//*[@id='UCAP-CONTENT']"),
    search=(SearchEndpoint("/guestweb4/s", "searchWord", (("siteCode", "{code}"),)),),
    sources=("realpages 19 (sc.gov.cn: <ucapcontent>)", "realpages 28 (www.gov.cn: #UCAP-CONTENT)",
             "www.sc.gov.cn's own search (guestweb4/s?searchWord=…&siteCode=…)"),
)

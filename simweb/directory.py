"""The simulated 站群: which governments exist, with real GB/T 2260 codes, and how each publishes.

Hosts are invented but plausible; region codes are the real current six-digit codes.
``SitePlan`` says which reports and hard negatives a site carries and where its rule-of-law
column sits, so the sites differ in depth and layout, not only in markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from simweb.model import SiteInfo


@dataclass(frozen=True)
class ExtraReport:
    """A report by someone other than the site owner (e.g. a 司法局 report on the city portal)."""

    issuer: str
    issuer_kind: str
    short: str
    self_ref: str
    leader: str
    year: int


@dataclass(frozen=True)
class SitePlan:
    info: SiteInfo
    report_years: tuple[int, ...]
    negatives: tuple[str, ...]  # notice | disclosure_report | work_plan | meeting_news
    fz_column: str  # name of the column holding reports
    fz_under: str  # "fdzdgknr" (deep: 政府信息公开 > 法定主动公开内容) | "zwgk" | "top"
    news_per_column: int = 14
    extra_reports: tuple[ExtraReport, ...] = field(default_factory=tuple)
    # reports drawn after everything else on the site, so adding one leaves every other page's words as
    # they were (a department's report added to a portal that already had its own content)
    added_reports: tuple[ExtraReport, ...] = field(default_factory=tuple)
    no_heading: tuple[int, ...] = ()  # report years whose page shows no heading at all
    self_heading: tuple[int, ...] = ()  # report years whose heading reads 我市/我县… only
    numeric_signature: bool = False
    hostile_title_year: int | None = None  # a report of that year whose title carries HTML (see plan.py)


def _info(**kw: str) -> SiteInfo:
    return SiteInfo(**kw)


PLANS: list[SitePlan] = [
    SitePlan(
        info=_info(
            name="清远市人民政府",
            host="www.gdqy.gov.cn",
            region_code="441800",
            issuer="清远市人民政府",
            issuer_kind="government",
            site_code="4418000001",
            icp="粤ICP备05080365号",
            short="清远市",
            self_ref="我市",
            leader="市委、市政府",
            units="各县（市、区）人民政府，市政府各部门、各直属机构",
            style="trs",
        ),
        report_years=(2022, 2023),
        negatives=("notice", "disclosure_report", "work_plan", "meeting_news"),
        fz_column="法治政府建设年度报告",
        fz_under="fdzdgknr",
        news_per_column=18,
        extra_reports=(ExtraReport("清远市司法局", "department", "市司法局", "我局", "局党组", 2023),),
        # the government and two of its departments report on 2023 on one portal: three issuers of one
        # region and year, three reports (issue 18)
        added_reports=(
            ExtraReport("清远市市场监督管理局", "department", "市市场监管局", "我局", "局党组", 2023),
        ),
        self_heading=(2022,),
    ),
    SitePlan(
        info=_info(
            name="安吉县人民政府",
            host="www.anji.gov.cn",
            region_code="330523",
            issuer="安吉县人民政府",
            issuer_kind="government",
            site_code="3305230001",
            icp="浙ICP备05020672号",
            short="安吉县",
            self_ref="我县",
            leader="县委、县政府",
            units="各乡镇人民政府、街道办事处，县政府各部门",
            style="hanweb",
        ),
        report_years=(2021, 2022, 2023),
        negatives=("notice", "work_plan", "meeting_news"),
        fz_column="法治政府建设",
        fz_under="zwgk",
        news_per_column=16,
        no_heading=(2021,),
        self_heading=(2022,),
    ),
    SitePlan(
        info=_info(
            name="张家川回族自治县人民政府",
            host="www.zjc.gov.cn",
            region_code="620525",
            issuer="张家川回族自治县人民政府",
            issuer_kind="government",
            site_code="6205250001",
            icp="陇ICP备09002738号",
            short="张家川县",
            self_ref="我县",
            leader="县委、县政府",
            units="各乡镇人民政府，县直各部门",
            style="gbk_table",
        ),
        report_years=(2023,),
        negatives=("notice", "disclosure_report"),
        fz_column="法治政府建设",
        fz_under="top",
        news_per_column=12,
        numeric_signature=True,
    ),
    SitePlan(
        info=_info(
            name="阳春市人民政府",
            host="www.yangchun.gov.cn",
            region_code="441781",
            issuer="阳春市人民政府",
            issuer_kind="government",
            site_code="4417810001",
            icp="粤ICP备13021178号",
            short="阳春市",
            self_ref="我市",
            leader="市委、市政府",
            units="各镇人民政府、街道办事处，市府直属各单位",
            style="modern",
        ),
        report_years=(2022, 2023),
        hostile_title_year=2024,
        negatives=("disclosure_report", "meeting_news", "notice"),
        fz_column="年度报告",
        fz_under="fdzdgknr",
        news_per_column=15,
        self_heading=(2023,),
    ),
    SitePlan(  # a county of 清远, in no sites file: reached only through 清远's 站群导航 (SITE_GROUPS)
        info=_info(
            name="英德市人民政府",
            host="www.yingde.gov.cn",
            region_code="441881",
            issuer="英德市人民政府",
            issuer_kind="government",
            site_code="4418810001",
            icp="粤ICP备06104412号",
            short="英德市",
            self_ref="我市",
            leader="市委、市政府",
            units="各镇人民政府、街道办事处，市直各单位",
            style="modern",
        ),
        report_years=(2022, 2023),
        negatives=("notice", "work_plan", "meeting_news"),
        fz_column="法治政府建设",
        fz_under="zwgk",
        news_per_column=16,
    ),
    SitePlan(
        info=_info(
            name="四川省司法厅",
            host="sft.sc.gov.cn",
            region_code="510000",
            issuer="四川省司法厅",
            issuer_kind="department",
            site_code="5100000034",
            icp="蜀ICP备05003987号",
            short="四川省司法厅",
            self_ref="我厅",
            leader="厅党委",
            units="各市（州）司法局，厅机关各处室、厅属各单位",
            style="ucap",
        ),
        report_years=(2023,),
        negatives=("notice", "work_plan"),
        fz_column="法治政府建设",
        fz_under="zwgk",
        news_per_column=15,
        numeric_signature=True,
    ),
    SitePlan(
        info=_info(
            name="十堰经济技术开发区",
            host="www.syjkq.gov.cn",
            region_code="420300",
            issuer="十堰经济技术开发区党工委、管委会",
            issuer_kind="development_zone",
            site_code="4203000012",
            icp="鄂ICP备16012345号",
            short="十堰经济技术开发区",
            self_ref="我区",
            leader="区党工委、管委会",
            units="各街道办事处，区直各部门",
            style="xxgk",
        ),
        report_years=(2022, 2023),
        negatives=("disclosure_report", "notice", "work_plan"),
        fz_column="法治政府建设",
        fz_under="fdzdgknr",
        news_per_column=12,
        no_heading=(2023,),
        self_heading=(2022,),
    ),
    SitePlan(
        info=_info(
            name="昆山市人民政府",
            host="www.ks.gov.cn",
            region_code="320583",
            issuer="昆山市人民政府",
            issuer_kind="government",
            site_code="3205830001",
            icp="苏ICP备10212345号",
            short="昆山市",
            self_ref="我市",
            leader="市委、市政府",
            units="各镇人民政府、街道办事处，市各委办局",
            style="spa",  # every listing is written by script from a JSON API
        ),
        report_years=(2023,),
        negatives=("disclosure_report", "work_plan", "notice"),
        fz_column="法治政府建设",
        fz_under="zwgk",
        news_per_column=12,
    ),
]


@dataclass(frozen=True)
class MirrorPlan:
    """A 繁體 gateway host (simweb.gateway) serving every page of ``origin`` converted to Traditional."""

    info: SiteInfo  # the gateway's identity; its region is its origin's
    origin: str  # host of the mirrored site


def _mirror(origin: str, host: str, name: str) -> MirrorPlan:
    source = next(p.info for p in PLANS if p.info.host == origin)
    return MirrorPlan(info=replace(source, name=name, host=host, style="gateway"), origin=origin)


# The origin's report must be reachable without a browser and use words s2twp rephrases (信息, 程序).
MIRRORS: list[MirrorPlan] = [
    _mirror("www.zjc.gov.cn", "big5.zjc.gov.cn", "张家川回族自治县人民政府繁体版"),
]

# 站群: a prefecture portal's 站群导航 links these county portals. The counties are in no sites file;
# a crawl reaches them only through the prefecture's entry saying ``follow_site_group: true``.
SITE_GROUPS: dict[str, tuple[str, ...]] = {"www.gdqy.gov.cn": ("www.yingde.gov.cn",)}

UNREACHABLE_HOST = "fzb.zjc.gov.cn"  # linked from a page, absent from the world: the proxy answers 502

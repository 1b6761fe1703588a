"""One generated site from its own seeded RNG: issuer, CMS family, column tree, articles, where each
report sits, hard negatives, decoys, search and sitemap, and whether the sites file sees it in 繁體.

A site's linked reports share one column (its own 法治 column, a generic 计划总结-like column or the
通知公告 stream); a report may instead be published only as a file, and an OLDER one may survive only
in the sitemap (listing reorganised, URL kept, same column directory) or only in site search. The
newest report is always linked somewhere.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from extract import cms
from simweb import attachments, textgen, unlinked
from simweb.directory import MirrorPlan
from simweb.generator import issuers, vocabulary
from simweb.generator.tree import HOME_KINDS, Tree, TreeBuilder
from simweb.model import Article, Column, SiteInfo
from simweb.plan import Ids, moment

FAMILIES = ("trs", "hanweb", "ucap", "gbk_table", "xxgk", "spa", "modern")
PLACEMENTS = ("own_column", "sub_column", "notices", "attachment", "sitemap", "search")
# Where each family's CMS answers site search: the registry's first endpoint (extract.cms; {n}: an
# install's channel or site number, {code}: its site code).
SEARCH_TEMPLATES = {key: cms.family(key).search[0].template(with_fixed=True) for key in FAMILIES}
FILE_FORMATS = (("pdf", 0.5), ("docx", 0.2), ("doc", 0.2), ("scan", 0.1))


@dataclass
class GeneratedSite:
    info: SiteInfo
    root: Column
    family: str
    key_scheme: str
    depth: int  # clicks from the home page to the listing of the reports' column
    home_kind: str  # HOME_KINDS: where the site's linked reports are listed
    search: str  # the site's search URL template ("" = no search)
    search_listed: bool  # the sites file names the search template
    sitemap: str  # "declared" (robots.txt Sitemap: line) | "undeclared" (only at /sitemap.xml) | "none"
    mirror: MirrorPlan | None  # the sites file lists this 繁體 gateway instead of the origin
    pending: attachments.Pending = field(default_factory=attachments.Pending)
    direct_files: list[tuple[Article, str, str]] = field(default_factory=list)  # report, path, fmt
    hidden: list[Article] = field(default_factory=list)  # reports only the sitemap or search lead to

    @property
    def listed(self) -> SiteInfo:
        return self.mirror.info if self.mirror else self.info


def generate_site(index: int, seed: int, family: str, used_hosts: set[str]) -> GeneratedSite:
    rng = random.Random(f"generated|{seed}|{index}")
    info = replace(issuers.draw(rng, used_hosts, index), style=family)
    scheme = rng.choices(vocabulary.KEY_SCHEMES, weights=[0.55, 0.25, 0.2])[0]
    home_kind = rng.choices(HOME_KINDS, weights=[0.5, 0.2, 0.3])[0]
    depth = rng.choices([1, 2, 3, 4, 5], weights=[0.1, 0.3, 0.3, 0.2, 0.1])[0]
    uid_start = rng.randint(1_000, 9_000) * (1000 if family == "hanweb" and rng.random() < 0.5 else 1)
    tree = TreeBuilder(rng, info, vocabulary.Keys(scheme, rng), uid_start).build(home_kind, depth)
    search = SEARCH_TEMPLATES[family] if rng.random() < 0.85 else ""
    search = search.replace("{n}", str(rng.randint(1, 300))).replace("{code}", info.site_code)
    sitemap = "none" if family == "gbk_table" else rng.choices(["declared", "undeclared", "none"],
                                                              weights=[0.35, 0.25, 0.4])[0]
    mirror = None
    if rng.random() < 0.12:  # the sites file knows only its 繁體 gateway, which serves no search or sitemap
        mirror = MirrorPlan(info=replace(info, name=info.name + "繁體版",
                                         host="big5." + info.host.removeprefix("www."), style="gateway"),
                            origin=info.host)
    site = GeneratedSite(info=info, root=tree.root, family=family, key_scheme=scheme, depth=tree.depth,
                         home_kind=home_kind, search=search,
                         search_listed=bool(search) and not mirror and rng.random() < 0.6,
                         sitemap=sitemap, mirror=mirror)
    _Filler(rng, site, tree).fill()
    return site


class _Filler:
    """Posts every article of the site: filler, decoys, hard negatives and the reports."""

    def __init__(self, rng: random.Random, site: GeneratedSite, tree: Tree) -> None:
        self.rng = rng
        self.site = site
        self.tree = tree
        self.info = site.info
        self.ids = Ids(rng, rng.randint(100_000, 9_000_000))
        info = self.info
        self.voice = textgen.Voice(issuer=info.issuer, short=info.short, self_ref=info.self_ref,
                                   leader=info.leader, units=info.units)
        if info.issuer_kind == "department":
            self.source = info.short + "办公室"
        else:
            self.source = info.short + rng.choice(["人民政府办公室", "司法局", "融媒体中心"])

    def post(self, column: Column, title: str, in_year: int, paras: list[str] | None = None,
             kind: str = "news", months: tuple[int, int] = (1, 12), **kw: object) -> Article:
        """Post an article published in *in_year* (``year=`` is the year a report or negative covers)."""
        at = moment(self.rng, in_year, months)
        body = paras if paras is not None else textgen.news_body(self.rng, self.voice, at.date())
        art = Article(title=title, published=at, paragraphs=body, kind=kind, source=self.source,
                      uid=self.ids(), heading=title, **kw)  # type: ignore[arg-type]
        return column.post(art)

    def year(self) -> int:
        return self.rng.choice([2020, 2021, 2022, 2023, 2024, 2024, 2025])

    def fill(self) -> None:
        rng, roles = self.rng, self.tree.roles
        for col in roles.get("news", []):
            for _ in range(rng.randint(6, 20)):
                self.post(col, self._news_title(0.15), self.year())
        for role in ("policy", "budget", "personnel", "enforcement", "filler"):
            for col in roles.get(role, []):
                for _ in range(rng.randint(2, 9)):
                    y = self.year()
                    self.post(col, textgen.notice_title(rng, y), y)
        for col in roles.get("plans", []):
            self._plans(col, rng.randint(2, 6))
        for col in roles.get("pages", []) + roles.get("interpret", []):
            for _ in range(rng.randint(1, 3)):
                topic = rng.choice(["工作职责", "办公地址", "办理流程", "常见问题", "联系方式", "基本情况"])
                body = textgen.profile_body(rng, self.voice, topic)
                self.post(col, f"{col.name}{topic}", 2024, body, "page")
        for col in roles.get("special", []) + roles.get("rol_news", []):
            for _ in range(rng.randint(3, 8)):
                self.post(col, self._decoy(), self.year())
        notices = self.tree.leaf("notices")
        assert notices is not None
        crowd = rng.randint(22, 45) if self.site.home_kind == "notices" else rng.randint(6, 18)
        for _ in range(crowd):
            y = self.year()
            self.post(notices, textgen.notice_title(rng, y), y)
        annual = self.tree.leaf("annual")
        assert annual is not None
        for y in sorted(rng.sample([2020, 2021, 2022, 2023, 2024], rng.randint(1, 3))):
            self.post(annual, f"{self.info.name}{y}年政府信息公开工作年度报告", y + 1,
                      textgen.disclosure_report(rng, self.voice, y), "disclosure_report", months=(1, 3),
                      year=y, issuer=self.info.issuer, issuer_kind=self.info.issuer_kind)
        reports = self.tree.reports
        if self.site.home_kind == "own_column":
            for _ in range(rng.randint(2, 10)):
                self.post(reports, self._decoy(), self.year())
        elif self.site.home_kind == "sub_column":
            self._plans(reports, rng.randint(3, 8))
        self._negatives()
        self._reports()
        for col in roles.get("dept_office", []):
            self._department_report(col)

    def _news_title(self, decoy_share: float) -> str:
        return self._decoy() if self.rng.random() < decoy_share else textgen.news_title(self.rng, self.voice)

    def _decoy(self) -> str:
        template = self.rng.choice(vocabulary.texts("decoy_titles"))
        return template.format(short=self.info.short, x=self.info.self_ref[-1])

    def _plans(self, col: Column, n: int) -> None:
        for _ in range(n):
            y = self.year()
            title = self.rng.choice(vocabulary.texts("plan_titles")).format(short=self.info.short, year=y)
            self.post(col, title, y)

    def _negatives(self) -> None:
        """Documents that look like reports, next to them: notices asking for reports, 工作要点 and
        计划 of some year, 推进会 news (政府信息公开年报 are posted with their column)."""
        rng, info, voice = self.rng, self.info, self.voice
        near = self.tree.reports
        notices = self.tree.leaf("notices") or near
        news = (self.tree.roles.get("news") or [near])[0]
        for kind in rng.sample(["notice", "work_plan", "meeting_news", "work_plan"], rng.randint(1, 4)):
            y = rng.choice([2021, 2022, 2023, 2024])
            if kind == "notice":
                paras = textgen.report_notice(rng, voice, y, date(y + 1, 2, rng.randint(5, 25)))
                issuer = paras[-2]
                title = f"关于报送{y}年度法治政府建设年度报告的通知"
                self.post(rng.choice([notices, near]), title, y + 1, paras, kind, months=(1, 1), year=y,
                          issuer=issuer,
                          issuer_kind="department" if issuer != info.issuer else info.issuer_kind)
            elif kind == "work_plan":
                what = rng.choice(["工作要点", "工作计划", "重点工作安排"])
                title = f"{voice.short}{y}年法治政府建设{what}"
                self.post(rng.choice([near, near, notices]), title, y, textgen.work_plan(rng, voice, y), kind,
                          months=(2, 4), year=y, issuer=info.issuer, issuer_kind=info.issuer_kind)
            else:
                at = moment(rng, y, (2, 3))
                self.post(rng.choice([near, news]), f"{voice.short}召开{y}年法治政府建设推进会", y,
                          textgen.meeting_news(rng, voice, y, at.date()), kind, months=(2, 3), year=None,
                          issuer=info.issuer, issuer_kind=info.issuer_kind)

    def _reports(self) -> None:
        rng, info = self.rng, self.info
        count = rng.choices([1, 2, 3], weights=[0.3, 0.45, 0.25])[0]
        years = sorted(rng.sample([2020, 2021, 2022, 2023, 2024], count), reverse=True)
        for i, y in enumerate(years):
            at = moment(rng, y + 1, (1, 3))
            signed = (at - timedelta(days=rng.randint(1, 12))).date()
            paras = textgen.annual_report(rng, self.voice, y, signed, numeric_date=rng.random() < 0.3)
            title = rng.choice(vocabulary.texts("report_titles")).format(
                issuer=info.issuer, short=info.short, year=y)
            report = self.post(self.tree.reports, title, y + 1, paras, "report", year=y, issuer=info.issuer,
                               issuer_kind=info.issuer_kind)
            report.published = at
            if rng.random() < 0.12:  # the page shows 我市…报告 or no heading at all, as some CMS pages do
                report.heading = rng.choice([None, f"{info.self_ref}{y}年法治政府建设情况报告"])
            report.placement = self._placement(newest=i == 0)
            if report.placement == self.site.home_kind != "notices" and i > 0 and rng.random() < 0.15:
                self._move(report, self.tree.leaf("notices"))  # an older one was posted as a notice
            self._place(report)

    def _department_report(self, col: Column) -> None:
        """The local 司法局 publishes its own report in its column of the government portal (a
        department's report: same region, issuer kind department)."""
        rng, info = self.rng, self.info
        for _ in range(rng.randint(1, 4)):
            self.post(col, self._decoy(), self.year())
        if rng.random() < 0.4:
            return
        issuer = issuers.justice_bureau(info)
        kind = issuer[-1]
        voice = textgen.Voice(issuer=issuer, short=issuer, self_ref="我" + kind, leader=kind + "党组",
                              units="")
        y = rng.choice([2021, 2022, 2023, 2024])
        at = moment(rng, y + 1, (1, 3))
        paras = textgen.annual_report(rng, voice, y, (at - timedelta(days=rng.randint(1, 9))).date())
        title = rng.choice(vocabulary.texts("report_titles")).format(issuer=issuer, short=issuer, year=y)
        report = self.post(col, title, y + 1, paras, "report", months=(1, 3), year=y, issuer=issuer,
                           issuer_kind="department")
        report.published, report.placement = at, "sub_column"

    def _move(self, report: Article, column: Column | None) -> None:
        assert report.column is not None and column is not None
        report.column.articles.remove(report)
        column.post(report)
        report.placement = "notices"

    def _placement(self, newest: bool) -> str:
        r = self.rng.random()
        hideable = not newest and self.site.mirror is None
        if hideable and r < 0.14 and self.site.sitemap != "none":
            return "sitemap"
        if hideable and r < 0.28 and self.site.search:
            return "search"
        if r > 0.78:
            return "attachment"
        return self.site.home_kind

    def _place(self, report: Article) -> None:
        site, rng = self.site, self.rng
        if report.placement in ("sitemap", "search"):
            column = report.column
            assert column is not None
            site.hidden.append(unlinked.detach(report, column.key, column.name, column.uid))
        elif report.placement == "attachment":
            fmt = rng.choices([f for f, _ in FILE_FORMATS], weights=[w for _, w in FILE_FORMATS])[0]
            if rng.random() < 0.65:
                stub = attachments.file_only(site.pending, report, fmt)
                if rng.random() < 0.3:  # the stub says less than the file's title
                    stub.title = stub.heading = rng.choice(
                        [f"{report.year}年度报告（全文）", f"关于公开{report.year}年度工作情况报告的说明"])
            else:
                self._direct_file(report, fmt)

    def _direct_file(self, report: Article, fmt: str) -> None:
        """The listing links the file itself (no stub page)."""
        column = report.column
        assert column is not None
        column.articles.remove(report)
        ext = "pdf" if fmt == "scan" else fmt
        token = hashlib.sha1(f"{self.info.host}|{report.uid}".encode()).hexdigest()
        d = report.published
        if self.site.family == "hanweb":
            path = f"/module/download/downfile.jsp?classid=0&filename={token[:20]}.{ext}"
        else:
            name = f"{'W' if fmt == 'doc' else 'P'}0{d:%Y%m%d}{int(token[:8], 16) % 10**9:09d}.{ext}"
            path = f"/uploadfile/{d:%Y}/{d:%m%d}/{name}"
        column.extra.append((report.title, path, report.published))
        self.site.direct_files.append((report, path, fmt))

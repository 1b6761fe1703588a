"""Decides what each simulated site publishes: column tree, reports, hard negatives, filler.

Reports sit 2–4 clicks deep next to the documents that look like them (notices about reports,
政府信息公开年报, 工作要点, 推进会 news), buried among ordinary news so a focused crawler can skip most
of the site. All choices come from one seeded RNG per site.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from simweb import textgen
from simweb.directory import ExtraReport, SitePlan
from simweb.model import Article, Column


class Ids:
    """Document ids that look like CMS ids (large, increasing with gaps)."""

    def __init__(self, rng: random.Random, start: int) -> None:
        self.rng = rng
        self.next = start

    def __call__(self) -> int:
        self.next += self.rng.randint(3, 400)
        return self.next


def moment(rng: random.Random, year: int, months: tuple[int, int] = (1, 12)) -> datetime:
    day = date(year, rng.randint(*months), rng.randint(1, 28))
    return datetime(day.year, day.month, day.day, rng.randint(8, 18), rng.choice([0, 8, 15, 23, 30, 41, 52]))


def _voice(plan: SitePlan) -> textgen.Voice:
    i = plan.info
    return textgen.Voice(issuer=i.issuer, short=i.short, self_ref=i.self_ref, leader=i.leader, units=i.units)


def build_site(plan: SitePlan, seed: int) -> Column:
    """The column tree of one site, filled with articles (paths are assigned later by the style)."""
    rng = random.Random(f"{seed}|{plan.info.host}")
    ids = Ids(rng, rng.randint(1_000_000, 9_000_000))
    cols = iter(range(rng.randint(100, 900), 10_000, 7))
    voice = _voice(plan)
    src = plan.info.name.replace("人民政府", "") + rng.choice(["办公室", "司法局", "融媒体中心"])

    def col(key: str, name: str) -> Column:
        return Column(key=key, name=name, uid=next(cols))

    root = col("", plan.info.name)
    news = root.add(col("xwdt", "新闻动态"))
    zwyw = news.add(col("zwyw", "政务要闻"))
    bmdt = news.add(col("bmdt", "部门动态"))
    tzgg = news.add(col("tzgg", "通知公告"))
    zwgk = root.add(col("zwgk", "政府信息公开"))
    jggk = zwgk.add(col("jggk", "机构概况"))
    fdzd = zwgk.add(col("fdzdgknr", "法定主动公开内容"))
    zcwj = fdzd.add(col("zcwj", "政策文件"))
    nb = fdzd.add(col("zfxxgknb", "政府信息公开年报"))
    zcjd = zwgk.add(col("zcjd", "政策解读"))
    parent = {"fdzdgknr": fdzd, "zwgk": zwgk, "top": root}[plan.fz_under]
    fz = parent.add(col("fzzfjs", plan.fz_column))

    def post(column: Column, title: str, when: datetime, paras: list[str], kind: str = "news",
             **kw: object) -> Article:
        art = Article(title=title, published=when, paragraphs=paras, kind=kind, source=src, uid=ids(),
                      heading=title, **kw)  # type: ignore[arg-type]
        return column.post(art)

    for column, count in ((zwyw, plan.news_per_column), (bmdt, plan.news_per_column - 4)):
        for _ in range(count):
            when = moment(rng, rng.choice([2023, 2024]))
            post(column, textgen.news_title(rng, voice), when, textgen.news_body(rng, voice, when.date()))
    for _ in range(6):
        when = moment(rng, rng.choice([2023, 2024]))
        post(tzgg, textgen.notice_title(rng, when.year), when, textgen.news_body(rng, voice, when.date()))
        when = moment(rng, rng.choice([2022, 2023]))
        post(zcwj, textgen.notice_title(rng, when.year), when, textgen.news_body(rng, voice, when.date()))
    for topic in ("机构职能", "领导信息", "内设机构"):
        body = textgen.profile_body(rng, voice, topic)
        post(jggk, f"{plan.info.name}{topic}", moment(rng, 2024), body, "page")
    for _ in range(5):
        when = moment(rng, 2023)
        post(zcjd, "图解：" + textgen.notice_title(rng, when.year).removeprefix("关于"), when,
             textgen.news_body(rng, voice, when.date()), "page")
    for year in (2021, 2022):
        when = moment(rng, year + 1, (1, 1))
        body = textgen.disclosure_report(rng, voice, year)
        title = f"{plan.info.name}{year}年政府信息公开工作年度报告"
        post(nb, title, when, body, "disclosure_report", year=year, issuer=plan.info.issuer,
             issuer_kind=plan.info.issuer_kind)
    for _ in range(3):  # ordinary rule-of-law news keeps the report column from being all targets
        when = moment(rng, 2023)
        topic = rng.choice(["开展“民法典宣传月”活动", "举办行政执法人员培训班", "开展行政执法案卷评查"])
        post(fz, voice.short + topic, when, textgen.news_body(rng, voice, when.date()))

    own = [(year, voice, plan.info.issuer, plan.info.issuer_kind) for year in plan.report_years]
    _post_reports(plan, rng, fz, post, own + _extra_jobs(plan.extra_reports))
    where = {"notice": tzgg if rng.random() < 0.5 else fz, "disclosure_report": nb, "work_plan": fz,
             "meeting_news": zwyw if rng.random() < 0.5 else fz}
    _post_negatives(plan, rng, voice, where, post)
    _post_reports(plan, rng, fz, post, _extra_jobs(plan.added_reports))  # last: no earlier draw moves
    if plan.hostile_title_year:
        _post_hostile_report(plan, seed, voice, fz, plan.hostile_title_year)
    return root


# What an archived title may carry: the web catalog must show it as text and never run it.
HOSTILE_TITLE_TAIL = '<script>window.__fazhiXss=1</script>"><img src=x onerror=window.__fazhiXss=2>'


def _post_hostile_report(plan: SitePlan, seed: int, voice: textgen.Voice, fz: Column, year: int) -> None:
    """A genuine report whose title ends in markup. Drawn from an RNG and ids of its own, and posted
    last, so every other page of the site keeps its bytes."""
    rng = random.Random(f"{seed}|{plan.info.host}|hostile")
    published = moment(rng, year + 1, (1, 3))
    signed = (published - timedelta(days=rng.randint(1, 12))).date()
    title = f"{plan.info.issuer}{year}年法治政府建设情况报告{HOSTILE_TITLE_TAIL}"
    paragraphs = textgen.annual_report(rng, voice, year, signed)
    paragraphs.insert(1, f"（本报告在网站上的标题为：{title}）")  # the text keeps tags (titles lose them)
    fz.post(Article(title=title, published=published, kind="report", heading=title, year=year,
                    paragraphs=paragraphs, issuer=plan.info.issuer,
                    issuer_kind=plan.info.issuer_kind, uid=Ids(rng, 9_500_000)(),
                    source=plan.info.name.replace("人民政府", "") + "司法局"))


def _report_title(plan: SitePlan, rng: random.Random, issuer: str, short: str, year: int) -> str:
    forms = [f"{short}{year}年法治政府建设年度报告", f"{issuer}关于{year}年法治政府建设情况的报告",
             f"{short}{year}年度法治政府建设工作情况报告", f"{issuer}{year}年法治政府建设情况报告"]
    return rng.choice(forms)


_Job = tuple[int, textgen.Voice, str, str]  # year, voice, issuer, issuer kind of one report


def _extra_jobs(extras: tuple[ExtraReport, ...]) -> list[_Job]:
    """Reports by other issuers than the site owner, each in its own voice."""
    return [(extra.year, textgen.Voice(issuer=extra.issuer, short=extra.issuer, self_ref=extra.self_ref,
                                       leader=extra.leader, units=""), extra.issuer, extra.issuer_kind)
            for extra in extras]


def _post_reports(plan: SitePlan, rng: random.Random, fz: Column, post, jobs: list[_Job]) -> None:
    info = plan.info
    for year, v, issuer, kind in jobs:
        published = moment(rng, year + 1, (1, 3))
        signed = (published - timedelta(days=rng.randint(1, 12))).date()
        paras = textgen.annual_report(rng, v, year, signed, numeric_date=plan.numeric_signature)
        title = _report_title(plan, rng, issuer, v.short, year)
        heading: str | None = title
        if issuer == info.issuer and year in plan.no_heading:
            heading = None
        elif issuer == info.issuer and year in plan.self_heading:
            heading = f"{v.self_ref}{year}年法治政府建设情况报告"
        post(fz, title, published, paras, "report", year=year, issuer=issuer, issuer_kind=kind,
             doc_no=f"{v.short[:2]}{rng.choice(['府', '府办', '司'])}〔{year + 1}〕{rng.randint(1, 60)}号")
        fz.articles[-1].heading = heading


def _post_negatives(plan: SitePlan, rng: random.Random, voice: textgen.Voice, where: dict[str, Column],
                    post) -> None:
    info = plan.info
    for kind in plan.negatives:
        column = where[kind]
        if kind == "notice":
            when = moment(rng, 2024, (1, 1))
            paras = textgen.report_notice(rng, voice, 2023, date(2024, 2, rng.randint(5, 25)))
            post(column, "关于报送2023年度法治政府建设年度报告的通知", when, paras, kind, year=2023,
                 issuer=paras[-2], issuer_kind="department" if paras[-2] != info.issuer else info.issuer_kind)
        elif kind == "disclosure_report":
            when = moment(rng, 2024, (1, 3))
            body = textgen.disclosure_report(rng, voice, 2023)
            title = f"{info.name}2023年政府信息公开工作年度报告"
            post(column, title, when, body, kind, year=2023, issuer=info.issuer, issuer_kind=info.issuer_kind)
        elif kind == "work_plan":
            when = moment(rng, 2024, (2, 4))
            body = textgen.work_plan(rng, voice, 2024)
            title = f"{voice.short}2024年法治政府建设工作要点"
            post(column, title, when, body, kind, year=2024, issuer=info.issuer, issuer_kind=info.issuer_kind)
        elif kind == "meeting_news":
            when = moment(rng, 2024, (2, 3))
            post(column, f"{voice.short}召开2024年法治政府建设推进会", when,
                 textgen.meeting_news(rng, voice, 2024, when.date()), kind, year=None, issuer=info.issuer,
                 issuer_kind=info.issuer_kind)

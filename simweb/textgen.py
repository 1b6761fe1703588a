# ruff: noqa: E501  (phrase banks: CJK characters count double towards the line width)
"""Seeded generator of plausible government prose.

The crawler and extractor are tested against text that must look like real 法治政府建设 reports
(and like the documents that are easily confused with them), but may never be copied from real
pages. Everything here is assembled from phrase banks with a caller-supplied ``random.Random`` so
a given seed always yields the same words.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

CN_DIGITS = "〇一二三四五六七八九"
CN_ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Voice:
    """Who is speaking: the issuer's full name and how it refers to itself (我市/我县/我区/我厅)."""

    issuer: str
    short: str  # 清远市, 安吉县, 省司法厅 ...
    self_ref: str  # 我市 / 我县 / 我区 / 我厅
    leader: str  # 市委、市政府 / 县委、县政府 / 厅党组
    units: str  # 各镇（街道） / 各市（州）司法局 ...


def cn_year(year: int) -> str:
    """2024 -> 二〇二四 (the form used in signature lines)."""
    return "".join(CN_DIGITS[int(d)] for d in str(year))


def cn_number(n: int) -> str:
    """1..31 -> 一 .. 三十一 as written in Chinese dates."""
    if n <= 10:
        return "十" if n == 10 else CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return f"{head}十{CN_DIGITS[ones] if ones else ''}"


def cn_date(d: date) -> str:
    """2024-03-28 -> 二〇二四年三月二十八日."""
    return f"{cn_year(d.year)}年{cn_number(d.month)}月{cn_number(d.day)}日"


def ordinal(i: int) -> str:
    """0 -> 一, 9 -> 十."""
    return CN_ORDINALS[i]


# --- 法治政府建设年度报告 -------------------------------------------------------------------------

_INTROS = [
    "{year}年，{self}在{leader}的坚强领导下，坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻"
    "习近平法治思想，全面落实《法治政府建设实施纲要（2021－2025年）》，扎实推进法治政府建设各项工作，"
    "取得了阶段性成效。现将{self}{year}年法治政府建设情况报告如下：",
    "{year}年以来，{issuer}坚持把法治政府建设作为全局性、基础性工作来抓，紧紧围绕中心、服务大局，"
    "持续深化依法行政，法治政府建设水平不断提升。根据《法治政府建设与责任落实督察工作规定》要求，"
    "现将{self}{year}年度法治政府建设工作情况报告如下：",
    "{year}年，{self}以习近平法治思想为引领，认真贯彻落实党中央、国务院关于法治政府建设的决策部署，"
    "对标对表省、市工作要求，统筹推进依法行政各项任务落地见效。现将有关情况报告如下：",
]

_MEASURES: list[tuple[str, list[str]]] = [
    ("坚持党的领导，统筹推进法治政府建设", [
        "{leader}专题研究法治政府建设工作{n1}次，及时调整法治政府建设领导小组，制定印发年度工作要点，"
        "明确{n2}项重点任务并逐项分解到责任单位。",
        "将习近平法治思想纳入理论学习中心组年度学习计划，全年开展专题学习{n1}次，举办领导干部法治专题"
        "讲座{n3}场，推动尊法学法守法用法在领导干部中蔚然成风。",
        "把法治建设成效纳入年度综合绩效考核，考核权重提高至{pct}%，以考核“指挥棒”推动责任落实。",
    ]),
    ("深化“放管服”改革，持续优化法治化营商环境", [
        "深入推进“一网通办”，政务服务事项网上可办率达到{pct}%，“最多跑一次”事项{n4}项，"
        "办理时限平均压缩{n2}%以上。",
        "全面落实市场准入负面清单制度，清理妨碍统一市场和公平竞争的政策措施{n2}件，新增市场主体"
        "{n5}户，同比增长{n1}.{n3}%。",
        "推行涉企轻微违法行为免罚清单，全年适用“首违不罚”案件{n3}宗，为市场主体减免罚款{n2}万元。",
    ]),
    ("健全依法行政制度体系，提高制度建设质量", [
        "严格落实行政规范性文件合法性审核机制，全年审核规范性文件{n3}件，提出修改意见{n4}条，"
        "审核率、备案率均达100%。",
        "组织开展规范性文件集中清理，废止{n1}件、修改{n2}件，并及时向社会公布清理结果。",
        "充分发挥法律顾问和公职律师作用，全年审查重大合同{n4}份，出具法律意见书{n3}份，"
        "有效防范法律风险。",
    ]),
    ("严格落实重大行政决策程序，推进决策科学化民主化法治化", [
        "编制并公布年度重大行政决策事项目录，{n1}项重大行政决策均严格履行公众参与、专家论证、"
        "风险评估、合法性审查和集体讨论决定程序。",
        "建立重大行政决策全过程记录和档案管理制度，决策后评估工作稳步推进，决策质量明显提升。",
    ]),
    ("推进严格规范公正文明执法，提升行政执法质效", [
        "全面落实行政执法公示、执法全过程记录、重大执法决定法制审核“三项制度”，全年公示执法信息"
        "{n5}条，重大执法决定法制审核{n3}件。",
        "深化综合行政执法改革，推动执法力量向基层倾斜，{n1}个镇（街道）实现“一支队伍管执法”。",
        "组织开展行政执法案卷评查，抽查案卷{n4}宗，发现问题{n2}个并督促全部整改到位，"
        "行政执法规范化水平持续提升。",
    ]),
    ("强化行政权力制约和监督，促进行政权力规范透明运行", [
        "自觉接受人大监督、民主监督和司法监督，全年办理人大代表建议{n4}件、政协委员提案{n3}件，"
        "办结率100%。",
        "积极支持人民法院依法受理和审理行政案件，行政机关负责人出庭应诉率达{pct}%。",
        "全面推进政务公开，主动公开政府信息{n5}条，依申请公开办理{n3}件，均在法定期限内答复。",
    ]),
    ("依法有效化解社会矛盾纠纷，维护社会和谐稳定", [
        "坚持和发展新时代“枫桥经验”，健全人民调解、行政调解、司法调解联动工作体系，全年调解各类"
        "矛盾纠纷{n5}宗，调解成功率达{pct}%。",
        "发挥行政复议化解行政争议主渠道作用，全年受理行政复议案件{n3}件，审结{n2}件，"
        "纠错率{n1}.{n1}%。",
        "畅通信访渠道，依法分类处理信访诉求，信访事项及时受理率、按期办结率均保持在{pct}%以上。",
    ]),
    ("加强法治宣传教育，提升全民法治素养", [
        "深入落实“谁执法谁普法”普法责任制，发布年度普法责任清单，开展“宪法宣传周”“民法典宣传月”"
        "等主题活动{n4}场次，受众{n5}余人次。",
        "加强国家工作人员学法用法，组织{n5}名公职人员参加年度网上学法考试，参考率、合格率均达100%。",
    ]),
]

_SHORTCOMINGS = [
    "一是法治政府建设推进不够平衡，个别单位对法治政府建设重要性认识不足，工作主动性有待增强。",
    "二是行政执法规范化水平仍需提高，部分基层执法人员法治素养和执法能力与新形势要求还有差距。",
    "三是法治宣传的针对性和实效性有待提升，普法方式方法创新不够，群众参与度还不高。",
    "四是法治工作队伍力量相对薄弱，基层法制审核人员配备不足，专业化水平有待提高。",
]

_LEADER_DUTY = [
    "{leader}主要负责人认真履行推进法治建设第一责任人职责，坚持重要工作亲自部署、重大问题亲自过问、"
    "重点环节亲自协调、重要任务亲自督办，全年主持召开会议专题研究法治建设工作{n1}次。",
    "主要负责人带头尊法学法守法用法，带头参加法治专题讲座，带头出庭应诉行政案件，"
    "把法治建设各项任务与经济社会发展工作同部署、同推进、同督促、同考核。",
    "将履行推进法治建设第一责任人职责情况列入年终述职内容，推动各级领导干部切实担负起法治建设重要组织者、"
    "推动者和实践者的职责。",
]

_PLANS = [
    "一是深入学习贯彻习近平法治思想，把法治政府建设摆在工作全局的重要位置，压紧压实法治建设主体责任。",
    "二是持续优化法治化营商环境，深化行政审批制度改革，推进政务服务标准化、规范化、便利化。",
    "三是全面提升行政执法质量，落实行政执法“三项制度”，加强执法监督，切实做到严格规范公正文明执法。",
    "四是加强法治宣传教育，深入实施“八五”普法规划，推进法治文化阵地建设，营造浓厚法治氛围。",
    "五是强化基层法治队伍建设，加强业务培训，不断提升依法行政能力和水平。",
]


def _fill(rng: random.Random, template: str, voice: Voice, year: int) -> str:
    return template.format(
        year=year, self=voice.self_ref, issuer=voice.issuer, leader=voice.leader,
        n1=rng.randint(2, 9), n2=rng.randint(10, 60), n3=rng.randint(12, 180),
        n4=rng.randint(30, 400), n5=rng.randint(1200, 98000), pct=rng.choice([95, 96, 98, 99, 100]),
    )


def annual_report(rng: random.Random, voice: Voice, year: int, signed: date,
                  numeric_date: bool = False) -> list[str]:
    """Paragraphs of a 法治政府建设年度报告 covering ``year``, ending with issuer and signature date."""
    paras = [_fill(rng, rng.choice(_INTROS), voice, year), "一、主要举措和成效"]
    picked = sorted(rng.sample(range(len(_MEASURES)), rng.randint(4, 7)))  # keep the canonical order
    measures = [_MEASURES[i] for i in picked]
    for i, (heading, bank) in enumerate(measures):
        paras.append(f"（{ordinal(i)}）{heading}")
        for sentence in rng.sample(bank, rng.randint(1, len(bank))):
            paras.append(_fill(rng, sentence, voice, year))
    paras.append("二、存在的不足")
    paras.append(f"{year}年，{voice.self_ref}法治政府建设工作虽然取得了一定成效，但对照上级要求和人民群众期待，"
                 "仍存在一些问题和不足：")
    paras.extend(rng.sample(_SHORTCOMINGS[:3], 2) if rng.random() < 0.5 else _SHORTCOMINGS[:3])
    paras.append("三、党政主要负责人履行推进法治建设第一责任人职责情况")
    paras.extend(_fill(rng, t, voice, year) for t in _LEADER_DUTY[: rng.randint(1, 3)])
    paras.append(rng.choice([f"四、{year + 1}年工作安排", "四、下一年度工作安排", f"四、{year + 1}年工作打算"]))
    paras.append(f"{year + 1}年，{voice.self_ref}将继续坚持以习近平法治思想为指导，重点抓好以下工作：")
    paras.extend(_PLANS[: rng.randint(3, 5)])
    paras.append(voice.issuer)
    paras.append(f"{signed.year}年{signed.month}月{signed.day}日" if numeric_date else cn_date(signed))
    return paras


# --- hard negatives ---------------------------------------------------------------------------------

def report_notice(rng: random.Random, voice: Voice, year: int, deadline: date) -> list[str]:
    """A notice asking subordinate units to SUBMIT their reports: about reports, not a report."""
    return [
        f"{voice.units}：",
        "根据《法治政府建设与责任落实督察工作规定》和上级有关工作要求，为做好"
        f"{year}年度法治政府建设年度报告工作，现将有关事项通知如下：",
        "一、报告内容",
        f"各单位要紧扣{year}年度法治政府建设工作实际，重点报告推进法治政府建设的主要举措和成效、存在的不足和原因、"
        "党政主要负责人履行推进法治建设第一责任人职责情况以及下一年度工作安排等内容。",
        "二、报送时间和方式",
        f"请于{deadline.year}年{deadline.month}月{deadline.day}日前将经本单位主要负责人审定的年度报告"
        "纸质版（加盖公章）一式两份报送至司法行政部门，电子版同步发送至指定邮箱。",
        "三、有关要求",
        "年度报告须经本单位党委（党组）常委会（会议）审议通过，并于每年3月31日前通过门户网站等向社会公开。"
        f"对逾期未报送或报告内容敷衍应付的，将在全{voice.short[-1]}范围内予以通报。",
        f"联系人：{rng.choice(['张', '李', '陈', '黄', '刘'])}{rng.choice(['科长', '同志'])}，"
        f"联系电话：0{rng.randint(100, 999)}－{rng.randint(2000000, 8999999)}。",
        voice.issuer.replace("人民政府", "司法局") if "人民政府" in voice.issuer else voice.issuer,
        f"{deadline.year}年{max(deadline.month - 1, 1)}月{rng.randint(3, 25)}日",
    ]


def disclosure_report(rng: random.Random, voice: Voice, year: int) -> list[str]:
    """A 政府信息公开工作年度报告: also an 'annual report', but about disclosure, not rule of law."""
    n = [rng.randint(100, 9000) for _ in range(4)]
    return [
        f"本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室有关要求编制。"
        f"报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。",
        "一、总体情况",
        f"{year}年，{voice.self_ref}深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，"
        f"主动公开政府信息{n[0]}条，其中政策文件{n[1] % 300}件。",
        f"依申请公开方面，全年共收到政府信息公开申请{n[2] % 200}件，均在法定期限内予以答复。",
        "二、主动公开政府信息情况",
        f"规章和行政规范性文件：本年制发{n[3] % 40}件，废止{n[3] % 7}件，现行有效{n[3] % 90 + 20}件。",
        "三、收到和处理政府信息公开申请情况",
        "本年度新收政府信息公开申请均按规定办理，未发生逾期答复情况。",
        "四、政府信息公开行政复议、行政诉讼情况",
        f"全年因政府信息公开引发行政复议{rng.randint(0, 5)}件、行政诉讼{rng.randint(0, 3)}件。",
        "五、存在的主要问题及改进情况",
        "政策解读形式还不够丰富，部分栏目更新不够及时。下一步将进一步规范信息发布流程，提升公开质量。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ]


def work_plan(rng: random.Random, voice: Voice, year: int) -> list[str]:
    """A 法治政府建设工作要点 for ``year``: forward-looking tasks, no report structure."""
    tasks = rng.sample([m[0] for m in _MEASURES], 5)
    paras = [
        f"{year}年是全面贯彻落实党的二十大精神的关键之年。为深入推进法治政府建设，"
        f"结合{voice.self_ref}实际，制定本工作要点。"
    ]
    for i, task in enumerate(tasks):
        paras.append(f"{ordinal(i)}、{task}")
        paras.append(_fill(rng, "各责任单位要细化工作措施，明确完成时限，确保{n1}月底前完成阶段性任务。",
                           voice, year))
    paras.append("各单位要将工作要点落实情况纳入年度法治政府建设报告，于年底前报送。")
    return paras


def meeting_news(rng: random.Random, voice: Voice, year: int, day: date) -> list[str]:
    """News about a 法治政府建设推进会: mentions reports and achievements, is not one."""
    return [
        f"{day.month}月{day.day}日，{voice.short}召开{year}年法治政府建设推进会，总结"
        f"{year - 1}年法治政府建设工作，部署{year}年重点任务。",
        "会议指出，过去一年，全" + voice.short[-1] + "上下深入学习贯彻习近平法治思想，法治政府建设取得新进展，"
        "法治化营商环境持续优化，行政执法质效稳步提升。",
        "会议强调，各单位要切实履行法治建设主体责任，按时报送年度法治政府建设情况报告，"
        "确保各项任务落地见效。",
        f"会上，{rng.randint(2, 4)}个单位作交流发言，相关单位负责同志参加会议。",
    ]


# --- ordinary pages -----------------------------------------------------------------------------------

_NEWS_TOPICS = [
    "召开全{x}安全生产工作会议", "开展防汛应急演练", "举行重点项目集中开工仪式", "召开优化营商环境工作推进会",
    "开展森林防火专项检查", "召开乡村振兴工作会议", "举办招商引资推介会", "开展食品安全专项整治行动",
    "召开民生实事项目推进会", "开展“双随机、一公开”联合检查", "召开耕地保护工作会议", "举办就业招聘会",
    "开展城乡环境综合整治", "召开河湖长制工作会议", "开展消防安全宣传月活动", "召开教育工作会议",
    "开展文明城市创建督导", "召开经济运行分析会", "举行政务服务“好差评”工作培训", "开展医保政策宣传活动",
]

_NEWS_BODY = [
    "会议传达学习了上级有关会议精神，通报了前一阶段工作进展情况，并对下一步工作作出具体部署。",
    "会议要求，各相关单位要进一步提高政治站位，压实工作责任，细化工作措施，确保各项任务按时完成。",
    "活动现场设置咨询台{n1}个，发放宣传资料{n4}余份，接受群众咨询{n3}人次。",
    "据了解，此次活动共有{n2}家单位参与，覆盖全{x}各镇（街道），取得了良好的社会效果。",
    "下一步，相关部门将持续加强督促检查，建立问题清单和整改台账，推动工作落细落实。",
    "各镇（街道）、{x}直有关单位主要负责同志参加会议。",
]

_NOTICE_TOPICS = [
    "关于开展{year}年度“双随机、一公开”抽查工作的通知", "关于做好{year}年春节期间安全生产工作的通知",
    "关于公开招聘编外工作人员的公告", "关于{year}年度部门预算公开的公告", "关于征求意见稿公开征求意见的公告",
    "关于调整政务服务大厅办公时间的通告", "关于开展道路交通安全专项整治的通告",
]


def news_title(rng: random.Random, voice: Voice) -> str:
    """A headline like 清远市召开经济运行分析会."""
    return voice.short + rng.choice(_NEWS_TOPICS).format(x=voice.short[-1])


def notice_title(rng: random.Random, year: int) -> str:
    return rng.choice(_NOTICE_TOPICS).format(year=year)


def news_body(rng: random.Random, voice: Voice, day: date) -> list[str]:
    """Three to six paragraphs of routine news."""
    first = f"{day.month}月{day.day}日，{voice.short}{rng.choice(['组织', '召开会议', '开展专题活动'])}，" \
            f"{rng.choice(['相关负责同志出席并讲话。', '推动各项工作落地见效。', '社会反响良好。'])}"
    rest = rng.sample(_NEWS_BODY, rng.randint(2, 5))
    return [first] + [_fill(rng, t.replace("{x}", voice.short[-1]), voice, day.year) for t in rest]


def profile_body(rng: random.Random, voice: Voice, topic: str) -> list[str]:
    """Static pages such as 机构概况 / 领导信息 / 政策解读 bodies."""
    return [
        f"{voice.issuer}{topic}相关信息如下。",
        f"主要职责：贯彻执行国家、省有关方针政策和法律法规，负责{voice.short}{topic}相关工作。",
        f"办公地址：{voice.short}{rng.choice(['人民路', '府前路', '行政中心', '政务大道'])}"
        f"{rng.randint(1, 199)}号；办公时间：工作日上午8:30－12:00，下午14:30－17:30。",
    ]

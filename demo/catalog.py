"""The 48 items 东升乡 published in 2017 over its 11 categories (titles and bodies written for the demo), each passed
through the real workflow with its 2017 dates; and this year's drafts in every workflow state."""

from datetime import date, timedelta

from catalog import services
from catalog.models import Category, Decision, DocKind, Item
from gongkai import clock
from workdays.loading import get_calendar

from .context import DemoContext

# category → [(title, 文号, 文件类型, formation date), …] — 48 in all, as the seed's report says.
ITEMS_2017 = {
    "组织机构": [
        ("东升乡人民政府机构设置及主要职责", "", "", date(2017, 1, 9)),
        ("东升乡人民政府领导班子成员及分工", "", "", date(2017, 1, 10)),
        ("东升乡政府信息公开工作领导小组成员名单", "", "", date(2017, 2, 13)),
    ],
    "公告公示": [
        ("东升乡关于2017年秸秆禁烧工作的通告", "", "", date(2017, 3, 6)),
        ("东升乡2017年农村土地承包经营权流转情况公示", "", "", date(2017, 4, 10)),
        ("东升乡2017年宅基地使用审核情况公示", "", "", date(2017, 5, 8)),
        ("东升乡2017年一事一议筹资筹劳项目公示", "", "", date(2017, 5, 22)),
        ("东升乡2017年农田水利工程建设项目公示", "", "", date(2017, 6, 12)),
        ("东升乡2017年耕地地力保护补贴发放情况公示", "", "", date(2017, 7, 3)),
        ("东升乡2017年农村最低生活保障审核情况公示", "", "", date(2017, 9, 11)),
    ],
    "政务信息": [
        ("东升乡贯彻落实2017年中央一号文件精神情况", "", "", date(2017, 2, 20)),
        ("东升乡2017年春耕生产工作情况", "", "", date(2017, 4, 24)),
        ("东升乡开展农村人居环境整治工作情况", "", "", date(2017, 6, 5)),
        ("东升乡2017年精准扶贫工作进展情况", "", "", date(2017, 7, 17)),
        ("东升乡召开政务公开工作推进会", "", "", date(2017, 8, 14)),
        ("东升乡2017年秋收工作情况", "", "", date(2017, 10, 16)),
    ],
    "办事指南": [
        ("东升乡农村最低生活保障申请办事指南", "", "", date(2017, 3, 13)),
        ("东升乡农村宅基地使用申请办事指南", "", "", date(2017, 3, 20)),
        ("东升乡城乡居民医疗保险参保办事指南", "", "", date(2017, 4, 5)),
        ("东升乡临时救助申请办事指南", "", "", date(2017, 5, 15)),
        ("东升乡一事一议筹资筹劳项目申报指南", "", "", date(2017, 6, 19)),
    ],
    "计划总结": [
        ("东升乡2016年工作总结及2017年工作安排", "", "", date(2017, 1, 16)),
        ("东升乡2017年政务公开工作方案", "", "", date(2017, 2, 27)),
        ("东升乡2017年政府工作要点", "", "", date(2017, 3, 1)),
        ("东升乡2017年上半年工作总结", "", "", date(2017, 7, 10)),
    ],
    "工作动态": [
        ("东升乡开展春季森林草原防火宣传活动", "", "", date(2017, 3, 27)),
        ("东升乡组织开展安全生产大检查", "", "", date(2017, 5, 2)),
        ("东升乡召开秸秆禁烧工作部署会", "", "", date(2017, 9, 25)),
        ("东升乡开展党的十九大精神宣讲进村活动", "", "", date(2017, 11, 6)),
        ("东升乡开展农村环境卫生集中整治", "", "", date(2017, 11, 20)),
        ("东升乡开展冬季送温暖活动", "", "", date(2017, 12, 4)),
    ],
    "便民服务": [
        ("东升乡便民服务中心服务事项及联系方式", "", "", date(2017, 1, 23)),
        ("东升乡民生服务平台使用说明", "", "", date(2017, 4, 17)),
        ("东升乡农业技术服务热线", "", "", date(2017, 5, 29)),
        ("东升乡2017年冬季取暖救助政策", "", "", date(2017, 10, 30)),
    ],
    "行政执法": [
        ("东升乡行政执法主体及执法人员名单", "", "", date(2017, 2, 6)),
        ("东升乡行政处罚事项及依据", "", "", date(2017, 3, 15)),
        ("东升乡2017年行政执法工作情况", "", "", date(2017, 12, 11)),
    ],
    "乡镇文件": [
        ("东升乡人民政府关于印发《东升乡政府机关公文类信息公开审核办法》的通知", "东政发〔2017〕1号", "",
         date(2017, 2, 8)),
        ("东升乡人民政府关于印发《东升乡农村宅基地管理办法》的通知", "东政发〔2017〕6号", DocKind.NORMATIVE,
         date(2017, 4, 12)),
        ("东升乡人民政府关于印发《东升乡村级财务管理办法》的通知", "东政发〔2017〕12号", DocKind.NORMATIVE,
         date(2017, 6, 26)),
        ("东升乡人民政府关于做好2017年防汛工作的通知", "东政发〔2017〕15号", "", date(2017, 7, 24)),
    ],
    "法律法规": [
        ("中华人民共和国政府信息公开条例", "国务院令第492号", "", date(2017, 1, 4)),
        ("中华人民共和国农村土地承包法（摘编）", "", "", date(2017, 4, 19)),
        ("关于禁止露天焚烧秸秆的有关规定（摘编）", "", "", date(2017, 9, 18)),
    ],
    "其它": [
        ("东升乡政府信息公开查阅点设置情况", "", "", date(2017, 2, 15)),
        ("东升乡投诉举报箱及举报电话设置情况", "", "", date(2017, 3, 8)),
        ("东升乡2017年第一季度政府信息公开工作统计情况", "", "", date(2017, 4, 7)),
    ],
}

# 内容概述 says what the item contains, never just its title again (MD-2).
SUMMARIES = {
    "东升乡人民政府机构设置及主要职责": "乡政府内设党政办公室等4个办公室和财政所、农业综合服务站等4个站所，本文列明各办所职责和负责人。",
    "东升乡人民政府领导班子成员及分工": "乡长、副乡长等班子成员的姓名、职务和分管工作。",
    "东升乡政府信息公开工作领导小组成员名单": "领导小组由乡长任组长，分管副书记任副组长，办公室设在党政办公室。",
    "东升乡关于2017年秸秆禁烧工作的通告": "全年全域禁止露天焚烧秸秆，明确各村包保责任和违规处罚措施。",
    "东升乡2017年农村土地承包经营权流转情况公示": "全乡各村土地流转的面积、受让方、期限和流转价格，公示期7个工作日。",
    "东升乡2017年宅基地使用审核情况公示": "上半年申请宅基地的农户名单、批准面积和审核结果。",
    "东升乡2017年一事一议筹资筹劳项目公示": "各村经村民代表会议通过的一事一议项目、筹资标准和投工数量。",
    "东升乡2017年农田水利工程建设项目公示": "灌溉渠道清淤和机电井建设项目的地点、规模、投资和施工单位。",
    "东升乡2017年耕地地力保护补贴发放情况公示": "补贴标准为每亩71.26元，按村汇总补贴面积和发放金额。",
    "东升乡2017年农村最低生活保障审核情况公示": "新增、调整和退出农村低保的户数及保障标准，接受群众监督。",
    "东升乡贯彻落实2017年中央一号文件精神情况": "围绕农业供给侧结构性改革，部署种植结构调整和农民增收工作。",
    "东升乡2017年春耕生产工作情况": "全乡备耕物资到位情况、农机检修和春播进度。",
    "东升乡开展农村人居环境整治工作情况": "清理村屯垃圾、整治边沟和柴草垛，建立村屯保洁长效机制。",
    "东升乡2017年精准扶贫工作进展情况": "建档立卡贫困户帮扶措施落实、产业扶贫项目和脱贫进度。",
    "东升乡召开政务公开工作推进会": "通报上半年政务公开工作情况，部署下半年重点任务。",
    "东升乡2017年秋收工作情况": "秋收进度、粮食产量预计和秋季防火工作安排。",
    "东升乡农村最低生活保障申请办事指南": "申请农村低保的条件、所需材料、办理流程和时限。",
    "东升乡农村宅基地使用申请办事指南": "宅基地申请条件、面积标准、审批程序和所需材料。",
    "东升乡城乡居民医疗保险参保办事指南": "参保对象、缴费标准、缴费时间和办理地点。",
    "东升乡临时救助申请办事指南": "临时救助的对象、标准、申请材料和审批时限。",
    "东升乡一事一议筹资筹劳项目申报指南": "项目申报条件、村民议事程序、筹资限额和申报材料。",
    "东升乡2016年工作总结及2017年工作安排": "回顾2016年经济社会发展情况，提出2017年主要目标和重点工作。",
    "东升乡2017年政务公开工作方案": "明确2017年政务公开的重点领域、责任分工和时间安排。",
    "东升乡2017年政府工作要点": "农业生产、基础设施、民生保障和社会治理四个方面的重点任务。",
    "东升乡2017年上半年工作总结": "上半年各项工作完成情况、存在的问题和下半年工作打算。",
    "东升乡开展春季森林草原防火宣传活动": "在各村张贴防火标语、发放明白纸，开展防火知识宣传。",
    "东升乡组织开展安全生产大检查": "对辖区加油站、粮库、学校等重点场所开展安全检查，督促整改隐患。",
    "东升乡召开秸秆禁烧工作部署会": "部署秋季秸秆禁烧工作，签订各村禁烧责任状。",
    "东升乡开展党的十九大精神宣讲进村活动": "组织宣讲小分队深入各村宣讲党的十九大精神。",
    "东升乡开展农村环境卫生集中整治": "集中清理村屯垃圾和积存粪污，整治乱堆乱放。",
    "东升乡开展冬季送温暖活动": "走访慰问困难群众和老党员，发放米面油和慰问金。",
    "东升乡便民服务中心服务事项及联系方式": "便民服务中心可办理的服务事项、办公时间和咨询电话。",
    "东升乡民生服务平台使用说明": "民生服务平台的功能、注册方法和信息订阅方式。",
    "东升乡农业技术服务热线": "农业技术咨询热线的服务时间和可咨询的技术问题。",
    "东升乡2017年冬季取暖救助政策": "冬季取暖救助的对象、标准和申请办法。",
    "东升乡行政执法主体及执法人员名单": "本乡行政执法主体资格、执法人员姓名和执法证号。",
    "东升乡行政处罚事项及依据": "本乡可以实施的行政处罚事项、法律依据和处罚标准。",
    "东升乡2017年行政执法工作情况": "全年行政执法案件数量、类型和办理结果统计。",
    "东升乡人民政府关于印发《东升乡政府机关公文类信息公开审核办法》的通知":
        "规定公文在拟稿时确定公开属性，经保密审查和领导审批后公开。",
    "东升乡人民政府关于印发《东升乡农村宅基地管理办法》的通知": "规范宅基地申请、审批和使用管理，明确一户一宅和面积标准。",
    "东升乡人民政府关于印发《东升乡村级财务管理办法》的通知": "规范村级资金收支审批、票据管理和村务公开。",
    "东升乡人民政府关于做好2017年防汛工作的通知": "落实防汛责任制，排查险工弱段，做好防汛物资储备。",
    "中华人民共和国政府信息公开条例": "2007年4月5日国务院令第492号公布，2008年5月1日起施行。",
    "中华人民共和国农村土地承包法（摘编）": "摘编土地承包经营权流转的有关条款，供群众查阅。",
    "关于禁止露天焚烧秸秆的有关规定（摘编）": "摘编大气污染防治法及省、市关于秸秆禁烧的规定。",
    "东升乡政府信息公开查阅点设置情况": "查阅点设在乡政府党政办公室，工作日对外开放，提供纸质信息查阅。",
    "东升乡投诉举报箱及举报电话设置情况": "投诉举报箱设在乡政府院内，举报电话工作日有专人接听。",
    "东升乡2017年第一季度政府信息公开工作统计情况": "第一季度主动公开信息条数、依申请公开受理和办结情况。",
}

BODY = ("<p>{summary}</p>"
        "<p>为进一步推进政务公开，方便群众了解和监督，东升乡人民政府按照“谁制定、谁梳理”“谁公开、谁负责”的原则，"
        "将本信息经保密审查和分管领导、主要领导审批后予以公开。</p>"
        "<p>{detail}</p>"
        "<p>如有疑问，请在工作日到乡政府党政办公室咨询，或拨打0455-6711168。</p>")
DETAILS = {
    "组织机构": "东升乡人民政府设党政办公室、经济发展办公室、社会事务办公室、财政所、农业综合服务站、综合治理办公室、文化站、司法所等办所，"
              "分别承担本乡经济社会发展、社会事务管理和公共服务职责。",
    "公告公示": "公示期为7个工作日。公示期间，如有异议，可向乡政府书面或口头反映，乡政府将及时调查核实并予以答复。",
    "政务信息": "全乡上下认真贯彻落实中央和省、市、县关于农业农村工作的决策部署，扎实推进各项重点工作，取得阶段性成效。",
    "办事指南": "一、办理依据；二、申请条件；三、申请材料；四、办理流程；五、办理时限；六、收费标准（不收费）；七、办理地点及咨询电话。",
    "计划总结": "全年工作坚持以公开为常态、不公开为例外，围绕乡党委、政府中心工作，突出重点、统筹推进，确保各项任务落到实处。",
    "工作动态": "活动覆盖全乡各村，共发放宣传资料千余份，进村入户走访群众，现场解答群众关心的问题，取得了良好效果。",
    "便民服务": "便民服务中心实行一站式服务、一次性告知，工作日全天对外办公，为群众提供政策咨询、事项代办等服务。",
    "行政执法": "本乡严格落实行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，规范行政执法行为。",
    "乡镇文件": "现将有关文件印发给你们，请结合实际，认真贯彻执行。执行中遇到的问题，请及时向乡政府反映。",
    "法律法规": "现将有关法律法规全文（或摘编）予以公开，供广大群众学习、查阅。",
    "其它": "本乡在乡政府党政办公室设立政府信息公开查阅点，并设立投诉举报箱、举报电话，接受群众监督。",
}


def _at(day: date, hour: int):
    return clock.at_local(day, hour)


def _publish_through_chain(ctx: DemoContext, township, category, title, doc_no, doc_kind, formed_on,
                           publish_after: int) -> Item:
    """Draft on the formation date, review over the following working days, publish within 20 working days."""
    calendar = get_calendar()
    clerk = ctx.users["zhangming"] if category.name in ("公告公示", "政务信息") and "农" in title else ctx.users["wangle"]
    office = ctx.offices[("dongsheng", "农业综合服务站" if clerk.username == "zhangming" else "党政办公室")]
    review_day = calendar.nth_working_day_after(formed_on, max(publish_after - 2, 1))
    deputy_day = calendar.nth_working_day_after(formed_on, max(publish_after - 1, 1))
    publish_day = calendar.nth_working_day_after(formed_on, publish_after)
    with clock.frozen_at(_at(formed_on, 9)):
        revision = services.create_draft(
            township, acting_user=clerk, category=category, office=office, title=title, formed_on=formed_on,
            summary=SUMMARIES[title], doc_no=doc_no, doc_kind=doc_kind,
            body_html=BODY.format(summary=SUMMARIES[title], detail=DETAILS[category.name]))
        services.submit_for_review(revision, acting_user=clerk)
    with clock.frozen_at(_at(review_day, 10)):
        services.approve_step(revision, acting_user=ctx.users["liuwenjing"],
                              secrecy_result=Decision.SecrecyResult.DISCLOSE, comment="经审查，不涉及国家秘密，可以公开。")
    with clock.frozen_at(_at(deputy_day, 11)):
        services.approve_step(revision, acting_user=ctx.users["yanbaowu"], comment="同意公开。")
    with clock.frozen_at(_at(publish_day, 15)):
        services.approve_step(revision, acting_user=ctx.users["litiantao"], comment="同意。")
    return Item.objects.get(pk=revision.item_id)


def build(ctx: DemoContext) -> None:
    township = ctx.agencies["dongsheng"]
    categories = {c.name: c for c in Category.objects.filter(agency=township)}
    existing = set(Item.objects.filter(agency=township).values_list("title", flat=True))
    n = 0
    for category_name, entries in ITEMS_2017.items():
        for title, doc_no, doc_kind, formed_on in entries:
            n += 1
            if title not in existing:
                _publish_through_chain(ctx, township, categories[category_name], title, doc_no, doc_kind, formed_on,
                                       publish_after=2 + n % 9)
    _current_year_work(ctx, township, categories, existing)


# This year's work, dated back from today so that the 工作台 always shows due-soon and overdue items.
CURRENT = [
    # (title with {year} for the formation year, category, days before today formed, state, summary)
    ("东升乡关于冬季森林草原防火的通告", "公告公示", 3, "draft", "冬季森林草原防火期的禁火范围、时段和各村巡查责任。"),
    ("东升乡{year}年农村土地承包经营权流转情况公示", "公告公示", 36, "draft", "本年度各村土地流转面积、受让方和流转期限。"),
    ("东升乡{year}年冬季取暖救助政策", "便民服务", 6, "secrecy_review", "取暖救助的对象、每户补助标准和申请办法。"),
    ("东升乡{year}年耕地地力保护补贴发放情况公示", "公告公示", 12, "secrecy_review_findings",
     "按村汇总的补贴面积、补贴标准和发放金额。"),
    ("东升乡{year}年秋收工作情况", "政务信息", 9, "deputy_approval", "秋收进度、粮食产量预计和秋季防火安排。"),
    ("东升乡人民政府关于做好{year}年冬春季安全生产工作的通知", "乡镇文件", 26, "principal_approval",
     "部署冬春季道路交通、消防和燃气安全隐患排查整治。"),
    ("东升乡{year}年一事一议筹资筹劳项目公示", "公告公示", 15, "returned", "各村一事一议项目、筹资标准和投工数量。"),
    ("东升乡{year}年政务公开工作方案", "计划总结", 40, "published", "本年度政务公开重点领域、责任分工和时间安排。"),
    ("东升乡开展{year}年秸秆禁烧宣传活动", "工作动态", 30, "published", "在各村开展秸秆禁烧宣传，发放明白纸千余份。"),
]


def _current_year_work(ctx: DemoContext, township, categories, existing) -> None:
    today = clock.today()
    clerk, reviewer = ctx.users["wangle"], ctx.users["liuwenjing"]
    deputy, principal = ctx.users["yanbaowu"], ctx.users["litiantao"]
    office = ctx.offices[("dongsheng", "党政办公室")]
    for title_pattern, category_name, days_ago, state, summary in CURRENT:
        formed_on = today - timedelta(days=days_ago)
        title = title_pattern.format(year=formed_on.year)
        if title in existing:
            continue
        body = BODY.format(summary=summary, detail=DETAILS.get(category_name, ""))
        if state == "secrecy_review_findings":
            body += "<p>联系人：王会计，电话13945561234。</p>"
        revision = services.create_draft(township, acting_user=clerk, category=categories[category_name],
                                         office=office, title=title, formed_on=formed_on, summary=summary,
                                         body_html=body)
        if state == "draft":
            continue
        services.submit_for_review(revision, acting_user=clerk)
        if state.startswith("secrecy_review"):
            continue
        if state == "returned":
            services.return_revision(revision, acting_user=reviewer, comment="请补充项目资金来源和村民代表会议决议情况后再提交。")
            continue
        services.approve_step(revision, acting_user=reviewer, secrecy_result=Decision.SecrecyResult.DISCLOSE)
        if state == "deputy_approval":
            continue
        services.approve_step(revision, acting_user=deputy, comment="同意。")
        if state == "principal_approval":
            continue
        services.approve_step(revision, acting_user=principal, comment="同意。")

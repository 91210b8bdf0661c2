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

BODY = ("<p>{title}。</p>"
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
            summary=f"{title}的具体内容。", doc_no=doc_no, doc_kind=doc_kind,
            body_html=BODY.format(title=title, detail=DETAILS[category.name]))
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
    # (title, category, days before today formed, state)
    ("东升乡关于冬季森林草原防火的通告", "公告公示", 3, "draft"),
    ("东升乡2026年农村土地承包经营权流转情况公示", "公告公示", 36, "draft"),
    ("东升乡2026年冬季取暖救助政策", "便民服务", 6, "secrecy_review"),
    ("东升乡2026年耕地地力保护补贴发放情况公示", "公告公示", 12, "secrecy_review_findings"),
    ("东升乡2026年秋收工作情况", "政务信息", 9, "deputy_approval"),
    ("东升乡人民政府关于做好2026年冬春季安全生产工作的通知", "乡镇文件", 26, "principal_approval"),
    ("东升乡2026年一事一议筹资筹劳项目公示", "公告公示", 15, "returned"),
    ("东升乡2026年政务公开工作方案", "计划总结", 40, "published"),
    ("东升乡开展2026年秸秆禁烧宣传活动", "工作动态", 30, "published"),
]


def _current_year_work(ctx: DemoContext, township, categories, existing) -> None:
    today = clock.today()
    clerk, reviewer = ctx.users["wangle"], ctx.users["liuwenjing"]
    deputy, principal = ctx.users["yanbaowu"], ctx.users["litiantao"]
    office = ctx.offices[("dongsheng", "党政办公室")]
    for title, category_name, days_ago, state in CURRENT:
        if title in existing:
            continue
        formed_on = today - timedelta(days=days_ago)
        body = BODY.format(title=title, detail=DETAILS.get(category_name, ""))
        if state == "secrecy_review_findings":
            body += "<p>联系人：王会计，电话13945561234。</p>"
        revision = services.create_draft(township, acting_user=clerk, category=categories[category_name],
                                         office=office, title=title, formed_on=formed_on, summary=f"{title}。",
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

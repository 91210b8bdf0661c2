"""Supervision demo data for 东升乡, through the real services (idempotent).

- The seed's 13 deputies' suggestions of 2017 (环境整治、秸秆焚烧、便民服务、民生民意), assigned and replied in 2017; as
  the 2017 report says, their results went back to the deputies through the 民生服务平台 — the replies were not put
  on the website, so the 2017 catalogue keeps its 48 items. No review or litigation case and no fee in 2017.
- This year's suggestions (one reply made public through the review chain), complaints from the box, the hotline
  and the portal, 找错 reports, the reading point in the 党政办公室/乡档案室 with deliveries and visits, the 2026 work
  plan, a few ratings and subscribers.
- 东升乡's standard catalogue of disclosure matters over the areas, with existing items linked: the coverage view
  shows matters that are fine, late (a yearly notice last published in 2017) and missing (the budget).
"""

from datetime import date, timedelta

from catalog import matters
from catalog.models import Decision, DisclosureMatter, Item, StandardArea
from catalog.services import approve_step
from gongkai import clock
from oversight.models import (
    Complaint,
    Delivery,
    Rating,
    ReadingPoint,
    SiteErrorReport,
    Subscription,
    Suggestion,
    SuggestionStatus,
    Visit,
    WorkPlan,
)
from oversight.services import complaints, corrections, ratings, reading, subscriptions, suggestions, workplan
from workdays.errors import CalendarNotLoaded
from workdays.loading import get_calendar

from .context import DemoContext

# --- 2017: the seed's 13 suggestions --------------------------------------------------------------------------------

# (number, proposer, title, topic, lead office, assigned, replied, result class, reply)
SUGGESTIONS_2017 = [
    (1, "赵永和", "关于加强村屯环境卫生整治的建议", "环境整治", "社会事务办公室", date(2017, 3, 20), date(2017, 5, 15), "A",
     "已在全乡开展村屯环境卫生集中整治，各村配备保洁员，垃圾定点收集、定期清运。"),
    (2, "孙桂芬", "关于清理村内边沟垃圾的建议", "环境整治", "社会事务办公室", date(2017, 3, 20), date(2017, 5, 22), "A",
     "已组织各村对主要街路边沟进行清淤，建立边沟日常清理责任制。"),
    (3, "李树林", "关于在村屯设置垃圾收集点的建议", "环境整治", "经济发展办公室", date(2017, 3, 20), date(2017, 6, 5), "B",
     "垃圾收集点建设已列入2018年人居环境整治计划，资金落实后分批建设。"),
    (4, "王宝山", "关于整治畜禽粪便乱堆乱放的建议", "环境整治", "农业综合服务站", date(2017, 3, 20), date(2017, 6, 12), "B",
     "已开展畜禽粪污堆放情况摸底，指导养殖户建设积粪场，逐步推进资源化利用。"),
    (5, "刘玉珍", "关于加强秋季秸秆禁烧宣传的建议", "秸秆焚烧", "农业综合服务站", date(2017, 3, 20), date(2017, 5, 8), "A",
     "已通过广播、宣传车、村公示栏和民生服务平台开展秸秆禁烧宣传，并将禁烧要求纳入村规民约。"),
    (6, "张德财", "关于推广秸秆还田技术的建议", "秸秆焚烧", "农业综合服务站", date(2017, 3, 20), date(2017, 6, 19), "B",
     "已在东升村、永安村开展秸秆还田试点，秋收后组织现场观摩，逐步扩大推广面积。"),
    (7, "陈立国", "关于建立秸秆禁烧网格化巡查机制的建议", "秸秆焚烧", "综合治理办公室", date(2017, 3, 20),
     date(2017, 5, 29), "A", "已建立乡、村、组三级网格化巡查机制，秋季禁烧期实行包村包地块责任制。"),
    (8, "周淑华", "关于延长便民服务中心办公时间的建议", "便民服务", "党政办公室", date(2017, 3, 20), date(2017, 5, 15), "A",
     "便民服务中心已实行农忙时节延时服务和预约服务，方便群众办事。"),
    (9, "吴长江", "关于在村级设立代办点的建议", "便民服务", "党政办公室", date(2017, 3, 20), date(2017, 6, 26), "B",
     "已在东升村试点设立便民代办点，总结经验后在全乡推开。"),
    (10, "郑玉兰", "关于公开便民服务事项办理流程的建议", "便民服务", "党政办公室", date(2017, 3, 20), date(2017, 5, 8), "A",
     "已将便民服务事项的办理依据、条件、材料和流程在政府信息公开网站和便民服务中心公开。"),
    (11, "冯志刚", "关于及时回应群众诉求的建议", "民生民意", "党政办公室", date(2017, 3, 20), date(2017, 6, 5), "A",
     "已开通民生服务平台，设立投诉举报箱和举报电话，群众诉求由专人登记、限时办理、及时回复。"),
    (12, "韩秀梅", "关于提高农村低保审核透明度的建议", "民生民意", "社会事务办公室", date(2017, 3, 20), date(2017, 6, 12),
     "A", "农村低保审核结果已在村公示栏和政府信息公开网站公示，接受群众监督。"),
    (13, "杨春生", "关于改善乡村道路出行条件的建议", "民生民意", "经济发展办公室", date(2017, 3, 20), date(2017, 6, 30), "C",
     "乡村道路改造需上级项目资金支持，已将建议作为争取项目的参考，适时向县交通部门申报。"),
]
NOT_PUBLISHED_2017 = "2017年办理结果已通过民生服务平台反馈代表，未在网站公开复文（历史数据补录）。"


def _suggestions_2017(ctx: DemoContext, township) -> None:
    office_admin = ctx.users["wangle"]
    for number, proposer, title, topic, office, assigned, replied, result_class, reply in SUGGESTIONS_2017:
        proposal_no = f"第{number}号"
        if Suggestion.objects.filter(agency=township, kind="npc", session_year=2017, proposal_no=proposal_no).exists():
            continue
        with clock.frozen_at(clock.at_local(assigned, 9)):
            s = suggestions.register_suggestion(
                township, acting_user=office_admin, kind="npc", session_year=2017, proposal_no=proposal_no,
                proposer=proposer, title=title, topics=[topic], assigned_on=assigned,
                office=ctx.offices[("dongsheng", office)],
                content=f"{proposer}代表在乡第十七届人民代表大会第一次会议期间提出：{title[2:-3]}。")
        with clock.frozen_at(clock.at_local(replied, 15)):
            suggestions.reply_to_suggestion(s, acting_user=office_admin, reply_text=f"{proposer}代表：\n{reply}\n感谢您对乡政府工作的关心和支持。",
                                            replied_on=replied, result_class=result_class)
            suggestions.withhold_suggestion_disclosure(s, acting_user=office_admin, reason=NOT_PUBLISHED_2017)


# --- this year -------------------------------------------------------------------------------------------------------

def _working_day_before(days: int) -> date:
    """A working day about `days` calendar days ago (the demo's current work is dated back from today)."""
    calendar = get_calendar()
    day = clock.today() - timedelta(days=days)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def _suggestions_current(ctx: DemoContext, township) -> None:
    office_admin = ctx.users["wangle"]
    year = clock.today().year
    plans = [
        ("第2号", "钱国富", "关于公开惠农补贴发放明细的建议", ["民生民意"], "社会事务办公室", 75, 12,
         "钱代表：您提出的建议收悉。乡政府已将耕地地力保护补贴、种粮农民补贴的发放对象、标准和金额在村公示栏和政府信息公开专栏公开，"
         "今后每批补贴发放后20个工作日内公开。感谢您的建议。", "public"),
        ("第5号", "马凤英", "关于在村部设置政府信息公开查阅点的建议", ["便民服务"], "党政办公室", 50, 8,
         "马代表：您的建议已采纳，乡政府已在东升村村部设置政府信息公开查阅点，配备专人管理。", "replied"),
        ("第8号", "许长青", "关于冬季农村道路清雪保畅通的建议", ["民生民意", "便民服务"], "经济发展办公室", 20, None, "", "handling"),
    ]
    for proposal_no, proposer, title, topics, office, assigned_ago, replied_ago, reply, target in plans:
        if Suggestion.objects.filter(agency=township, kind="npc", session_year=year, proposal_no=proposal_no).exists():
            continue
        assigned = _working_day_before(assigned_ago)
        s = suggestions.register_suggestion(
            township, acting_user=office_admin, kind="npc", session_year=assigned.year, proposal_no=proposal_no,
            proposer=proposer, title=title, topics=topics, assigned_on=assigned,
            office=ctx.offices[("dongsheng", office)], proposer_contact="13800000000")
        if target == "handling":
            continue
        try:
            suggestions.reply_to_suggestion(s, acting_user=office_admin, reply_text=reply,
                                            replied_on=_working_day_before(replied_ago), result_class="A")
        except CalendarNotLoaded:
            continue  # run in the last days of a year before the next calendar is loaded: leave it in handling
        if target == "public":
            suggestions.submit_suggestion_disclosure(s, acting_user=office_admin)
            revision = Item.objects.get(pk=s.item_id).revisions.get()
            approve_step(revision, acting_user=ctx.users["liuwenjing"],
                         secrecy_result=Decision.SecrecyResult.DISCLOSE, comment="不涉及国家秘密和个人信息。")
            approve_step(revision, acting_user=ctx.users["yanbaowu"], comment="同意公开。")
            approve_step(revision, acting_user=ctx.users["litiantao"], comment="同意。")
            # the publication hook marks the suggestion public once this step's transaction commits


COMPLAINTS = [
    # (channel, days ago, summary, subject, name, contact, closes: (result, reply) or None)
    ("box", 40, "投诉举报箱来信：反映东升乡2026年耕地地力保护补贴发放情况没有在村公示栏公示。", "not_proactive", "", "",
     ("substantiated", "经核实，永安村未按时张贴公示，已督促该村补充公示，并在政府信息公开专栏同步公开。")),
    ("hotline", 25, "来电反映：向乡政府申请公开村道硬化项目资金使用情况，超过20个工作日未收到答复。", "application", "赵大民",
     "13945560001", ("partly", "经核实，该申请因需征求县交通运输局意见延期答复，已告知延期理由并于近日作出答复。")),
    ("hotline", 12, "来电咨询并反映：村里低保名单公示时间太短，希望延长公示期。", "other_disclosure", "李桂兰", "0455-6712001",
     None),
    ("online", 3, "乡政府网站“便民服务”栏目的办事电话打不通，希望更新联系方式。", "not_proactive", "", "", None),
]


def _complaints(ctx: DemoContext, township) -> None:
    office_admin = ctx.users["wangle"]
    existing = set(Complaint.objects.filter(agency=township).values_list("summary", flat=True))
    for channel, days, summary, subject, name, contact, closes in COMPLAINTS:
        if summary in existing:
            continue
        received = _working_day_before(days)
        try:
            if channel == "online":
                complaint, _ = complaints.submit_complaint(township, summary=summary, subject=subject,
                                                           is_anonymous=not name)
            else:
                complaint, _ = complaints.log_complaint(
                    township, acting_user=office_admin, channel=channel, received_on=received, summary=summary,
                    subject=subject, name=name, contact=contact, is_anonymous=not name)
        except CalendarNotLoaded:
            continue
        complaints.route_complaint(complaint, acting_user=office_admin, office=ctx.offices[("dongsheng", "党政办公室")],
                                   assignee=office_admin)
        if closes:
            result, reply = closes
            complaints.close_complaint(complaint, acting_user=office_admin, result=result, reply=reply,
                                       closed_on=min(received + timedelta(days=9), clock.today()))


def _site_errors(ctx: DemoContext, township) -> None:
    if SiteErrorReport.objects.exists():
        return
    fixed = corrections.report_site_error(page_url=f"/gk/{township.code}/guide/", kind="typo",
                                          description="指南中“办公时间”一栏把“下午”写成了“下干”。")
    corrections.fix_site_error(fixed, acting_user=ctx.users["wangle"], fix_note="已改正错别字，并复核了指南其他内容。")
    corrections.report_site_error(page_url="/search/?q=秸秆禁烧", kind="link",
                                  description="搜索结果第二页的链接点开后显示页面不存在。", contact="citizen@example.com")


def _reading(ctx: DemoContext, township) -> None:
    office_admin = ctx.users["wangle"]
    point = ReadingPoint.objects.filter(agency=township, name="东升乡政府信息公开查阅点").first()
    if point is None:
        point = reading.save_reading_point(
            township, acting_user=office_admin, name="东升乡政府信息公开查阅点", place="乡政府党政办公室（乡档案室）",
            address="黑龙江省绥化市望奎县东升乡政府院内", hours="工作日上午8:30—11:30，下午13:30—17:00",
            phone="0455-6711168", note="各村、各部门的政府信息公开文件送交乡档案室，群众可在此查阅。")
    if Delivery.objects.filter(agency=township).exists():
        return
    deliveries_2017 = [
        ("village", "东升村村民委员会", "东升村2017年村务公开资料（上半年）", date(2017, 7, 10), 2),
        ("village", "永安村村民委员会", "永安村2017年一事一议筹资筹劳项目资料", date(2017, 6, 2), 1),
        ("department", "农业综合服务站", "东升乡2017年耕地地力保护补贴发放花名册", date(2017, 7, 5), 1),
        ("department", "财政所", "东升乡2017年财政预算执行情况", date(2017, 8, 1), 1),
    ]
    for kind, counterpart, title, day, copies in deliveries_2017:
        with clock.frozen_at(clock.at_local(day, 10)):
            reading.register_delivery(township, acting_user=office_admin, direction="received", counterpart_kind=kind,
                                      counterpart=counterpart, document_title=title, delivered_on=day,
                                      received_by="王乐", copies=copies, reading_point=point)
    for title, archive_day in (("东升乡人民政府关于印发《东升乡农村宅基地管理办法》的通知", date(2017, 5, 10)),
                               ("东升乡人民政府关于印发《东升乡村级财务管理办法》的通知", date(2017, 7, 20))):
        item = Item.objects.filter(agency=township, title=title, status=Item.Status.PUBLISHED).first()
        if item is None:
            continue
        for kind, counterpart in (("archive", "望奎县档案馆"), ("library", "望奎县图书馆")):
            with clock.frozen_at(clock.at_local(archive_day, 10)):
                reading.register_delivery(township, acting_user=office_admin, direction="sent", counterpart_kind=kind,
                                          counterpart=counterpart, item=item, delivered_on=archive_day,
                                          received_by="刘晓燕" if kind == "archive" else "孙丽", copies=1)
    reading.register_delivery(township, acting_user=office_admin, direction="received", counterpart_kind="village",
                              counterpart="东升村村民委员会", document_title=f"东升村{clock.today().year}年村务公开资料",
                              delivered_on=_working_day_before(10), received_by="王乐", copies=2, reading_point=point)
    if not Visit.objects.filter(reading_point=point).exists():
        for day, consulted, visitor in ((date(2017, 4, 18), "东升乡农村宅基地使用申请办事指南", "高振东"),
                                        (date(2017, 9, 20), "东升乡2017年农村最低生活保障审核情况公示", "韩淑芳")):
            with clock.frozen_at(clock.at_local(day, 10)):
                reading.register_visit(point, acting_user=office_admin, visited_on=day, consulted=consulted,
                                       visitor_name=visitor, purpose="了解政策")
        reading.register_visit(point, acting_user=office_admin, visited_on=_working_day_before(5),
                               consulted="东升村村务公开资料", visitor_name="马占林", purpose="核对补贴发放情况")


def _work_plan(ctx: DemoContext, township) -> None:
    year = 2026
    if WorkPlan.objects.filter(agency=township, year=year).exists() or clock.today().year < year:
        return
    office_admin = ctx.users["wangle"]
    plan_item = Item.objects.filter(agency=township, title="东升乡2026年政务公开工作方案",
                                    status=Item.Status.PUBLISHED).first()
    with clock.frozen_at(clock.at_local(date(2026, 2, 27), 10)):
        plan = workplan.create_work_plan(township, acting_user=office_admin, year=year,
                                         title="东升乡2026年政务公开工作方案", basis="望奎县2026年政务公开工作要点")
        tasks = [workplan.add_task(plan, acting_user=office_admin, title=title, owner=owner, due_on=due)
                 for title, owner, due in [
                     ("梳理完善东升乡政务公开事项标准目录", "党政办公室", date(2026, 3, 31)),
                     ("更新政府信息公开指南，公开查阅点信息", "党政办公室", date(2026, 4, 30)),
                     ("按季度公开惠农补贴发放情况", "农业综合服务站", date(2026, 10, 31)),
                     ("办理人大代表建议并公开办理复文", "党政办公室", date(2026, 9, 30)),
                     ("开展政务公开业务培训", "党政办公室", date(2026, 11, 30)),
                     ("编制发布2026年政府信息公开工作年度报告", "党政办公室", date(2027, 1, 31)),
                 ]]
    with clock.frozen_at(clock.at_local(date(2026, 3, 30), 16)):
        workplan.complete_task(tasks[0], acting_user=office_admin, evidence="已梳理形成东升乡政务公开事项标准目录，覆盖涉农补贴、"
                                                                           "社会救助等领域，未涉及领域已说明原因。")
    with clock.frozen_at(clock.at_local(date(2026, 4, 28), 16)):
        workplan.complete_task(tasks[1], acting_user=office_admin, evidence="政府信息公开指南已更新，增加查阅点信息。",
                               evidence_item=plan_item)
    with clock.frozen_at(clock.at_local(date(2026, 9, 28), 16)):
        workplan.complete_task(tasks[3], acting_user=office_admin, evidence="本年度人大代表建议已全部办复，办理复文已公开。")


def _ratings(township) -> None:
    if Rating.objects.filter(agency=township).exists():
        return
    items = list(Item.objects.filter(agency=township, status=Item.Status.PUBLISHED).order_by("-published_on")[:4])
    votes = [("satisfied", "信息很及时。"), ("satisfied", ""), ("basically", "希望附上办理电话。"), ("unsatisfied", "公示时间太短。"),
             ("satisfied", ""), ("basically", "")]
    for n, (value, comment) in enumerate(votes):
        target = {"item": items[n % len(items)]} if items and n < 4 else {"agency": township}
        ratings.rate(value=value, comment=comment, visitor=f"demo-visitor-{n}", **target)


def _subscribers(township) -> None:
    if Subscription.objects.filter(agency=township).exists():
        return
    for channel, address in (("email", "cunmin.zhang@example.com"), ("email", "hezuoshe@example.com"),
                             ("sms", "13800138000")):
        subscription = subscriptions.subscribe(township, channel=channel, address=address)
        subscription.refresh_from_db()
        subscriptions.confirm_subscription(subscriptions.confirm_token(subscription, []))


# --- the standard catalogue ---------------------------------------------------------------------------------------------

# (area, level1, level2, content, legal basis, update period in days or None, channels, items to link by title)
MATTERS = [
    ("涉农补贴", "惠农补贴政策落实", "耕地地力保护补贴发放情况", "补贴对象、补贴面积、补贴标准、补贴金额",
     "《中华人民共和国政府信息公开条例》第二十一条", 365, ["政府网站", "社区/企事业单位/村公示栏（电子屏）"],
     ["东升乡2017年耕地地力保护补贴发放情况公示", "东升乡2026年耕地地力保护补贴发放情况公示"]),
    ("社会救助", "最低生活保障", "农村低保审核确认情况", "低保对象姓名（隐去身份证号码）、保障人数、保障金额",
     "《社会救助暂行办法》；《中华人民共和国政府信息公开条例》第二十一条", 180,
     ["政府网站", "社区/企事业单位/村公示栏（电子屏）"], ["东升乡2017年农村最低生活保障审核情况公示"]),
    ("社会救助", "临时救助", "临时救助申请办事指南", "申请条件、申请材料、办理流程、办理时限、咨询电话",
     "《社会救助暂行办法》", None, ["政府网站", "便民服务站"], ["东升乡临时救助申请办事指南"]),
    ("财政预决算", "乡镇财政预决算", "乡镇年度财政预算", "预算报告及报表、“三公”经费预算",
     "《中华人民共和国预算法》第十四条", 365, ["政府网站"], []),
    ("救灾", "救灾款物管理", "救灾款物发放情况", "救灾款物来源、数量、发放对象和标准", "《自然灾害救助条例》", None,
     ["政府网站", "社区/企事业单位/村公示栏（电子屏）"], []),
    ("安全生产", "安全生产监督管理", "安全生产检查及工作部署", "检查时间、范围、发现问题及整改情况",
     "《中华人民共和国安全生产法》", None, ["政府网站"], ["东升乡组织开展安全生产大检查",
                                                       "东升乡人民政府关于做好2026年冬春季安全生产工作的通知"]),
    ("环境保护", "农业面源污染防治", "秸秆禁烧工作", "禁烧范围、禁烧期限、责任分工、违法处理",
     "《中华人民共和国大气污染防治法》第七十七条", 365, ["政府网站", "广播电视", "入户/现场"],
     ["东升乡关于2017年秸秆禁烧工作的通告", "东升乡开展2026年秸秆禁烧宣传活动"]),
    ("公共文化服务", "公共文化设施", "乡文化站开放服务信息", "开放时间、服务项目、联系方式", "《公共文化服务保障法》", None,
     ["政府网站", "公开查阅点"], []),
]
NOT_INVOLVED = [
    ("国有土地上房屋征收与补偿", "本乡无国有土地上房屋征收职责，由县住房城乡建设部门负责。"),
    ("保障性住房", "乡级无保障性住房建设和分配管理职责。"),
    ("税收管理", "税收征管由县税务部门负责，乡政府无此职责。"),
    ("户籍管理", "户籍管理由县公安局东升派出所负责。"),
    ("城市综合执法", "本乡为农村乡镇，无城市综合执法职责。"),
]


def _standard_catalogue(ctx: DemoContext, township) -> None:
    admin = ctx.users["wangle"]
    areas = {a.name: a for a in StandardArea.objects.all()}
    existing = {m.level2: m for m in DisclosureMatter.objects.filter(agency=township)}
    for area, level1, level2, content, basis, period, channels, titles in MATTERS:
        matter = existing.get(level2) or matters.create_matter(
            township, acting_user=admin, area=areas[area], level1=level1, level2=level2, content=content,
            legal_basis=basis, expected_every_days=period, channels=channels, subject="东升乡人民政府")
        for item in Item.objects.filter(agency=township, title__in=titles).exclude(matter=matter):
            matters.link_item_to_matter(item, matter, acting_user=admin)
    exempt = set(township.area_exemptions.values_list("area__name", flat=True))
    for area, reason in NOT_INVOLVED:
        if area not in exempt:
            matters.mark_area_not_involved(township, areas[area], acting_user=admin, reason=reason)


def build(ctx: DemoContext) -> None:
    township = ctx.agencies["dongsheng"]
    _suggestions_2017(ctx, township)
    _reading(ctx, township)
    _standard_catalogue(ctx, township)
    _work_plan(ctx, township)
    _suggestions_current(ctx, township)
    _complaints(ctx, township)
    _site_errors(ctx, township)
    _ratings(township)
    _subscribers(township)
    assert Suggestion.objects.filter(agency=township, session_year=2017).count() == 13
    assert not Suggestion.objects.filter(agency=township, session_year=2017).exclude(
        status=SuggestionStatus.NOT_PUBLIC).exists()

"""Annual reports and quarterly statistics of the demo, through the real workflow (generate → edit → submit → the
第一责任人 approves → publish), with historical dates under clock.frozen_at. Idempotent: an existing report or
statement is left as it is.

- 东升乡人民政府 2017: the seed's 《2017年东升乡政府信息公开年度报告》 regenerated in the pre-2019 layout — its figures
  computed from the demo registers (48 items in 11 categories, no applications, no review or litigation, the NPC
  suggestions of the oversight demo, no fees), its narrative the seed's own; published on 2018-03-29 as the seed was.
- Last year: 东升乡 published on time; 惠七镇 submitted and waiting for its 第一责任人; 县财政局 without a report, so
  the county's view shows a missing one.
- This year: 东升乡's draft in progress; quarterly statements submitted for the quarters that have ended.
"""

from datetime import date, datetime, time

from django.utils import timezone

from gongkai import clock
from reports import services
from reports.drafting import has_placeholder
from reports.models import AnnualReport, QuarterlyStatement
from reports.quarterly import quarter_bounds

from .context import DemoContext

# The seed's own words for the parts a person writes (punctuation made full-width; “十九大” as in 2017).
SEED_2017 = {
    "overview": (
        "2017年，根据县政府信息公开工作要点精神，我乡政府信息工作秉承“以公开为原则、不公开为例外”的总体要求，妥善处理公开与保密的"
        "关系，积极完善了信息公开制度规范、深化公开内容、拓展公开形式，努力提高各项政务活动的透明度，努力建设一个服务政府、责任政府、"
        "法治政府。\n"
        "本乡坚持规范、协调、透明、实效的原则，进一步加强工作作风、工作方式、机构职能的转变，与政务公开建设、廉政建设相结合，规范信息公开"
        "内部流转程序，按照“谁制定、谁梳理”“谁公开、谁负责”的原则，把新增信息与保密审核结果呈报分管领导和主管领导审批，增强新增公开"
        "信息的严谨性。认真实施《东升乡政府机关公文类信息公开审核办法》，加快信息公开的更新维护。认真执行信息公开统计制度，按时、准确地"
        "上报季度统计表。\n"
        "1、加强组织领导，完善工作机构。我乡党委、政府高度重视政府信息公开工作，实行专人负责制，由乡长李天涛任组长，党委副书记闫宝武任"
        "副组长，各办所主要负责人为小组成员的政府信息公开领导组，并下设办公室，主任由政府办公室王乐兼任并具体负责此项工作。我乡为政务"
        "公开工作配以专门的电脑和网络，并安排1名专职工作人员负责日常工作，政务公开明确分工，责任到人，层层落实。截至目前，我乡政府信息"
        "公开工作运行正常。\n"
        "2、建立健全各项制度，突出重点，加大政务公开工作力度，使政务公开工作落到实处。按照县政府办的规范要求，结合我乡实际，对政府信息"
        "公开的保密审查、信息送交、统计报送等具体工作进行规范。实行领导负责制，主要领导亲自抓，一级抓一级，把政务公开工作纳入年度工作"
        "目标，拟定并落实各项目标管理责任制。\n"
        "3、完善政府信息公开指南和公开目录情况。结合乡实际，及时补充主动公开的信息类别，既便于公民、法人和其他组织依法获取、检索政府"
        "信息，又便于信息公开工作人员分类与操作。年初制定了政务公开工作目录，完善了年度政务公开工作方案。我们还设立了投诉举报箱、举报"
        "电话。\n"
        "4、抓好组织落实，加强监督检查，促进政务公开规范化、常态化。为了保证政务公开工作的落实，我们采取了各种促进工作、推动落实、实现"
        "转变的保证措施，力争把政务公开工作落到实处。\n"
        "5、创新载体，积极培树典型，确保政务公开工作不断提升。全乡工作人员都能严格按照政务公开工作制度内容规范自己的言行，干部结合实际"
        "工作积极进村入户、走访群众，了解群众关注的热点、难点问题，为群众办好事、办实事。"),
    "on_request_intro": "2017年，制定出台了政府信息依申请公开制度，设立政府信息公开依申请受理点，并公开信息发布和依申请工作流程，"
                        "为群众依法申请政府信息公开提供帮助。",
    "suggestions_intro": "建立完善的工作机制，开通民生服务平台。",
    "suggestions_outro": "同时利用民生服务平台，及时向村民发布政府信息。",
    "problems": (
        "我乡政府信息公开工作在上级有关部门的领导下取得了一些成效，但也清醒地认识到仍然存在以下几个方面问题：一是我乡政务公开工作发展"
        "不平衡、推进程度不一致；二是我乡各相关单位对此项工作重视程度不一致，实际操作上还缺乏一定有特色有实效的工作方法；三是信息公开"
        "办公室与各职能办公室、站所在信息的流通、收集和汇总方面存在衔接不流畅；四是政务公开内容不够丰富。我们将在今后的工作中继续加强"
        "人员配备，各职能办公室、站所制定专人负责信息公开工作，与信息公开办公室联动，形成一套完整的政府信息生成、审核、发布流程，努力"
        "打造流畅的全乡信息流动网络。"),
    "plans": (
        "2018年我乡将继续贯彻落实国家、省、市、县关于做好施行《中华人民共和国政府信息公开条例》工作有关精神，进一步完善工作机制、健全"
        "各项制度、梳理政府信息、开展宣传培训、加强政府网站建设，进一步加大推进政府信息公开的力度，严格按照“应公必公”“公开为原则，"
        "不公开为例外”的原则，做好政府信息公开发布工作。\n"
        "1、继续加强丰富信息发布内容，加大工作力度，及时发布和更新依法应主动公开的政府信息，确保政府信息及时公开，并认真做好答复依申请"
        "公开政府信息工作。进一步完善政府信息公开制度，不断建立健全工作机制，维护政府信息公开工作的正常秩序。\n"
        "2、继续加强政府信息查阅场所建设。乡档案室进一步拓展服务功能，使查阅内容更加丰富，查阅方式更加便捷。加强各村、各部门政府公开"
        "信息送交工作，及时、准确、完整地向乡档案室送交各类文件，方便群众查阅。\n"
        "3、继续加强门户网站建设。充分利用好政府网站这一平台，实现所有的政府信息全部上网公开，切实提高办事透明度，接受社会监督，努力"
        "提高政府行政效能和公信力，更好地为群众提供便利的服务。"),
}

# What a township writes for the parts the platform leaves to people (last year's report).
FILLED = {
    "overview_supervision": "乡党委、政府将政务公开工作纳入年度目标责任考核，考核结果良好；本年度未发生政府信息公开工作责任追究情况。",
    "problems": "存在的主要问题：一是部分办所报送信息不够及时；二是政策解读形式较为单一。\n"
                "改进情况：建立信息报送提醒机制，每月通报各办所信息公开情况；采用图解、问答等形式开展政策解读。",
    "other_work_plan": "认真落实上级年度政务公开工作要点，按要点逐项分解任务、明确责任人和完成时限，年度任务均已完成。",
    "other_innovation": "推行“一网通查”，在本平台统一公开法定主动公开内容；开通长辈版大字浏览，方便老年群众查阅。",
}


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _fill(report, user, values: dict) -> None:
    for part in report.texts.all():
        if part.key in values:
            services.update_text(report, part.key, values[part.key], acting_user=user)
        elif has_placeholder(part.text):
            services.update_text(report, part.key, part.text.replace("【待填写：", "").replace("】", "（已核实）"),
                                 acting_user=user)


def _report_2017(ctx: DemoContext) -> None:
    township = ctx.agencies["dongsheng"]
    office, deputy = ctx.users["wangle"], ctx.users["yanbaowu"]
    if AnnualReport.objects.filter(agency=township, year=2017).exists():
        return
    with clock.frozen_at(_at(date(2018, 3, 14), 9)):
        report = services.generate_report(township, 2017, acting_user=office)
        drafted = {t.key: t.text for t in report.texts.all()}
        _fill(report, office, {
            "overview": SEED_2017["overview"],
            "on_request": SEED_2017["on_request_intro"] + drafted["on_request"],
            "suggestions": SEED_2017["suggestions_intro"] + drafted["suggestions"] + SEED_2017["suggestions_outro"],
            "problems": SEED_2017["problems"],
            "plans": SEED_2017["plans"],
        })
    with clock.frozen_at(_at(date(2018, 3, 20))):
        services.submit_report(report, acting_user=office)
    with clock.frozen_at(_at(date(2018, 3, 28), 15)):
        services.approve_report(report, acting_user=deputy, comment="同意发布。")
    with clock.frozen_at(_at(date(2018, 3, 29), 9)):
        services.publish_report(report, acting_user=office)


def _last_year(ctx: DemoContext) -> None:
    today = clock.today()
    year = today.year - 1
    township, huiqi = ctx.agencies["dongsheng"], ctx.agencies["huiqi"]
    if not AnnualReport.objects.filter(agency=township, year=year).exists():
        office, deputy = ctx.users["wangle"], ctx.users["yanbaowu"]
        start = min(date(year + 1, 1, 8), today)
        with clock.frozen_at(_at(start, 9)):
            report = services.generate_report(township, year, acting_user=office)
            _fill(report, office, FILLED)
            services.submit_report(report, acting_user=office)
        with clock.frozen_at(_at(min(date(year + 1, 1, 15), today), 15)):
            services.approve_report(report, acting_user=deputy, comment="同意发布。")
        with clock.frozen_at(_at(min(date(year + 1, 1, 16), today), 9)):
            services.publish_report(report, acting_user=office)
    if not AnnualReport.objects.filter(agency=huiqi, year=year).exists():
        with clock.frozen_at(_at(min(date(year + 1, 1, 20), today), 9)):
            report = services.generate_report(huiqi, year, acting_user=ctx.users["huiqi_office"])
            _fill(report, ctx.users["huiqi_office"], FILLED)
            services.submit_report(report, acting_user=ctx.users["huiqi_office"])


def _this_year(ctx: DemoContext) -> None:
    today = clock.today()
    township = ctx.agencies["dongsheng"]
    if not AnnualReport.objects.filter(agency=township, year=today.year).exists():
        services.generate_report(township, today.year, acting_user=ctx.users["wangle"])
    for quarter in (1, 2, 3, 4):
        start, end = quarter_bounds(today.year, quarter)
        if end >= today:
            break
        submitted_on = min(date.fromordinal(end.toordinal() + 5), today)
        for key, user in (("dongsheng", "wangle"), ("huiqi", "huiqi_office")):
            agency = ctx.agencies[key]
            if key == "huiqi" and quarter > 1:
                continue  # the county sees one township behind with its statistics
            if QuarterlyStatement.objects.filter(agency=agency, year=today.year, quarter=quarter).exists():
                continue
            with clock.frozen_at(_at(submitted_on, 16)):
                services.submit_quarterly(agency, today.year, quarter, acting_user=ctx.users[user])


def build(ctx: DemoContext) -> None:
    _report_2017(ctx)
    _last_year(ctx)
    _this_year(ctx)

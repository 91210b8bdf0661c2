"""This year's applications for disclosure, through the real services with their dates (clock.frozen_at): 东升乡 in
every state (replied, delivered and archived, corrected, consulted, extended, charged, split, abandoned, a petition
closed as A16, overdue, due soon, waiting for confirmation), and a few in 惠七镇 and the 县财政局. One application of
December 2025 is carried over into 2026 (table 三 二).

The seed year 2017 had no applications (the township's 2017 report says 0): none are created for 2017. Idempotent:
each scenario carries an idempotency key and is skipped when it exists. Dates are fixed in 2026 (the last year of
the seeded calendar): later periods would need the next year's 节假日安排.
"""

from datetime import date

from applications import services
from applications.letters.issue import rendering_deferred
from applications.models import Application, Channel
from gongkai import clock
from privacy.identifiers import id_number_check_char, org_code_check_char, uscc_check_char

from .context import DemoContext


def _id(born: str, seq: str, region: str = "231221") -> str:
    """A made-up 居民身份证号码 with a valid check character."""
    first17 = region + born + seq
    return first17 + id_number_check_char(first17)


def _uscc(n: int, region: str) -> str:
    """A made-up 统一社会信用代码 (91 = enterprise) with valid check characters."""
    body = f"MA{n:06d}"
    org = body + org_code_check_char(body)
    first17 = "91" + region + org
    return first17 + uscc_check_char(first17)


APPLICANTS = {
    "liu": {"applicant_type": "natural_person", "applicant_name": "刘建国", "id_type": "id_card",
            "id_number": _id("19650312", "031"), "phone": "13904551234", "address": "黑龙江省绥化市望奎县东升乡东升村二组",
            "postcode": "152100"},
    "wang": {"applicant_type": "natural_person", "applicant_name": "王秀兰", "id_type": "id_card",
             "id_number": _id("19720805", "042"), "phone": "15845561122", "address": "黑龙江省绥化市望奎县东升乡永兴村",
             "postcode": "152100"},
    "chen": {"applicant_type": "natural_person", "applicant_name": "陈志强", "id_type": "id_card",
             "id_number": _id("19880116", "053"), "phone": "18645578899", "email": "chenzq@example.com",
             "address": "黑龙江省哈尔滨市南岗区学府路"},
    "company": {"applicant_type": "business", "applicant_name": "望奎县惠农农业科技有限公司", "id_type": "uscc",
                "id_number": _uscc(7301, "231221"), "contact_person": "赵经理", "phone": "0455-6722333",
                "address": "黑龙江省绥化市望奎县工业园区", "email": "huinong@example.com"},
    "lawfirm": {"applicant_type": "legal_services", "applicant_name": "黑龙江正衡律师事务所", "id_type": "uscc",
                "id_number": _uscc(7302, "230103"), "contact_person": "孙律师", "phone": "0451-86001234",
                "email": "zhengheng@example.com", "address": "黑龙江省哈尔滨市道里区中央大街"},
    "zhao": {"applicant_type": "natural_person", "applicant_name": "赵大娘", "id_type": "id_card",
             "id_number": _id("19500624", "064"), "phone": "0455-6733456", "address": "黑龙江省绥化市望奎县惠七镇惠七村"},
}

# key → (agency key, staff username, applicant, request, [(day, action, kwargs), …]); the first step registers it.
SCENARIOS = [
    ("ds-2025-carried", "dongsheng", "wangle", "liu",
     {"description": "东升乡2025年冬季取暖救助资金发放名单及标准", "form_of_provision": "paper", "route": "post"},
     [(date(2025, 12, 22), "register", {"channel": Channel.IN_PERSON}),
      (date(2026, 1, 15), "reply", {"reply_code": "A2", "text": "随本答复书提供2025年冬季取暖救助资金发放名单（已隐去身份证号码）及标准。"}),
      (date(2026, 1, 16), "deliver", {"method": "post", "note": "挂号信"}),
      (date(2026, 1, 20), "archive", {})]),
    ("ds-granted", "dongsheng", "wangle", "wang",
     {"description": "东升乡2026年农村最低生活保障审批名单及发放标准", "form_of_provision": "paper", "route": "pickup"},
     [(date(2026, 3, 2), "register", {"channel": Channel.IN_PERSON}),
      (date(2026, 3, 20), "reply", {"reply_code": "A2", "text": "所需信息随本答复书一并提供，请到乡政府党政办公室领取。"}),
      (date(2026, 3, 23), "deliver", {"method": "direct", "note": "申请人本人签收"}),
      (date(2026, 3, 25), "archive", {})]),
    ("ds-full-path", "dongsheng", "wangle", "chen",
     {"description": "东升乡永兴村2025年土地流转合同及流转费用发放情况", "form_of_provision": "electronic", "route": "email"},
     [(date(2026, 5, 12), "register", {"channel": Channel.POST}),
      (date(2026, 5, 13), "request_correction", {"items": "1. 请写明所需土地流转合同的流转方（或地块位置）；\n2. 请写明所需费用发放情况的年度。",
                                                  "deadline": date(2026, 5, 27)}),
      (date(2026, 5, 20), "receive_correction", {}),
      (date(2026, 5, 25), "start_consultation", {"party": "third_party", "party_name": "永兴村土地承包户代表",
                                                  "party_received_on": date(2026, 5, 25)}),
      (date(2026, 6, 5), "end_consultation", {"outcome": "objected", "note": "不同意公开个人收入数额"}),
      (date(2026, 6, 22), "extend", {"days": 10, "reason": "所需合同分存于村委会和经管站，需要逐份调取核对"}),
      (date(2026, 7, 3), "reply", {"reply_code": "A3", "text": "流转合同中涉及承包户个人身份信息和收入数额的内容属于个人隐私，"
                                                             "公开会对第三方合法权益造成损害，依据条例第十五条不予公开；其余部分随本答复书提供。"}),
      (date(2026, 7, 3), "deliver", {"method": "post", "note": "EMS 1190 2233 4455（交邮之日）"})]),
    ("ds-company", "dongsheng", "wangle", "company",
     {"description": "东升乡2026年高标准农田建设项目招标公告及中标结果", "form_of_provision": "electronic", "route": "email"},
     [(date(2026, 9, 1), "register", {"channel": Channel.EMAIL}),
      (date(2026, 9, 2), "confirm_receipt", {"note": "电话确认"}),
      (date(2026, 9, 15), "reply", {"reply_code": "A12", "text": "本机关未组织该项目招标，相关信息由县农业农村局负责。"}),
      (date(2026, 9, 15), "deliver", {"method": "electronic", "note": "发送至申请人电子邮箱"})]),
    ("ds-petition", "dongsheng", "wangle", "liu",
     {"description": "举报东升村村干部违规发放低保金，要求调查处理", "form_of_provision": "paper", "route": "post"},
     [(date(2026, 4, 7), "register", {"channel": Channel.LETTER, "received_on": date(2026, 4, 7),
                                      "confirmation_note": "收到当日电话确认"}),
      (date(2026, 4, 9), "reply", {"reply_code": "A16", "text": "您反映的问题已转乡纪委处理，您也可以通过信访渠道反映。"})]),
    ("ds-abandoned", "dongsheng", "wangle", "chen",
     {"description": "关于村里那个事的文件", "form_of_provision": "paper", "route": "post"},
     [(date(2026, 6, 1), "register", {"channel": Channel.IN_PERSON}),
      (date(2026, 6, 3), "request_correction", {"items": "请写明所需政府信息的名称、文号或者事项、时间等特征性描述。",
                                                 "deadline": date(2026, 6, 17)}),
      (date(2026, 6, 18), "reply", {"reply_code": "A21"})]),
    ("ds-split", "dongsheng", "wangle", "lawfirm",
     {"description": "1. 东升乡2025年财政预算执行情况；2. 东升乡2025年“三公”经费支出情况", "form_of_provision": "electronic",
      "route": "email"},
     [(date(2026, 8, 3), "register", {"channel": Channel.FAX, "received_on": date(2026, 8, 3),
                                      "confirmation_note": "传真收到当日电话确认"}),
      (date(2026, 8, 4), "split", {"parts": ["东升乡2025年财政预算执行情况", "东升乡2025年“三公”经费支出情况"]})]),
    ("ds-overdue", "dongsheng", "wangle", "wang",
     {"description": "东升乡2026年道路硬化工程项目资金使用情况", "form_of_provision": "paper", "route": "pickup"},
     [(date(2026, 10, 12), "register", {"channel": Channel.FAX}),
      (date(2026, 10, 13), "confirm_receipt", {"note": "电话确认"})]),
    ("ds-due-soon", "dongsheng", "wangle", "chen",
     {"description": "东升乡2026年秸秆禁烧工作经费使用情况", "form_of_provision": "electronic", "route": "email"},
     [(date(2026, 11, 3), "register", {"channel": Channel.IN_PERSON})]),
    ("ds-correction", "dongsheng", "wangle", "liu",
     {"description": "有关我家房子的文件", "form_of_provision": "paper", "route": "post"},
     [(date(2026, 11, 16), "register", {"channel": Channel.LETTER, "received_on": date(2026, 11, 16),
                                        "confirmation_note": "收到当日电话确认"}),
      (date(2026, 11, 18), "request_correction", {"items": "请写明所需文件的名称或者事项（例如宅基地审批、危房改造补助）和年份。",
                                                   "deadline": date(2026, 12, 9)})]),
    ("ds-fee-paid", "dongsheng", "wangle", "lawfirm",
     {"description": "东升乡2025年村级财务公开情况汇总表", "form_of_provision": "paper", "route": "post"},
     [(date(2026, 10, 19), "register", {"channel": Channel.POST}),
      (date(2026, 10, 21), "fee_notice", {"method": "per_page", "pages": 80}),
      (date(2026, 10, 30), "fee_paid", {})]),
    ("ds-fee", "dongsheng", "wangle", "lawfirm",
     {"description": "东升乡2021年至2025年全部会议纪要", "form_of_provision": "paper", "route": "post"},
     [(date(2026, 11, 2), "register", {"channel": Channel.POST}),
      (date(2026, 11, 4), "fee_notice", {"method": "per_page", "pages": 150,
})]),
    ("ds-online", "dongsheng", None, "zhao",
     {"description": "东升乡2026年城乡居民医疗保险参保补助标准", "form_of_provision": "paper", "route": "post"},
     [(date(2026, 11, 27), "submit_online", {})]),
    ("hq-consultation", "huiqi", "huiqi_office", "zhao",
     {"description": "惠七镇2026年农村危房改造补助资金分配方案", "form_of_provision": "paper", "route": "post"},
     [(date(2026, 10, 19), "register", {"channel": Channel.IN_PERSON, "filled_by_staff": True}),
      (date(2026, 10, 21), "start_consultation", {"party": "agency", "party_name": "望奎县财政局",
                                                   "party_received_on": date(2026, 10, 21)})]),
    ("hq-granted", "huiqi", "huiqi_office", "company",
     {"description": "惠七镇2026年农业生产社会化服务项目实施方案", "form_of_provision": "electronic", "route": "email"},
     [(date(2026, 7, 6), "register", {"channel": Channel.EMAIL, "received_on": date(2026, 7, 6),
                                      "confirmation_note": "邮件回复确认"}),
      (date(2026, 7, 10), "reply", {"reply_code": "A1", "text": "该方案已在惠七镇政府信息公开专栏“政务信息”栏目公开。"}),
      (date(2026, 7, 10), "deliver", {"method": "electronic"})]),
    ("cz-counter", "finance", "finance_office", "wang",
     {"description": "望奎县2026年耕地地力保护补贴资金下达文件", "form_of_provision": "viewing", "route": "pickup"},
     [(date(2026, 11, 20), "register", {"channel": Channel.IN_PERSON, "filled_by_staff": True})]),
]


def build(ctx: DemoContext) -> None:
    # Letters are rendered to PDF/DOCX when first downloaded, not during the load.
    with rendering_deferred():
        _build(ctx)


def _build(ctx: DemoContext) -> None:
    # In the order they arrived, so that each agency's numbers follow the calendar.
    for key, agency_key, username, who, request, steps in sorted(SCENARIOS, key=lambda s: s[5][0][0]):
        if Application.objects.filter(idempotency_key=f"demo:{key}").exists():
            continue
        agency = ctx.agencies[agency_key]
        user = ctx.users.get(username) if username else None
        applicant = services.ApplicantInput(**{**APPLICANTS[who], **request})
        application = None
        for hour, (day, action, kwargs) in enumerate(steps, start=9):
            with clock.frozen_at(clock.at_local(day, min(hour, 17))):
                application = _step(application, action, kwargs, agency=agency, user=user, applicant=applicant,
                                    key=f"demo:{key}", day=day)


def _step(application, action, kwargs, *, agency, user, applicant, key, day):
    if action == "register":
        return services.register_application(agency, applicant, acting_user=user, arrived_on=day,
                                             idempotency_key=key, **kwargs)
    if action == "submit_online":
        return services.submit_online(agency, applicant, idempotency_key=key)
    if action == "split":
        services.split(application, acting_user=user, on=day, **kwargs)
        parts = list(application.parts.order_by("pk"))
        with clock.frozen_at(clock.at_local(date(2026, 8, 14), 10)):
            services.reply(parts[0], acting_user=user, on=date(2026, 8, 14), reply_code="A2",
                           text="2025年财政预算执行情况已随本答复书提供。")
        with clock.frozen_at(clock.at_local(date(2026, 8, 20), 10)):
            services.reply(parts[1], acting_user=user, on=date(2026, 8, 20), reply_code="A1",
                           text="已在东升乡政府信息公开专栏“财政预决算”栏目公开。")
        return application
    fn = {"reply": services.reply, "deliver": services.deliver, "archive": services.archive,
          "confirm_receipt": services.confirm_receipt, "request_correction": services.request_correction,
          "receive_correction": services.receive_correction, "start_consultation": services.start_consultation,
          "end_consultation": services.end_consultation, "extend": services.extend,
          "fee_notice": services.send_fee_notice, "fee_paid": services.record_fee_paid}[action]
    fn(application, acting_user=user, on=day, **kwargs)
    application.refresh_from_db()
    return application

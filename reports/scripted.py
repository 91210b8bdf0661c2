"""A scripted year of work for 2025, written through the real services of the registers: every reply code A1–A23
and every applicant type, applications carried in from 2024 and carried into 2026, a fee paid, review and litigation
cases with every result, and NPC/CPPCC suggestions. Its annual report passes every balance rule; the test
`test_scripted_2025` holds the hand-typed table it must produce, and the screenshot `report_2025.png` shows it.

Call within `clock`/time-machine at a date after 2025 (the services refuse future dates), e.g. 2026-01-12.
"""

from dataclasses import dataclass
from datetime import date

from privacy.identifiers import id_number_check_char, org_code_check_char, uscc_check_char

TYPES = ["natural_person", "business", "research", "public_interest", "legal_services", "other_org"]
ORG_NAMES = {"business": "望奎县丰收农业发展有限公司", "research": "黑龙江省农业科学院绥化分院",
             "public_interest": "望奎县乡村振兴公益服务中心", "legal_services": "黑龙江望奎正源律师事务所",
             "other_org": "东升村股份经济合作社"}
PEOPLE = ["张建国", "李秀兰", "王德福", "赵玉梅", "刘长青", "陈淑芬", "杨春生", "孙桂荣"]


def _id_number(n: int) -> str:
    first17 = f"231221{1960 + n % 40}{(n % 12) + 1:02d}{(n % 27) + 1:02d}{n % 1000:03d}"
    return first17 + id_number_check_char(first17)


def _uscc(n: int) -> str:
    body = f"{52000000 + n:08d}"
    first17 = "52231221" + body + org_code_check_char(body)
    return first17 + uscc_check_char(first17)


def applicant(kind: str, n: int):
    from applications.services import ApplicantInput

    if kind == "natural_person":
        return ApplicantInput(applicant_type=kind, applicant_name=PEOPLE[n % len(PEOPLE)], id_type="id_card",
                              id_number=_id_number(n), phone="13945560000", address="黑龙江省绥化市望奎县东升乡",
                              description=f"东升乡2025年惠农补贴发放明细（第{n}件）", form_of_provision="paper",
                              route="pickup")
    return ApplicantInput(applicant_type=kind, applicant_name=ORG_NAMES[kind], id_type="uscc",
                          id_number=_uscc(n), phone="04556711000", address="黑龙江省绥化市望奎县",
                          description=f"东升乡2025年农田水利工程建设项目资料（第{n}件）", form_of_provision="electronic",
                          route="pickup", contact_person="经办人")


@dataclass
class Scripted:
    applications: dict  # reply code (or "carry_in_A2", …) → Application


def build_2025(agency, office_user) -> Scripted:
    """The applications and cases of 2025 for `agency`, handled by `office_user` (a 信息公开办 member)."""
    from applications import services as apps
    from workdays.loading import get_calendar

    cal = get_calendar()
    made = {}

    def register(kind, n, on):
        return apps.register_application(agency, applicant(kind, n), acting_user=office_user, channel="in_person",
                                         arrived_on=on)

    # carried in from 2024, concluded in January 2025
    a = register("natural_person", 100, date(2024, 12, 23))
    apps.reply(a, acting_user=office_user, on=date(2025, 1, 10), reply_code="A2")
    b = register("business", 101, date(2024, 12, 26))
    apps.reply(b, acting_user=office_user, on=date(2025, 1, 14), reply_code="A12")
    made["carry_in_A2"], made["carry_in_A12"] = a, b

    # one application per reply code, the applicant types in turn, received over the year
    for i in range(1, 24):
        code = f"A{i}"
        kind = TYPES[(i - 1) % 6]
        received = cal.nth_working_day_after(date(2025, 1, 20), i * 9)
        app = register(kind, i, received)
        if code == "A2":  # a fee paid (按量计收): reported in section 六
            fee_day = cal.nth_working_day_after(received, 2)
            apps.send_fee_notice(app, acting_user=office_user, on=fee_day, method="per_page", pages=230)
            apps.record_fee_paid(app, acting_user=office_user, on=cal.nth_working_day_after(fee_day, 3))
            apps.reply(app, acting_user=office_user, on=cal.nth_working_day_after(fee_day, 8), reply_code=code)
        elif code in ("A15", "A21"):  # 补正: received and still unclear / never received
            notice = cal.nth_working_day_after(received, 2)
            deadline = cal.nth_working_day_after(notice, 10)
            apps.request_correction(app, acting_user=office_user, on=notice, items="请写明所需信息的名称或文号。",
                                    deadline=deadline)
            if code == "A15":
                corrected = cal.nth_working_day_after(notice, 5)
                apps.receive_correction(app, acting_user=office_user, on=corrected)
                apps.reply(app, acting_user=office_user, on=cal.nth_working_day_after(corrected, 6), reply_code=code)
            else:
                apps.reply(app, acting_user=office_user, on=cal.nth_working_day_after(deadline, 1), reply_code=code)
        elif code == "A22":  # 收费通知 not paid within 20 working days
            fee_day = cal.nth_working_day_after(received, 2)
            fee = apps.send_fee_notice(app, acting_user=office_user, on=fee_day, method="per_page", pages=300)
            apps.reply(app, acting_user=office_user, on=cal.nth_working_day_after(fee.payment_due, 1),
                       reply_code=code)
        else:
            apps.reply(app, acting_user=office_user, on=cal.nth_working_day_after(received, 6 + i % 9),
                       reply_code=code)
        made[code] = app

    # received in late December 2025, carried into 2026
    made["carry_out_research"] = register("research", 200, date(2025, 12, 22))
    made["carry_out_public_interest"] = register("public_interest", 201, date(2025, 12, 29))
    return Scripted(made)


def build_2025_oversight(agency, office_user) -> None:
    """Table 四: 行政复议 one upheld, one corrected; 直接起诉 one pending; 复议后起诉 one other result. Section 六: two
    NPC suggestions and one CPPCC proposal, replied and made public."""
    from oversight.services import review, suggestions

    review.register_review_case(agency, acting_user=office_user, kind="reconsideration", filed_on=date(2025, 4, 7),
                                body="望奎县人民政府", party_name="张建国", subject="对不予公开答复不服",
                                result="upheld", closed_on=date(2025, 6, 3))
    review.register_review_case(agency, acting_user=office_user, kind="reconsideration", filed_on=date(2025, 7, 1),
                                body="望奎县人民政府", party_name="李秀兰", subject="答复超过法定期限",
                                result="corrected", closed_on=date(2025, 8, 26))
    review.register_review_case(agency, acting_user=office_user, kind="litigation_direct",
                                filed_on=date(2025, 11, 3), body="望奎县人民法院", party_name="王德福",
                                subject="要求公开征收补偿明细")
    review.register_review_case(agency, acting_user=office_user, kind="litigation_after_reconsideration",
                                filed_on=date(2025, 3, 10), body="绥化市北林区人民法院", party_name="赵玉梅",
                                subject="对复议决定不服", result="other", closed_on=date(2025, 9, 15))
    for n, (kind, title, topics) in enumerate([
            ("npc", "关于加强秸秆禁烧宣传的建议", ["秸秆焚烧"]),
            ("npc", "关于改善村屯道路环境的建议", ["环境整治"]),
            ("cppcc", "关于完善便民服务中心服务事项的提案", ["便民服务"])], 1):
        s = suggestions.register_suggestion(agency, acting_user=office_user, kind=kind, session_year=2025,
                                            proposal_no=f"2025-{n:03d}", proposer=PEOPLE[n], title=title,
                                            assigned_on=date(2025, 3, 3 + n), topics=topics)
        suggestions.reply_to_suggestion(s, acting_user=office_user, reply_text=f"{title}已收悉，现答复如下：……",
                                        replied_on=date(2025, 5, 6 + n), result_class="A")



# What the 信息公开办 writes where the platform leaves a placeholder (the scripted year's report is complete).
COMPLETED_TEXTS = {
    "overview_supervision": "乡党委、政府将政务公开工作纳入年度目标责任考核，考核结果为优秀；本年度未发生政府信息公开工作责任追究情况。",
    "problems": "存在的主要问题：一是个别办所报送信息不够及时；二是依申请公开答复文书的说理还需加强，本年度有1件行政复议被纠正。\n"
                "改进情况：建立信息报送提醒机制，每月通报各办所信息公开情况；组织答复文书专题培训，逐件复盘被纠正案件。",
    "other_work_plan": "认真落实上级2025年政务公开工作要点，按要点逐项分解任务、明确责任人和完成时限，年度任务均已完成。",
    "other_innovation": "推行“一网通查”，在本平台统一公开法定主动公开内容；开通长辈版大字浏览，方便老年群众查阅。",
}


def complete_texts(report, user) -> None:
    """Fill the parts left as placeholders with COMPLETED_TEXTS (through the service)."""
    from reports import services
    from reports.drafting import has_placeholder

    for part in report.texts.all():
        if has_placeholder(part.text):
            services.update_text(report, part.key, COMPLETED_TEXTS.get(part.key, part.text.replace("【待填写：", "")
                                                                       .replace("】", "")), acting_user=user)


ITEMS_2025 = [  # (category, title, 文号, 文件类型, formed, published after n working days)
    ("乡镇文件", "东升乡人民政府关于印发《东升乡农村人居环境整治实施方案》的通知", "东政发〔2025〕3号", "normative",
     date(2025, 3, 10), 6),
    ("乡镇文件", "东升乡人民政府关于印发《东升乡村级公益事业建设一事一议筹资筹劳管理办法》的通知", "东政发〔2025〕9号",
     "normative", date(2025, 5, 12), 8),
    ("公告公示", "东升乡2025年耕地地力保护补贴发放情况公示", "", "", date(2025, 6, 3), 4),
    ("公告公示", "东升乡2025年农村最低生活保障审核情况公示", "", "", date(2025, 9, 8), 25),  # published late
    ("工作动态", "东升乡开展2025年秸秆禁烧宣传活动", "", "", date(2025, 10, 9), 3),
    ("计划总结", "东升乡2025年政务公开工作方案", "", "", date(2025, 2, 17), 5),
]


def build_2025_catalogue(agency, *, drafter, reviewer, deputy, principal) -> list:
    """Six items published in 2025 through the approval chain (one of them after the 20 working days), two of them
    行政规范性文件, one later abolished: table 二 shows 制发2件、废止1件、现行有效1件."""
    from catalog import services as catalog
    from catalog.models import Category, Decision, Item, Validity
    from gongkai import clock
    from workdays.loading import get_calendar

    cal = get_calendar()
    catalog.create_default_categories(agency, acting_user=drafter)
    categories = {c.name: c for c in Category.objects.filter(agency=agency)}
    items = []
    for category, title, doc_no, kind, formed, after in ITEMS_2025:
        with clock.frozen_at(clock.at_local(formed, 9)):
            revision = catalog.create_draft(agency, acting_user=drafter, category=categories[category], title=title,
                                            formed_on=formed, doc_no=doc_no, doc_kind=kind, summary=f"{title}。",
                                            body_html=f"<p>{title}。</p>")
            catalog.submit_for_review(revision, acting_user=drafter)
        with clock.frozen_at(clock.at_local(cal.nth_working_day_after(formed, max(after - 1, 1)), 10)):
            catalog.approve_step(revision, acting_user=reviewer, secrecy_result=Decision.SecrecyResult.DISCLOSE)
            catalog.approve_step(revision, acting_user=deputy)
        with clock.frozen_at(clock.at_local(cal.nth_working_day_after(formed, after), 15)):
            catalog.approve_step(revision, acting_user=principal)
        items.append(Item.objects.get(pk=revision.item_id))
    with clock.frozen_at(clock.at_local(date(2025, 11, 20), 10)):
        catalog.set_validity(items[1], Validity.ABOLISHED, acting_user=drafter, abolished_on=date(2025, 11, 20),
                             reason="已被新办法替代")
    return items

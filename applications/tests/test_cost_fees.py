"""The 2007 rules' cost fees (2007 regulation Art.27–28: 检索、复制、邮寄等成本费用, 减免 for an applicant in financial
difficulty; 财综〔2008〕44号 for the three fees and the exempt groups): the notice item by item through the workflow's
fee-notice event, the letter, the waiver with its ground, payment and non-payment, the annual report's figures,
and the refusal of each rule set's fee for the other's applications. Today is 2026-12-30; the applications were
received in 2017 (2007 rules) unless said otherwise."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from applications import selectors, services
from applications.errors import ApplicationError
from applications.letters import render
from applications.models import Application, FeeItem, FeeNotice, Letter, Status
from applications.workflow import APPLICATION_WORKFLOW as WORKFLOW
from audit.selectors import events_for
from gongkai.errors import DomainError

from .conftest import ID_LI, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("end_of_2026")]

RECEIVED = date(2017, 9, 29)  # a Friday; Saturday 9-30 was a working day, 10-1…10-8 国庆节、中秋节
NOTIFIED = date(2017, 10, 9)
ITEMS = [
    {"kind": "retrieval", "quantity": 1, "unit_price": Decimal("5")},
    {"kind": "copying", "quantity": 30, "unit_price": Decimal("0.50"), "description": "A4纸复印"},
    {"kind": "postage", "quantity": 1, "unit_price": Decimal("12"), "description": "挂号信"},
]


def _under_2007(township, office_admin, **kw):
    application = register(township, office_admin, on=RECEIVED, **kw)
    assert (application.rule_set, application.due_date) == ("2007", date(2017, 10, 26))
    return application


def _charged(township, office_admin, **kw):
    application = _under_2007(township, office_admin)
    services.send_cost_fee_notice(application, acting_user=office_admin, on=NOTIFIED, items=ITEMS,
                                  standard="望奎县物价局、财政局核定的政府信息公开收费标准", **kw)
    return application


# --- the notice ---------------------------------------------------------------------------------------------------

def test_a_cost_fee_notice_is_itemised_and_stops_the_clock_like_the_2019_notice(township, office_admin):
    application = _under_2007(township, office_admin)
    assert "fee-notice" in [t.name for t in WORKFLOW.available_actions(application, office_admin, NOTIFIED)]

    fee = services.send_cost_fee_notice(application, acting_user=office_admin, on=NOTIFIED, items=ITEMS,
                                        standard="望奎县物价局、财政局核定的政府信息公开收费标准")

    assert (fee.method, fee.computed_amount, fee.amount) == ("cost", Decimal("32.00"), Decimal("32.00"))
    assert fee.explanation == "检索费1人次×5元＋复制费30页×0.50元＋邮寄费1件×12元＝32元"
    items = list(fee.items.order_by("position").values_list("kind", "unit", "quantity", "unit_price", "amount"))
    assert items == [("retrieval", "人次", 1, Decimal("5.00"), Decimal("5.00")),
                     ("copying", "页", 30, Decimal("0.50"), Decimal("15.00")),
                     ("postage", "件", 1, Decimal("12.00"), Decimal("12.00"))]
    # the line items add up in SQL, by kind too
    assert FeeItem.objects.filter(fee=fee).aggregate(total=Sum("amount"))["total"] == fee.computed_amount
    assert FeeItem.objects.filter(fee__application__agency=township, kind="copying").aggregate(
        total=Sum("amount"))["total"] == Decimal("15.00")
    application.refresh_from_db()
    assert application.status == Status.AWAITING_FEE
    assert fee.payment_due == date(2017, 11, 6)  # 20 working days from the day after 10-9
    [event] = [e for e in events_for(application) if e.action == "applications.fee.noticed"]
    assert event.data["method"] == "cost" and event.data["computed_amount"] == "32.00"
    assert [i["kind"] for i in event.data["items"]] == ["retrieval", "copying", "postage"]

    services.record_fee_paid(application, acting_user=office_admin, on=date(2017, 10, 16))
    application.refresh_from_db()
    assert (application.status, application.fee.amount_paid) == (Status.IN_PROGRESS, Decimal("32.00"))
    # 10-9 … 10-16 not counted: 9-30 before, then 14 working days from 10-17.
    assert application.due_date == date(2017, 11, 3)
    assert "收费通知至缴费" in application.due_date_explanation


def test_the_2007_fee_letter_lists_every_cost_the_standard_and_the_waiver_rule(township, office_admin):
    application = _charged(township, office_admin)
    letter = application.letters.get(kind=Letter.Kind.FEE)
    assert (letter.template_key, letter.title) == ("fee_cost", "政府信息公开收费通知书")
    body = letter.body
    assert "根据《中华人民共和国政府信息公开条例》（国务院令第492号）第二十七条的规定" in body
    for line in ("1．检索费：1人次×5元/人次＝5元", "2．复制费（A4纸复印）：30页×0.50元/页＝15元",
                 "3．邮寄费（挂号信）：1件×12元/件＝12元"):
        assert line in letter.paragraphs
    assert "以上合计人民币32元。收费标准：望奎县物价局、财政局核定的政府信息公开收费标准。应缴金额：人民币32元。" in body
    assert "（截止日期：2017年11月6日）" in body
    assert "确有经济困难的，可以向本机关申请减免费用" in body and "信息处理费" not in body
    assert "（（" not in body and "待定" not in body

    from docx import Document
    from pypdf import PdfReader

    docx_text = "\n".join(p.text for p in Document(io.BytesIO(render.render_docx(letter))).paragraphs)
    assert "2．复制费（A4纸复印）：30页×0.50元/页＝15元" in docx_text
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render.render_pdf(letter))).pages)
    assert "政府信息公开收费通知书" in pdf_text and "复制费" in pdf_text


def test_the_standard_defaults_to_the_local_price_authoritys(township, office_admin):
    application = _under_2007(township, office_admin)
    services.send_cost_fee_notice(application, acting_user=office_admin, on=NOTIFIED, items=ITEMS[1:2])
    assert "收费标准：本地价格主管部门会同财政部门制定的收费标准。" in application.letters.get(kind="fee").body


@pytest.mark.parametrize(("items", "message"), [
    ([], "请逐项填写收费项目（检索费、复制费、邮寄费），至少一项。"),
    ([{"kind": "processing", "quantity": 1, "unit_price": "100"}],
     "第1项：收费项目只能是检索费、复制费或邮寄费（2007年条例第二十七条：检索、复制、邮寄等成本费用）。"),
    ([{"kind": "copying", "quantity": 0, "unit_price": "0.5"}], "第1项（复制费）的数量应为1至100000的整数。"),
    ([{"kind": "copying", "quantity": 2.5, "unit_price": "0.5"}], "第1项（复制费）的数量应为1至100000的整数。"),
    ([{"kind": "copying", "quantity": 3, "unit_price": "0.505"}], "金额应为不小于0的数，最多两位小数。"),
    ([{"kind": "copying", "quantity": 3, "unit_price": "-1"}], "金额应为不小于0的数，最多两位小数。"),
    ([{"kind": "copying", "quantity": 3, "unit_price": "abc"}], "金额格式不正确。"),
    ([{"kind": "copying", "quantity": 3, "unit_price": "0"}], "各项费用合计为0元，不发收费通知。"),
    ("复制费30页", "请逐项填写收费项目（检索费、复制费、邮寄费），至少一项。"),
])
def test_bad_items_are_refused_with_a_chinese_message_and_nothing_saved(township, office_admin, items, message):
    application = _under_2007(township, office_admin)
    with pytest.raises(ApplicationError) as exc:
        services.send_cost_fee_notice(application, acting_user=office_admin, on=NOTIFIED, items=items)
    assert exc.value.message == message and exc.value.status == 400
    assert not FeeNotice.objects.exists() and not FeeItem.objects.exists()
    assert Application.objects.get(pk=application.pk).status == Status.IN_PROGRESS


def test_a_cost_fee_notice_after_the_reply_period_is_refused(township, office_admin):
    application = _under_2007(township, office_admin)
    with pytest.raises(ApplicationError) as exc:
        services.send_cost_fee_notice(application, acting_user=office_admin, on=date(2017, 10, 27), items=ITEMS)
    assert (exc.value.code, exc.value.status) == ("fee_notice_late", 409)


# --- each rule set's fee only -------------------------------------------------------------------------------------

@pytest.mark.parametrize("call", [{"method": "per_page", "pages": 300}, {"method": "per_application"}])
def test_the_2019_tiers_are_refused_for_a_2007_application(township, office_admin, call):
    application = _under_2007(township, office_admin)
    with pytest.raises(ApplicationError) as exc:
        services.send_fee_notice(application, acting_user=office_admin, on=NOTIFIED, **call)
    assert (exc.value.code, exc.value.status, exc.value.field) == ("fee_rule_set_mismatch", 400, "method")
    assert exc.value.message == ("本申请适用2007年条例（国务院令第492号）：依申请提供政府信息只能收取检索、复制、邮寄等成本费用"
                                 "（第二十七条），不适用信息处理费的按件计收、按量计收标准。请逐项填写检索费、复制费、邮寄费。")
    assert not FeeNotice.objects.exists()


@pytest.mark.parametrize("received", [date(2026, 6, 1), date(2020, 6, 1)])
def test_cost_fees_are_refused_for_a_2019_application(township, office_admin, received):
    application = register(township, office_admin, on=received)
    with pytest.raises(ApplicationError) as exc:
        services.send_cost_fee_notice(application, acting_user=office_admin, on=received, items=ITEMS)
    assert (exc.value.code, exc.value.field) == ("fee_rule_set_mismatch", "items")
    assert exc.value.message.startswith("本申请适用2019年条例（国务院令第711号）：依申请提供政府信息不收取检索、复制、邮寄等成本费用")
    assert not FeeNotice.objects.exists()


def test_one_fee_notice_per_application_whatever_its_kind(township, office_admin):
    application = _charged(township, office_admin)
    services.record_fee_paid(application, acting_user=office_admin, on=date(2017, 10, 16))
    for send in (lambda: services.send_cost_fee_notice(application, acting_user=office_admin,
                                                       on=date(2017, 10, 17), items=ITEMS),
                 lambda: services.send_fee_notice(application, acting_user=office_admin, on=date(2017, 10, 17),
                                                  method="per_page", pages=40)):
        with pytest.raises(DomainError) as exc:
            send()
        assert exc.value.code in ("fee_already_noticed", "fee_both_methods")
    assert FeeNotice.objects.count() == 1


# --- 减免 -----------------------------------------------------------------------------------------------------------

def test_a_waiver_of_cost_fees_records_its_ground_reason_approver_and_day(township, office_admin, clerk):
    application = _charged(township, office_admin)
    with pytest.raises(ApplicationError) as no_ground:
        services.waive_fee(application, acting_user=office_admin, on=date(2017, 10, 12), reason="低保户")
    assert no_ground.value.code == "waiver_ground_required" and "第二十八条" in no_ground.value.message
    with pytest.raises(DomainError) as not_head:
        services.waive_fee(application, acting_user=office_admin, on=date(2017, 10, 12), reason="低保户",
                           ground="exempt_group", approver=clerk)
    assert not_head.value.code == "approver_not_authorised"

    fee = services.waive_fee(application, acting_user=office_admin, on=date(2017, 10, 12), ground="exempt_group",
                             reason="申请人为城乡居民最低生活保障对象，持东升乡人民政府出具的证明")

    assert (fee.amount, fee.outcome, fee.waiver_ground, fee.reduced_on, fee.waived_amount) == (
        Decimal("0"), "waived", "exempt_group", date(2017, 10, 12), Decimal("32.00"))
    assert fee.reduction_approved_by == office_admin
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    [event] = [e for e in events_for(application) if e.action == "applications.fee.waived"]
    assert (event.data["ground"], event.data["from"], event.data["to"]) == ("exempt_group", "32.00", "0")


def test_a_reduction_at_notice_time_needs_its_ground_and_is_stated_on_the_letter(township, office_admin):
    application = _under_2007(township, office_admin, fee_waiver_requested=True)
    with pytest.raises(ApplicationError) as no_ground:
        services.send_cost_fee_notice(application, acting_user=office_admin, on=NOTIFIED, items=ITEMS,
                                      reduce_to="20", reduction_reason="家庭经济困难")
    assert no_ground.value.code == "waiver_ground_required"
    with pytest.raises(ApplicationError) as all_of_it:
        services.send_cost_fee_notice(application, acting_user=office_admin, on=NOTIFIED, items=ITEMS,
                                      reduce_to="0", reduction_reason="家庭经济困难", waiver_ground="hardship")
    assert all_of_it.value.code == "fee_not_due"

    fee = services.send_cost_fee_notice(application, acting_user=office_admin, on=NOTIFIED, items=ITEMS,
                                        reduce_to="20", reduction_reason="家庭经济困难", waiver_ground="hardship")

    assert (fee.computed_amount, fee.amount, fee.reduced_on, fee.waiver_ground) == (
        Decimal("32.00"), Decimal("20.00"), NOTIFIED, "hardship")
    body = application.letters.get(kind="fee").body
    assert ("以上合计人民币32元。收费标准：本地价格主管部门会同财政部门制定的收费标准。按规定应收32元，经批准减收，实际应缴20元。"
            "减免依据：申请人确有经济困难，经本人申请，依据《中华人民共和国政府信息公开条例》（国务院令第492号）第二十八条。"
            "应缴金额：人民币20元。") in body


def test_the_2007_waiver_grounds_do_not_apply_to_information_processing_fees(township, office_admin):
    application = register(township, office_admin, on=date(2026, 6, 1))
    services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 6, 3), method="per_page", pages=40)
    with pytest.raises(ApplicationError) as exc:
        services.waive_fee(application, acting_user=office_admin, on=date(2026, 6, 4), reason="低保户",
                           ground="hardship")
    assert exc.value.code == "waiver_ground_not_applicable"
    fee = services.waive_fee(application, acting_user=office_admin, on=date(2026, 6, 4), reason="低保户")
    assert (fee.outcome, fee.reduced_on, fee.waiver_ground) == ("waived", date(2026, 6, 4), "")


# --- not paid -----------------------------------------------------------------------------------------------------

def test_unpaid_after_the_payment_period_is_abandoned_and_the_letter_cites_the_2007_basis(township, office_admin):
    application = _charged(township, office_admin)
    assert "abandon-fee" not in [t.name for t in WORKFLOW.available_actions(application, office_admin,
                                                                             date(2017, 11, 6))]
    assert "abandon-fee" in [t.name for t in WORKFLOW.available_actions(application, office_admin,
                                                                         date(2017, 11, 7))]
    services.reply(application, acting_user=office_admin, on=date(2017, 11, 7), reply_code="A22")
    application.refresh_from_db()
    assert (application.status, application.reply_code, application.fee.outcome) == (
        Status.ABANDONED, "A22", "unpaid")
    body = application.letters.get(kind=Letter.Kind.REPLY).body
    assert "向您发出收费通知，缴费期限至2017年11月6日。您逾期未缴纳检索、复制、邮寄等成本费用。" in body
    assert "根据《中华人民共和国政府信息公开条例》（国务院令第492号）第二十七条和本机关收费通知的规定" in body


# --- the annual report ----------------------------------------------------------------------------------------------

@pytest.fixture
def fees_of_2017(township, office_admin):
    """Three 2007-rule applications of 2017: 32元 paid; 32元 waived; reduced from 32 to 20 at notice time and paid.
    And a 2026 信息处理费 that no 2017 figure may count."""
    paid = _charged(township, office_admin)
    services.record_fee_paid(paid, acting_user=office_admin, on=date(2017, 10, 16))
    waived = _charged(township, office_admin)
    services.waive_fee(waived, acting_user=office_admin, on=date(2017, 10, 12), reason="低保户", ground="exempt_group")
    reduced = register(township, office_admin, on=RECEIVED, id_number=ID_LI, applicant_name="李四")
    services.send_cost_fee_notice(reduced, acting_user=office_admin, on=NOTIFIED, items=ITEMS, reduce_to="20",
                                  reduction_reason="家庭经济困难", waiver_ground="hardship")
    services.record_fee_paid(reduced, acting_user=office_admin, on=date(2017, 10, 20))
    later = register(township, office_admin, on=date(2026, 6, 1))
    services.send_fee_notice(later, acting_user=office_admin, on=date(2026, 6, 3), method="per_page", pages=40)
    services.record_fee_paid(later, acting_user=office_admin, on=date(2026, 6, 5))


def test_fee_totals_by_kind_and_waived_in_a_fixed_number_of_queries(fees_of_2017, township, other_township):
    y2017 = (date(2017, 1, 1), date(2017, 12, 31))
    ids = [township.pk, other_township.pk]
    with CaptureQueriesContext(connection) as ctx:
        totals = selectors.fee_totals(*y2017, ids)
    assert len(ctx.captured_queries) == 1
    assert totals == {township.pk: selectors.FeeTotals(processing=Decimal("0"), cost=Decimal("52.00"),
                                                       waived=Decimal("44.00"))}
    assert totals[township.pk].charged == Decimal("52.00")
    assert selectors.fee_totals(date(2026, 1, 1), date(2026, 12, 31), ids) == {
        township.pk: selectors.FeeTotals(processing=Decimal("100.00"), cost=Decimal("0"), waived=Decimal("0"))}  # 40 pages


def test_the_2007_format_report_counts_the_fees_and_the_waivers_of_its_year(fees_of_2017, township, office_admin):
    from reports import services as reports
    from reports.assembly import document_for_report

    report = reports.generate_report(township, 2017, acting_user=office_admin)
    data = document_for_report(report).to_json()
    assert data["format"] == "legacy"
    figures = {r["key"]: r["value"] for r in data["figures"]["rows"]}
    assert (figures["fees_charged"], figures["fees_waived"]) == ("52.00", "44.00")
    texts = {p["key"]: p["text"] for s in document_for_report(report).sections() for p in s["parts"]}
    assert texts["fees"] == "2017年度我乡收取政府信息公开检索、复制、邮寄等成本费用52.00元，减免44.00元。"


def test_a_2019_report_names_cost_fees_of_2007_applications_apart_from_information_processing_fees(
        township, office_admin):
    from reports import services as reports
    from reports.assembly import document_for_report

    application = register(township, office_admin, on=date(2019, 5, 14))  # the day before the 2019 regulation
    assert application.rule_set == "2007"
    services.send_cost_fee_notice(application, acting_user=office_admin, on=date(2019, 5, 20),
                                  items=[{"kind": "copying", "quantity": 30, "unit_price": "0.50"}])
    services.record_fee_paid(application, acting_user=office_admin, on=date(2019, 5, 27))
    report = reports.generate_report(township, 2019, acting_user=office_admin)
    texts = {p["key"]: p["text"] for s in document_for_report(report).sections() for p in s["parts"]}
    assert texts["other_fees"] == ("2019年，东升乡未收取信息处理费。对2019年5月15日前收到、适用2007年条例的申请，"
                                   "收取检索、复制、邮寄等成本费用15.00元。")

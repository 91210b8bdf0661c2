"""行政复议 and 行政诉讼 cases: registration, the agency's answer clock, decisions, and table 四 of the annual report."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from audit.selectors import events_for
from documents.uploads import UploadRejected
from gongkai.errors import PermissionDenied
from oversight import selectors
from oversight.errors import OversightError
from oversight.models import ReviewCase, ReviewKind, ReviewResult, ReviewStatus
from oversight.services import review

pytestmark = pytest.mark.django_db

RECON, DIRECT, AFTER = ReviewKind.RECONSIDERATION, ReviewKind.LITIGATION_DIRECT, \
    ReviewKind.LITIGATION_AFTER_RECONSIDERATION


def register(agency, user, kind=RECON, **extra):
    values = {"filed_on": date(2026, 3, 2), "body": "望奎县人民政府" if kind == RECON else "望奎县人民法院", **extra}
    return review.register_review_case(agency, acting_user=user, kind=kind, **values)


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
def test_a_reconsideration_case_is_answered_then_decided(township, office_admin):
    case = register(township, office_admin, received_on=date(2026, 3, 4), case_no="望政复〔2026〕3号",
                    party_name="张三", application_no="2026-0007", subject="不服东升乡政府信息公开答复")
    assert (case.status, case.result, case.due_on) == (ReviewStatus.REGISTERED, ReviewResult.PENDING,
                                                       date(2026, 3, 18))
    review.answer_review_case(case, acting_user=office_admin, answered_on=date(2026, 3, 5))
    with time_machine.travel("2026-05-06 10:00 +0800", tick=False):
        review.decide_review_case(case, acting_user=office_admin, result=ReviewResult.CORRECTED,
                                  closed_on=date(2026, 5, 6), result_note="复议机关责令重新答复。")
    case.refresh_from_db()
    assert (case.status, case.result, case.closed_on) == (ReviewStatus.DECIDED, "corrected", date(2026, 5, 6))
    assert [e.action for e in events_for(case)] == [
        "oversight.review_case.created", "oversight.review_case.answer", "oversight.review_case.decide"]
    assert case.party_masked == "张*"


@time_machine.travel("2026-09-17 10:00 +0800", tick=False)
def test_a_lawsuit_gives_the_agency_fifteen_days_to_defend_rolled_over_the_national_day(township, office_admin):
    case = register(township, office_admin, kind=DIRECT, filed_on=date(2026, 9, 10), received_on=date(2026, 9, 16))
    assert case.due_on == date(2026, 10, 8)
    assert "答辩期限15日" in case.due_explanation


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
@pytest.mark.parametrize(("values", "code", "field"), [
    ({"result": "upheld"}, "closing_date_required", "closed_on"),
    ({"result": "pending", "closed_on": date(2026, 3, 4)}, "closing_date_without_result", "closed_on"),
    ({"result": "upheld", "closed_on": date(2026, 3, 1)}, "date_order", "closed_on"),
    ({"result": "upheld", "closed_on": date(2026, 3, 6)}, "date_in_future", "closed_on"),
    ({"result": "won"}, "invalid_result", "result"),
    ({"kind": "appeal"}, "invalid_kind", "kind"),
    ({"filed_on": date(2026, 3, 6)}, "date_in_future", "filed_on"),
    ({"filed_on": None}, "filed_on_required", "filed_on"),
    ({"received_on": date(2026, 3, 1)}, "date_order", "received_on"),
])
def test_bad_registrations_are_refused_with_a_clear_message_and_nothing_is_saved(township, office_admin, values,
                                                                                  code, field):
    kind = values.pop("kind", RECON)
    with pytest.raises(OversightError) as excinfo:
        register(township, office_admin, kind=kind, **values)
    assert (excinfo.value.code, excinfo.value.field, excinfo.value.status) == (code, field, 400)
    assert excinfo.value.message.endswith("。")
    assert ReviewCase.objects.count() == 0


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
def test_a_case_result_without_a_closing_date_names_the_result(township, office_admin):
    with pytest.raises(OversightError) as excinfo:
        register(township, office_admin, result="corrected")
    assert excinfo.value.message == "结果为“结果纠正”的案件须填写审结日期。"


def test_the_database_refuses_a_decided_case_without_its_closing_date(township):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewCase.objects.create(agency=township, kind=RECON, filed_on=date(2026, 3, 2), received_on=date(2026, 3, 2),
                                  result="upheld", status="decided")


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
def test_only_the_agency_and_the_county_register_cases(township, office_admin, outsider, supervisor, deputy):
    for person in (outsider, deputy):
        with pytest.raises(PermissionDenied):
            register(township, person)
    assert register(township, supervisor).agency == township


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
def test_the_party_name_is_encrypted_at_rest(township, office_admin):
    case = register(township, office_admin, party_name="李四")
    with connection.cursor() as cursor:
        cursor.execute("SELECT party_name FROM oversight_reviewcase WHERE id = %s", [case.pk])
        assert cursor.fetchone()[0].startswith("enc1:")
    assert "李四" not in str(events_for(case).first().data)


@time_machine.travel("2026-06-05 10:00 +0800", tick=False)
def test_reopening_a_decision_makes_the_case_pending_again(township, office_admin):
    case = register(township, office_admin, result="upheld", closed_on=date(2026, 5, 6))
    assert case.status == ReviewStatus.DECIDED and case.due_on is None
    with pytest.raises(OversightError):
        review.reopen_review_case(case, acting_user=office_admin, reason=" ")
    review.reopen_review_case(case, acting_user=office_admin, reason="误将一审判决登记为审结，已提起上诉。")
    case.refresh_from_db()
    assert (case.status, case.result, case.closed_on) == (ReviewStatus.ANSWERED, "pending", None)
    assert events_for(case).last().data == {"previous": {"result": "upheld", "closed_on": "2026-05-06"}}


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
def test_documents_are_checked_by_content(township, office_admin):
    case = register(township, office_admin)
    pdf = SimpleUploadedFile("答复书.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf")
    document = review.add_review_document(case, pdf, acting_user=office_admin, kind="answer")
    assert (document.title, document.kind) == ("答复书.pdf", "answer")
    with pytest.raises(UploadRejected):
        review.add_review_document(case, SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00 not a pdf"),
                                   acting_user=office_admin)
    assert case.documents.count() == 1


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
def test_registration_details_can_be_corrected_with_an_audit_trail(township, office_admin):
    case = register(township, office_admin)
    review.update_review_case(case, acting_user=office_admin, case_no="（2026）黑1221行初5号")
    assert case.case_no == "（2026）黑1221行初5号"
    assert events_for(case).last().data == {"fields": ["case_no"]}
    with pytest.raises(OversightError):
        review.update_review_case(case, acting_user=office_admin, result="upheld")


# --- table 四 -----------------------------------------------------------------------------------------------------

def scripted_year(township, other_township, office_admin, outsider):
    """The township's cases around 2025 (the year reported), registered on 2026-03-01."""
    def add(kind, filed, closed=None, result="pending", agency=township, user=office_admin):
        extra = {} if result != "pending" else {"answered_on": filed}
        return register(agency, user, kind=kind, filed_on=filed, result=result, closed_on=closed, **extra)

    with time_machine.travel("2026-03-01 10:00 +0800", tick=False):
        cases = {
            1: add(RECON, date(2025, 2, 10), date(2025, 4, 1), "upheld"),
            2: add(RECON, date(2025, 5, 6), date(2025, 7, 1), "corrected"),
            3: add(RECON, date(2025, 8, 1), date(2025, 9, 15), "upheld"),
            4: add(RECON, date(2025, 11, 10), date(2026, 1, 20), "upheld"),  # pending at the end of 2025
            5: add(RECON, date(2024, 11, 5), date(2025, 1, 15), "other"),  # filed in 2024, decided in 2025
            6: add(RECON, date(2024, 3, 1), date(2024, 6, 1), "upheld"),  # decided before 2025: not counted
            7: add(DIRECT, date(2025, 3, 3), date(2025, 10, 10), "corrected"),
            8: add(DIRECT, date(2025, 12, 1)),  # still pending
            9: add(DIRECT, date(2026, 1, 5)),  # filed after 2025: not counted
            10: add(AFTER, date(2025, 6, 2), date(2025, 12, 31), "upheld"),  # decided on the last day
            11: add(AFTER, date(2025, 4, 1), date(2025, 8, 8), "other"),
            12: add(AFTER, date(2023, 9, 1)),  # filed two years earlier, pending
            13: add(RECON, date(2025, 3, 3), date(2025, 5, 5), "upheld", agency=other_township, user=outsider),
        }
    return cases


def table_four(counts, agency_id):
    row = []
    for kind in (RECON, DIRECT, AFTER):
        cells = [counts[(agency_id, kind, r)] for r in ("upheld", "corrected", "other", "pending")]
        row += cells + [sum(cells)]
    return row


def test_table_four_of_a_scripted_year(township, other_township, office_admin, outsider,
                                       django_assert_num_queries):
    scripted_year(township, other_township, office_admin, outsider)
    with django_assert_num_queries(1):
        counts = selectors.review_case_counts(date(2025, 1, 1), date(2025, 12, 31), [township.pk, other_township.pk])
    #      复议: 维持 纠正 其他 未结 总计 | 直接起诉: 维持 纠正 其他 未结 总计 | 复议后起诉: 维持 纠正 其他 未结 总计
    assert table_four(counts, township.pk) == [2, 1, 1, 1, 5, 0, 1, 0, 1, 2, 1, 0, 1, 1, 3]
    assert table_four(counts, other_township.pk) == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert len(counts) == 2 * 3 * 4  # every cell present, zeros included


def test_the_following_year_counts_the_carried_over_cases_under_their_results(township, other_township,
                                                                              office_admin, outsider):
    scripted_year(township, other_township, office_admin, outsider)
    counts = selectors.review_case_counts(date(2026, 1, 1), date(2026, 12, 31), [township.pk])
    assert table_four(counts, township.pk) == [1, 0, 0, 0, 1, 0, 0, 0, 2, 2, 0, 0, 0, 1, 1]


def test_each_cell_drills_down_to_its_cases(township, other_township, office_admin, outsider):
    cases = scripted_year(township, other_township, office_admin, outsider)
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    assert list(selectors.review_case_drilldown(township.pk, start, end, RECON, "upheld")) == [cases[1], cases[3]]
    assert list(selectors.review_case_drilldown(township.pk, start, end, RECON, "pending")) == [cases[4]]
    assert list(selectors.review_case_drilldown(township.pk, start, end, AFTER, "total")) == [
        cases[12], cases[11], cases[10]]
    assert selectors.review_case_drilldown(township.pk, start, end, None, None).count() == 10


def test_a_year_without_cases_is_all_zeros(township):
    counts = selectors.review_case_counts(date(2017, 1, 1), date(2017, 12, 31), [township.pk])
    assert table_four(counts, township.pk) == [0] * 15


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
def test_a_case_links_the_application_handled_on_the_platform_and_keeps_other_numbers_as_text(township,
                                                                                              office_admin):
    from applications.tests.conftest import register as register_application

    application = register_application(township, office_admin, on=date(2026, 1, 12))
    linked = register(township, office_admin, application_no=application.number)
    assert (linked.application, linked.application_no) == (application, application.number)
    assert list(application.review_cases.all()) == [linked]
    paper = register(township, office_admin, application_no="2018-0003")  # handled on paper before the platform
    assert (paper.application, paper.application_no) == (None, "2018-0003")


def test_the_remedy_periods_of_a_reply_letter_are_in_calendar_days():
    from oversight.rules import remedy_deadlines

    remedies = remedy_deadlines(date(2026, 3, 10))
    assert (remedies.reconsideration_by, remedies.litigation_by) == (date(2026, 5, 9), date(2026, 9, 10))
    assert "60日内（至2026年5月9日）" in remedies.text and "6个月内（至2026年9月10日）" in remedies.text
    assert not remedies.provisional


def test_a_remedy_period_ending_on_a_holiday_ends_on_the_next_working_day():
    from oversight.rules import remedy_deadlines

    remedies = remedy_deadlines(date(2026, 8, 2))  # 60 days: 10月1日, in the National Day holiday
    assert remedies.reconsideration_by == date(2026, 10, 8)
    assert remedies.litigation_by == date(2027, 2, 2)  # beyond the loaded calendar: as computed, flagged
    assert remedies.provisional and "顺延至休假日后的第一个工作日" in remedies.text
    assert remedy_deadlines(date(2026, 4, 4)).litigation_by == date(2026, 10, 8)  # 10月4日 rolled too


@time_machine.travel("2026-04-20 10:00 +0800", tick=False)
def test_an_applications_pages_show_its_remedy_deadlines_and_review_cases(township, office_admin):
    from django.template.loader import render_to_string

    from applications.tests.conftest import register as register_application

    application = register_application(township, office_admin, on=date(2026, 1, 12))
    assert render_to_string("backoffice/oversight/_application_remedies.html",
                            {"application": application}).strip() == ""  # no reply, no case yet
    application.reply_code, application.delivered_on = "A1", date(2026, 3, 10)  # as the reply's delivery sets them
    case = register(township, office_admin, application_no=application.number, case_no="望政复〔2026〕9号")
    staff = render_to_string("backoffice/oversight/_application_remedies.html", {"application": application})
    assert "2026年5月9日" in staff and "2026年9月10日" in staff
    assert case.get_absolute_url() in staff and "望政复〔2026〕9号" in staff
    public = render_to_string("portal/oversight/_application_remedies.html", {"application": application})
    assert "至2026年5月9日" in public and "望政复" not in public

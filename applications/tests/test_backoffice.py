"""The back office: the work list (coloured due dates, the county's overview), registration from every channel,
the detail page and its event forms, personal data, letters, templates, the 工作台 panel."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications import services
from applications.models import Application, Channel, LetterTemplate, Status
from audit.models import AuditEvent
from security.tests.helpers import log_in

from .conftest import ID_ZHANG, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("end_of_2026")]


def logged_in(client, user):
    log_in(client, user)
    return client


def test_the_work_list_colours_due_dates(client, township, office_admin):
    register(township, office_admin, on=date(2026, 12, 1))  # due 2026-12-29: overdue on 12-30
    register(township, office_admin, on=date(2026, 12, 28), channel=Channel.EMAIL)
    page = logged_in(client, office_admin).get("/manage/applications/").content.decode()
    assert "2026-0001" in page and "2026-0002" in page
    assert "badge-danger" in page and "已逾期1个工作日" in page
    assert "待确认（2026-12-28到达）" in page


def test_the_list_runs_a_bounded_number_of_queries(client, township, office_admin):
    client = logged_in(client, office_admin)
    register(township, office_admin, on=date(2026, 11, 2))
    client.get("/manage/applications/")
    with CaptureQueriesContext(connection) as few:
        client.get("/manage/applications/")
    for day in range(3, 13):
        register(township, office_admin, on=date(2026, 11, day))
    with CaptureQueriesContext(connection) as many:
        client.get("/manage/applications/")
    assert len(many) == len(few)


def test_the_county_sees_every_agencys_open_and_overdue_applications(client, township, other_township,
                                                                     office_admin, outsider, supervisor):
    register(township, office_admin, on=date(2026, 12, 1))
    register(other_township, outsider, on=date(2026, 12, 2))
    page = logged_in(client, supervisor).get("/manage/applications/").content.decode()
    assert "各机关办理情况" in page and "东升乡人民政府" in page and "先锋镇人民政府" in page
    assert "登记申请" not in page  # reads, does not handle
    overdue = client.get("/manage/applications/?status=overdue").content.decode()
    assert "2026-0001" in overdue


def test_other_agencies_and_clerks_see_nothing(client, township, office_admin, outsider, clerk):
    application = register(township, office_admin, on=date(2026, 12, 1))
    assert logged_in(client, outsider).get(f"/manage/applications/{application.pk}/").status_code == 404
    assert "2026-0001" not in client.get("/manage/applications/").content.decode()
    assert logged_in(client, clerk).get("/manage/applications/").status_code == 403


def test_register_at_the_counter_with_filled_by_staff(client, township, office_admin):
    client = logged_in(client, office_admin)
    form = client.get("/manage/applications/new/").content.decode()
    token = form.split('name="token" value="')[1].split('"')[0]
    data = {"agency": township.code, "channel": "in_person", "filled_by_staff": "on", "arrived_on": "2026-11-20",
            "applicant_type": "natural_person", "applicant_name": "李大爷", "id_type": "id_card", "id_number": ID_ZHANG,
            "phone": "0455-6711000", "description": "本村2026年危房改造补助名单", "form_of_provision": "viewing",
            "route": "pickup", "token": token}
    response = client.post("/manage/applications/new/", data)
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/manage/applications/{application.pk}/"
    assert application.filled_by_staff and application.received_on == date(2026, 11, 20)
    client.post("/manage/applications/new/", data)  # the same form again: still one
    assert Application.objects.count() == 1


def test_a_bad_registration_is_shown_with_what_was_typed(client, township, office_admin):
    client = logged_in(client, office_admin)
    response = client.post("/manage/applications/new/", {
        "agency": township.code, "channel": "post", "arrived_on": "2026-12-10", "received_on": "2026-12-09",
        "applicant_type": "natural_person", "applicant_name": "王五", "id_type": "id_card", "id_number": ID_ZHANG,
        "phone": "13800000000", "description": "某某文件", "form_of_provision": "paper", "route": "pickup",
        "token": "t"})
    page = response.content.decode()
    assert response.status_code == 400 and "不能早于到达日期" in page and "王五" in page


def test_the_detail_page_explains_the_due_date_and_offers_the_events(client, township, office_admin):
    application = register(township, office_admin, on=date(2026, 12, 1), channel=Channel.LETTER)
    page = logged_in(client, office_admin).get(f"/manage/applications/{application.pk}/").content.decode()
    assert "平常信函应于收到当日与申请人确认" in page and "确认收到申请" in page
    response = client.post(f"/manage/applications/{application.pk}/confirm-receipt/",
                           {"confirm-receipt-date": "2026-12-02", "confirm-receipt-note": "电话确认"})
    assert response.status_code == 302
    page = client.get(f"/manage/applications/{application.pk}/").content.decode()
    assert "收到申请 2026年12月2日，次日起算；答复期限20个工作日，截止2026年12月30日" in page
    assert "告知补正" in page and "延期答复" in page and "政府信息公开申请登记回执" in page


def test_a_refused_event_shows_the_message_not_a_500(client, township, office_admin):
    application = register(township, office_admin, on=date(2026, 12, 1))
    client = logged_in(client, office_admin)
    response = client.post(f"/manage/applications/{application.pk}/extend/",
                           {"extend-date": "2026-12-10", "extend-days": "25", "extend-reason": "调取档案"})
    page = response.content.decode()
    assert response.status_code == 400 and "最长不得超过20个工作日" in page and "调取档案" in page
    response = client.post(f"/manage/applications/{application.pk}/receive-correction/",
                           {"receive-correction-date": "2026-12-10"})
    assert response.status_code == 409 and "不能登记收到补正" in response.content.decode()


def test_reply_deliver_archive_from_the_page(client, township, office_admin):
    application = register(township, office_admin, on=date(2026, 12, 1))
    client = logged_in(client, office_admin)
    client.post(f"/manage/applications/{application.pk}/reply/",
                {"reply-date": "2026-12-10", "reply-reply_code": "A2", "reply-text": ""})
    client.post(f"/manage/applications/{application.pk}/deliver/",
                {"deliver-date": "2026-12-11", "deliver-method": "direct"})
    client.post(f"/manage/applications/{application.pk}/archive/", {"archive-date": "2026-12-11"})
    application.refresh_from_db()
    assert (application.status, application.reply_code) == (Status.ARCHIVED, "A2")
    page = client.get(f"/manage/applications/{application.pk}/").content.decode()
    assert "按期答复" in page and "本申请已办结，没有可办理的事项" in page


def test_a_reader_without_handling_rights_sees_no_forms_and_cannot_post(client, township, office_admin, deputy):
    application = register(township, office_admin, on=date(2026, 12, 1))
    client = logged_in(client, deputy)
    page = client.get(f"/manage/applications/{application.pk}/").content.decode()
    assert "没有办理权限" in page and "查看完整个人信息" not in page
    response = client.post(f"/manage/applications/{application.pk}/reply/",
                           {"reply-date": "2026-12-10", "reply-reply_code": "A2"})
    assert response.status_code == 403


def test_revealing_personal_data_is_audited(client, township, office_admin):
    application = register(township, office_admin, on=date(2026, 12, 1))
    client = logged_in(client, office_admin)
    page = client.get(f"/manage/applications/{application.pk}/").content.decode()
    assert ID_ZHANG not in page and "138****5678" in page
    page = client.post(f"/manage/applications/{application.pk}/personal/").content.decode()
    assert ID_ZHANG in page and "13812345678" in page
    assert AuditEvent.objects.filter(action="applications.personal_data.viewed", actor=office_admin).count() == 1


def test_letters_download_as_pdf_and_docx(client, township, office_admin, outsider):
    application = register(township, office_admin, on=date(2026, 12, 1))
    letter = application.letters.get()
    client = logged_in(client, office_admin)
    pdf = client.get(f"/manage/applications/letters/{letter.pk}/pdf/")
    docx = client.get(f"/manage/applications/letters/{letter.pk}/docx/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert docx.status_code == 200 and b"".join(docx.streaming_content).startswith(b"PK")
    assert logged_in(client, outsider).get(f"/manage/applications/letters/{letter.pk}/pdf/").status_code == 404


def test_an_agency_edits_its_letter_template(client, township, office_admin):
    client = logged_in(client, office_admin)
    assert "补正告知书" in client.get("/manage/applications/templates/").content.decode()
    bad = client.post("/manage/applications/templates/correction/",
                      {"title": "补正告知书", "body": "{{ applicant_name }}：{{ id_number }}"})
    assert bad.status_code == 400 and "不认识的占位符" in bad.content.decode()
    ok = client.post("/manage/applications/templates/correction/",
                     {"title": "补正告知书", "body": "{{ applicant_name }}：\n\n请补正：{{ correction_items }}"})
    assert ok.status_code == 302 and LetterTemplate.objects.get().body.startswith("{{ applicant_name }}")
    client.post("/manage/applications/templates/", {"agency": township.code, "number_prefix": "东政信公",
                                                    "review_body": "望奎县人民政府", "contact": ""})
    application = register(township, office_admin, on=date(2026, 12, 1))
    services.request_correction(application, acting_user=office_admin, on=date(2026, 12, 2), items="年份")
    letter = application.letters.get(kind="correction")
    assert letter.body == "张三：\n\n请补正：年份" and letter.number == "东政信公〔2026〕2号"


def test_the_workbench_panel(client, township, office_admin):
    register(township, office_admin, on=date(2026, 12, 1))
    register(township, office_admin, on=date(2026, 12, 28), channel=Channel.ONLINE)
    page = logged_in(client, office_admin).get("/manage/").content.decode()
    assert "我承办的未办结申请" in page and "已逾期" in page and "待确认（网上、信函等）" in page


def test_a_due_date_beyond_the_calendar_is_registered_and_shown_as_provisional(client, township, office_admin):
    client = logged_in(client, office_admin)
    response = client.post("/manage/applications/new/", {
        "agency": township.code, "channel": "in_person", "arrived_on": "2026-12-28", "applicant_type": "natural_person",
        "applicant_name": "王五", "id_type": "id_card", "id_number": ID_ZHANG, "phone": "13800000000",
        "description": "某某文件", "form_of_provision": "paper", "route": "pickup", "token": "t2"})
    application = Application.objects.get()
    assert response.status_code == 302 and application.due_is_provisional
    detail = client.get(f"/manage/applications/{application.pk}/").content.decode()
    assert "期限待定" in detail and "工作日历尚未载入2027年" in detail
    assert "期限待定" in client.get("/manage/applications/?status=open").content.decode()
    assert "期限待定（下一年度节假日安排未载入）" in client.get("/manage/").content.decode()


def test_event_forms_tie_help_and_errors_to_their_fields(client, township, office_admin):
    """The detail page's forms: every aria-describedby points at an element of the page, also after a refusal."""
    import re

    application = register(township, office_admin, on=date(2026, 12, 1))
    client = logged_in(client, office_admin)
    response = client.post(f"/manage/applications/{application.pk}/extend/",
                           {"extend-date": "2026-12-10", "extend-days": "25", "extend-reason": "调取档案"})
    page = response.content.decode()
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    referenced = {ref for refs in re.findall(r'aria-describedby="([^"]+)"', page) for ref in refs.split()}
    assert referenced and referenced <= ids
    assert re.search(r'<input[^>]*name="extend-days"[^>]*aria-invalid="true"', page)


def test_abandonment_is_offered_only_once_the_applicants_period_has_passed(client, township, office_admin):
    """视为放弃 (A21/A22) is not a button to press by mistake while the applicant may still correct or pay."""
    import time_machine

    application = register(township, office_admin, on=date(2026, 12, 1))
    services.request_correction(application, acting_user=office_admin, on=date(2026, 12, 2), items="请写明年份。",
                                deadline=date(2026, 12, 29))
    client = logged_in(client, office_admin)
    with time_machine.travel("2026-12-29 10:00 +0800", tick=False):
        page = client.get(f"/manage/applications/{application.pk}/").content.decode()
    assert "收到补正" in page and "逾期未补正，视为放弃（A21）" not in page
    page = client.get(f"/manage/applications/{application.pk}/").content.decode()  # 12-30
    assert "逾期未补正，视为放弃（A21）" in page


def test_an_article_35_period_is_set_from_the_page_and_shown_with_its_reason(client, township, office_admin):
    application = register(township, office_admin, on=date(2026, 12, 1))  # due 2026-12-29
    client = logged_in(client, office_admin)
    page = client.get(f"/manage/applications/{application.pk}/").content.decode()
    assert "确定延迟答复的合理期限" in page
    response = client.post(f"/manage/applications/{application.pk}/reasonable-period/",
                           {"reasonable-period-date": "2026-12-10", "reasonable-period-due_on": "2026-12-29",
                            "reasonable-period-reason": "申请数量较多，需逐件检索档案", "reasonable-period-approver": ""})
    page = response.content.decode()
    assert response.status_code == 400 and "应晚于现在的答复期限" in page and "需逐件检索档案" in page
    response = client.post(f"/manage/applications/{application.pk}/reasonable-period/",
                           {"reasonable-period-date": "2026-12-10", "reasonable-period-due_on": "2026-12-31",
                            "reasonable-period-reason": "申请数量较多，需逐件检索档案", "reasonable-period-approver": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.due_date == date(2026, 12, 31)
    page = client.get(f"/manage/applications/{application.pk}/").content.decode()
    assert "确定延迟答复的合理期限（第三十五条）至 2026-12-31：申请数量较多，需逐件检索档案" in page
    assert "政府信息公开申请延迟答复告知书" in page
    assert "确定并告知申请人的日期" not in page  # once only: the form is no longer offered
    assert f'action="/manage/applications/{application.pk}/extend/"' not in page


def test_a_provisional_answer_period_is_shown_as_pending_with_the_calendars_message(client, township, office_admin):
    application = register(township, office_admin, on=date(2026, 12, 1))
    services.start_consultation(application, acting_user=office_admin, on=date(2026, 12, 21), party="third_party",
                                party_name="东升村村民委员会")
    page = logged_in(client, office_admin).get(f"/manage/applications/{application.pk}/").content.decode()
    assert "答复期限待定" in page and "工作日历尚未载入2027年的节假日安排" in page
    assert "发函，答复期限待定）" in page  # the form choosing the consultation says so too


def test_a_search_with_a_nul_character_is_not_a_server_error(client, township, office_admin):
    register(township, office_admin, on=date(2026, 12, 1))
    page = logged_in(client, office_admin).get("/manage/applications/?q=2026%00-0001")
    assert page.status_code == 200  # PostgreSQL text refuses NUL bytes: searched without it

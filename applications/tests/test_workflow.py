"""An application from intake to archive, as the people who handle it: receipt dates per channel (Art.31), 补正 once and
the restart, consultations, extension, the reply codes, delivery, splitting, permissions and bad input."""

from datetime import date

import pytest

from applications import clock, rules, selectors, services
from applications.errors import ApplicationError
from applications.models import Application, Channel, Consultation, Letter, ReasonablePeriod, Status
from audit.models import AuditEvent
from gongkai.errors import DomainError, NotFound, PermissionDenied

from .conftest import USCC_COMPANY, applicant, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("end_of_2026")]


# --- Art.31: the receipt date by channel ----------------------------------------------------------------------

def test_in_person_is_received_the_day_it_is_handed_in(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    assert (application.arrived_on, application.received_on, application.status) == (
        date(2026, 3, 2), date(2026, 3, 2), Status.IN_PROGRESS)
    assert application.number == "2026-0001" and len(application.tracking_code) == 12
    assert application.handler == office_admin


def test_in_person_with_another_receipt_date_is_rejected(township, office_admin):
    with pytest.raises(ApplicationError) as exc:
        register(township, office_admin, on=date(2026, 3, 2), received_on=date(2026, 3, 3))
    assert exc.value.code == "received_on_not_allowed"


def test_registered_post_is_received_on_the_signing_day(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2), channel=Channel.POST,
                           received_on=date(2026, 3, 3))
    assert application.received_on == date(2026, 3, 3)
    assert application.due_date == date(2026, 3, 31)


@pytest.mark.parametrize("channel", [Channel.LETTER, Channel.ONLINE, Channel.EMAIL, Channel.FAX])
def test_letter_online_email_and_fax_wait_for_confirmation_and_no_clock_runs(township, office_admin, channel):
    application = register(township, office_admin, on=date(2026, 3, 2), channel=channel)
    assert (application.status, application.received_on, application.due_date) == (
        Status.AWAITING_CONFIRMATION, None, None)
    assert "双方确认之日" in application.due_date_explanation
    services.confirm_receipt(application, acting_user=office_admin, on=date(2026, 3, 4), note="电话确认")
    assert (application.status, application.received_on, application.due_date) == (
        Status.IN_PROGRESS, date(2026, 3, 4), date(2026, 4, 1))


def test_a_historical_record_may_carry_its_confirmation_date(township, office_admin):
    application = register(township, office_admin, on=date(2024, 5, 6), channel=Channel.EMAIL,
                           received_on=date(2024, 5, 7))
    assert application.status == Status.IN_PROGRESS and application.number == "2024-0001"


@pytest.mark.parametrize(("arrived", "received", "code"), [
    (date(2026, 3, 5), date(2026, 3, 4), "received_before_arrival"),
    (date(2026, 12, 31), None, "date_in_future"),
    (date(2026, 12, 1), date(2026, 12, 31), "date_in_future"),
])
def test_impossible_dates_are_rejected(township, office_admin, arrived, received, code):
    with pytest.raises(ApplicationError) as exc:
        register(township, office_admin, on=arrived, channel=Channel.POST, received_on=received)
    assert exc.value.code == code and exc.value.status == 400
    assert not Application.objects.exists()


def test_confirmation_before_arrival_is_rejected(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 5), channel=Channel.LETTER)
    with pytest.raises(ApplicationError) as exc:
        services.confirm_receipt(application, acting_user=office_admin, on=date(2026, 3, 4))
    assert exc.value.code == "received_before_arrival"


# --- Art.29: the applicant ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("overrides", "code"), [
    ({"id_number": "231221198001011230"}, "invalid_id_number"),  # wrong check character
    ({"id_number": "23122119800231123X"}, "invalid_id_number"),  # 2月31日
    ({"applicant_type": "business", "id_type": "uscc", "id_number": USCC_COMPANY[:-1] + "0"}, "invalid_credit_code"),
    ({"applicant_type": "business", "id_type": "id_card"}, "id_type_mismatch"),
    ({"id_type": "uscc"}, "id_type_mismatch"),
    ({"phone": "", "address": "", "email": ""}, "contact_required"),
    ({"route": "email", "email": ""}, "email_required"),
    ({"description": ""}, "description_required"),
    ({"applicant_type": "nobody"}, "invalid_applicant_type"),
])
def test_bad_applicant_data_is_rejected_with_a_stable_code(township, office_admin, overrides, code):
    with pytest.raises(ApplicationError) as exc:
        services.register_application(township, applicant(**overrides), acting_user=office_admin,
                                      channel=Channel.IN_PERSON, arrived_on=date(2026, 3, 2))
    assert exc.value.code == code
    assert not Application.objects.exists()


def test_an_organisation_with_a_valid_credit_code(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2), applicant_type="research",
                           applicant_name="某农业科学研究所", id_type="uscc", id_number=USCC_COMPANY.lower())
    assert application.id_number == USCC_COMPANY and application.is_organisation


def test_the_same_submission_twice_creates_one_application(township, office_admin):
    first = services.register_application(township, applicant(), acting_user=office_admin,
                                          channel=Channel.IN_PERSON, arrived_on=date(2026, 3, 2), idempotency_key="k1")
    again = services.register_application(township, applicant(), acting_user=office_admin,
                                          channel=Channel.IN_PERSON, arrived_on=date(2026, 3, 2), idempotency_key="k1")
    assert first.pk == again.pk and Application.objects.count() == 1


def test_personal_data_is_encrypted_at_rest(township, office_admin):
    from django.db import connection

    application = register(township, office_admin, on=date(2026, 3, 2))
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, address, email FROM applications_application WHERE id = %s",
                       [application.pk])
        stored = cursor.fetchone()
    assert all(value.startswith("enc1:") for value in stored)
    assert "13812345678" not in "".join(stored)


# --- 补正 (Art.30) --------------------------------------------------------------------------------------------

def test_correction_stops_the_clock_and_the_period_restarts_from_the_corrected_application(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    services.request_correction(application, acting_user=office_admin, on=date(2026, 3, 5),
                                items="请写明所需低保名单的年份和村屯。", deadline=date(2026, 3, 20))
    assert (application.status, application.due_date) == (Status.CORRECTION, None)
    assert "3月5日告知补正，补正期限3月20日" in application.due_date_explanation
    services.receive_correction(application, acting_user=office_admin, on=date(2026, 3, 12))
    assert application.status == Status.IN_PROGRESS
    assert application.due_date == date(2026, 4, 10)  # 20 working days after 3-12, not after 3-2
    assert application.due_date_explanation.startswith(
        "收到申请 2026年3月2日；3月5日告知补正；收到补正后的申请 2026年3月12日，次日起算；")


def test_correction_is_requested_only_once(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    services.request_correction(application, acting_user=office_admin, on=date(2026, 3, 3), items="请写明年份。")
    services.receive_correction(application, acting_user=office_admin, on=date(2026, 3, 6))
    with pytest.raises(DomainError) as exc:
        services.request_correction(application, acting_user=office_admin, on=date(2026, 3, 9), items="再补正。")
    assert (exc.value.code, exc.value.status) == ("correction_already_requested", 409)


def test_a_correction_notice_after_7_working_days_is_refused(township, office_admin):
    application = register(township, office_admin, on=date(2026, 9, 19))
    assert clock.correction_notice_due(application) == date(2026, 9, 29)
    with pytest.raises(ApplicationError) as exc:
        services.request_correction(application, acting_user=office_admin, on=date(2026, 9, 30), items="年份。")
    assert (exc.value.code, exc.value.status) == ("correction_notice_late", 409)
    services.request_correction(application, acting_user=office_admin, on=date(2026, 9, 29), items="年份。")


@pytest.mark.parametrize(("on", "late"), [(date(2026, 3, 13), False), (date(2026, 3, 14), True)])
def test_the_day_after_the_7th_working_day_is_late_even_on_a_weekend(township, office_admin, on, late):
    application = register(township, office_admin, on=date(2026, 3, 4))  # 7th working day: Friday 3月13日
    assert clock.correction_notice_due(application) == date(2026, 3, 13)
    if late:
        with pytest.raises(ApplicationError) as exc:
            services.request_correction(application, acting_user=office_admin, on=on, items="年份。")
        assert exc.value.code == "correction_notice_late" and "2026年3月13日" in exc.value.message
    else:
        services.request_correction(application, acting_user=office_admin, on=on, items="年份。")


def test_no_correction_by_the_deadline_is_abandonment_a21(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    services.request_correction(application, acting_user=office_admin, on=date(2026, 3, 3), items="年份。",
                                deadline=date(2026, 3, 17))
    with pytest.raises(ApplicationError) as late:
        services.receive_correction(application, acting_user=office_admin, on=date(2026, 3, 18))
    assert late.value.code == "correction_deadline_passed"
    with pytest.raises(ApplicationError) as early:
        services.reply(application, acting_user=office_admin, on=date(2026, 3, 17), reply_code="A21")
    assert early.value.code == "abandonment_not_due"
    services.reply(application, acting_user=office_admin, on=date(2026, 3, 18), reply_code="A21")
    assert (application.status, application.reply_code) == (Status.ABANDONED, "A21")
    letter = application.letters.get(kind=Letter.Kind.REPLY)
    assert letter.title == "政府信息公开申请终止处理告知书" and "视为您放弃申请" in letter.body


def test_a_late_correction_with_a_good_reason_is_accepted(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    services.request_correction(application, acting_user=office_admin, on=date(2026, 3, 3), items="年份。",
                                deadline=date(2026, 3, 17))
    services.receive_correction(application, acting_user=office_admin, on=date(2026, 3, 19), late_reason="住院治疗")
    assert application.status == Status.IN_PROGRESS and application.due_date == date(2026, 4, 17)


# --- 征求意见 (Art.32, 34) ------------------------------------------------------------------------------------

def test_a_co_authoring_agencys_silence_is_consent(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    c = services.start_consultation(application, acting_user=office_admin, on=date(2026, 3, 3), party="agency",
                                    party_name="望奎县财政局", party_received_on=date(2026, 3, 4))
    assert c.answer_due == date(2026, 3, 25)
    with pytest.raises(ApplicationError) as early:
        services.end_consultation(application, acting_user=office_admin, on=date(2026, 3, 25))
    assert early.value.code == "outcome_required"
    ended = services.end_consultation(application, acting_user=office_admin, on=date(2026, 3, 26))
    assert ended.outcome == Consultation.Outcome.DEEMED_CONSENT and ended.answered_on is None
    # 3-3 … 3-25 (17 working days) not counted.
    assert application.due_date == date(2026, 4, 23)


def test_replying_after_every_answer_period_closes_the_consultations(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    services.start_consultation(application, acting_user=office_admin, on=date(2026, 3, 3), party="third_party",
                                party_name="张某")
    with pytest.raises(DomainError) as pending:
        services.reply(application, acting_user=office_admin, on=date(2026, 3, 20), reply_code="A2")
    assert pending.value.code == "consultation_pending"
    services.reply(application, acting_user=office_admin, on=date(2026, 3, 25), reply_code="A7",
                   text="第三方不同意公开，理由合理。")
    assert Consultation.objects.get().outcome == Consultation.Outcome.NO_ANSWER
    assert application.status == Status.REPLIED


# --- 延期 (Art.33) ---------------------------------------------------------------------------------------------

def test_extension_rules(township, office_admin, deputy, end_of_2026):
    application = register(township, office_admin, on=date(2026, 9, 21))
    for kwargs, code in [({"days": 21}, "extension_too_long"), ({"days": 0}, "invalid_extension_days"),
                         ({"days": 10, "reason": ""}, "extension_reason_required"),
                         ({"days": 10, "on": date(2026, 10, 27)}, "extension_after_due_date")]:
        with pytest.raises(DomainError) as exc:
            services.extend(application, acting_user=office_admin, **{"on": date(2026, 10, 26), "reason": "档案",
                                                                        **kwargs})
        assert exc.value.code == code
    with pytest.raises(PermissionDenied) as not_head:
        services.extend(application, acting_user=office_admin, on=date(2026, 10, 26), days=10, reason="档案",
                        approver=deputy)
    assert not_head.value.code == "approver_not_authorised"
    services.extend(application, acting_user=office_admin, on=date(2026, 10, 26), days=20, reason="档案")  # last day
    assert application.due_date == date(2026, 11, 23)
    with pytest.raises(DomainError) as again:
        services.extend(application, acting_user=office_admin, on=date(2026, 10, 27), days=1, reason="再延")
    assert again.value.code == "extension_already_granted"
    assert application.letters.filter(kind=Letter.Kind.EXTENSION).count() == 1


# --- 答复, 送达, 归档 ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "error"), [("", "reply_code_required"), ("A99", "unknown_reply_code"),
                                             ("A15", "no_correction")])
def test_a_reply_needs_exactly_one_valid_code(township, office_admin, code, error):
    application = register(township, office_admin, on=date(2026, 3, 2))
    with pytest.raises(ApplicationError) as exc:
        services.reply(application, acting_user=office_admin, on=date(2026, 3, 10), reply_code=code)
    assert exc.value.code == error
    assert Application.objects.get(pk=application.pk).status == Status.IN_PROGRESS


def test_2007_applications_have_the_2007_reply_types(township, office_admin):
    application = register(township, office_admin, on=date(2017, 9, 29))
    with pytest.raises(ApplicationError) as exc:
        services.reply(application, acting_user=office_admin, on=date(2017, 10, 10), reply_code="A19")
    assert exc.value.code == "reply_code_not_in_rule_set"
    services.reply(application, acting_user=office_admin, on=date(2017, 10, 10), reply_code="A2")
    letter = application.letters.get(kind=Letter.Kind.REPLY)
    assert "《中华人民共和国政府信息公开条例》（国务院令第492号）第二十一条第（一）项" in letter.body


def test_reply_delivery_by_post_and_archive(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    services.reply(application, acting_user=office_admin, on=date(2026, 3, 27), reply_code="A2")
    with pytest.raises(ApplicationError) as before:
        services.deliver(application, acting_user=office_admin, on=date(2026, 3, 26), method="post")
    assert before.value.code == "date_before_receipt"
    services.deliver(application, acting_user=office_admin, on=date(2026, 3, 30), method="post",
                     note="EMS 1234567890")
    assert (application.status, application.counted_reply_on, application.replied_late) == (
        Status.DELIVERED, date(2026, 3, 30), False)  # handed to the post on the due date: on time
    services.archive(application, acting_user=office_admin, on=date(2026, 4, 2))
    assert application.status == Status.ARCHIVED
    with pytest.raises(DomainError) as exc:
        services.reply(application, acting_user=office_admin, on=date(2026, 4, 3), reply_code="A1")
    assert (exc.value.code, exc.value.status) == ("wrong_state", 409)


def test_delivery_after_the_due_date_is_late(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    services.reply(application, acting_user=office_admin, on=date(2026, 3, 30), reply_code="A12")
    services.deliver(application, acting_user=office_admin, on=date(2026, 3, 31), method="post")
    assert application.replied_late is True
    event = AuditEvent.objects.get(action="applications.application.delivered")
    assert event.data["late"] is True


def test_petitions_sent_as_applications_are_closed_as_a16(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2), description="举报某村干部违规发放补贴")
    services.reply(application, acting_user=office_admin, on=date(2026, 3, 4), reply_code="A16")
    assert application.reply.row == "rejected_1"
    assert "不作为政府信息公开申请处理" in application.letters.get(kind=Letter.Kind.REPLY).body


def test_split_into_parts_counted_on_their_own(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    parts = services.split(application, acting_user=office_admin, on=date(2026, 3, 3),
                           parts=["2026年低保名单", "2026年特困人员名单", ""])
    assert [p.number for p in parts] == ["2026-0001-1", "2026-0001-2"]
    assert all(p.due_date == date(2026, 3, 30) and p.status == Status.IN_PROGRESS for p in parts)
    assert application.status == Status.SPLIT
    with pytest.raises(ApplicationError) as exc:
        services.split(parts[0], acting_user=office_admin, on=date(2026, 3, 4), parts=["只有一项"])
    assert exc.value.code == "split_too_few"


def test_a_disclosed_reply_becomes_a_proactive_draft(township, office_admin, category):
    from catalog.models import Item

    application = register(township, office_admin, on=date(2026, 3, 2))
    services.reply(application, acting_user=office_admin, on=date(2026, 3, 10), reply_code="A2")
    revision = services.convert_to_proactive(application, acting_user=office_admin, category=category,
                                             title="东升乡2026年农村低保名单")
    assert application.proactive_item == Item.objects.get(pk=revision.item_id)
    assert revision.status == "draft"
    other = register(township, office_admin, on=date(2026, 3, 2))
    services.reply(other, acting_user=office_admin, on=date(2026, 3, 10), reply_code="A12")
    with pytest.raises(DomainError) as exc:
        services.convert_to_proactive(other, acting_user=office_admin, category=category, title="x")
    assert exc.value.code == "not_disclosed"


# --- who may do what ----------------------------------------------------------------------------------------------

def test_a_clerk_cannot_register_or_handle(township, office_admin, clerk):
    with pytest.raises(PermissionDenied):
        register(township, clerk, on=date(2026, 3, 2))
    application = register(township, office_admin, on=date(2026, 3, 2))
    with pytest.raises(PermissionDenied):
        services.reply(application, acting_user=clerk, on=date(2026, 3, 3), reply_code="A2")
    with pytest.raises(NotFound):
        selectors.get_application_for(clerk, application.pk)


def test_another_agency_neither_sees_nor_handles(township, office_admin, outsider):
    application = register(township, office_admin, on=date(2026, 3, 2))
    with pytest.raises(NotFound):
        selectors.get_application_for(outsider, application.pk)
    with pytest.raises(PermissionDenied):
        services.request_correction(application, acting_user=outsider, on=date(2026, 3, 3), items="年份。")
    assert not selectors.applications_for(outsider).exists()


def test_the_county_supervisor_reads_every_agency_but_handles_none(township, other_township, office_admin,
                                                                   outsider, supervisor):
    mine = register(township, office_admin, on=date(2026, 3, 2))
    theirs = register(other_township, outsider, on=date(2026, 3, 2))
    assert set(selectors.applications_for(supervisor)) == {mine, theirs}
    assert selectors.get_application_for(supervisor, theirs.pk) == theirs
    with pytest.raises(PermissionDenied):
        services.reply(theirs, acting_user=supervisor, on=date(2026, 3, 3), reply_code="A2")
    with pytest.raises(PermissionDenied):
        services.reveal_personal_data(theirs, acting_user=supervisor)


def test_personal_data_is_masked_and_each_unmasked_view_is_audited(township, office_admin, deputy):
    application = register(township, office_admin, on=date(2026, 3, 2))
    masked = selectors.masked_applicant(application)
    assert masked.id_number == application.id_number[:6] + "********" + application.id_number[-4:]
    assert masked.phone == "138****5678" and "东升村" not in masked.address
    with pytest.raises(PermissionDenied):
        services.reveal_personal_data(application, acting_user=deputy)
    data = services.reveal_personal_data(application, acting_user=office_admin, purpose="邮寄答复")
    assert data.phone == "13812345678"
    events = AuditEvent.objects.filter(action="applications.personal_data.viewed")
    assert [(e.actor, e.target_id) for e in events] == [(office_admin, str(application.pk))]
    assert "13812345678" not in str(events[0].data) + events[0].comment


def test_the_handler_can_be_changed_to_a_colleague_who_may_handle(township, office_admin, clerk):
    from agencies.models import Role
    from agencies.tests.factories import person

    application = register(township, office_admin, on=date(2026, 3, 2))
    with pytest.raises(ApplicationError):
        services.assign_handler(application, acting_user=office_admin, handler=clerk)
    colleague = person(township, Role.OFFICE_ADMIN, "colleague", full_name="李同事")
    services.assign_handler(application, acting_user=office_admin, handler=colleague)
    assert application.handler == colleague


# --- the calendar changes -------------------------------------------------------------------------------------

def test_a_calendar_change_recomputes_open_due_dates_and_records_it(township, office_admin, platform_admin):
    from workdays.models import CalendarDay
    from workdays.services import set_calendar_day

    open_one = register(township, office_admin, on=date(2026, 3, 2))
    replied = register(township, office_admin, on=date(2026, 3, 2))
    services.reply(replied, acting_user=office_admin, on=date(2026, 3, 9), reply_code="A2")
    changed = set_calendar_day(date(2026, 3, 10), CalendarDay.Kind.HOLIDAY, name="临时放假", acting_user=platform_admin)
    assert changed["applications"] == 1
    open_one.refresh_from_db()
    replied.refresh_from_db()
    assert open_one.due_date == date(2026, 3, 31) and replied.due_date == date(2026, 3, 30)
    event = AuditEvent.objects.get(action="applications.application.due_recomputed")
    assert event.target_id == str(open_one.pk)
    assert event.data["due_date"] == ["2026-03-30", "2026-03-31"]
    assert "2026-03-10" in event.comment


# --- letters --------------------------------------------------------------------------------------------------

def test_each_notice_is_a_numbered_letter_on_the_application(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    services.request_correction(application, acting_user=office_admin, on=date(2026, 3, 3), items="请写明年份。")
    services.receive_correction(application, acting_user=office_admin, on=date(2026, 3, 5))
    services.start_consultation(application, acting_user=office_admin, on=date(2026, 3, 6), party="third_party",
                                party_name="某公司")
    services.end_consultation(application, acting_user=office_admin, on=date(2026, 3, 10), outcome="objected")
    services.extend(application, acting_user=office_admin, on=date(2026, 3, 20), days=10, reason="需要协调相关单位")
    services.reply(application, acting_user=office_admin, on=date(2026, 3, 24), reply_code="A3",
                   text="涉及第三方商业秘密的部分不予公开。")
    letters = list(application.letters.order_by("pk"))
    assert [letter.kind for letter in letters] == ["receipt", "correction", "consultation", "extension", "reply"]
    assert [letter.number for letter in letters] == [f"东升乡依申请公开〔2026〕{n}号" for n in range(1, 6)]
    consultation_letter = letters[2]
    assert not consultation_letter.to_applicant and consultation_letter.addressee == "某公司"
    assert "张三" not in consultation_letter.body  # the third party is not told who applied
    reply = letters[4]
    assert "《中华人民共和国政府信息公开条例》第三十七条" in reply.body
    assert "涉及第三方商业秘密的部分不予公开" in reply.body
    assert "六十日内依法向望奎县人民政府申请行政复议" in reply.body and "六个月内依法向人民法院提起行政诉讼" in reply.body
    assert application.id_number not in "".join(letter.body for letter in letters)
    assert "13812345678" not in "".join(letter.body for letter in letters)


def test_a_letter_received_later_moves_the_answer_period(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    services.start_consultation(application, acting_user=office_admin, on=date(2026, 3, 9), party="third_party",
                                party_name="某公司")
    c = services.record_consultation_receipt(application, acting_user=office_admin, on=date(2026, 3, 11))
    assert c.answer_due == date(2026, 4, 1)  # 15 working days after 3-11, not after 3-9
    services.end_consultation(application, acting_user=office_admin, on=date(2026, 3, 20), outcome="agreed")
    assert application.due_date == date(2026, 4, 14)


def test_a_fee_notice_received_later_moves_the_payment_period(township, office_admin):
    application = register(township, office_admin, on=date(2026, 6, 1))
    services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 6, 3), method="per_page", pages=40)
    fee = services.record_fee_notice_receipt(application, acting_user=office_admin, on=date(2026, 6, 8))
    assert fee.payment_due == date(2026, 7, 7)  # 6-19 is 端午节
    assert AuditEvent.objects.filter(action="applications.fee.notice_received").count() == 1


# --- 延迟答复的合理期限 (Art.35) ----------------------------------------------------------------------------------

def test_a_longer_reasonable_period_under_article_35(township, office_admin, deputy, end_of_2026):
    application = register(township, office_admin, on=date(2026, 9, 21))  # due 2026-10-26
    base = {"on": date(2026, 10, 20), "due_on": date(2026, 12, 31), "reason": "申请数量较多，需要逐件检索档案"}
    for kwargs, code in [({"reason": " "}, "reasonable_period_reason_required"),
                         ({"reason": "张三申请量大"}, "reason_contains_personal_data"),
                         ({"due_on": date(2026, 10, 26)}, "reasonable_period_not_later"),
                         ({"on": date(2026, 10, 27)}, "reasonable_period_after_due_date")]:
        with pytest.raises(DomainError) as exc:
            services.set_reasonable_period(application, acting_user=office_admin, **{**base, **kwargs})
        assert exc.value.code == code
    with pytest.raises(PermissionDenied) as not_head:
        services.set_reasonable_period(application, acting_user=office_admin, approver=deputy, **base)
    assert not_head.value.code == "approver_not_authorised"
    assert not ReasonablePeriod.objects.exists()

    services.set_reasonable_period(application, acting_user=office_admin, **base)
    assert application.due_date == date(2026, 12, 31)
    assert "依据条例第三十五条确定延迟答复的合理期限" in application.due_date_explanation
    assert "需要逐件检索档案" in application.due_date_explanation
    assert "孙公开" not in application.due_date_explanation  # shown to the applicant: no staff or personal names
    event = AuditEvent.objects.get(action="applications.application.reasonable_period_set")
    assert event.data["original_due"] == "2026-10-26" and event.data["due_on"] == "2026-12-31"
    letter = application.letters.get(kind=Letter.Kind.REASONABLE_PERIOD)
    assert "依据《中华人民共和国政府信息公开条例》第三十五条" in letter.body
    assert "2026年12月31日前作出答复" in letter.body
    assert "2026年10月26日" in letter.body  # the original due date

    with pytest.raises(DomainError) as again:
        services.set_reasonable_period(application, acting_user=office_admin, **base)
    assert again.value.code == "reasonable_period_already_set"
    with pytest.raises(DomainError) as no_extension:
        services.extend(application, acting_user=office_admin, on=date(2026, 10, 21), days=5, reason="档案")
    assert no_extension.value.code == "reasonable_period_already_set"

    # The reply is judged against the new date: on 2026-12-30 it is in time, though past the 20 working days.
    services.reply(application, acting_user=office_admin, on=date(2026, 12, 30), reply_code="A2")
    assert application.replied_late is False


def test_article_35_does_not_exist_under_the_2007_rules(township, office_admin, end_of_2026):
    application = register(township, office_admin, on=date(2017, 9, 29))
    with pytest.raises(DomainError) as exc:
        services.set_reasonable_period(application, acting_user=office_admin, on=date(2017, 10, 10),
                                       due_on=date(2017, 12, 29), reason="数量较多")
    assert exc.value.code == "reasonable_period_not_in_rule_set"


def test_a19_the_unreasonable_case_counts_in_row_three_five_4():
    assert rules.REPLY_CODE_BY_CODE["A19"].row == "rejected_4"
    assert "无正当理由大量反复申请" in rules.OUTCOME_ROW_LABELS["rejected_4"]

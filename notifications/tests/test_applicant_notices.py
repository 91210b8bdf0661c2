"""Applicants, complainants and 找错 reporters are told of each step: exactly one notice per channel they gave and
did not opt out of, after the step commits, with the 查询码 and a link, and never their ID number."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from applications import services
from applications.models import Status
from applications.tests.conftest import ID_ZHANG, applicant, register
from notifications import events
from notifications import services as notices
from notifications.gateways import sms
from notifications.models import Delivery, DeliveryStatus
from oversight.services import complaints, corrections

pytestmark = pytest.mark.django_db

EMAIL, MOBILE = "zhangsan@example.com", "13812345678"


def _received(township, user):
    return None, lambda: register(township, user, on=date(2026, 3, 2))


def _received_online(township, user):
    return None, lambda: services.submit_online(township, applicant())


def _confirmed(township, user):
    application = services.submit_online(township, applicant())
    return application, lambda: services.confirm_receipt(application, acting_user=user, on=date(2026, 12, 30))


def _correction(township, user):
    application = register(township, user, on=date(2026, 3, 2))
    return application, lambda: services.request_correction(application, acting_user=user, on=date(2026, 3, 5),
                                                             items="请写明所需低保名单的年份。",
                                                             deadline=date(2026, 3, 20))


def _consultation(township, user):
    application = register(township, user, on=date(2026, 3, 2))
    return application, lambda: services.start_consultation(application, acting_user=user, on=date(2026, 3, 3),
                                                             party="third_party", party_name="某公司")


def _extended(township, user):
    application = register(township, user, on=date(2026, 3, 2))
    return application, lambda: services.extend(application, acting_user=user, on=date(2026, 3, 20), days=10,
                                                 reason="需要协调相关单位")


def _period_set(township, user):
    application = register(township, user, on=date(2026, 9, 21))
    return application, lambda: services.set_reasonable_period(
        application, acting_user=user, on=date(2026, 10, 20), due_on=date(2026, 12, 31),
        reason="申请数量较多，需要逐件检索档案")


def _fee(township, user):
    application = register(township, user, on=date(2026, 6, 1))
    return application, lambda: services.send_fee_notice(application, acting_user=user, on=date(2026, 6, 3),
                                                          method="per_page", pages=40)


def _replied(township, user):
    application = register(township, user, on=date(2026, 3, 2))
    return application, lambda: services.reply(application, acting_user=user, on=date(2026, 3, 24), reply_code="A3",
                                                text="涉及第三方商业秘密的部分不予公开。")


STEPS = {
    "application.received": _received, "application.received/online": _received_online,
    "application.confirmed": _confirmed, "application.correction_requested": _correction,
    "application.consultation_started": _consultation, "application.extended": _extended,
    "application.period_set": _period_set, "application.fee_noticed": _fee, "application.replied": _replied,
}


@pytest.fixture(autouse=True)
def _late_2026():
    with time_machine.travel("2026-12-30 10:00 +0800", tick=False):
        yield


@pytest.mark.parametrize("step", list(STEPS))
def test_each_step_sends_exactly_one_notice_per_channel_without_the_id_number(
        step, township, office_admin, after_commit):
    event = step.split("/")[0]
    _, act = STEPS[step](township, office_admin)
    assert not Delivery.objects.exists()  # the setup's own notices never ran (nothing committed)
    with after_commit():
        result = act()
    application = result if hasattr(result, "tracking_code") else result.application
    deliveries = list(Delivery.objects.order_by("channel"))
    assert [(d.event, d.channel, d.status) for d in deliveries] == [
        (event, "email", DeliveryStatus.SENT), (event, "sms", DeliveryStatus.SENT)]
    [message] = mail.outbox
    [text] = sms.outbox
    assert message.to == [EMAIL] and text.to == MOBILE
    for body in (message.subject + message.body, text.body):
        assert application.tracking_code in body and "/track/" in body
        assert ID_ZHANG not in body and ID_ZHANG[-6:] not in body  # never the ID number, not even its end
        assert "东升村3组" not in body and MOBILE not in body and EMAIL not in body
        assert "/notices/unsubscribe/" in body
    assert all(d.recipient == "" and d.recipient_masked for d in deliveries)  # the address is erased once sent
    assert len(text.body) <= 200  # three SMS segments at most


def test_the_notice_points_to_the_letter_and_gives_the_dates(township, office_admin,
                                                             after_commit):
    _, act = _correction(township, office_admin)
    with after_commit():
        act()
    [message] = mail.outbox
    assert "《补正告知书》" in message.body and "2026年3月20日前" in message.body
    assert message.subject.startswith("【东升乡人民政府】您的申请需要补正")


@pytest.mark.parametrize(("opted_out", "left"), [(("sms",), ["email"]), (("email",), ["sms"]),
                                                 (("email", "sms"), [])])
def test_an_opted_out_channel_gets_nothing(opted_out, left, township, office_admin,
                                           after_commit):
    for channel in opted_out:
        notices.set_public_choice(channel=channel, address=EMAIL if channel == "email" else MOBILE, enabled=False)
    _, act = _replied(township, office_admin)
    with after_commit():
        act()
    assert sorted(Delivery.objects.values_list("channel", flat=True)) == left
    assert len(mail.outbox) == ("email" in left) and len(sms.outbox) == ("sms" in left)


def test_an_applicant_who_gave_neither_gets_nothing(township, office_admin, after_commit):
    with after_commit():
        register(township, office_admin, on=date(2026, 3, 2), email="", phone="0455-1234567")  # a landline: no SMS
    assert not Delivery.objects.exists() and mail.outbox == [] and sms.outbox == []


def test_the_same_occurrence_dispatched_twice_is_sent_once(township, office_admin, after_commit,
                                                          django_capture_on_commit_callbacks):
    _, act = _replied(township, office_admin)
    with after_commit() as callbacks:
        application = act()
    with django_capture_on_commit_callbacks(execute=True):
        callbacks[0]()  # the hook's callback again (a retried task)
    assert Delivery.objects.count() == 2 and len(mail.outbox) == 1
    assert application.status == Status.REPLIED
    assert events.dispatch("application.replied", "applications.Application", application.pk, 10 ** 9) == 2  # another


def test_nothing_is_sent_when_the_step_rolls_back(township, office_admin, after_commit):
    _, act = _replied(township, office_admin)
    with after_commit(), pytest.raises(RuntimeError), transaction.atomic():
        act()
        raise RuntimeError("a later failure in the same transaction")
    assert not Delivery.objects.exists() and mail.outbox == []


class BrokenGateway(sms.BaseSmsBackend):
    def send_messages(self, messages):
        raise ConnectionError("短信网关无响应")


def test_a_failing_gateway_never_undoes_the_step_and_is_retried_with_backoff(
        township, office_admin, settings, after_commit):
    settings.SMS_BACKEND = "notifications.tests.test_applicant_notices.BrokenGateway"
    application, act = _correction(township, office_admin)
    with after_commit():
        act()
    application.refresh_from_db()
    assert application.status == Status.CORRECTION  # the step stands
    text = Delivery.objects.get(channel="sms")
    assert (text.status, text.attempts, text.last_error) == (DeliveryStatus.RETRYING, 1,
                                                             "ConnectionError: 短信网关无响应")
    assert text.recipient == MOBILE and Delivery.objects.get(channel="email").status == DeliveryStatus.SENT
    assert notices.retry_due() == (0, 0)  # not before its backoff (60 s)
    with time_machine.travel("2026-12-30 10:01:01 +0800", tick=False):
        assert notices.retry_due() == (0, 1)
    text.refresh_from_db()
    assert text.attempts == 2 and (text.next_attempt_at - text.created_at).total_seconds() == 61 + 300
    settings.SMS_BACKEND = "oversight.sms.MemorySmsBackend"  # the gateway is back
    with time_machine.travel("2026-12-30 10:10 +0800", tick=False):
        assert notices.retry_due() == (1, 0)
    text.refresh_from_db()
    assert (text.status, text.attempts, text.recipient) == (DeliveryStatus.SENT, 3, "")
    [sent] = sms.outbox
    assert application.tracking_code in sent.body


def test_after_the_last_attempt_a_delivery_is_failed_and_its_address_erased(
        township, office_admin, settings, after_commit):
    settings.SMS_BACKEND = "notifications.tests.test_applicant_notices.BrokenGateway"
    _, act = _replied(township, office_admin)
    with after_commit():
        act()
    text = Delivery.objects.get(channel="sms")
    for hour in range(1, notices.MAX_ATTEMPTS):
        with time_machine.travel(f"2026-12-30 {10 + hour * 3}:00 +0800", tick=False):
            notices.retry_due()
    text.refresh_from_db()
    assert (text.status, text.attempts, text.recipient, text.next_attempt_at) == (
        DeliveryStatus.FAILED, notices.MAX_ATTEMPTS, "", None)


def test_the_celery_task_sends_queued_deliveries(township, office_admin, django_capture_on_commit_callbacks):
    from notifications.tasks import deliver_task, retry_deliveries_task

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register(township, office_admin, on=date(2026, 3, 2))
    [hook] = [c for c in callbacks if getattr(c, "func", None) is events.dispatch]
    hook()  # writes the deliveries; their sending waits for this (test) transaction's commit
    ids = list(Delivery.objects.values_list("pk", flat=True))
    assert len(ids) == 2 and mail.outbox == []
    assert deliver_task.delay(ids).get() == {"sent": 2, "failed": 0}
    assert deliver_task.delay(ids).get() == {"sent": 0, "failed": 0}  # never twice
    assert retry_deliveries_task.delay().get() == {"sent": 0, "failed": 0}


# --- complainants and 找错 reporters ----------------------------------------------------------------------------

def test_a_complainant_is_told_when_the_complaint_is_answered(township, office_admin,
                                                              after_commit):
    complaint, _code = complaints.submit_complaint(township, summary="东升乡政务公开栏长期未更新。", name="李四",
                                                   contact="lisi@example.com")
    with after_commit():
        complaints.route_complaint(complaint, acting_user=office_admin)
    assert mail.outbox == []  # routing is not an answer
    with after_commit():
        complaints.close_complaint(complaint, acting_user=office_admin, result="substantiated",
                                   reply="已督促更新公开栏。")
    [message] = mail.outbox
    assert message.to == ["lisi@example.com"] and complaint.number in message.body
    assert "/hd/complaint/track/" in message.body and "李四" not in message.body
    assert Delivery.objects.get().event == "complaint.answered"


def test_an_anonymous_complainant_is_never_contacted(township, office_admin, after_commit):
    complaint, _ = complaints.submit_complaint(township, summary="东升乡政务公开栏长期未更新。", is_anonymous=True)
    with after_commit():
        complaints.close_complaint(complaint, acting_user=office_admin, result="unfounded", reply="已核实。")
    assert not Delivery.objects.exists() and mail.outbox == []


def test_a_site_error_reporter_is_told_by_sms_when_it_is_fixed(township, office_admin,
                                                               after_commit):
    report = corrections.report_site_error(page_url=f"/agency/{township.code}/guide/", description="指南链接打不开。",
                                           contact="139 4556 1234")
    with after_commit():
        corrections.fix_site_error(report, acting_user=office_admin, fix_note="已修正链接。")
    [text] = sms.outbox
    assert text.to == "13945561234" and report.number in text.body and "已修正" in text.body
    assert mail.outbox == []


@pytest.mark.parametrize(("wants", "channels"), [(None, ["email", "sms"]), (True, ["email", "sms"]), (False, [])])
def test_the_api_registration_records_the_applicants_choice(wants, channels, township, office_admin, after_commit):
    from applications.models import Application
    from applications.tests.test_api import client_for, payload

    data = payload(township, email=EMAIL) | ({} if wants is None else {"wants_notices": wants})
    with after_commit():
        response = client_for(office_admin).post("/api/v1/applications/", data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["notices_wanted"] is (wants is not False)
    assert Application.objects.get().notices_wanted is (wants is not False)
    assert sorted(Delivery.objects.values_list("channel", flat=True)) == channels
    assert not notices.is_opted_out("email", EMAIL)  # this application only


def test_applicants_imported_from_a_register_are_never_notified(tmp_path, township, office_admin, after_commit):
    """A register is history: its applicants never saw the box, and the numbers in it may be years old. Neither the
    import nor a later step on an imported open application tells them anything."""
    from applications import imports
    from applications.models import Application
    from applications.tests.test_imports import ledger

    row = ["DS-2026-101", "2026年12月1日", "当面提交", "自然人", "张三", ID_ZHANG, MOBILE, "东升乡2026年低保名单",
           None, None, "办理中"]
    with after_commit():
        imports.import_ledger(township, ledger(tmp_path, rows=[row]), "台账.xlsx", acting_user=office_admin)
    application = Application.objects.get()
    assert application.status == Status.IN_PROGRESS and application.phone == MOBILE
    with after_commit():
        services.reply(application, acting_user=office_admin, on=date(2026, 12, 30), reply_code="A3",
                       text="涉及第三方商业秘密的部分不予公开。")
    assert not Delivery.objects.exists() and sms.outbox == [] and mail.outbox == []


def test_a_cost_fee_notice_under_the_2007_rules_names_the_costs_not_the_processing_fee(
        township, office_admin, after_commit):
    application = register(township, office_admin, on=date(2017, 9, 29))
    with after_commit():
        services.send_cost_fee_notice(application, acting_user=office_admin, on=date(2017, 10, 9),
                                      items=[{"kind": "copying", "quantity": 30, "unit_price": "0.50"}])
    [message] = mail.outbox
    [text] = sms.outbox
    assert "检索、复制、邮寄等成本费用 15.00 元" in message.body and "请于2017年11月6日前缴纳" in message.body
    assert "需缴纳检索、复制、邮寄等成本费用15.00元（2017年11月6日前）" in text.body
    assert "信息处理费" not in message.body + text.body

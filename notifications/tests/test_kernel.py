"""The kernel itself: every event has its templates, the file backends write what a developer reads, staff choose
their channels (WeChat included), and the unsubscribe link and the form's box are honoured."""

import json
import re
from datetime import date

import pytest
from django.core import mail

from casework import sweep
from casework.reminders import DueRecord
from notifications import channels, services
from notifications.events import EVENTS
from notifications.gateways import sms, wechat
from notifications.models import Audience, Delivery, DeliveryStatus, Preference
from notifications.services import Notice, Recipient

pytestmark = pytest.mark.django_db

OPENID = "oKQ3w5Yx1aBcDeFgHiJkLmNoPqRs"


@pytest.mark.parametrize("event", list(EVENTS))
def test_every_event_renders_on_every_channel(event):
    context = {"agency": "东升乡人民政府", "number": "2026-0001", "tracking_code": "ABCD2345EFGH", "kind": "before_3",
               "label": "依申请公开 2026-0001 答复期限", "link": "http://127.0.0.1:8000/track/"}
    for key in channels.names():
        rendered = channels.get(key).render(event, "x", context)
        assert rendered.body.strip(), (event, key)
    assert channels.get("email").render(event, "x", context).subject.strip()


def test_adding_a_channel_is_one_registry_line():
    assert channels.CHANNELS == {"email": "notifications.channels.email.EmailChannel",
                                 "sms": "notifications.channels.sms.SmsChannel",
                                 "wechat": "notifications.channels.wechat.WechatChannel"}
    assert [label for _, label in channels.choices()] == ["电子邮件", "手机短信", "微信公众号"]


def test_the_old_sms_backend_paths_still_work():
    from oversight import sms as old

    assert old.FileSmsBackend is sms.FileSmsBackend and old.outbox is sms.outbox


def test_the_file_backends_write_one_json_line_per_message(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    assert sms.FileSmsBackend().send_messages([sms.SmsMessage("13945561234", "测试短信")]) == 1
    message = wechat.WechatMessage(OPENID, "tpl-1", {"first": "您好"}, "http://127.0.0.1:8000/manage/")
    assert wechat.FileWechatBackend().send_messages([message]) == 1
    [sms_file] = (tmp_path / "sms").iterdir()
    [wechat_file] = (tmp_path / "wechat").iterdir()
    assert json.loads(sms_file.read_text(encoding="utf-8")) == {"to": "13945561234", "body": "测试短信"}
    assert json.loads(wechat_file.read_text(encoding="utf-8"))["data"] == {"first": "您好"}
    assert message.payload()["data"] == {"first": {"value": "您好"}}


def test_the_real_wechat_backend_without_a_client_is_an_error_that_is_retried(settings, office_admin):
    settings.WECHAT_BACKEND = "notifications.gateways.wechat.OfficialAccountBackend"
    [delivery] = services.notify(Notice(
        event="casework.reminder", key="t:1", recipients=[Recipient("wechat", OPENID, Audience.STAFF)],
        context={"kind": "overdue", "label": "依申请公开 2026-0001 答复期限", "due": "2026年3月30日", "link": "/"}),
        defer=False).deliveries
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING and "未配置微信公众号接口" in delivery.last_error


# --- staff ---------------------------------------------------------------------------------------------------------

@pytest.fixture
def one_due_record(monkeypatch, township, office_admin):
    office_admin.email = "office@dongsheng.example"
    office_admin.save(update_fields=["email"])
    record = DueRecord(key="applications.application:1:reply", agency_id=township.pk,
                       label="依申请公开 2026-0001 答复期限", due_on=date(2026, 3, 18),
                       recipient_emails=(office_admin.email,), url="/manage/applications/1/")
    monkeypatch.setattr(sweep, "sources", lambda: [("test", lambda today: [record])])
    return record


def test_staff_get_reminders_by_email_by_default(one_due_record):
    sweep.sweep_deadlines(date(2026, 3, 13))
    [message] = mail.outbox
    assert message.subject == "【期限提醒】依申请公开 2026-0001 答复期限还剩3个工作日（2026年3月18日）"
    assert message.body == f"{message.subject}\n\n请登录工作台办理：http://127.0.0.1:8000/manage/applications/1/\n"
    assert wechat.outbox == [] and sms.outbox == []


def test_staff_who_turn_on_wechat_and_sms_get_those_too_and_can_turn_off_email(one_due_record, office_admin):
    services.save_staff_preference(office_admin, channel="wechat", enabled=True, address=OPENID)
    services.save_staff_preference(office_admin, channel="sms", enabled=True, address="139-4556-1234")
    services.save_staff_preference(office_admin, channel="email", enabled=False)
    sweep.sweep_deadlines(date(2026, 3, 19))  # overdue
    assert mail.outbox == []
    [text] = sms.outbox
    assert text.to == "13945561234" and text.body.startswith("【政府信息公开】【已逾期】依申请公开 2026-0001")
    [message] = wechat.outbox
    assert message.to == OPENID and message.url == "http://127.0.0.1:8000/manage/applications/1/"
    assert message.data["first"] == "【已逾期】依申请公开 2026-0001 答复期限（2026年3月18日）"
    assert message.template_id == "default"
    assert set(Delivery.objects.values_list("recipient_masked", flat=True)) == {"139****1234", "oKQ3***Rs"}


@pytest.mark.parametrize(("channel", "enabled", "address", "code"), [
    ("wechat", True, "", "address_required"), ("sms", True, "0455-1234567", "invalid_address"),
    ("fax", True, "", "invalid_channel")])
def test_a_staff_choice_needs_a_valid_address(office_admin, channel, enabled, address, code):
    with pytest.raises(services.NotificationError) as exc:
        services.save_staff_preference(office_admin, channel=channel, enabled=enabled, address=address)
    assert exc.value.code == code


# --- the public: unsubscribe link and the form's box ----------------------------------------------------------------

def test_the_unsubscribe_link_works_without_login_and_stops_that_channel(client):
    url = services.unsubscribe_url("sms", "13812345678")
    path = url.removeprefix("http://127.0.0.1:8000")
    page = client.get(path)
    assert page.status_code == 200 and "手机短信" in page.content.decode() and "13812345678" not in url
    done = client.post(path)
    assert done.status_code == 200 and "您将不再收到手机短信办理进展通知" in done.content.decode()
    assert services.is_opted_out("sms", "13812345678") and not services.is_opted_out("email", "a@example.com")
    assert client.post(path).status_code == 200  # twice is fine
    assert Preference.objects.count() == 1


@pytest.mark.parametrize("token", ["sms-0123456789abcdef01234567-0000000000000000", "nonsense", "fax--"])
def test_a_tampered_unsubscribe_link_is_refused_clearly(client, token):
    page = client.post(f"/notices/unsubscribe/{token}/")
    assert page.status_code == 400 and "退订链接无效或已被修改" in page.content.decode()
    assert not Preference.objects.exists()


def _apply(client, township, **overrides):
    from applications.tests.test_portal import form_data

    return client.post("/apply/", form_data(township, client, email="zhangsan@example.com", **overrides))


@pytest.mark.usefixtures("end_of_2026")
def test_an_applicant_who_unticks_the_box_gets_no_notices_for_that_application_only(client, township, after_commit):
    from applications.models import Application

    with after_commit():
        assert _apply(client, township).status_code == 302  # the box not sent = unticked
    assert not Delivery.objects.exists() and mail.outbox == [] and sms.outbox == []
    assert Application.objects.get().notices_wanted is False
    # Anyone can type any address into the form: unticking it never opts the address out of other applications.
    assert not Preference.objects.exists()
    assert not services.is_opted_out("email", "zhangsan@example.com")
    with after_commit():
        assert _apply(client, township, notify="on").status_code == 302
    assert sorted(Delivery.objects.values_list("channel", flat=True)) == ["email", "sms"]


@pytest.mark.usefixtures("end_of_2026")
def test_an_applicant_who_keeps_the_box_gets_the_receipt_notice(client, township, after_commit):
    with after_commit():
        assert _apply(client, township, notify="on").status_code == 302
    assert sorted(Delivery.objects.values_list("channel", flat=True)) == ["email", "sms"]
    [message] = mail.outbox
    assert re.search(r"查询码：[A-Z0-9]{12}", message.body) and "待确认" not in message.subject
    assert "确认收到后，答复期限自确认之日起计算" in message.body


@pytest.mark.usefixtures("end_of_2026")
def test_ticking_the_box_does_not_undo_an_unsubscribe_link(client, township, after_commit):
    """Only the address's holder gets the link; the form's box (anyone can type any address) cannot opt it back in."""
    services.set_public_choice(channel="email", address="zhangsan@example.com", enabled=False)  # followed the link
    with after_commit():
        assert _apply(client, township, notify="on").status_code == 302
    assert list(Delivery.objects.values_list("channel", flat=True)) == ["sms"] and mail.outbox == []
    assert services.is_opted_out("email", "zhangsan@example.com")


def test_the_form_offers_the_box_ticked(client, township):
    page = client.get("/apply/").content.decode()
    assert re.search(r'<input type="checkbox" name="notify"[^>]*checked', page)


def test_a_delivery_left_sending_by_a_dead_worker_is_taken_back_after_its_lease(office_admin):
    import time_machine

    from notifications.services import _claim, retry_due

    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        [delivery] = services.notify(Notice(
            event="casework.reminder", key="lease", recipients=[Recipient("email", "a@example.com", Audience.STAFF)],
            context={"kind": "overdue", "label": "依申请公开 2026-0001 答复期限", "due": "2026年3月2日", "link": "/"}),
            defer=True).deliveries  # queued for after commit, which never comes in this test
        assert [d.pk for d in _claim([delivery.pk])] == [delivery.pk]  # a worker takes it, then dies
        assert retry_due() == (0, 0)
    with time_machine.travel("2026-03-02 10:11 +0800", tick=False):
        assert retry_due() == (1, 0)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and len(mail.outbox) == 1

"""The delivery log in the back office, scoped per agency and audience, and each person's notification settings."""

import pytest

from agencies.tests.clients import client_for
from audit.models import AuditEvent
from notifications import services
from notifications.models import Audience, Preference
from notifications.services import Notice, Recipient

pytestmark = pytest.mark.django_db


def _notice(agency, audience=Audience.APPLICANT, reference="依申请公开 2026-0001", key="t"):
    return services.notify(Notice(
        event="application.replied" if audience == Audience.APPLICANT else "complaint.answered", key=key,
        recipients=[Recipient("email", "zhangsan@example.com", audience)],
        context={"agency": agency.name, "number": "2026-0001", "tracking_code": "ABCD2345EFGH", "link": "/track/",
                 "replied_on": "2026年3月24日", "letter": "政府信息公开申请答复书"},
        agency_id=agency.pk, reference=reference), defer=False)


def test_the_handlers_see_their_agencys_deliveries_masked(township, other_township, office_admin, outsider):
    _notice(township)
    _notice(other_township, reference="依申请公开 2026-0099", key="other")
    page = client_for("backoffice", office_admin).get("/manage/notifications/")
    text = page.content.decode()
    assert page.status_code == 200 and "依申请公开 2026-0001" in text and "2026-0099" not in text
    assert "z***@example.com" in text and "zhangsan@example.com" not in text and "已发送" in text
    assert "2026-0001" not in client_for("backoffice", outsider).get("/manage/notifications/").content.decode()


def test_the_county_supervisor_sees_the_registers_they_handle_below_but_not_the_applications(township, supervisor):
    _notice(township, audience=Audience.COMPLAINANT, reference="投诉举报 TS2026-0001")
    _notice(township, key="application")
    page = client_for("backoffice", supervisor).get("/manage/notifications/?status=sent")
    text = page.content.decode()
    assert page.status_code == 200 and "TS2026-0001" in text and "依申请公开 2026-0001" not in text
    assert "没有通知发送记录" in client_for("backoffice", supervisor).get(
        "/manage/notifications/?status=failed").content.decode()


def test_someone_who_handles_nothing_is_refused(clerk):
    assert client_for("backoffice", clerk).get("/manage/notifications/").status_code == 403


def test_a_bad_page_marker_is_ignored_not_a_500(office_admin):
    assert client_for("backoffice", office_admin).get("/manage/notifications/?before=abc&status=x").status_code == 200


def test_staff_turn_wechat_on_and_off_on_their_settings_page(office_admin):
    client = client_for("backoffice", office_admin)
    assert "微信公众号" in client.get("/manage/notifications/settings/").content.decode()
    missing = client.post("/manage/notifications/settings/", {"channel": "wechat", "enabled": "on", "address": ""})
    assert missing.status_code == 400 and "开启微信公众号通知，请填写接收地址。" in missing.content.decode()
    done = client.post("/manage/notifications/settings/",
                       {"channel": "wechat", "enabled": "on", "address": "oKQ3w5Yx1aBcDeFgHiJkLmNoPqRs"})
    assert done.status_code == 302
    pref = Preference.objects.get(user=office_admin, channel="wechat")
    assert pref.enabled and pref.address == "oKQ3w5Yx1aBcDeFgHiJkLmNoPqRs"
    client.post("/manage/notifications/settings/", {"channel": "wechat", "address": ""})  # off, the openid kept
    pref.refresh_from_db()
    assert not pref.enabled and pref.address == "oKQ3w5Yx1aBcDeFgHiJkLmNoPqRs"
    assert AuditEvent.objects.filter(action="notifications.preference.saved").count() == 2
    assert "oKQ3***Rs" in client.get("/manage/notifications/settings/").content.decode()


def test_the_settings_page_needs_a_login(client):
    assert client.get("/manage/notifications/settings/").status_code == 302

"""The two-step login: password, then a TOTP code or a recovery code; enrolment for whoever must use MFA and has no
device; nobody is logged in before the second step passes; every attempt is in the audit trail."""

import base64
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Role
from agencies.tests.factories import person
from audit.models import AuditEvent
from audit.selectors import events_for
from security import services
from security.tests.helpers import current_code, log_in, totp_device_for

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def actions(user) -> list[str]:
    return [event.action for event in events_for(user) if event.action.startswith("security.")]


def password_step(client, username, password=PASSWORD, **extra):
    return client.post("/manage/login/", {"username": username, "password": password, **extra})


def test_a_person_with_a_device_logs_in_with_password_then_a_totp_code(client, office_admin):
    device = totp_device_for(office_admin)
    client.get("/manage/login/")
    before_password_key = client.session.session_key
    response = password_step(client, "office", next="/manage/items/")
    # The half-done login is held under a new session id (an id planted before the password step never carries it).
    assert client.session.session_key != before_password_key
    assert response.status_code == 302 and response["Location"] == "/manage/login/verify/"
    # Password right, second factor pending: nobody is logged in yet.
    assert SESSION_KEY not in client.session
    assert client.get("/manage/").status_code == 302
    half_done_key = client.session.session_key
    page = client.get("/manage/login/verify/").content.decode()
    assert "动态验证码" in page and "孙公开" in page

    response = client.post("/manage/login/verify/", {"code": current_code(device)})

    assert response.status_code == 302 and response["Location"] == "/manage/items/"
    assert client.session[SESSION_KEY] == str(office_admin.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != half_done_key  # the session id is rotated at login
    assert client.get("/manage/").status_code == 200
    event = AuditEvent.objects.get(action="security.login.succeeded")
    assert event.actor == office_admin and event.data["factor"] == "totp" and event.data["username"] == "office"
    assert event.label == "登录成功"


def test_a_wrong_code_leaves_the_person_logged_out_and_is_audited(client, office_admin):
    device = totp_device_for(office_admin)
    password_step(client, "office")
    wrong = f"{(int(current_code(device)) + 1) % 1000000:06d}"

    response = client.post("/manage/login/verify/", {"code": wrong})

    assert response.status_code == 400 and "验证码不正确或已过期" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert actions(office_admin) == ["security.login.second_factor_failed"]
    assert AuditEvent.objects.get(action="security.login.second_factor_failed").actor is None


def test_a_wrong_password_is_audited_on_the_account_and_an_unknown_name_on_the_platform(client, office_admin,
                                                                                        county):
    assert password_step(client, "office", "wrong-password").status_code == 400
    assert password_step(client, "nobody", "wrong-password").status_code == 400
    assert actions(office_admin) == ["security.login.password_failed"]
    unknown = AuditEvent.objects.get(action="security.login.password_failed", data__username="nobody")
    assert unknown.target == county and unknown.data["ip_address"] == "127.0.0.1"


def test_a_recovery_code_works_once(client, office_admin):
    totp_device_for(office_admin)
    codes = services.regenerate_recovery_codes(office_admin, acting_user=office_admin)
    password_step(client, "office")
    response = client.post("/manage/login/verify/", {"code": codes[0].upper()})
    assert response.status_code == 302 and client.session[SESSION_KEY] == str(office_admin.pk)
    assert AuditEvent.objects.filter(action="security.login.succeeded").last().data["factor"] == "recovery_code"
    assert StaticToken.objects.filter(device__user=office_admin).count() == 9
    client.post("/manage/logout/")
    assert AuditEvent.objects.filter(action="security.logout", actor=office_admin).count() == 1

    password_step(client, "office")
    with time_machine.travel(timedelta(seconds=5)):  # past django-otp's throttle of the earlier failure, if any
        again = client.post("/manage/login/verify/", {"code": codes[0]})
    assert again.status_code == 400 and SESSION_KEY not in client.session


def test_someone_without_a_device_who_need_not_use_mfa_logs_in_with_the_password(client, clerk):
    response = password_step(client, "clerk")
    assert response.status_code == 302 and response["Location"] == "/manage/"
    assert client.session[SESSION_KEY] == str(clerk.pk)
    assert AuditEvent.objects.get(action="security.login.succeeded").data["factor"] == "password"


def test_someone_who_enrolled_voluntarily_passes_the_second_step_too(client, clerk):
    totp_device_for(clerk)
    assert password_step(client, "clerk")["Location"] == "/manage/login/verify/"


def test_the_half_done_login_expires(client, office_admin):
    totp_device_for(office_admin)
    password_step(client, "office")
    with time_machine.travel(timedelta(minutes=11)):
        response = client.get("/manage/login/verify/", follow=True)
    assert response.redirect_chain[-1][0] == "/manage/login/"
    assert "登录已超时或尚未输入密码" in response.content.decode()


def _secret_from(page: str) -> bytes:
    secret = re.search(r'data-secret="([A-Z2-7 ]+)"', page).group(1).replace(" ", "")
    return base64.b32decode(secret)


def test_a_person_who_must_use_mfa_and_has_none_enrols_and_sees_ten_recovery_codes_once(client, township):
    newcomer = person(township, Role.OFFICE_ADMIN, "newoffice", full_name="新公开")
    response = password_step(client, "newoffice")
    assert response["Location"] == "/manage/login/enrol/"
    page = client.get("/manage/login/enrol/").content.decode()
    assert "<svg" in page and "绑定动态验证码" in page
    key = _secret_from(page)
    assert _secret_from(client.get("/manage/login/enrol/").content.decode()) == key  # a reload keeps the secret
    assert SESSION_KEY not in client.session

    bad = client.post("/manage/login/enrol/", {"code": "12345"})
    assert bad.status_code == 400 and "6 位数字" in bad.content.decode()
    response = client.post("/manage/login/enrol/", {"code": f"{TOTP(key).token():06d}"})

    assert response["Location"] == "/manage/security/recovery-codes/"
    assert client.session[SESSION_KEY] == str(newcomer.pk) and client.session.get(DEVICE_ID_SESSION_KEY)
    codes_response = client.get("/manage/security/recovery-codes/")
    assert "no-store" in codes_response["Cache-Control"]  # never kept by the browser or a proxy
    codes_page = codes_response.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page)
    assert len(codes) == 10 and "只显示这一次" in codes_page
    assert set(codes) == set(StaticToken.objects.filter(device__user=newcomer).values_list("token", flat=True))
    assert client.get("/manage/security/recovery-codes/").status_code == 302  # shown once
    assert TOTPDevice.objects.get(user=newcomer).confirmed
    assert actions(newcomer) == ["security.mfa.enrolled", "security.login.succeeded"]


def test_re_enrolling_from_account_security_replaces_the_device_and_the_codes(client, office_admin):
    old = totp_device_for(office_admin)
    old_codes = services.regenerate_recovery_codes(office_admin, acting_user=office_admin)
    log_in(client, office_admin)
    page = client.get("/manage/security/").content.decode()
    assert "已绑定" in page and "剩余恢复码" in page and "10 个" in page
    key = _secret_from(client.get("/manage/security/totp/").content.decode())

    response = client.post("/manage/security/totp/", {"code": f"{TOTP(key).token():06d}"})

    assert response["Location"] == "/manage/security/recovery-codes/"
    new = TOTPDevice.objects.get(user=office_admin)
    assert new.pk != old.pk and new.confirmed and client.session[DEVICE_ID_SESSION_KEY] == new.persistent_id
    assert not StaticToken.objects.filter(token__in=old_codes).exists()
    assert client.get("/manage/").status_code == 200  # still verified, by the new device


def test_regenerating_recovery_codes_is_audited_and_shows_the_new_ones(client, office_admin):
    log_in(client, office_admin)
    response = client.post("/manage/security/recovery-codes/regenerate/", follow=True)
    assert len(re.findall(r"<li><code>", response.content.decode())) == 10
    assert "security.mfa.recovery_codes_regenerated" in actions(office_admin)
    assert AuditEvent.objects.get(action="security.mfa.recovery_codes_regenerated").label == "重新生成恢复码"


def test_someone_else_cannot_enrol_a_device_for_a_person(office_admin, clerk):
    device = services.start_totp_enrolment(clerk, acting_user=clerk)
    from gongkai.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.confirm_totp_enrolment(device, current_code(device), acting_user=office_admin)
    with pytest.raises(PermissionDenied):
        services.regenerate_recovery_codes(clerk, acting_user=office_admin)

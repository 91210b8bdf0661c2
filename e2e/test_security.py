"""End-to-end: the two-step login in a real browser — a 信息公开办 with password and TOTP code, and a newcomer who
must use MFA taken through enrolment (QR code and secret, confirm with a code) to their recovery codes."""

import base64

import pytest
from django_otp.oath import TOTP

from agencies.models import Role
from agencies.tests.factories import person
from audit.models import AuditEvent
from security.tests.helpers import current_code, totp_device_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_information_office_logs_in_with_password_and_totp_code(page, office_admin):
    device = totp_device_for(office_admin)
    page.goto("/manage/items/")
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill("correct-horse-battery")
    page.get_by_role("button", name="登录").click()

    page.get_by_role("heading", name="第二步：输入验证码").wait_for()
    page.goto("/manage/")  # not logged in yet: back to the login page
    assert "/manage/login/" in page.url
    page.goto("/manage/login/verify/")
    page.get_by_label("验证码").fill(current_code(device))
    page.get_by_role("button", name="验证并登录").click()

    page.wait_for_url(lambda url: "/manage/login/" not in url)
    page.get_by_role("link", name="账号安全").click()
    assert page.get_by_text("已绑定").is_visible()
    assert AuditEvent.objects.filter(action="security.login.succeeded", data__factor="totp").count() == 1


def test_a_newcomer_who_must_use_mfa_enrols_and_sees_recovery_codes(page, township):
    person(township, Role.OFFICE_ADMIN, "newoffice", full_name="新公开")
    page.goto("/manage/login/")
    page.get_by_label("用户名").fill("newoffice")
    page.get_by_label("密码").fill("correct-horse-battery")
    page.get_by_role("button", name="登录").click()

    page.get_by_role("heading", name="绑定动态验证码").wait_for()
    assert page.locator(".qr-code svg").is_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("验证码").fill(f"{TOTP(base64.b32decode(secret)).token():06d}")
    page.get_by_role("button", name="确认绑定").click()

    page.get_by_role("heading", name="您的恢复码").wait_for()
    assert page.locator("ol.recovery-codes li").count() == 10
    page.get_by_role("link", name="我已保存，继续").click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/manage"))
    assert page.get_by_text("新公开").first.is_visible()

"""Lockout on django-axes: LOGIN_FAILURE_LIMIT (5) wrong passwords or codes per account or per address lock it for
LOGIN_LOCKOUT_MINUTES (30); the 安全管理员 sees current lockouts and lifts them."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client

from agencies.models import Role
from agencies.tests.factories import person
from audit.models import AuditEvent
from audit.selectors import events_for
from gongkai.errors import PermissionDenied
from security import services
from security.selectors import current_lockouts
from security.tests.helpers import current_code, log_in, totp_device_for

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
START = "2026-12-07 09:00 +0800"


def attempt(client, username, password="wrong-password-1"):
    return client.post("/manage/login/", {"username": username, "password": password})


@time_machine.travel(START, tick=False)
def test_five_wrong_passwords_lock_the_account_for_thirty_minutes(client, clerk):
    for _ in range(4):
        assert attempt(client, "clerk").status_code == 400
    locked = attempt(client, "clerk")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "登录已锁定" in page and "连续错误 5 次" in page and "锁定 30 分钟" in page and "2026-12-07 09:30" in page

    # Even the right password is not checked while locked, from another address too.
    other = Client(REMOTE_ADDR="10.0.0.8")
    assert attempt(other, "clerk", PASSWORD).status_code == 429 and SESSION_KEY not in other.session
    assert [e.action for e in events_for(clerk)] == ["security.login.password_failed"] * 5 + [
        "security.login.locked_out"] * 2

    with time_machine.travel("2026-12-07 09:29 +0800", tick=False):
        assert attempt(other, "clerk", PASSWORD).status_code == 429
    with time_machine.travel("2026-12-07 09:31 +0800", tick=False):
        assert attempt(other, "clerk", PASSWORD).status_code == 302 and SESSION_KEY in other.session


@time_machine.travel(START, tick=False)
def test_one_address_is_locked_after_five_failures_whatever_the_names(client, clerk):
    for n in range(5):
        attempt(client, f"guess{n}")
    assert attempt(client, "clerk", PASSWORD).status_code == 429
    assert attempt(Client(REMOTE_ADDR="10.0.0.9"), "clerk", PASSWORD).status_code == 302


def test_wrong_second_factor_codes_count_towards_the_lockout(client, office_admin):
    device = totp_device_for(office_admin)
    with time_machine.travel(START) as traveller:
        assert attempt(client, "office", PASSWORD)["Location"] == "/manage/login/verify/"
        for n in range(5):
            traveller.shift(timedelta(seconds=40))  # past django-otp's growing delay after each wrong code
            response = client.post("/manage/login/verify/", {"code": "000000" if n % 2 else "999999"})
        assert response.status_code == 429 and "登录已锁定" in response.content.decode()
        assert SESSION_KEY not in client.session
        # The half-done login is gone: the right code does not help now, nor does the password.
        assert client.post("/manage/login/verify/", {"code": current_code(device)}).status_code == 302
        assert SESSION_KEY not in client.session
        assert attempt(client, "office", PASSWORD).status_code == 429
    assert [e.action for e in events_for(office_admin)].count("security.login.second_factor_failed") == 5


def test_a_login_forgets_the_accounts_failures_but_not_the_addresss(client, clerk):
    for _ in range(3):
        attempt(client, "clerk")
    attempt(client, "office")
    assert attempt(client, "clerk", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="clerk").exists()
    # The address still has its failure against another account: logging in between guesses does not hide them.
    assert AccessAttempt.objects.filter(username="office", ip_address="127.0.0.1").exists()


@time_machine.travel(START, tick=False)
def test_the_security_administrator_lists_and_lifts_lockouts(client, clerk, security_admin):
    for _ in range(5):
        attempt(Client(), "clerk")
    for n in range(5):
        attempt(Client(REMOTE_ADDR="10.1.1.1"), f"guess{n}")
    page = log_in(client, security_admin).get("/manage/security/lockouts/").content.decode()
    assert "clerk（王乐）" in page and "10.1.1.1" in page and "2026-12-07 09:30" in page
    [account] = [lock for lock in current_lockouts(security_admin) if lock.kind == "account"]
    assert account.failures == 5 and account.account == clerk

    response = client.post("/manage/security/lockouts/unlock/", {"username": "clerk"}, follow=True)

    assert "已解除“clerk”的登录锁定" in response.content.decode()
    assert attempt(Client(REMOTE_ADDR="10.0.0.3"), "clerk", PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="security.login.unlocked")
    assert event.actor == security_admin and event.target == clerk and event.data["failures"] == 5
    assert event.label == "解除登录锁定"
    client.post("/manage/security/lockouts/unlock/", {"ip_address": "10.1.1.1"})
    assert not current_lockouts(security_admin)


@time_machine.travel(START, tick=False)
def test_only_security_managers_see_or_lift_lockouts(client, clerk, office_admin, platform_admin):
    for _ in range(5):
        attempt(Client(), "clerk")
    log_in(client, office_admin)
    assert client.get("/manage/security/lockouts/").status_code == 403
    assert client.post("/manage/security/lockouts/unlock/", {"username": "clerk"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.unlock_login(acting_user=office_admin, username="clerk")
    assert AccessAttempt.objects.filter(username="clerk").exists()
    assert log_in(Client(), platform_admin).get("/manage/security/lockouts/").status_code == 200


def test_a_township_security_administrator_lifts_only_their_own_peoples_lockouts(township, other_township, clerk,
                                                                                 outsider):
    local = person(township, Role.SECURITY_ADMIN, "localsec")
    assert services.may_unlock(local, username="clerk")
    assert not services.may_unlock(local, username="outsider")
    assert not services.may_unlock(local, ip_address="10.0.0.1")
    with pytest.raises(Exception) as exc:
        services.unlock_login(acting_user=local, username="clerk", ip_address="10.0.0.1")
    assert "二选一" in str(exc.value)

"""`manage.py create_api_token` and `manage.py revoke_api_token`: through the services, audited as 系统."""

import hashlib
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from audit.models import AuditEvent
from security.models import ApiToken
from security.tests.token_factories import issue_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]


@pytest.fixture
def _today():
    with time_machine.travel("2026-12-01 10:00 +0800", tick=False):
        yield


def _create(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_create_prints_the_key_alone_once_and_stores_its_hash(clerk):
    key, explanation = _create("clerk", "--name", "县平台对接", "--scope", "write", "--days", "30")
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert (token.owner, token.name, token.scope, token.expires_on) == (clerk, "县平台对接", "write", date(2026, 12, 31))
    assert "只显示这一次" in explanation and key not in explanation and token.display_prefix in explanation
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/staff/items/").status_code == 200


def test_create_defaults_to_read_only_for_the_default_days_and_is_audited_as_系统(clerk, settings):
    settings.API_TOKEN_DEFAULT_DAYS = 10
    _create("clerk", "--name", "查询")
    token = ApiToken.objects.get()
    assert (token.scope, token.expires_on, token.created_by) == ("read", date(2026, 12, 11), None)
    event = AuditEvent.objects.get(action="security.api_token.created")
    assert event.actor is None and event.actor_name == "系统"


@pytest.mark.parametrize(("args", "message"), [
    (["nobody", "--name", "x"], "用户“nobody”不存在。"),
    (["clerk", "--name", "x", "--days", "366"], "有效期最长365天，即不晚于2027年12月1日。"),
    (["clerk", "--name", "x", "--days", "-1"], "有效天数不能为负数。"),
    (["clerk", "--name", " "], "请填写令牌名称，例如用途或调用系统的名称。"),
])
def test_create_refuses_bad_requests_in_chinese_and_saves_nothing(clerk, args, message):
    with pytest.raises(CommandError) as refused:
        _create(*args)
    assert str(refused.value) == message
    assert not ApiToken.objects.exists()


def test_create_requires_a_name(clerk):
    with pytest.raises(CommandError):
        _create("clerk")


def test_revoke_by_name_by_prefix_or_all(clerk):
    first, _ = issue_token(clerk, name="甲")
    second, _ = issue_token(clerk, name="乙")
    third, _ = issue_token(clerk, name="丙")
    out = StringIO()
    call_command("revoke_api_token", "clerk", "--name", "甲", "--reason", "人员调离", stdout=out)
    assert "已吊销" in out.getvalue() and "甲" in out.getvalue()
    call_command("revoke_api_token", "clerk", "--prefix", f"gk_{second.prefix}", stdout=StringIO())
    assert set(ApiToken.objects.filter(revoked_at__isnull=False).values_list("name", flat=True)) == {"甲", "乙"}
    call_command("revoke_api_token", "clerk", "--all", stdout=StringIO())
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    events = AuditEvent.objects.filter(action="security.api_token.revoked").order_by("id")
    assert [e.actor_name for e in events] == ["系统"] * 3 and events[0].comment == "人员调离"
    assert third.pk in {int(e.target_id) for e in events}


def test_revoke_says_when_nothing_matches(clerk):
    with pytest.raises(CommandError) as refused:
        call_command("revoke_api_token", "clerk", "--name", "没有", stdout=StringIO())
    assert str(refused.value) == "“王乐”没有符合条件的未吊销令牌。"

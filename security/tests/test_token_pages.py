"""The back office's 接口令牌 page (/manage/tokens/): one's own tokens, the key shown once, revocation, and a
安全管理员's view of the tokens of their agencies."""

import hashlib
import re

import pytest
import time_machine

from agencies.models import Role
from agencies.tests.clients import client_for
from agencies.tests.factories import person
from security.models import ApiToken
from security.tests.token_factories import issue_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]

PAGE = "/manage/tokens/"


@pytest.fixture
def _today():
    with time_machine.travel("2026-12-01 10:00 +0800", tick=False):
        yield


def _web(user):
    return client_for("web", user)


def test_every_staff_member_finds_the_page_in_the_navigation(clerk):
    page = _web(clerk).get("/manage/")
    assert f'href="{PAGE}"' in page.content.decode() and "接口令牌" in page.content.decode()


def test_the_page_lists_my_tokens_with_their_dates_and_status(clerk):
    token, _ = issue_token(clerk, name="县平台对接", scope=ApiToken.Scope.READ)
    revoked, _ = issue_token(clerk, name="旧系统")
    revoked.revoked_at = revoked.created_at
    revoked.save(update_fields=["revoked_at"])
    html = _web(clerk).get(PAGE).content.decode()
    assert "县平台对接" in html and "只读" in html and f"gk_{token.prefix}…" in html and "2026年12月31日" in html
    assert "从未使用" in html and "有效" in html and "已吊销" in html
    assert html.count("吊销</button>") == 1  # only the live token has a button


def test_creating_shows_the_key_once_with_a_warning_and_never_again(clerk):
    client = _web(clerk)
    response = client.post(PAGE, {"name": "县平台对接", "scope": "write", "expires_on": "2027-03-01"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    key = re.search(r'value="(gk_[0-9a-f]{8}_[A-Za-z0-9_-]{43})"', html).group(1)
    assert "只显示这一次" in html
    token = ApiToken.objects.get(owner=clerk)
    assert (token.name, token.scope, token.created_by) == ("县平台对接", "write", clerk)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in client.get(PAGE).content.decode() and key[12:] not in client.get(PAGE).content.decode()


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "x", "scope": "write", "expires_on": "2028-01-01"}, "有效期最长365天，即不晚于2027年12月1日。"),
    ({"name": "x", "scope": "write", "expires_on": "2026-11-30"}, "有效期不能早于今天（2026年12月1日）。"),
    ({"name": "", "scope": "write", "expires_on": "2027-01-01"}, "该字段是必填项。"),
    ({"name": "x", "scope": "root", "expires_on": "2027-01-01"}, "选择一个有效的选项"),
    ({"name": "x", "scope": "write", "expires_on": "明天"}, "输入一个有效的日期。"),
])
def test_bad_input_is_shown_beside_the_form_with_a_400_and_nothing_saved(clerk, data, message):
    response = _web(clerk).post(PAGE, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_name_already_in_use_is_refused_beside_its_field(clerk):
    issue_token(clerk, name="县平台对接")
    response = _web(clerk).post(PAGE, {"name": "县平台对接", "scope": "read", "expires_on": "2027-01-01"})
    assert response.status_code == 400 and "已有名为“县平台对接”的未吊销令牌" in response.content.decode()
    assert ApiToken.objects.count() == 1


def test_revoking_my_token_stops_it_at_once(clerk):
    token, key = issue_token(clerk)
    response = _web(clerk).post(f"/manage/tokens/{token.pk}/revoke/", follow=True)
    assert "已吊销，立即失效" in response.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_by == clerk
    api = client_for("api", None)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/staff/items/").json()["code"] == "token_revoked"


def test_revoking_an_already_revoked_token_says_so(clerk):
    token, _ = issue_token(clerk)
    client = _web(clerk)
    client.post(f"/manage/tokens/{token.pk}/revoke/")
    again = client.post(f"/manage/tokens/{token.pk}/revoke/", follow=True)
    assert "该令牌已于2026年12月1日吊销。" in again.content.decode()


def test_a_security_administrator_sees_and_revokes_the_tokens_of_their_agencies(security_admin, clerk, outsider):
    clerks, _ = issue_token(clerk, name="王乐的令牌")
    issue_token(outsider, name="钱外人的令牌")
    issue_token(security_admin, name="安全员本人的令牌")
    html = _web(security_admin).get(PAGE).content.decode()
    assert "本机关及下级机关人员的令牌" in html
    assert "王乐的令牌" in html and "钱外人的令牌" in html and html.count("<td>安全员本人的令牌</td>") == 1
    _web(security_admin).post(f"/manage/tokens/{clerks.pk}/revoke/")
    assert ApiToken.objects.get(pk=clerks.pk).revoked_by == security_admin


def test_a_township_security_administrator_sees_only_the_townships_people(township, clerk, outsider, supervisor):
    local = person(township, Role.SECURITY_ADMIN, "local-security")
    issue_token(clerk, name="王乐的令牌")
    issue_token(outsider, name="钱外人的令牌")
    issue_token(supervisor, name="周督查的令牌")
    html = _web(local).get(PAGE).content.decode()
    assert "王乐的令牌" in html and "钱外人的令牌" not in html and "周督查的令牌" not in html


def test_others_see_neither_the_section_nor_someone_elses_token(clerk, office_admin):
    token, _ = issue_token(clerk, name="王乐的令牌")
    html = _web(office_admin).get(PAGE).content.decode()
    assert "本机关及下级机关人员的令牌" not in html and "王乐的令牌" not in html
    assert _web(office_admin).post(f"/manage/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_anonymous_people_are_sent_to_the_login_page(db):
    response = client_for("web", None).get(PAGE)
    assert response.status_code == 302 and "/manage/login/" in response["Location"]

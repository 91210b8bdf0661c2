"""Issuing and revoking API tokens (security/tokens.py): what is stored, who may, what is audited."""

import hashlib
from datetime import date

import pytest
import time_machine

from agencies.models import Role
from agencies.tests.factories import person
from audit.models import AuditEvent
from gongkai.errors import DomainError, InvalidTransition, PermissionDenied
from security.models import ApiToken
from security.tests.token_factories import issue_token
from security.tokens import create_api_token, revoke_api_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]


@pytest.fixture
def _today():
    with time_machine.travel("2026-12-01 10:00 +0800", tick=False):
        yield


def _create(owner, **changes):
    values = {"acting_user": owner, "name": "县平台对接", "scope": ApiToken.Scope.READ,
              "expires_on": date(2027, 3, 1), **changes}
    return create_api_token(owner, **values)


def test_the_key_is_returned_once_and_only_its_sha256_is_stored(clerk):
    token, key = _create(clerk)
    assert key.startswith(f"gk_{token.prefix}_") and len(key) == 55
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(key in str(value) or key.split("_", 2)[2] in str(value) for value in row.values())
    assert (stored.owner, stored.created_by, stored.name, stored.scope) == (clerk, clerk, "县平台对接", "read")


def test_two_keys_never_share_a_prefix_or_a_secret(clerk):
    keys = [_create(clerk, name=f"令牌{n}")[1] for n in range(20)]
    assert len({k[3:11] for k in keys}) == 20 and len({k[12:] for k in keys}) == 20


def test_creation_is_an_audit_event_on_the_token_without_the_key(clerk):
    token, key = _create(clerk)
    event = AuditEvent.objects.get(action="security.api_token.created")
    assert (event.target, event.actor, event.actor_name) == (token, clerk, "王乐")
    assert event.data == {"owner": "clerk", "name": "县平台对接", "scope": "read", "prefix": token.prefix,
                          "expires_on": "2027-03-01"}
    assert key not in str(event.data) and event.label == "创建接口令牌"


def test_the_system_issues_tokens_as_系统(clerk):
    token, _ = _create(clerk, acting_user=None)
    assert token.created_by is None
    assert AuditEvent.objects.get(action="security.api_token.created").actor_name == "系统"


def test_nobody_issues_a_token_to_someone_else_not_even_the_platform_administrator(clerk, platform_admin):
    with pytest.raises(PermissionDenied) as refused:
        _create(clerk, acting_user=platform_admin)
    assert refused.value.code == "token_for_other"
    assert not ApiToken.objects.exists() and not AuditEvent.objects.exists()


def test_an_inactive_account_gets_no_token(clerk):
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])
    with pytest.raises(PermissionDenied) as refused:
        _create(clerk, acting_user=None)
    assert refused.value.code == "token_owner_inactive"


@pytest.mark.parametrize(("changes", "code", "field"), [
    ({"name": "  "}, "token_name_required", "name"),
    ({"name": "长" * 51}, "token_name_too_long", "name"),
    ({"scope": "admin"}, "token_scope_invalid", "scope"),
    ({"expires_on": None}, "token_expiry_required", "expires_on"),
    ({"expires_on": date(2026, 11, 30)}, "token_expiry_past", "expires_on"),
    ({"expires_on": date(2027, 12, 2)}, "token_expiry_too_long", "expires_on"),
])
def test_bad_requests_are_refused_with_a_chinese_reason_and_nothing_saved(clerk, changes, code, field):
    with pytest.raises(DomainError) as refused:
        _create(clerk, **changes)
    assert (refused.value.status, refused.value.code, refused.value.field) == (400, code, field)
    assert refused.value.message.endswith("。") and any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message)
    assert not ApiToken.objects.exists()


def test_validity_runs_from_today_up_to_the_configured_maximum(clerk, settings):
    assert _create(clerk, name="今天", expires_on=date(2026, 12, 1))[0].expires_on == date(2026, 12, 1)
    assert _create(clerk, name="一年", expires_on=date(2027, 12, 1))[0].expires_on == date(2027, 12, 1)
    settings.API_TOKEN_MAX_DAYS = 30
    with pytest.raises(DomainError) as refused:
        _create(clerk, name="太长", expires_on=date(2027, 1, 1))
    assert refused.value.message == "有效期最长30天，即不晚于2026年12月31日。"


def test_a_name_is_unique_among_live_tokens_and_free_again_once_revoked(clerk, deputy):
    first, _ = _create(clerk)
    with pytest.raises(DomainError) as refused:
        _create(clerk)
    assert refused.value.code == "token_name_taken"
    assert _create(deputy)[0].name == "县平台对接"  # another person's name space
    revoke_api_token(first, acting_user=clerk)
    again, _ = _create(clerk)
    assert again.pk != first.pk and ApiToken.objects.filter(owner=clerk, name="县平台对接").count() == 2


def test_the_owner_revokes_their_token_and_the_revocation_is_audited(clerk):
    token, _ = issue_token(clerk)
    revoke_api_token(token, acting_user=clerk, reason="对接结束")
    token.refresh_from_db()
    assert token.revoked_by == clerk and token.revoked_at is not None and token.status_label() == "已吊销"
    event = AuditEvent.objects.get(action="security.api_token.revoked")
    assert (event.target, event.actor, event.from_state, event.to_state, event.comment) == (
        token, clerk, "active", "revoked", "对接结束")
    assert event.data == {"owner": "clerk", "name": token.name, "prefix": token.prefix}


def test_revoking_twice_is_a_409_and_records_nothing_more(clerk):
    token, _ = issue_token(clerk)
    revoke_api_token(token, acting_user=clerk)
    with pytest.raises(InvalidTransition) as refused:
        revoke_api_token(token, acting_user=clerk)
    assert refused.value.code == "token_already_revoked" and refused.value.message == "该令牌已于2026年12月1日吊销。"
    assert AuditEvent.objects.filter(action="security.api_token.revoked").count() == 1


@pytest.mark.parametrize(("actor", "allowed"), [
    ("security_admin", True), ("platform_admin", True), ("office_admin", False), ("supervisor", False),
    ("deputy", False), ("outsider", False),
])
def test_who_may_revoke_a_clerks_token(request, clerk, actor, allowed):
    token, _ = issue_token(clerk)
    acting = request.getfixturevalue(actor)
    if allowed:
        revoke_api_token(token, acting_user=acting)
        assert ApiToken.objects.get(pk=token.pk).revoked_by == acting
    else:
        with pytest.raises(PermissionDenied):
            revoke_api_token(token, acting_user=acting)
        assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_a_security_administrator_of_one_township_does_not_revoke_a_county_persons_token(township, supervisor):
    local = person(township, Role.SECURITY_ADMIN, "local-security")
    token, _ = issue_token(supervisor)
    with pytest.raises(PermissionDenied):
        revoke_api_token(token, acting_user=local)


def test_the_system_revokes_any_token_as_系统(clerk):
    token, _ = issue_token(clerk)
    revoke_api_token(token, acting_user=None)
    assert ApiToken.objects.get(pk=token.pk).revoked_by is None
    assert AuditEvent.objects.get(action="security.api_token.revoked").actor_name == "系统"


def test_an_expired_token_keeps_its_name_until_it_is_revoked(clerk):
    with time_machine.travel("2026-10-01 10:00 +0800", tick=False):
        old, _ = _create(clerk, expires_on=date(2026, 10, 31))
    assert old.status_label() == "已过期"
    with pytest.raises(DomainError) as refused:
        _create(clerk)
    assert refused.value.message == "已有名为“县平台对接”的未吊销令牌（包括已过期的），请换一个名称，或先吊销原令牌。"
    revoke_api_token(old, acting_user=clerk)
    assert _create(clerk)[0].status_label() == "有效"

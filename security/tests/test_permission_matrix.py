"""The permission matrix of the staff security pages: every persona (with the 安全管理员 and the 审计管理员) × every
action over HTTP. 账号安全 is every person's own; the lockout list and unlocking belong to SECURITY_MANAGE."""

import pytest
from axes.models import AccessAttempt

from agencies.models import Agency, Role
from agencies.tests.clients import client_for
from agencies.tests.factories import person
from audit.models import AuditEvent
from security.tests.helpers import totp_device_for

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor", "platform_admin",
            "outsider", "security_admin", "audit_admin"]
EVERYONE = set(PERSONAS) - {"anonymous"}
SECURITY_MANAGERS = {"platform_admin", "security_admin"}


@pytest.fixture
def people(clerk, reviewer, deputy, principal, office_admin, supervisor, platform_admin, outsider, security_admin,
           audit_admin):
    people = {"clerk": clerk, "reviewer": reviewer, "deputy": deputy, "principal": principal,
              "office_admin": office_admin, "supervisor": supervisor, "platform_admin": platform_admin,
              "outsider": outsider, "security_admin": security_admin, "audit_admin": audit_admin}
    for user in people.values():
        totp_device_for(user)  # everyone has enrolled, so everyone may regenerate their recovery codes
    return people


def _locked_account(people):
    # Not a persona: logging a persona in (a successful login) would forget their own failures.
    person(people["clerk"].memberships.get().agency, Role.CLERK, "locked", full_name="被锁定")
    return AccessAttempt.objects.create(username="locked", ip_address="10.9.9.9", user_agent="测试", get_data="",
                                        post_data="", http_accept="", path_info="/manage/login/",
                                        failures_since_start=5)


def web(method, url, payload=None):
    return lambda client: getattr(client, method)(url, payload or {})


# action → (state builder, request, personas allowed, what changed on success)
ACTIONS = {
    "web.security.account": (None, web("get", "/manage/security/"), EVERYONE, None),
    "web.security.password_page": (None, web("get", "/manage/security/password/"), EVERYONE, None),
    "web.security.totp_enrol_page": (None, web("get", "/manage/security/totp/"), EVERYONE, None),
    "web.security.recovery_codes_regenerate": (
        None, web("post", "/manage/security/recovery-codes/regenerate/"), EVERYONE,
        lambda state: AuditEvent.objects.filter(action="security.mfa.recovery_codes_regenerated").exists()),
    "web.security.lockouts": (_locked_account, web("get", "/manage/security/lockouts/"), SECURITY_MANAGERS, None),
    "web.security.unlock": (_locked_account, web("post", "/manage/security/lockouts/unlock/", {"username": "locked"}),
                            SECURITY_MANAGERS, lambda state: not AccessAttempt.objects.filter(pk=state.pk).exists()),
    "web.security.mfa_policy": (None, web("get", "/manage/security/mfa-policy/"), SECURITY_MANAGERS, None),
    "web.security.mfa_policy_set": (
        lambda people: people["clerk"].memberships.get().agency,
        lambda client: client.post("/manage/security/mfa-policy/", {"agency": _township_code(),
                                                                    "require_mfa": "1"}),
        SECURITY_MANAGERS, lambda agency: Agency.objects.get(pk=agency.pk).require_mfa),
}


def _township_code() -> str:
    return Agency.objects.get(name="东升乡人民政府").code


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(people, action, persona):
    build, perform, allowed, changed = ACTIONS[action]
    state = build(people) if build else None
    response = perform(client_for("web", people.get(persona)))
    if persona in allowed:
        assert response.status_code < 400, (action, persona, response.status_code)
        if changed is not None:
            assert changed(state), (action, persona)
    else:
        assert response.status_code in (302, 403, 404), (action, persona, response.status_code)
        if response.status_code == 302:  # the back office sends anonymous people to the login page
            assert persona == "anonymous" and "/manage/login/" in response["Location"]
        if changed is not None:
            assert not changed(state), (action, persona, "the database changed")


def test_the_lockout_entry_appears_in_the_navigation_of_security_managers_only(people):
    for persona, sees in [("security_admin", True), ("platform_admin", True), ("office_admin", False),
                          ("audit_admin", False), ("clerk", False)]:
        page = client_for("web", people[persona]).get("/manage/security/").content.decode()
        assert ("登录锁定" in page) is sees, persona
        assert "账号安全" in page

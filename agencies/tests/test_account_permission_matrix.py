"""The permission matrix of staff accounts and roles (人员账号): every persona × every account action over HTTP.

The expected outcome is success for the personas listed and a 4xx (401/403/404; anonymous people are sent to the
login page) for everyone else, with the database unchanged. Who may act: the agency's 信息公开办 for its own agency's
accounts and the roles it holds itself, the platform administrator for everything but the 审计管理员 role (granted
and revoked from the console only); the 安全管理员 and the 审计管理员 administer no accounts here.
"""

from dataclasses import dataclass

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies import accounts
from agencies.models import Membership, Role, User
from agencies.tests.clients import client_for
from agencies.tests.factories import person

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor", "platform_admin",
            "outsider", "security_admin", "audit_admin"]
MANAGERS = {"office_admin", "platform_admin"}
PLATFORM = {"platform_admin"}
NOBODY: set[str] = set()


@dataclass
class World:
    county: object
    township: object
    people: dict


@pytest.fixture
def world(county, township, party_office, clerk, reviewer, deputy, principal, office_admin, supervisor,
          platform_admin, outsider, security_admin, audit_admin):
    people = {"clerk": clerk, "reviewer": reviewer, "deputy": deputy, "principal": principal,
              "office_admin": office_admin, "supervisor": supervisor, "platform_admin": platform_admin,
              "outsider": outsider, "security_admin": security_admin, "audit_admin": audit_admin}
    return World(county, township, people)


def web(method, url_fn, payload=None):
    def perform(client, state):
        return getattr(client, method)(url_fn(state), payload(state) if callable(payload) else dict(payload or {}))
    return perform


def _person(w: World, name: str) -> User:
    return User.objects.get(pk=w.people[name].pk)


def _role_of(w: World, name: str) -> Membership:
    return Membership.objects.get(user=w.people[name])


def _deactivated_clerk(w: World) -> User:
    """A former clerk of the township (not a persona: a deactivated persona could not log in to try)."""
    former = person(w.township, Role.CLERK, "former", full_name="张离职")
    accounts.deactivate_user(former, acting_user=None)
    return User.objects.get(pk=former.pk)


def _clerk_with_device(w: World) -> User:
    TOTPDevice.objects.create(user=w.people["clerk"], name="手机", confirmed=True)
    return _person(w, "clerk")


def _grant(role: str, to: str, allowed: set[str], at: str = "township"):
    """The matrix row of granting `role` to persona `to` in the agency `at`."""
    def build(w):
        return (w, _person(w, to), getattr(w, at))
    perform = web("post", lambda s: f"/manage/accounts/{s[1].pk}/roles/", lambda s: {"agency": s[2].code,
                                                                                     "role": role})
    return build, perform, allowed, lambda s: Membership.objects.filter(user=s[1], agency=s[2], role=role).exists()


def _create(role: str, username: str, allowed: set[str]):
    perform = web("post", lambda w: "/manage/accounts/new/", lambda w: {
        "agency": w.township.code, "username": username, "full_name": "新人", "role": role})
    return (lambda w: w), perform, allowed, lambda w: User.objects.filter(username=username).exists()


def _revoke(of: str, allowed: set[str]):
    perform = web("post", lambda m: f"/manage/accounts/{m.user_id}/roles/{m.pk}/delete/")
    return (lambda w: _role_of(w, of)), perform, allowed, lambda m: not Membership.objects.filter(pk=m.pk).exists()


# action → (state builder, how to perform it, personas allowed, what changed on success)
ACTIONS = {
    "web.accounts.list": (lambda w: w, web("get", lambda w: f"/manage/accounts/?agency={w.township.code}"),
                          MANAGERS, None),
    "web.accounts.list.county": (lambda w: w, web("get", lambda w: f"/manage/accounts/?agency={w.county.code}"),
                                 PLATFORM, None),
    "web.account.create.form": (lambda w: w, web("get", lambda w: f"/manage/accounts/new/?agency={w.township.code}"),
                                MANAGERS, None),
    "web.account.create.clerk": _create(Role.CLERK, "newclerk", MANAGERS),
    "web.account.create.leader": _create(Role.PRINCIPAL_LEADER, "newhead", PLATFORM),
    "web.account.view": (lambda w: _person(w, "clerk"), web("get", lambda u: f"/manage/accounts/{u.pk}/"),
                         MANAGERS, None),
    "web.account.view.county": (lambda w: _person(w, "supervisor"), web("get", lambda u: f"/manage/accounts/{u.pk}/"),
                                PLATFORM, None),
    "web.role.grant.clerk": _grant(Role.CLERK, "deputy", MANAGERS),
    "web.role.grant.secrecy_reviewer": _grant(Role.SECRECY_REVIEWER, "deputy", PLATFORM),
    "web.role.grant.security_admin": _grant(Role.SECURITY_ADMIN, "supervisor", PLATFORM, at="county"),
    "web.role.grant.audit_admin": _grant(Role.AUDIT_ADMIN, "supervisor", NOBODY, at="county"),
    "web.role.revoke.clerk": _revoke("clerk", MANAGERS),
    "web.role.revoke.deputy": _revoke("deputy", PLATFORM),
    "web.role.revoke.security_admin": _revoke("security_admin", PLATFORM),
    "web.role.revoke.audit_admin": _revoke("audit_admin", NOBODY),
    "web.account.deactivate": (lambda w: _person(w, "clerk"), web("post", lambda u: f"/manage/accounts/{u.pk}/"
                                                                   "deactivate/"),
                               MANAGERS, lambda u: not User.objects.get(pk=u.pk).is_active),
    "web.account.deactivate.county": (lambda w: _person(w, "supervisor"),
                                      web("post", lambda u: f"/manage/accounts/{u.pk}/deactivate/"),
                                      PLATFORM, lambda u: not User.objects.get(pk=u.pk).is_active),
    "web.account.reactivate": (_deactivated_clerk, web("post", lambda u: f"/manage/accounts/{u.pk}/reactivate/"),
                               MANAGERS, lambda u: User.objects.get(pk=u.pk).is_active),
    "web.account.password_reset": (lambda w: _person(w, "clerk"),
                                   web("post", lambda u: f"/manage/accounts/{u.pk}/password/"),
                                   MANAGERS, lambda u: User.objects.get(pk=u.pk).password_change_required),
    "web.account.mfa_reset": (_clerk_with_device, web("post", lambda u: f"/manage/accounts/{u.pk}/mfa/reset/",
                                                      {"reason": "手机遗失"}),
                              MANAGERS, lambda u: not TOTPDevice.objects.filter(user=u).exists()),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_account_permission_matrix(world, action, persona):
    build, perform, allowed, changed = ACTIONS[action]
    state = build(world)
    user = world.people.get(persona)
    response = perform(client_for(action.split(".")[0], user), state)
    if persona in allowed:
        assert response.status_code < 400, (action, persona, response.status_code)
        if changed is not None:
            assert changed(state), (action, persona)
    else:
        assert response.status_code in (302, 401, 403, 404), (action, persona, response.status_code)
        if response.status_code == 302:  # the back office sends anonymous people to the login page
            assert persona == "anonymous" and "/manage/login/" in response["Location"]
        if changed is not None:
            assert not changed(state), (action, persona, "the database changed")


def test_the_navigation_shows_the_accounts_entry_to_account_administrators_only(world):
    for persona, sees in [("office_admin", True), ("platform_admin", True), ("outsider", True), ("clerk", False),
                          ("supervisor", False), ("security_admin", False), ("audit_admin", False)]:
        page = client_for("web", world.people[persona]).get("/manage/").content.decode()
        assert ('href="/manage/accounts/"' in page) is sees, persona

"""The permission matrix of API tokens: every persona × every token action over HTTP (the back office with a session,
the API with the persona's own write token), on a fresh state; success for the personas listed, a 4xx (or the login
page for anonymous people) for everyone else, with the database unchanged.

Everyone manages their own tokens; a 安全管理员 (SECURITY_MANAGE, held by the 安全管理员 and the platform
administrator) revokes those of the people all of whose agencies they secure. Nobody issues a token to someone else.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from agencies.models import Role
from agencies.tests.clients import client_for
from agencies.tests.factories import person
from gongkai import clock
from security import selectors
from security.models import ApiToken
from security.tests.token_factories import issue_token
from security.tokens import may_revoke

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor", "platform_admin",
            "outsider", "security_admin", "audit_admin"]
SIGNED_IN = set(PERSONAS) - {"anonymous"}
SECURITY = {"platform_admin", "security_admin"}


@dataclass
class World:
    people: dict


@pytest.fixture
def world(county, clerk, reviewer, deputy, principal, office_admin, supervisor, platform_admin, outsider):
    people = {"clerk": clerk, "reviewer": reviewer, "deputy": deputy, "principal": principal,
              "office_admin": office_admin, "supervisor": supervisor, "platform_admin": platform_admin,
              "outsider": outsider,
              "security_admin": person(county, Role.SECURITY_ADMIN, "security", full_name="安全员"),
              "audit_admin": person(county, Role.AUDIT_ADMIN, "auditor", full_name="审计员")}
    return World(people)


def _token_of(owner_persona):
    def build(w: World, user):
        return issue_token(w.people[owner_persona], name=f"{owner_persona}的令牌")[0]
    return build


def _own_token(w: World, user):
    # anonymous people have none: they try someone's instead
    return issue_token(user or w.people["clerk"], name="本人的令牌")[0]


def _revoked(token, user):
    return ApiToken.objects.get(pk=token.pk).revoked_at is not None


def _revoke(client, token):
    return client.post(f"/manage/tokens/{token.pk}/revoke/")


def _create_own(client, state):
    return client.post("/manage/tokens/", {"name": "新令牌", "scope": "read",
                                           "expires_on": (clock.today() + timedelta(days=30)).isoformat()})


# action → (state builder (world, user), how to perform it, personas allowed, what changed on success)
ACTIONS = {
    "web.token_page": (lambda w, user: None, lambda client, state: client.get("/manage/tokens/"), SIGNED_IN, None),
    "web.token_create_own": (lambda w, user: None, _create_own, SIGNED_IN,
                             lambda state, user: ApiToken.objects.filter(name="新令牌").exists()),
    "web.token_revoke_own": (_own_token, _revoke, SIGNED_IN, _revoked),
    "web.token_revoke_clerks": (_token_of("clerk"), _revoke, {"clerk"} | SECURITY, _revoked),
    "web.token_revoke_outsiders": (_token_of("outsider"), _revoke, {"outsider"} | SECURITY, _revoked),
    "web.token_revoke_supervisors": (_token_of("supervisor"), _revoke, {"supervisor"} | SECURITY, _revoked),
    "web.token_revoke_platform_admins": (_token_of("platform_admin"), _revoke, SECURITY, _revoked),
    "web.token_revoke_security_admins": (_token_of("security_admin"), _revoke, SECURITY, _revoked),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(world, action, persona):
    build, perform, allowed, changed = ACTIONS[action]
    user = world.people.get(persona)
    state = build(world, user)
    client = client_for(action.split(".")[0], user)
    response = perform(client, state)
    if persona in allowed:
        assert response.status_code < 400, (action, persona, response.status_code)
        if changed is not None:
            assert changed(state, user), (action, persona)
    else:
        assert response.status_code in (302, 401, 403, 404), (action, persona, response.status_code)
        if response.status_code == 302:  # the back office sends anonymous people to the login page
            assert persona == "anonymous" and "/manage/login/" in response["Location"]
        if changed is not None:
            assert not changed(state, user), (action, persona, "the database changed")


def test_a_new_token_belongs_to_whoever_created_it(world):
    for persona in SIGNED_IN:
        _create_own(client_for("web", world.people[persona]), None)
    assert {t.owner.username for t in ApiToken.objects.select_related("owner")} == {
        world.people[p].username for p in SIGNED_IN}


@pytest.mark.parametrize("persona", sorted(SIGNED_IN))
def test_the_page_lists_exactly_the_tokens_the_persona_may_revoke(world, persona):
    tokens = [issue_token(user, name=f"{name}的令牌")[0] for name, user in world.people.items()]
    user = world.people[persona]
    html = client_for("web", user).get("/manage/tokens/").content.decode()
    for token in tokens:
        listed = f'action="/manage/tokens/{token.pk}/revoke/"' in html
        assert listed is may_revoke(user, token), (persona, token.name)
    shown = set(selectors.tokens_of(user)) | set(selectors.managed_tokens(user))
    assert shown == {t for t in tokens if may_revoke(user, t)}, persona

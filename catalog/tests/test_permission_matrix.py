"""The permission matrix of the catalogue and the shared kernel: every role × every back-office and API action.

Each action is performed over real HTTP (the API with a token, the back office with a session) by each persona on a
fresh state; the expected outcome is success for the roles listed and a 4xx (401/403/404) for everyone else, with
the database unchanged.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from agencies.models import StaffRegistryEntry
from catalog import services
from catalog.models import Category, Decision, Item, Revision

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor", "platform_admin",
            "outsider"]


@dataclass
class World:
    township: object
    category: object
    office: object
    people: dict


@pytest.fixture
def world(township, category, party_office, clerk, reviewer, deputy, principal, office_admin, supervisor,
          platform_admin, outsider):
    people = {"clerk": clerk, "reviewer": reviewer, "deputy": deputy, "principal": principal,
              "office_admin": office_admin, "supervisor": supervisor, "platform_admin": platform_admin,
              "outsider": outsider}
    return World(township, category, party_office, people)


def _draft(w: World, **extra) -> Revision:
    values = {"title": "关于春耕生产的通知", "formed_on": date(2026, 3, 2), "summary": "春耕安排。",
              "body_html": "<p>正文</p>", **extra}
    return services.create_draft(w.township, acting_user=w.people["clerk"], category=w.category, office=w.office,
                                 **values)


def _at_step(w: World, step: int) -> Revision:
    revision = _draft(w)
    services.submit_for_review(revision, acting_user=w.people["clerk"])
    if step >= 1:
        services.approve_step(revision, acting_user=w.people["reviewer"], secrecy_result="disclose")
    if step >= 2:
        services.approve_step(revision, acting_user=w.people["deputy"])
    return revision


def _published(w: World) -> Item:
    revision = _at_step(w, 2)
    services.approve_step(revision, acting_user=w.people["principal"])
    return Item.objects.get(pk=revision.item_id)


def _with_finding(w: World) -> Revision:
    revision = _draft(w, body_html="<p>联系电话13812345678</p>")
    services.submit_for_review(revision, acting_user=w.people["clerk"])
    return revision


# action name → (state builder, how to perform it, personas allowed, what changed on success)
def api(method, url_fn, payload=None, fmt="json"):
    def perform(client, state):
        return getattr(client, method)(url_fn(state), payload or {}, format=fmt)
    return perform


def web(method, url_fn, payload=None):
    def perform(client, state):
        return getattr(client, method)(url_fn(state), payload or {})
    return perform


def chain_payload(state):
    return {"steps": ["secrecy_review", "principal_approval"]}


ACTIONS = {
    # --- API ---
    "api.draft.create": (lambda w: w, api("post", lambda w: "/api/v1/staff/drafts/", None),
                         {"clerk", "office_admin", "platform_admin"},
                         lambda w: Item.objects.filter(agency=w.township).count() == 1),
    "api.revision.view": (_draft, api("get", lambda r: f"/api/v1/staff/revisions/{r.pk}/"),
                          {"clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor",
                           "platform_admin"}, None),
    "api.revision.edit": (_draft, api("patch", lambda r: f"/api/v1/staff/revisions/{r.pk}/", {"title": "改过的标题"}),
                          {"clerk", "office_admin", "platform_admin"},
                          lambda r: Revision.objects.get(pk=r.pk).title == "改过的标题"),
    "api.revision.submit": (_draft, api("post", lambda r: f"/api/v1/staff/revisions/{r.pk}/submit/"),
                            {"clerk", "office_admin", "platform_admin"},
                            lambda r: Revision.objects.get(pk=r.pk).status == "in_review"),
    "api.revision.approve.secrecy": (lambda w: _at_step(w, 0),
                                     api("post", lambda r: f"/api/v1/staff/revisions/{r.pk}/approve/",
                                         {"secrecy_result": "disclose"}),
                                     {"reviewer", "platform_admin"},
                                     lambda r: Revision.objects.get(pk=r.pk).step_index == 1),
    "api.revision.approve.deputy": (lambda w: _at_step(w, 1),
                                    api("post", lambda r: f"/api/v1/staff/revisions/{r.pk}/approve/"),
                                    {"deputy", "platform_admin"},
                                    lambda r: Revision.objects.get(pk=r.pk).step_index == 2),
    "api.revision.approve.principal": (lambda w: _at_step(w, 2),
                                       api("post", lambda r: f"/api/v1/staff/revisions/{r.pk}/approve/"),
                                       {"principal", "platform_admin"},
                                       lambda r: Revision.objects.get(pk=r.pk).status == "published"),
    "api.revision.return": (lambda w: _at_step(w, 0),
                            api("post", lambda r: f"/api/v1/staff/revisions/{r.pk}/return/", {"comment": "请修改"}),
                            {"reviewer", "platform_admin"},
                            lambda r: Revision.objects.get(pk=r.pk).status == "returned"),
    "api.finding.acknowledge": (_with_finding,
                                api("post", lambda r: f"/api/v1/staff/findings/{r.findings.first().pk}/acknowledge/"),
                                {"reviewer", "platform_admin"},
                                lambda r: not r.findings.filter(acknowledged_at__isnull=True).exists()),
    "api.item.withdraw": (_published, api("post", lambda i: f"/api/v1/staff/items/{i.pk}/withdraw/",
                                          {"reason": "内容有误"}),
                          {"office_admin", "platform_admin"},
                          lambda i: Item.objects.get(pk=i.pk).status == "withdrawn"),
    "api.item.validity": (_published, api("post", lambda i: f"/api/v1/staff/items/{i.pk}/validity/",
                                          {"validity": "expired"}),
                          {"office_admin", "platform_admin"},
                          lambda i: Item.objects.get(pk=i.pk).validity == "expired"),
    "api.item.new_version": (_published, api("post", lambda i: f"/api/v1/staff/items/{i.pk}/new-version/",
                                             {"change_note": "更正"}),
                             {"clerk", "office_admin", "platform_admin"},
                             lambda i: Revision.objects.filter(item_id=i.pk).count() == 2),
    "api.category.create": (lambda w: w, api("post", lambda w: f"/api/v1/staff/agencies/{w.township.code}/categories/",
                                             {"name": "新栏目", "column": "statutory"}),
                            {"office_admin", "platform_admin"},
                            lambda w: Category.objects.filter(agency=w.township, name="新栏目").exists()),
    "api.chain.set": (lambda w: w, lambda c, w: c.put(f"/api/v1/staff/agencies/{w.township.code}/chain/",
                                                        chain_payload(w), format="json"),
                      {"office_admin", "platform_admin"},
                      lambda w: w.township.approval_chains.exists()),
    # --- back office ---
    "web.item.view": (lambda w: _draft(w).item, web("get", lambda i: f"/manage/items/{i.pk}/"),
                      {"clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor", "platform_admin"},
                      None),
    "web.revision.submit": (_draft, web("post", lambda r: f"/manage/revisions/{r.pk}/submit/"),
                            {"clerk", "office_admin", "platform_admin"},
                            lambda r: Revision.objects.get(pk=r.pk).status == "in_review"),
    "web.revision.approve.secrecy": (lambda w: _at_step(w, 0),
                                     web("post", lambda r: f"/manage/revisions/{r.pk}/approve/",
                                         {"expected_step": 0, "secrecy_result": "disclose"}),
                                     {"reviewer", "platform_admin"},
                                     lambda r: Revision.objects.get(pk=r.pk).step_index == 1),
    "web.revision.approve.principal": (lambda w: _at_step(w, 2),
                                       web("post", lambda r: f"/manage/revisions/{r.pk}/approve/",
                                           {"expected_step": 2}),
                                       {"principal", "platform_admin"},
                                       lambda r: Revision.objects.get(pk=r.pk).status == "published"),
    "web.item.withdraw": (_published, web("post", lambda i: f"/manage/items/{i.pk}/withdraw/", {"reason": "有误"}),
                          {"office_admin", "platform_admin"},
                          lambda i: Item.objects.get(pk=i.pk).status == "withdrawn"),
    "web.categories": (lambda w: w, web("get", lambda w: f"/manage/categories/?agency={w.township.code}"),
                       {"office_admin", "platform_admin"}, None),
    "web.agency.profile": (lambda w: w, web("get", lambda w: f"/manage/agency/?agency={w.township.code}"),
                           {"clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor",
                            "platform_admin"}, None),
    "web.registry.add": (lambda w: w, web("post", lambda w: "/manage/agency/registry/",
                                          {"agency": "", "name": "张三", "position": "干事"}),
                         {"office_admin", "platform_admin"},
                         lambda w: StaffRegistryEntry.objects.filter(name="张三").exists()),
    "web.calendar": (lambda w: w, web("get", lambda w: "/manage/calendar/"), {"platform_admin"}, None),
    "web.site_settings": (lambda w: w, web("get", lambda w: "/manage/site/"), {"platform_admin"}, None),
}


def _client(kind: str, user):
    if kind == "api":
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        return client
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(world, action, persona):
    build, perform, allowed, changed = ACTIONS[action]
    state = build(world)
    user = world.people.get(persona)
    client = _client(action.split(".")[0], user)
    if action == "api.draft.create":
        payload = {"agency": world.township.code, "category": world.category.pk, "office": world.office.pk,
                   "title": "新草稿", "formed_on": "2026-03-02", "summary": "概述"}
        response = client.post("/api/v1/staff/drafts/", payload, format="json")
    elif action == "web.registry.add":
        response = client.post("/manage/agency/registry/", {"agency": world.township.code, "name": "张三",
                                                            "position": "干事"})
    else:
        response = perform(client, state)
    if persona in allowed:
        assert response.status_code < 400, (action, persona, response.status_code, getattr(response, "data", ""))
        if changed is not None:
            assert changed(state), (action, persona)
    else:
        assert response.status_code in (302, 401, 403, 404), (action, persona, response.status_code)
        if response.status_code == 302:  # the back office sends anonymous people to the login page
            assert persona == "anonymous" and "/manage/login/" in response["Location"]
        if changed is not None:
            assert not changed(state), (action, persona, "the database changed")


def test_secrecy_decision_is_recorded_once_even_for_the_platform_administrator(world):
    revision = _at_step(world, 0)
    client = _client("api", world.people["platform_admin"])
    client.post(f"/api/v1/staff/revisions/{revision.pk}/approve/", {"secrecy_result": "disclose",
                                                                    "expected_step": 0}, format="json")
    again = client.post(f"/api/v1/staff/revisions/{revision.pk}/approve/", {"secrecy_result": "disclose",
                                                                            "expected_step": 0}, format="json")
    assert again.status_code == 409 and again.data["code"] == "step_already_handled"
    assert Decision.objects.filter(revision=revision).count() == 1


def test_staff_lists_are_scoped_to_the_persons_agencies(world):
    item = _draft(world).item
    for persona, sees in [("clerk", True), ("supervisor", True), ("platform_admin", True), ("outsider", False)]:
        response = _client("api", world.people[persona]).get("/api/v1/staff/items/")
        ids = [row["id"] for row in response.data["results"]]
        assert (item.pk in ids) is sees, persona

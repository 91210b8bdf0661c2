"""The permission matrix of the catalogue and the shared kernel: every role × every back-office and API action.

Each action is performed over real HTTP (the API with a token, the back office with a session) by each persona on a
fresh state; the expected outcome is success for the roles listed and a 4xx (401/403/404) for everyone else, with
the database unchanged.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Membership, SiteSettings, StaffRegistryEntry
from agencies.tests.clients import client_for
from catalog import services
from catalog.models import Category, Decision, Item, Revision
from workdays.models import CalendarDay, CalendarYear

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


def _with_attachment(w: World) -> Revision:
    revision = _draft(w)
    services.add_attachment(revision, SimpleUploadedFile("通知.pdf", PDF), acting_user=w.people["clerk"])
    return revision


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _docx() -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("导入的正文")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _payload(payload, state):
    """A payload may depend on the state (an agency code, an id) and may hold files, made fresh per request."""
    return payload(state) if callable(payload) else dict(payload or {})


# action name → (state builder, how to perform it, personas allowed, what changed on success)
def api(method, url_fn, payload=None, fmt="json"):
    def perform(client, state):
        return getattr(client, method)(url_fn(state), _payload(payload, state), format=fmt)
    return perform


def web(method, url_fn, payload=None):
    def perform(client, state):
        return getattr(client, method)(url_fn(state), _payload(payload, state))
    return perform


STAFF = {"clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor", "platform_admin"}
DRAFTERS = {"clerk", "office_admin", "platform_admin"}
MANAGERS = {"office_admin", "platform_admin"}


def chain_payload(state):
    return {"steps": ["secrecy_review", "principal_approval"]}


ACTIONS = {
    # --- API ---
    "api.draft.create": (lambda w: w, api("post", lambda w: "/api/v1/staff/drafts/", lambda w: {
        "agency": w.township.code, "category": w.category.pk, "office": w.office.pk, "title": "新草稿",
        "formed_on": "2026-03-02", "summary": "概述"}), DRAFTERS,
                         lambda w: Item.objects.filter(agency=w.township).count() == 1),
    "api.items.list": (_draft, api("get", lambda r: "/api/v1/staff/items/"),
                       STAFF | {"outsider"}, None),  # each sees their own agencies: see the scoping test below
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
    "api.category.update": (lambda w: w, api("patch", lambda w: f"/api/v1/staff/agencies/{w.township.code}/"
                                             f"categories/{w.category.pk}/", {"publish_limit_days": 7}),
                            MANAGERS, lambda w: Category.objects.get(pk=w.category.pk).publish_limit_days == 7),
    "api.revision.discard": (_draft, api("post", lambda r: f"/api/v1/staff/revisions/{r.pk}/discard/"), DRAFTERS,
                             lambda r: Revision.objects.get(pk=r.pk).status == "discarded"),
    "api.attachment.upload": (_draft, api("post", lambda r: f"/api/v1/staff/revisions/{r.pk}/attachments/",
                                          lambda r: {"file": SimpleUploadedFile("通知.pdf", PDF)}, fmt="multipart"),
                              DRAFTERS, lambda r: r.attachments.count() == 1),
    "api.attachment.delete": (_with_attachment,
                              api("delete", lambda r: f"/api/v1/staff/attachments/{r.attachments.get().pk}/"),
                              DRAFTERS, lambda r: not r.attachments.exists()),
    "api.body.import": (_draft, api("post", lambda r: f"/api/v1/staff/revisions/{r.pk}/body/",
                                    lambda r: {"file": SimpleUploadedFile("正文.docx", _docx())}, fmt="multipart"),
                        DRAFTERS, lambda r: "导入的正文" in Revision.objects.get(pk=r.pk).body_html),
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
                                          lambda w: {"agency": w.township.code, "name": "张三", "position": "干事"}),
                         MANAGERS, lambda w: StaffRegistryEntry.objects.filter(name="张三").exists()),
    "web.calendar": (lambda w: w, web("get", lambda w: "/manage/calendar/"), {"platform_admin"}, None),
    "web.site_settings": (lambda w: w, web("get", lambda w: "/manage/site/"), {"platform_admin"}, None),
    # --- back office: the rest of the catalogue ---
    "web.workbench": (lambda w: w, web("get", lambda w: "/manage/"), STAFF | {"outsider"}, None),
    "web.item.list": (_draft, web("get", lambda r: f"/manage/items/?agency={r.item.agency.code}"), STAFF, None),
    "web.item.create": (lambda w: w, web("post", lambda w: "/manage/items/new/", lambda w: {
        "agency": w.township.code, "title": "网页起草", "category": w.category.pk, "office": w.office.pk,
        "formed_on": "2026-03-02", "summary": "概述", "disclosure_mode": "proactive", "scope": "public"}),
                        DRAFTERS, lambda w: Item.objects.filter(title="网页起草").exists()),
    "web.revision.edit": (_draft, web("post", lambda r: f"/manage/revisions/{r.pk}/edit/", lambda r: {
        "title": "网页改过", "category": r.category_id, "office": r.office_id, "formed_on": "2026-03-02",
        "summary": "概述", "disclosure_mode": "proactive", "scope": "public"}),
                          DRAFTERS, lambda r: Revision.objects.get(pk=r.pk).title == "网页改过"),
    "web.revision.discard": (_draft, web("post", lambda r: f"/manage/revisions/{r.pk}/discard/"), DRAFTERS,
                             lambda r: Revision.objects.get(pk=r.pk).status == "discarded"),
    "web.revision.approve.deputy": (lambda w: _at_step(w, 1),
                                    web("post", lambda r: f"/manage/revisions/{r.pk}/approve/", {"expected_step": 1}),
                                    {"deputy", "platform_admin"},
                                    lambda r: Revision.objects.get(pk=r.pk).step_index == 2),
    "web.revision.return": (lambda w: _at_step(w, 2),
                            web("post", lambda r: f"/manage/revisions/{r.pk}/return/",
                                {"expected_step": 2, "comment": "请修改"}),
                            {"principal", "platform_admin"},
                            lambda r: Revision.objects.get(pk=r.pk).status == "returned"),
    "web.finding.acknowledge": (_with_finding,
                                web("post", lambda r: f"/manage/findings/{r.findings.first().pk}/acknowledge/",
                                    {"note": "已核实"}),
                                {"reviewer", "platform_admin"},
                                lambda r: not r.findings.filter(acknowledged_at__isnull=True).exists()),
    "web.attachment.upload": (_draft, web("post", lambda r: f"/manage/revisions/{r.pk}/attachments/",
                                          lambda r: {"file": SimpleUploadedFile("通知.pdf", PDF)}),
                              DRAFTERS, lambda r: r.attachments.count() == 1),
    "web.body.import": (_draft, web("post", lambda r: f"/manage/revisions/{r.pk}/attachments/",
                                    lambda r: {"file": SimpleUploadedFile("正文.docx", _docx()), "as_body": "1"}),
                        DRAFTERS, lambda r: "导入的正文" in Revision.objects.get(pk=r.pk).body_html),
    "web.attachment.download": (_with_attachment,
                                web("get", lambda r: f"/manage/attachments/{r.attachments.get().pk}/"), STAFF, None),
    "web.attachment.delete": (_with_attachment,
                              web("post", lambda r: f"/manage/attachments/{r.attachments.get().pk}/delete/"),
                              DRAFTERS, lambda r: not r.attachments.exists()),
    "web.item.new_version": (_published, web("post", lambda i: f"/manage/items/{i.pk}/new-version/",
                                             {"change_note": "更正"}),
                             DRAFTERS, lambda i: Revision.objects.filter(item_id=i.pk).count() == 2),
    "web.item.validity": (_published, web("post", lambda i: f"/manage/items/{i.pk}/validity/",
                                          {"validity": "expired"}),
                          MANAGERS, lambda i: Item.objects.get(pk=i.pk).validity == "expired"),
    # --- back office: the kernel (agency, people, categories, chains, calendar, site) ---
    "web.agency.update": (lambda w: w, web("post", lambda w: f"/manage/agency/?agency={w.township.code}",
                                           lambda w: {"name": w.township.name, "office_hours": "周一至周五"}),
                          MANAGERS, lambda w: type(w.township).objects.get(pk=w.township.pk).office_hours == "周一至周五"),
    "web.office.add": (lambda w: w, web("post", lambda w: "/manage/agency/offices/",
                                        lambda w: {"agency": w.township.code, "name": "新办所", "kind": "office"}),
                       MANAGERS, lambda w: w.township.offices.filter(name="新办所").exists()),
    "web.registry.delete": (lambda w: _registry_line(w),
                            web("post", lambda e: f"/manage/agency/registry/{e.pk}/delete/",
                                lambda e: {"agency": e.agency.code}),
                            MANAGERS, lambda e: not StaffRegistryEntry.objects.filter(pk=e.pk).exists()),
    "web.registry.export": (lambda w: w, web("get", lambda w: f"/manage/agency/registry.xlsx?agency={w.township.code}"),
                            STAFF, None),
    "web.member.add": (lambda w: w, web("post", lambda w: "/manage/agency/members/", lambda w: {
        "agency": w.township.code, "username": "newperson", "full_name": "新人", "password": "Gongkai-strong-pass",
        "role": "clerk"}), MANAGERS, lambda w: Membership.objects.filter(user__username="newperson").exists()),
    "web.member.remove": (lambda w: Membership.objects.get(user=w.people["deputy"]),
                          web("post", lambda m: f"/manage/agency/members/{m.pk}/delete/",
                              lambda m: {"agency": m.agency.code}),
                          MANAGERS, lambda m: not Membership.objects.filter(pk=m.pk).exists()),
    "web.category.create": (lambda w: w, web("post", lambda w: f"/manage/categories/?agency={w.township.code}",
                                             lambda w: {"form": "category", "agency": w.township.code,
                                                        "name": "新栏目", "column": "statutory"}),
                            MANAGERS, lambda w: Category.objects.filter(agency=w.township, name="新栏目").exists()),
    "web.category.edit": (lambda w: w, web("post", lambda w: f"/manage/categories/?agency={w.township.code}",
                                           lambda w: {"form": "edit", "agency": w.township.code,
                                                      "category": w.category.pk, "name": "改名栏目",
                                                      "column": "statutory", "sort_order": 0, "is_active": "on"}),
                          MANAGERS, lambda w: Category.objects.get(pk=w.category.pk).name == "改名栏目"),
    "web.chain.set": (lambda w: w, web("post", lambda w: f"/manage/categories/?agency={w.township.code}",
                                       lambda w: {"form": "chain", "agency": w.township.code,
                                                  "steps": ["secrecy_review", "principal_approval"]}),
                      MANAGERS, lambda w: w.township.approval_chains.exists()),
    "web.calendar.day": (lambda w: w, web("post", lambda w: "/manage/calendar/",
                                          {"form": "day", "date": "2026-03-10", "kind": "holiday", "name": "临时"}),
                         {"platform_admin"}, lambda w: CalendarDay.objects.filter(date=date(2026, 3, 10)).exists()),
    "web.calendar.clear": (lambda w: w, web("post", lambda w: "/manage/calendar/",
                                            {"form": "clear", "date": "2026-10-01"}),
                           {"platform_admin"},
                           lambda w: not CalendarDay.objects.filter(date=date(2026, 10, 1)).exists()),
    "web.calendar.year": (lambda w: w, web("post", lambda w: "/manage/calendar/",
                                           {"form": "year", "year": 2027, "source": "通知",
                                            "holidays": "2027-01-01 元旦"}),
                          {"platform_admin"}, lambda w: CalendarYear.objects.filter(year=2027).exists()),
    "web.site_settings.update": (lambda w: w, web("post", lambda w: "/manage/site/",
                                                  {"site_name": "新名称", "site_code": "2312210001"}),
                                 {"platform_admin"}, lambda w: SiteSettings.objects.filter(site_name="新名称").exists()),
}


def _registry_line(w: World) -> StaffRegistryEntry:
    return StaffRegistryEntry.objects.create(agency=w.township, name="李天涛", position="乡长",
                                             contact="18746567000")




@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(world, action, persona):
    build, perform, allowed, changed = ACTIONS[action]
    state = build(world)
    user = world.people.get(persona)
    client = client_for(action.split(".")[0], user)
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
    client = client_for("api", world.people["platform_admin"])
    client.post(f"/api/v1/staff/revisions/{revision.pk}/approve/", {"secrecy_result": "disclose",
                                                                    "expected_step": 0}, format="json")
    again = client.post(f"/api/v1/staff/revisions/{revision.pk}/approve/", {"secrecy_result": "disclose",
                                                                            "expected_step": 0}, format="json")
    assert again.status_code == 409 and again.data["code"] == "step_already_handled"
    assert Decision.objects.filter(revision=revision).count() == 1


def test_staff_lists_are_scoped_to_the_persons_agencies(world):
    item = _draft(world).item
    for persona, sees in [("clerk", True), ("supervisor", True), ("platform_admin", True), ("outsider", False)]:
        response = client_for("api", world.people[persona]).get("/api/v1/staff/items/")
        ids = [row["id"] for row in response.data["results"]]
        assert (item.pk in ids) is sees, persona

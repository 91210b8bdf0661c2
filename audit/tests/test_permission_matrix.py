"""The permission matrix of the audit trail: every persona × every audit action and every audited download, over
HTTP with a logged-in session.

The roles listed succeed (and the action's audit event names them); everyone else gets 302 (anonymous: to the login
page), 403 or 404, and the audit trail and its chain head are unchanged row for row.

    audit.view        auditor (审计管理员 of the county: every agency), other_auditor (审计管理员 of 先锋镇: their
                      township only). Nobody else: not the platform administrator, who manages the accounts
                      (三权分立), not the county 政务公开办.
    agencies.view     every member of 东升乡, the supervisor, the platform administrator and the county's auditor
                      (the staff registry; phone numbers only for those who keep or collect it)
    applications.view / oversight.view   deputy, principal, office_admin, supervisor, platform_admin
"""

from dataclasses import dataclass
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Role
from agencies.tests.clients import client_for
from agencies.tests.factories import StaffRegistryEntryFactory, person
from applications.tests.conftest import register
from audit.models import AuditChainHead, AuditEvent
from audit.services import record
from oversight.services import review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_now")]

PERSONAS = ["anonymous", "clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor", "platform_admin",
            "outsider", "auditor", "other_auditor"]
AUDITORS = {"auditor", "other_auditor"}
TOWNSHIP_STAFF = {"clerk", "reviewer", "deputy", "principal", "office_admin"}
AGENCIES_VIEW = TOWNSHIP_STAFF | {"supervisor", "platform_admin", "auditor"}
CASE_VIEW = {"deputy", "principal", "office_admin", "supervisor", "platform_admin"}


@pytest.fixture
def _now():
    with time_machine.travel("2026-12-10 10:00 +0800", tick=False):
        yield


@dataclass
class World:
    county: object
    township: object
    other_township: object
    people: dict
    application: object = None
    case: object = None
    document: object = None
    township_event: object = None


@pytest.fixture
def world(county, township, other_township, party_office, clerk, reviewer, deputy, principal, office_admin,
          supervisor, platform_admin, outsider):
    people = {"clerk": clerk, "reviewer": reviewer, "deputy": deputy, "principal": principal,
              "office_admin": office_admin, "supervisor": supervisor, "platform_admin": platform_admin,
              "outsider": outsider,
              "auditor": person(county, Role.AUDIT_ADMIN, "auditor", full_name="吴审计"),
              "other_auditor": person(other_township, Role.AUDIT_ADMIN, "other_auditor", full_name="冯审计")}
    w = World(county, township, other_township, people)
    StaffRegistryEntryFactory(agency=township, name="李天涛", position="乡长", contact="18746567000")
    w.application = register(township, office_admin, on=date(2026, 12, 1))
    w.case = review.register_review_case(township, acting_user=office_admin, kind="reconsideration",
                                         filed_on=date(2026, 12, 2), body="望奎县人民政府")
    pdf = SimpleUploadedFile("复议申请书.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf")
    w.document = review.add_review_document(w.case, pdf, acting_user=office_admin, kind="answer")
    w.township_event = record(township, "agencies.agency.updated", actor=office_admin, comment="东升乡的记录")
    return w


def get(url):
    return lambda client, w: client.get(url(w))


def post(url, data=None):
    return lambda client, w: client.post(url(w), data or {})


def recorded(action):
    """The effect of a successful request: an audit event with this action by the persona."""
    return lambda w, user: AuditEvent.objects.filter(action=action, actor=user).exists()


# name → (request, personas allowed, effect on success (None: a read))
ACTIONS = {
    "web.audit.list": (get(lambda w: "/manage/audit/"), AUDITORS, None),
    "web.audit.list_township": (get(lambda w: f"/manage/audit/?agency={w.township.code}"), {"auditor"}, None),
    "web.audit.export": (get(lambda w: "/manage/audit/export.xlsx"), AUDITORS, recorded("audit.events.exported")),
    "web.audit.export_township": (get(lambda w: f"/manage/audit/export.xlsx?agency={w.township.code}"),
                                  {"auditor"}, recorded("audit.events.exported")),
    "web.audit.verify": (post(lambda w: "/manage/audit/verify/"), AUDITORS, recorded("audit.chain.verified")),
    "web.registry.export": (get(lambda w: f"/manage/agency/registry.xlsx?agency={w.township.code}"), AGENCIES_VIEW,
                            recorded("agencies.registry.exported")),
    "web.letter.download": (get(lambda w: f"/manage/applications/letters/{w.application.letters.get().pk}/pdf/"),
                            CASE_VIEW, recorded("applications.letter.downloaded")),
    "web.review_document.download": (
        get(lambda w: f"/manage/oversight/review-cases/{w.case.pk}/documents/{w.document.pk}/"), CASE_VIEW,
        recorded("oversight.review_case.document_downloaded")),
}


def snapshot() -> dict:
    """The audit trail and its chain head, row for row (what a refused request must leave alone)."""
    return {model._meta.label: sorted(map(repr, model.objects.values_list())) for model in (AuditEvent,
                                                                                          AuditChainHead)}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(world, action, persona):
    perform, allowed, effect = ACTIONS[action]
    user = world.people.get(persona)
    before = snapshot()
    response = perform(client_for("web", user), world)
    if persona in allowed:
        assert response.status_code < 400, (action, persona, response.status_code, response.content[:300])
        if effect is not None:
            assert effect(world, user), (action, persona, "no audit event")
    else:
        assert response.status_code in (302, 403, 404), (action, persona, response.status_code)
        if response.status_code == 302:  # the back office sends anonymous people to the login page
            assert persona == "anonymous" and "/manage/login/" in response["Location"]
        assert snapshot() == before, (action, persona, "the audit trail changed")


@pytest.mark.parametrize("persona", sorted(AUDITORS))
def test_each_auditor_sees_the_events_of_their_own_tree_only(world, persona):
    response = client_for("web", world.people[persona]).get("/manage/audit/")
    ids = {event.pk for event, *_labels in response.context["rows"]}
    assert (world.township_event.pk in ids) is (persona == "auditor")
    assert all(event.agency_id == world.other_township.pk for event, *_labels in response.context["rows"]
               if persona == "other_auditor")


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_the_navigation_offers_the_audit_trail_to_auditors_only(world, persona):
    page = client_for("web", world.people[persona]).get("/manage/").content.decode()
    assert ('href="/manage/audit/"' in page) is (persona in AUDITORS), persona

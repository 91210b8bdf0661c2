"""The permission matrix of disclosure on application: every persona × every API endpoint and back-office action.

Each action is performed over real HTTP (the API with a token, the back office with a session) by each persona on a
fresh application in the state the action needs. Success is expected for the roles listed, and the change it makes is
checked; everyone else gets 401/403/404 (anonymous people are sent to the login page by the back office, and a form
naming an agency the person may not register for is a 400), and the database is exactly as before: the application's
row, its clock rows, its letters and the audit trail.

    handle (办理)          office_admin (东升乡信息公开办), platform_admin
    view (查看)            + deputy, principal (东升乡 leaders), supervisor (县政务公开办)
    nothing                clerk, reviewer (no APPLICATIONS_VIEW), outsider (another township's 信息公开办), anonymous
"""

from dataclasses import dataclass
from datetime import date

import pytest
import time_machine

from agencies.tests.clients import client_for
from applications import services
from applications.models import (
    Application,
    Channel,
    Consultation,
    CorrectionRequest,
    Extension,
    FeeNotice,
    Letter,
    LetterSettings,
    LetterTemplate,
    ReasonablePeriod,
    Status,
)
from audit.models import AuditEvent

from .conftest import ID_ZHANG, applicant

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "clerk", "reviewer", "deputy", "principal", "office_admin", "supervisor", "platform_admin",
            "outsider"]
HANDLE = {"office_admin", "platform_admin"}
VIEW = HANDLE | {"deputy", "principal", "supervisor"}
TODAY = date(2026, 3, 20)  # a Friday; every state below is built on earlier working days of March 2026


@pytest.fixture(autouse=True)
def _friday():
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        yield


@dataclass
class World:
    township: object
    category: object
    people: dict
    colleague: object


@pytest.fixture
def world(township, category, clerk, reviewer, deputy, principal, office_admin, supervisor, platform_admin, outsider):
    from agencies.models import Role
    from agencies.tests.factories import person

    people = {"clerk": clerk, "reviewer": reviewer, "deputy": deputy, "principal": principal,
              "office_admin": office_admin, "supervisor": supervisor, "platform_admin": platform_admin,
              "outsider": outsider}
    colleague = person(township, Role.OFFICE_ADMIN, "colleague", full_name="李同事")
    return World(township, category, people, colleague)


# --- states -------------------------------------------------------------------------------------------------------

def _registered(w: World, *, on=date(2026, 3, 16), channel=Channel.IN_PERSON) -> Application:
    return services.register_application(w.township, applicant(), acting_user=w.people["office_admin"],
                                         channel=channel, arrived_on=on)


def _awaiting(w):
    return _registered(w, channel=Channel.EMAIL)


def _correction(w):
    application = _registered(w)
    services.request_correction(application, acting_user=w.people["office_admin"], on=date(2026, 3, 17),
                                items="请写明所需信息的年份。", deadline=date(2026, 3, 19))
    return application


def _consulting(w):
    application = _registered(w)
    services.start_consultation(application, acting_user=w.people["office_admin"], on=date(2026, 3, 17),
                                party="third_party", party_name="某公司")
    return application


def _charged(w, *, on=date(2026, 3, 16)):
    application = _registered(w, on=on)
    services.send_fee_notice(application, acting_user=w.people["office_admin"], on=on, method="per_page", pages=40)
    return application


def _fee_expired(w):
    return _charged(w, on=date(2026, 1, 5))  # payment due 2026-02-02: passed by 3-20


def _replied(w):
    application = _registered(w)
    services.reply(application, acting_user=w.people["office_admin"], on=date(2026, 3, 18), reply_code="A2")
    return application


def _delivered(w):
    application = _replied(w)
    services.deliver(application, acting_user=w.people["office_admin"], on=date(2026, 3, 19), method="direct")
    return application


# --- what a success changes -----------------------------------------------------------------------------------------

def _status(application, status):
    return lambda: Application.objects.get(pk=application.pk).status == status


def _one_more_application(w):
    return lambda: Application.objects.filter(agency=w.township).count() == 1


def _personal_view_audited(application):
    return lambda: AuditEvent.objects.filter(action="applications.personal_data.viewed",
                                             target_id=str(application.pk)).exists()


# --- the requests -------------------------------------------------------------------------------------------------

def _api_action(name, payload=None):
    def perform(client, w, application):
        data = payload(application) if callable(payload) else (payload or {})
        return client.post(f"/api/v1/applications/{application.pk}/{name}/", {"date": TODAY.isoformat(), **data},
                           format="json")
    return perform


def _web_action(name, payload=None):
    def perform(client, w, application):
        data = payload(application) if callable(payload) else (payload or {})
        data = {"date": TODAY.isoformat(), **data}
        return client.post(f"/manage/applications/{application.pk}/{name}/",
                           {f"{name}-{key}": value for key, value in data.items()})
    return perform


def _get(url_fn):
    def perform(client, w, application):
        return client.get(url_fn(w, application))
    return perform


def _post(url_fn, payload_fn):
    def perform(client, w, application):
        return client.post(url_fn(w, application), payload_fn(w, application))
    return perform


def _api_register(client, w, application):
    return client.post("/api/v1/applications/", {
        "agency": w.township.code, "channel": "in_person", "applicant_type": "natural_person",
        "applicant_name": "张三", "id_type": "id_card", "id_number": ID_ZHANG, "phone": "13812345678",
        "description": "2026年东升乡低保名单", "form_of_provision": "paper", "arrived_on": "2026-03-20"}, format="json")


def _web_register(client, w, application):
    return client.post("/manage/applications/new/", {
        "agency": w.township.code, "channel": "in_person", "arrived_on": "2026-03-20",
        "applicant_type": "natural_person", "applicant_name": "李大爷", "id_type": "id_card", "id_number": ID_ZHANG,
        "phone": "0455-6711000", "description": "本村2026年危房改造补助名单", "form_of_provision": "viewing",
        "route": "pickup", "token": "matrix-token"})


def _open_consultation(application):
    return Consultation.objects.get(application=application).pk


def _nothing(w):
    return None


# name → (state builder, request, personas allowed, check of the change made, or None for a read)
ACTIONS = {
    # --- API ---
    "api.register": (_nothing, _api_register, HANDLE, None),
    "api.detail": (_registered, _get(lambda w, a: f"/api/v1/applications/{a.pk}/"), VIEW, None),
    "api.detail.personal": (_registered, _get(lambda w, a: f"/api/v1/applications/{a.pk}/?personal=1"), HANDLE,
                            _personal_view_audited),
    "api.confirm-receipt": (_awaiting, _api_action("confirm-receipt"), HANDLE,
                            lambda a: _status(a, Status.IN_PROGRESS)),
    "api.request-correction": (_registered, _api_action("request-correction", {"items": "请写明年份。"}), HANDLE,
                               lambda a: _status(a, Status.CORRECTION)),
    "api.receive-correction": (_correction, _api_action("receive-correction", {"late_reason": "住院治疗"}), HANDLE,
                               lambda a: _status(a, Status.IN_PROGRESS)),
    "api.start-consultation": (_registered, _api_action("start-consultation", {"party": "agency",
                                                                              "party_name": "望奎县财政局"}),
                               HANDLE, lambda a: _status(a, Status.CONSULTATION)),
    "api.consultation-received": (_consulting, _api_action("consultation-received"), HANDLE,
                                  lambda a: lambda: Consultation.objects.get(application=a).party_received_on
                                  == TODAY),
    "api.end-consultation": (_consulting, _api_action("end-consultation", {"outcome": "agreed"}), HANDLE,
                             lambda a: _status(a, Status.IN_PROGRESS)),
    "api.extend": (_registered, _api_action("extend", {"days": 10, "reason": "需要调取档案"}), HANDLE,
                   lambda a: lambda: Extension.objects.filter(application=a).exists()),
    "api.reasonable-period": (_registered, _api_action("reasonable-period", {"due_on": "2026-06-30",
                                                                             "reason": "申请数量较多，需逐件检索档案"}),
                              HANDLE, lambda a: lambda: ReasonablePeriod.objects.filter(application=a).exists()),
    "api.fee-notice": (_registered, _api_action("fee-notice", {"method": "per_page", "pages": 40}), HANDLE,
                       lambda a: _status(a, Status.AWAITING_FEE)),
    "api.fee-notice-received": (_charged, _api_action("fee-notice-received"), HANDLE,
                                lambda a: lambda: FeeNotice.objects.get(application=a).applicant_received_on
                                == TODAY),
    "api.fee-paid": (_charged, _api_action("fee-paid"), HANDLE, lambda a: _status(a, Status.IN_PROGRESS)),
    "api.waive-fee": (_charged, _api_action("waive-fee", {"reason": "申请人为低保户", "amount": "0"}), HANDLE,
                      lambda a: _status(a, Status.IN_PROGRESS)),
    "api.reply": (_registered, _api_action("reply", {"reply_code": "A12"}), HANDLE,
                  lambda a: _status(a, Status.REPLIED)),
    "api.deliver": (_replied, _api_action("deliver", {"method": "post"}), HANDLE,
                    lambda a: _status(a, Status.DELIVERED)),
    "api.split": (_registered, _api_action("split", {"parts": ["低保名单", "特困名单"]}), HANDLE,
                  lambda a: _status(a, Status.SPLIT)),
    "api.archive": (_delivered, _api_action("archive"), HANDLE, lambda a: _status(a, Status.ARCHIVED)),
    # --- back office ---
    "web.register": (_nothing, _web_register, HANDLE, None),
    "web.detail": (_registered, _get(lambda w, a: f"/manage/applications/{a.pk}/"), VIEW, None),
    "web.personal": (_registered, _post(lambda w, a: f"/manage/applications/{a.pk}/personal/",
                                        lambda w, a: {"purpose": "办理申请"}), HANDLE, _personal_view_audited),
    "web.handler": (_registered, _post(lambda w, a: f"/manage/applications/{a.pk}/handler/",
                                       lambda w, a: {"handler": w.colleague.pk}), HANDLE,
                    lambda a: lambda: Application.objects.get(pk=a.pk).handler.username == "colleague"),
    "web.letter": (_registered, _get(lambda w, a: f"/manage/applications/letters/{a.letters.get().pk}/docx/"), VIEW,
                   None),
    "web.proactive": (_replied, _post(lambda w, a: f"/manage/applications/{a.pk}/proactive/",
                                      lambda w, a: {"category": w.category.pk, "title": "低保名单"}), HANDLE,
                      lambda a: lambda: Application.objects.get(pk=a.pk).proactive_item_id is not None),
    "web.templates": (_nothing, _get(lambda w, a: f"/manage/applications/templates/?agency={w.township.code}"),
                      HANDLE, None),
    "web.template.save": (_nothing, _post(lambda w, a: f"/manage/applications/templates/receipt/?agency="
                                                       f"{w.township.code}",
                                          lambda w, a: {"title": "登记回执", "body": "{{ applicant_name }}：已收到。"}),
                          HANDLE, lambda a: lambda: LetterTemplate.objects.exists()),
    "web.confirm-receipt": (_awaiting, _web_action("confirm-receipt", {"note": "电话确认"}), HANDLE,
                            lambda a: _status(a, Status.IN_PROGRESS)),
    "web.request-correction": (_registered, _web_action("request-correction", {"items": "请写明年份。"}), HANDLE,
                               lambda a: _status(a, Status.CORRECTION)),
    "web.receive-correction": (_correction, _web_action("receive-correction", {"late_reason": "住院治疗"}), HANDLE,
                               lambda a: _status(a, Status.IN_PROGRESS)),
    "web.abandon-correction": (_correction, _web_action("abandon-correction", {"reply_code": "A21"}), HANDLE,
                               lambda a: _status(a, Status.ABANDONED)),
    "web.start-consultation": (_registered, _web_action("start-consultation", {"party": "third_party",
                                                                              "party_name": "某公司"}),
                               HANDLE, lambda a: _status(a, Status.CONSULTATION)),
    "web.consultation-received": (_consulting, _web_action("consultation-received",
                                                           lambda a: {"consultation": _open_consultation(a)}),
                                  HANDLE, lambda a: lambda: Consultation.objects.get(application=a)
                                  .party_received_on == TODAY),
    "web.end-consultation": (_consulting, _web_action("end-consultation",
                                                      lambda a: {"consultation": _open_consultation(a),
                                                                 "outcome": "objected"}),
                             HANDLE, lambda a: _status(a, Status.IN_PROGRESS)),
    "web.extend": (_registered, _web_action("extend", {"days": 10, "reason": "需要调取档案", "approver": ""}), HANDLE,
                   lambda a: lambda: Extension.objects.filter(application=a).exists()),
    "web.reasonable-period": (_registered, _web_action("reasonable-period", {"due_on": "2026-06-30",
                                                                             "reason": "申请数量较多，需逐件检索档案",
                                                                             "approver": ""}),
                              HANDLE, lambda a: lambda: ReasonablePeriod.objects.filter(application=a).exists()),
    "web.fee-notice": (_registered, _web_action("fee-notice", {"method": "per_page", "pages": 40}), HANDLE,
                       lambda a: _status(a, Status.AWAITING_FEE)),
    "web.fee-notice-received": (_charged, _web_action("fee-notice-received"), HANDLE,
                                lambda a: lambda: FeeNotice.objects.get(application=a).applicant_received_on
                                == TODAY),
    "web.fee-paid": (_charged, _web_action("fee-paid"), HANDLE, lambda a: _status(a, Status.IN_PROGRESS)),
    "web.waive-fee": (_charged, _web_action("waive-fee", {"amount": "0", "reason": "低保户", "approver": ""}), HANDLE,
                      lambda a: _status(a, Status.IN_PROGRESS)),
    "web.abandon-fee": (_fee_expired, _web_action("abandon-fee", {"reply_code": "A22"}), HANDLE,
                        lambda a: _status(a, Status.ABANDONED)),
    "web.reply": (_registered, _web_action("reply", {"reply_code": "A12", "text": ""}), HANDLE,
                  lambda a: _status(a, Status.REPLIED)),
    "web.split": (_registered, _web_action("split", {"parts": "低保名单\n特困名单"}), HANDLE,
                  lambda a: _status(a, Status.SPLIT)),
    "web.deliver": (_replied, _web_action("deliver", {"method": "post", "note": ""}), HANDLE,
                    lambda a: _status(a, Status.DELIVERED)),
    "web.archive": (_delivered, _web_action("archive"), HANDLE, lambda a: _status(a, Status.ARCHIVED)),
}




def _snapshot() -> dict:
    """Everything an applications action may change (tokens and sessions are not part of it)."""
    from catalog.models import Item

    return {
        "applications": list(Application.objects.order_by("pk").values_list(
            "pk", "status", "received_on", "due_date", "due_date_explanation", "reply_code", "replied_on",
            "delivered_on", "archived_on", "handler_id", "proactive_item_id", "updated_at")),
        "corrections": list(CorrectionRequest.objects.order_by("pk").values_list("pk", "received_on", "late_reason")),
        "consultations": list(Consultation.objects.order_by("pk").values_list("pk", "party_received_on", "answer_due",
                                                                             "answered_on", "outcome")),
        "extensions": list(Extension.objects.values_list("pk", "days")),
        "reasonable_periods": list(ReasonablePeriod.objects.values_list("pk", "due_on")),
        "fees": list(FeeNotice.objects.order_by("pk").values_list("pk", "amount", "applicant_received_on",
                                                                 "payment_due", "outcome")),
        "letters": list(Letter.objects.order_by("pk").values_list("pk", "number")),
        "templates": list(LetterTemplate.objects.values_list("pk", "body")),
        "letter_settings": list(LetterSettings.objects.values_list("pk", "number_prefix")),
        "items": Item.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(world, action, persona):
    build, perform, allowed, changed = ACTIONS[action]
    application = build(world)
    user = world.people.get(persona)
    client = client_for(action.split(".")[0], user)
    before = _snapshot()
    response = perform(client, world, application)
    if persona in allowed:
        assert response.status_code < 400, (action, persona, response.status_code,
                                             getattr(response, "data", None) or response.content[:300])
        if changed is not None:
            assert changed(application)(), (action, persona)
        elif action.endswith("register"):
            assert Application.objects.filter(agency=world.township).count() == 1, (action, persona)
        return
    assert response.status_code in (302, 400, 401, 403, 404), (action, persona, response.status_code)
    if response.status_code == 302:  # the back office sends anonymous people to the login page
        assert persona == "anonymous" and "/manage/login/" in response["Location"], (action, persona)
    if response.status_code == 400:  # a form naming an agency the person may not register for
        assert action == "web.register" and persona == "outsider", (action, persona)
    assert _snapshot() == before, (action, persona, "the database changed")


@pytest.mark.parametrize("persona", PERSONAS)
def test_work_lists_show_the_township_application_only_to_those_who_may_view_it(world, persona):
    application = _registered(world)
    user = world.people.get(persona)
    api = client_for("api", user).get("/api/v1/applications/")
    web = client_for("web", user).get("/manage/applications/")
    if user is None:
        assert (api.status_code, web.status_code) == (401, 302)
        return
    api_ids = [row["id"] for row in api.json()["results"]] if api.status_code == 200 else []
    assert (application.pk in api_ids) is (persona in VIEW), persona
    if persona in VIEW:
        assert web.status_code == 200 and application.number in web.content.decode(), persona
    elif persona == "outsider":  # sees the work list of its own township, not this one
        assert web.status_code == 200 and application.number not in web.content.decode()
    else:  # no APPLICATIONS_VIEW anywhere
        assert web.status_code == 403, persona


@pytest.mark.parametrize("persona", PERSONAS)
def test_code_lists_are_public(world, persona):
    client = client_for("api", world.people.get(persona))
    assert client.get("/api/v1/reply-codes/").status_code == 200
    assert client.get("/api/v1/applicant-types/").status_code == 200

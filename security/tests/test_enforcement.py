"""One place holds every back-office page and session API call to the rules: a person who must use a second factor
is verified by one, and a person whose password an administrator set changes it first."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from rest_framework.test import APIClient

from agencies.models import Agency, Role
from agencies.tests.factories import person
from audit.models import AuditEvent
from security import services
from security.tests.helpers import current_code, log_in, totp_device_for
from security.tests.token_factories import api_key_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["office_admin", "supervisor", "platform_admin"])
def test_a_password_only_session_of_someone_who_must_use_mfa_goes_back_to_the_second_step(request, persona):
    user = request.getfixturevalue(persona)
    client = Client()
    client.force_login(user)  # e.g. a session from before MFA was required of them

    response = client.get("/manage/items/?agency=x")

    assert response.status_code == 302 and response["Location"] == "/manage/login/enrol/"
    assert SESSION_KEY not in client.session  # logged out until the second factor passes
    assert client.get("/manage/").status_code == 302


def test_with_a_device_they_verify_and_land_where_they_were_going(client, office_admin):
    device = totp_device_for(office_admin)
    client.force_login(office_admin)
    assert client.get("/manage/agency/")["Location"] == "/manage/login/verify/"
    response = client.post("/manage/login/verify/", {"code": current_code(device)})
    assert response["Location"] == "/manage/agency/"
    assert client.get("/manage/agency/").status_code == 200


def test_everyone_in_an_agency_that_requires_mfa_must_use_it(client, township, clerk):
    Agency.objects.filter(pk=township.pk).update(require_mfa=True)
    client.force_login(clerk)
    assert client.get("/manage/")["Location"] == "/manage/login/enrol/"


def test_a_verified_session_and_a_person_who_need_not_use_mfa_pass(client, office_admin, clerk):
    assert log_in(Client(), office_admin).get("/manage/").status_code == 200
    client.force_login(clerk)
    assert client.get("/manage/").status_code == 200


def test_a_session_api_call_without_the_second_factor_gets_403_json(office_admin):
    client = APIClient()
    client.force_login(office_admin)
    response = client.get("/api/v1/staff/items/")
    assert response.status_code == 403
    assert response.json() == {"code": "mfa_required", "detail": "请先在工作平台完成多因素认证后再调用接口。"}
    assert log_in(APIClient(), office_admin).get("/api/v1/staff/items/").status_code == 200


def test_an_authorization_header_that_is_no_token_does_not_skip_the_session_rules(office_admin, clerk):
    # DRF falls through to the session for "Basic …": the second factor and the forced password change still hold.
    client = APIClient()
    client.force_login(office_admin)
    response = client.get("/api/v1/staff/items/", HTTP_AUTHORIZATION="Basic eA==")
    assert (response.status_code, response.json()["code"]) == (403, "mfa_required")
    clerk.password_change_required = True
    clerk.save(update_fields=["password_change_required"])
    response = log_in(APIClient(), clerk).get("/api/v1/staff/items/", HTTP_AUTHORIZATION="Basic eA==")
    assert (response.status_code, response.json()["code"]) == (403, "password_change_required")


def test_token_api_calls_are_left_to_the_token_authentication(office_admin):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(office_admin)}")
    assert client.get("/api/v1/staff/items/").status_code == 200


def test_the_portal_is_not_affected(client, office_admin):
    client.force_login(office_admin)
    assert client.get("/").status_code == 200


def test_a_person_whose_password_was_set_by_an_administrator_changes_it_first(client, clerk):
    clerk.password_change_required = True
    clerk.save(update_fields=["password_change_required"])
    log_in(client, clerk)

    response = client.get("/manage/items/")
    assert response.status_code == 302 and response["Location"] == "/manage/security/password/?next=%2Fmanage%2Fitems%2F"
    assert "您的密码由管理员设置" in client.get("/manage/security/password/").content.decode()
    api = log_in(APIClient(), clerk).get("/api/v1/staff/items/")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"

    response = client.post("/manage/security/password/?next=/manage/items/", {
        "old_password": "correct-horse-battery", "new_password": "Spring-plough-2026", "new_password2": "Spring-plough-2026"})

    assert response.status_code == 302 and response["Location"] == "/manage/items/"
    clerk.refresh_from_db()
    assert not clerk.password_change_required and clerk.password_changed_at is not None
    assert client.get("/manage/items/").status_code == 200  # the session survived the change
    assert AuditEvent.objects.filter(action="security.password.changed", actor=clerk).exists()


def test_a_new_person_who_must_use_mfa_enrols_then_changes_the_password(client, township):
    newcomer = person(township, Role.OFFICE_ADMIN, "fresh", full_name="新人")
    newcomer.password_change_required = True
    newcomer.save(update_fields=["password_change_required"])
    client.post("/manage/login/", {"username": "fresh", "password": "correct-horse-battery"})
    device = services.start_totp_enrolment(newcomer, acting_user=newcomer)
    client.post("/manage/login/enrol/", {"code": current_code(device)})
    assert client.get("/manage/security/recovery-codes/").status_code == 200  # the codes first
    assert client.get("/manage/")["Location"].startswith("/manage/security/password/")

"""The staff API's token authentication over HTTP (security/authentication.py): which keys are accepted, what a refusal
says, what a read-only token may do, and how each use is dated."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from catalog.models import Revision
from security.models import ApiToken
from security.tests.token_factories import issue_token
from security.tokens import revoke_api_token

pytestmark = pytest.mark.django_db

STAFF_ITEMS = "/api/v1/staff/items/"


def _client(key: str, keyword: str = "Token") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
    return client


def _refusal(response, code: str) -> str:
    assert response.status_code == 401, response.content
    assert response.json()["code"] == code
    assert response["WWW-Authenticate"] == "Token"
    return response.json()["detail"]


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "token", "bearer"])
def test_a_live_key_authenticates_its_owner_with_either_keyword(clerk, keyword):
    _, key = issue_token(clerk)
    response = _client(key, keyword).get(STAFF_ITEMS)
    assert response.status_code == 200 and "results" in response.json()


def test_a_wrong_key_with_the_right_prefix_is_refused(clerk):
    _, key = issue_token(clerk)
    forged = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    assert _refusal(_client(forged).get(STAFF_ITEMS), "token_invalid") == "令牌无效。"


@pytest.mark.parametrize("key", ["gk_00000000_" + "A" * 43, "nonsense", "gk_zzzzzzzz_" + "A" * 43])
def test_an_unknown_or_malformed_key_is_refused(clerk, key):
    issue_token(clerk)
    assert _refusal(_client(key).get(STAFF_ITEMS), "token_invalid") == "令牌无效。"


def test_a_header_with_two_words_after_the_keyword_is_malformed(clerk):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token a b")
    assert "格式不正确" in _refusal(client.get(STAFF_ITEMS), "token_malformed")


def test_an_old_drf_token_is_told_that_it_no_longer_works(clerk):
    detail = _refusal(_client("9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b").get(STAFF_ITEMS), "token_legacy")
    assert "旧版" in detail and "接口令牌" in detail


def test_a_revoked_key_is_refused_with_the_day_of_revocation(clerk):
    token, key = issue_token(clerk)
    assert _client(key).get(STAFF_ITEMS).status_code == 200
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        revoke_api_token(token, acting_user=clerk)
    assert _refusal(_client(key).get(STAFF_ITEMS), "token_revoked") == "令牌已于2026年11月20日吊销。"


def test_a_key_works_through_its_last_day_and_is_refused_from_the_next(clerk):
    with time_machine.travel("2026-09-01 10:00 +0800", tick=False):
        _, key = issue_token(clerk, expires_on=date(2026, 12, 1))
    with time_machine.travel("2026-12-01 23:59:59 +0800", tick=False):
        assert _client(key).get(STAFF_ITEMS).status_code == 200
    with time_machine.travel("2026-12-02 00:00:00 +0800", tick=False):
        assert _refusal(_client(key).get(STAFF_ITEMS), "token_expired") == "令牌已于2026年12月1日过期。"


def test_the_key_of_a_deactivated_account_is_refused(clerk):
    _, key = issue_token(clerk)
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])
    assert _refusal(_client(key).get(STAFF_ITEMS), "token_owner_inactive") == "令牌持有人的账号已停用。"


def test_a_read_only_token_reads_but_may_not_write(township, category, party_office, clerk):
    _, read_key = issue_token(clerk, scope=ApiToken.Scope.READ)
    _, write_key = issue_token(clerk, scope=ApiToken.Scope.WRITE)
    draft = {"agency": township.code, "category": category.pk, "office": party_office.pk, "title": "接口起草的通知",
             "formed_on": "2026-03-02", "summary": "概述", "body_html": "<p>正文</p>"}
    assert _client(read_key).get(STAFF_ITEMS).status_code == 200
    refused = _client(read_key).post("/api/v1/staff/drafts/", draft, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "token_read_only"
    assert "只读令牌" in refused.json()["detail"]
    assert not Revision.objects.exists()
    assert _client(write_key).post("/api/v1/staff/drafts/", draft, format="json").status_code == 201


def test_each_use_dates_the_token_with_the_callers_address_in_one_update(clerk):
    token, key = issue_token(clerk)
    assert token.last_used_at is None
    client = _client(key)
    with time_machine.travel("2026-12-03 08:30 +0800", tick=False):
        client.get(STAFF_ITEMS, REMOTE_ADDR="10.1.2.3")
    token.refresh_from_db()
    assert token.last_used_at.isoformat() == "2026-12-03T00:30:00+00:00"
    assert token.last_used_from == "10.1.2.3"
    with override_settings(LOGIN_TRUST_FORWARDED_FOR=True):  # behind nginx: the address nginx appended
        client.get(STAFF_ITEMS, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.9.8.7")
    token.refresh_from_db()
    assert token.last_used_from == "10.9.8.7"
    with CaptureQueriesContext(connection) as queries:
        client.get(STAFF_ITEMS)
    token_queries = [q["sql"] for q in queries.captured_queries if "security_apitoken" in q["sql"]]
    assert len(token_queries) == 2 and token_queries[1].startswith("UPDATE")  # look-up, then the date of use


def test_a_refused_key_is_not_dated(clerk):
    token, key = issue_token(clerk)
    revoke_api_token(token, acting_user=clerk)
    _client(key).get(STAFF_ITEMS)
    token.refresh_from_db()
    assert token.last_used_at is None


def test_without_a_token_the_staff_api_asks_for_one(db):
    response = APIClient().get(STAFF_ITEMS)
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


def test_another_authorization_scheme_is_left_to_the_other_authenticators(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Basic Y2xlcms6c2VjcmV0")
    assert client.get(STAFF_ITEMS).json()["code"] == "not_authenticated"


def test_the_api_documentation_describes_the_token_header(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert "Token gk_" in scheme["description"]
    assert {"tokenAuth": []} in schema["paths"]["/api/v1/staff/items/"]["get"]["security"]

"""Every API error is `{"code", "detail"}` JSON with its HTTP status, the unexpected ones too (logged with their
traceback, never shown); the portal and the back office keep their Chinese pages."""

import json
import logging

import pytest
from django.test import Client, RequestFactory, override_settings
from rest_framework.test import APIClient

from api.views import catalog as catalog_views
from gongkai import error_views
from gongkai.errors import NotFound
from gongkai.middleware import DomainErrorMiddleware
from portal.views import errors as portal_errors
from privacy.log_filters import MaskPersonalDataFilter
from security.tests.helpers import log_in
from security.tests.token_factories import api_key_for

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["code"] == code and body["detail"], body
    return body


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def test_an_unexpected_exception_in_a_view_is_a_json_500_logged_with_its_traceback(client, monkeypatch, caplog):
    def broken():
        raise RuntimeError("database says 13912345678 is broken")

    monkeypatch.setattr(catalog_views, "public_agencies", broken)
    with caplog.at_level(logging.ERROR, logger="api.errors"):
        response = client.get("/api/v1/agencies/")
    body = assert_error(response, 500, "server_error")
    assert "13912345678" not in response.content.decode() and "RuntimeError" not in body["detail"]
    [record] = [r for r in caplog.records if r.name == "api.errors"]
    assert "GET /api/v1/agencies/" in record.getMessage() and "Traceback" in record.getMessage()
    # The traceback is inside the message, so the logging configuration's filter masks the personal data in it.
    MaskPersonalDataFilter().filter(record)
    assert "RuntimeError: database says 139****5678 is broken" in record.getMessage()


@pytest.mark.parametrize("url", ["/api/nope/", "/api/v1/", "/api/v1/staff/attachments/null,null/",
                                 "/api/v1/review-cases/abc/"])
def test_an_unknown_api_url_is_a_json_404(client, url):
    assert_error(client.get(url), 404, "not_found")


def test_a_wrong_method_is_a_json_405_with_the_allowed_methods(client):
    response = client.delete("/api/v1/agencies/")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_an_unacceptable_response_format_is_a_json_406(client):
    assert_error(client.get("/api/v1/agencies/", HTTP_ACCEPT="application/xml"), 406, "not_acceptable")


@pytest.mark.parametrize("body", ["{", '{"agency": "x"', "\xff", "[" * 100_000])
def test_an_unparsable_body_is_a_json_400(office_admin, body):
    response = token_client(office_admin).post("/api/v1/review-cases/", body.encode("latin-1"),
                                               content_type="application/json")
    assert_error(response, 400, "parse_error")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_an_oversized_json_body_is_a_json_413_before_it_is_read(office_admin, township):
    response = token_client(office_admin).post("/api/v1/review-cases/", {"agency": township.code, "subject": "x" * 2000},
                                               format="json")
    assert_error(response, 413, "request_too_large")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_an_oversized_form_body_is_a_json_413(office_admin, township):
    response = token_client(office_admin).post("/api/v1/review-cases/", {"agency": township.code, "subject": "x" * 2000},
                                               format="multipart")
    assert_error(response, 413, "request_too_large")


def test_an_unsupported_media_type_is_a_json_415(office_admin):
    response = token_client(office_admin).post("/api/v1/review-cases/", "<xml/>", content_type="application/xml")
    assert_error(response, 415, "unsupported_media_type")


def test_a_session_post_without_its_csrf_token_is_a_json_403(office_admin, township):
    client = log_in(APIClient(enforce_csrf_checks=True), office_admin)
    response = client.post("/api/v1/review-cases/", {"agency": township.code}, format="json")
    body = assert_error(response, 403, "csrf_failed")
    assert "X-CSRFToken" in body["detail"]


def test_a_request_for_an_unknown_host_is_a_json_400(client):
    assert_error(client.get("/api/v1/agencies/", HTTP_HOST="evil.example"), 400, "bad_request")


def test_the_500_view_answers_json_under_the_api():
    assert_error(error_views.server_error(RequestFactory().get("/api/v1/items/")), 500, "server_error")


def test_a_domain_error_escaping_a_plain_view_under_the_api_is_its_json():
    request = RequestFactory().get("/api/v1/items/")
    response = DomainErrorMiddleware(lambda r: None).process_exception(request, NotFound("未找到。", code="gone"))
    assert response.status_code == 404 and response.content.decode() == '{"code": "gone", "detail": "未找到。"}'


# --- the pages of people ------------------------------------------------------------------------------------------

def test_the_portal_404_stays_a_chinese_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_a_server_error_on_a_page_is_the_chinese_500_page():
    response = error_views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "系统繁忙" in response.content.decode()


def test_the_500_page_falls_back_to_plain_chinese_when_it_cannot_be_rendered(monkeypatch):
    def broken(request):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(portal_errors, "server_error", broken)
    response = error_views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "系统繁忙" in response.content.decode()
    assert "template engine down" not in response.content.decode()


def test_a_form_posted_without_its_csrf_token_is_the_chinese_403_page():
    response = Client(enforce_csrf_checks=True).post("/manage/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403 and "安全校验未通过" in response.content.decode()

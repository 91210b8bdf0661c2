"""The catalogue API: public reads and the staff's workflow over token authentication."""

from datetime import date

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from catalog.models import Item
from catalog.tests.factories import ItemFactory
from security.tests.token_factories import api_key_for

pytestmark = pytest.mark.django_db


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def test_agencies_list_codes_names_and_parents(client, county, township):
    rows = {r["code"]: r for r in client.get("/api/v1/agencies/").json()["results"]}
    assert rows[township.code]["name"] == "东升乡人民政府" and rows[township.code]["parent"] == county.code
    assert rows[county.code]["parent"] is None


def test_items_by_agency_and_year_with_count(client, township, category, other_township):
    for n in range(3):
        ItemFactory(agency=township, category=category, published_on=date(2017, 4, 1 + n))
    ItemFactory(agency=township, category=category, published_on=date(2018, 1, 2))
    ItemFactory(agency=other_township, published_on=date(2017, 4, 1))
    data = client.get("/api/v1/items/", {"agency": township.code, "year": 2017}).json()
    assert data["count"] == 3
    row = data["results"][0]
    assert set(row) >= {"index_no", "title", "category", "formed_on", "published_on", "doc_no", "validity", "url"}
    assert row["published_on"] == "2017-04-03"
    assert client.get("/api/v1/items/", {"agency": township.code, "category": category.name}).json()["count"] == 4


def test_item_detail_by_index_no(client, township, category):
    item = ItemFactory(agency=township, category=category)
    data = client.get(f"/api/v1/items/{item.index_no}/").json()
    assert data["index_no"] == item.index_no and data["body_html"] == item.body_html


def test_bad_public_queries_are_4xx_with_a_code(client):
    assert client.get("/api/v1/items/", {"agency": "nope"}).json()["code"] == "agency_not_found"
    assert client.get("/api/v1/items/", {"year": "20x7"}).status_code == 400
    assert client.get("/api/v1/items/nope/2017-00001/").status_code == 404


def test_due_date_endpoint(client):
    assert client.get("/api/v1/calendar/due-date/", {"start": "2026-02-13", "days": 20}).json() == {
        "start": "2026-02-13", "days": 20, "due_date": "2026-03-19",
        "explanation": "起算日期 2026年2月13日，次日起算；20个工作日，截止2026年3月19日"}
    beyond = client.get("/api/v1/calendar/due-date/", {"start": "2027-03-01", "days": 20})
    assert beyond.status_code == 422 and beyond.json()["code"] == "calendar_not_loaded"
    assert client.get("/api/v1/calendar/due-date/", {"start": "2026-03-01"}).status_code == 400


def test_the_whole_chain_over_the_api(township, category, party_office, clerk, reviewer, deputy, principal):
    created = token_client(clerk).post("/api/v1/staff/drafts/", {
        "agency": township.code, "category": category.pk, "office": party_office.pk, "title": "接口起草的通知",
        "formed_on": "2026-03-02", "summary": "概述", "body_html": "<p>正文<script>x()</script></p>",
        "doc_no": "东政发〔2026〕9号"}, format="json")
    assert created.status_code == 201, created.data
    revision_id = created.data["id"]
    assert created.data["body_html"] == "<p>正文</p>"
    assert token_client(clerk).post(f"/api/v1/staff/revisions/{revision_id}/submit/").data["status"] == "in_review"
    assert token_client(reviewer).post(f"/api/v1/staff/revisions/{revision_id}/approve/",
                                       {"secrecy_result": "disclose"}, format="json").status_code == 200
    token_client(deputy).post(f"/api/v1/staff/revisions/{revision_id}/approve/", {}, format="json")
    done = token_client(principal).post(f"/api/v1/staff/revisions/{revision_id}/approve/", {}, format="json")
    assert done.data["status"] == "published" and done.data["index_no"].endswith("/2026-00001")


@pytest.mark.parametrize(("payload", "code", "field"), [
    ({"doc_no": "东政发2026-9号"}, "invalid_doc_no", "doc_no"),
    ({"formed_on": "2099-01-01"}, "catalog_invalid", "formed_on"),
    ({"title": ""}, "invalid", "title"),
])
def test_bad_drafts_are_rejected_with_a_chinese_message_and_nothing_saved(township, category, clerk, party_office,
                                                                          payload, code, field):
    body = {"agency": township.code, "category": category.pk, "office": party_office.pk, "title": "标题",
            "formed_on": "2026-03-02", **payload}
    response = token_client(clerk).post("/api/v1/staff/drafts/", body, format="json")
    assert response.status_code == 400
    assert response.data["code"] == code and response.data["field"] == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.data["detail"])
    assert not Item.objects.exists()


def test_wrong_state_and_self_approval_over_the_api(township, category, party_office, office_admin):
    client = token_client(office_admin)
    revision_id = client.post("/api/v1/staff/drafts/", {"agency": township.code, "category": category.pk,
                                                        "title": "自批", "formed_on": "2026-03-02", "summary": "概述",
                                                        "body_html": "<p>x</p>"}, format="json").data["id"]
    wrong = client.post(f"/api/v1/staff/revisions/{revision_id}/approve/", {}, format="json")
    assert wrong.status_code == 409 and wrong.data["code"] == "invalid_transition"
    client.put(f"/api/v1/staff/agencies/{township.code}/chain/", {"steps": ["office_review", "deputy_approval"]},
               format="json")
    client.post(f"/api/v1/staff/revisions/{revision_id}/submit/")
    own = client.post(f"/api/v1/staff/revisions/{revision_id}/approve/", {}, format="json")
    assert own.status_code == 403 and own.data["code"] == "self_approval"


def test_upload_checked_by_content_and_size(township, category, party_office, clerk, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = token_client(clerk)
    revision_id = client.post("/api/v1/staff/drafts/", {"agency": township.code, "category": category.pk,
                                                        "office": party_office.pk, "title": "附件",
                                                        "formed_on": "2026-03-02"}, format="json").data["id"]
    fake = SimpleUploadedFile("通知.pdf", b"MZ\x90\x00 this is an exe")
    response = client.post(f"/api/v1/staff/revisions/{revision_id}/attachments/", {"file": fake}, format="multipart")
    assert response.status_code == 400 and response.data["code"] == "upload_type_not_allowed"
    docx_named_pdf = SimpleUploadedFile("通知.xlsx", b"%PDF-1.4\n%%EOF")
    response = client.post(f"/api/v1/staff/revisions/{revision_id}/attachments/", {"file": docx_named_pdf},
                           format="multipart")
    assert response.status_code == 400 and response.data["code"] == "upload_type_mismatch"
    settings.UPLOAD_MAX_BYTES = 10
    big = SimpleUploadedFile("大.pdf", b"%PDF-1.4\n" + b"0" * 100)
    response = client.post(f"/api/v1/staff/revisions/{revision_id}/attachments/", {"file": big}, format="multipart")
    assert response.status_code == 400 and response.data["code"] == "upload_too_large"


def test_schema_documents_the_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/v1/items/", "/api/v1/calendar/due-date/", "/api/v1/staff/revisions/{id}/approve/"):
        assert path in schema


def test_create_api_token_prints_a_working_token(clerk, capsys):
    call_command("create_api_token", "clerk", "--name", "对接测试")
    token = capsys.readouterr().out.strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/staff/items/").status_code == 200


def test_the_openapi_schema_is_valid_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").read_text(encoding="utf-8").startswith("openapi: 3")


def test_the_schema_says_an_empty_relation_is_null(client):
    # Schemathesis found responses with "parent": null (the county) and "office": null against a non-nullable string.
    schemas = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["components"]["schemas"]
    assert schemas["Agency"]["properties"]["parent"]["nullable"] is True
    assert schemas["ReviewCaseOut"]["properties"]["office"]["nullable"] is True
    assert schemas["SuggestionOut"]["properties"]["item"]["nullable"] is True

"""The rest of the catalogue API: attachments, Word import, categories, findings, and public queries that a
script may get wrong (each a 4xx with {"code", "detail"}, never a 500)."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from catalog import services
from catalog.models import Attachment, Category, Revision
from catalog.tests.factories import ItemFactory
from security.tests.token_factories import api_key_for

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def token_client(user):
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
    return client


def draft(township, category, party_office, clerk, **extra):
    return services.create_draft(township, acting_user=clerk, category=category, office=party_office,
                                 title="关于春耕的通知", formed_on=date(2026, 3, 2), summary="春耕安排。",
                                 body_html="<p>正文</p>", **extra)


@pytest.mark.parametrize("query", [{"category": "9" * 20}, {"category": "¹"}, {"page_size": "-1"}])
def test_odd_public_filters_are_answered_not_crashed(client, township, category, query):
    ItemFactory(agency=township, category=category)
    response = client.get("/api/v1/items/", query)
    assert response.status_code == 200 and "count" in response.json()


def test_an_unknown_validity_is_a_400_with_the_choices(client):
    response = client.get("/api/v1/items/", {"validity": "zzz"})
    assert response.status_code == 400 and set(response.json()) >= {"code", "detail"}
    assert "valid" in response.json()["detail"]


def test_an_item_is_found_by_category_id_or_name(client, township, category):
    ItemFactory(agency=township, category=category)
    assert client.get("/api/v1/items/", {"category": category.pk}).json()["count"] == 1
    assert client.get("/api/v1/items/", {"category": category.name}).json()["count"] == 1
    assert client.get("/api/v1/items/", {"category": "没有这个栏目"}).json()["count"] == 0


def test_an_attachment_is_removed_from_a_draft_and_only_from_a_draft(township, category, party_office, clerk,
                                                                     reviewer, outsider):
    revision = draft(township, category, party_office, clerk)
    uploaded = token_client(clerk).post(f"/api/v1/staff/revisions/{revision.pk}/attachments/",
                                        {"file": SimpleUploadedFile("通知.pdf", PDF)}, format="multipart")
    assert uploaded.status_code == 201
    attachment_id = uploaded.data["id"]
    assert token_client(outsider).delete(f"/api/v1/staff/attachments/{attachment_id}/").status_code == 404
    services.submit_for_review(revision, acting_user=clerk)
    locked = token_client(clerk).delete(f"/api/v1/staff/attachments/{attachment_id}/")
    assert locked.status_code == 409 and locked.json()["code"] == "invalid_transition"
    services.return_revision(revision, acting_user=reviewer, comment="附件有误")
    assert token_client(clerk).delete(f"/api/v1/staff/attachments/{attachment_id}/").status_code == 204
    assert not Attachment.objects.filter(pk=attachment_id).exists()


def test_a_word_document_becomes_the_body_over_the_api(township, category, party_office, clerk):
    import docx

    document = docx.Document()
    document.add_paragraph("各村：请做好春耕准备。")
    data = io.BytesIO()
    document.save(data)
    revision = draft(township, category, party_office, clerk)
    response = token_client(clerk).post(f"/api/v1/staff/revisions/{revision.pk}/body/",
                                        {"file": SimpleUploadedFile("通知.docx", data.getvalue())}, format="multipart")
    assert response.status_code == 200 and response.data["body_html"] == "<p>各村：请做好春耕准备。</p>"
    refused = token_client(clerk).post(f"/api/v1/staff/revisions/{revision.pk}/body/",
                                       {"file": SimpleUploadedFile("通知.docx", PDF)}, format="multipart")
    assert refused.status_code == 400 and refused.json()["code"] == "upload_type_not_allowed"
    assert Revision.objects.get(pk=revision.pk).body_html == "<p>各村：请做好春耕准备。</p>"


def test_a_category_is_changed_over_the_api(township, category, office_admin, clerk):
    url = f"/api/v1/staff/agencies/{township.code}/categories/{category.pk}/"
    assert token_client(clerk).patch(url, {"publish_limit_days": 7}, format="json").status_code == 403
    response = token_client(office_admin).patch(url, {"publish_limit_days": 7}, format="json")
    assert response.status_code == 200 and response.data["publish_limit_days"] == 7
    assert Category.objects.get(pk=category.pk).name == category.name
    too_long = token_client(office_admin).patch(url, {"publish_limit_days": 25}, format="json")
    assert too_long.status_code == 400


def test_a_second_acknowledgement_is_a_conflict(township, category, party_office, clerk, reviewer, platform_admin):
    revision = draft(township, category, party_office, clerk)
    services.update_draft(revision, acting_user=clerk, body_html="<p>电话13812345678</p>")
    services.submit_for_review(revision, acting_user=clerk)
    finding = revision.findings.get()
    url = f"/api/v1/staff/findings/{finding.pk}/acknowledge/"
    assert token_client(reviewer).post(url, {"note": "已删除"}, format="json").status_code == 200
    again = token_client(platform_admin).post(url, {"note": "再确认"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "finding_already_acknowledged"


@pytest.mark.parametrize("payload", [{"category": int("9" * 20)}, {"office": int("9" * 20)}])
def test_ids_out_of_range_in_a_draft_are_a_400(township, category, party_office, clerk, payload):
    body = {"agency": township.code, "category": category.pk, "title": "标题", "formed_on": "2026-03-02", **payload}
    response = token_client(clerk).post("/api/v1/staff/drafts/", body, format="json")
    assert response.status_code == 400 and set(response.json()) >= {"code", "detail"}

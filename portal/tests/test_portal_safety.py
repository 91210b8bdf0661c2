"""What the public must never get from the portal (script, personal data, a crash), and what it must always get
(HEAD answers for link checkers, feeds that readers cannot be tricked by)."""

from datetime import date

import pytest

from agencies.tests.factories import StaffRegistryEntryFactory
from catalog import services
from catalog.models import Item
from catalog.tests.factories import ItemFactory

pytestmark = pytest.mark.django_db
XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'><svg onload=alert(3)>'


def published_with_script_everywhere(township, category, party_office, clerk, reviewer, deputy, principal):
    revision = services.create_draft(
        township, acting_user=clerk, category=category, office=party_office, title=f"脚本标题{XSS}",
        formed_on=date(2026, 3, 2), summary=f"概述{XSS}", issuer=f"发布{XSS}", topic="<svg onload=alert(3)>",
        body_html=f"<p>秸秆正文<a href='javascript:alert(1)'>链接</a><iframe src=//evil></iframe>{XSS}</p>")
    services.submit_for_review(revision, acting_user=clerk)
    services.approve_step(revision, acting_user=reviewer, secrecy_result="disclose")
    services.approve_step(revision, acting_user=deputy)
    services.approve_step(revision, acting_user=principal)
    return Item.objects.get(pk=revision.item_id)


def test_script_typed_into_any_field_stays_text_on_every_public_page(client, township, category, party_office, clerk,
                                                                      reviewer, deputy, principal):
    item = published_with_script_everywhere(township, category, party_office, clerk, reviewer, deputy, principal)
    pages = ["/", f"/gk/{township.code}/", f"/gk/{township.code}/c/{category.pk}/",
             f"/gk/{township.code}/column/statutory/", f"/item/{item.index_no}/", "/search/?q=秸秆",
             "/search/?q=alert"]
    for url in pages:
        html = client.get(url).content.decode()
        for raw in ("<script>alert", "<img src=x", "<svg onload", "<iframe", "javascript:alert"):
            assert raw not in html, (url, raw)
    api = client.get(f"/api/v1/items/{item.index_no}/")  # data as typed, for the caller to escape; never HTML
    assert api["Content-Type"] == "application/json" and "<iframe" not in api.json()["body_html"]


def test_feeds_escape_the_summary_that_readers_decode_as_html(client, township, category, party_office, clerk,
                                                              reviewer, deputy, principal):
    item = published_with_script_everywhere(township, category, party_office, clerk, reviewer, deputy, principal)
    for url in (f"/gk/{township.code}/feed.xml", f"/gk/{township.code}/c/{category.pk}/feed.xml"):
        xml = client.get(url).content.decode()
        # once XML-decoded, <summary type="html"> must still be text: the markup is escaped twice
        assert "&amp;lt;script&amp;gt;" in xml and "&lt;script&gt;" not in xml.split("<summary")[1]
        assert f"<id>http://testserver/item/{item.index_no}/</id>" in xml


def test_on_request_items_do_not_leak_their_body_through_the_feed(client, township, category):
    ItemFactory(agency=township, category=category, summary="", disclosure_mode="on_request",
                body_html="<p>内部正文</p>")
    assert "内部正文" not in client.get(f"/gk/{township.code}/feed.xml").content.decode()


def test_registry_phones_never_reach_a_public_page(client, township, category):
    StaffRegistryEntryFactory(agency=township, name="李天涛", position="乡长", contact="18746567000")
    ItemFactory(agency=township, category=category)
    for url in ("/", "/gk/", f"/gk/{township.code}/", f"/gk/{township.code}/guide/", "/sitemap/", "/contact/",
                f"/gk/{township.code}/column/statutory/", "/api/v1/agencies/", "/search/?q=李天涛"):
        assert "18746567000" not in client.get(url).content.decode(), url


@pytest.mark.parametrize("url", ["/", "/gk/", "/search/", "/tools/due-date/", "/sitemap/", "/contact/"])
def test_head_requests_are_answered_like_get(client, township, url):
    assert client.head(url).status_code == 200


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example/",
                                      "javascript:alert(1)", "\r\nSet-Cookie:x=1"])
def test_the_elder_mode_switch_never_sends_people_elsewhere(client, next_url):
    assert client.get("/elder-mode/", {"on": "1", "next": next_url})["Location"] == "/"


@pytest.mark.parametrize("query", [
    "?after=abc", "?before=%FF%FF", "?after=OTk5OS05OS05OXwx", "?year=abc", f"?year={'9' * 20}", "?validity=%00",
])
def test_hand_typed_list_parameters_are_a_page_or_a_404(client, township, category, query):
    assert client.get(f"/gk/{township.code}/c/{category.pk}/{query}").status_code in (200, 404)


@pytest.mark.parametrize("url", [f"/gk/x/c/{'9' * 20}/", f"/gk/x/c/{'9' * 20}/feed.xml", "/search/?q=%00",
                                 f"/search/?q=a&page={'9' * 20}", '/search/?q="""', "/search/?q=NEAR(a",
                                 "/tools/due-date/?start=9999-12-31&days=1", "/tools/due-date/?start=0001-01-01&days=1",
                                 f"/item/x/files/{'9' * 20}/"])
def test_odd_urls_are_answered_without_a_server_error(client, township, url):
    assert client.get(url.replace("/gk/x/", f"/gk/{township.code}/").replace("/item/x/", "/item/a/2017-00001/")
                      ).status_code < 500


def test_a_stopped_category_has_no_page_but_its_items_stay_public(client, township, category, office_admin):
    item = ItemFactory(agency=township, category=category)
    services.update_category(category, acting_user=office_admin, name=category.name, column=category.column,
                             statutory_items=[], is_active=False)
    assert client.get(f"/gk/{township.code}/c/{category.pk}/").status_code == 404
    assert client.get(f"/item/{item.index_no}/").status_code == 200

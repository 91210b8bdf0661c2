"""What the public must never get from the portal (script, personal data, a crash), and what it must always get
(HEAD answers for link checkers, feeds that readers cannot be tricked by)."""

import base64
from datetime import date
from urllib.parse import quote

import pytest
from django.utils.html import escape

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


@pytest.mark.parametrize("query", ["?year=abc", f"?year={'9' * 20}", "?validity=%00"])
def test_hand_typed_list_parameters_are_a_page_or_a_404(client, township, category, query):
    assert client.get(f"/gk/{township.code}/c/{category.pk}/{query}").status_code in (200, 404)


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


TAMPERED_CURSORS = ["abc", "%FF%FF", "%00", "秸秆", "A" * 10_000, _cursor("9999-99-99|1"), _cursor("2024-01-01|1|2"),
                    _cursor("2024-01-01|x"), _cursor("2024-01-01|" + "9" * 5000), _cursor("|"), _cursor("2024-01-01")]


@pytest.mark.parametrize("page", ["category", "column"])
@pytest.mark.parametrize("direction", ["after", "before"])
@pytest.mark.parametrize("cursor", TAMPERED_CURSORS, ids=range(len(TAMPERED_CURSORS)))
def test_a_tampered_cursor_on_a_list_page_is_a_400_that_says_so(client, township, category, page, direction, cursor):
    ItemFactory(agency=township, category=category)
    base = f"/gk/{township.code}/c/{category.pk}/" if page == "category" else f"/gk/{township.code}/column/statutory/"
    response = client.get(f"{base}?{direction}={cursor}")
    assert response.status_code == 400
    assert "翻页参数无效（链接可能不完整或被改动过），请回到列表第一页重新翻页。" in response.content.decode()


@pytest.mark.parametrize("raw", [f"2024-01-01|{'9' * 30}", f"2024-01-01|-{'9' * 30}", "0001-01-01|1", "9999-12-31|0",
                                 f"2024-01-01|{2**31}", f"2024-01-01|{2**63}"])
@pytest.mark.parametrize("direction", ["after", "before"])
def test_a_well_formed_cursor_with_odd_values_is_just_a_page(client, township, category, raw, direction):
    """Out of every column's range (an id beyond bigint, year 1): still a list page, never an overflow."""
    ItemFactory(agency=township, category=category)
    response = client.get(f"/gk/{township.code}/c/{category.pk}/?{direction}={_cursor(raw)}")
    assert response.status_code == 200 and response.context["page"] is not None


@pytest.mark.parametrize("path", ["/gk/{code}/", "/gk/{code}/guide/", "/gk/{code}/column/statutory/",
                                  "/gk/{code}/c/{category}/", "/gk/{code}/feed.xml", "/gk/{code}/c/{category}/feed.xml"])
@pytest.mark.parametrize("code", ["NOPE", "x" * 200, "'; DROP TABLE x", "望奎县"])
def test_an_unknown_agency_code_is_a_404_that_names_it(client, township, category, path, code):
    response = client.get(path.format(code=quote(code), category=category.pk))
    shown = code if len(code) <= 40 else code[:40] + "…"
    assert response.status_code == 404
    assert escape(f"机关代码“{shown}”不存在，请从“机关”列表中选择。") in response.content.decode()


@pytest.mark.parametrize("url", ["/gk/a%00b/", "/gk/%00/guide/", "/item/a%00b/", "/item/a/2017-00001%00/",
                                 "/item/a/2017-00001/files/1%00/", "/data/catalogue/a%00b.csv",
                                 "/gk/a%00b/annual-reports/2024/", "/gk/a%00b/feed.xml", "/%00/",
                                 "/manage/%00/"])
def test_a_nul_character_in_the_path_is_a_400_in_chinese(client, township, url):
    """PostgreSQL refuses a NUL in a text parameter: before the middleware each of these was a 500 there."""
    response = client.get(url)
    assert response.status_code == 400 and "网址中含有无效的空字符（%00）" in response.content.decode()


@pytest.mark.parametrize("url", ["/api/v1/items/a%00b/", "/api/v1/open-data/catalogue/a%00b.csv"])
def test_a_nul_character_in_an_api_path_is_a_400_in_json(client, township, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json() == {"code": "invalid_character", "detail": "网址中含有无效的空字符（%00），请检查链接是否完整，或从首页重新进入。"}


@pytest.mark.parametrize("param", ["agency", "category"])
def test_a_nul_character_in_an_api_filter_is_a_400(client, township, param):
    response = client.get("/api/v1/items/", {param: "a\x00b"})
    assert response.status_code == 400 and "空字符" in response.json()["detail"]


@pytest.mark.parametrize("url", ["/item/{long}/", "/gk/{long}/", "/{long}/", "/gk/{long}/feed.xml",
                                 "/data/catalogue/{long}.csv", "/item/a/{long}/files/1/"])
def test_a_path_too_long_for_a_file_name_is_a_404_not_a_500(client, township, url):
    """The published-pages middleware looks for a file of that name: ENAMETOOLONG is just "not published"."""
    assert client.get(url.format(long="x" * 5000)).status_code == 404


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

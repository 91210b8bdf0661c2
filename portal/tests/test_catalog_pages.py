"""The public portal's catalogue pages, as a citizen uses them (no login, works without JavaScript)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog import services
from catalog.models import Item
from catalog.tests.factories import CategoryFactory, ItemFactory

pytestmark = pytest.mark.django_db


def test_home_lists_agencies_and_the_latest_items(client, township, category):
    ItemFactory(agency=township, category=category, title="关于秸秆禁烧的通告")
    page = client.get("/").content.decode()
    assert "东升乡人民政府" in page and "关于秸秆禁烧的通告" in page
    assert 'lang="zh-CN"' in page and 'href="#main"' in page  # language and skip link


def test_agency_section_has_the_four_statutory_columns(client, township):
    page = client.get(f"/gk/{township.code}/").content.decode()
    for label in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert label in page


def test_guide_is_built_from_the_agency_data(client, township, category):
    page = client.get(f"/gk/{township.code}/guide/").content.decode()
    for label in ("名称", "办公地址", "办公时间", "联系电话", "传真号码", "互联网联系方式"):
        assert f">{label}<" in page
    assert township.office_phone in page and category.name in page


def test_category_list_filters_by_year_and_validity_and_pages_by_cursor(client, township, category):
    for n in range(25):
        ItemFactory(agency=township, category=category, title=f"二〇一七年第{n}号", published_on=date(2017, 3, 1 + n))
    ItemFactory(agency=township, category=category, title="二〇一八年的一条", published_on=date(2018, 5, 1))
    ItemFactory(agency=township, category=category, title="已废止的一条", published_on=date(2017, 6, 1),
                validity="abolished", abolished_on=date(2018, 1, 1))
    first = client.get(f"/gk/{township.code}/c/{category.pk}/?year=2017")
    html = first.content.decode()
    assert "共26条" in html and "二〇一八年的一条" not in html
    assert "已废止的一条" in html  # newest first: June before March
    assert first.context["page"].next_cursor
    second = client.get(f"/gk/{township.code}/c/{category.pk}/?year=2017&after={first.context['page'].next_cursor}")
    titles = [i.title for i in first.context["page"].items + second.context["page"].items]
    assert len(titles) == 26 and len(set(titles)) == 26
    abolished = client.get(f"/gk/{township.code}/c/{category.pk}/?validity=abolished").context["page"].items
    assert [i.title for i in abolished] == ["已废止的一条"]


def test_a_tampered_cursor_is_a_400_that_says_so_not_a_500(client, township, category):
    response = client.get(f"/gk/{township.code}/c/{category.pk}/?after=%%%bad")
    assert response.status_code == 400 and "翻页参数无效" in response.content.decode()


def test_item_page_shows_the_catalogue_metadata_and_body(client, township, category):
    item = ItemFactory(agency=township, category=category, title="关于印发办法的通知", doc_no="东政发〔2017〕6号",
                       body_html="<p>办法全文。</p>")
    page = client.get(f"/item/{item.index_no}/").content.decode()
    for text in ("索引号", item.index_no, "生成日期", "2017-03-01", "发布日期", "文号", "东政发〔2017〕6号", "有效性",
                 "办法全文。"):
        assert text in page


def test_withdrawn_and_unpublished_items_are_not_public(client, township, category):
    item = ItemFactory(agency=township, category=category, status=Item.Status.WITHDRAWN, index_no="011100015/2017-00099")
    assert client.get(f"/item/{item.index_no}/").status_code == 404
    assert client.get("/item/nothing/2017-00001/").status_code == 404


def test_attachments_download_only_from_the_published_version(client, township, category, party_office, clerk,
                                                              reviewer, deputy, principal):
    revision = services.create_draft(township, acting_user=clerk, category=category, office=party_office,
                                     title="附件测试", formed_on=date(2026, 3, 2), summary="概述",
                                     body_html="<p>正文</p>")
    pdf = SimpleUploadedFile("通知.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    attachment = services.add_attachment(revision, pdf, acting_user=clerk)
    services.submit_for_review(revision, acting_user=clerk)
    services.approve_step(revision, acting_user=reviewer, secrecy_result="disclose")
    services.approve_step(revision, acting_user=deputy)
    services.approve_step(revision, acting_user=principal)
    item = Item.objects.get(pk=revision.item_id)
    response = client.get(f"/item/{item.index_no}/files/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(f"/item/{item.index_no}/files/{attachment.pk + 99}/").status_code == 404


def test_personal_data_never_appears_on_public_pages(client, township, category):
    ItemFactory(agency=township, category=category, title="名单公示", body_html="<p>王五</p>")
    page = client.get(f"/gk/{township.code}/guide/").content.decode()
    assert "18746567000" not in page  # the staff registry's phones stay in the back office


def test_search_finds_two_character_words_inside_text_ranked_with_snippets(client, township, category):
    ItemFactory(agency=township, category=category, title="关于做好秸秆禁烧工作的通知",
                body_html="<p>各村要加强巡查，严禁露天焚烧秸秆。</p>")
    ItemFactory(agency=township, category=category, title="春耕生产情况", body_html="<p>全乡春耕进展顺利。</p>")
    response = client.get("/search/", {"q": "秸秆 巡查"})
    result = response.context["result"]
    assert [r.item.title for r in result.results] == ["关于做好秸秆禁烧工作的通知"]
    assert "<mark>巡查</mark>" in str(result.results[0].snippet)
    assert client.get("/search/", {"q": "春耕"}).context["result"].total == 1
    assert client.get("/search/", {"q": "复议"}).context["result"].total == 0


def test_due_date_calculator(client):
    ok = client.get("/tools/due-date/", {"start": "2026-02-13", "days": "20"})
    assert ok.status_code == 200 and "2026年3月19日" in ok.content.decode()
    beyond = client.get("/tools/due-date/", {"start": "2027-02-13", "days": "20"})
    assert beyond.status_code == 422 and "2027" in beyond.content.decode()
    assert client.get("/tools/due-date/", {"start": "2026-13-01", "days": "20"}).status_code == 400
    assert client.get("/tools/due-date/", {"start": "2026-03-01", "days": "-3"}).status_code == 400


def test_feeds(client, township, category):
    ItemFactory(agency=township, category=category, title="订阅测试")
    for url in (f"/gk/{township.code}/feed.xml", f"/gk/{township.code}/c/{category.pk}/feed.xml"):
        response = client.get(url)
        assert response.status_code == 200 and "订阅测试" in response.content.decode()
        assert response["Content-Type"].startswith("application/atom+xml")


def test_elder_mode_switch_sets_a_cookie_and_returns(client):
    response = client.get("/elder-mode/", {"on": "1", "next": "/gk/"})
    assert response.status_code == 302 and response["Location"] == "/gk/"
    assert client.get("/").content.decode().count('class="portal elder"') == 1
    assert client.get("/elder-mode/", {"on": "0", "next": "https://evil.example/"})["Location"] == "/"


def test_footer_carries_the_site_settings(client, platform_admin):
    from agencies.services import update_site_settings

    update_site_settings(acting_user=platform_admin, host_org="望奎县人民政府", site_code="2312210001",
                         icp_no="黑ICP备13005961号-1", psb_no="23122102000101")
    page = client.get("/").content.decode()
    for text in ("主办单位：望奎县人民政府", "网站标识码：2312210001", "黑ICP备13005961号-1", "23122102000101"):
        assert text in page


def test_security_headers(client):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_category_other_agency_is_404(client, township, other_township):
    category = CategoryFactory(agency=other_township)
    assert client.get(f"/gk/{township.code}/c/{category.pk}/").status_code == 404


@pytest.mark.parametrize("url_name", ["home", "category", "agency", "search"])
def test_public_pages_use_a_fixed_number_of_queries(client, township, category, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def url():
        return {"home": "/", "category": f"/gk/{township.code}/c/{category.pk}/",
                "agency": f"/gk/{township.code}/", "search": "/search/?q=通知"}[url_name]

    ItemFactory(agency=township, category=category)
    client.get(url())  # warm caches (calendar, content types)
    with CaptureQueriesContext(connection) as few:
        client.get(url())
    for n in range(30):
        ItemFactory(agency=township, category=CategoryFactory(agency=township) if n % 3 else category)
    with CaptureQueriesContext(connection) as many:
        client.get(url())
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]

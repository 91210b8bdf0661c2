"""The back office's kernel pages (agency, registry, people, categories, calendar) and the item page, as the
信息公开办, the 保密审查员, the 信息员 and the platform administrator use them; and bad input that must never be a 500."""

import io
from datetime import date

import openpyxl
import pytest
from django.test import Client

from agencies.models import StaffRegistryEntry
from agencies.tests.factories import StaffRegistryEntryFactory
from catalog import services
from catalog.models import Category, Item
from security.tests.helpers import log_in

pytestmark = pytest.mark.django_db
BIG = "9" * 20


def as_user(user) -> Client:
    client = Client(raise_request_exception=False)
    log_in(client, user)
    return client


@pytest.mark.parametrize("url", [
    f"/manage/items/?office={BIG}", f"/manage/items/?category={BIG}", f"/manage/items/?year={BIG}",
    f"/manage/items/?page={BIG}", "/manage/items/?page=0", "/manage/items/?year=²", "/manage/items/?status=zzz",
    f"/manage/calendar/?year={BIG}", "/manage/calendar/?year=abc", "/manage/calendar/?year=-5",
])
def test_hand_typed_query_parameters_never_break_a_page(township, platform_admin, url):
    assert as_user(platform_admin).get(url).status_code == 200


@pytest.mark.parametrize("data", [{"form": "clear"}, {"form": "clear", "date": "x"}, {"form": "zzz"},
                                  {"form": "day", "date": "2026-13-40", "kind": "holiday"}])
def test_bad_calendar_posts_are_a_400_with_the_page(township, platform_admin, data):
    response = as_user(platform_admin).post("/manage/calendar/", data)
    assert response.status_code == 400 and "工作日历" in response.content.decode()


def test_the_calendar_refuses_a_year_after_a_gap(township, platform_admin):
    response = as_user(platform_admin).post("/manage/calendar/", {"form": "year", "year": 2030, "source": "通知"})
    assert response.status_code == 400 and "年份之间不能留空" in response.content.decode()


def test_a_registry_line_of_another_agency_or_a_bad_id_is_not_found(township, other_township, office_admin):
    line = StaffRegistryEntryFactory(agency=other_township, name="外单位")
    client = as_user(office_admin)
    for entry in ("abc", BIG, str(line.pk)):
        response = client.post("/manage/agency/registry/", {"agency": township.code, "entry": entry, "name": "改",
                                                            "position": "改"})
        assert response.status_code == 404
    assert client.post(f"/manage/agency/registry/{line.pk}/delete/", {"agency": township.code}).status_code == 404
    assert StaffRegistryEntry.objects.get(pk=line.pk).name == "外单位"


def test_registry_phones_are_masked_for_staff_who_do_not_keep_the_register(township, clerk, office_admin, supervisor):
    StaffRegistryEntryFactory(agency=township, name="李天涛", position="乡长", contact="18746567000")
    page = as_user(clerk).get(f"/manage/agency/?agency={township.code}").content.decode()
    assert "187****7000" in page and "18746567000" not in page
    export = as_user(clerk).get(f"/manage/agency/registry.xlsx?agency={township.code}")
    assert openpyxl.load_workbook(io.BytesIO(export.content)).active["C4"].value == "187****7000"
    for person in (office_admin, supervisor):
        export = as_user(person).get(f"/manage/agency/registry.xlsx?agency={township.code}")
        assert openpyxl.load_workbook(io.BytesIO(export.content)).active["C4"].value == "18746567000"


def test_a_category_is_changed_on_the_categories_page(township, category, office_admin):
    client = as_user(office_admin)
    page = client.get(f"/manage/categories/?agency={township.code}&edit={category.pk}").content.decode()
    assert f"修改栏目“{category.name}”" in page
    response = client.post(f"/manage/categories/?agency={township.code}", {
        "form": "edit", "agency": township.code, "category": category.pk, "name": "公告公示栏",
        "column": "statutory", "statutory_items": ["20.15"], "publish_limit_days": 7, "sort_order": 3,
        "is_active": "on"})
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.publish_limit_days, category.sort_order) == ("公告公示栏", 7, 3)
    bad = client.post(f"/manage/categories/?agency={township.code}", {
        "form": "edit", "agency": township.code, "category": category.pk, "name": "x" * 10,
        "column": "statutory", "publish_limit_days": 30, "sort_order": 3})
    assert bad.status_code == 400 and Category.objects.get(pk=category.pk).publish_limit_days == 7


def test_form_help_and_errors_are_tied_to_their_fields(township, clerk):
    page = as_user(clerk).post("/manage/items/new/", {"agency": township.code, "title": ""}).content.decode()
    assert 'aria-describedby="id_formed_on_helptext' in page and 'id="id_formed_on_helptext"' in page
    assert 'aria-invalid="true"' in page and 'id="id_title_error"' in page


def _published(township, category, party_office, clerk, reviewer, deputy, principal):
    revision = services.create_draft(township, acting_user=clerk, category=category, office=party_office,
                                     title="关于秸秆禁烧的通告", formed_on=date(2026, 3, 2), summary="禁烧要求。",
                                     body_html="<p>正文</p>")
    services.submit_for_review(revision, acting_user=clerk)
    services.approve_step(revision, acting_user=reviewer, secrecy_result="partial", removed_content="删除联系人电话")
    services.approve_step(revision, acting_user=deputy, comment="同意公开。")
    services.approve_step(revision, acting_user=principal)
    return Item.objects.get(pk=revision.item_id)


def test_the_item_page_shows_each_decision_with_the_secrecy_result(township, category, party_office, clerk, reviewer,
                                                                   deputy, principal):
    item = _published(township, category, party_office, clerk, reviewer, deputy, principal)
    page = as_user(clerk).get(f"/manage/items/{item.pk}/").content.decode()
    assert "同意：部分公开" in page and "删除内容：删除联系人电话" in page and "同意公开。" in page


def test_the_offices_clerk_starts_a_new_version_from_the_item_page(township, category, party_office, clerk, reviewer,
                                                                   deputy, principal):
    item = _published(township, category, party_office, clerk, reviewer, deputy, principal)
    client = as_user(clerk)
    page = client.get(f"/manage/items/{item.pk}/").content.decode()
    assert "创建新版本" in page and "撤回</button>" not in page
    response = client.post(f"/manage/items/{item.pk}/new-version/", {"change_note": "更正禁烧时段"})
    assert response.status_code == 302 and item.revisions.count() == 2


def test_the_secrecy_reviewer_edits_the_body_as_it_stands(township, category, party_office, clerk, reviewer):
    revision = services.create_draft(township, acting_user=clerk, category=category, office=party_office,
                                     title="待审", formed_on=date(2026, 3, 2), summary="x",
                                     body_html="<p>联系人张三</p>")
    services.submit_for_review(revision, acting_user=clerk)
    page = as_user(reviewer).get(f"/manage/items/{revision.item_id}/").content.decode()
    assert "&lt;p&gt;联系人张三&lt;/p&gt;</textarea>" in page


def test_the_edit_page_is_only_for_who_may_draft_it_and_only_while_editable(township, category, party_office, clerk,
                                                                            reviewer):
    revision = services.create_draft(township, acting_user=clerk, category=category, office=party_office,
                                     title="草稿", formed_on=date(2026, 3, 2), summary="x", body_html="<p>x</p>")
    assert as_user(reviewer).get(f"/manage/revisions/{revision.pk}/edit/").status_code == 403
    assert as_user(clerk).get(f"/manage/revisions/{revision.pk}/edit/").status_code == 200
    services.submit_for_review(revision, acting_user=clerk)
    response = as_user(clerk).get(f"/manage/revisions/{revision.pk}/edit/", follow=True)
    assert response.redirect_chain and "不能修改" in response.content.decode()

"""The dependency map: each kind of change names exactly the pages it affects (and the audit events of the real
services are translated into those changes in the change's own transaction)."""

from datetime import date

import pytest

from agencies import services as agencies
from catalog import services as catalog
from catalog.models import Item, StatutoryColumn
from catalog.tests.factories import CategoryFactory, ItemFactory
from publication import dependencies as d
from publication import pages
from publication.models import PendingTarget

pytestmark = pytest.mark.django_db


def pending() -> set[str]:
    return set(PendingTarget.objects.values_list("target", flat=True))


@pytest.fixture
def lists(township, category):
    """Another category of the same column, with 35 items newer than 2017 so that 2017 items are off every list."""
    sibling = CategoryFactory(agency=township, name="通知公告", sort_order=2)
    for n in range(35):
        ItemFactory(agency=township, category=sibling, published_on=date(2025, 1, 1 + n % 28))
    return sibling


def item_pages(township, category):
    code = township.code
    return {pages.category(code, category.pk), pages.category_feed(code, category.pk),
            pages.column(code, "statutory"), pages.agency(code)}


def test_a_new_publication_changes_its_page_every_list_it_tops_and_the_year_filter(township, category):
    item = ItemFactory(agency=township, category=category, published_on=date(2026, 3, 10))
    code = township.code
    assert d.targets(d.Change(d.ITEM_PUBLISHED, item_id=item.pk)) == {
        pages.item(item.index_no), *item_pages(township, category), pages.agency_feed(code), pages.home(),
        pages.group(pages.AGENCY_CATEGORIES, township.pk)}  # the first item: the year filter appears


def test_an_old_item_published_late_changes_the_counts_not_the_feeds_or_the_home_page(township, category, lists):
    item = ItemFactory(agency=township, category=lists, published_on=date(2024, 6, 1))
    ItemFactory(agency=township, category=lists, published_on=date(2023, 6, 1))  # 2024 is inside the year span
    code = township.code
    assert d.targets(d.Change(d.ITEM_PUBLISHED, item_id=item.pk)) == {
        pages.item(item.index_no), pages.category(code, lists.pk), pages.column(code, "statutory"),
        pages.agency(code)}


def test_a_new_revision_of_an_old_item_changes_only_its_own_page(township, category, lists):
    item = ItemFactory(agency=township, category=lists, published_on=date(2017, 3, 10))
    assert d.targets(d.Change(d.ITEM_REVISED, item_id=item.pk)) == {pages.item(item.index_no)}


def test_a_new_revision_of_a_recent_item_changes_the_lists_that_show_it(township, category):
    item = ItemFactory(agency=township, category=category, published_on=date(2026, 3, 10))
    code = township.code
    assert d.targets(d.Change(d.ITEM_REVISED, item_id=item.pk)) == {
        pages.item(item.index_no), *item_pages(township, category), pages.agency_feed(code), pages.home()}


def test_an_item_moved_to_another_category_changes_both(township, category, lists):
    item = ItemFactory(agency=township, category=category, published_on=date(2017, 3, 10))
    rules = CategoryFactory(agency=township, name="制度文件", column=StatutoryColumn.RULES)
    code = township.code
    Item.objects.filter(pk=item.pk).update(category=rules)
    assert d.targets(d.Change(d.ITEM_REVISED, item_id=item.pk, previous_category_id=category.pk)) == {
        pages.item(item.index_no), pages.category(code, rules.pk), pages.column(code, "rules"),
        pages.category(code, category.pk), pages.column(code, "statutory"), pages.agency(code),
        pages.category_feed(code, rules.pk), pages.category_feed(code, category.pk)}  # alone in both: in the feeds


def test_a_withdrawal_changes_what_listed_it(township, category, lists):
    item = ItemFactory(agency=township, category=category, published_on=date(2026, 3, 10))
    Item.objects.filter(pk=item.pk).update(status=Item.Status.WITHDRAWN)
    code = township.code
    assert d.targets(d.Change(d.ITEM_WITHDRAWN, item_id=item.pk)) == {
        pages.item(item.index_no), *item_pages(township, category), pages.agency_feed(code), pages.home(),
        pages.group(pages.AGENCY_CATEGORIES, township.pk)}  # 2026 leaves the year filter


def test_a_category_rename_reaches_every_page_that_names_it(township, category, lists):
    ItemFactory(agency=township, category=category, published_on=date(2017, 3, 10))
    code = township.code
    assert d.targets(d.Change(d.CATEGORY_CHANGED, category_id=category.pk, fields=frozenset({"name"}))) == {
        pages.category(code, category.pk), pages.category_feed(code, category.pk), pages.category(code, lists.pk),
        pages.column(code, "statutory"), pages.agency(code), pages.guide(code),
        pages.group(pages.CATEGORY_ITEMS, category.pk)}  # not the home page: none of its items is among the latest


def test_a_reorder_changes_the_lists_of_categories_not_the_items(township, category, lists):
    code = township.code
    assert d.targets(d.Change(d.CATEGORY_CHANGED, category_id=category.pk, fields=frozenset({"sort_order"}))) == {
        pages.category(code, category.pk), pages.category(code, lists.pk), pages.column(code, "statutory"),
        pages.agency(code), pages.guide(code)}
    assert d.targets(d.Change(d.CATEGORY_CHANGED, category_id=category.pk, fields=frozenset({"description"}))) \
        == {pages.category(code, category.pk)}
    assert d.targets(d.Change(d.CATEGORY_CHANGED, category_id=category.pk,
                              fields=frozenset({"publish_limit_days"}))) == set()


def test_a_category_moved_to_another_column_changes_both_columns(township, category, lists):
    ItemFactory(agency=township, category=category, published_on=date(2017, 3, 10))
    type(category).objects.filter(pk=category.pk).update(column=StatutoryColumn.RULES)
    code = township.code
    assert d.targets(d.Change(d.CATEGORY_CHANGED, category_id=category.pk, fields=frozenset({"column"}),
                              previous_column="statutory")) == {
        pages.category(code, category.pk), pages.category(code, lists.pk), pages.column(code, "statutory"),
        pages.column(code, "rules"), pages.guide(code), pages.group(pages.CATEGORY_ITEMS, category.pk)}


def test_agency_changes(county, township):
    assert d.targets(d.Change(d.AGENCY_CHANGED, agency_id=township.pk, fields=frozenset({"name"}))) == {
        pages.group(pages.AGENCY_ALL, township.pk), pages.home(), pages.agencies(), pages.sitemap(),
        pages.agency(county.code)}
    assert d.targets(d.Change(d.AGENCY_CHANGED, agency_id=township.pk, fields=frozenset({"office_phone"}))) == {
        pages.guide(township.code)}
    assert d.targets(d.Change(d.AGENCY_CHANGED, agency_id=county.pk, fields=frozenset({"office_hours"}))) == {
        pages.guide(county.code), pages.contact()}  # the root's office is on 联系我们
    assert d.targets(d.Change(d.AGENCY_CREATED, agency_id=township.pk)) == {
        pages.group(pages.AGENCY_ALL, township.pk), pages.home(), pages.agencies(), pages.sitemap(),
        pages.agency(county.code)}


def test_site_report_calendar_and_reading_point_changes(township):
    assert d.targets(d.Change(d.SITE_CHANGED)) == {pages.SITE}
    assert d.targets(d.Change(d.YEAR_CHANGED)) == {pages.SITE}
    assert d.targets(d.Change(d.REPORT_PUBLISHED, agency_id=township.pk)) == {
        pages.group(pages.AGENCY_REPORTS, township.pk), pages.column(township.code, "annual_report")}
    assert d.targets(d.Change(d.CALENDAR_CHANGED)) == {"/tools/due-date/"}
    assert d.targets(d.Change(d.READING_POINTS_CHANGED, agency_id=township.pk)) == {
        pages.guide(township.code), "/hd/reading-points/"}


# --- the real services write these targets in their own transaction ----------------------------------------------

def test_the_services_record_their_targets_in_the_same_transaction(county, township, category, lists, office_admin,
                                                                    platform_admin):
    item = ItemFactory(agency=township, category=category, published_on=date(2017, 3, 10))
    category.refresh_from_db()  # its published_count, kept by an F() update
    PendingTarget.objects.all().delete()
    catalog.update_category(category, acting_user=office_admin, name="公示公告", column=category.column,
                            statutory_items=category.statutory_items)
    assert pending() == d.targets(d.Change(d.CATEGORY_CHANGED, category_id=category.pk, fields=frozenset({"name"})))

    PendingTarget.objects.all().delete()
    catalog.set_validity(item, "expired", acting_user=office_admin)
    assert pending() == {pages.item(item.index_no), pages.category(township.code, category.pk),
                         pages.category_feed(township.code, category.pk)}  # alone in its category: on its lists

    PendingTarget.objects.all().delete()
    catalog.withdraw_item(item, acting_user=office_admin, reason="重复发布")
    assert pending() == {pages.item(item.index_no), pages.category(township.code, category.pk),
                         pages.column(township.code, "statutory"), pages.agency(township.code),
                         pages.category_feed(township.code, category.pk),
                         pages.group(pages.AGENCY_CATEGORIES, township.pk)}  # 2017 leaves the year filter

    PendingTarget.objects.all().delete()
    agencies.update_agency_profile(township, acting_user=office_admin, office_phone="0455-1234567")
    assert pending() == {pages.guide(township.code)}

    PendingTarget.objects.all().delete()
    agencies.update_site_settings(acting_user=platform_admin, host_org="望奎县人民政府办公室")
    assert pending() == {pages.SITE}


def test_a_change_rolled_back_leaves_no_target(township, category, office_admin):
    from django.db import transaction

    PendingTarget.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        catalog.update_category(category, acting_user=office_admin, name="公示公告", column=category.column,
                                statutory_items=category.statutory_items)
        raise RuntimeError
    assert not PendingTarget.objects.exists()

"""The standard catalogue of disclosure matters: rows with the §5.3 columns, areas marked 未涉及, items linked."""

from datetime import date

import pytest
import time_machine

from audit.selectors import events_for
from catalog import matters
from catalog.errors import CatalogError
from catalog.models import DisclosureMatter, Revision, StandardArea
from catalog.tests.factories import CategoryFactory, ItemFactory
from gongkai.errors import PermissionDenied

pytestmark = pytest.mark.django_db


def area(name):
    return StandardArea.objects.get(name=name)


def subsidy_matter(agency, user, **extra):
    values = {"area": area("涉农补贴"), "level1": "惠农补贴政策", "level2": "耕地地力保护补贴发放",
              "content": "补贴对象、补贴标准、发放情况", "legal_basis": "《中华人民共和国政府信息公开条例》",
              "channels": ["政府网站", "社区/企事业单位/村公示栏（电子屏）"], "expected_every_days": 365, **extra}
    return matters.create_matter(agency, acting_user=user, **values)


def test_the_26_standard_areas_are_data():
    assert StandardArea.objects.count() == 26
    assert StandardArea.objects.get(number=20).name == "涉农补贴"


def test_a_matter_has_the_columns_of_the_standard_catalogue(township, office_admin):
    matter = subsidy_matter(township, office_admin)
    assert (matter.serial, matter.subject, matter.time_limit_days) == (1, "东升乡人民政府", 20)
    assert matter.time_limit_text == "自信息形成或者变更之日起20个工作日内予以公开"
    assert (matter.audience, matter.modes, matter.tiers) == (["public"], ["proactive"], ["township"])
    assert subsidy_matter(township, office_admin, level2="种粮农民一次性补贴").serial == 2
    assert events_for(matter).get().action == "catalog.matter.created"


@pytest.mark.parametrize(("values", "field"), [
    ({"level1": ""}, "level1"), ({"content": " "}, "content"), ({"time_limit_days": 30}, "time_limit_days"),
    ({"channels": ["微博"]}, "channels"), ({"channels": []}, "channels"), ({"audience": ["everyone"]}, "audience"),
    ({"modes": []}, "modes"), ({"expected_every_days": 0}, "expected_every_days"),
])
def test_bad_matters_are_refused_naming_the_column(township, office_admin, values, field):
    with pytest.raises(CatalogError) as excinfo:
        subsidy_matter(township, office_admin, **values)
    assert excinfo.value.field == field
    assert not DisclosureMatter.objects.exists()


def test_only_the_agency_office_keeps_its_catalogue(township, office_admin, clerk, outsider, supervisor, other_township):
    for person in (clerk, outsider, supervisor):  # the county supervises but does not edit a township's catalogue
        with pytest.raises(PermissionDenied):
            subsidy_matter(township, person)
    with pytest.raises(CatalogError):
        subsidy_matter(township, office_admin, category=CategoryFactory(agency=other_township))


def test_an_area_is_marked_not_involved_with_its_reason(township, office_admin):
    housing = area("保障性住房")
    with pytest.raises(CatalogError):
        matters.mark_area_not_involved(township, housing, acting_user=office_admin, reason="")
    matters.mark_area_not_involved(township, housing, acting_user=office_admin, reason="乡级无保障性住房管理职责。")
    with pytest.raises(CatalogError) as excinfo:
        matters.create_matter(township, acting_user=office_admin, area=housing, level1="a", level2="b", content="c")
    assert excinfo.value.code == "area_not_involved"
    matters.clear_area_not_involved(township, housing, acting_user=office_admin)
    matters.create_matter(township, acting_user=office_admin, area=housing, level1="a", level2="b", content="c")
    with pytest.raises(CatalogError) as excinfo:
        matters.mark_area_not_involved(township, housing, acting_user=office_admin, reason="无职责")
    assert excinfo.value.code == "area_has_matters"


def test_items_are_linked_to_a_matter_of_their_own_agency(township, office_admin, other_township, outsider):
    matter = subsidy_matter(township, office_admin)
    item = ItemFactory(agency=township, published_on=date(2026, 3, 10))
    matters.link_item_to_matter(item, matter, acting_user=office_admin)
    item.refresh_from_db()
    assert item.matter == matter and item.revisions.get().matter == matter
    assert events_for(item).last().data == {"from": "", "to": "惠农补贴政策 · 耕地地力保护补贴发放"}
    with pytest.raises(CatalogError):
        matters.link_item_to_matter(ItemFactory(agency=other_township), matter, acting_user=outsider)
    matters.link_item_to_matter(item, None, acting_user=office_admin)
    assert item.revisions.filter(status=Revision.Status.PUBLISHED, matter__isnull=True).exists()


def test_a_matter_is_changed_and_deactivated_with_a_reason(township, office_admin):
    matter = subsidy_matter(township, office_admin)
    matters.update_matter(matter, acting_user=office_admin, expected_every_days=180, time_limit_days=7)
    assert (matter.expected_every_days, matter.time_limit_days) == (180, 7)
    with pytest.raises(CatalogError):
        matters.update_matter(matter, acting_user=office_admin, agency=None)
    with pytest.raises(CatalogError):
        matters.deactivate_matter(matter, acting_user=office_admin, reason="")
    matters.deactivate_matter(matter, acting_user=office_admin, reason="补贴政策已调整。")
    assert not matter.is_active


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_a_draft_linked_to_a_matter_gets_the_matters_shorter_time_limit(township, office_admin, clerk, category,
                                                                         party_office):
    from catalog.services import create_draft

    revision = create_draft(township, acting_user=clerk, category=category, office=party_office,
                            title="2026年第一批耕地地力保护补贴发放公示", formed_on=date(2026, 3, 2))
    assert revision.publish_due == date(2026, 3, 30)  # 20 working days
    matter = subsidy_matter(township, office_admin)
    matters.update_matter(matter, acting_user=office_admin, time_limit_days=7)
    matters.link_item_to_matter(revision.item, matter, acting_user=office_admin)
    revision.refresh_from_db()
    assert revision.publish_due == date(2026, 3, 11)  # the matter's 7 working days
    assert events_for(revision.item).last().action == "catalog.revision.due_recomputed"
    matters.update_matter(matter, acting_user=office_admin, time_limit_days=5)
    revision.refresh_from_db()
    assert revision.publish_due == date(2026, 3, 9)

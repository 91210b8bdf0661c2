"""The coverage view of the standard catalogue: last publication per matter, 应公开未公开 and 逾期, per agency and
across the county."""

from datetime import date

import pytest
import time_machine

from agencies.access import grants_for
from catalog import coverage, matters
from catalog.models import StandardArea
from catalog.services import create_draft
from catalog.tests.factories import CategoryFactory, ItemFactory
from gongkai.errors import PermissionDenied

pytestmark = pytest.mark.django_db


def area(name):
    return StandardArea.objects.get(name=name)


@pytest.fixture
def catalogue(township, office_admin, clerk, party_office, category):
    """东升乡: a yearly subsidy notice (published 2025 → late), the 低保 list (never published → missing), the
    budget (published on time → ok), a disaster-relief matter with an overdue draft (published before → late), a
    matter disclosed on request only, and 保障性住房 not involved."""
    def matter(area_name, level2, **extra):
        return matters.create_matter(township, acting_user=office_admin, area=area(area_name), level1=area_name,
                                     level2=level2, content=f"{level2}的内容", **extra)

    m = {
        "subsidy": matter("涉农补贴", "耕地地力保护补贴发放", expected_every_days=365),
        "dibao": matter("社会救助", "农村最低生活保障对象名单", expected_every_days=90),
        "budget": matter("财政预决算", "乡镇财政预算", expected_every_days=365),
        "relief": matter("救灾", "救灾款物发放"),
        "on_request": matter("户籍管理", "户籍证明材料", modes=["on_request"]),
    }
    matters.mark_area_not_involved(township, area("保障性住房"), acting_user=office_admin, reason="乡级无此职责。")
    for key, published_on in (("subsidy", date(2025, 7, 3)), ("budget", date(2026, 2, 10)),
                              ("relief", date(2026, 1, 5))):
        ItemFactory(agency=township, category=category, matter=m[key], published_on=published_on,
                    title=f"{m[key].level2}公示（{published_on.year}年）")
    with time_machine.travel("2026-10-09 10:00 +0800", tick=False):
        create_draft(township, acting_user=clerk, category=category, office=party_office, matter=m["relief"],
                     title="2026年秋季救灾款物发放情况", formed_on=date(2026, 10, 9))  # due 11月5日 (10月10日 is a 调休 working day)
    return m


@time_machine.travel("2026-11-28 10:00 +0800", tick=False)
def test_each_matter_shows_its_last_publication_and_whether_it_is_missing_or_late(township, office_admin, catalogue,
                                                                                 django_assert_num_queries):
    grants_for(office_admin)  # resolved once per request
    with django_assert_num_queries(4):
        result = coverage.coverage_for_agency(office_admin, township)
    rows = {row.matter.level2: row for a in result.areas for row in a.matters}
    subsidy = rows["耕地地力保护补贴发放"]
    assert (subsidy.state, subsidy.last_published_on, subsidy.next_due) == ("late", date(2025, 7, 3), date(2026, 7, 3))
    assert subsidy.last_title == "耕地地力保护补贴发放公示（2025年）"
    assert subsidy.reasons == ["上次公开2025年7月3日，应每365天更新，已于2026年7月3日到期"]
    assert (rows["农村最低生活保障对象名单"].state, rows["农村最低生活保障对象名单"].state_label) == ("missing", "应公开未公开")
    assert rows["乡镇财政预算"].state == "ok"
    relief = rows["救灾款物发放"]
    assert (relief.state, relief.overdue_drafts, relief.overdue_since) == ("late", 1, date(2026, 11, 5))
    assert rows["户籍证明材料"].state == "on_request"
    c = result.counts
    assert (c.matters, c.ok, c.missing, c.late, c.on_request) == (5, 1, 1, 2, 1)
    assert (c.areas_covered, c.areas_not_involved, c.areas_unaddressed) == (5, 1, 20)
    housing = next(a for a in result.areas if a.area.name == "保障性住房")
    assert (housing.state_label, housing.not_involved_reason) == ("未涉及", "乡级无此职责。")
    # in the order of the standard areas: 救灾 (12), 社会救助 (17), 涉农补贴 (20)
    assert [p.matter.level2 for p in result.problems] == ["救灾款物发放", "农村最低生活保障对象名单", "耕地地力保护补贴发放"]


@time_machine.travel("2026-03-01 10:00 +0800", tick=False)
def test_before_the_period_ends_a_yearly_matter_is_ok(township, office_admin, catalogue):
    rows = {r.matter.level2: r for a in coverage.coverage_for_agency(office_admin, township).areas for r in a.matters}
    assert rows["耕地地力保护补贴发放"].state == "ok"
    assert rows["救灾款物发放"].state == "ok"  # its draft is not due yet


@time_machine.travel("2026-11-28 10:00 +0800", tick=False)
def test_the_county_sees_every_agency_the_townships_only_their_own(township, other_township, office_admin, outsider,
                                                                    supervisor, catalogue, django_assert_num_queries):
    grants_for(supervisor)
    with django_assert_num_queries(6):
        summaries = coverage.county_coverage(supervisor)
    by_agency = {s.agency: s for s in summaries}
    assert set(by_agency) >= {township, other_township}
    c = by_agency[township].counts
    assert (c.ok, c.missing, c.late, c.areas_covered, c.areas_not_involved, c.areas_unaddressed) == (1, 1, 2, 5, 1, 20)
    assert by_agency[township].rate == 0.25
    assert by_agency[other_township].counts.matters == 0 and by_agency[other_township].rate is None
    assert [s.agency for s in coverage.county_coverage(outsider)] == [other_township]
    with pytest.raises(PermissionDenied):
        coverage.coverage_for_agency(outsider, township)


@time_machine.travel("2026-11-28 10:00 +0800", tick=False)
def test_withdrawn_items_do_not_count_as_published(township, office_admin, catalogue):
    other = CategoryFactory(agency=township, name="便民服务")
    ItemFactory(agency=township, category=other, matter=catalogue["dibao"], status="withdrawn", published_on=None)
    rows = {r.matter.level2: r for a in coverage.coverage_for_agency(office_admin, township).areas for r in a.matters}
    assert rows["农村最低生活保障对象名单"].state == "missing"


@time_machine.travel("2026-11-28 10:00 +0800", tick=False)
def test_the_api_gives_the_county_overview_and_each_agencys_matters(township, other_township, supervisor, outsider,
                                                                   catalogue):
    from rest_framework.test import APIClient

    from security.tests.token_factories import api_key_for

    def api(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user)}")
        return client

    overview = api(supervisor).get("/api/v1/coverage/").json()
    rows = {row["agency"]: row for row in overview["agencies"]}
    assert (rows[township.code]["missing"], rows[township.code]["late"], rows[township.code]["rate"]) == (1, 2, 0.25)
    assert rows[other_township.code]["matters"] == 0
    assert [row["agency"] for row in api(outsider).get("/api/v1/coverage/").json()["agencies"]] == [other_township.code]
    detail = api(supervisor).get(f"/api/v1/coverage/{township.code}/").json()
    states = {m["level2"]: m["state"] for a in detail["areas"] for m in a["matters"]}
    assert states["农村最低生活保障对象名单"] == "missing" and states["耕地地力保护补贴发放"] == "late"
    assert api(outsider).get(f"/api/v1/coverage/{township.code}/").status_code == 403

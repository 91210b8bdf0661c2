"""The demo's supervision data, built through the real services: the seed's 13 suggestions of 2017 are counted in
the 2017 report, 东升乡's coverage view has late and missing matters, and building twice changes nothing."""

from datetime import date

import pytest

from agencies.access import grants_for
from catalog.coverage import coverage_for_agency
from demo import agencies, oversight
from demo.context import DemoContext
from oversight import selectors
from oversight.models import Complaint, ReadingPoint, Suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    ctx = DemoContext()
    agencies.build(ctx)
    oversight.build(ctx)
    return ctx


def test_the_thirteen_suggestions_of_2017_are_counted_in_the_2017_report(demo):
    from reports.figures import compute
    from reports.formats import format_for_year

    township = demo.agencies["dongsheng"]
    counts = selectors.suggestion_counts(date(2017, 1, 1), date(2017, 12, 31), [township.pk])[township.pk]
    assert (counts["npc"], counts["cppcc"], counts["replied"]) == (13, 0, 13)
    assert set(counts["by_topic"]) == {"环境整治", "秸秆焚烧", "便民服务", "民生民意"}
    assert sum(counts["by_result"].values()) == 13
    facts = compute(format_for_year(2017), [township.pk], 2017)[township.pk].facts
    assert (facts.suggestions.npc, facts.suggestions.total) == (13, 13)
    table_four = selectors.review_case_counts(date(2017, 1, 1), date(2017, 12, 31), [township.pk])
    assert sum(table_four.values()) == 0  # no review or litigation case in 2017


def test_the_coverage_of_dongsheng_has_late_and_missing_matters():
    """With two of the catalogue demo's 2017 items (demo/catalog.py publishes all 48 through the chain)."""
    from catalog.models import Category
    from catalog.tests.factories import ItemFactory

    ctx = DemoContext()
    agencies.build(ctx)
    township, supervisor = ctx.agencies["dongsheng"], ctx.users["zwgk"]
    category = Category.objects.get(agency=township, name="公告公示")
    for title, day in (("东升乡2017年耕地地力保护补贴发放情况公示", date(2017, 7, 5)),
                       ("东升乡临时救助申请办事指南", date(2017, 5, 19))):
        ItemFactory(agency=township, category=category, title=title, formed_on=day, published_on=day)
    oversight.build(ctx)
    grants_for(supervisor)
    counts = coverage_for_agency(supervisor, township).counts
    assert counts.late >= 1 and counts.missing >= 1 and counts.areas_not_involved == 5


def test_the_reading_point_and_channels_of_the_seed(demo):
    township = demo.agencies["dongsheng"]
    point = ReadingPoint.objects.get(agency=township)
    assert point.place == "乡政府党政办公室（乡档案室）"
    assert selectors.reading_points_for(township) == [point]
    assert {"box", "hotline"} <= set(Complaint.objects.filter(agency=township).values_list("channel", flat=True))


def test_building_the_demo_again_changes_nothing(demo):
    before = (Suggestion.objects.count(), Complaint.objects.count())
    oversight.build(demo)
    assert (Suggestion.objects.count(), Complaint.objects.count()) == before

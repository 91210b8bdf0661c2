"""社会评议 of published items and of the application service, throttled per visitor, summarised for the report."""

from datetime import date

import pytest
import time_machine

from catalog.models import Item
from catalog.tests.factories import ItemFactory
from oversight import selectors
from oversight.errors import OversightError
from oversight.services import ratings as services

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_one_rating_per_visitor_target_and_day(township):
    item = ItemFactory(agency=township)
    visitor = services.visitor_key("203.0.113.5", "Mozilla/5.0")
    rating = services.rate(item=item, value="satisfied", visitor=visitor, comment="内容清楚，电话13945561234可以联系")
    assert (rating.agency, rating.target) == (township, "item")
    assert "13945561234" not in rating.comment and "139****1234" in rating.comment
    with pytest.raises(OversightError) as excinfo:
        services.rate(item=item, value="unsatisfied", visitor=visitor)
    assert (excinfo.value.status, excinfo.value.code) == (429, "already_rated")
    services.rate(agency=township, value="basically", visitor=visitor)  # another target
    services.rate(item=item, value="unsatisfied", visitor=services.visitor_key("203.0.113.6", "Mozilla/5.0"))
    with time_machine.travel("2026-03-11 10:00 +0800", tick=False):
        services.rate(item=item, value="satisfied", visitor=visitor)


@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_only_published_items_are_rated_with_a_known_value(township):
    with pytest.raises(OversightError):
        services.rate(item=ItemFactory(agency=township, status=Item.Status.WITHDRAWN), value="satisfied", visitor="v")
    with pytest.raises(OversightError):
        services.rate(item=ItemFactory(agency=township), value="great", visitor="v")
    with pytest.raises(OversightError):
        services.rate(value="satisfied", visitor="v")


def test_rating_summary_for_the_report(township, other_township, django_assert_num_queries):
    item = ItemFactory(agency=township)
    with time_machine.travel("2025-05-10 10:00 +0800", tick=False):
        for n, value in enumerate(["satisfied", "satisfied", "basically", "unsatisfied"]):
            services.rate(item=item, value=value, visitor=f"v{n}")
        services.rate(agency=township, value="satisfied", visitor="v0")
    with time_machine.travel("2026-01-02 10:00 +0800", tick=False):
        services.rate(item=item, value="unsatisfied", visitor="v9")
    with django_assert_num_queries(1):
        summary = selectors.rating_summary(date(2025, 1, 1), date(2025, 12, 31), [township.pk, other_township.pk])
    d = summary[township.pk]
    assert (d["satisfied"], d["basically"], d["unsatisfied"], d["total"], d["rate"]) == (3, 1, 1, 5, 0.8)
    assert d["applications"] == {"satisfied": 1, "basically": 0, "unsatisfied": 0}
    assert summary[other_township.pk]["rate"] is None
    text = selectors.supervision_paragraph(date(2025, 1, 1), date(2025, 12, 31), township.pk)
    assert text.startswith("通过网站开展社会评议，共收到评价5次，其中满意3次、基本满意1次、不满意1次，满意率80.0%")
    assert "未收到涉及政府信息公开工作的投诉举报" in text

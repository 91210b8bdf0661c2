"""Reports aggregate in SQL: the number of queries does not grow with the number of applications or agencies."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agencies.access import forget_grants
from agencies.models import Agency
from agencies.tests.factories import AgencyFactory, make_codes
from applications import services as apps
from catalog.tests.factories import CategoryFactory, ItemFactory
from reports.assembly import consolidated_document
from reports.figures import compute
from reports.formats import format_for_year, legacy
from reports.scripted import applicant
from security.tests.helpers import log_in

pytestmark = pytest.mark.django_db
NOW = "2026-01-12 10:00 +0800"


def _fill(agency, user, n: int) -> None:
    forget_grants(user)
    category = CategoryFactory(agency=agency)
    for i in range(n):
        ItemFactory(agency=agency, category=category, published_on=date(2025, 3, 1 + i), formed_on=date(2025, 2, 1),
                    doc_kind="normative" if i % 2 else "")
        a = apps.register_application(agency, applicant("natural_person" if i % 2 else "business", i), acting_user=user,
                                      channel="in_person", arrived_on=date(2025, 4, 1 + i))
        if i % 3:
            apps.reply(a, acting_user=user, on=date(2025, 5, 6), reply_code="A2")


def _agency(county, n: int) -> Agency:
    uscc, org = make_codes(500 + n)
    return AgencyFactory(parent=county, uscc=uscc, org_code=org, code=org, name=f"测试{n}镇人民政府")


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@time_machine.travel(NOW, tick=False)
def test_computing_reports_costs_the_same_for_1_or_many_agencies_and_records(county, township, other_township,
                                                                             platform_admin):
    _fill(township, platform_admin, 1)
    fmt = format_for_year(2025)
    small = _queries(lambda: compute(fmt, [township.pk], 2025))
    more = [_agency(county, n) for n in range(4)]
    for agency in [township, other_township, *more]:
        _fill(agency, platform_admin, 4)
    ids = [a.pk for a in Agency.objects.all()]
    large = _queries(lambda: compute(fmt, ids, 2025))
    assert large == small
    assert large <= 19  # 18, and one for the previous year's imported reports (reports.past: 上年结转)
    legacy_small = _queries(lambda: compute(legacy.FORMAT, [township.pk], 2017))
    assert _queries(lambda: compute(legacy.FORMAT, ids, 2017)) == legacy_small


@time_machine.travel(NOW, tick=False)
def test_the_consolidated_county_report_costs_the_same_for_any_number_of_agencies(county, township, platform_admin):
    _fill(township, platform_admin, 2)
    few = _queries(lambda: consolidated_document(county, [county, township], 2025))
    agencies = [county, township, *(_agency(county, n) for n in range(5))]
    for agency in agencies[2:]:
        _fill(agency, platform_admin, 3)
    assert _queries(lambda: consolidated_document(county, agencies, 2025)) == few


@time_machine.travel(NOW, tick=False)
def test_the_county_page_does_not_grow_with_agencies(county, township, supervisor, platform_admin):
    _fill(township, platform_admin, 2)
    c = Client()
    log_in(c, supervisor)
    c.get("/manage/reports/county/?year=2025")  # warm caches (calendar, content types)
    few = _queries(lambda: c.get("/manage/reports/county/?year=2025"))
    for n in range(4):
        _fill(_agency(county, n), platform_admin, 2)
    many = _queries(lambda: c.get("/manage/reports/county/?year=2025"))
    assert many == few

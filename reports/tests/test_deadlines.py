"""When a report is due (REG-49; Art.31 of the 2007 regulation before 2019), and late or missing flags."""

from datetime import date

import pytest

from agencies.models import Agency
from reports.deadlines import deadline_state, due_basis, due_date


def agency(kind, month=None, day=None) -> Agency:
    return Agency(name="某机关", kind=kind, report_due_month=month, report_due_day=day)


@pytest.mark.parametrize(("kind", "due"), [
    (Agency.Kind.DEPARTMENT, date(2026, 1, 31)),
    (Agency.Kind.COUNTY_GOVERNMENT, date(2026, 3, 31)),
    (Agency.Kind.TOWNSHIP, date(2026, 1, 31)),  # default: the departments' date
    (Agency.Kind.SUBDISTRICT, date(2026, 1, 31)),
])
def test_the_statutory_dates_from_2019_on(kind, due):
    assert due_date(agency(kind), 2025) == due


def test_a_township_gets_the_date_its_county_sets():
    township = agency(Agency.Kind.TOWNSHIP, 2, 20)
    assert due_date(township, 2025) == date(2026, 2, 20)
    assert due_basis(township, 2025) == "县政务公开办规定：每年2月20日前公布"
    assert due_basis(agency(Agency.Kind.TOWNSHIP), 2025) == "县政务公开办未另行规定，参照部门：每年1月31日前公布"


@pytest.mark.parametrize("kind", [Agency.Kind.DEPARTMENT, Agency.Kind.COUNTY_GOVERNMENT])
def test_a_date_configured_on_a_department_or_the_county_does_not_move_the_statutory_one(kind):
    statutory = due_date(agency(kind), 2025)
    assert due_date(agency(kind, 12, 31), 2025) == statutory
    assert due_basis(agency(kind, 12, 31), 2025).startswith("《条例》第四十九条")


def test_before_2019_every_agency_publishes_by_31_march():
    for kind in (Agency.Kind.DEPARTMENT, Agency.Kind.TOWNSHIP, Agency.Kind.COUNTY_GOVERNMENT):
        assert due_date(agency(kind, 1, 15), 2017) == date(2018, 3, 31)
    assert due_basis(agency(Agency.Kind.TOWNSHIP), 2017) == "2007年《条例》第三十一条：每年3月31日前公布"


def test_29_february_falls_back_to_the_28th_in_a_common_year():
    assert due_date(agency(Agency.Kind.TOWNSHIP, 2, 29), 2026) == date(2027, 2, 28)
    assert due_date(agency(Agency.Kind.TOWNSHIP, 2, 29), 2027) == date(2028, 2, 29)


@pytest.mark.parametrize(("published_on", "today", "label", "badge"), [
    (date(2026, 1, 31), date(2026, 3, 1), "按时发布", "badge-ok"),  # the due date itself is in time
    (date(2026, 2, 1), date(2026, 3, 1), "逾期发布", "badge-danger"),
    (None, date(2026, 2, 1), "逾期未发布", "badge-danger"),
    (None, date(2026, 1, 31), "未到期", "badge-warn"),  # the last day: not missing yet, but close
    (None, date(2026, 1, 5), "未到期", "badge-muted"),
])
def test_late_and_missing_reports_are_flagged(published_on, today, label, badge):
    state = deadline_state(agency(Agency.Kind.TOWNSHIP), 2025, published_on, today)
    assert (state.label, state.badge) == (label, badge)

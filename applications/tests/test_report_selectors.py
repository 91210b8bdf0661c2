"""The selectors behind table 三 of the annual report and the county's comparisons: what is counted where, the
balance 一 + 二 = 三（七） + 四 per column, and a number of queries that does not grow with the data."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications import selectors, services
from applications.models import Channel

from .conftest import USCC_COMPANY, register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("end_of_2026")]
Y2026 = (date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def year(township, other_township, office_admin, outsider):
    tw, other = township.pk, other_township.pk
    a = register(township, office_admin, on=date(2025, 12, 10))  # carried into 2026, granted
    services.reply(a, acting_user=office_admin, on=date(2026, 1, 8), reply_code="A2")
    b = register(township, office_admin, on=date(2026, 3, 2), applicant_type="business", applicant_name="望奎县某农业公司",
                 id_type="uscc", id_number=USCC_COMPANY)
    services.reply(b, acting_user=office_admin, on=date(2026, 3, 20), reply_code="A3", text="涉及个人信息的部分不予公开。")
    c = register(township, office_admin, on=date(2026, 4, 1))  # not corrected → A21
    services.request_correction(c, acting_user=office_admin, on=date(2026, 4, 3), items="请写明所需文件的年份。",
                                deadline=date(2026, 4, 17))
    services.reply(c, acting_user=office_admin, on=date(2026, 4, 20), reply_code="A21")
    d = register(township, office_admin, on=date(2026, 11, 2))  # open, with a fee paid
    services.send_fee_notice(d, acting_user=office_admin, on=date(2026, 11, 3), method="per_page", pages=50)
    services.record_fee_paid(d, acting_user=office_admin, on=date(2026, 11, 5))
    e1, e2 = services.split(register(township, office_admin, on=date(2026, 5, 6)), acting_user=office_admin,
                            on=date(2026, 5, 7), parts=["2026年低保名单", "2026年特困人员名单"])
    services.reply(e1, acting_user=office_admin, on=date(2026, 5, 20), reply_code="A12")
    f = register(other_township, outsider, on=date(2026, 2, 2))
    services.reply(f, acting_user=outsider, on=date(2026, 2, 5), reply_code="A16")
    register(township, office_admin, on=date(2026, 11, 20), channel=Channel.ONLINE)  # 待确认: counted nowhere
    h = register(township, office_admin, on=date(2024, 6, 3))
    services.reply(h, acting_user=office_admin, on=date(2024, 6, 20), reply_code="A1")
    return {"tw": tw, "other": other, "a": a, "b": b, "c": c, "d": d, "e1": e1, "e2": e2, "f": f}


def test_received_counts_by_legal_receipt_date_and_applicant_column(year):
    counts = selectors.report_received_counts(*Y2026, [year["tw"], year["other"]])
    assert counts == {(year["tw"], "natural_person"): 4, (year["tw"], "business"): 1,
                      (year["other"], "natural_person"): 1}


def test_concluded_counts_by_reply_row_including_abandonment(year):
    counts = selectors.report_concluded_counts(*Y2026, [year["tw"], year["other"]])
    assert counts == {
        (year["tw"], "natural_person", "granted"): 1,
        (year["tw"], "business", "partial"): 1,  # 部分公开 counted once, only under 三（二）
        (year["tw"], "natural_person", "other_1"): 1,  # A21 逾期不补正
        (year["tw"], "natural_person", "unable_1"): 1,
        (year["other"], "natural_person", "rejected_1"): 1,  # A16 信访举报投诉类
    }


def test_pending_counts_carry_in_and_out(year):
    assert selectors.report_pending_counts(date(2025, 12, 31), [year["tw"]]) == {(year["tw"], "natural_person"): 1}
    assert selectors.report_pending_counts(date(2026, 12, 31), [year["tw"]]) == {(year["tw"], "natural_person"): 2}


def test_the_balance_of_table_3_holds_for_every_column(year):
    ids = [year["tw"], year["other"]]
    received = selectors.report_received_counts(*Y2026, ids)
    carried_in = selectors.report_pending_counts(date(2025, 12, 31), ids)
    carried_out = selectors.report_pending_counts(date(2026, 12, 31), ids)
    concluded = selectors.report_concluded_counts(*Y2026, ids)
    for agency in ids:
        for column in ("natural_person", "business", "research", "public_interest", "legal_services", "other_org"):
            total = sum(n for (a, c, _), n in concluded.items() if (a, c) == (agency, column))
            assert received.get((agency, column), 0) + carried_in.get((agency, column), 0) == \
                total + carried_out.get((agency, column), 0)


def test_only_the_given_agencies_are_counted(year):
    assert selectors.report_received_counts(*Y2026, [year["other"]]) == {(year["other"], "natural_person"): 1}
    assert selectors.report_received_counts(*Y2026, []) == {}


def test_fees_actually_paid(year):
    assert selectors.fees_charged(*Y2026, [year["tw"], year["other"]]) == {year["tw"]: Decimal("200.00")}
    assert selectors.fees_charged(date(2025, 1, 1), date(2025, 12, 31), [year["tw"]]) == {}


def test_drilldown_lists_the_applications_behind_a_cell(year):
    tw = year["tw"]

    def numbers(row, column):
        return [a.number for a in selectors.report_drilldown(tw, *Y2026, row, column)]

    assert numbers("granted", "natural_person") == [year["a"].number]
    assert numbers("partial", "total") == [year["b"].number]
    assert numbers("received", "business") == [year["b"].number]
    assert numbers("carried_in", "total") == [year["a"].number]
    assert sorted(numbers("carried_out", "natural_person")) == sorted([year["d"].number, year["e2"].number])
    assert len(numbers("total", "total")) == 4
    assert len(numbers("received", "total")) == 5
    with pytest.raises(ValueError):
        numbers("nonsense", "total")


def test_operational_stats(year):
    stats = selectors.operational_stats(*Y2026, [year["tw"], year["other"]])
    township = stats[year["tw"]]
    assert {k: township[k] for k in ("received", "concluded", "replied_on_time", "replied_late")} == {
        "received": 5, "concluded": 4, "replied_on_time": 3, "replied_late": 0}
    assert township["overdue_open"] == 2  # d and e2 are past their due dates and still open
    assert township["overdue"] == 2
    assert township["reply_time_distribution"]["16–20个工作日"] == 1
    assert township["reply_time_distribution"]["11–15个工作日"] == 2
    other = stats[year["other"]]
    assert other["replied_on_time"] == 1 and other["reply_time_distribution"]["1–5个工作日"] == 1


def _query_counts(ids):
    counts = []
    for call in (lambda: selectors.report_received_counts(*Y2026, ids),
                 lambda: selectors.report_concluded_counts(*Y2026, ids),
                 lambda: selectors.report_pending_counts(date(2026, 12, 31), ids),
                 lambda: selectors.fees_charged(*Y2026, ids),
                 lambda: selectors.operational_stats(*Y2026, ids)):
        with CaptureQueriesContext(connection) as ctx:
            call()
        counts.append(len(ctx.captured_queries))
    return counts


def test_the_number_of_queries_does_not_grow_with_applications_or_agencies(year, township, office_admin, county,
                                                                           supervisor):
    ids = [year["tw"], year["other"]]
    before = _query_counts(ids)
    for day in range(1, 13):
        a = register(township, office_admin, on=date(2026, 6, day + 1))
        if day % 2:
            services.reply(a, acting_user=office_admin, on=date(2026, 6, 26), reply_code="A2")
    from agencies.tests.factories import AgencyFactory

    more = [AgencyFactory(parent=county).pk for _ in range(5)]
    assert _query_counts(ids + more) == before == [1, 1, 1, 1, 4]

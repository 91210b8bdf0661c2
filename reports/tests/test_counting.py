"""How the tables count, on the real registers, cell by cell against tables typed by hand (domain.md §2.3–2.4):

- table 三: each application once, by its applicant type; 一 by its legal receipt year (an online application waiting
  for confirmation is not received yet); 三 by the row of its one final reply code (部分公开 only under （二）);
  二 of a year = 四 of the year before; a split application is replaced by its parts, each counted on its own;
- table 二: 规章 / 行政规范性文件 made, abolished and in force from the catalogue (withdrawn items do not count);
  the 2019 trial format folds （六） into one row;
- the fee is typed in 万元 and kept exactly, never as a float.
"""

from datetime import date

import pytest
import time_machine

from applications import services as apps
from catalog.models import Item, Validity
from catalog.tests.factories import CategoryFactory, ItemFactory
from reports import services
from reports.assembly import document_for_report
from reports.formats.base import TABLE2
from reports.scripted import applicant

pytestmark = pytest.mark.django_db
NOW = "2026-01-12 10:00 +0800"
ZERO = [0] * 7


def register(agency, user, kind, n, on, channel="in_person"):
    return apps.register_application(agency, applicant(kind, n), acting_user=user, channel=channel, arrived_on=on)


@pytest.fixture
def year_of_work(township, office_admin):
    """Applications across 2024–2026 for 东升乡 (see the module docstring for what each one tests)."""
    u = office_admin
    with time_machine.travel(NOW, tick=False):
        # received in December 2024, answered by partial disclosure in January 2025: 2024 结转 → 2025 上年结转
        carried = register(township, u, "natural_person", 1, date(2024, 12, 23))
        apps.reply(carried, acting_user=u, on=date(2025, 1, 9), reply_code="A3")
        # a business asks for three things at once: split into three applications (一事一申请)
        bundle = register(township, u, "business", 2, date(2025, 3, 3))
        first, second, third = apps.split(bundle, acting_user=u, on=date(2025, 3, 4),
                                          parts=["2024年惠农补贴发放明细", "村道硬化工程合同", "土地流转台账"])
        apps.reply(first, acting_user=u, on=date(2025, 3, 20), reply_code="A2")
        apps.reply(second, acting_user=u, on=date(2025, 3, 25), reply_code="A12")
        apps.reply(third, acting_user=u, on=date(2026, 1, 8), reply_code="A7")  # answered in 2026: 结转
        research = register(township, u, "research", 3, date(2025, 6, 2))
        apps.reply(research, acting_user=u, on=date(2025, 6, 10), reply_code="A1")
        petition = register(township, u, "other_org", 4, date(2025, 5, 6))
        apps.reply(petition, acting_user=u, on=date(2025, 5, 12), reply_code="A16")
        silent = register(township, u, "natural_person", 5, date(2025, 2, 10))
        apps.request_correction(silent, acting_user=u, on=date(2025, 2, 12), items="请写明文件名称。",
                                deadline=date(2025, 2, 26))
        apps.reply(silent, acting_user=u, on=date(2025, 2, 27), reply_code="A21")
        register(township, u, "legal_services", 6, date(2025, 12, 29))  # still open on 12月31日
        # arrived online on 30 December, confirmed with the applicant on 5 January: received in 2026
        online = register(township, u, "public_interest", 7, date(2025, 12, 30), channel="online")
        apps.confirm_receipt(online, acting_user=u, on=date(2026, 1, 5))


# 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
EXPECTED_2025 = {
    "received": [1, 3, 1, 0, 1, 1, 7],  # the split bundle counts as its three parts
    "carried_in": [1, 0, 0, 0, 0, 0, 1],
    "granted": [0, 1, 1, 0, 0, 0, 2],  # A2 and A1
    "partial": [1, 0, 0, 0, 0, 0, 1],  # A3, and nowhere else
    "unable_1": [0, 1, 0, 0, 0, 0, 1],  # A12
    "rejected_1": [0, 0, 0, 0, 0, 1, 1],  # A16
    "other_1": [1, 0, 0, 0, 0, 0, 1],  # A21
    "total": [2, 2, 1, 0, 0, 1, 6],
    "carried_out": [0, 1, 0, 0, 1, 0, 2],  # the third part and the December application
}


def table3(report) -> dict:
    return {r["key"]: r["values"] for r in document_for_report(report).to_json()["table3"]["rows"]}


@time_machine.travel(NOW, tick=False)
def test_table_three_counts_each_application_once_by_receipt_year_type_and_final_reply(year_of_work, township,
                                                                                       office_admin):
    report = services.generate_report(township, 2025, acting_user=office_admin)
    rows = table3(report)
    assert len(rows) == 25
    assert {key: values for key, values in rows.items() if values != ZERO} == EXPECTED_2025
    checks = {c.rule: c.ok for c in document_for_report(report).checks}
    assert checks["T3-1"] and checks["T3-2"] and checks["T3-3"]


@time_machine.travel(NOW, tick=False)
def test_carried_over_applications_cross_the_year_boundary_both_ways(year_of_work, township, office_admin):
    before = services.generate_report(township, 2024, acting_user=office_admin)
    assert {k: v for k, v in table3(before).items() if v != ZERO} == {
        "received": [1, 0, 0, 0, 0, 0, 1], "carried_out": [1, 0, 0, 0, 0, 0, 1]}
    report = services.generate_report(township, 2025, acting_user=office_admin)
    after = services.generate_report(township, 2026, acting_user=office_admin)
    assert table3(after)["carried_in"] == table3(report)["carried_out"] == [0, 1, 0, 0, 1, 0, 2]
    assert table3(after)["received"] == [0, 0, 0, 1, 0, 0, 1]  # the online application, confirmed in 2026
    assert table3(after)["withheld_4"] == [0, 1, 0, 0, 0, 0, 1]  # the third part's A7
    checks = {c.rule: c for c in document_for_report(report).checks}
    assert checks["T3-4"].ok and not checks["T3-4"].note  # compared with the stored 2024 report


@time_machine.travel(NOW, tick=False)
def test_the_trial_format_folds_other_handling_into_one_row(township, office_admin):
    a = register(township, office_admin, "natural_person", 8, date(2020, 6, 1))
    apps.reply(a, acting_user=office_admin, on=date(2020, 6, 12), reply_code="A23")
    b = register(township, office_admin, "business", 9, date(2020, 7, 1))
    apps.request_correction(b, acting_user=office_admin, on=date(2020, 7, 3), items="请写明文件名称。",
                            deadline=date(2020, 7, 17))
    apps.reply(b, acting_user=office_admin, on=date(2020, 7, 20), reply_code="A21")
    report = services.generate_report(township, 2020, acting_user=office_admin)
    rows = table3(report)
    assert report.format_version == "2019" and len(rows) == 23
    assert rows["other"] == [1, 1, 0, 0, 0, 0, 2]
    assert {k for k, v in rows.items() if v != ZERO} == {"received", "other", "total"}


@pytest.fixture
def documents(township):
    category = CategoryFactory(agency=township, name="乡镇文件")

    def doc(formed, published, **kw):
        return ItemFactory(agency=township, category=category, doc_kind="normative", formed_on=formed,
                           published_on=published, updated_on=published, **kw)

    doc(date(2023, 5, 1), date(2023, 5, 10))  # in force throughout
    doc(date(2025, 2, 1), date(2025, 2, 10))  # made in 2025, in force
    doc(date(2022, 3, 1), date(2022, 3, 5), validity=Validity.ABOLISHED, abolished_on=date(2025, 8, 1))
    doc(date(2025, 4, 1), date(2025, 4, 5), validity=Validity.ABOLISHED, abolished_on=date(2025, 11, 1))
    doc(date(2025, 9, 1), date(2025, 9, 3), status=Item.Status.WITHDRAWN)  # withdrawn: not counted at all
    ItemFactory(agency=township, category=category, formed_on=date(2025, 3, 1), published_on=date(2025, 3, 2))


@time_machine.travel(NOW, tick=False)
def test_table_two_counts_documents_made_abolished_and_in_force(documents, township, office_admin):
    previous = services.generate_report(township, 2024, acting_user=office_admin)
    report = services.generate_report(township, 2025, acting_user=office_admin)
    blocks = document_for_report(report).to_json()["table2"]["blocks"]
    assert blocks[0]["rows"] == [
        {"key": "regulation", "label": "规章", "values": [0, 0, 0]},
        {"key": "normative", "label": "行政规范性文件", "values": [2, 2, 2]},  # made, abolished, in force
    ]
    assert document_for_report(previous).to_json()["table2"]["blocks"][0]["rows"][1]["values"] == [0, 0, 2]
    t22 = next(c for c in document_for_report(report).checks if c.rule == "T2-2")
    assert t22.ok and not t22.note  # 2 + 2 − 2 = 2


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("typed", "cents", "shown"), [
    ("0.35", 350_000, "0.35"), ("12", 12_000_000, "12"), ("0.000001", 1, "0.000001"), ("1,234.5", 1_234_500_000,
                                                                                        "1234.5")])
def test_the_fee_is_typed_in_wan_yuan_and_kept_exactly(township, office_admin, typed, cents, shown):
    report = services.generate_report(township, 2025, acting_user=office_admin)
    cell = services.set_cell_value(report, TABLE2, "fees", "amount", typed, acting_user=office_admin)
    assert cell.value == cents and isinstance(cell.value, int)
    data = document_for_report(report).to_json()
    assert data["table2"]["blocks"][3]["rows"][0]["values"] == [shown]

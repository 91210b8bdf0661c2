"""Every fee vector of domain.md §3.5, as pure tiers and through the services (the same applicant's month, one
method per application, waivers, the payment period and its effect on the reply clock)."""

from datetime import date
from decimal import Decimal

import pytest

from applications import fees, services
from applications.errors import ApplicationError
from applications.models import Application, FeeNotice, Status
from gongkai.errors import PermissionDenied

from .conftest import ID_LI, register

# --- the tiers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("k", "fee"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300),
                                        (50, 300), (51, 400), (60, 400)])
def test_marginal_fee_of_the_kth_application_in_a_month(k, fee):
    assert fees.marginal_item_fee(k) == fee


@pytest.mark.parametrize(("n", "total"), [(10, 0), (11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300),
                                          (50, 7000), (60, 11000)])
def test_total_for_n_applications_in_a_month(n, total):
    assert fees.item_fees_total(n) == total


@pytest.mark.parametrize(("pages", "fee"), [(30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740),
                                            (250, 4700)])
def test_fee_by_pages(pages, fee):
    assert fees.page_fee(pages) == fee


# --- through the services -------------------------------------------------------------------------------------

@pytest.fixture
def eleven_in_march(township, office_admin, end_of_2026):
    """Applicant 张三's 11 applications received by the township in March 2026 (and one in April)."""
    apps = [register(township, office_admin, on=date(2026, 3, 2 + i // 3)) for i in range(11)]
    april = register(township, office_admin, on=date(2026, 4, 1))
    return apps, april


@pytest.mark.django_db
def test_the_11th_application_of_the_month_costs_100_and_the_10th_nothing(eleven_in_march, office_admin):
    apps, april = eleven_in_march
    assert services.quote_fee(apps[9], "per_application").amount == 0
    quote = services.quote_fee(apps[10], "per_application")
    assert (quote.amount, quote.position) == (Decimal("100"), 11)
    assert "2026年3月第11件申请" in quote.explanation
    assert services.quote_fee(april, "per_application").amount == 0  # 11th overall, but first in April


@pytest.mark.django_db
def test_another_applicant_and_other_agencies_do_not_count(eleven_in_march, other_township, outsider, township,
                                                           office_admin):
    other_person = register(township, office_admin, on=date(2026, 3, 10), id_number=ID_LI, applicant_name="李四")
    elsewhere = register(other_township, outsider, on=date(2026, 3, 10))
    assert services.quote_fee(other_person, "per_application").position == 1
    assert services.quote_fee(elsewhere, "per_application").position == 1


@pytest.mark.django_db
def test_split_parts_count_one_by_one_and_the_original_not_at_all(township, office_admin, end_of_2026):
    apps = [register(township, office_admin, on=date(2026, 5, 6)) for _ in range(9)]
    parts = services.split(apps[0], acting_user=office_admin, on=date(2026, 5, 7),
                           parts=["2026年低保名单", "2026年低保发放标准", "2026年特困供养名单"])
    positions = sorted(services.quote_fee(a, "per_application").position for a in [*apps[1:], *parts])
    assert positions == list(range(1, 12))


@pytest.mark.django_db
def test_a_fee_notice_suspends_the_clock_and_payment_resumes_it(eleven_in_march, office_admin):
    application = eleven_in_march[0][10]  # received 2026-03-05
    assert application.due_date == date(2026, 4, 2)
    fee = services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 3, 10),
                                   method="per_application", applicant_received_on=date(2026, 3, 11))
    assert (fee.amount, fee.payment_due) == (Decimal("100"), date(2026, 4, 9))  # 20 WD from the day after receipt
    assert application.status == Status.AWAITING_FEE
    services.record_fee_paid(application, acting_user=office_admin, on=date(2026, 3, 16))
    assert application.status == Status.IN_PROGRESS
    # 3-10 … 3-16 (5 working days) are not counted.
    assert application.due_date == date(2026, 4, 10)
    assert "收费通知至缴费 3月10日至3月16日不计入（5个工作日）" in application.due_date_explanation


@pytest.mark.django_db
def test_the_fee_period_counts_when_the_setting_is_off(eleven_in_march, office_admin, settings):
    settings.FEE_PERIOD_SUSPENDS_CLOCK = False
    application = eleven_in_march[0][10]
    services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 3, 10), method="per_application")
    services.record_fee_paid(application, acting_user=office_admin, on=date(2026, 3, 16))
    assert application.due_date == date(2026, 4, 2)


@pytest.mark.django_db
def test_by_pages(township, office_admin, end_of_2026):
    application = register(township, office_admin, on=date(2026, 6, 1))
    fee = services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 6, 3), method="per_page",
                                   pages=101)
    assert fee.amount == Decimal("720")
    assert fee.explanation == "共101页，30页以内（含30页）不收费；31至100页70页×10元，101至101页1页×20元；合计720元"


@pytest.mark.django_db
@pytest.mark.parametrize("call", [
    {"method": "per_application", "pages": 40},
    {"method": "both"},
])
def test_both_methods_on_one_application_are_rejected(township, office_admin, end_of_2026, call):
    application = register(township, office_admin, on=date(2026, 6, 1))
    with pytest.raises(ApplicationError) as exc:
        services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 6, 3), **call)
    assert exc.value.code == "fee_both_methods"
    assert not FeeNotice.objects.exists()
    assert Application.objects.get(pk=application.pk).status == Status.IN_PROGRESS


@pytest.mark.django_db
def test_a_second_notice_by_the_other_method_is_rejected(township, office_admin, end_of_2026):
    application = register(township, office_admin, on=date(2026, 6, 1))
    services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 6, 3), method="per_page", pages=50)
    services.record_fee_paid(application, acting_user=office_admin, on=date(2026, 6, 5))
    with pytest.raises(ApplicationError) as exc:
        services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 6, 8), method="per_application")
    assert exc.value.code == "fee_both_methods"


@pytest.mark.django_db
def test_no_notice_when_nothing_is_due(township, office_admin, end_of_2026):
    application = register(township, office_admin, on=date(2026, 6, 1))
    with pytest.raises(ApplicationError) as exc:
        services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 6, 3), method="per_application")
    assert exc.value.code == "fee_not_due"


@pytest.mark.django_db
def test_no_fees_before_2021(township, office_admin, end_of_2026):
    application = register(township, office_admin, on=date(2020, 12, 1))
    with pytest.raises(ApplicationError) as exc:
        services.send_fee_notice(application, acting_user=office_admin, on=date(2020, 12, 3), method="per_page",
                                 pages=300)
    assert exc.value.code == "fee_not_applicable"


@pytest.mark.django_db
def test_a_waiver_needs_a_reason_and_an_approver(township, office_admin, clerk, end_of_2026):
    application = register(township, office_admin, on=date(2026, 6, 1))
    services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 6, 3), method="per_page", pages=250)
    with pytest.raises(ApplicationError) as no_reason:
        services.waive_fee(application, acting_user=office_admin, on=date(2026, 6, 4), reason="")
    assert no_reason.value.code == "reduction_reason_required"
    with pytest.raises(PermissionDenied) as not_head:
        services.waive_fee(application, acting_user=office_admin, on=date(2026, 6, 4), reason="低保户", approver=clerk)
    assert not_head.value.code == "approver_not_authorised"
    reduced = services.waive_fee(application, acting_user=office_admin, on=date(2026, 6, 4), reason="经济困难",
                                 amount=Decimal("1000"))
    assert (reduced.amount, reduced.computed_amount, application.status) == (
        Decimal("1000"), Decimal("4700"), Status.AWAITING_FEE)
    waived = services.waive_fee(application, acting_user=office_admin, on=date(2026, 6, 5), reason="低保户，全免")
    assert (waived.amount, waived.outcome, application.status) == (Decimal("0"), "waived", Status.IN_PROGRESS)


@pytest.mark.django_db
def test_a_reduction_at_notice_time(township, office_admin, end_of_2026):
    application = register(township, office_admin, on=date(2026, 6, 1))
    fee = services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 6, 3), method="per_page",
                                   pages=200, reduce_to=Decimal("1000"), reduction_reason="申请人经济困难")
    assert (fee.computed_amount, fee.amount, fee.reduction_approved_by) == (Decimal("2700"), Decimal("1000"),
                                                                            office_admin)


@pytest.mark.django_db
def test_unpaid_by_the_due_date_is_abandoned_as_a22(township, office_admin, end_of_2026):
    application = register(township, office_admin, on=date(2026, 6, 1))
    fee = services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 6, 3), method="per_page",
                                   pages=40)
    assert fee.payment_due == date(2026, 7, 2)
    with pytest.raises(ApplicationError) as early:
        services.reply(application, acting_user=office_admin, on=fee.payment_due, reply_code="A22")
    assert early.value.code == "abandonment_not_due"
    with pytest.raises(ApplicationError) as late_payment:
        services.record_fee_paid(application, acting_user=office_admin, on=date(2026, 7, 3))
    assert late_payment.value.code == "fee_payment_late"
    services.reply(application, acting_user=office_admin, on=date(2026, 7, 3), reply_code="A22")
    assert (application.status, application.reply_code) == (Status.ABANDONED, "A22")
    assert FeeNotice.objects.get().outcome == "unpaid"


@pytest.mark.django_db
def test_cumulative_tiers_through_the_services(township, office_admin, end_of_2026):
    """§3.5: 30 applications in a month cost 2 000 in all; the 31st costs 200, 31 in all 2 200."""
    apps = [register(township, office_admin, on=date(2026, 7, 1 + i // 2)) for i in range(31)]
    quotes = [services.quote_fee(a, "per_application").amount for a in apps]
    assert sum(quotes[:30]) == 2000 and quotes[30] == 200 and sum(quotes) == 2200


@pytest.mark.django_db
@pytest.mark.parametrize(("pages", "amount"), [(31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740),
                                               (250, 4700)])
def test_every_page_vector_through_the_fee_notice(township, office_admin, end_of_2026, pages, amount):
    """§3.5 按量计收, as the notice the applicant receives: the amount stored, and on the letter."""
    application = register(township, office_admin, on=date(2026, 6, 1))
    fee = services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 6, 3), method="per_page",
                                   pages=pages)
    assert (fee.computed_amount, fee.amount, fee.pages) == (Decimal(amount), Decimal(amount), pages)
    assert f"应缴金额：人民币{amount}元" in application.letters.get(kind="fee").body


@pytest.mark.django_db
def test_thirty_pages_cost_nothing_and_no_notice_is_sent(township, office_admin, end_of_2026):
    application = register(township, office_admin, on=date(2026, 6, 1))
    assert services.quote_fee(application, "per_page", 30).amount == 0
    with pytest.raises(ApplicationError) as exc:
        services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 6, 3), method="per_page",
                                 pages=30)
    assert exc.value.code == "fee_not_due" and not FeeNotice.objects.exists()


@pytest.mark.django_db
def test_cumulative_totals_for_40_41_50_and_60_applications_through_the_services(township, office_admin,
                                                                                  end_of_2026):
    """§3.5: 40 / 41 / 50 / 60 applications of one applicant in one month cost 4 000 / 4 300 / 7 000 / 11 000 in all;
    applications of other applicants in between do not move anyone's rank."""
    apps = []
    for i in range(60):
        apps.append(register(township, office_admin, on=date(2026, 9, 1 + i // 4)))
        if i % 10 == 0:
            register(township, office_admin, on=date(2026, 9, 1 + i // 4), id_number=ID_LI, applicant_name="李四")
    quotes = [services.quote_fee(a, "per_application") for a in apps]
    assert [q.position for q in quotes] == list(range(1, 61))
    totals = {n: sum(q.amount for q in quotes[:n]) for n in (40, 41, 50, 60)}
    assert totals == {40: 4000, 41: 4300, 50: 7000, 60: 11000}
    assert quotes[40].explanation == "该申请人2026年9月第41件申请，属41至50件档，每件300元"


@pytest.mark.django_db
def test_a_fee_notice_after_the_reply_due_date_is_refused(township, office_admin, end_of_2026):
    """§3.4: the notice is sent within the processing period; a late one would not stop a clock that has run out."""
    application = register(township, office_admin, on=date(2026, 6, 1))
    assert application.due_date == date(2026, 6, 30)  # 6-19 is 端午节
    with pytest.raises(ApplicationError) as exc:
        services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 7, 1), method="per_page",
                                 pages=40)
    assert (exc.value.code, exc.value.status) == ("fee_notice_late", 409)
    assert not FeeNotice.objects.exists() and application.letters.count() == 1
    services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 6, 30), method="per_page", pages=40)

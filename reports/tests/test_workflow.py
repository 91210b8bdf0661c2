"""Generate → submit → 第一责任人 approves → publish, with overrides, returns and the county's view, as the people
who use it (personas from the root conftest: office = 信息公开办, deputy = 分管领导/第一责任人, principal = 主要领导,
supervisor = county 政务公开办)."""

from datetime import date

import pytest
import time_machine

from agencies.models import Role
from agencies.tests.factories import person
from audit.selectors import events_for
from gongkai.errors import PermissionDenied
from reports import selectors, services
from reports.assembly import document_for_report
from reports.drafting import has_placeholder
from reports.errors import ChecksFailed, NotFirstResponsible, ReportError, ReportExists, ReportYearInvalid, WrongState
from reports.formats.base import TABLE2, TABLE3
from reports.models import AnnualReport, ReportCell, ReportStatus

pytestmark = pytest.mark.django_db

JAN_2026 = "2026-01-12 10:00 +0800"


def fill_texts(report, user):
    for t in report.texts.all():
        if has_placeholder(t.text):
            services.update_text(report, t.key, t.text.replace("【待填写：", "（已核实）").replace("】", ""),
                                 acting_user=user)


def cell(report, table, row, column):
    return ReportCell.objects.get(report=report, table=table, row=row, column=column)


@pytest.fixture
def scripted(registers, township):
    """Four applications: three concluded in 2025 (one received in 2024), one carried into 2026."""
    apps, oversight = registers
    apps.add(township, "natural_person", date(2024, 12, 20), date(2025, 1, 10), "granted")
    apps.add(township, "natural_person", date(2025, 3, 2), date(2025, 3, 20), "partial")
    apps.add(township, "business", date(2025, 6, 2), date(2025, 6, 30), "unable_1")
    apps.add(township, "legal_services", date(2025, 12, 22))
    oversight.add_case(township, "reconsideration", date(2025, 4, 1), "corrected", date(2025, 6, 1))
    oversight.suggestions[township.pk] = {"npc": 3, "cppcc": 1, "replied": 4, "made_public": 4}
    return registers


@time_machine.travel(JAN_2026, tick=False)
def test_the_office_generates_the_report_from_the_registers(scripted, township, office_admin):
    report = services.generate_report(township, 2025, acting_user=office_admin)

    assert (report.format_version, report.status) == ("2021", ReportStatus.DRAFT)
    assert report.title == "东升乡人民政府2025年政府信息公开工作年度报告"
    assert report.cells.count() == 8 + 2 + 175 + 15  # table 二 (incl. 4 entered) … table 四
    assert cell(report, TABLE3, "received", "total").value == 3
    assert cell(report, TABLE3, "carried_in", "natural_person").value == 1
    assert cell(report, TABLE3, "total", "total").value == 3
    assert cell(report, TABLE3, "carried_out", "legal_services").value == 1
    assert cell(report, "table4", "reconsideration", "corrected").value == 1
    assert cell(report, TABLE2, "licensing", "decisions").computed_value is None  # entered by hand
    texts = {t.key: t.text for t in report.texts.all()}
    assert "新收政府信息公开申请3件，上年结转1件" in texts["overview_on_request"]
    assert "承办人大代表建议3件、政协提案1件" in texts["other_suggestions"]
    assert [e.action for e in events_for(report)] == ["reports.report.generated"]
    doc = document_for_report(report)
    assert all(c.ok for c in doc.checks if c.rule.startswith(("T3", "T4")))


@time_machine.travel(JAN_2026, tick=False)
@pytest.mark.parametrize(("year", "code"), [(2027, "report_year_future"), (2007, "report_year_before_regulation")])
def test_years_outside_the_regulation_are_refused(registers, township, office_admin, year, code):
    with pytest.raises(ReportYearInvalid) as exc:
        services.generate_report(township, year, acting_user=office_admin)
    assert exc.value.code == code and exc.value.status == 400
    assert not AnnualReport.objects.exists()


@time_machine.travel(JAN_2026, tick=False)
def test_a_year_before_the_agency_existed_is_refused(registers, township, office_admin):
    township.established_on = date(2020, 7, 1)
    township.save(update_fields=["established_on"])
    with pytest.raises(ReportYearInvalid) as exc:
        services.generate_report(township, 2019, acting_user=office_admin)
    assert exc.value.message == "东升乡人民政府成立于2020年7月1日，没有2019年的年度报告。"
    services.generate_report(township, 2020, acting_user=office_admin)


@time_machine.travel(JAN_2026, tick=False)
def test_a_second_report_for_the_same_year_is_refused(scripted, township, office_admin):
    services.generate_report(township, 2025, acting_user=office_admin)
    with pytest.raises(ReportExists):
        services.generate_report(township, 2025, acting_user=office_admin)


@time_machine.travel(JAN_2026, tick=False)
def test_only_the_office_may_generate(scripted, township, clerk, deputy, outsider, supervisor):
    for user in (clerk, deputy, outsider, supervisor):
        with pytest.raises(PermissionDenied):
            services.generate_report(township, 2025, acting_user=user)


@time_machine.travel(JAN_2026, tick=False)
def test_an_override_needs_a_reason_and_is_marked(scripted, township, office_admin):
    report = services.generate_report(township, 2025, acting_user=office_admin)
    with pytest.raises(ReportError) as exc:
        services.set_cell_value(report, TABLE3, "received", "research", "2", acting_user=office_admin)
    assert exc.value.code == "override_reason_required"
    assert cell(report, TABLE3, "received", "research").value == 0  # nothing changed

    services.set_cell_value(report, TABLE3, "received", "research", "2", acting_user=office_admin,
                            reason="两件纸质申请未及时登记，已补录核实。")
    c = cell(report, TABLE3, "received", "research")
    assert (c.value, c.computed_value, c.override_by) == (2, 0, office_admin)
    doc = document_for_report(report)
    assert [(o.address, o.reason) for o in doc.overrides] == [
        ((TABLE3, "received", "research"), "两件纸质申请未及时登记，已补录核实。")]
    failing = {c.rule for c in doc.blocking_checks}
    assert {"T3-1", "T3-3"} <= failing  # the tampered cell breaks the balance and is named
    assert (TABLE3, "received", "research") in doc.failing_cells
    assert events_for(report).last().action == "reports.cell.overridden"

    services.clear_override(report, TABLE3, "received", "research", acting_user=office_admin)
    assert not cell(report, TABLE3, "received", "research").is_overridden


@time_machine.travel(JAN_2026, tick=False)
def test_entered_cells_take_values_in_their_unit(scripted, township, office_admin):
    report = services.generate_report(township, 2025, acting_user=office_admin)
    services.set_cell_value(report, TABLE2, "fees", "amount", "1.25", acting_user=office_admin)
    services.set_cell_value(report, TABLE2, "licensing", "decisions", "12", acting_user=office_admin)
    assert cell(report, TABLE2, "fees", "amount").value == 1_250_000  # 分
    doc = document_for_report(report)
    assert doc.cell(TABLE2, "fees", "amount").display == "1.25"
    assert doc.to_json()["table2"]["blocks"][3]["rows"][0]["values"] == ["1.25"]
    with pytest.raises(ReportError) as exc:
        services.set_cell_value(report, TABLE2, "licensing", "decisions", "-3", acting_user=office_admin)
    assert exc.value.message == "数值应为非负整数。"


@time_machine.travel(JAN_2026, tick=False)
def test_the_whole_workflow_publishes_the_report(scripted, township, office_admin, deputy):
    report = services.generate_report(township, 2025, acting_user=office_admin)
    with pytest.raises(ChecksFailed) as exc:
        services.submit_report(report, acting_user=office_admin)  # placeholders left in the text
    assert "TXT-1" in exc.value.message and exc.value.status == 422
    fill_texts(report, office_admin)

    services.submit_report(report, acting_user=office_admin)
    services.approve_report(report, acting_user=deputy, comment="同意发布。")
    services.publish_report(report, acting_user=office_admin)

    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    assert (report.published_on, report.revision, report.approved_by) == (date(2026, 1, 12), 1, deputy)
    assert report.published_snapshot["status"] == "published"
    assert list(selectors.published_annual_reports(township)) == [report]
    public, doc = selectors.public_report(township.code, 2025)
    assert doc.ok and doc.deadline_label == "按时发布"
    assert [e.action for e in events_for(report)][-3:] == [
        "reports.report.submitted", "reports.report.approved", "reports.report.published"]
    submitted = events_for(report).filter(action="reports.report.approved").get()
    assert (submitted.actor, submitted.from_state, submitted.to_state) == (deputy, "submitted", "approved")


@time_machine.travel(JAN_2026, tick=False)
def test_a_failing_report_cannot_be_submitted_and_nothing_changes(scripted, township, office_admin):
    report = services.generate_report(township, 2025, acting_user=office_admin)
    fill_texts(report, office_admin)
    services.set_cell_value(report, TABLE3, "received", "natural_person", "9", acting_user=office_admin,
                            reason="试改")
    with pytest.raises(ChecksFailed) as exc:
        services.submit_report(report, acting_user=office_admin)
    assert "T3-1" in exc.value.message and "“自然人”列" in exc.value.message
    assert {f["rule"] for f in exc.value.as_dict()["failures"]} >= {"T3-1", "T3-3"}
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


@time_machine.travel(JAN_2026, tick=False)
@pytest.mark.parametrize("who", ["principal", "supervisor", "platform_admin", "outsider", "office_admin"])
def test_only_the_first_responsible_approves(scripted, township, office_admin, request, who):
    report = services.generate_report(township, 2025, acting_user=office_admin)
    fill_texts(report, office_admin)
    services.submit_report(report, acting_user=office_admin)
    user = request.getfixturevalue(who)
    with pytest.raises(NotFirstResponsible) as exc:
        services.approve_report(report, acting_user=user)
    assert exc.value.status == 403
    assert "第一责任人" in exc.value.message
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


@time_machine.travel(JAN_2026, tick=False)
def test_nobody_approves_a_report_they_submitted(scripted, township, office_admin):
    both = person(township, Role.OFFICE_ADMIN, "both", full_name="一人两职")
    from agencies.models import Membership

    Membership.objects.create(user=both, agency=township, role=Role.DEPUTY_LEADER)
    report = services.generate_report(township, 2025, acting_user=both)
    fill_texts(report, both)
    services.submit_report(report, acting_user=both)
    with pytest.raises(NotFirstResponsible) as exc:
        services.approve_report(report, acting_user=both)
    assert exc.value.code == "self_approval"


@time_machine.travel(JAN_2026, tick=False)
def test_the_leader_returns_with_comments_and_the_office_resubmits(scripted, township, office_admin, deputy):
    report = services.generate_report(township, 2025, acting_user=office_admin)
    fill_texts(report, office_admin)
    services.submit_report(report, acting_user=office_admin)
    with pytest.raises(ReportError):
        services.return_report(report, acting_user=deputy, comment="  ")
    services.return_report(report, acting_user=deputy, comment="请补充创新情况。")
    assert report.status == ReportStatus.RETURNED
    assert report.comments.get().text == "请补充创新情况。"
    services.update_text(report, "other_innovation", "推行政务公开“一网通查”。", acting_user=office_admin)
    services.submit_report(report, acting_user=office_admin)
    assert report.status == ReportStatus.SUBMITTED


@time_machine.travel(JAN_2026, tick=False)
def test_the_county_returns_a_published_report_which_stays_online_until_republished(
        scripted, township, office_admin, deputy, supervisor, outsider):
    report = services.generate_report(township, 2025, acting_user=office_admin)
    fill_texts(report, office_admin)
    services.submit_report(report, acting_user=office_admin)
    services.approve_report(report, acting_user=deputy)
    services.publish_report(report, acting_user=office_admin)

    with pytest.raises(PermissionDenied):
        services.county_return_report(report, acting_user=outsider, comment="不对")
    services.county_return_report(report, acting_user=supervisor, comment="（五）监督保障未写考核结果。")
    assert report.status == ReportStatus.RETURNED
    assert list(selectors.published_annual_reports(township)) == [report]  # the published version stays

    with time_machine.travel("2026-01-20 10:00 +0800", tick=False):
        services.update_text(report, "overview_supervision", "已补充考核结果。", acting_user=office_admin)
        services.submit_report(report, acting_user=office_admin)
        services.approve_report(report, acting_user=deputy)
        services.publish_report(report, acting_user=office_admin)
    report.refresh_from_db()
    assert (report.revision, report.published_on, report.revised_on) == (2, date(2026, 1, 12), date(2026, 1, 20))
    assert selectors.public_report(township.code, 2025)[1].texts["overview_supervision"] == "已补充考核结果。"


@time_machine.travel("2025-12-20 10:00 +0800", tick=False)
def test_a_report_is_not_published_before_its_year_ends(scripted, township, office_admin, deputy):
    report = services.generate_report(township, 2025, acting_user=office_admin)
    fill_texts(report, office_admin)
    services.submit_report(report, acting_user=office_admin)
    services.approve_report(report, acting_user=deputy)
    with pytest.raises(WrongState) as exc:
        services.publish_report(report, acting_user=office_admin)
    assert exc.value.message == "2025年度尚未结束，年度报告不能发布。"


@time_machine.travel(JAN_2026, tick=False)
def test_refreshing_recounts_and_keeps_overrides(scripted, township, office_admin):
    apps, _ = scripted
    report = services.generate_report(township, 2025, acting_user=office_admin)
    services.set_cell_value(report, TABLE3, "granted", "natural_person", "5", acting_user=office_admin,
                            reason="核对纸质台账")
    apps.add(township, "research", date(2025, 9, 1), date(2025, 9, 10), "granted")  # registered late
    changed = services.refresh_report(report, acting_user=office_admin)
    assert {c["cell"] for c in changed} >= {"三、本年度办理结果 （一）予以公开 / 科研机构"}
    assert cell(report, TABLE3, "granted", "research").value == 1
    kept = cell(report, TABLE3, "granted", "natural_person")
    assert (kept.value, kept.computed_value, kept.is_overridden) == (5, 1, True)


@time_machine.travel("2026-02-10 10:00 +0800", tick=False)
def test_late_and_missing_reports_are_flagged(scripted, township, other_township, office_admin, deputy, supervisor):
    report = services.generate_report(township, 2025, acting_user=office_admin)
    fill_texts(report, office_admin)
    services.submit_report(report, acting_user=office_admin)
    services.approve_report(report, acting_user=deputy)
    services.publish_report(report, acting_user=office_admin)
    rows = {s.agency.name: s for s in selectors.county_status(supervisor, 2025)}
    assert rows["东升乡人民政府"].deadline.label == "逾期发布"
    assert rows["先锋镇人民政府"].deadline.label == "逾期未发布"
    assert rows["望奎县人民政府"].deadline.due == date(2026, 3, 31)
    assert rows["望奎县人民政府"].deadline.label == "未到期"


@time_machine.travel(JAN_2026, tick=False)
def test_cross_year_rules_compare_with_last_years_stored_report_across_formats(registers, township, office_admin):
    apps, _ = registers
    apps.add(township, "natural_person", date(2020, 12, 20), date(2021, 1, 8), "granted")
    previous = services.generate_report(township, 2020, acting_user=office_admin)
    assert previous.format_version == "2019"
    services.set_cell_value(previous, TABLE3, "carried_out", "natural_person", "2", acting_user=office_admin,
                            reason="台账另有一件")
    services.set_cell_value(previous, TABLE3, "carried_out", "total", "2", acting_user=office_admin, reason="同上")
    report = services.generate_report(township, 2021, acting_user=office_admin)
    checks = {c.rule: c for c in document_for_report(report).checks}
    assert not checks["T3-4"].ok and not checks["T3-4"].blocking
    assert "2020年度报告四、结转下年度继续办理为2" in checks["T3-4"].failures[0].message
    assert checks["T2-2"].ok and "试行格式" in checks["T2-2"].note


@time_machine.travel(JAN_2026, tick=False)
def test_a_second_generation_racing_the_first_is_a_409_not_a_500(registers, township, office_admin, monkeypatch):
    services.generate_report(township, 2025, acting_user=office_admin)
    monkeypatch.setattr(AnnualReport.objects, "filter", lambda **kw: AnnualReport.objects.none())
    with pytest.raises(ReportExists) as exc:
        services.generate_report(township, 2025, acting_user=office_admin)
    assert exc.value.status == 409


@time_machine.travel(JAN_2026, tick=False)
def test_a_report_failing_a_balance_rule_is_not_published_and_nothing_changes(scripted, township, office_admin,
                                                                              deputy):
    report = services.generate_report(township, 2025, acting_user=office_admin)
    fill_texts(report, office_admin)
    services.submit_report(report, acting_user=office_admin)
    services.approve_report(report, acting_user=deputy)
    # a cell changed behind the workflow's back (e.g. in the database) after approval
    ReportCell.objects.filter(report=report, table="table4", row="reconsideration", column="total").update(value=5)
    with pytest.raises(ChecksFailed) as exc:
        services.publish_report(report, acting_user=office_admin)
    assert exc.value.status == 422
    assert exc.value.message.startswith("年度报告未通过校验，不能发布：T4-1（复议、诉讼各组总计等于四项结果之和）：行政复议：总计为5")
    assert exc.value.failures[0]["failures"][0]["cells"][-1] == "table4/reconsideration/total"
    report.refresh_from_db()
    assert (report.status, report.published_on, report.published_snapshot) == (ReportStatus.APPROVED, None, None)
    assert not selectors.published_annual_reports(township).exists()
    assert events_for(report).last().action == "reports.report.approved"

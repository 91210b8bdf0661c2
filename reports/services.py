"""Every write to annual reports and quarterly statements. Each function checks the acting person's permission in the
report's agency (agencies.access), guards the state, writes an audit event in the same transaction, and raises a
DomainError with a Chinese sentence and a stable code.

    generate_report ─▶ draft ─submit_report─▶ submitted ─approve_report (第一责任人)─▶ approved ─publish_report─▶ published
                        ▲  refresh_report         │ return_report (第一责任人)                 │
                        │  set_cell_value         ▼                                            │
                        └─ update_text ◀──── returned ◀──── county_return_report (政务公开办) ──┘
"""


from django.db import IntegrityError, transaction

from agencies.access import CASCADING_ROLES, ROLE_PERMISSIONS, Perm, grants_for, has_perm, require
from agencies.models import Agency
from audit.services import record
from casework.workflow import lock_for_update, refresh_caller
from gongkai import clock

from .assembly import document_for_report, draft_for
from .checks import CheckResult
from .errors import (
    ChecksFailed,
    NotFirstResponsible,
    ReportError,
    ReportExists,
    ReportYearInvalid,
    WrongState,
)
from .figures import compute
from .formats import FIRST_REPORT_YEAR, format_for_year, get_format
from .formats.base import Source, Unit, display_value, parse_value
from .models import (
    REPORT_WORKFLOW,
    AnnualReport,
    QuarterlyStatement,
    ReportCell,
    ReportComment,
    ReportStatus,
    ReportText,
)

MAX_TEXT = 20000
MAX_COMMENT = 2000


# --- years ---------------------------------------------------------------------------------------------------------

def validate_year(agency: Agency, year: int) -> None:
    """A report exists for the years the regulation was in force and the agency existed, up to the current year."""
    today = clock.today()
    if year > today.year:
        raise ReportYearInvalid(f"不能编制{year}年的年度报告：该年度尚未开始。", field="year", code="report_year_future")
    if year < FIRST_REPORT_YEAR:
        raise ReportYearInvalid(f"《中华人民共和国政府信息公开条例》自2008年5月1日起施行，没有{year}年的政府信息公开工作年度报告。",
                                field="year", code="report_year_before_regulation")
    if agency.established_on and year < agency.established_on.year:
        raise ReportYearInvalid(
            f"{agency.name}成立于{agency.established_on.year}年{agency.established_on.month}月"
            f"{agency.established_on.day}日，没有{year}年的年度报告。", field="year", code="report_year_before_agency")


# --- generating and refreshing ---------------------------------------------------------------------------------------

def generate_report(agency: Agency, year: int, *, acting_user) -> AnnualReport:
    """Create the agency's report for `year` in the format of that year: every cell computed from the registers (the
    cells the platform cannot compute start at 0, to be entered), the text sections pre-drafted."""
    require(acting_user, Perm.REPORTS_EDIT, agency)
    validate_year(agency, year)
    existing = AnnualReport.objects.filter(agency=agency, year=year).only("origin").first()
    if existing is not None and existing.is_imported:
        raise ReportExists(f"{agency.name}{year}年度报告已作为往年年报导入，不能再由本平台生成。")
    if existing is not None:
        raise ReportExists(f"{agency.name}{year}年度报告已经存在，请打开该报告，或在报告中重新统计数据。")
    fmt = format_for_year(year)
    computed = compute(fmt, [agency.pk], year)[agency.pk]
    texts = draft_for(agency, year, fmt, computed)
    now = clock.now()
    try:
        report = _create_report(agency, year, fmt, computed, texts, now, acting_user)
    except IntegrityError:  # a second request for the same year won the race
        raise ReportExists(f"{agency.name}{year}年度报告已经存在，请打开该报告，或在报告中重新统计数据。")
    return report


def _create_report(agency, year, fmt, computed, texts, now, acting_user) -> AnnualReport:
    with transaction.atomic():
        report = AnnualReport.objects.create(
            agency=agency, year=year, format_version=fmt.version, created_by=acting_user, computed_at=now,
            title=fmt.report_title(agency_name=agency.name, short_name=agency.short_name or agency.name, year=year))
        ReportCell.objects.bulk_create([
            ReportCell(report=report, table=spec.table, row=spec.row, column=spec.column,
                       value=computed.values.get(spec.address, 0),
                       computed_value=computed.values.get(spec.address, 0) if spec.source == Source.COMPUTED else None)
            for spec in fmt.cells()])
        ReportText.objects.bulk_create([
            ReportText(report=report, key=part.key, text=texts.get(part.key, ""), drafted=texts.get(part.key, ""))
            for section in fmt.sections for part in section.parts])
        record(report, "reports.report.generated", actor=acting_user, agency=agency, to_state=report.status,
               data={"year": year, "format": fmt.version})
    return report


def _lock(report: AnnualReport) -> AnnualReport:
    """Lock a report for a workflow step. An imported report (reports.past) is the record of an earlier year as it was
    published: no workflow step may recount, edit, return or republish it."""
    locked = lock_for_update(AnnualReport.objects.select_related("agency"), report.pk)
    if locked.is_imported:
        raise WrongState(f"{locked.title}是导入的往年年报，不能通过年报编制流程修改；如需更正，请重新导入。",
                         code="report_imported")
    return locked


_sync = refresh_caller


def _require_editable(report: AnnualReport, acting_user, transition: str = "edit") -> None:
    require(acting_user, Perm.REPORTS_EDIT, report.agency)
    REPORT_WORKFLOW.guard(report.status, transition)


def refresh_report(report: AnnualReport, *, acting_user, redraft_texts: bool = False) -> list[dict]:
    """Recount every computed cell from the registers as they stand now (late registrations, corrected records).
    Overrides stay, with the new computed value beside them; entered cells are left alone. Texts nobody edited are
    re-drafted; `redraft_texts` re-drafts edited ones too. Returns the cells whose value changed."""
    original = report
    with transaction.atomic():
        report = _lock(report)
        _require_editable(report, acting_user)
        fmt = get_format(report.format_version)
        computed = compute(fmt, [report.agency_id], report.year)[report.agency_id]
        changed, to_update = [], []
        for cell in report.cells.all():
            spec = fmt.cell(cell.table, cell.row, cell.column)
            if spec is None or spec.source != Source.COMPUTED:
                continue
            new = computed.values.get(spec.address, 0)
            if cell.computed_value != new:
                changed.append({"cell": spec.label, "from": cell.computed_value, "to": new,
                                "overridden": cell.is_overridden})
                cell.computed_value = new
                if not cell.is_overridden:
                    cell.value = new
                to_update.append(cell)
        ReportCell.objects.bulk_update(to_update, ["computed_value", "value"])
        drafts = draft_for(report.agency, report.year, fmt, computed)
        texts = list(report.texts.all())
        for t in texts:
            t.drafted = drafts.get(t.key, "")
            if redraft_texts or not t.edited:
                t.text, t.edited = t.drafted, False
        ReportText.objects.bulk_update(texts, ["drafted", "text", "edited"])
        report.computed_at = clock.now()
        report.save(update_fields=["computed_at", "updated_at"])
        record(report, "reports.report.refreshed", actor=acting_user, data={
            "changed": changed[:50], "changed_count": len(changed), "redraft_texts": redraft_texts})
    _sync(original, report)
    return changed


# --- cells ---------------------------------------------------------------------------------------------------------

def set_cell_value(report: AnnualReport, table: str, row: str, column: str, value, *, acting_user,
                   reason: str = "") -> ReportCell:
    """Enter a value the platform does not hold (e.g. 行政许可 decisions), or override a computed one — an override
    needs a reason and is marked in the report. Setting a computed cell back to its computed value clears the
    override. Money is typed in the unit the report shows (万元 in table 二, 元 in the pre-2019 figures)."""
    original = report
    reason = (reason or "").strip()
    with transaction.atomic():
        report = _lock(report)
        _require_editable(report, acting_user)
        fmt = get_format(report.format_version)
        spec = fmt.cell(table, row, column)
        cell = ReportCell.objects.select_for_update().filter(report=report, table=table, row=row,
                                                             column=column).first()
        if spec is None or cell is None:
            raise ReportError("报告中没有该数据项。", code="cell_not_found", status=404)
        try:
            number = value if isinstance(value, int) and not isinstance(value, bool) else parse_value(value, spec.unit)
        except (ValueError, ArithmeticError):
            raise ReportError(_value_message(spec.unit), field="value", code="cell_value_invalid")
        if spec.unit not in (Unit.SIGNED,) and number < 0:
            raise ReportError(_value_message(spec.unit), field="value", code="cell_value_invalid")
        before = cell.value
        if spec.source == Source.COMPUTED:
            if number == cell.computed_value:
                action, data = "reports.cell.override_cleared", {}
                cell.override_value, cell.override_reason, cell.override_by, cell.override_at = None, "", None, None
            else:
                if not reason:
                    raise ReportError(f"调整统计数据“{spec.label}”须填写理由（将在报告中标注）。", field="reason",
                                      code="override_reason_required")
                action = "reports.cell.overridden"
                cell.override_value, cell.override_reason = number, reason[:1000]
                cell.override_by, cell.override_at = acting_user, clock.now()
                data = {"computed": cell.computed_value}
            cell.value = number
        else:
            action, data = "reports.cell.entered", {}
            cell.value = number
        cell.save(update_fields=["value", "override_value", "override_reason", "override_by", "override_at"])
        report.save(update_fields=["updated_at"])
        record(report, action, actor=acting_user, comment=reason, data={
            "cell": spec.label, "address": [table, row, column], "from": display_value(before, spec.unit),
            "to": display_value(number, spec.unit), **data})
    _sync(original, report)
    return cell


def clear_override(report: AnnualReport, table: str, row: str, column: str, *, acting_user) -> ReportCell:
    """Go back to the computed value."""
    cell = ReportCell.objects.filter(report=report, table=table, row=row, column=column).first()
    if cell is None:
        raise ReportError("报告中没有该数据项。", code="cell_not_found", status=404)
    if cell.computed_value is None:
        raise ReportError("该数据项由人工填写，没有系统统计值。", code="cell_entered")
    return set_cell_value(report, table, row, column, cell.computed_value, acting_user=acting_user)


def _value_message(unit: Unit) -> str:
    if unit == Unit.MONEY:
        return "金额应为以万元为单位的非负数，最多保留6位小数。"
    if unit == Unit.MONEY_YUAN:
        return "金额应为以元为单位的非负数，最多保留2位小数。"
    if unit == Unit.SIGNED:
        return "数值应为整数（可以为负数）。"
    return "数值应为非负整数。"


# --- texts -----------------------------------------------------------------------------------------------------------

def update_text(report: AnnualReport, key: str, text: str, *, acting_user) -> ReportText:
    original = report
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise ReportError(f"内容不能超过{MAX_TEXT}字。", field="text", code="text_too_long")
    with transaction.atomic():
        report = _lock(report)
        _require_editable(report, acting_user)
        part = report.texts.select_for_update().filter(key=key).first()
        if part is None:
            raise ReportError("报告中没有该部分。", code="text_not_found", status=404)
        if part.text == text:
            return part
        part.text, part.edited = text, text != part.drafted
        part.save(update_fields=["text", "edited", "updated_at"])
        report.save(update_fields=["updated_at"])
        record(report, "reports.text.edited", actor=acting_user, data={"part": key, "length": len(text)})
    _sync(original, report)
    return part


# --- the workflow ----------------------------------------------------------------------------------------------------

def _check_json(failing: list[CheckResult]) -> list[dict]:
    return [{"rule": c.rule, "title": c.title,
             "failures": [{"message": f.message, "cells": ["/".join(x for x in a if x) for a in f.cells]}
                          for f in c.failures]} for c in failing]


def _require_checks(report: AnnualReport, doing: str) -> None:
    doc = document_for_report(report)
    failing = doc.blocking_checks
    if failing:
        lines = [f"{c.rule}（{c.title}）：{f.message}" for c in failing for f in c.failures[:3]]
        more = sum(len(c.failures) for c in failing) - len(lines)
        raise ChecksFailed(f"年度报告未通过校验，不能{doing}：" + "；".join(lines) + (f"；另有{more}处。" if more else ""),
                           failures=_check_json(failing))


def submit_report(report: AnnualReport, *, acting_user) -> AnnualReport:
    """The 信息公开办 sends the report to the 第一责任人. Every blocking rule must pass first."""
    original = report
    with transaction.atomic():
        report = _lock(report)
        _require_editable(report, acting_user, "submit")
        _require_checks(report, "提交审定")
        before = report.status
        report.status, report.submitted_at, report.submitted_by = ReportStatus.SUBMITTED, clock.now(), acting_user
        report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        record(report, "reports.report.submitted", actor=acting_user, from_state=before, to_state=report.status)
    return _sync(original, report)


def is_first_responsible(user, agency: Agency | int) -> bool:
    """The 第一责任人 is a leader of the agency itself (分管领导), not someone whose grants cascade from above."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    return any(role not in CASCADING_ROLES and Perm.REPORTS_APPROVE in ROLE_PERMISSIONS.get(role, ())
               for role in grants_for(user).roles_by_agency.get(agency_id, ()))


def _require_first_responsible(report: AnnualReport, acting_user) -> None:
    if not is_first_responsible(acting_user, report.agency):
        raise NotFirstResponsible(f"只有{report.agency.name}分管政府信息公开工作的领导（第一责任人）可以审定或退回本机关的年度报告。")


def approve_report(report: AnnualReport, *, acting_user, comment: str = "") -> AnnualReport:
    """The 第一责任人 approves (审定) the report; it can then be published."""
    original = report
    with transaction.atomic():
        report = _lock(report)
        _require_first_responsible(report, acting_user)
        REPORT_WORKFLOW.guard(report.status, "approve")
        if report.submitted_by_id == acting_user.pk:
            raise NotFirstResponsible("不能审定本人提交的年度报告。", code="self_approval")
        _require_checks(report, "审定")
        report.status, report.approved_at, report.approved_by = ReportStatus.APPROVED, clock.now(), acting_user
        report.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
        if comment.strip():
            ReportComment.objects.create(report=report, kind=ReportComment.Kind.APPROVAL, text=comment.strip()[:MAX_COMMENT],
                                         author=acting_user, created_at=clock.now())
        record(report, "reports.report.approved", actor=acting_user, from_state=ReportStatus.SUBMITTED,
               to_state=report.status, comment=comment.strip())
    return _sync(original, report)


def _return(report: AnnualReport, acting_user, comment: str, kind: str, action: str) -> AnnualReport:
    comment = (comment or "").strip()
    if not comment:
        raise ReportError("退回时须填写意见。", field="comment", code="comment_required")
    before = report.status
    report.status = ReportStatus.RETURNED
    report.save(update_fields=["status", "updated_at"])
    ReportComment.objects.create(report=report, kind=kind, text=comment[:MAX_COMMENT], author=acting_user,
                                 created_at=clock.now())
    record(report, action, actor=acting_user, from_state=before, to_state=report.status, comment=comment)
    return report


def return_report(report: AnnualReport, *, acting_user, comment: str) -> AnnualReport:
    """The 第一责任人 sends a submitted report back to the 信息公开办 with comments."""
    original = report
    with transaction.atomic():
        report = _lock(report)
        _require_first_responsible(report, acting_user)
        REPORT_WORKFLOW.guard(report.status, "return")
        _return(report, acting_user, comment, ReportComment.Kind.LEADER_RETURN, "reports.report.returned")
    return _sync(original, report)


def county_return_report(report: AnnualReport, *, acting_user, comment: str) -> AnnualReport:
    """The county 政务公开办 returns a report (submitted, approved or already published) with comments. A published
    report stays online as published until the corrected version is published."""
    original = report
    with transaction.atomic():
        report = _lock(report)
        require(acting_user, Perm.REPORTS_SUPERVISE, report.agency)
        REPORT_WORKFLOW.guard(report.status, "county_return")
        _return(report, acting_user, comment, ReportComment.Kind.COUNTY_RETURN, "reports.report.county_returned")
    return _sync(original, report)


def publish_report(report: AnnualReport, *, acting_user) -> AnnualReport:
    """Publish an approved report in the agency's 政府信息公开年报 column: the document is frozen as published (HTML,
    PDF, DOCX, XLSX are rendered from it). Only after the report year has ended, and only if every blocking rule
    passes."""
    original = report
    with transaction.atomic():
        report = _lock(report)
        agency = report.agency
        if not (has_perm(acting_user, Perm.REPORTS_EDIT, agency) or is_first_responsible(acting_user, agency)):
            require(acting_user, Perm.REPORTS_EDIT, agency)
        today = clock.today()
        REPORT_WORKFLOW.guard(report, "publish", today)  # approved, and the report year has ended
        _require_checks(report, "发布")
        first = report.published_on is None
        report.status = ReportStatus.PUBLISHED
        report.published_at, report.published_by = clock.now(), acting_user
        if first:
            report.published_on = today
        else:
            report.revised_on = today
        report.revision += 1
        report.save(update_fields=["status", "published_at", "published_by", "published_on", "revised_on",
                                   "revision", "updated_at"])
        doc = document_for_report(report)
        report.published_snapshot = doc.to_json()
        report.save(update_fields=["published_snapshot"])
        record(report, "reports.report.published", actor=acting_user, from_state=ReportStatus.APPROVED,
               to_state=report.status, data={"revision": report.revision, "due": doc.due_date.isoformat(),
                                             "late": bool(doc.due_date and today > doc.due_date)})
    return _sync(original, report)


# --- quarterly statistics -------------------------------------------------------------------------------------------

def submit_quarterly(agency: Agency, year: int, quarter: int, *, acting_user, note: str = "") -> QuarterlyStatement:
    """上报 the quarter's statistics to the county: computed from the registers now and frozen. A quarter can be
    submitted once it has ended; submitting again (after the county returned it) replaces the figures."""
    from .quarterly import QUARTER_LABELS, quarter_bounds, quarterly_statistics

    require(acting_user, Perm.REPORTS_EDIT, agency)
    if quarter not in (1, 2, 3, 4):
        raise ReportError("季度应为1至4。", field="quarter", code="quarter_invalid")
    validate_year(agency, year)
    start, end = quarter_bounds(year, quarter)
    if clock.today() <= end:
        raise WrongState(f"{year}年{QUARTER_LABELS[quarter]}尚未结束，不能上报。", code="quarter_not_ended")
    stats = quarterly_statistics([agency], year, quarter)[agency.pk]
    with transaction.atomic():
        existing = QuarterlyStatement.objects.select_for_update().filter(agency=agency, year=year,
                                                                           quarter=quarter).first()
        if existing and existing.status == QuarterlyStatement.Status.SUBMITTED:
            raise WrongState(f"{year}年{QUARTER_LABELS[quarter]}统计表已经上报。", code="quarter_submitted")
        statement = existing or QuarterlyStatement(agency=agency, year=year, quarter=quarter)
        statement.status = QuarterlyStatement.Status.SUBMITTED
        statement.snapshot, statement.note = stats.to_json(), (note or "").strip()[:MAX_COMMENT]
        statement.submitted_by, statement.submitted_at, statement.returned_comment = acting_user, clock.now(), ""
        statement.save()
        record(statement, "reports.quarterly.submitted", actor=acting_user, agency=agency,
               to_state=statement.status, data={"year": year, "quarter": quarter})
    return statement


def return_quarterly(statement: QuarterlyStatement, *, acting_user, comment: str) -> QuarterlyStatement:
    """The county returns a submitted quarterly statement (e.g. figures to be corrected in the registers)."""
    require(acting_user, Perm.REPORTS_SUPERVISE, statement.agency)
    comment = (comment or "").strip()
    if not comment:
        raise ReportError("退回时须填写意见。", field="comment", code="comment_required")
    with transaction.atomic():
        statement = QuarterlyStatement.objects.select_for_update().get(pk=statement.pk)
        if statement.status != QuarterlyStatement.Status.SUBMITTED:
            raise WrongState("只有已上报的季度统计表可以退回。")
        statement.status, statement.returned_comment = QuarterlyStatement.Status.RETURNED, comment[:MAX_COMMENT]
        statement.save(update_fields=["status", "returned_comment"])
        record(statement, "reports.quarterly.returned", actor=acting_user, agency=statement.agency,
               from_state=QuarterlyStatement.Status.SUBMITTED, to_state=statement.status, comment=comment)
    return statement

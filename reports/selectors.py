"""Reads of the reports app, tenant-scoped through agencies.access.

Contract used by the portal: `published_annual_reports(agency)` returns the agency's published annual reports,
newest first, each with `.year`, `.title`, `.published_on` and `.get_absolute_url()`.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from agencies.access import (
    Perm,
    agency_ids,
    get_agency_for,
    grants_for,
    has_perm,
    require,
    visible_agencies,
)
from agencies.models import Agency
from gongkai import clock
from gongkai.errors import NotFound, PermissionDenied

from . import sources
from .assembly import consolidated_document, document_for_report, preview_document, published_document
from .deadlines import DeadlineState, deadline_state, due_basis
from .document import ReportDocument
from .errors import ReportError, ReportNotFound
from .figures import REVIEW_KINDS, year_bounds
from .formats import get_format
from .formats.base import FIGURES, TABLE2, TABLE3, TABLE4, display_value
from .models import AnnualReport, QuarterlyStatement, ReportStatus
from .services import is_first_responsible, validate_year

# --- the portal ----------------------------------------------------------------------------------------------------

def published_annual_reports(agency: Agency) -> QuerySet[AnnualReport]:
    """The agency's published annual reports, newest first (its 政府信息公开年报 column). A report returned by the
    county after publication stays listed: its last published version is still the public record."""
    return (AnnualReport.objects.filter(agency=agency, published_on__isnull=False)
            .exclude(published_snapshot__isnull=True).select_related("agency").order_by("-year")
            .defer("published_snapshot"))


def public_report(agency_code: str, year: int) -> tuple[AnnualReport, ReportDocument]:
    """A published report as the public sees it (404 with a sentence otherwise)."""
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        raise NotFound(f"机关代码“{agency_code}”不存在。", code="agency_not_found")
    report = AnnualReport.objects.filter(agency=agency, year=year, published_on__isnull=False).select_related(
        "agency").first()
    if report is None or not report.published_snapshot:
        raise ReportNotFound(f"{agency.name}{year}年度政府信息公开工作年度报告尚未发布。")
    return report, published_document(report)


# --- the back office and the API -----------------------------------------------------------------------------------

def get_report_for(user, pk: int, perm: Perm = Perm.REPORTS_VIEW) -> AnnualReport:
    """Fetch a report and check `perm` in its agency in one step (404 if unknown, 403 if not allowed)."""
    report = AnnualReport.objects.select_related("agency").filter(pk=pk).first()
    if report is None:
        raise ReportNotFound("年度报告不存在。")
    require(user, perm, report.agency)
    return report


def get_report_by_code(user, agency_code: str, year: int, perm: Perm = Perm.REPORTS_VIEW) -> AnnualReport:
    """An agency's stored report for `year`, with `perm` checked in the agency (404 if none, 403 if not allowed)."""
    agency = get_agency_for(user, perm, agency_code)
    validate_year(agency, year)
    report = AnnualReport.objects.filter(agency=agency, year=year).select_related("agency").first()
    if report is None:
        raise ReportNotFound(f"{agency.name}{year}年度报告尚未生成。")
    return report


def report_document(report: AnnualReport) -> ReportDocument:
    return document_for_report(report)


def annual_report_for_api(user, agency_code: str, year: int) -> ReportDocument:
    """GET /api/v1/reports/annual/{code}/{year}/: staff with 查看统计与年报 in the agency get the stored report as it
    stands (or, before one is generated, the preview computed from the registers); everyone else the published
    version."""
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        raise NotFound(f"机关代码“{agency_code}”不存在。", code="agency_not_found")
    validate_year(agency, year)
    if has_perm(user, Perm.REPORTS_VIEW, agency):
        report = AnnualReport.objects.filter(agency=agency, year=year).select_related("agency").first()
        return document_for_report(report) if report else preview_document(agency, year)
    return public_report(agency_code, year)[1]


def stored_report_for_staff(user, agency_code: str, year: int) -> AnnualReport | None:
    """The stored report, for staff with 查看统计与年报 in the agency (the API adds its actions); else None."""
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None or not has_perm(user, Perm.REPORTS_VIEW, agency):
        return None
    return AnnualReport.objects.filter(agency=agency, year=year).select_related("agency").first()


def document_for_command(agency_code: str, year: int, *, published: bool = False) -> ReportDocument:
    """For `manage.py annual_report`: the stored report (or the published version), else a preview."""
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        raise NotFound(f"机关代码“{agency_code}”不存在。", code="agency_not_found")
    validate_year(agency, year)
    if published:
        return public_report(agency_code, year)[1]
    report = AnnualReport.objects.filter(agency=agency, year=year).select_related("agency").first()
    return document_for_report(report) if report else preview_document(agency, year)


def report_text(report: AnnualReport, key: str):
    """One part of the report's texts (404 if the report has no such part)."""
    part = report.texts.filter(key=key).first()
    if part is None:
        raise NotFound("报告中没有该部分。")
    return part


def report_comments(report: AnnualReport):
    return report.comments.select_related("author")


def reports_of_agency(user, agency: Agency) -> list[AnnualReport]:
    require(user, Perm.REPORTS_VIEW, agency)
    return list(AnnualReport.objects.filter(agency=agency).defer("published_snapshot").order_by("-year"))


def default_report_year(today: date | None = None) -> int:
    """The year whose report is being prepared: last year (reports are published early in the following year)."""
    return (today or clock.today()).year - 1


# --- drill-down -----------------------------------------------------------------------------------------------------

@dataclass
class Drilldown:
    kind: str  # "items" / "applications" / "cases" / "none"
    records: list
    note: str = ""


def cell_records(report: AnnualReport, table: str, row: str, column: str, *, limit: int = 500) -> Drilldown:
    """The records a computed cell counts (AR-2): catalogue items, applications or review cases."""
    fmt = get_format(report.format_version)
    spec = fmt.cell(table, row, column)
    if spec is None:
        raise ReportNotFound("报告中没有该数据项。")
    start, end = year_bounds(report.year)
    agency_id = report.agency_id
    if report.is_imported:
        return Drilldown("none", [], "该数据来自导入的往年年报（导入），不是本平台按登记记录统计的。")
    if spec.source != "computed":
        return Drilldown("none", [], "该数据项由人工填写，本平台没有对应的登记记录。")
    if table == TABLE2:
        return Drilldown("items", list(sources.document_drilldown(agency_id, start, end, row, column)[:limit]))
    if table == TABLE3:
        rows = fmt.table3_source_rows(row)
        records = _application_records(agency_id, start, end, rows, column, limit)
        if row == "carried_in" and not records and AnnualReport.objects.filter(
                agency_id=agency_id, year=report.year - 1, origin="imported").exists():
            return Drilldown("none", [], f"登记簿中没有上年结转的申请：本项取自导入的{report.year - 1}年度报告"
                                         f"（导入）“四、结转下年度继续办理”。")
        return Drilldown("applications", records)
    if table == TABLE4:
        results = ("upheld", "corrected", "other", "pending") if column == "total" else (column,)
        records = []
        for result in results:
            records.extend(sources.review_case_drilldown(agency_id, start, end, row, result)[:limit])
        return Drilldown("cases", records[:limit])
    if table == FIGURES:
        return _figure_records(agency_id, start, end, row, limit)
    return Drilldown("none", [])


def _application_records(agency_id, start, end, rows, column, limit) -> list:
    from applications import rules as app_rules

    records = []
    columns = [c for c in app_rules.COLUMNS if c != "total"] if column == "total" else [column]
    expanded = []
    for row in rows:
        expanded.extend(app_rules.OUTCOME_ROWS if row == "total" else (row,))
    for row in expanded:
        for col in columns:
            records.extend(sources.application_drilldown(agency_id, start, end, row, col)[:limit])
            if len(records) >= limit:
                return records[:limit]
    return records


def _figure_records(agency_id, start, end, row, limit) -> Drilldown:
    if row in ("items_published", "categories"):
        return Drilldown("items", list(sources.published_items_drilldown(agency_id, start, end)[:limit]))
    mapping = {
        "applications_received": (("received",),),
        "applications_carried_in": (("carried_in",),),
        "applications_granted": (("granted",),),
        "applications_partial": (("partial",),),
        "applications_withheld": (tuple(f"withheld_{i}" for i in range(1, 9)),),
        "applications_other": ((*(f"unable_{i}" for i in range(1, 4)), *(f"rejected_{i}" for i in range(1, 6)),
                                      *(f"other_{i}" for i in range(1, 4))),),
        "applications_pending": (("carried_out",),),
    }
    if row in mapping:
        return Drilldown("applications", _application_records(agency_id, start, end, mapping[row][0], "total", limit))
    if row in ("reconsideration", "litigation"):
        kinds = ("reconsideration",) if row == "reconsideration" else REVIEW_KINDS[1:]
        records = []
        for kind in kinds:
            for result in ("upheld", "corrected", "other", "pending"):
                records.extend(sources.review_case_drilldown(agency_id, start, end, kind, result)[:limit])
        return Drilldown("cases", records[:limit])
    return Drilldown("none", [], "该数据来自建议提案或收费登记，请在相应登记簿中查看。")


# --- the county's view ------------------------------------------------------------------------------------------------

@dataclass
class AgencyReportStatus:
    agency: Agency
    report: AnnualReport | None
    deadline: DeadlineState
    basis: str

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else "未生成"


def supervised_agencies(user) -> list[Agency]:
    return list(visible_agencies(user, Perm.REPORTS_SUPERVISE).filter(is_active=True))


def drafting_agencies(user) -> list[Agency]:
    """The active agencies where the person drafts annual reports (编制年报)."""
    return list(visible_agencies(user, Perm.REPORTS_EDIT).filter(is_active=True))


def viewable_agencies(user) -> list[Agency]:
    return list(visible_agencies(user, Perm.REPORTS_VIEW).filter(is_active=True))


def county_status(user, year: int, *, agencies: list[Agency] | None = None) -> list[AgencyReportStatus]:
    """Every agency the person supervises (or may view): its report's state for `year`, its due date, late/missing."""
    agencies = agencies if agencies is not None else viewable_agencies(user)
    reports = {r.agency_id: r for r in AnnualReport.objects.filter(agency__in=agencies, year=year)
               .defer("published_snapshot")}
    today = clock.today()
    out = []
    for agency in agencies:
        if agency.established_on and agency.established_on.year > year:
            continue
        report = reports.get(agency.pk)
        out.append(AgencyReportStatus(agency, report, deadline_state(agency, year, report.published_on if report
                                                                     else None, today), due_basis(agency, year)))
    return out


def deadline_counts(status: list[AgencyReportStatus]) -> dict:
    """How many agencies of a status board are due, published, published late and missing."""
    return {"total": len(status), "published": sum(1 for s in status if s.deadline.published),
            "late": sum(1 for s in status if s.deadline.late),
            "missing": sum(1 for s in status if s.deadline.missing)}


def returned_reports(user, limit: int = 10) -> list[AnnualReport]:
    """Reports sent back (by the 第一责任人 or the county) to an agency where the person drafts reports."""
    return list(AnnualReport.objects.filter(agency_id__in=agency_ids(user, Perm.REPORTS_EDIT),
                                            status=ReportStatus.RETURNED)
                .select_related("agency").defer("published_snapshot").order_by("-year", "agency__path")[:limit])


def county_root(user) -> Agency | None:
    """The topmost agency the person supervises (the county government for the 政务公开办)."""
    ids = agency_ids(user, Perm.REPORTS_SUPERVISE)
    if not ids:
        return None
    return Agency.objects.filter(pk__in=ids).order_by("path").first()


def consolidated(user, year: int) -> tuple[ReportDocument, dict, list[Agency]]:
    agencies = supervised_agencies(user)
    root = county_root(user)
    if root is None:
        raise PermissionDenied("只有县政务公开办可以查看全县汇总。")
    validate_year(root, year)  # year 1 once answered 500 (the year before it is out of the date range)
    agencies = [a for a in agencies if not (a.established_on and a.established_on.year > year)]
    doc, origin = consolidated_document(root, agencies, year)
    return doc, origin, agencies


@dataclass
class CountyCellRow:
    agency: Agency
    value: int
    display: str
    source: str  # "report" / "registers"
    report_id: int | None


def county_cell(user, year: int, table: str, row: str, column: str):
    """One cell of the county's consolidated tables, broken down by agency (each row links on to that agency's
    report cell and its records)."""
    doc, origin, agencies = consolidated(user, year)
    spec = doc.fmt.cell(table, row, column)
    if spec is None:
        raise ReportNotFound("汇总表中没有该数据项。")
    reports = {r.agency_id: r.pk for r in AnnualReport.objects.filter(agency__in=agencies, year=year).only(
        "pk", "agency_id")}
    rows = []
    for agency in agencies:
        value = int(doc.parts[agency.pk].get(spec.address, 0))
        rows.append(CountyCellRow(agency, value, display_value(value, spec.unit), origin[agency.pk],
                                  reports.get(agency.pk)))
    return doc, spec, rows


@dataclass
class ComparisonRow:
    agency: Agency
    items_published: int
    items_late: int
    applications_received: int
    replied_on_time: int
    overdue: int
    report_label: str
    report_on_time: bool | None
    corrected: int


def comparison(user, year: int, agencies: list[Agency] | None = None) -> list[ComparisonRow]:
    """Per agency: items published, applications received, replies on time, overdue, report on time, 复议/诉讼
    corrected. A fixed number of queries for any number of agencies."""
    agencies = agencies if agencies is not None else supervised_agencies(user)
    ids = [a.pk for a in agencies]
    start, end = year_bounds(year)
    published = sources.published_by_category(start, end, ids)
    received = sources.received_counts(start, end, ids)
    ops = sources.operational_stats(start, end, ids)
    reviews = sources.review_case_counts(start, end, ids)
    status = {s.agency.pk: s for s in county_status(user, year, agencies=agencies)}
    rows = []
    for agency in agencies:
        cats = published.get(agency.pk, [])
        op = ops.get(agency.pk, {}) or {}
        st = status.get(agency.pk)
        rows.append(ComparisonRow(
            agency=agency, items_published=sum(c.published for c in cats), items_late=sum(c.late for c in cats),
            applications_received=sum(n for (a, _c), n in received.items() if a == agency.pk),
            replied_on_time=op.get("replied_on_time", 0), overdue=op.get("overdue", 0),
            report_label=st.deadline.label if st else "—",
            report_on_time=(st.deadline.published and not st.deadline.late) if st and st.deadline.published else
            (False if st and st.deadline.missing else None),
            corrected=sum(n for (a, _k, r), n in reviews.items() if a == agency.pk and r == "corrected")))
    return rows


# --- charts (the dashboard) -----------------------------------------------------------------------------------------

def dashboard_charts(user, year: int, agencies: list[Agency]) -> dict:
    """The data behind the dashboard's charts, for the agencies the person may see; each chart also renders as a
    table without JavaScript."""
    ids = [a.pk for a in agencies]
    start, end = year_bounds(year)
    months = list(range(1, 13))
    by_month = sources.published_by_month(start, end, ids)
    publications = [sum(by_month.get(a, {}).get(m, 0) for a in ids) for m in months]
    applications = []
    for m in months:
        m_start = date(year, m, 1)
        m_end = date(year, m + 1, 1) if m < 12 else date(year + 1, 1, 1)
        counts = sources.received_counts(m_start, date.fromordinal(m_end.toordinal() - 1), ids)
        applications.append(sum(counts.values()))
    ops = sources.operational_stats(start, end, ids)
    distribution: dict[str, int] = {}
    for op in ops.values():
        for bucket, n in op["reply_time_distribution"].items():
            distribution[bucket] = distribution.get(bucket, 0) + n
    concluded = sources.concluded_counts(start, end, ids)
    outcome_groups = [("予以公开", ("granted",)), ("部分公开", ("partial",)), ("不予公开", ("withheld_",)),
                      ("无法提供", ("unable_",)), ("不予处理", ("rejected_",)), ("其他处理", ("other_",))]
    outcomes = []
    for label, prefixes in outcome_groups:
        outcomes.append({"name": label, "value": sum(n for (_a, _c, row), n in concluded.items()
                                                      if any(row.startswith(p) for p in prefixes))})
    return {
        "year": year,
        "months": [f"{m}月" for m in months],
        "publications": publications,
        "applications": applications,
        "reply_time": {"buckets": list(distribution.keys()), "values": list(distribution.values())},
        "reply_time_rows": list(distribution.items()),
        "monthly_rows": [(f"{m}月", publications[m - 1], applications[m - 1]) for m in months],
        "outcomes": outcomes,
    }


# --- quarterly ------------------------------------------------------------------------------------------------------

def quarterly_board(user, year: int, quarter: int, agencies: list[Agency]) -> list[tuple[Agency, QuarterlyStatement | None]]:
    statements = {s.agency_id: s for s in QuarterlyStatement.objects.filter(agency__in=agencies, year=year,
                                                                           quarter=quarter)}
    return [(a, statements.get(a.pk)) for a in agencies]


def quarterly_for_api(user, agency_code: str, year: int, quarter: int):
    """GET /api/v1/reports/quarterly/{code}/{year}/{quarter}/: the quarter's figures computed now (403/404 inside)."""
    from .quarterly import quarterly_statistics

    agency = get_agency_for(user, Perm.REPORTS_VIEW, agency_code)
    if quarter not in (1, 2, 3, 4):
        raise ReportError("季度应为1至4。", field="quarter", code="quarter_invalid")
    validate_year(agency, year)
    return quarterly_statistics([agency], year, quarter)[agency.pk]


def get_quarterly_for(user, pk: int, perm: Perm = Perm.REPORTS_VIEW) -> QuarterlyStatement:
    statement = QuarterlyStatement.objects.select_related("agency", "submitted_by").filter(pk=pk).first()
    if statement is None:
        raise ReportNotFound("季度统计表不存在。")
    require(user, perm, statement.agency)
    return statement


def awaiting_approval(user) -> list[AnnualReport]:
    """Reports waiting for this person as their agency's 第一责任人."""
    ids = [agency_id for agency_id in grants_for(user).roles_by_agency if is_first_responsible(user, agency_id)]
    return list(AnnualReport.objects.filter(agency_id__in=ids, status=ReportStatus.SUBMITTED)
                .select_related("agency").defer("published_snapshot").order_by("-year"))


def existing_report(agency: Agency, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(agency=agency, year=year).only("pk").first()


def imported_reports(user, agency: Agency) -> list[AnnualReport]:
    """The agency's imported earlier reports (reports.past), newest first."""
    require(user, Perm.REPORTS_VIEW, agency)
    return list(AnnualReport.objects.filter(agency=agency, origin="imported").select_related("created_by")
                .defer("published_snapshot").order_by("-year"))

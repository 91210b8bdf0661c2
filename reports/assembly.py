"""Building ReportDocuments: from a stored report (its cell and text rows), as a preview computed on the fly, or as
the county's consolidation of many agencies. Reads only; a bounded number of queries each.
"""

from django.db.models import Prefetch

from agencies.models import Agency
from gongkai import clock

from .checks import CheckContext, run_checks, text_check
from .deadlines import deadline_state
from .document import DocCell, ReportDocument
from .drafting import draft_texts
from .figures import compute, consolidate
from .formats import format_for_year, get_format
from .formats.base import Source
from .models import AnnualReport, ReportCell


def previous_context(agency: Agency, year: int, fmt_version: str) -> CheckContext:
    """The previous year's stored report, when its format carries the cells a cross-year rule compares."""
    previous = AnnualReport.objects.filter(agency=agency, year=year - 1).only("pk", "format_version", "origin").first()
    ctx = CheckContext(agency_kind=agency.kind)
    if previous is None or not get_format(previous.format_version).has_tables or not get_format(fmt_version).has_tables:
        return ctx
    values = {(c.table, c.row, c.column): c.value for c in ReportCell.objects.filter(report=previous)}
    # one report per agency and year: an imported one exists only where the platform has no report of its own
    ctx.previous_source = f"{year - 1}年度报告" + ("（导入）" if previous.is_imported else "")
    if previous.format_version == fmt_version:
        ctx.previous = values
    else:
        # 2020 (trial) → 2021: 结转 rows exist in both, 现行有效件数 does not: compare table 三 only
        ctx.previous = {a: v for a, v in values.items() if a[0] == "table3"}
        ctx.previous_partial = True
    return ctx


def _run_checks(doc: ReportDocument, ctx: CheckContext) -> None:
    results = run_checks(doc.fmt, doc.values(), ctx)
    if ctx.previous_partial:
        for r in results:
            if r.rule == "T2-2":
                r.failures, r.note = [], "上一年度报告为试行格式，没有“现行有效件数”，未核对。"
    results.append(text_check(doc.fmt, doc.texts, short_name=doc.short_name, year=doc.year))
    doc.checks = results


def document_for_report(report: AnnualReport, *, with_checks: bool = True) -> ReportDocument:
    """The stored report as a document (its cells as they stand, overrides included)."""
    fmt = get_format(report.format_version)
    specs = fmt.cell_map()
    agency = report.agency
    cells = {}
    for c in report.cells.all():
        spec = specs.get((c.table, c.row, c.column))
        if spec is None:
            continue
        cells[spec.address] = DocCell(c.table, c.row, c.column, value=c.value, unit=spec.unit, source=spec.source,
                                      computed=c.computed_value, overridden=c.is_overridden,
                                      reason=c.override_reason if c.is_overridden else "", label=spec.label)
    for spec in fmt.cells():  # a cell added to a format after the report was made shows as 0
        cells.setdefault(spec.address, DocCell(*spec.address, value=0, unit=spec.unit, source=spec.source,
                                               label=spec.label))
    texts = {t.key: t.text for t in report.texts.all()}
    state = deadline_state(agency, report.year, report.published_on, clock.today())
    doc = ReportDocument(
        fmt=fmt, agency_code=agency.code, agency_name=agency.name, short_name=agency.short_name or agency.name,
        agency_kind=agency.kind, year=report.year, title=report.title, cells=cells, texts=texts,
        status=report.status, status_label=report.get_status_display(), published_on=report.published_on,
        revised_on=report.revised_on, revision=report.revision, due_date=state.due, deadline_label=state.label,
        deadline_badge=state.badge, computed_at=report.computed_at.isoformat() if report.computed_at else "", report_id=report.pk,
        origin=report.origin)
    if with_checks:
        _run_checks(doc, previous_context(agency, report.year, fmt.version))
    return doc


def published_document(report: AnnualReport) -> ReportDocument | None:
    """What the portal shows: the snapshot taken when the report was (last) published."""
    if not report.published_snapshot:
        return None
    return ReportDocument.from_json(report.published_snapshot)


def draft_for(agency: Agency, year: int, fmt, computed) -> dict:
    from agencies.selectors import site_settings

    return draft_texts(fmt, values=computed.values, facts=computed.facts, agency_name=agency.name,
                       short_name=agency.short_name or agency.name, kind=agency.kind,
                       site_name=site_settings().site_name, office_name=agency.office_name,
                       office_phone=agency.office_phone, office_address=agency.office_address)


def preview_document(agency: Agency, year: int) -> ReportDocument:
    """The report as the registers give it today, without storing anything (entered cells are 0)."""
    fmt = format_for_year(year)
    computed = compute(fmt, [agency.pk], year)[agency.pk]
    cells = {spec.address: DocCell(*spec.address, value=computed.values.get(spec.address, 0), unit=spec.unit,
                                   source=spec.source,
                                   computed=computed.values.get(spec.address) if spec.source == Source.COMPUTED
                                   else None, label=spec.label)
             for spec in fmt.cells()}
    state = deadline_state(agency, year, None, clock.today())
    doc = ReportDocument(
        fmt=fmt, agency_code=agency.code, agency_name=agency.name, short_name=agency.short_name or agency.name,
        agency_kind=agency.kind, year=year,
        title=fmt.report_title(agency_name=agency.name, short_name=agency.short_name or agency.name, year=year),
        cells=cells, texts=draft_for(agency, year, fmt, computed), status="preview", status_label="未生成（预览）",
        due_date=state.due, deadline_label=state.label, deadline_badge=state.badge,
        computed_at=clock.now().isoformat(), preview=True)
    _run_checks(doc, previous_context(agency, year, fmt.version))
    return doc


def consolidated_document(county: Agency, agencies: list[Agency], year: int) -> tuple[ReportDocument, dict]:
    """The county's consolidated tables for `year`: for each agency its stored report's cells (as reported, overrides
    and entered values included) or, where it has none yet, the figures computed from the registers; summed.

    Returns the document and, per agency id, where its figures came from ("report" or "registers")."""
    fmt = format_for_year(year)
    ids = [a.pk for a in agencies]
    reports = {r.agency_id: r for r in AnnualReport.objects.filter(agency_id__in=ids, year=year).prefetch_related(
        Prefetch("cells", queryset=ReportCell.objects.only("report_id", "table", "row", "column", "value")))}
    missing = [pk for pk in ids if pk not in reports]
    computed = compute(fmt, missing, year, with_facts=False) if missing else {}
    parts, origin = {}, {}
    for pk in ids:
        if pk in reports:
            parts[pk] = {(c.table, c.row, c.column): c.value for c in reports[pk].cells.all()}
            origin[pk] = "report"
        else:
            parts[pk] = computed[pk].values
            origin[pk] = "registers"
    total = consolidate(list(parts.values()))
    cells = {spec.address: DocCell(*spec.address, value=total.get(spec.address, 0), unit=spec.unit,
                                   source=spec.source, label=spec.label) for spec in fmt.cells()}
    doc = ReportDocument(
        fmt=fmt, agency_code=county.code, agency_name=county.name, short_name=county.short_name or county.name,
        agency_kind=county.kind, year=year, title=f"{county.short_name or county.name}{year}年政府信息公开工作统计汇总",
        cells=cells, texts={}, status="consolidated", status_label="汇总", preview=True, parts=parts)
    doc.checks = run_checks(fmt, doc.values(), CheckContext())
    return doc, origin

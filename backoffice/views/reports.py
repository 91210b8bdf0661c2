"""Back-office pages of statistics and annual reports: the dashboard (with charts), a report with its checks,
drill-down, overrides, texts and workflow actions, the county's view over all agencies, and quarterly statistics.

Views are thin: they parse, fetch-and-authorise through reports.selectors, call one service, and turn a DomainError
into a message and a 4xx re-render (never a 500, never losing what was typed)."""

import base64
import binascii
import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from agencies.access import Perm, agency_for_page, has_perm, has_perm_anywhere
from agencies.models import Agency
from audit.selectors import events_for
from backoffice.views.common import page_agency_code, report_error
from gongkai import clock
from gongkai.errors import DomainError, NotFound, PermissionDenied
from reports import past, selectors, services
from reports.drafting import has_placeholder
from reports.formats import FIRST_REPORT_YEAR, format_for_year
from reports.formats.base import Source, Unit
from reports.models import ImportSource
from reports.quarterly import QUARTER_LABELS, QuarterlyStats, quarter_of, quarterly_statistics
from reports.renderers import CONTENT_TYPES, filename, render_html
from reports.renderers import render as render_document
from reports.renderers.quarterly import render_quarterly_board_xlsx, render_quarterly_xlsx

# --- forms ------------------------------------------------------------------------------------------------------------

class GenerateForm(forms.Form):
    year = forms.IntegerField(label="报告年度", min_value=FIRST_REPORT_YEAR, max_value=2100, error_messages={
        "invalid": "报告年度应为四位数字的年份。", "required": "请填写报告年度。",
        "min_value": f"《中华人民共和国政府信息公开条例》自2008年5月1日起施行，报告年度不能早于{FIRST_REPORT_YEAR}年。",
        "max_value": "报告年度不正确。"})


class CellForm(forms.Form):
    value = forms.CharField(label="数值", max_length=30)
    reason = forms.CharField(label="调整理由", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="调整系统统计值必须说明理由，理由将在报告中标注。")


class TextForm(forms.Form):
    text = forms.CharField(label="内容", required=False, max_length=services.MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 14}),
                           help_text="每段一行。【待填写：…】处须改写为实际情况后方可提交审定。")


class CommentForm(forms.Form):
    comment = forms.CharField(label="意见", required=False, max_length=services.MAX_COMMENT,
                              widget=forms.Textarea(attrs={"rows": 3}))


def _year(request, default: int) -> int:
    try:
        year = int(request.GET.get("year") or default)
    except ValueError:
        return default
    return _within_reach(year)


def _within_reach(year: int) -> int:
    """A year a page can show: from the first report year to this year."""
    return min(max(year, FIRST_REPORT_YEAR), clock.today().year)


def _agency(request, perm: Perm) -> Agency:
    return agency_for_page(request.user, perm, page_agency_code(request), denied="您没有访问统计与年报的权限。")


def _optional_reverse(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# --- the dashboard ----------------------------------------------------------------------------------------------------

def _dashboard(request, agency: Agency, year: int, generate_form: GenerateForm | None = None, status: int = 200):
    user = request.user
    supervising = selectors.supervised_agencies(user)
    scope = supervising if supervising else [agency]
    return render(request, "backoffice/reports/dashboard.html", {
        "agency": agency, "year": year, "agencies": selectors.viewable_agencies(user),
        "reports": selectors.reports_of_agency(user, agency),
        "status": selectors.county_status(user, year, agencies=[agency]),
        "can_generate": has_perm(user, Perm.REPORTS_EDIT, agency),
        "generate_form": generate_form or GenerateForm(initial={"year": year}),
        "supervising": bool(supervising), "chart_scope": "全县" if supervising else agency.name,
        "charts": selectors.dashboard_charts(user, year, scope),
        "awaiting": selectors.awaiting_approval(user),
        "years": list(range(clock.today().year, FIRST_REPORT_YEAR - 1, -1)),
    }, status=status)


@login_required
def dashboard(request):
    agency = _agency(request, Perm.REPORTS_VIEW)
    return _dashboard(request, agency, _year(request, selectors.default_report_year()))


@login_required
@require_POST
def generate(request):
    agency = _agency(request, Perm.REPORTS_EDIT)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return _dashboard(request, agency, selectors.default_report_year(), form, status=400)
    year = form.cleaned_data["year"]
    try:
        report = services.generate_report(agency, year, acting_user=request.user)
    except DomainError as e:  # the year typed stays in the form; an existing report is listed on the page
        messages.error(request, e.message)
        return _dashboard(request, agency, _within_reach(year), form, status=e.status)
    messages.success(request, f"已生成{report.title}，请核对数据并完善文字部分。")
    return redirect("backoffice:report", report.pk)


# --- one report -------------------------------------------------------------------------------------------------------

def _detail_context(request, report, **extra) -> dict:
    user = request.user
    doc = selectors.report_document(report)
    available = {t.name for t in report.workflow.available_actions(report, user, clock.today())}
    can = {name: name in available for name in ("edit", "approve", "publish", "county_return")}
    entered = [c for c in doc.cells.values() if c.source == Source.ENTERED]
    return {
        "report": report, "doc": doc, "can": can, "entered": entered,
        "document_html": render_html(doc, cell_links=True, request=request),
        "comments": selectors.report_comments(report), "events": events_for(report),
        "comment_form": extra.pop("comment_form", CommentForm()),
        "public_url": report.get_absolute_url() if report.is_public else "",
        "text_parts": [(s, p, has_placeholder(p["text"])) for s in doc.sections() for p in s["parts"]],
        "downloads": ["pdf", "docx", "xlsx", "json"],
        **extra,
    }


@login_required
def detail(request, pk: int):
    report = selectors.get_report_for(request.user, pk)
    return render(request, "backoffice/reports/detail.html", _detail_context(request, report))


ACTIONS = {
    "refresh": (lambda r, u, c: services.refresh_report(r, acting_user=u), "已按登记数据重新统计。"),
    "redraft": (lambda r, u, c: services.refresh_report(r, acting_user=u, redraft_texts=True),
                "已重新统计数据并重新草拟全部文字部分。"),
    "submit": (lambda r, u, c: services.submit_report(r, acting_user=u), "已提交第一责任人审定。"),
    "approve": (lambda r, u, c: services.approve_report(r, acting_user=u, comment=c), "已审定，可以发布。"),
    "return": (lambda r, u, c: services.return_report(r, acting_user=u, comment=c), "已退回信息公开办修改。"),
    "publish": (lambda r, u, c: services.publish_report(r, acting_user=u), "已在政府信息公开年报栏目发布。"),
    "county_return": (lambda r, u, c: services.county_return_report(r, acting_user=u, comment=c),
                      "已退回该单位修改。"),
}


@login_required
@require_POST
def action(request, pk: int, name: str):
    report = selectors.get_report_for(request.user, pk)
    if name not in ACTIONS:
        raise NotFound("没有该操作。")
    form = CommentForm(request.POST)
    comment = form.data.get("comment", "")
    fn, done = ACTIONS[name]
    try:
        fn(report, request.user, comment)
    except DomainError as e:
        messages.error(request, e.message)
        report.refresh_from_db()
        return render(request, "backoffice/reports/detail.html",
                      _detail_context(request, report, comment_form=form), status=e.status)
    messages.success(request, done)
    return redirect("backoffice:report", report.pk)


@login_required
def cell(request, pk: int, table: str, row: str, column: str):
    report = selectors.get_report_for(request.user, pk)
    doc = selectors.report_document(report)
    spec = doc.fmt.cell(table, row, column)
    if spec is None:
        raise NotFound("报告中没有该数据项。")
    current = doc.cell(table, row, column)
    editable = report.workflow.can(request.user, report, "edit")
    status = 200
    form = CellForm(initial={"value": current.display, "reason": current.reason})
    if request.method == "POST":
        form = CellForm(request.POST)
        if form.is_valid():
            try:
                services.set_cell_value(report, table, row, column, form.cleaned_data["value"],
                                        reason=form.cleaned_data["reason"], acting_user=request.user)
            except DomainError as e:
                status = e.status
                if e.field in form.fields:
                    form.add_error(e.field, e.message)
                else:
                    messages.error(request, e.message)
            else:
                messages.success(request, f"已保存“{spec.label}”。")
                return redirect(reverse("backoffice:report", args=[report.pk]) + f"#cell-{current.slug}")
        else:
            status = 400
    drill = selectors.cell_records(report, table, row, column)
    rows = [_describe(r, drill.kind) for r in drill.records]
    unit = {Unit.MONEY: "万元", Unit.MONEY_YUAN: "元", Unit.SIGNED: "（可为负数）"}.get(spec.unit, "")
    return render(request, "backoffice/reports/cell.html", {
        "report": report, "doc": doc, "spec": spec, "cell": current, "form": form, "editable": editable,
        "drill": drill, "rows": rows, "unit": unit, "entered": spec.source == Source.ENTERED,
        "failing": [f for c in doc.checks for f in c.failures if (table, row, column) in f.cells],
    }, status=status)


def _describe(record, kind: str) -> dict:
    """One record behind a number, for the drill-down list: what it is, its dates, a link where there is a page."""
    if kind == "items":
        return {"title": record.title, "url": _optional_reverse("backoffice:item", record.pk),
                "fields": [("索引号", record.index_no or "—"), ("栏目", record.category.name),
                           ("生成日期", record.formed_on), ("发布日期", record.published_on),
                           ("有效性", record.get_validity_display())]}
    if kind == "applications":
        fields = []
        for attr, label in (("number", "申请编号"), ("get_applicant_type_display", "申请人类型"),
                            ("received_on", "收到申请日期"), ("concluded_on", "办结日期"), ("replied_on", "答复日期"),
                            ("reply_code", "答复类型"), ("get_status_display", "状态")):
            value = getattr(record, attr, None)
            value = value() if callable(value) else value
            if value not in (None, ""):
                fields.append((label, value))
        return {"title": getattr(record, "number", "") or str(record),
                "url": _optional_reverse("backoffice:application", getattr(record, "pk", 0)) if getattr(record, "pk", None)
                else "", "fields": fields}
    if kind == "cases":
        fields = []
        for attr, label in (("number", "编号"), ("get_kind_display", "类型"), ("filed_on", "立案（申请）日期"),
                            ("get_result_display", "结果"), ("closed_on", "审结日期")):
            value = getattr(record, attr, None)
            value = value() if callable(value) else value
            if value not in (None, ""):
                fields.append((label, value))
        return {"title": getattr(record, "title", "") or getattr(record, "number", "") or str(record),
                "url": _optional_reverse("backoffice:review_case", getattr(record, "pk", 0)) if getattr(record, "pk", None)
                else "", "fields": fields}
    return {"title": str(record), "url": "", "fields": []}


@login_required
def text(request, pk: int, key: str):
    report = selectors.get_report_for(request.user, pk)
    part = selectors.report_text(report, key)
    doc = selectors.report_document(report)
    heading = next((f"{s['title']}{p['heading']}" for s in doc.sections() for p in s["parts"] if p["key"] == key), key)
    editable = report.workflow.can(request.user, report, "edit")
    form = TextForm(initial={"text": part.text})
    status = 200
    if request.method == "POST":
        form = TextForm(request.POST)
        if form.is_valid():
            try:
                services.update_text(report, key, form.cleaned_data["text"], acting_user=request.user)
            except DomainError as e:
                status = e.status
                messages.error(request, e.message)
            else:
                messages.success(request, f"已保存“{heading}”。")
                return redirect(reverse("backoffice:report", args=[report.pk]) + f"#part-{key}")
        else:
            status = 400
    return render(request, "backoffice/reports/text.html", {
        "report": report, "part": part, "heading": heading, "form": form, "editable": editable}, status=status)


@login_required
def download(request, pk: int, fmt: str):
    report = selectors.get_report_for(request.user, pk)
    if fmt not in CONTENT_TYPES:
        raise NotFound("不支持该下载格式。")
    doc = selectors.report_document(report)
    return _file(render_document(doc, fmt), fmt, filename(doc, fmt))


def _file(data: bytes, fmt: str, name: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt in ("pdf", "html", "json") else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}"
    return response


# --- the county -------------------------------------------------------------------------------------------------------

@login_required
def county(request):
    user = request.user
    if not has_perm_anywhere(user, Perm.REPORTS_SUPERVISE):
        raise PermissionDenied("只有县政务公开办可以查看全县年报情况。")
    year = _year(request, selectors.default_report_year())
    doc, origin, agencies = selectors.consolidated(user, year)
    if request.GET.get("download") == "xlsx":
        return _file(render_document(doc, "xlsx"), "xlsx", f"{doc.title}.xlsx")
    status = selectors.county_status(user, year, agencies=agencies)
    return render(request, "backoffice/reports/county.html", {
        "year": year, "doc": doc, "origin": origin, "status": status,
        "document_html": render_html(doc, county_year=year, request=request),
        "comparison": selectors.comparison(user, year, agencies),
        "charts": selectors.dashboard_charts(user, year, agencies),
        "counts": selectors.deadline_counts(status),
        "from_registers": [a for a in agencies if origin.get(a.pk) == "registers"],
        "years": list(range(clock.today().year, FIRST_REPORT_YEAR - 1, -1)),
    })


@login_required
def county_cell(request, year: int, table: str, row: str, column: str):
    if not has_perm_anywhere(request.user, Perm.REPORTS_SUPERVISE):
        raise PermissionDenied("只有县政务公开办可以查看全县汇总。")
    doc, spec, rows = selectors.county_cell(request.user, year, table, row, column)
    return render(request, "backoffice/reports/county_cell.html", {
        "year": year, "spec": spec, "rows": rows, "total": doc.cell(table, row, column)})


# --- quarterly ----------------------------------------------------------------------------------------------------------

def _quarter(request) -> tuple[int, int]:
    today = clock.today()
    previous = quarter_of(today) - 1 or 4
    default_year = today.year if previous != 4 else today.year - 1
    year = _year(request, default_year)
    try:
        quarter = int(request.GET.get("quarter") or previous)
    except ValueError:
        quarter = previous
    return year, quarter if quarter in (1, 2, 3, 4) else previous


def _quarterly(request, agency: Agency, year: int, quarter: int, *, note: str = "", status: int = 200):
    stats = quarterly_statistics([agency], year, quarter)[agency.pk]
    statement = selectors.quarterly_board(request.user, year, quarter, [agency])[0][1]
    if request.GET.get("download") == "xlsx":
        return _file(render_quarterly_xlsx(stats), "xlsx", f"{stats.title}.xlsx")
    return render(request, "backoffice/reports/quarterly.html", {
        "agency": agency, "agencies": selectors.viewable_agencies(request.user), "year": year, "quarter": quarter,
        "quarter_label": QUARTER_LABELS[quarter], "stats": stats, "statement": statement, "note": note,
        "submitted": QuarterlyStats.from_json(statement.snapshot) if statement else None,
        "can_submit": has_perm(request.user, Perm.REPORTS_EDIT, agency),
        "supervising": has_perm_anywhere(request.user, Perm.REPORTS_SUPERVISE),
        "years": list(range(clock.today().year, FIRST_REPORT_YEAR - 1, -1)), "quarters": QUARTER_LABELS,
    }, status=status)


@login_required
def quarterly(request):
    agency = _agency(request, Perm.REPORTS_VIEW)
    year, quarter = _quarter(request)
    return _quarterly(request, agency, year, quarter)


@login_required
@require_POST
def quarterly_submit(request):
    agency = _agency(request, Perm.REPORTS_EDIT)
    note = request.POST.get("note", "")
    try:
        year, quarter = int(request.POST.get("year", "")), int(request.POST.get("quarter", ""))
    except ValueError:
        messages.error(request, "年度和季度格式不正确。")
        return _quarterly(request, agency, *_quarter(request), note=note, status=400)
    try:
        services.submit_quarterly(agency, year, quarter, acting_user=request.user, note=note)
    except DomainError as e:
        messages.error(request, e.message)
        shown = (_within_reach(year), quarter) if quarter in QUARTER_LABELS else _quarter(request)
        return _quarterly(request, agency, *shown, note=note, status=e.status)
    messages.success(request, f"已向县政务公开办上报{year}年{QUARTER_LABELS[quarter]}统计表。")
    return redirect(f"{reverse('backoffice:reports_quarterly')}?agency={agency.code}&year={year}&quarter={quarter}")


@login_required
def quarterly_county(request):
    agencies = selectors.supervised_agencies(request.user)
    if not agencies:
        raise PermissionDenied("只有县政务公开办可以查看各单位季度统计表上报情况。")
    year, quarter = _quarter(request)
    board = selectors.quarterly_board(request.user, year, quarter, agencies)
    if request.GET.get("download") == "xlsx":
        stats = quarterly_statistics(agencies, year, quarter)
        data = render_quarterly_board_xlsx(year, quarter, board, stats)
        return _file(data, "xlsx", f"{year}年{QUARTER_LABELS[quarter]}各单位政府信息公开统计汇总.xlsx")
    return render(request, "backoffice/reports/quarterly_county.html", {
        "year": year, "quarter": quarter, "quarter_label": QUARTER_LABELS[quarter], "board": board,
        "submitted": sum(1 for _, s in board if s and s.status == "submitted"),
        "years": list(range(clock.today().year, FIRST_REPORT_YEAR - 1, -1)), "quarters": QUARTER_LABELS,
    })


@login_required
def quarterly_statement(request, pk: int):
    statement = selectors.get_quarterly_for(request.user, pk)
    form = CommentForm()
    status = 200
    if request.method == "POST":
        form = CommentForm(request.POST)
        try:
            services.return_quarterly(statement, acting_user=request.user, comment=form.data.get("comment", ""))
        except DomainError as e:
            status = e.status
            messages.error(request, e.message)
        else:
            messages.success(request, "已退回该单位。")
            return redirect("backoffice:reports_quarterly_statement", statement.pk)
    if request.GET.get("download") == "xlsx":
        stats = QuarterlyStats.from_json(statement.snapshot)
        return _file(render_quarterly_xlsx(stats), "xlsx", f"{stats.title}.xlsx")
    return render(request, "backoffice/reports/quarterly_statement.html", {
        "statement": statement, "stats": QuarterlyStats.from_json(statement.snapshot), "form": form,
        "can_return": statement.status == "submitted" and has_perm(request.user, Perm.REPORTS_SUPERVISE,
                                                                    statement.agency)}, status=status)


# --- past annual reports (导入往年年报) ------------------------------------------------------------------------------

class PastImportForm(forms.Form):
    year = forms.IntegerField(label="报告年度", min_value=FIRST_REPORT_YEAR, max_value=2100, error_messages={
        "invalid": "报告年度应为四位数字的年份。", "required": "请填写报告年度。",
        "min_value": f"《中华人民共和国政府信息公开条例》自2008年5月1日起施行，报告年度不能早于{FIRST_REPORT_YEAR}年。",
        "max_value": "报告年度不正确。"})
    file = forms.FileField(label="年报文件", required=False,
                           help_text="本平台导出的Excel（.xlsx）或Word（.docx），按官方格式填写的表格或年报文档，"
                                     "或本平台接口返回的JSON（.json）。")
    published_on = forms.DateField(label="原发布日期（可选）", required=False,
                                   error_messages={"invalid": "原发布日期应为“2024-01-31”这样的日期。"},
                                   help_text="填写后，该报告将在门户网站本机关的年度报告中列出，并标注“导入”。")
    replace = forms.BooleanField(label="替换已导入的该年度报告", required=False)


def _past_source(request, form) -> past.PastReportFile:
    """The file being imported: the upload (first step), or the same file carried by the preview page (confirm)."""
    if request.POST.get("entry"):  # typed into the grid
        fmt = format_for_year(form.cleaned_data["year"])
        typed = {key: request.POST.get(key, "")[:30] for key in ("/".join(c.address) for c in fmt.cells())}
        return past.PastReportFile(ImportSource.FORM, "", json.dumps(typed, ensure_ascii=False).encode())
    upload = form.cleaned_data.get("file")
    if upload is not None:
        name = upload.name.lower()
        kind = ImportSource.JSON if name.endswith(".json") else ImportSource.DOCX if name.endswith(".docx") \
            else ImportSource.XLSX
        return past.PastReportFile(kind, upload.name, upload.read(past.MAX_FILE_BYTES + 1))
    encoded = request.POST.get("content", "")
    kind = request.POST.get("kind", "")
    if not encoded or kind not in ImportSource.values:
        raise past.PastReportRefused("请选择要导入的年报文件。", field="file", code="past_report_no_file")
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise past.PastReportRefused("文件内容已损坏，请重新上传。", field="file", code="past_report_no_file") from None
    return past.PastReportFile(kind, request.POST.get("filename", "")[:255], content)


@login_required
def past_import(request):
    """Upload an earlier year's report, see the tables as read, confirm: the import is then recorded (audited)."""
    agency = _agency(request, Perm.REPORTS_EDIT)
    context = {"agency": agency, "agencies": selectors.drafting_agencies(request.user),
               "imported": selectors.imported_reports(request.user, agency)}
    if request.method != "POST":
        form = PastImportForm(request.GET if "entry" in request.GET else None)
        if form.is_bound and form.is_valid():  # the grid to type a report into, for the year asked
            try:
                past.validate_past_year(agency, form.cleaned_data["year"])
            except DomainError as e:
                return render(request, "backoffice/reports/past_import.html", {"form": form, **context},
                              status=report_error(request, e, form))
            context["entry"] = past.entry_grid(format_for_year(form.cleaned_data["year"]))
        return render(request, "backoffice/reports/past_import.html", {"form": form, **context},
                      status=400 if form.is_bound and not form.is_valid() else 200)
    form = PastImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "backoffice/reports/past_import.html", {"form": form, **context}, status=400)
    data = form.cleaned_data
    if request.POST.get("entry"):
        context["entry"] = past.entry_grid(format_for_year(data["year"]), request.POST)
    try:
        source = _past_source(request, form)
        if request.POST.get("confirm"):
            report = past.import_past_report(agency, data["year"], source, acting_user=request.user,
                                             published_on=data["published_on"], replace=data["replace"])
            messages.success(request, f"已导入{report.title}（导入）。")
            return redirect("backoffice:report", report.pk)
        parsed = past.parse_past_report(agency, data["year"], source)
        context.pop("entry", None)
    except DomainError as e:
        status = report_error(request, e, form)
        return render(request, "backoffice/reports/past_import.html", {"form": form, **context}, status=status)
    doc = past.preview_document(agency, data["year"], parsed)
    return render(request, "backoffice/reports/past_import.html", {
        "form": form, **context, "preview": doc, "document_html": render_html(doc, request=request),
        "blanks": parsed.blanks, "source": source, "content": base64.b64encode(source.content).decode("ascii")})

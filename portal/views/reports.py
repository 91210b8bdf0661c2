"""Public pages of the annual reports: the report as published (HTML) in the agency's 政府信息公开年报 column, and its
PDF, DOCX, XLSX and JSON downloads, all rendered from the published version."""

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from reports import selectors
from reports.renderers import CONTENT_TYPES, filename, render_html
from reports.renderers import render as render_document

DOWNLOADS = ("pdf", "docx", "xlsx", "json")


@require_GET
def annual_report(request, code: str, year: int):
    report, doc = selectors.public_report(code, year)
    return render(request, "portal/reports/annual_report.html", {
        "agency": report.agency, "report": report, "doc": doc, "document_html": render_html(doc),
        "downloads": DOWNLOADS, "others": selectors.published_annual_reports(report.agency)})


@require_GET
@cache_control(public=True, max_age=600)
def annual_report_download(request, code: str, year: int, fmt: str):
    if fmt not in DOWNLOADS:
        raise Http404
    report, doc = selectors.public_report(code, year)
    response = HttpResponse(render_document(doc, fmt), content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt in ("pdf", "json") else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename(doc, fmt))}"
    return response

"""数据开放: the page with the datasets and the licence, the data dictionary, and the downloads (the catalogue as CSV,
XLSX, JSON; the annual reports' tables as CSV, XLSX), per agency or with every agency below it. Anonymous and heavy:
limited per address (django-ratelimit) and marked cacheable by a shared cache (opendata.downloads)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from opendata import downloads, selectors
from opendata.dictionary import CATALOGUE_FIELDS, REPORT_FIELDS
from opendata.licence import LICENCE_NAME, LICENCE_TEXT, LICENCE_URL

DOWNLOAD_RATE = "20/m"


def _licence() -> dict:
    return {"name": LICENCE_NAME, "text": LICENCE_TEXT, "url": LICENCE_URL}


@require_safe
def index(request):
    return render(request, "portal/opendata/index.html", {
        "rows": selectors.open_data_index(), "licence": _licence(),
        "catalogue_formats": downloads.CATALOGUE_FORMATS, "report_formats": downloads.REPORT_FORMATS})


@require_safe
def dictionary(request):
    return render(request, "portal/opendata/dictionary.html", {
        "catalogue_fields": CATALOGUE_FIELDS, "report_fields": REPORT_FIELDS, "licence": _licence()})


def _limited(request):
    return render(request, "portal/error.html", {
        "title": "下载过于频繁", "message": "您下载得太频繁了，请稍等一分钟后再试。批量获取数据也可以使用开放接口。"}, status=429)


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
@ratelimit(key="ip", rate=DOWNLOAD_RATE, block=False)
def catalogue(request, code: str, fmt: str, include_below: bool = False):
    if getattr(request, "limited", False):
        return _limited(request)
    agency = selectors.open_agency(code)
    return downloads.catalogue_download(agency, fmt, include_below=include_below, base_url=_base_url(request))


@require_safe
@ratelimit(key="ip", rate=DOWNLOAD_RATE, block=False)
def report_tables(request, code: str, year: int, fmt: str):
    if getattr(request, "limited", False):
        return _limited(request)
    return downloads.report_download(selectors.open_agency(code), year, fmt)


@require_safe
@ratelimit(key="ip", rate=DOWNLOAD_RATE, block=False)
def all_report_tables(request, code: str, fmt: str, include_below: bool = False):
    if getattr(request, "limited", False):
        return _limited(request)
    return downloads.reports_download(selectors.open_agency(code), fmt, include_below=include_below)

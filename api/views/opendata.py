"""The open-data API (数据开放, public): the index of datasets with the licence, the data dictionary, and the same
downloads as the portal's /data/ pages (opendata.downloads): the catalogue as CSV, XLSX or JSON and the annual
reports' tables as CSV or XLSX, chosen by the path's suffix (`.csv`, `.xlsx`, `.json`; not `?format=`, which DRF
keeps for its own renderers). CSV and JSON are streamed. Anonymous callers are throttled per address."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from opendata import downloads, selectors
from opendata.dictionary import CATALOGUE_FIELDS, REPORT_FIELDS
from opendata.licence import LICENCE_CODE, LICENCE_NAME, LICENCE_TEXT, LICENCE_URL


class OpenDataThrottle(AnonRateThrottle):
    """Exports are heavy: fewer per minute than the other public reads (DEFAULT_THROTTLE_RATES anon)."""

    scope = "open_data"
    rate = "20/min"


class FirstRenderer(BaseContentNegotiation):
    """A download is a file whatever the Accept header says (`Accept: text/csv` must not be a 406); errors are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0]


def _licence() -> dict:
    return {"code": LICENCE_CODE, "name": LICENCE_NAME, "url": LICENCE_URL, "text": LICENCE_TEXT}


def _fields(fields) -> list[dict]:
    return [{"name": f.name, "label": f.label, "kind": f.kind, "description": f.description} for f in fields]


FILE_RESPONSES = {
    (200, "text/csv"): OpenApiTypes.BINARY,
    (200, "application/json"): OpenApiTypes.OBJECT,
    (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
}
FMT = OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(downloads.CATALOGUE_FORMATS),
                       description="文件格式（路径后缀）：csv、xlsx 或 json（年报表格只有 csv、xlsx）")


class IndexView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=OpenApiTypes.OBJECT, summary="数据开放：数据集目录与开放许可",
                   description="每个机关的目录数据和已发布年报表格的下载地址（含下级机关的汇总见 *_all），以及开放许可。")
    def get(self, request):
        def url(name, *args):
            return request.build_absolute_uri(reverse(name, args=args))

        agencies = []
        for row in selectors.open_data_index():
            a = row["agency"]
            entry = {
                "code": a.code, "name": a.name, "parent": row["parent_code"], "has_below": row["has_below"],
                "catalogue": {f: url("api-open-data-catalogue", a.code, f) for f in downloads.CATALOGUE_FORMATS},
                "annual_reports": {str(y): {f: url("api-open-data-report", a.code, y, f)
                                            for f in downloads.REPORT_FORMATS} for y in row["report_years"]},
            }
            if row["has_below"]:
                entry["catalogue_all"] = {f: url("api-open-data-catalogue-all", a.code, f)
                                          for f in downloads.CATALOGUE_FORMATS}
                entry["annual_reports_all"] = {f: url("api-open-data-reports-all", a.code, f)
                                               for f in downloads.REPORT_FORMATS}
            agencies.append(entry)
        return Response({"licence": _licence(), "dictionary": url("api-open-data-dictionary"), "agencies": agencies})


class DictionaryView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=OpenApiTypes.OBJECT, summary="数据开放：数据字典",
                   description="目录（catalogue）和年报表格（annual_reports）各字段的稳定字段名、中文名称、类型和说明。")
    def get(self, request):
        return Response({"licence": _licence(), "catalogue": _fields(CATALOGUE_FIELDS),
                         "annual_reports": _fields(REPORT_FIELDS)})


class _Download(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [OpenDataThrottle]
    content_negotiation_class = FirstRenderer


class CatalogueView(_Download):
    include_below = False

    @extend_schema(parameters=[FMT], responses=FILE_RESPONSES, summary="数据开放：机关的政府信息公开目录",
                   description="已发布且未撤回的信息，字段见数据字典；CSV 为带 BOM 的 UTF-8，JSON 为对象数组（每行一条），"
                               "CSV 和 JSON 流式输出。`/all.{fmt}` 包括该机关及其全部下级机关。")
    def get(self, request, code: str, fmt: str):
        agency = selectors.open_agency(code)
        return downloads.catalogue_download(agency, fmt, include_below=self.include_below,
                                            base_url=request.build_absolute_uri("/").rstrip("/"))


class ReportView(_Download):
    @extend_schema(parameters=[FMT], responses=FILE_RESPONSES, operation_id="open_data_annual_report_tables",
                   summary="数据开放：一份已发布年报的表格",
                   description="每个数据一行，按官方格式的表格、行、列顺序；未发布的年报返回 404。")
    def get(self, request, code: str, year: int, fmt: str):
        return downloads.report_download(selectors.open_agency(code), year, fmt)


class ReportsView(_Download):
    include_below = False

    @extend_schema(parameters=[FMT], responses=FILE_RESPONSES, summary="数据开放：机关全部已发布年报的表格",
                   description="按机关、年度和官方行列顺序；`/all.{fmt}` 包括全部下级机关。")
    def get(self, request, code: str, fmt: str):
        return downloads.reports_download(selectors.open_agency(code), fmt, include_below=self.include_below)

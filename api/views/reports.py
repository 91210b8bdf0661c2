"""The reports API. `GET /api/v1/reports/annual/{agency_code}/{year}/` is public for published reports (the published
version) and, for staff with 查看统计与年报 in the agency, returns the report as it stands (or a preview computed from
the registers before one is generated). Staff actions (token authentication) call the same services as the back
office; DomainErrors become 4xx JSON with a stable code and a Chinese sentence (api/errors.py)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.access import Perm, get_agency_for
from api.serializers import reports as s
from reports import selectors, services


class AnnualReportView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=s.AnnualReportSerializer, summary="年度报告（JSON）",
                   description="format 为 2021 / 2019 / legacy；table3 为 25 行（2019试行格式 23 行）× 7 列，按官方顺序；"
                               "table4 为 15 个数，按官方列序；checks 列出每条勾稽规则及未通过的单元格。")
    def get(self, request, agency_code: str, year: int):
        doc = selectors.annual_report_for_api(request.user, agency_code, year)
        report = selectors.stored_report_for_staff(request.user, agency_code, year)
        return Response({**doc.to_json(), "actions": s.report_actions(report, request) if report else []})


class GenerateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: s.ReportStateSerializer}, summary="生成年度报告")
    def post(self, request, agency_code: str, year: int):
        agency = get_agency_for(request.user, Perm.REPORTS_EDIT, agency_code)
        report = services.generate_report(agency, year, acting_user=request.user)
        return Response(s.report_state(report, request), status=status.HTTP_201_CREATED)


class CellView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=s.CellInputSerializer, responses=s.ReportStateSerializer,
                   summary="填写或调整一个数据项（调整系统统计值须填写理由）")
    def post(self, request, agency_code: str, year: int):
        report = selectors.get_report_by_code(request.user, agency_code, year, Perm.REPORTS_EDIT)
        data = s.CellInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        services.set_cell_value(report, v["table"], v["row"], v["column"], v["value"], reason=v.get("reason", ""),
                                acting_user=request.user)
        return Response(s.report_state(report, request))


class TextView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=s.TextInputSerializer, responses=s.ReportStateSerializer, summary="修改文字部分")
    def put(self, request, agency_code: str, year: int, key: str):
        report = selectors.get_report_by_code(request.user, agency_code, year, Perm.REPORTS_EDIT)
        data = s.TextInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.update_text(report, key, data.validated_data["text"], acting_user=request.user)
        return Response(s.report_state(report, request))


ACTIONS = {
    "refresh": lambda r, u, c: services.refresh_report(r, acting_user=u),
    "submit": lambda r, u, c: services.submit_report(r, acting_user=u),
    "approve": lambda r, u, c: services.approve_report(r, acting_user=u, comment=c),
    "return": lambda r, u, c: services.return_report(r, acting_user=u, comment=c),
    "publish": lambda r, u, c: services.publish_report(r, acting_user=u),
    "county-return": lambda r, u, c: services.county_return_report(r, acting_user=u, comment=c),
}


class ActionView(APIView):
    permission_classes = [IsAuthenticated]
    action_name = ""

    @extend_schema(request=s.CommentInputSerializer, responses=s.ReportStateSerializer)
    def post(self, request, agency_code: str, year: int):
        report = selectors.get_report_by_code(request.user, agency_code, year, Perm.REPORTS_VIEW)
        data = s.CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ACTIONS[self.action_name](report, request.user, data.validated_data.get("comment", ""))
        report.refresh_from_db()
        return Response(s.report_state(report, request))


class CountyView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.AnnualReportSerializer, summary="全县汇总表（县政务公开办）")
    def get(self, request, year: int):
        doc, origin, agencies = selectors.consolidated(request.user, year)
        data = doc.to_json()
        data["agencies"] = [{"code": a.code, "name": a.name, "source": origin[a.pk]} for a in agencies]
        return Response(data)


class QuarterlyView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=dict, summary="季度统计表（按登记数据实时统计）")
    def get(self, request, agency_code: str, year: int, quarter: int):
        return Response(selectors.quarterly_for_api(request.user, agency_code, year, quarter).to_json())

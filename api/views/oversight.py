"""The supervision registers' API (staff, token authentication): review and litigation cases, suggestions and
proposals, complaints, website error reports, reading points with deliveries and visits, the work plan, and the
summaries the annual report uses. Views parse, fetch-and-authorise, call one service, and serialise; domain errors
become `{"code", "detail"}` with their 4xx status (api/errors.py)."""

from datetime import date

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from agencies.access import Perm, agency_ids, get_agency_for
from agencies.models import Office, User
from api.serializers import oversight as s
from api.views.transitions import Endpoint, RegisterAPI
from catalog import coverage
from catalog.models import Item
from gongkai import clock
from gongkai.errors import NotFound
from oversight import selectors
from oversight.models import (
    Complaint,
    Delivery,
    ReadingPoint,
    ReviewCase,
    ReviewKind,
    SiteErrorReport,
    Suggestion,
    Visit,
    WorkPlan,
    WorkPlanTask,
)
from oversight.services import complaints, corrections, reading, review, suggestions, workplan


def _parsed(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _out(serializer_class, obj, code=status.HTTP_200_OK, **context):
    obj.refresh_from_db()
    return Response(serializer_class(obj, context=context).data, status=code)


def _fetch(model):
    return lambda user, pk: selectors.get_for(user, model, pk)


def _office(agency, office_id):
    if not office_id:
        return None
    office = Office.objects.filter(agency=agency, pk=office_id).first()
    if office is None:
        raise NotFound("办所不存在或不属于该机关。", code="office_not_found")
    return office


def _item(agency, index_no):
    if not index_no:
        return None
    item = Item.objects.filter(agency=agency, index_no=index_no).first()
    if item is None:
        raise NotFound(f"索引号“{index_no}”不存在或不属于该机关。", code="item_not_found")
    return item


def _agency_filter(request) -> int | None:
    code = request.query_params.get("agency")
    return get_agency_for(request.user, Perm.OVERSIGHT_VIEW, code).pk if code else None


class _RegisterList(generics.ListAPIView):
    """A register's records the person may see, newest first (filters: agency code, status; `overdue`)."""

    permission_classes = [IsAuthenticated]
    model = None
    register: RegisterAPI

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "action_url": self.register.action_url}

    @extend_schema(parameters=[OpenApiParameter("agency", str, description="机关代码"),
                               OpenApiParameter("status", str, description="状态；open 为未办结，overdue 为已逾期")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.register_list(self.request.user, self.model, agency_id=_agency_filter(self.request),
                                       status=self.request.query_params.get("status", "")).select_related(
            "office", "assignee")


# --- review and litigation cases ----------------------------------------------------------------------------------

REVIEW_CASES = RegisterAPI(
    ReviewCase, url_name="api-review-case", out=s.ReviewCaseOut, fetch=_fetch(ReviewCase), context={"detail": True},
    detail_summary="一件案件（含材料清单）。", endpoints=[
        Endpoint("answer", lambda case, user, d: review.answer_review_case(case, acting_user=user, **d), s.AnswerIn,
                 summary="登记已提交书面答复（复议）或答辩状（诉讼）。"),
        Endpoint("decide", lambda case, user, d: review.decide_review_case(case, acting_user=user, **d), s.DecideIn,
                 summary="登记审结结果（结果维持、结果纠正、其他结果）及审结日期。"),
        Endpoint("reopen", lambda case, user, d: review.reopen_review_case(case, acting_user=user, **d), s.ReasonIn,
                 summary="撤销审结登记（须说明理由），案件恢复为尚未审结。"),
    ])


class ReviewCaseList(_RegisterList):
    """行政复议、行政诉讼案件（登记：POST，见 review_case_create）。"""

    serializer_class = s.ReviewCaseOut
    model = ReviewCase
    register = REVIEW_CASES

    def get_queryset(self):
        qs = super().get_queryset()
        if kind := self.request.query_params.get("kind"):
            qs = qs.filter(kind=kind)
        if year := self.request.query_params.get("year"):
            if not (year.isdigit() and len(year) == 4):
                raise ValidationError({"year": ["年份应为四位数字，例如 2025。"]})
            qs = qs.filter(filed_on__year=int(year))
        return qs

    @extend_schema(request=s.ReviewCaseIn, responses={201: s.ReviewCaseOut})
    def post(self, request):
        """登记一件行政复议或行政诉讼案件。result 不是 pending 时必须填写 closed_on；pending 时 closed_on 留空。"""
        data = _parsed(s.ReviewCaseIn, request)
        agency = get_agency_for(request.user, Perm.OVERSIGHT_MANAGE, data.pop("agency"))
        data["application_no"] = data.pop("application", "")
        case = review.register_review_case(agency, acting_user=request.user, **data)
        return REVIEW_CASES.respond(request, case, status.HTTP_201_CREATED)


@extend_schema(request={"multipart/form-data": s.DocumentIn}, responses={201: s.ReviewCaseOut})
@api_view(["POST"])
@permission_classes([IsAuthenticated])
@parser_classes([MultiPartParser, FormParser])
def review_case_document(request, pk: int):
    """上传案件材料（PDF、Word 或图片，按内容检查）。"""
    case = selectors.get_for(request.user, ReviewCase, pk)
    data = _parsed(s.DocumentIn, request)
    review.add_review_document(case, data["file"], acting_user=request.user, kind=data["kind"],
                               title=data.get("title", ""))
    return REVIEW_CASES.respond(request, case, status.HTTP_201_CREATED)


@extend_schema(parameters=[s.YearQuery], responses=s.TableFourOut)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def review_table_four(request):
    """年度报告表四（政府信息公开行政复议、行政诉讼情况）的15个数。"""
    query = s.YearQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    agency = get_agency_for(request.user, Perm.OVERSIGHT_VIEW, query.validated_data["agency"])
    year = query.validated_data["year"]
    counts = selectors.review_case_counts(date(year, 1, 1), date(year, 12, 31), [agency.pk])
    row = []
    for kind in ReviewKind.values:
        cells = [counts[(agency.pk, kind, r)] for r in ("upheld", "corrected", "other", "pending")]
        row += [*cells, sum(cells)]
    return Response({"agency": agency.code, "year": year, "row": row})


# --- suggestions ----------------------------------------------------------------------------------------------------

SUGGESTIONS = RegisterAPI(
    Suggestion, url_name="api-suggestion", out=s.SuggestionOut, fetch=_fetch(Suggestion), endpoints=[
        Endpoint("reply", lambda sug, user, d: suggestions.reply_to_suggestion(sug, acting_user=user, **d), s.ReplyIn,
                 summary="登记办理复文、答复日期和办理结果（A、B、C类）；复文公开期限为答复后20个工作日。"),
        Endpoint("revise_reply", lambda sug, user, d: suggestions.revise_suggestion_reply(sug, acting_user=user, **d),
                 s.ReviseReplyIn, summary="修改待公开的办理复文（例如删除复文中的手机号码），或改为摘要公开。"),
        Endpoint("submit_disclosure",
                 lambda sug, user, d: suggestions.submit_suggestion_disclosure(sug, acting_user=user), slug="disclose",
                 summary="提交复文公开：在“建议提案办理”栏目起草并提交审核。复文含个人信息（手机号码、身份证号码等）时拒绝（400）。"),
        Endpoint("withhold_disclosure",
                 lambda sug, user, d: suggestions.withhold_suggestion_disclosure(sug, acting_user=user, **d),
                 s.ReasonIn, url_name="withhold", summary="决定复文不予公开（须说明理由）。"),
    ])


class SuggestionList(_RegisterList):
    """人大代表建议、政协提案。"""

    serializer_class = s.SuggestionOut
    model = Suggestion
    register = SUGGESTIONS

    def get_queryset(self):
        return super().get_queryset().prefetch_related("topics").select_related("item")

    @extend_schema(request=s.SuggestionIn, responses={201: s.SuggestionOut})
    def post(self, request):
        """登记交办的建议或提案（办理期限默认自交办之日起3个月）。"""
        data = _parsed(s.SuggestionIn, request)
        agency = get_agency_for(request.user, Perm.OVERSIGHT_MANAGE, data.pop("agency"))
        data["office"] = _office(agency, data.get("office"))
        data["co_offices"] = [_office(agency, pk) for pk in data.get("co_offices", [])]
        suggestion = suggestions.register_suggestion(agency, acting_user=request.user, **data)
        return SUGGESTIONS.respond(request, suggestion, status.HTTP_201_CREATED)


# --- complaints -------------------------------------------------------------------------------------------------------

def _route_args(case, data) -> dict:
    assignee = None
    if username := data.get("assignee"):
        assignee = User.objects.filter(username=username, is_active=True).first()
        if assignee is None:
            raise NotFound(f"用户“{username}”不存在。", code="user_not_found")
    return {"office": _office(case.agency, data.get("office")), "assignee": assignee}


COMPLAINTS = RegisterAPI(
    Complaint, url_name="api-complaint", out=s.ComplaintOut, fetch=_fetch(Complaint), endpoints=[
        Endpoint("route", lambda c, user, d: complaints.route_complaint(c, acting_user=user, **_route_args(c, d)),
                 s.RouteIn, summary="分办到办所（和承办人）。"),
        Endpoint("edit", lambda c, user, d: complaints.classify_complaint(c, acting_user=user, **d), s.ClassifyIn,
                 slug="classify", summary="登记是否涉及政府信息公开工作（条例第四十七条、第五十一条）。"),
        Endpoint("close", lambda c, user, d: complaints.close_complaint(c, acting_user=user, **d), s.CloseIn,
                 summary="办结（办理结果和答复意见）。"),
        Endpoint("reopen", lambda c, user, d: complaints.reopen_complaint(c, acting_user=user, **d), s.ReasonIn),
    ])


class ComplaintList(_RegisterList):
    """投诉举报（县政务公开办可以查看全部机关）。"""

    serializer_class = s.ComplaintOut
    model = Complaint
    register = COMPLAINTS

    @extend_schema(request=s.ComplaintIn, responses={201: s.ComplaintOut})
    def post(self, request):
        """登记举报电话、投诉举报箱、来访或来信收到的投诉举报。响应中的 tracking_code（查询码）只返回这一次。"""
        data = _parsed(s.ComplaintIn, request)
        agency = get_agency_for(request.user, Perm.OVERSIGHT_MANAGE, data.pop("agency"))
        complaint, code = complaints.log_complaint(agency, acting_user=request.user, **data)
        response = COMPLAINTS.respond(request, complaint, status.HTTP_201_CREATED)
        response.data["tracking_code"] = code
        return response


# --- website error reports ------------------------------------------------------------------------------------------

SITE_ERRORS = RegisterAPI(
    SiteErrorReport, url_name="api-site-error", out=s.SiteErrorOut, fetch=_fetch(SiteErrorReport), endpoints=[
        Endpoint("fix", lambda r, user, d: corrections.fix_site_error(r, acting_user=user, **d), s.FixIn,
                 summary="登记已修正（处理情况）。"),
        Endpoint("reject", lambda r, user, d: corrections.reject_site_error(r, acting_user=user, **d), s.FixIn,
                 summary="答复无需修正（说明理由）。"),
    ])


class SiteErrorList(_RegisterList):
    """我为政府网站找错（答复期限3个工作日）。"""

    serializer_class = s.SiteErrorOut
    model = SiteErrorReport
    register = SITE_ERRORS


# --- reading points, deliveries, visits ---------------------------------------------------------------------------------

class ReadingPointList(generics.ListAPIView):
    """查阅点。"""

    serializer_class = s.ReadingPointOut
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        qs = ReadingPoint.objects.filter(agency_id__in=agency_ids(self.request.user, Perm.OVERSIGHT_VIEW))
        if agency_id := _agency_filter(self.request):
            qs = qs.filter(agency_id=agency_id)
        return qs.select_related("agency").order_by("agency__path", "sort_order", "id")

    @extend_schema(request=s.ReadingPointIn, responses={201: s.ReadingPointOut})
    def post(self, request):
        data = _parsed(s.ReadingPointIn, request)
        agency = get_agency_for(request.user, Perm.OVERSIGHT_MANAGE, data.pop("agency"))
        point = reading.save_reading_point(agency, acting_user=request.user, **data)
        return _out(s.ReadingPointOut, point, status.HTTP_201_CREATED)


class DeliveryList(generics.ListAPIView):
    """送交登记（村、部门送交；送交国家档案馆、公共图书馆）。"""

    serializer_class = s.DeliveryOut
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        qs = Delivery.objects.filter(agency_id__in=agency_ids(self.request.user, Perm.OVERSIGHT_VIEW))
        if agency_id := _agency_filter(self.request):
            qs = qs.filter(agency_id=agency_id)
        return qs.select_related("agency", "item", "reading_point")

    @extend_schema(request=s.DeliveryIn, responses={201: s.DeliveryOut})
    def post(self, request):
        data = _parsed(s.DeliveryIn, request)
        agency = get_agency_for(request.user, Perm.OVERSIGHT_MANAGE, data.pop("agency"))
        data["item"] = _item(agency, data.pop("item", ""))
        point_id = data.pop("reading_point", None)
        data["reading_point"] = ReadingPoint.objects.filter(agency=agency, pk=point_id).first() if point_id else None
        if point_id and data["reading_point"] is None:
            raise NotFound("查阅点不存在或不属于该机关。", code="reading_point_not_found")
        delivery = reading.register_delivery(agency, acting_user=request.user, **data)
        return _out(s.DeliveryOut, delivery, status.HTTP_201_CREATED)


class VisitList(generics.ListAPIView):
    """查阅登记（查阅人姓名遮蔽）。"""

    serializer_class = s.VisitOut
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return Visit.objects.filter(reading_point__agency_id__in=agency_ids(self.request.user, Perm.OVERSIGHT_VIEW)
                                    ).select_related("reading_point")

    @extend_schema(request=s.VisitIn, responses={201: s.VisitOut})
    def post(self, request):
        data = _parsed(s.VisitIn, request)
        point = selectors.get_for(request.user, ReadingPoint, data.pop("reading_point"))
        visit = reading.register_visit(point, acting_user=request.user, **data)
        return _out(s.VisitOut, visit, status.HTTP_201_CREATED)


# --- work plan ----------------------------------------------------------------------------------------------------

def _complete_task(task, user, data):
    data["evidence_item"] = _item(task.agency, data.pop("evidence_item", ""))
    return workplan.complete_task(task, acting_user=user, **data)


WORK_PLAN_TASKS = RegisterAPI(
    WorkPlanTask, url_name="api-work-plan-task", out=s.TaskOut, fetch=_fetch(WorkPlanTask), detail=False,
    endpoints=[Endpoint("complete", _complete_task, s.CompleteIn, summary="登记完成情况及佐证。")])


class WorkPlanList(generics.ListAPIView):
    """年度政务公开工作要点及其任务。"""

    serializer_class = s.WorkPlanOut
    permission_classes = [IsAuthenticated]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **WORK_PLAN_TASKS.context(self.request)}

    def get_queryset(self):
        qs = WorkPlan.objects.filter(agency_id__in=agency_ids(self.request.user, Perm.OVERSIGHT_VIEW))
        if agency_id := _agency_filter(self.request):
            qs = qs.filter(agency_id=agency_id)
        return qs.select_related("agency").prefetch_related("tasks__agency", "tasks__evidence_item")

    @extend_schema(request=s.WorkPlanIn, responses={201: s.WorkPlanOut})
    def post(self, request):
        data = _parsed(s.WorkPlanIn, request)
        agency = get_agency_for(request.user, Perm.OVERSIGHT_MANAGE, data.pop("agency"))
        plan = workplan.create_work_plan(agency, acting_user=request.user, **data)
        return _out(s.WorkPlanOut, plan, status.HTTP_201_CREATED, **WORK_PLAN_TASKS.context(request))


@extend_schema(request=s.TaskIn, responses={201: s.TaskOut})
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def work_plan_task_create(request, pk: int):
    """新增任务（责任单位、完成时限）。"""
    plan = selectors.get_for(request.user, WorkPlan, pk)
    task = workplan.add_task(plan, acting_user=request.user, **_parsed(s.TaskIn, request))
    return WORK_PLAN_TASKS.respond(request, task, status.HTTP_201_CREATED)


# --- summaries --------------------------------------------------------------------------------------------------------

def _period(request):
    query = s.PeriodQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    if data.get("agency"):
        ids = [get_agency_for(request.user, Perm.OVERSIGHT_VIEW, data["agency"]).pk]
    else:
        ids = sorted(agency_ids(request.user, Perm.OVERSIGHT_VIEW))
    return data["start"], data["end"], ids


def _by_code(result: dict, ids: list[int]) -> dict:
    from agencies.models import Agency

    codes = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "code"))
    return {codes[k]: v for k, v in result.items()}


@extend_schema(parameters=[s.PeriodQuery], responses=dict)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def supervision_summary(request):
    """一段时间内各机关的建议提案、投诉举报和社会评议统计（按机关代码）。"""
    start, end, ids = _period(request)
    return Response({
        "suggestions": _by_code(selectors.suggestion_counts(start, end, ids), ids),
        "complaints": _by_code(selectors.complaint_counts(start, end, ids), ids),
        "ratings": _by_code(selectors.rating_summary(start, end, ids), ids),
    })


@extend_schema(operation_id="v1_coverage_list", responses=dict)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def coverage_county(request):
    """各机关政务公开事项标准目录覆盖情况汇总（县政务公开办可以查看全部机关）：事项数、正常、应公开未公开、逾期、达标率和领域梳理情况。"""
    summaries = coverage.county_coverage(request.user)
    return Response({"date": clock.today(), "agencies": [
        {"agency": row.agency.code, "agency_name": row.agency.name, "rate": row.rate, **vars(row.counts)}
        for row in summaries]})


@extend_schema(responses=dict)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def coverage_detail(request, code: str):
    """一个机关的政务公开事项标准目录覆盖情况：每个事项最近一次公开日期，是否应公开未公开或逾期。"""
    agency = get_agency_for(request.user, Perm.CATALOG_VIEW, code)
    result = coverage.coverage_for_agency(request.user, agency)
    return Response({
        "agency": agency.code, "date": result.today, "counts": vars(result.counts),
        "areas": [{
            "area": a.area.name, "state": a.state, "not_involved_reason": a.not_involved_reason,
            "matters": [{
                "id": m.matter.pk, "level1": m.matter.level1, "level2": m.matter.level2, "state": m.state,
                "state_label": m.state_label, "time_limit": m.matter.time_limit_text,
                "last_published_on": m.last_published_on, "last_index_no": m.last_index_no or None,
                "next_due": m.next_due, "reasons": m.reasons} for m in a.matters],
        } for a in result.areas],
    })

"""The applications API (staff, token authentication): register an application, read it, and record each event with
`POST /api/v1/applications/{id}/<action>/`; plus the public code lists. Views parse, call one service or selector and
serialise; DomainErrors (wrong state, bad dates, CalendarNotLoaded …) become `{"code", "detail"}` with a 4xx status."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from agencies.access import Perm, get_agency_for
from agencies.models import User
from api.serializers import applications as s
from applications import rules, selectors, services
from applications.errors import ApplicationError
from applications.models import ORGANISATION_ID_TYPES, PERSONAL_ID_TYPES, Application, Route
from applications.workflow import APPLICATION_WORKFLOW

# --- code lists (public) ----------------------------------------------------------------------------------------


@extend_schema(responses=s.ReplyCodeSerializer(many=True))
@api_view(["GET"])
@permission_classes([AllowAny])
def reply_codes(request):
    """答复类型 A1–A23：法律依据（2019年与2007年条例）及其在年度报告表三中计入的行。部分公开只计入“（二）部分公开”。"""
    return Response([{"code": c.code, "label": c.label, "basis": c.basis, "basis_2007": c.basis_2007, "row": c.row,
                      "row_label": rules.OUTCOME_ROW_LABELS[c.row]} for c in rules.REPLY_CODES])


@extend_schema(responses=s.ApplicantTypeSerializer(many=True))
@api_view(["GET"])
@permission_classes([AllowAny])
def applicant_types(request):
    """申请人类型及其在年度报告表三中计入的列。"""
    return Response([{"code": t.code, "label": t.label, "column": t.column, "column_label": rules.COLUMN_LABELS[t.column],
                      "is_organisation": t.is_organisation,
                      "id_types": sorted(ORGANISATION_ID_TYPES if t.is_organisation else PERSONAL_ID_TYPES)}
                     for t in rules.APPLICANT_TYPES])


# --- applications -----------------------------------------------------------------------------------------------


def _parsed(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _detail(application: Application, request, code=status.HTTP_200_OK, personal=None) -> Response:
    application = selectors.application_detail(application)
    return Response(s.ApplicationSerializer(application, context={"request": request, "personal": personal}).data,
                    status=code)


def _user(username: str, field: str = "approver"):
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ApplicationError(f"用户“{username}”不存在。", field=field, code="user_not_found")
    return user


class ApplicationCollection(generics.ListAPIView):
    """依申请公开列表：本人有权查看的机关的申请（县政务公开办可看到所有下级机关），可按状态和机关筛选。"""

    serializer_class = s.ApplicationListSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[
        OpenApiParameter("status", str, description="状态（open 为所有未办结）"),
        OpenApiParameter("agency", str, description="机关代码"),
        OpenApiParameter("overdue", bool, description="只看已逾期"),
    ])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        agency_id = None
        if code := params.get("agency"):
            agency_id = get_agency_for(self.request.user, Perm.APPLICATIONS_VIEW, code).pk
        return selectors.with_action_facts(selectors.applications_for(
            self.request.user, status=params.get("status", ""), agency_id=agency_id,
            overdue=params.get("overdue") in ("1", "true"))).order_by("-id")

    @extend_schema(request=s.ApplicationCreateSerializer,
                   responses={201: s.ApplicationSerializer, 200: s.ApplicationSerializer},
                   parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)])
    def post(self, request):
        """登记一件政府信息公开申请（工作人员，任一渠道，含代为填写）。当面提交以提交之日为收到申请之日；邮寄以签收之日；
        平常信函、网上、电子邮件、传真以双方确认之日（不填 `received_on` 则申请待确认，期限不起算）。允许登记过去的日期，
        不允许将来的日期。同一 `Idempotency-Key` 重复提交只登记一次（返回 200 和第一次登记的申请）。"""
        data = _parsed(s.ApplicationCreateSerializer, request)
        agency = get_agency_for(request.user, Perm.APPLICATIONS_HANDLE, data["agency"])
        key = request.headers.get("Idempotency-Key") or data["idempotency_key"]
        key = f"api:{request.user.pk}:{key}" if key else None
        existed = bool(key) and Application.objects.filter(idempotency_key=key).exists()
        route = data.get("route") or (Route.POST if data["address"] else Route.EMAIL if data["email"] else Route.PICKUP)
        applicant = services.ApplicantInput(
            applicant_type=data["applicant_type"], applicant_name=data["applicant_name"], id_type=data["id_type"],
            id_number=data["id_number"], description=data["description"], form_of_provision=data["form_of_provision"],
            route=route, phone=data["phone"], address=data["address"], postcode=data["postcode"],
            email=data["email"], contact_person=data["contact_person"], doc_no=data["doc_no"],
            fee_waiver_requested=data["fee_waiver_requested"], wants_notices=data["wants_notices"])
        application = services.register_application(
            agency, applicant, acting_user=request.user, channel=data["channel"], arrived_on=data["arrived_on"],
            received_on=data["received_on"], filled_by_staff=data["filled_by_staff"],
            confirmation_note=data["confirmation_note"], idempotency_key=key)
        return _detail(application, request, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


@extend_schema(responses=s.ApplicationSerializer,
               parameters=[OpenApiParameter("personal", OpenApiTypes.BOOL,
                                            description="1：显示未遮蔽的个人信息（需“查看申请人个人信息”权限，记入审计）")])
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def application_detail(request, pk: int):
    """一件申请：状态、适用条例、答复期限及其计算说明、答复类型、各事件与文书。个人信息默认遮蔽。"""
    application = selectors.get_application_for(request.user, pk)
    personal = None
    if request.query_params.get("personal") in ("1", "true"):
        personal = services.reveal_personal_data(application, acting_user=request.user, purpose="接口查看")
    return _detail(application, request, personal=personal)


# --- events: one endpoint per action ------------------------------------------------------------------------------

def _confirm(app, user, d):
    return services.confirm_receipt(app, acting_user=user, on=d["date"], note=d["note"])


def _request_correction(app, user, d):
    return services.request_correction(app, acting_user=user, on=d["date"], items=d["items"], deadline=d["deadline"])


def _receive_correction(app, user, d):
    return services.receive_correction(app, acting_user=user, on=d["date"], late_reason=d["late_reason"])


def _start_consultation(app, user, d):
    return services.start_consultation(app, acting_user=user, on=d["date"], party=d["party"],
                                       party_name=d["party_name"], party_received_on=d["party_received_on"],
                                       note=d["note"])


def _consultation_received(app, user, d):
    return services.record_consultation_receipt(app, acting_user=user, on=d["date"], consultation_id=d["consultation"])


def _fee_notice_received(app, user, d):
    return services.record_fee_notice_receipt(app, acting_user=user, on=d["date"])


def _end_consultation(app, user, d):
    return services.end_consultation(app, acting_user=user, on=d["date"], outcome=d["outcome"],
                                     consultation_id=d["consultation"], note=d["note"])


def _extend(app, user, d):
    return services.extend(app, acting_user=user, on=d["date"], days=d["days"], reason=d["reason"],
                           approver=_user(d["approver"]))


def _reasonable_period(app, user, d):
    return services.set_reasonable_period(app, acting_user=user, on=d["date"], due_on=d["due_on"], reason=d["reason"],
                                          approver=_user(d["approver"]))


def _fee_notice(app, user, d):
    """Items: the 2007 rules' cost fees; a method: 信息处理费. Each service refuses the other rule set's fee."""
    if d["items"]:
        if d["method"] or d["pages"] is not None:
            raise ApplicationError("成本费用（items）与信息处理费（method、pages）不能同时填写。", field="items",
                                   code="fee_both_methods")
        return services.send_cost_fee_notice(
            app, acting_user=user, on=d["date"], items=[dict(i) for i in d["items"]], standard=d["standard"],
            applicant_received_on=d["applicant_received_on"], reduce_to=d["reduce_to"],
            reduction_reason=d["reduction_reason"], waiver_ground=d["waiver_ground"], approver=_user(d["approver"]))
    if d["waiver_ground"]:
        raise ApplicationError("减免依据只适用于2007年条例的成本费用。", field="waiver_ground",
                               code="waiver_ground_not_applicable")
    return services.send_fee_notice(app, acting_user=user, on=d["date"], method=d["method"], pages=d["pages"],
                                    applicant_received_on=d["applicant_received_on"], reduce_to=d["reduce_to"],
                                    reduction_reason=d["reduction_reason"], approver=_user(d["approver"]))


def _fee_paid(app, user, d):
    return services.record_fee_paid(app, acting_user=user, on=d["date"], amount=d["amount"])


def _waive_fee(app, user, d):
    return services.waive_fee(app, acting_user=user, on=d["date"], reason=d["reason"], amount=d["amount"],
                              ground=d["waiver_ground"], approver=_user(d["approver"]))


def _reply(app, user, d):
    return services.reply(app, acting_user=user, on=d["date"], reply_code=d["reply_code"], text=d["text"])


def _deliver(app, user, d):
    return services.deliver(app, acting_user=user, on=d["date"], method=d["method"], note=d["note"])


def _archive(app, user, d):
    return services.archive(app, acting_user=user, on=d["date"])


def _split(app, user, d):
    return services.split(app, acting_user=user, on=d["date"], parts=d["parts"])


def _abandon(code: str):
    def run(app, user, d):
        return services.reply(app, acting_user=user, on=d["date"], reply_code=code, text=d["text"])

    return run


# action → (input serializer, service call, summary). Which actions exist, in which order, is the workflow's
# (applications.workflow); each application's `actions` lists those the requesting person may perform now.
ACTIONS = {
    "confirm-receipt": (s.ConfirmReceiptSerializer, _confirm,
                        "确认收到申请（平常信函、网上、电子邮件、传真：双方确认之日为收到申请之日，期限起算）"),
    "request-correction": (s.RequestCorrectionSerializer, _request_correction,
                           "告知补正（一次性；2019年条例须在收到申请之日起7个工作日内；补正期间期限停止计算）"),
    "receive-correction": (s.ReceiveCorrectionSerializer, _receive_correction,
                           "收到补正后的申请（答复期限自该日重新计算）"),
    "start-consultation": (s.StartConsultationSerializer, _start_consultation,
                           "征求第三方（third_party）或其他机关（agency）意见（自发函至答复或15个工作日届满不计入期限）"),
    "consultation-received": (s.ConsultationReceivedSerializer, _consultation_received,
                              "登记对方收到征求意见函的日期（15个工作日自该日起算；缺省为发函日期）"),
    "end-consultation": (s.EndConsultationSerializer, _end_consultation,
                         "登记征求意见结果（其他机关逾期未提出意见视为同意公开）"),
    "extend": (s.ExtendSerializer, _extend,
               "延期答复（最长20个工作日，2007年条例15个；须经负责人同意并在原期限届满前告知申请人；只能一次）"),
    "reasonable-period": (s.ReasonablePeriodSerializer, _reasonable_period,
                          "确定延迟答复的合理期限（条例第三十五条：申请数量、频次明显超过合理范围且理由合理；须晚于现在的答复期限，"
                          "须经负责人同意并在原期限届满前告知申请人；只能一次）"),
    "fee-notice": (s.FeeNoticeSerializer, _fee_notice,
                   "发出收费通知：2019年条例的申请收取信息处理费（按件计收 per_application 或按量计收 per_page，不能同时"
                   "适用）；2007年条例的申请逐项收取检索、复制、邮寄等成本费用（items）；缴费期间不计入答复期限"),
    "fee-notice-received": (s.DateSerializer, _fee_notice_received,
                            "登记申请人收到收费通知的日期（缴费期限为收到次日起20个工作日；缺省为发出日期）"),
    "fee-paid": (s.FeePaidSerializer, _fee_paid, "登记缴费（须在收到通知次日起20个工作日内）"),
    "waive-fee": (s.WaiveFeeSerializer, _waive_fee, "减免收费（须填写理由并经负责人批准；2007年条例的成本费用还须选择减免依据 waiver_ground：hardship 经济困难，exempt_group 五保、低保、优抚对象）"),
    "abandon-correction": (s.AbandonSerializer, _abandon("A21"),
                           "逾期未补正，视为放弃申请（以答复类型A21办结；补正期限届满后）"),
    "abandon-fee": (s.AbandonSerializer, _abandon("A22"),
                    "逾期未缴费，视为放弃申请（以答复类型A22办结；缴费期限届满后）"),
    "reply": (s.ReplySerializer, _reply,
              "答复（必须且只能选择一个答复类型 A1–A23；A21/A22 在期限届满后视为放弃申请）"),
    "deliver": (s.DeliverSerializer, _deliver, "送达（直接送达为签收之日，邮寄送达为交邮之日）"),
    "split": (s.SplitSerializer, _split, "拆分申请（一事一申请）：每一项成为一件申请，分别办理、分别统计"),
    "archive": (s.DateSerializer, _archive, "归档"),
}


def _make_action_view(name: str, serializer_class, run, summary: str):
    response = s.ApplicationSerializer(many=True) if name == "split" else s.ApplicationSerializer

    @extend_schema(request=serializer_class, responses={200: response, 201: response}, summary=summary,
                   description=summary, operation_id=f"applications_{name.replace('-', '_')}")
    @api_view(["POST"])
    @permission_classes([IsAuthenticated])
    def view(request, pk: int):
        application = selectors.get_application_for(request.user, pk)
        data = _parsed(serializer_class, request)
        run(application, request.user, data)
        if name == "split":
            parts = selectors.parts_of(application)
            return Response(s.ApplicationSerializer(parts, many=True, context={"request": request}).data,
                            status=status.HTTP_201_CREATED)
        return _detail(application, request)

    view.__name__ = f"application_{name.replace('-', '_')}"
    view.__doc__ = summary
    return view


assert set(ACTIONS) == set(APPLICATION_WORKFLOW.transitions), "every event of the workflow has its endpoint"
ACTION_VIEWS = {name: _make_action_view(name, *ACTIONS[name]) for name in APPLICATION_WORKFLOW.transitions}

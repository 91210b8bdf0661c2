"""The catalogue API: public reads (agencies, items, the due-date calculator) and the staff's workflow actions
(token authentication). Views parse, call one selector or service, and serialise; DomainErrors become 4xx JSON."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from agencies.access import Perm, get_agency_for
from agencies.models import Agency
from agencies.selectors import public_agencies, public_agency
from api.serializers import catalog as s
from api.views.transitions import Endpoint, RegisterAPI
from catalog import selectors, services
from catalog.models import Item, Revision, Validity
from gongkai.errors import NotFound
from workdays.explanations import compute_due

# --- public -----------------------------------------------------------------------------------------------------


class AgencyList(generics.ListAPIView):
    """机关列表（公开）。"""

    serializer_class = s.AgencySerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return public_agencies()


class ItemList(generics.ListAPIView):
    """已发布的目录信息（公开），按发布日期倒序，分页并给出总数 `count`。"""

    serializer_class = s.ItemSerializer
    permission_classes = [AllowAny]

    @extend_schema(parameters=[
        OpenApiParameter("agency", str, description="机关代码"),
        OpenApiParameter("year", int, description="发布年份"),
        OpenApiParameter("category", str, description="信息分类 id 或名称"),
        OpenApiParameter("validity", str, enum=["valid", "expired", "abolished"]),
    ])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        for name in ("agency", "category"):  # PostgreSQL refuses a NUL in a text parameter: a 500 otherwise
            if "\x00" in params.get(name, ""):
                raise ValidationError({name: ["参数中含有无效的空字符（%00）。"]})
        agency = None
        if code := params.get("agency"):
            agency = public_agency(code)
            if agency is None:
                raise NotFound(f"机关代码“{code}”不存在。", code="agency_not_found")
        year = params.get("year")
        if year and not (year.isascii() and year.isdigit() and 1990 <= int(year) <= 2100):
            raise ValidationError({"year": ["年份应为四位数字，例如 2017。"]})
        validity = params.get("validity") or None
        if validity and validity not in Validity.values:
            raise ValidationError({"validity": ["有效性应为 valid（有效）、expired（失效）或 abolished（废止）。"]})
        return selectors.published_list(agency=agency, year=int(year) if year else None, validity=validity,
                                        category_ref=(params.get("category") or "").strip()[:50] or None)


@extend_schema(responses=s.ItemDetailSerializer)
@api_view(["GET"])
@permission_classes([AllowAny])
def item_detail(request, index_no: str):
    """一条已发布信息（按索引号）。"""
    item = selectors.public_item(index_no)
    return Response(s.ItemDetailSerializer(item, context={"request": request}).data)


@extend_schema(parameters=[s.DueDateQuerySerializer], responses=s.DueDateSerializer)
@api_view(["GET"])
@permission_classes([AllowAny])
def due_date(request):
    """期限计算：起算日期之后第 N 个工作日（节假日与调休按平台日历）。日历未载入的年份返回 422 `calendar_not_loaded`。"""
    query = s.DueDateQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    start, days = query.validated_data["start"], query.validated_data["days"]
    due = compute_due(start, days, start_label="起算日期")
    return Response({"start": start.isoformat(), "days": days, "due_date": due.date.isoformat(),
                     "explanation": due.explanation})


# --- staff ------------------------------------------------------------------------------------------------------

def _revision_response(request, revision, code=status.HTTP_200_OK):
    return REVISIONS.respond(request, revision, code)


def _parsed(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _relations(agency: Agency, data: dict) -> dict:
    """The category and office named in the input (popped from it), checked to belong to the agency."""
    category, office = selectors.draft_relations(agency, data.pop("category", None), data.pop("office", None))
    return {k: v for k, v in (("category", category), ("office", office)) if v is not None}


class StaffItemList(generics.ListAPIView):
    """我可以查看的机关的目录信息（含未发布）。"""

    serializer_class = s.StaffItemSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        params = self.request.query_params
        return selectors.staff_items_for_api(self.request.user, status=params.get("status") or None,
                                             title=params.get("q") or None)


@extend_schema(request=s.DraftInputSerializer, responses={201: s.RevisionSerializer})
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def draft_create(request):
    """起草（信息员、信息公开办）。"""
    data = _parsed(s.DraftInputSerializer, request)
    agency = get_agency_for(request.user, Perm.CATALOG_DRAFT, data.pop("agency"))
    relations = _relations(agency, data)
    revision = services.create_draft(agency, acting_user=request.user, **relations, **data)
    return _revision_response(request, revision, status.HTTP_201_CREATED)


@extend_schema(methods=["PATCH"], request=s.DraftUpdateSerializer, responses=s.RevisionSerializer)
@extend_schema(methods=["GET"], responses=s.RevisionSerializer)
@api_view(["GET", "PATCH"])
@permission_classes([IsAuthenticated])
def revision_detail(request, pk: int):
    """查看或修改一个版本（修改仅限草稿或已退回）。"""
    revision = selectors.get_revision_for(request.user, pk)
    if request.method == "GET":
        return _revision_response(request, revision)
    data = _parsed(s.DraftUpdateSerializer, request)
    relations = _relations(revision.item.agency, data)
    services.update_draft(revision, acting_user=request.user, **relations, **data)
    return _revision_response(request, revision)


REVISIONS = RegisterAPI(
    Revision, url_name="api-revision", out=s.RevisionSerializer, detail=False,
    fetch=lambda user, pk: selectors.get_revision_for(user, pk), endpoints=[
        Endpoint("submit", lambda r, user, d: services.submit_for_review(r, acting_user=user),
                 summary="提交审核（运行敏感信息检查）。"),
        Endpoint("approve", lambda r, user, d: services.approve_step(r, acting_user=user, **d), s.ApproveSerializer,
                 summary="通过当前审核步骤（保密审查步骤须给出审查结果）。最后一步通过即发布。"),
        Endpoint("return", lambda r, user, d: services.return_revision(r, acting_user=user, **d), s.ReturnSerializer,
                 summary="退回起草人修改（须填写意见）。"),
        Endpoint("discard", lambda r, user, d: services.discard_revision(r, acting_user=user), summary="作废草稿。"),
    ])


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()


@extend_schema(request={"multipart/form-data": UploadSerializer}, responses={201: OpenApiTypes.OBJECT})
@api_view(["POST"])
@permission_classes([IsAuthenticated])
@parser_classes([MultiPartParser, FormParser])
def attachment_upload(request, pk: int):
    """上传附件（按内容校验类型和大小）。"""
    revision = selectors.get_revision_for(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError({"file": ["请选择要上传的文件。"]})
    attachment = services.add_attachment(revision, upload, acting_user=request.user)
    return Response({"id": attachment.pk, "original_name": attachment.original_name, "kind": attachment.kind,
                     "size": attachment.size}, status=status.HTTP_201_CREATED)


@extend_schema(request=None, responses={204: None})
@api_view(["DELETE"])
@permission_classes([IsAuthenticated])
def attachment_delete(request, pk: int):
    """删除草稿的附件（仅限草稿或已退回的版本）。"""
    services.remove_attachment(selectors.get_attachment_for(request.user, pk), acting_user=request.user)
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(request={"multipart/form-data": UploadSerializer}, responses=s.RevisionSerializer)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
@parser_classes([MultiPartParser, FormParser])
def body_import(request, pk: int):
    """用上传的 Word 文档（.docx）替换草稿正文。"""
    revision = selectors.get_revision_for(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError({"file": ["请选择要导入的 Word 文档。"]})
    services.import_docx(revision, upload.read(), acting_user=request.user, file_name=upload.name)
    return _revision_response(request, revision)


@extend_schema(request=s.NoteSerializer, responses=s.RevisionSerializer)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
@parser_classes([JSONParser, FormParser])
def finding_acknowledge(request, pk: int):
    """保密审查员确认一条敏感信息提示。"""
    finding = selectors.get_finding_for(request.user, pk)
    services.acknowledge_finding(finding, acting_user=request.user, **_parsed(s.NoteSerializer, request))
    return _revision_response(request, finding.revision)


def _item(request, pk: int) -> Item:
    return selectors.get_item_for(request.user, pk)


@extend_schema(request=s.NewVersionSerializer, responses={201: s.RevisionSerializer})
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def item_new_version(request, pk: int):
    """修改已发布信息：新建版本，重新走审核流程。"""
    revision = services.start_revision(_item(request, pk), acting_user=request.user,
                                       **_parsed(s.NewVersionSerializer, request))
    return _revision_response(request, revision, status.HTTP_201_CREATED)


@extend_schema(request=s.ReasonSerializer, responses=s.StaffItemSerializer)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def item_withdraw(request, pk: int):
    """撤回已发布信息（须填写理由）。"""
    item = services.withdraw_item(_item(request, pk), acting_user=request.user,
                                  **_parsed(s.ReasonSerializer, request))
    return Response(s.StaffItemSerializer(item).data)


@extend_schema(request=s.ValiditySerializer, responses=s.StaffItemSerializer)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def item_validity(request, pk: int):
    """设置有效性（有效、失效、废止）。"""
    data = _parsed(s.ValiditySerializer, request)
    item = services.set_validity(_item(request, pk), data.pop("validity"), acting_user=request.user, **data)
    return Response(s.StaffItemSerializer(item).data)


@extend_schema(request=s.CategoryInputSerializer, responses={201: OpenApiTypes.OBJECT})
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def category_create(request, code: str):
    """新建栏目分类（信息公开办）。"""
    agency = get_agency_for(request.user, Perm.CATALOG_MANAGE, code)
    category = services.create_category(agency, acting_user=request.user, **_parsed(s.CategoryInputSerializer,
                                                                                    request))
    return Response({"id": category.pk, "name": category.name, "column": category.column},
                    status=status.HTTP_201_CREATED)


@extend_schema(request=s.CategoryUpdateSerializer, responses=OpenApiTypes.OBJECT)
@api_view(["PATCH"])
@permission_classes([IsAuthenticated])
def category_update(request, code: str, pk: int):
    """修改栏目分类（名称、所属栏目、法定公开事项、公开时限、启用）。"""
    agency = get_agency_for(request.user, Perm.CATALOG_MANAGE, code)
    category = selectors.staff_category(agency, pk)
    data = _parsed(s.CategoryUpdateSerializer, request)
    current = {"name": category.name, "column": category.column, "statutory_items": category.statutory_items,
               "description": category.description, "publish_limit_days": category.publish_limit_days,
               "is_active": category.is_active}
    category = services.update_category(category, acting_user=request.user, **{**current, **data})
    return Response({"id": category.pk, "name": category.name, "column": category.column,
                     "statutory_items": category.statutory_items, "publish_limit_days": category.publish_limit_days,
                     "is_active": category.is_active})


@extend_schema(request=s.ChainInputSerializer, responses=OpenApiTypes.OBJECT)
@api_view(["PUT"])
@permission_classes([IsAuthenticated])
def chain_set(request, code: str):
    """设置审核流程（本机关默认或某一栏目）。"""
    agency = get_agency_for(request.user, Perm.CATALOG_MANAGE, code)
    data = _parsed(s.ChainInputSerializer, request)
    category = selectors.staff_category(agency, data["category"]) if data["category"] else None
    chain = services.set_approval_chain(agency, data["steps"], acting_user=request.user, category=category)
    return Response({"agency": agency.code, "category": category.pk if category else None, "steps": chain.steps})

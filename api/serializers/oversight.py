"""Input and output shapes of the supervision registers' API (inputs are parsed here; services validate and decide).
Personal data never leaves in clear: names are masked, contacts are not returned."""

from rest_framework import serializers

from api.serializers.actions import ActionsField
from oversight.models import (
    Channel,
    ComplaintResult,
    ComplaintSubject,
    Counterpart,
    DeliveryDirection,
    DisclosureForm,
    ReviewDocument,
    ReviewKind,
    ReviewResult,
    SuggestionKind,
    SuggestionResult,
)


class OptionalDateField(serializers.DateField):
    """A date that may be left out, null or "" (e.g. closed_on while a case is pending): each is None, so a service
    always receives the argument and answers a missing date with its own Chinese message."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("default", None)
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        if value in ("", None):
            return None
        return super().to_internal_value(value)


class _CaseOut(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    status = serializers.CharField()
    status_label = serializers.CharField()
    received_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    due_explanation = serializers.CharField()
    is_overdue = serializers.BooleanField()
    closed_on = serializers.DateField(allow_null=True)
    office = serializers.CharField(source="office.name", default=None, allow_null=True)
    assignee = serializers.CharField(source="assignee.display_name", default=None, allow_null=True)
    actions = ActionsField()


# --- review cases --------------------------------------------------------------------------------------------------

class ReviewCaseIn(serializers.Serializer):
    agency = serializers.CharField(help_text="机关代码")
    kind = serializers.ChoiceField(choices=ReviewKind.choices)
    filed_on = serializers.DateField(help_text="申请复议或起诉日期")
    result = serializers.ChoiceField(choices=ReviewResult.choices, default=ReviewResult.PENDING)
    closed_on = OptionalDateField(help_text="审结日期；尚未审结时留空")
    application = serializers.CharField(required=False, allow_blank=True, max_length=40, help_text="相关申请编号")
    received_on = OptionalDateField(help_text="收到申请书（起诉状）副本日期，默认为申请复议或起诉日期")
    answered_on = OptionalDateField(help_text="已提交答复（答辩）的日期")
    body = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="复议机关或人民法院")
    case_no = serializers.CharField(required=False, allow_blank=True, max_length=60, help_text="案号")
    subject = serializers.CharField(required=False, allow_blank=True, help_text="争议事项")
    result_note = serializers.CharField(required=False, allow_blank=True)


class ReviewCaseOut(_CaseOut):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    case_no = serializers.CharField()
    body = serializers.CharField()
    filed_on = serializers.DateField()
    subject = serializers.CharField()
    party = serializers.CharField(source="party_masked")
    application = serializers.CharField(source="application_no")
    application_id = serializers.IntegerField(allow_null=True)
    answered_on = serializers.DateField(allow_null=True)
    result = serializers.CharField()
    result_label = serializers.CharField(source="get_result_display")
    result_note = serializers.CharField()
    documents = serializers.SerializerMethodField()

    def get_documents(self, obj) -> list[dict]:
        if not self.context.get("detail"):
            return []
        return [{"id": d.id, "kind": d.kind, "title": d.title, "size": d.size} for d in obj.documents.all()]


class AnswerIn(serializers.Serializer):
    answered_on = serializers.DateField()
    comment = serializers.CharField(required=False, allow_blank=True)


class DecideIn(serializers.Serializer):
    result = serializers.ChoiceField(choices=[c for c in ReviewResult.choices if c[0] != ReviewResult.PENDING])
    # Every decision has its date (table 四 counts by it): required here, and the service refuses None as well.
    closed_on = serializers.DateField(help_text="审结日期", error_messages={
        "required": "请填写审结日期（YYYY-MM-DD）。", "null": "请填写审结日期（YYYY-MM-DD）。",
        "invalid": "审结日期应为 YYYY-MM-DD 格式的日期，例如 2026-03-19。"})
    result_note = serializers.CharField(required=False, allow_blank=True)


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class DocumentIn(serializers.Serializer):
    file = serializers.FileField()
    kind = serializers.ChoiceField(choices=ReviewDocument.Kind.choices, default=ReviewDocument.Kind.OTHER)
    title = serializers.CharField(required=False, allow_blank=True)


class TableFourOut(serializers.Serializer):
    agency = serializers.CharField()
    year = serializers.IntegerField()
    row = serializers.ListField(child=serializers.IntegerField(), help_text="表四的15个数：复议、直接起诉、复议后起诉，各为维持、纠正、其他、未结、总计")


# --- suggestions ----------------------------------------------------------------------------------------------------

class SuggestionIn(serializers.Serializer):
    agency = serializers.CharField()
    kind = serializers.ChoiceField(choices=SuggestionKind.choices)
    session_year = serializers.IntegerField()
    proposal_no = serializers.CharField(max_length=30)
    proposer = serializers.CharField(max_length=100)
    proposer_contact = serializers.CharField(required=False, allow_blank=True, max_length=100)
    title = serializers.CharField(max_length=200)
    content = serializers.CharField(required=False, allow_blank=True)
    assigned_on = serializers.DateField()
    topics = serializers.ListField(child=serializers.CharField(max_length=30), required=False, default=list)
    office = serializers.IntegerField(required=False, allow_null=True)
    co_offices = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class SuggestionOut(_CaseOut):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    session_year = serializers.IntegerField()
    proposal_no = serializers.CharField()
    proposer = serializers.CharField()
    title = serializers.CharField()
    topics = serializers.SerializerMethodField()
    assigned_on = serializers.DateField()
    reply_due_on = serializers.DateField(allow_null=True)
    replied_on = serializers.DateField(allow_null=True)
    result_class = serializers.CharField()
    disclosure_form = serializers.CharField()
    disclosure_due_on = serializers.DateField(allow_null=True)
    made_public_on = serializers.DateField(allow_null=True)
    item = serializers.CharField(source="item.index_no", default=None, allow_null=True)

    def get_topics(self, obj) -> list[str]:
        return [t.name for t in obj.topics.all()]


class ReplyIn(serializers.Serializer):
    reply_text = serializers.CharField()
    replied_on = serializers.DateField()
    result_class = serializers.ChoiceField(choices=SuggestionResult.choices)
    disclosure_form = serializers.ChoiceField(choices=DisclosureForm.choices, default=DisclosureForm.FULL)
    disclosure_summary = serializers.CharField(required=False, allow_blank=True)


class ReviseReplyIn(serializers.Serializer):
    reply_text = serializers.CharField()
    disclosure_form = serializers.ChoiceField(choices=DisclosureForm.choices[:2], default=DisclosureForm.FULL)
    disclosure_summary = serializers.CharField(required=False, allow_blank=True)


# --- complaints and site errors ---------------------------------------------------------------------------------------

class ComplaintIn(serializers.Serializer):
    agency = serializers.CharField()
    channel = serializers.ChoiceField(choices=[c for c in Channel.choices if c[0] != Channel.ONLINE])
    received_on = serializers.DateField()
    summary = serializers.CharField()
    is_anonymous = serializers.BooleanField(default=False)
    name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    contact = serializers.CharField(required=False, allow_blank=True, max_length=100)
    subject = serializers.ChoiceField(choices=ComplaintSubject.choices, required=False, allow_blank=True)
    concerns_disclosure = serializers.BooleanField(required=False, allow_null=True, default=None)


class ComplaintOut(_CaseOut):
    channel = serializers.CharField()
    channel_label = serializers.CharField(source="get_channel_display")
    summary = serializers.CharField()
    complainant = serializers.CharField(source="name_masked")
    concerns_disclosure = serializers.BooleanField()
    subject = serializers.CharField()
    result = serializers.CharField()
    reply = serializers.CharField()


class CloseIn(serializers.Serializer):
    result = serializers.ChoiceField(choices=ComplaintResult.choices)
    reply = serializers.CharField(allow_blank=True, required=False, default="")
    closed_on = OptionalDateField()


class ClassifyIn(serializers.Serializer):
    concerns_disclosure = serializers.BooleanField()
    subject = serializers.ChoiceField(choices=ComplaintSubject.choices, required=False, allow_blank=True)


class RouteIn(serializers.Serializer):
    office = serializers.IntegerField(required=False, allow_null=True)
    assignee = serializers.CharField(required=False, allow_blank=True, help_text="承办人用户名")


class SiteErrorOut(_CaseOut):
    page_url = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    description = serializers.CharField()
    fix_note = serializers.CharField()


class FixIn(serializers.Serializer):
    fix_note = serializers.CharField(allow_blank=True)


# --- reading points, deliveries, visits -------------------------------------------------------------------------------

class ReadingPointIn(serializers.Serializer):
    agency = serializers.CharField()
    name = serializers.CharField(max_length=100)
    place = serializers.CharField(max_length=100)
    address = serializers.CharField(max_length=200)
    hours = serializers.CharField(max_length=200)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=50)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class ReadingPointOut(serializers.Serializer):
    id = serializers.IntegerField()
    agency = serializers.CharField(source="agency.code")
    name = serializers.CharField()
    place = serializers.CharField()
    address = serializers.CharField()
    hours = serializers.CharField()
    phone = serializers.CharField()
    is_active = serializers.BooleanField()


class DeliveryIn(serializers.Serializer):
    agency = serializers.CharField()
    direction = serializers.ChoiceField(choices=DeliveryDirection.choices)
    counterpart_kind = serializers.ChoiceField(choices=Counterpart.choices)
    counterpart = serializers.CharField(max_length=100)
    document_title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    doc_no = serializers.CharField(required=False, allow_blank=True, max_length=60)
    item = serializers.CharField(required=False, allow_blank=True, help_text="已发布信息的索引号")
    reading_point = serializers.IntegerField(required=False, allow_null=True)
    delivered_on = serializers.DateField()
    received_by = serializers.CharField(max_length=50)
    copies = serializers.IntegerField(default=1)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class DeliveryOut(serializers.Serializer):
    id = serializers.IntegerField()
    agency = serializers.CharField(source="agency.code")
    direction = serializers.CharField()
    counterpart_kind = serializers.CharField()
    counterpart = serializers.CharField()
    document_title = serializers.CharField()
    doc_no = serializers.CharField()
    item = serializers.CharField(source="item.index_no", default=None, allow_null=True)
    reading_point = serializers.CharField(source="reading_point.name", default=None, allow_null=True)
    delivered_on = serializers.DateField()
    received_by = serializers.CharField()
    copies = serializers.IntegerField()


class VisitIn(serializers.Serializer):
    reading_point = serializers.IntegerField()
    visited_on = serializers.DateField()
    consulted = serializers.CharField(max_length=300)
    visitor_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=200)


class VisitOut(serializers.Serializer):
    id = serializers.IntegerField()
    reading_point = serializers.CharField(source="reading_point.name")
    visited_on = serializers.DateField()
    consulted = serializers.CharField()
    visitor = serializers.CharField(source="visitor_masked")
    purpose = serializers.CharField()


# --- work plan ----------------------------------------------------------------------------------------------------

class WorkPlanIn(serializers.Serializer):
    agency = serializers.CharField()
    year = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    basis = serializers.CharField(required=False, allow_blank=True, max_length=200)


class TaskOut(_CaseOut):
    sequence = serializers.IntegerField()
    title = serializers.CharField()
    owner = serializers.CharField()
    evidence = serializers.CharField()
    evidence_item = serializers.CharField(source="evidence_item.index_no", default=None, allow_null=True)


class WorkPlanOut(serializers.Serializer):
    id = serializers.IntegerField()
    agency = serializers.CharField(source="agency.code")
    year = serializers.IntegerField()
    title = serializers.CharField()
    basis = serializers.CharField()
    tasks = TaskOut(many=True, source="tasks.all")


class TaskIn(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    owner = serializers.CharField(max_length=100)
    due_on = serializers.DateField()


class CompleteIn(serializers.Serializer):
    evidence = serializers.CharField(allow_blank=True)
    completed_on = OptionalDateField()
    evidence_item = serializers.CharField(required=False, allow_blank=True, help_text="佐证信息的索引号")


# --- summaries ----------------------------------------------------------------------------------------------------

class PeriodQuery(serializers.Serializer):
    agency = serializers.CharField(required=False, help_text="机关代码；不填则为我可以查看的全部机关")
    start = serializers.DateField()
    end = serializers.DateField()

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": ["结束日期不能早于开始日期。"]})
        return attrs


class YearQuery(serializers.Serializer):
    agency = serializers.CharField()
    year = serializers.IntegerField(min_value=2008, max_value=2100)


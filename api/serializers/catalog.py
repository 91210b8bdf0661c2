"""Input and output shapes of the catalogue API (inputs are parsed here; services validate and decide)."""

from rest_framework import serializers

from agencies.models import Agency
from api.serializers.actions import ActionsField
from catalog.models import Attachment, Decision, DisclosureMode, DocKind, Item, Revision, Scope, Validity


class AgencySerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", default=None, allow_null=True, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = ["code", "name", "short_name", "kind", "kind_label", "parent", "url"]

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(f"/gk/{obj.code}/")


class ItemSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code")
    category = serializers.CharField(source="category.name")
    category_id = serializers.IntegerField()
    validity_label = serializers.CharField(source="get_validity_display")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = ["index_no", "title", "summary", "agency", "category", "category_id", "formed_on", "published_on",
                  "updated_on", "doc_no", "issuer", "validity", "validity_label", "abolished_on", "url"]

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "kind", "size", "url"]

    def get_url(self, obj) -> str:
        from django.urls import reverse

        return self.context["request"].build_absolute_uri(
            reverse("portal:attachment", args=[obj.revision.item.index_no, obj.pk]))


class ItemDetailSerializer(ItemSerializer):
    body_html = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    disclosure_mode = serializers.CharField()
    scope = serializers.CharField()
    topic = serializers.CharField()

    class Meta(ItemSerializer.Meta):
        fields = [*ItemSerializer.Meta.fields, "topic", "disclosure_mode", "scope", "body_html", "attachments"]

    def get_body_html(self, obj) -> str:
        return obj.body_html if obj.shows_body else ""

    def get_attachments(self, obj) -> list[dict]:
        from catalog.selectors import public_attachments

        return AttachmentSerializer(public_attachments(obj).select_related("revision__item"), many=True,
                                    context=self.context).data


class DueDateQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="起算日期 YYYY-MM-DD（当日不计入）")
    days = serializers.IntegerField(min_value=1, max_value=366, help_text="工作日天数")


class DueDateSerializer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    due_date = serializers.DateField()
    explanation = serializers.CharField()


# --- staff -----------------------------------------------------------------------------------------------------

class DraftInputSerializer(serializers.Serializer):
    agency = serializers.CharField(help_text="机关代码")
    category = serializers.IntegerField(help_text="信息分类 id", min_value=1, max_value=2**31 - 1)
    office = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)
    title = serializers.CharField(max_length=200)
    formed_on = serializers.DateField()
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    doc_no = serializers.CharField(required=False, allow_blank=True, default="")
    issuer = serializers.CharField(required=False, allow_blank=True, default="")
    topic = serializers.CharField(required=False, allow_blank=True, default="")
    body_html = serializers.CharField(required=False, allow_blank=True, default="")
    disclosure_mode = serializers.ChoiceField(choices=DisclosureMode.choices, default=DisclosureMode.PROACTIVE)
    withhold_reason = serializers.CharField(required=False, allow_blank=True, default="")
    scope = serializers.ChoiceField(choices=Scope.choices, default=Scope.PUBLIC)
    doc_kind = serializers.ChoiceField(choices=DocKind.choices, required=False, default="")


class DraftUpdateSerializer(serializers.Serializer):
    category = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    office = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)
    title = serializers.CharField(max_length=200, required=False)
    formed_on = serializers.DateField(required=False)
    summary = serializers.CharField(required=False, allow_blank=True)
    doc_no = serializers.CharField(required=False, allow_blank=True)
    issuer = serializers.CharField(required=False, allow_blank=True)
    topic = serializers.CharField(required=False, allow_blank=True)
    body_html = serializers.CharField(required=False, allow_blank=True)
    disclosure_mode = serializers.ChoiceField(choices=DisclosureMode.choices, required=False)
    withhold_reason = serializers.CharField(required=False, allow_blank=True)
    scope = serializers.ChoiceField(choices=Scope.choices, required=False)
    doc_kind = serializers.ChoiceField(choices=DocKind.choices, required=False)
    change_note = serializers.CharField(required=False, allow_blank=True)


class FindingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    context = serializers.CharField()
    acknowledged = serializers.SerializerMethodField()

    def get_acknowledged(self, obj) -> bool:
        return obj.acknowledged_at is not None


class RevisionSerializer(serializers.ModelSerializer):
    item_id = serializers.IntegerField()
    agency = serializers.CharField(source="item.agency.code")
    index_no = serializers.CharField(source="item.index_no", allow_null=True)
    item_status = serializers.CharField(source="item.status")
    category = serializers.IntegerField(source="category_id")
    office = serializers.IntegerField(source="office_id", allow_null=True)
    findings = FindingSerializer(many=True)
    actions = ActionsField()

    class Meta:
        model = Revision
        fields = ["id", "item_id", "agency", "index_no", "item_status", "number", "status", "chain", "step_index",
                  "awaiting_step", "category", "office", "title", "summary", "doc_no", "issuer", "topic", "formed_on",
                  "disclosure_mode", "withhold_reason", "scope", "doc_kind", "body_html", "change_note",
                  "publish_due", "publish_due_explanation", "findings", "actions"]


class ApproveSerializer(serializers.Serializer):
    expected_step = serializers.IntegerField(required=False, allow_null=True, default=None,
                                             help_text="提交时看到的步骤序号，防止重复提交")
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    secrecy_result = serializers.ChoiceField(choices=Decision.SecrecyResult.choices, required=False,
                                             allow_blank=True, default="")
    removed_content = serializers.CharField(required=False, allow_blank=True, default="")
    legal_ground = serializers.CharField(required=False, allow_blank=True, default="")
    revised_body_html = serializers.CharField(required=False, allow_null=True, default=None)


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField()
    expected_step = serializers.IntegerField(required=False, allow_null=True, default=None)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class NewVersionSerializer(serializers.Serializer):
    change_note = serializers.CharField()
    formed_on = serializers.DateField(required=False, allow_null=True, default=None)


class ValiditySerializer(serializers.Serializer):
    validity = serializers.ChoiceField(choices=Validity.choices)
    abolished_on = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CategoryInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    column = serializers.CharField()
    statutory_items = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    publish_limit_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                                  max_value=20)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class CategoryUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50, required=False)
    column = serializers.CharField(required=False)
    statutory_items = serializers.ListField(child=serializers.CharField(), required=False)
    publish_limit_days = serializers.IntegerField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class ChainInputSerializer(serializers.Serializer):
    steps = serializers.ListField(child=serializers.CharField())
    category = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                        max_value=2**31 - 1)


class StaffItemSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code")

    class Meta:
        model = Item
        fields = ["id", "index_no", "agency", "title", "status", "category_id", "office_id", "published_on",
                  "validity", "version"]

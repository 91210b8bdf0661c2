"""Serializers of the applications API: input of the staff registration and of each event (every event takes `date`,
the day it happened, YYYY-MM-DD), and the application as staff see it (personal data masked unless asked for by a
holder of the personal-data permission, which is audited)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from applications import rules
from applications.models import (
    Application,
    Channel,
    Consultation,
    DeliveryMethod,
    FeeItem,
    FeeNotice,
    FormOfProvision,
    IdType,
    Letter,
    Route,
)

from .actions import ActionsField

# --- code lists ---------------------------------------------------------------------------------------------------


class ReplyCodeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A1 … A23")
    label = serializers.CharField(help_text="答复类型")
    basis = serializers.CharField(help_text="2019年条例依据")
    basis_2007 = serializers.CharField(help_text="2007年条例依据；空表示2007年条例下没有该答复类型")
    row = serializers.CharField(help_text="年报表三的行（applications.rules.OUTCOME_ROWS）")
    row_label = serializers.CharField(help_text="年报表三的行名称")


class ApplicantTypeSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    column = serializers.CharField(help_text="年报表三的列（applications.rules.COLUMNS）")
    column_label = serializers.CharField()
    is_organisation = serializers.BooleanField()
    id_types = serializers.ListField(child=serializers.CharField(), help_text="可使用的证件类型")


# --- input ------------------------------------------------------------------------------------------------------


class ApplicationCreateSerializer(serializers.Serializer):
    agency = serializers.CharField(help_text="受理机关的机关代码")
    channel = serializers.ChoiceField(choices=Channel.choices, help_text="提交渠道")
    filled_by_staff = serializers.BooleanField(default=False, help_text="代为填写（申请人书写困难，口头提出）")
    applicant_type = serializers.ChoiceField(choices=[(t.code, t.label) for t in rules.APPLICANT_TYPES])
    applicant_name = serializers.CharField(max_length=100, help_text="姓名或名称")
    contact_person = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    id_type = serializers.ChoiceField(choices=IdType.choices, help_text="证件类型；居民身份证与统一社会信用代码校验校验位")
    id_number = serializers.CharField(max_length=60)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=6, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(help_text="所需信息的名称、文号或特征性描述")
    doc_no = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    form_of_provision = serializers.ChoiceField(choices=FormOfProvision.choices, help_text="获取方式")
    route = serializers.ChoiceField(choices=Route.choices, required=False, help_text="获取途径（缺省：有地址为邮寄，"
                                                                                   "有电子邮箱为电子邮件，否则自行领取）")
    arrived_on = serializers.DateField(help_text="申请到达（当面提交、签收或收到）的日期")
    received_on = serializers.DateField(required=False, allow_null=True, default=None,
                                        help_text="法定的收到申请之日：邮寄为签收之日（缺省为到达日期）；平常信函、网上、"
                                                  "电子邮件、传真为双方确认之日（缺省为空，申请待确认）；当面提交不填")
    confirmation_note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    fee_waiver_requested = serializers.BooleanField(default=False)
    wants_notices = serializers.BooleanField(
        default=True, help_text="申请人是否同意通过所留电子邮箱或手机号码接收办理进展通知（仅对本申请有效，缺省为是）")
    idempotency_key = serializers.CharField(max_length=80, required=False, allow_blank=True, default="",
                                            help_text="同一键重复提交只登记一次（也可用 Idempotency-Key 请求头）")


class DateSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="事件发生的日期（YYYY-MM-DD）；不能晚于今天")


class ConfirmReceiptSerializer(DateSerializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                 help_text="确认方式，例如：电话确认")


class RequestCorrectionSerializer(DateSerializer):
    items = serializers.CharField(help_text="需要补正的事项（一次性告知）")
    deadline = serializers.DateField(required=False, allow_null=True, default=None,
                                     help_text="补正期限（缺省为告知之日起15个工作日）")


class ReceiveCorrectionSerializer(DateSerializer):
    late_reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                        help_text="补正期限届满后收到的，须填写正当理由")


class StartConsultationSerializer(DateSerializer):
    party = serializers.ChoiceField(choices=Consultation.Party.choices, help_text="third_party 第三方；agency 其他机关")
    party_name = serializers.CharField(max_length=100)
    party_received_on = serializers.DateField(required=False, allow_null=True, default=None,
                                              help_text="对方收到征求意见函的日期（缺省为发函日期）")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ConsultationReceivedSerializer(DateSerializer):
    consultation = serializers.IntegerField(required=False, allow_null=True, default=None,
                                            help_text="征求意见的 id（只有一件未结束时可省略）")


class EndConsultationSerializer(DateSerializer):
    outcome = serializers.ChoiceField(choices=Consultation.Outcome.choices, required=False, allow_blank=True,
                                      default="", help_text="缺省：答复期限届满后按逾期未答复处理（其他机关视为同意）")
    consultation = serializers.IntegerField(required=False, allow_null=True, default=None,
                                            help_text="征求意见的 id（只有一件未结束时可省略）")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ExtendSerializer(DateSerializer):
    days = serializers.IntegerField(help_text="延长的工作日数（2019年条例最长20个，2007年条例最长15个）")
    reason = serializers.CharField(max_length=300)
    approver = serializers.CharField(required=False, allow_blank=True, default="",
                                     help_text="批准人的用户名（缺省为操作人），须为政府信息公开工作机构负责人")


class ReasonablePeriodSerializer(DateSerializer):
    due_on = serializers.DateField(help_text="延迟后的答复期限（晚于现在的答复期限）")
    reason = serializers.CharField(max_length=300, help_text="理由（告知申请人并在办理查询页面显示，不得含个人信息）")
    approver = serializers.CharField(required=False, allow_blank=True, default="",
                                     help_text="批准人的用户名（缺省为操作人），须为政府信息公开工作机构负责人")


class FeeItemInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FeeItem.Kind.choices, help_text="retrieval 检索费，copying 复制费，postage 邮寄费")
    quantity = serializers.IntegerField(min_value=1, max_value=100_000, help_text="数量（人次、页、件等）")
    unit_price = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0,
                                          help_text="单价（元），按所在地价格主管部门会同财政部门制定的收费标准")
    unit = serializers.CharField(max_length=10, required=False, allow_blank=True, default="",
                                 help_text="计量单位（缺省：检索费人次、复制费页、邮寄费件）")
    description = serializers.CharField(max_length=100, required=False, allow_blank=True, default="",
                                        help_text="说明，例如 A4纸复印、光盘刻录、挂号信")


class FeeNoticeSerializer(DateSerializer):
    method = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="2019年条例的信息处理费：per_application 按件计收，或 per_page 按量计收（不能同时适用）")
    items = FeeItemInputSerializer(many=True, required=False, default=list,
                                   help_text="2007年条例的申请：逐项填写检索、复制、邮寄等成本费用（不填 method）")
    standard = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                     help_text="成本费用的收费标准依据（所在地价格主管部门会同财政部门制定的标准）")
    waiver_ground = serializers.ChoiceField(choices=FeeNotice.WaiverGround.choices, required=False, allow_blank=True,
                                            default="", help_text="成本费用减收的依据（hardship 经济困难，exempt_group "
                                                                  "五保、低保、优抚对象）")
    pages = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="按量计收的页数")
    applicant_received_on = serializers.DateField(required=False, allow_null=True, default=None,
                                                  help_text="申请人收到通知的日期（缺省为发出日期）")
    reduce_to = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True,
                                         default=None, help_text="减收后的金额（元）")
    reduction_reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    approver = serializers.CharField(required=False, allow_blank=True, default="")


class FeePaidSerializer(DateSerializer):
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True, default=None)


class WaiveFeeSerializer(DateSerializer):
    reason = serializers.CharField(max_length=300)
    waiver_ground = serializers.ChoiceField(
        choices=FeeNotice.WaiverGround.choices, required=False, allow_blank=True, default="",
        help_text="2007年条例成本费用的减免依据（必填）：hardship 确有经济困难（第二十八条），exempt_group 五保、低保、"
                  "优抚对象（财综〔2008〕44号）")
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, default=0,
                                      help_text="减免后的金额（元），0为全部免除")
    approver = serializers.CharField(required=False, allow_blank=True, default="")


class ReplySerializer(DateSerializer):
    reply_code = serializers.CharField(required=False, allow_blank=True, default="",
                                       help_text="答复类型 A1 … A23（必填，见 /api/v1/reply-codes/）")
    text = serializers.CharField(required=False, allow_blank=True, default="", help_text="答复内容或理由")


class DeliverSerializer(DateSerializer):
    method = serializers.ChoiceField(choices=DeliveryMethod.choices,
                                     help_text="直接送达、委托送达为签收之日；邮寄送达为交邮之日")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SplitSerializer(DateSerializer):
    parts = serializers.ListField(child=serializers.CharField(allow_blank=True), help_text="每一项所需信息的描述")


class AbandonSerializer(DateSerializer):
    text = serializers.CharField(required=False, allow_blank=True, default="", help_text="说明")


# --- output -----------------------------------------------------------------------------------------------------


def _action_url(obj, name: str) -> str:
    return reverse(f"api-application-{name}", args=[obj.pk])


class LetterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Letter
        fields = ["id", "kind", "number", "title", "addressee", "issued_on", "to_applicant"]


class ConsultationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consultation
        fields = ["id", "party", "party_name", "sent_on", "party_received_on", "answer_due", "answered_on", "outcome"]


class ApplicantSerializer(serializers.Serializer):
    name = serializers.CharField()
    contact_person = serializers.CharField()
    id_type = serializers.CharField()
    id_number = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()
    email = serializers.CharField()
    masked = serializers.BooleanField(help_text="个人信息是否已遮蔽")


class ApplicationSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    status_label = serializers.CharField(source="get_status_display")
    applicant = serializers.SerializerMethodField()
    handler = serializers.SerializerMethodField()
    reply_label = serializers.SerializerMethodField()
    reply_row = serializers.SerializerMethodField()
    days_left = serializers.SerializerMethodField()
    correction = serializers.SerializerMethodField()
    consultations = ConsultationSerializer(many=True, read_only=True)
    extension = serializers.SerializerMethodField()
    reasonable_period = serializers.SerializerMethodField()
    fee = serializers.SerializerMethodField()
    parent = serializers.CharField(source="parent.number", default=None, allow_null=True)
    parts = serializers.SlugRelatedField(many=True, read_only=True, slug_field="number")
    letters = LetterSerializer(many=True, read_only=True)
    # the events the requesting person may record now (applications.workflow: state, permission, legal conditions
    # such as 视为放弃 only after the period has passed), in the order the back office offers them
    actions = ActionsField(url=_action_url)

    class Meta:
        model = Application
        fields = ["id", "number", "tracking_code", "agency", "agency_name", "channel", "filled_by_staff",
                  "applicant_type", "applicant", "description", "doc_no", "form_of_provision", "route", "arrived_on",
                  "received_on", "rule_set", "status", "status_label", "due_date", "due_date_explanation",
                  "days_left", "reply_code", "reply_label", "reply_row", "replied_on", "reply_text",
                  "delivery_method", "delivered_on", "archived_on", "handler", "parent", "parts", "correction",
                  "consultations", "extension", "reasonable_period", "fee", "letters", "notices_wanted", "actions"]

    @extend_schema_field(ApplicantSerializer)
    def get_applicant(self, obj):
        personal = self.context.get("personal")
        if personal is not None:
            return {"name": obj.applicant_name, "contact_person": obj.contact_person, "id_type": personal.id_type,
                    "id_number": personal.id_number, "phone": personal.phone, "address": personal.address,
                    "email": personal.email, "masked": False}
        from applications.selectors import masked_applicant

        m = masked_applicant(obj)
        return {"name": m.name, "contact_person": obj.contact_person, "id_type": m.id_type,
                "id_number": m.id_number, "phone": m.phone, "address": m.address, "email": m.email, "masked": True}

    def get_handler(self, obj) -> str | None:
        return obj.handler.display_name if obj.handler else None

    def get_reply_label(self, obj) -> str | None:
        return obj.reply.label if obj.reply else None

    def get_reply_row(self, obj) -> str | None:
        return obj.reply.row if obj.reply else None

    def get_days_left(self, obj) -> int | None:
        from applications.selectors import days_left

        return days_left(obj)

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_correction(self, obj):
        c = _one(obj, "correction")
        return None if c is None else {"notified_on": _iso(c.notified_on), "items": c.items,
                                       "deadline": _iso(c.deadline), "received_on": _iso(c.received_on)}

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_extension(self, obj):
        e = _one(obj, "extension")
        return None if e is None else {"days": e.days, "decided_on": _iso(e.decided_on),
                                       "approved_by": e.approved_by.display_name, "reason": e.reason,
                                       "original_due": _iso(e.original_due)}

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_reasonable_period(self, obj):
        p = _one(obj, "reasonable_period")
        return None if p is None else {"due_on": _iso(p.due_on), "decided_on": _iso(p.decided_on),
                                       "approved_by": p.approved_by.display_name, "reason": p.reason,
                                       "original_due": _iso(p.original_due)}

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_fee(self, obj):
        f = _one(obj, "fee")
        return None if f is None else {
            "method": f.method, "pages": f.pages, "computed_amount": str(f.computed_amount), "amount": str(f.amount),
            "explanation": f.explanation, "notified_on": _iso(f.notified_on), "payment_due": _iso(f.payment_due),
            "outcome": f.outcome or None, "settled_on": _iso(f.settled_on), "amount_paid": str(f.amount_paid),
            "reduction_reason": f.reduction_reason, "method_label": FeeNotice.Method(f.method).label,
            "fee_name": f.fee_name, "standard": f.standard, "waiver_ground": f.waiver_ground or None,
            "reduced_on": _iso(f.reduced_on), "waived_amount": str(f.waived_amount),
            "items": [{"kind": i.kind, "kind_label": i.get_kind_display(), "description": i.description,
                       "unit": i.unit, "quantity": i.quantity, "unit_price": str(i.unit_price), "amount": str(i.amount)}
                      for i in f.items.all()]}


class ApplicationListSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code")
    status_label = serializers.CharField(source="get_status_display")
    # the events the requesting person may record now (applications.workflow: state, permission, legal conditions
    # such as 视为放弃 only after the period has passed), in the order the back office offers them
    actions = ActionsField(url=_action_url)

    class Meta:
        model = Application
        fields = ["id", "number", "agency", "channel", "applicant_type", "received_on", "rule_set", "status",
                  "status_label", "due_date", "reply_code", "replied_on", "actions"]


def _iso(day):
    return day.isoformat() if day else None


def _one(obj, name):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None

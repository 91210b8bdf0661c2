"""Applications for disclosure (依申请公开) and the events that move their statutory clock.

An Application holds the applicant's request (Art.29), its channel and its two dates (when it arrived and the legal
receipt date of Art.31), the rule set in force on that date, the lifecycle status, the outcome (one reply code), and
the stored due date with its plain-Chinese explanation. The clock events each have their own small table:

    CorrectionRequest  补正 (Art.30): once per application; the reply period restarts when the correction arrives.
    Consultation       征求第三方/其他机关意见 (Art.32, 34): time from sending to the answer (or the expiry of the
                       15 working days) is not counted (Art.33¶3).
    Extension          延期 (Art.33¶2): once, ≤ 20 working days (15 under 2007), approved by a named person.
    ReasonablePeriod   延迟答复的合理期限 (Art.35): the agency sets the reply due date itself, with a reason.
    FeeNotice          收费通知: 信息处理费 (2019 rules, 国办函〔2020〕109号) or the 2007 rules' cost fees (检索、复制、邮寄
                       成本费用, one FeeItem per cost); notice to payment not counted (settings.FEE_PERIOD_SUSPENDS_CLOCK).

`applications.clock` turns these rows into the due date; services change them (never views).
Personal data (ID number, phone, address, e-mail) is encrypted at rest; `id_index` is a keyed blind index for "the same
applicant" (fee tiers, repeated applications).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from privacy.fields import EncryptedTextField

from . import rules

FEE_PAYMENT_DAYS = 20  # 收到收费通知次日起20个工作日内 (§3.4)
DEFAULT_CORRECTION_DAYS = 15  # working days given to correct, when staff do not set a date ("合理的补正期限")


def pending_period_text(start, days: int) -> str:
    """期限待定 and the calendar's own message, for a period that ends beyond the loaded calendar ("" once it is
    loaded). Never a Monday–Friday guess."""
    from workdays.errors import CalendarNotLoaded
    from workdays.loading import get_calendar

    try:
        get_calendar().nth_working_day_after(start, days)
    except CalendarNotLoaded as exc:
        return f"期限待定。{exc.message}录入后将自动计算。"
    return ""


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "当面提交"
    POST = "post", "邮寄（需签收）"
    LETTER = "letter", "平常信函"
    ONLINE = "online", "网上申请"
    EMAIL = "email", "电子邮件"
    FAX = "fax", "传真"


# Art.31(二)(三): for these channels the receipt date is the day both sides confirmed; until staff record the
# confirmation the application waits in 待确认 and no clock runs.
CONFIRMATION_CHANNELS = frozenset({Channel.LETTER, Channel.ONLINE, Channel.EMAIL, Channel.FAX})


class IdType(models.TextChoices):
    ID_CARD = "id_card", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"
    OTHER_PERSONAL = "other_personal", "其他有效身份证件"
    USCC = "uscc", "统一社会信用代码"
    OTHER_ORG = "other_org", "其他组织机构证明"


PERSONAL_ID_TYPES = frozenset({IdType.ID_CARD, IdType.PASSPORT, IdType.HK_MACAO, IdType.TAIWAN, IdType.FOREIGN_PR,
                               IdType.OTHER_PERSONAL})
ORGANISATION_ID_TYPES = frozenset({IdType.USCC, IdType.OTHER_ORG})


class FormOfProvision(models.TextChoices):
    """获取信息的方式 (Art.29(三), Art.40)."""

    PAPER = "paper", "纸质文本"
    ELECTRONIC = "electronic", "电子文档"
    DISC = "disc", "光盘、U盘等存储介质"
    VIEWING = "viewing", "当场阅读、抄录"


class Route(models.TextChoices):
    """获取信息的途径 (Art.29(三))."""

    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "自行领取"
    FAX = "fax", "传真"
    ONLINE = "online", "网上获取（本平台）"


class Status(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", "待确认"
    IN_PROGRESS = "in_progress", "办理中"
    CORRECTION = "correction", "补正中"
    CONSULTATION = "consultation", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
    REPLIED = "replied", "已答复"
    ABANDONED = "abandoned", "视为放弃"
    DELIVERED = "delivered", "已送达"
    ARCHIVED = "archived", "已归档"
    SPLIT = "split", "已拆分"


# Statuses in which the reply clock is running or stopped but the application is not concluded.
OPEN_STATUSES = (Status.AWAITING_CONFIRMATION, Status.IN_PROGRESS, Status.CORRECTION, Status.CONSULTATION,
                 Status.AWAITING_FEE)
# Received, with a running reply clock (reminders, overdue).
CLOCK_STATUSES = (Status.IN_PROGRESS, Status.CONSULTATION, Status.AWAITING_FEE)


class DeliveryMethod(models.TextChoices):
    """国办公开办函〔2016〕235号: the date that counts is the signing day, or the day handed to the post office."""

    DIRECT = "direct", "直接送达"
    ENTRUSTED = "entrusted", "委托其他行政机关代为送达"
    POST = "post", "邮寄送达（邮政企业）"
    ELECTRONIC = "electronic", "电子送达（电子邮件、网上平台）"


class ApplicationQuerySet(models.QuerySet):
    def counted(self):
        """Applications that count in statistics: a split application is replaced by its parts (一事一申请)."""
        return self.exclude(status=Status.SPLIT)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def received_between(self, start, end):
        return self.filter(received_on__gte=start, received_on__lte=end)


class Application(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name="受理机关", on_delete=models.PROTECT,
                               related_name="applications")
    number = models.CharField("申请编号", max_length=24)  # 2026-0007, split parts 2026-0007-1
    tracking_code = models.CharField("查询码", max_length=12, unique=True)
    channel = models.CharField("提交渠道", max_length=12, choices=Channel.choices)
    filled_by_staff = models.BooleanField("代为填写", default=False,
                                          help_text="申请人书写确有困难，口头提出，由工作人员代为填写（条例第二十九条）。")

    # --- the applicant (Art.29(一)) ---
    applicant_type = models.CharField("申请人类型", max_length=20,
                                      choices=[(t.code, t.label) for t in rules.APPLICANT_TYPES])
    applicant_name = models.CharField("姓名或名称", max_length=100)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_number = EncryptedTextField("证件号码")
    id_index = models.CharField(max_length=64, editable=False, db_index=True)  # blind_index(id_number)
    phone = EncryptedTextField("联系电话", blank=True)
    address = EncryptedTextField("通信地址", blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    email = EncryptedTextField("电子邮箱", blank=True)
    # The applicant's answer to "告知办理进展" for this application only (a global opt-out is the notices' own link).
    notices_wanted = models.BooleanField("通过电子邮件或短信告知办理进展", default=True)

    # --- what is asked and how (Art.29(二)(三)) ---
    description = models.TextField("所需信息的名称、文号或特征性描述")
    doc_no = models.CharField("文号", max_length=100, blank=True)
    form_of_provision = models.CharField("获取方式", max_length=12, choices=FormOfProvision.choices)
    route = models.CharField("获取途径", max_length=12, choices=Route.choices)
    fee_waiver_requested = models.BooleanField("申请减免费用", default=False)

    # --- dates (Art.31) and rule set (V-1) ---
    arrived_on = models.DateField("到达日期")
    received_on = models.DateField("收到申请日期", null=True, blank=True,
                                   help_text="法定的收到申请之日；平常信函、网上、电子邮件、传真为双方确认之日，确认前为空。")
    confirmation_note = models.CharField("确认方式", max_length=200, blank=True)
    rule_set = models.CharField("适用条例", max_length=4,
                                choices=[(rules.RULE_SET_2007, "2007年条例"), (rules.RULE_SET_2019, "2019年条例")])

    # --- lifecycle and outcome ---
    status = models.CharField("状态", max_length=24, choices=Status.choices)
    due_date = models.DateField("答复期限", null=True, blank=True)
    due_date_explanation = models.TextField("期限计算说明", blank=True)
    reply_code = models.CharField("答复类型", max_length=3, blank=True,
                                  choices=[(c.code, f"{c.code} {c.label}") for c in rules.REPLY_CODES])
    replied_on = models.DateField("答复日期", null=True, blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    delivery_method = models.CharField("送达方式", max_length=12, choices=DeliveryMethod.choices, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True,
                                    help_text="直接送达为签收之日；邮寄送达为交邮之日。")
    delivery_note = models.CharField("送达说明", max_length=200, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)

    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", verbose_name="拆分自", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="parts")
    proactive_item = models.ForeignKey("catalog.Item", verbose_name="转为主动公开", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    # A double click or a retried request carries the same key: one application (unique when set).
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-arrived_on", "-id"]
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="application_number_per_agency"),
            models.UniqueConstraint(fields=["idempotency_key"], condition=Q(idempotency_key__isnull=False),
                                    name="application_idempotency_key"),
            # Exactly one reply code once concluded; none before (RT-2).
            models.CheckConstraint(
                condition=Q(status__in=["replied", "abandoned", "delivered", "archived"], reply_code__gt="")
                | (~Q(status__in=["replied", "abandoned", "delivered", "archived"]) & Q(reply_code="")),
                name="application_reply_code_iff_concluded"),
        ]
        indexes = [
            # the work list and reminders: open applications by due date
            models.Index(fields=["agency", "status", "due_date"], name="application_agency_status_due"),
            # table 三 一 and 二/四: receipts per agency and period
            models.Index(fields=["agency", "received_on"], name="application_agency_received"),
            # table 三 三: conclusions per agency and period
            models.Index(fields=["agency", "replied_on"], name="application_agency_replied"),
            # fee tiers: the same applicant's applications in one month
            models.Index(fields=["agency", "id_index", "received_on"], name="application_same_applicant"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.description[:20]}"

    def get_absolute_url(self) -> str:
        return reverse("backoffice:application", args=[self.pk])

    @property
    def ruleset(self) -> rules.RuleSet:
        return rules.RULE_SETS[self.rule_set]

    @property
    def applicant_type_label(self) -> str:
        return rules.APPLICANT_TYPE_BY_CODE[self.applicant_type].label

    @property
    def is_organisation(self) -> bool:
        return rules.APPLICANT_TYPE_BY_CODE[self.applicant_type].is_organisation

    @property
    def reply(self) -> rules.ReplyCode | None:
        return rules.REPLY_CODE_BY_CODE.get(self.reply_code)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def workflow(self):
        """The workflow of applications (applications.workflow): state labels and tones, the events offered."""
        from .workflow import APPLICATION_WORKFLOW

        return APPLICATION_WORKFLOW

    @property
    def is_timed(self) -> bool:
        """Received, with a running reply clock (it can be overdue)."""
        return self.status in CLOCK_STATUSES

    @property
    def is_concluded(self) -> bool:
        return bool(self.reply_code)

    @property
    def counted_reply_on(self):
        """DLV-1: the date compared with the due date: the delivery date once delivered (signing day / posting day),
        else the reply date."""
        return self.delivered_on or self.replied_on

    @property
    def due_is_provisional(self) -> bool:
        """The reply clock runs but its due date lies beyond the loaded calendar (see `applications.clock`)."""
        return self.status in CLOCK_STATUSES and self.received_on is not None and self.due_date is None

    @property
    def replied_late(self) -> bool | None:
        if not self.reply_code or self.reply_code in rules.ABANDONMENT_CODES or self.due_date is None:
            return None
        return self.counted_reply_on > self.due_date


class CorrectionRequest(models.Model):
    """补正 (Art.30): one notice per application (一次性告知), with the period the agency sets."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="correction")
    notified_on = models.DateField("告知补正日期")
    items = models.TextField("需要补正的事项")
    deadline = models.DateField("补正期限", null=True, blank=True,
                                help_text="为空：默认期限超出已载入的工作日历，待录入下一年度节假日安排后自动计算。")
    received_on = models.DateField("收到补正日期", null=True, blank=True)
    late_reason = models.CharField("逾期补正的正当理由", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "补正告知"
        verbose_name_plural = "补正告知"

    @property
    def deadline_pending_text(self) -> str:
        """期限待定 with the calendar's message, while the default period ends beyond the loaded calendar."""
        if self.deadline is not None:
            return ""
        return pending_period_text(self.notified_on, DEFAULT_CORRECTION_DAYS)


class Consultation(models.Model):
    """征求意见 (Art.32 third party, Art.34 co-authoring agency). The interval from `sent_on` to `answered_on` (or to
    `answer_due` when there is no timely answer), both ends included, does not count toward the reply period."""

    class Party(models.TextChoices):
        THIRD_PARTY = "third_party", "第三方"
        AGENCY = "agency", "其他机关"

    class Outcome(models.TextChoices):
        AGREED = "agreed", "同意公开"
        OBJECTED = "objected", "不同意公开"
        NO_ANSWER = "no_answer", "逾期未答复（由本机关依法决定）"
        DEEMED_CONSENT = "deemed_consent", "逾期未答复，视为同意公开"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consultations")
    party = models.CharField("征求对象", max_length=12, choices=Party.choices)
    party_name = models.CharField("对象名称", max_length=100)
    sent_on = models.DateField("发函日期")
    party_received_on = models.DateField("对方收到日期")
    answer_due = models.DateField("答复期限", null=True, blank=True,
                                  help_text="为空：期限超出已载入的工作日历，待录入下一年度节假日安排后自动计算。")
    answered_on = models.DateField("收到意见日期", null=True, blank=True)
    outcome = models.CharField("意见", max_length=16, choices=Outcome.choices, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"

    @property
    def is_open(self) -> bool:
        return not self.outcome

    @property
    def suspended_until(self):
        """The last day not counted: the answer's date, capped at the end of the answer period (None while that end
        is provisional and no answer came: the reply due date is then provisional too)."""
        if self.answered_on is not None:
            return self.answered_on if self.answer_due is None else min(self.answered_on, self.answer_due)
        return self.answer_due

    @property
    def answer_due_pending_text(self) -> str:
        """期限待定 with the calendar's message, while the 15 working days end beyond the loaded calendar."""
        if self.answer_due is not None:
            return ""
        return pending_period_text(self.party_received_on, rules.RULE_SETS[self.application.rule_set].consultation_days)


class Extension(models.Model):
    """延期答复 (Art.33¶2): once, approved by the head of the disclosure office, notified before the due date."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="extension")
    days = models.PositiveSmallIntegerField("延长工作日数")
    decided_on = models.DateField("批准并告知日期")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人", on_delete=models.PROTECT,
                                    related_name="+")
    reason = models.CharField("延期理由", max_length=300)
    original_due = models.DateField("原答复期限")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "延期答复"
        verbose_name_plural = "延期答复"


class ReasonablePeriod(models.Model):
    """确定延迟答复的合理期限 (Art.35): the applicant's requests clearly exceed a reasonable range in quantity or
    frequency, the reasons are reasonable, but the application cannot be answered in time: the agency sets a longer
    reasonable period (no statutory cap) and notifies the applicant. `due_on` replaces the computed reply due date."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="reasonable_period")
    due_on = models.DateField("延迟后的答复期限")
    decided_on = models.DateField("确定并告知日期")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人", on_delete=models.PROTECT,
                                    related_name="+")
    reason = models.CharField("理由", max_length=300)
    original_due = models.DateField("原答复期限")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "延迟答复的合理期限"
        verbose_name_plural = "延迟答复的合理期限"


class FeeNotice(models.Model):
    """收费通知. Under the 2019 rules 信息处理费 (国办函〔2020〕109号): one method per application (按件 or 按量, never
    both). Under the 2007 rules the cost fees of Art.27 (检索、复制、邮寄等成本费用, method `cost`): one FeeItem per cost
    at the local standard, waived or reduced for an applicant in financial difficulty (Art.28) or of a group the
    财政部/国家发展改革委 notice exempts (财综〔2008〕44号)."""

    class Method(models.TextChoices):
        PER_APPLICATION = "per_application", "按件计收"
        PER_PAGE = "per_page", "按量计收"
        COST = "cost", "检索、复制、邮寄等成本费用"

    class Outcome(models.TextChoices):
        PAID = "paid", "已缴费"
        WAIVED = "waived", "已免除"
        UNPAID = "unpaid", "逾期未缴费"

    class WaiverGround(models.TextChoices):
        """Why a cost fee (2007 rules) is waived or reduced."""

        HARDSHIP = "hardship", "申请人确有经济困难（2007年条例第二十八条）"
        EXEMPT_GROUP = "exempt_group", "农村五保供养对象、城乡居民最低生活保障对象或领取国家抚恤补助的优抚对象（财综〔2008〕44号）"

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="fee")
    method = models.CharField("计费方式", max_length=16, choices=Method.choices)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    position = models.PositiveIntegerField("当月第几件", null=True, blank=True)
    computed_amount = models.DecimalField("应收金额（元）", max_digits=10, decimal_places=2)
    amount = models.DecimalField("通知金额（元）", max_digits=10, decimal_places=2)
    explanation = models.CharField("计费说明", max_length=300)
    standard = models.CharField("收费标准依据", max_length=200, blank=True,
                                help_text="成本费用（2007年条例）：所在地价格主管部门会同财政部门制定的收费标准。")
    reduction_reason = models.CharField("减免理由", max_length=300, blank=True)
    waiver_ground = models.CharField("减免依据", max_length=16, choices=WaiverGround.choices, blank=True)
    reduction_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="减免批准人", null=True,
                                              blank=True, on_delete=models.PROTECT, related_name="+")
    reduced_on = models.DateField("减免日期", null=True, blank=True)
    notified_on = models.DateField("发出通知日期")
    applicant_received_on = models.DateField("申请人收到通知日期")
    payment_due = models.DateField("缴费期限", null=True, blank=True,
                                   help_text="为空：期限超出已载入的工作日历，待录入下一年度节假日安排后自动计算。")
    settled_on = models.DateField("缴费或免除日期", null=True, blank=True)
    outcome = models.CharField("结果", max_length=8, choices=Outcome.choices, blank=True)
    amount_paid = models.DecimalField("实缴金额（元）", max_digits=10, decimal_places=2, default=Decimal("0"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "收费通知"
        verbose_name_plural = "收费通知"
        indexes = [
            models.Index(fields=["outcome", "settled_on"], name="fee_paid_on"),  # fees_charged(), fee_totals()
            models.Index(fields=["reduced_on"], name="fee_reduced_on",
                         condition=Q(reduced_on__isnull=False)),  # fee_totals(): 减免 in a report year
        ]

    @property
    def is_open(self) -> bool:
        return not self.outcome

    @property
    def is_cost_based(self) -> bool:
        """The 2007 rules' cost fees (检索、复制、邮寄), itemised."""
        return self.method == self.Method.COST

    @property
    def fee_name(self) -> str:
        """What is charged, as the applicant reads it."""
        return "检索、复制、邮寄等成本费用" if self.is_cost_based else "信息处理费"

    @property
    def waived_amount(self) -> Decimal:
        """减免: what the standard gave minus what the applicant was asked to pay."""
        return self.computed_amount - self.amount

    @property
    def suspended_until(self):
        return self.settled_on if self.settled_on is not None else self.payment_due

    @property
    def payment_due_pending_text(self) -> str:
        if self.payment_due is not None:
            return ""
        return pending_period_text(self.applicant_received_on, FEE_PAYMENT_DAYS)


class FeeItem(models.Model):
    """One cost of a 2007-rules fee notice (2007 Art.27: 检索、复制、邮寄等成本费用; 财综〔2008〕44号 names the three):
    what, how many, at which unit price of the local standard, and the amount (quantity × unit price, stored so that
    reports sum it in SQL)."""

    class Kind(models.TextChoices):
        RETRIEVAL = "retrieval", "检索费"
        COPYING = "copying", "复制费"
        POSTAGE = "postage", "邮寄费"

    # The unit each kind is counted in by default (检索费 per 人次, 复制费 per page or medium, 邮寄费 per item).
    DEFAULT_UNITS = {Kind.RETRIEVAL: "人次", Kind.COPYING: "页", Kind.POSTAGE: "件"}

    fee = models.ForeignKey(FeeNotice, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField("序号")
    kind = models.CharField("费用项目", max_length=12, choices=Kind.choices)
    description = models.CharField("说明", max_length=100, blank=True)  # e.g. A4纸复印, 光盘刻录, 挂号信
    unit = models.CharField("计量单位", max_length=10)
    quantity = models.PositiveIntegerField("数量")
    unit_price = models.DecimalField("单价（元）", max_digits=10, decimal_places=2)
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["fee", "position"]
        verbose_name = "收费项目"
        verbose_name_plural = "收费项目"
        constraints = [
            models.UniqueConstraint(fields=["fee", "position"], name="fee_item_position"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="fee_item_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0) & Q(amount__gte=0), name="fee_item_not_negative"),
        ]
        indexes = [
            # the annual report's costs by kind: items of the notices paid in a period
            models.Index(fields=["kind", "fee"], name="fee_item_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity}{self.unit}×{self.unit_price}元"


class LetterSettings(models.Model):
    """Per-agency letter settings: the prefix of the letter number (e.g. 东政信公〔2026〕7号) and the body named
    for 行政复议 in replies."""

    agency = models.OneToOneField("agencies.Agency", on_delete=models.CASCADE, related_name="letter_settings")
    number_prefix = models.CharField("文书编号前缀", max_length=30, blank=True,
                                     help_text="例如“东政信公”，编号为 东政信公〔2026〕7号；留空则使用机关简称加“依申请公开”。")
    review_body = models.CharField("行政复议机关", max_length=100, blank=True,
                                   help_text="答复书中告知的行政复议机关，例如“望奎县人民政府”。留空则为上级机关。")
    contact = models.CharField("联系人及电话", max_length=100, blank=True)

    class Meta:
        verbose_name = "文书设置"
        verbose_name_plural = "文书设置"


class LetterTemplate(models.Model):
    """An agency's own wording for one kind of letter, replacing the default in `applications.letters.defaults`."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="letter_templates")
    key = models.CharField("文书", max_length=40)  # receipt, correction, …, reply_A3
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文模板")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency", "key"]
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = [models.UniqueConstraint(fields=["agency", "key"], name="letter_template_per_agency")]


class Letter(models.Model):
    """A letter issued on an application: its number, the text as issued (kept even if the template changes), and
    the DOCX and PDF files rendered from it."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", "登记回执"
        CORRECTION = "correction", "补正告知书"
        EXTENSION = "extension", "延期答复告知书"
        REASONABLE_PERIOD = "longer_period", "延迟答复告知书"
        CONSULTATION = "consultation", "征求意见函"
        FEE = "fee", "收费通知书"
        REPLY = "reply", "政府信息公开申请答复书"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("文书类型", max_length=16, choices=Kind.choices)
    template_key = models.CharField(max_length=40)
    number = models.CharField("文书编号", max_length=60)
    title = models.CharField("标题", max_length=100)
    addressee = models.CharField("收件人", max_length=100)
    body = models.TextField("正文")  # paragraphs separated by blank lines
    issued_on = models.DateField("日期")
    to_applicant = models.BooleanField("送申请人", default=True)
    docx = models.FileField(upload_to="applications/letters/%Y/", blank=True)
    pdf = models.FileField(upload_to="applications/letters/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "issued_on", "id"]
        verbose_name = "文书"
        verbose_name_plural = "文书"

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"

    @property
    def paragraphs(self) -> list[str]:
        """One paragraph per line (numbered items in a correction notice each get their own)."""
        return [line.strip() for line in self.body.splitlines() if line.strip()]


class ReplyWord(models.Model):
    """An agency's own word for a reply type in its old register (台账), e.g. “不予公开（涉密）”, and the reply code
    staff chose for it when importing: the next file from the same agency is mapped by itself."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="reply_words")
    word = models.CharField("台账中的写法", max_length=100)
    reply_code = models.CharField("答复类型", max_length=3, choices=[(c.code, f"{c.code} {c.label}")
                                                                  for c in rules.REPLY_CODES])
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency", "word"]
        verbose_name = "答复类型对应"
        verbose_name_plural = "答复类型对应"
        constraints = [models.UniqueConstraint(fields=["agency", "word"], name="reply_word_per_agency")]

    def __str__(self) -> str:
        return f"{self.word} → {self.reply_code}"

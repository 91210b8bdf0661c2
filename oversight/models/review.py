"""行政复议 and 行政诉讼 about the agency's disclosure work (Art.51; table 四 of the annual report, domain.md §2.5).

A case is registered when the agency learns of it (it receives the copy of the 复议申请书 or the 起诉状). Its clock is
the agency's own deadline in the case: the written answer to the reconsideration body within 10 working days of
receiving the copy (《行政复议法》（2023年修订）第四十八条、第八十八条), or the defence to the court within 15 days
(《行政诉讼法》第六十七条, counted as in civil procedure: a last day on a rest day moves to the next working day).
Table 四 counts each case under its result once decided, and as 尚未审结 while pending at the end of the year.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from casework.models import Case
from casework.workflow import Transition, Workflow
from privacy.fields import EncryptedTextField
from privacy.masking import mask_name


class ReviewKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "未经复议直接起诉"
    LITIGATION_AFTER_RECONSIDERATION = "litigation_after_reconsideration", "复议后起诉"


class ReviewResult(models.TextChoices):
    """The four columns of each group of table 四 (exact labels)."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


class ReviewStatus(models.TextChoices):
    REGISTERED = "registered", "待答复（答辩）"
    ANSWERED = "answered", "已答复（答辩），待审结"
    DECIDED = "decided", "已审结"


REVIEW_WORKFLOW = Workflow(
    key="oversight.review_case", label="复议诉讼案件", states=ReviewStatus, initial=ReviewStatus.REGISTERED,
    open_states=[ReviewStatus.REGISTERED, ReviewStatus.ANSWERED], timed_states=[ReviewStatus.REGISTERED],
    tones={ReviewStatus.DECIDED: "ok"},
    transitions=[
        Transition("route", "指定承办", (ReviewStatus.REGISTERED, ReviewStatus.ANSWERED)),
        Transition("answer", "登记答复（答辩）", (ReviewStatus.REGISTERED,), ReviewStatus.ANSWERED),
        Transition("decide", "登记审结结果", (ReviewStatus.REGISTERED, ReviewStatus.ANSWERED), ReviewStatus.DECIDED),
        # A result entered by mistake (or set aside on appeal) is taken back with a reason; the audit keeps both.
        Transition("reopen", "撤销审结登记", (ReviewStatus.DECIDED,), ReviewStatus.ANSWERED),
        Transition("edit", "修改登记信息", (ReviewStatus.REGISTERED, ReviewStatus.ANSWERED, ReviewStatus.DECIDED)),
    ],
)


class ReviewCase(Case):
    kind = models.CharField("类型", max_length=40, choices=ReviewKind.choices)
    status = models.CharField("状态", max_length=30, choices=ReviewStatus.choices, default=ReviewStatus.REGISTERED)
    case_no = models.CharField("案号", max_length=60, blank=True, help_text="复议机关或人民法院的案号，例如（2026）黑1221行初5号。")
    body = models.CharField("复议机关或人民法院", max_length=100)
    filed_on = models.DateField("申请复议或起诉日期")
    received_on = models.DateField("收到申请书（起诉状）副本日期")
    subject = models.TextField("争议事项", blank=True)
    party_name = EncryptedTextField("申请人（原告）", blank=True)
    # The related application: linked when it was handled on this platform; its number is kept as text in any case
    # (applications from before the platform, or handled on paper, exist only as a number on the reply letter).
    application = models.ForeignKey("applications.Application", verbose_name="相关申请", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="review_cases")
    application_no = models.CharField("相关申请编号", max_length=40, blank=True)
    answered_on = models.DateField("提交答复（答辩）日期", null=True, blank=True)
    result = models.CharField("结果", max_length=20, choices=ReviewResult.choices, default=ReviewResult.PENDING)
    result_note = models.TextField("结果说明", blank=True)
    closed_on = models.DateField("审结日期", null=True, blank=True)

    workflow = REVIEW_WORKFLOW
    number_prefix = "FS"

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = "行政复议、行政诉讼案件"
        verbose_name_plural = "行政复议、行政诉讼案件"
        constraints = [
            # a decided case has its closing date, a pending one has none (table 四 depends on it)
            models.CheckConstraint(
                condition=(Q(result="pending", closed_on__isnull=True) | (~Q(result="pending") & Q(closed_on__isnull=False))),
                name="review_result_has_closing_date"),
            models.CheckConstraint(condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("filed_on")),
                                   name="review_closed_after_filed"),
            models.UniqueConstraint(fields=["agency", "number"], condition=~Q(number=""), name="review_number_unique"),
        ]
        indexes = [
            # table 四: cases decided in the year, and cases filed by its end still pending
            models.Index(fields=["agency", "closed_on"], name="review_agency_closed"),
            models.Index(fields=["agency", "filed_on"], name="review_agency_filed"),
            # the sweep and the workbench: open clocks by due date
            models.Index(fields=["status", "due_on"], name="review_open_due", condition=Q(status="registered")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_no or self.number}"

    def get_absolute_url(self) -> str:
        return reverse("backoffice:review_case", args=[self.pk])

    @property
    def party_masked(self) -> str:
        return mask_name(self.party_name)


class ReviewDocument(models.Model):
    class Kind(models.TextChoices):
        COPY = "copy", "申请书或起诉状副本"
        ANSWER = "answer", "答复书或答辩状"
        DECISION = "decision", "复议决定书、判决书或裁定书"
        OTHER = "other", "其他材料"

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("材料类型", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField("名称", max_length=200)
    file = models.FileField(upload_to="oversight/review/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "created_at", "id"]
        verbose_name = "案件材料"
        verbose_name_plural = "案件材料"

    def __str__(self) -> str:
        return self.title

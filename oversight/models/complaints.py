"""投诉举报 (Art.47, Art.51) from the portal form, the hotline, the box, visits and letters.

A complaint is routed to an office, answered within a number of working days (15 by default, per agency) and closed
with a result. Whether it concerns the agency's disclosure work is recorded (those are counted in the annual report);
the county 政务公开办 sees every agency's complaints. The complainant follows it with the register number and a
查询码 (only its keyed hash is stored). Names and contacts are encrypted and shown masked.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from casework.models import Case
from casework.workflow import Transition, Workflow
from privacy.fields import EncryptedTextField
from privacy.masking import mask_email, mask_name, mask_phone


class Channel(models.TextChoices):
    ONLINE = "online", "网上投诉"
    HOTLINE = "hotline", "举报电话"
    BOX = "box", "投诉举报箱"
    VISIT = "visit", "来访"
    LETTER = "letter", "来信"


STAFF_CHANNELS = (Channel.HOTLINE, Channel.BOX, Channel.VISIT, Channel.LETTER)


class ComplaintSubject(models.TextChoices):
    NOT_PROACTIVE = "not_proactive", "未依法履行主动公开义务"
    APPLICATION = "application", "未依法处理政府信息公开申请"
    OTHER_DISCLOSURE = "other_disclosure", "其他政府信息公开工作问题"
    OTHER = "other", "其他事项"


DISCLOSURE_SUBJECTS = (ComplaintSubject.NOT_PROACTIVE, ComplaintSubject.APPLICATION,
                       ComplaintSubject.OTHER_DISCLOSURE)


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "已受理"
    HANDLING = "handling", "办理中"
    CLOSED = "closed", "已办结"


class ComplaintResult(models.TextChoices):
    SUBSTANTIATED = "substantiated", "情况属实，已督促整改"
    PARTLY = "partly", "部分属实，已督促整改"
    UNFOUNDED = "unfounded", "情况不属实，已答复说明"
    REFERRED = "referred", "不属于受理范围，已告知或转办"
    WITHDRAWN = "withdrawn", "投诉人撤回"


COMPLAINT_WORKFLOW = Workflow(
    key="oversight.complaint", label="投诉举报", states=ComplaintStatus, initial=ComplaintStatus.RECEIVED,
    open_states=[ComplaintStatus.RECEIVED, ComplaintStatus.HANDLING], tones={ComplaintStatus.CLOSED: "ok"},
    transitions=[
        Transition("route", "分办", (ComplaintStatus.RECEIVED, ComplaintStatus.HANDLING), ComplaintStatus.HANDLING),
        Transition("edit", "修改登记信息", (ComplaintStatus.RECEIVED, ComplaintStatus.HANDLING, ComplaintStatus.CLOSED)),
        Transition("close", "办结", (ComplaintStatus.RECEIVED, ComplaintStatus.HANDLING), ComplaintStatus.CLOSED),
        Transition("reopen", "重新办理", (ComplaintStatus.CLOSED,), ComplaintStatus.HANDLING),
    ],
)


class Complaint(Case):
    status = models.CharField("状态", max_length=30, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.RECEIVED)
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    summary = models.TextField("投诉举报内容")
    is_anonymous = models.BooleanField("匿名", default=False)
    name = EncryptedTextField("姓名", blank=True)
    contact = EncryptedTextField("联系方式", blank=True)
    concerns_disclosure = models.BooleanField(
        "涉及政府信息公开工作", default=False,
        help_text="条例第四十七条、第五十一条：未依法履行政府信息公开义务的投诉举报，计入年度报告。")
    subject = models.CharField("投诉事项", max_length=30, choices=ComplaintSubject.choices, blank=True)
    result = models.CharField("办理结果", max_length=20, choices=ComplaintResult.choices, blank=True)
    reply = models.TextField("答复意见", blank=True, help_text="投诉人凭查询码可以看到。")
    tracking_hash = models.CharField(max_length=64, editable=False)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")

    workflow = COMPLAINT_WORKFLOW
    number_prefix = "TS"

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], condition=~Q(number=""),
                                    name="complaint_number_unique"),
        ]
        indexes = [
            # the annual report and the county's lists: complaints received in a period, per agency
            models.Index(fields=["agency", "received_on"], name="complaint_agency_received"),
            # the tracking page looks a complaint up by its number
            models.Index(fields=["number"], name="complaint_number"),
            models.Index(fields=["status", "due_on"], name="complaint_open_due",
                         condition=Q(status__in=["received", "handling"])),
        ]

    def __str__(self) -> str:
        return f"投诉举报 {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("backoffice:complaint", args=[self.pk])

    @property
    def name_masked(self) -> str:
        return "匿名" if self.is_anonymous or not self.name else mask_name(self.name)

    @property
    def contact_masked(self) -> str:
        return mask_contact(self.contact)


def mask_contact(value: str) -> str:
    """A phone number or an e-mail address, masked the way it is written."""
    value = (value or "").strip()
    if not value:
        return ""
    return mask_email(value) if "@" in value else mask_phone(value)

"""“我为政府网站找错” (WEB-6): a visitor reports an error on a portal page; it is answered within 3 working days and the
fix is recorded."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from casework.models import Case
from casework.workflow import Transition, Workflow
from privacy.fields import EncryptedTextField

from .complaints import mask_contact


class ErrorKind(models.TextChoices):
    TYPO = "typo", "错别字或表述错误"
    LINK = "link", "链接无法打开或错误"
    OUTDATED = "outdated", "内容过时或不准确"
    ACCESS = "access", "页面无法访问或显示异常"
    OTHER = "other", "其他问题"


class CorrectionStatus(models.TextChoices):
    RECEIVED = "received", "待处理"
    FIXED = "fixed", "已修正"
    REJECTED = "rejected", "经核实无需修正"


CORRECTION_WORKFLOW = Workflow(
    key="oversight.site_error", label="网站纠错", states=CorrectionStatus, initial=CorrectionStatus.RECEIVED,
    open_states=[CorrectionStatus.RECEIVED], tones={CorrectionStatus.FIXED: "ok", CorrectionStatus.REJECTED: "ok"},
    transitions=[
        Transition("route", "指定承办", (CorrectionStatus.RECEIVED,)),
        Transition("transfer", "转交其他机关", (CorrectionStatus.RECEIVED,)),
        Transition("fix", "登记已修正", (CorrectionStatus.RECEIVED,), CorrectionStatus.FIXED),
        Transition("reject", "答复无需修正", (CorrectionStatus.RECEIVED,), CorrectionStatus.REJECTED),
        Transition("reopen", "重新处理", (CorrectionStatus.FIXED, CorrectionStatus.REJECTED), CorrectionStatus.RECEIVED),
    ],
)


class SiteErrorReport(Case):
    status = models.CharField("状态", max_length=30, choices=CorrectionStatus.choices,
                              default=CorrectionStatus.RECEIVED)
    page_url = models.CharField("页面地址", max_length=500)
    kind = models.CharField("问题类型", max_length=20, choices=ErrorKind.choices, default=ErrorKind.OTHER)
    description = models.TextField("问题描述")
    contact = EncryptedTextField("联系方式", blank=True)
    fix_note = models.TextField("处理情况", blank=True)

    workflow = CORRECTION_WORKFLOW
    number_prefix = "ZC"

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "网站纠错"
        verbose_name_plural = "网站纠错"
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], condition=~Q(number=""),
                                    name="site_error_number_unique"),
        ]
        indexes = [
            models.Index(fields=["agency", "received_on"], name="site_error_agency_received"),
            models.Index(fields=["status", "due_on"], name="site_error_open_due", condition=Q(status="received")),
        ]

    def __str__(self) -> str:
        return f"网站纠错 {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("backoffice:site_error", args=[self.pk])

    @property
    def contact_masked(self) -> str:
        return mask_contact(self.contact)

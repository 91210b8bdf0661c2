"""Annual reports (政府信息公开工作年度报告) and quarterly statistics (季度统计表).

An AnnualReport is one agency's report for one year, in the format of that year (stored: V-1, AR-4). Its figures are
rows of ReportCell — one per cell of the format, each with the value computed from the registers, an optional manual
override (with its reason, who and when: marked in the report) or, for the cells the platform cannot compute, the
value typed in. Text sections are rows of ReportText, pre-drafted from the data and edited by the 信息公开办.

Lifecycle (FOIA.gov's annual-report workflow, anchors.md §3.7, adapted to the 2021 format's 第一责任人 rule):

    draft ──submit──▶ submitted ──approve (第一责任人)──▶ approved ──publish──▶ published
      ▲                  │  ▲                               │                     │
      └── return ────────┘  └──────── (edits go back to draft; county returns) ───┘
    returned: sent back with comments by the 第一责任人 or by the county 政务公开办; edited like a draft.

A published report keeps `published_snapshot`, the whole document as it went online (the public record does not change
when the registers do); returning and re-publishing a published report increments `revision`.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse

from agencies.access import Perm, has_perm
from casework.workflow import Condition, Transition, Workflow

from .errors import WrongState
from .formats import FORMATS

# Derived from the format modules (reports/formats/): Y2021 = "2021", Y2019 = "2019", LEGACY = "legacy".
FormatVersion = models.TextChoices("FormatVersion", [(fmt.choice_name, (fmt.version, fmt.label))
                                                     for fmt in FORMATS.values()])


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "编制中"
    SUBMITTED = "submitted", "待第一责任人审定"
    APPROVED = "approved", "已审定待发布"
    PUBLISHED = "published", "已发布"
    RETURNED = "returned", "已退回修改"


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


# --- the workflow (the diagram above, declared once: services guard with it, the back office and the API offer what
# `available_actions` returns) ------------------------------------------------------------------------------------

def _first_responsible(user, report) -> bool:
    from .services import is_first_responsible

    return is_first_responsible(user, report.agency_id)


def _may_publish(user, report) -> bool:
    return has_perm(user, Perm.REPORTS_EDIT, report.agency_id) or _first_responsible(user, report)


def _not_imported(report, today: date) -> str | None:
    # An imported report (reports.past) is the record of an earlier year as it was published: no workflow step.
    if report.origin == ReportOrigin.IMPORTED:
        return f"{report.title}是导入的往年年报，不能通过年报编制流程修改；如需更正，请重新导入。"
    return None


def _year_ended(report, today: date) -> str | None:
    if today <= date(report.year, 12, 31):
        return f"{report.year}年度尚未结束，年度报告不能发布。"
    return None


NOT_IMPORTED = Condition(_not_imported, code="report_imported", error=WrongState)
YEAR_ENDED = Condition(_year_ended, code="report_year_not_ended", error=WrongState)

# each transition's refusal in the words the services have always used
_WRONG_STATE = {
    "edit": "“{state}”的年度报告不能修改；只有编制中或已退回的报告可以修改。",
    "submit": "“{state}”的年度报告不能修改；只有编制中或已退回的报告可以修改。",
    "approve": "只有待审定的年度报告可以审定，该报告当前为“{state}”。",
    "return": "只有待审定的年度报告可以退回，该报告当前为“{state}”。",
    "county_return": "“{state}”的年度报告不需要退回。",
    "publish": "只有经第一责任人审定的年度报告可以发布，该报告当前为“{state}”。",
}

REPORT_WORKFLOW = Workflow(
    key="reports.report", label="年度报告", states=ReportStatus, initial=ReportStatus.DRAFT,
    open_states=[ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.RETURNED],
    tones={ReportStatus.PUBLISHED: "ok", ReportStatus.RETURNED: "warn"},
    wrong_state_message=lambda wf, state, t: _WRONG_STATE[t.name].format(state=wf.state_label(state)),
    wrong_state_error=WrongState,
    milestones=[("编制", (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.PUBLISHED, ReportStatus.RETURNED)),
                ("第一责任人审定", (ReportStatus.APPROVED, ReportStatus.PUBLISHED)),
                ("发布", (ReportStatus.PUBLISHED,))],
    transitions=[
        # recount, fill in cells, edit the texts
        Transition("edit", "修改", EDITABLE_STATUSES, perm=Perm.REPORTS_EDIT, conditions=(NOT_IMPORTED,)),
        Transition("submit", "提交第一责任人审定", EDITABLE_STATUSES, ReportStatus.SUBMITTED, perm=Perm.REPORTS_EDIT,
                   conditions=(NOT_IMPORTED,)),
        # the 第一责任人: a leader of the agency itself, not someone whose grants cascade from above
        Transition("approve", "审定", (ReportStatus.SUBMITTED,), ReportStatus.APPROVED, perm=Perm.REPORTS_APPROVE,
                   allowed=_first_responsible, conditions=(NOT_IMPORTED,)),
        Transition("return", "退回修改", (ReportStatus.SUBMITTED,), ReportStatus.RETURNED, perm=Perm.REPORTS_APPROVE,
                   allowed=_first_responsible, conditions=(NOT_IMPORTED,)),
        Transition("publish", "发布", (ReportStatus.APPROVED,), ReportStatus.PUBLISHED, perm=Perm.REPORTS_EDIT,
                   allowed=_may_publish, conditions=(NOT_IMPORTED, YEAR_ENDED)),
        # the county 政务公开办; a published report stays online until the corrected version is published
        Transition("county_return", "县政务公开办退回",
                   (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.PUBLISHED), ReportStatus.RETURNED,
                   perm=Perm.REPORTS_SUPERVISE, conditions=(NOT_IMPORTED,)),
    ],
)


class ReportOrigin(models.TextChoices):
    """Where a report's figures come from: computed from the registers, or an earlier year's published tables
    imported (reports.past) — never recomputed, never edited through the workflow."""

    COMPUTED = "computed", "计算"
    IMPORTED = "imported", "导入"


class ImportSource(models.TextChoices):
    XLSX = "xlsx", "Excel 表格（官方格式）"
    DOCX = "docx", "Word 文档（官方格式）"
    JSON = "json", "本平台接口的 JSON"
    FORM = "form", "手工录入"


class AnnualReport(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT,
                               related_name="annual_reports")
    year = models.PositiveSmallIntegerField("报告年度")
    format_version = models.CharField("报告格式", max_length=10, choices=FormatVersion.choices)
    status = models.CharField("状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    title = models.CharField("标题", max_length=200)

    computed_at = models.DateTimeField("数据统计时间", null=True, blank=True)
    submitted_at = models.DateTimeField("提交审定时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("审定时间", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="第一责任人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)  # the first publication: what the deadline sees
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    revised_on = models.DateField("最近修订发布日期", null=True, blank=True)
    revision = models.PositiveSmallIntegerField("发布版次", default=0)
    published_snapshot = models.JSONField("发布版本", null=True, blank=True, editable=False)

    # An imported report (origin=imported): who imported it and when are created_by / created_at.
    origin = models.CharField("数据来源", max_length=10, choices=ReportOrigin.choices, default=ReportOrigin.COMPUTED)
    import_source = models.CharField("导入方式", max_length=10, choices=ImportSource.choices, blank=True)
    import_filename = models.CharField("导入文件", max_length=255, blank=True)
    import_sha256 = models.CharField("导入文件SHA-256", max_length=64, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    workflow = REPORT_WORKFLOW

    class Meta:
        ordering = ["agency", "-year"]
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="report_one_per_agency_year"),
        ]
        indexes = [
            # the county's status board for one year; the portal's published list
            models.Index(fields=["year", "status"], name="report_year_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:annual_report", args=[self.agency.code, self.year])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def status_label(self) -> str:
        return self.workflow.state_label(self.status)

    @property
    def status_tone(self) -> str:
        return self.workflow.state_tone(self.status)

    @property
    def is_imported(self) -> bool:
        return self.origin == ReportOrigin.IMPORTED

    @property
    def is_public(self) -> bool:
        return self.published_snapshot is not None and self.published_on is not None


class ReportCell(models.Model):
    """One cell of a report. `value` is what the report says: the override if there is one, else the computed
    value (or, for entered cells, what was typed in). Integers only: counts, or 分 for money (shown in 万元)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="cells")
    table = models.CharField(max_length=10)
    row = models.CharField(max_length=40)
    column = models.CharField(max_length=40)
    value = models.BigIntegerField("数值", default=0)
    computed_value = models.BigIntegerField("统计值", null=True, blank=True)  # None: entered by hand
    override_value = models.BigIntegerField("人工调整值", null=True, blank=True)
    override_reason = models.TextField("调整理由", blank=True)
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    override_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["report", "id"]
        verbose_name = "报告数据"
        verbose_name_plural = "报告数据"
        constraints = [
            models.UniqueConstraint(fields=["report", "table", "row", "column"], name="report_cell_unique"),
            # an override always carries its reason
            models.CheckConstraint(condition=models.Q(override_value__isnull=True) | ~models.Q(override_reason=""),
                                   name="report_cell_override_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.table}.{self.row}.{self.column}={self.value}"

    @property
    def address(self) -> tuple[str, str, str]:
        return (self.table, self.row, self.column)

    @property
    def is_overridden(self) -> bool:
        return self.override_value is not None


class ReportText(models.Model):
    """A text part of a section. `drafted` is the last text pre-drafted from the data; `edited` says whether a person
    changed it (then re-drafting leaves it alone unless asked)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="texts")
    key = models.CharField(max_length=40)
    text = models.TextField("内容", blank=True)
    drafted = models.TextField("系统草拟内容", blank=True)
    edited = models.BooleanField("已人工修改", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["report", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="report_text_unique")]


class ReportComment(models.Model):
    """Comments that travel with the report: the 第一责任人's or the county's reasons for returning it, notes."""

    class Kind(models.TextChoices):
        LEADER_RETURN = "leader_return", "第一责任人退回"
        COUNTY_RETURN = "county_return", "县政务公开办退回"
        APPROVAL = "approval", "审定意见"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="comments")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField("意见")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["report", "created_at", "id"]


class QuarterlyStatement(models.Model):
    """A 季度统计表 submitted (上报) to the county. The figures are computed from the registers (AR-5, never typed);
    on submission they are frozen in `snapshot`, so the county sees what was reported."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已上报"
        RETURNED = "returned", "已退回"

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="quarterly_statements")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    snapshot = models.JSONField("上报数据", default=dict)
    note = models.TextField("说明", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("上报时间")
    returned_comment = models.TextField("退回意见", blank=True)

    class Meta:
        ordering = ["agency", "-year", "-quarter"]
        verbose_name = "季度统计表"
        verbose_name_plural = "季度统计表"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "quarter"], name="quarterly_one_per_agency_quarter"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="quarterly_quarter_1_4"),
        ]
        indexes = [models.Index(fields=["year", "quarter"], name="quarterly_year_quarter")]

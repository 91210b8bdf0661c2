"""The catalogue of government information (政府信息公开目录): categories, items and their revisions, the review and
approval record, attachments, and the standard catalogue of disclosure matters (政务公开事项标准目录).

An Item is the public catalogue entry: its 索引号 never changes and it carries a snapshot of the published revision,
so public pages read one table. A Revision is the editable content going through the approval chain; changing a
published item means a new revision through the chain again (the published one stays online meanwhile).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from agencies.access import Perm, has_perm, may_draft_for_office
from casework.workflow import Transition, Workflow

from .errors import WrongState


class StatutoryColumn(models.TextChoices):
    """The four sub-columns of every agency's 政府信息公开 column (国办公开办函〔2019〕61号), plus news outside it."""

    GUIDE = "guide", "政府信息公开指南"
    RULES = "rules", "政府信息公开制度"
    STATUTORY = "statutory", "法定主动公开内容"
    ANNUAL_REPORT = "annual_report", "政府信息公开年报"
    OTHER = "other", "其他信息"


class StatutoryItem(models.TextChoices):
    """Art.20 (15 items, every agency) and Art.21 (townships: 8 named areas) of the 2019 regulation."""

    A20_1 = "20.1", "第二十条第（一）项 行政法规、规章和规范性文件"
    A20_2 = "20.2", "第二十条第（二）项 机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"
    A20_3 = "20.3", "第二十条第（三）项 国民经济和社会发展规划、专项规划、区域规划及相关政策"
    A20_4 = "20.4", "第二十条第（四）项 国民经济和社会发展统计信息"
    A20_5 = "20.5", "第二十条第（五）项 行政许可和其他对外管理服务事项"
    A20_6 = "20.6", "第二十条第（六）项 行政处罚、行政强制"
    A20_7 = "20.7", "第二十条第（七）项 财政预算、决算信息"
    A20_8 = "20.8", "第二十条第（八）项 行政事业性收费项目及其依据、标准"
    A20_9 = "20.9", "第二十条第（九）项 政府集中采购项目"
    A20_10 = "20.10", "第二十条第（十）项 重大建设项目的批准和实施情况"
    A20_11 = "20.11", "第二十条第（十一）项 扶贫、教育、医疗、社会保障、促进就业"
    A20_12 = "20.12", "第二十条第（十二）项 突发公共事件的应急预案、预警信息及应对情况"
    A20_13 = "20.13", "第二十条第（十三）项 环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"
    A20_14 = "20.14", "第二十条第（十四）项 公务员招考的职位、名额、报考条件等事项以及录用结果"
    A20_15 = "20.15", "第二十条第（十五）项 其他应当主动公开的政府信息"
    A21_T1 = "21.t1", "第二十一条 乡（镇）：贯彻落实农业农村政策"
    A21_T2 = "21.t2", "第二十一条 乡（镇）：农田水利工程建设运营"
    A21_T3 = "21.t3", "第二十一条 乡（镇）：农村土地承包经营权流转"
    A21_T4 = "21.t4", "第二十一条 乡（镇）：宅基地使用情况审核"
    A21_T5 = "21.t5", "第二十一条 乡（镇）：土地征收"
    A21_T6 = "21.t6", "第二十一条 乡（镇）：房屋征收"
    A21_T7 = "21.t7", "第二十一条 乡（镇）：筹资筹劳"
    A21_T8 = "21.t8", "第二十一条 乡（镇）：社会救助"


class ReviewStep(models.TextChoices):
    SECRECY_REVIEW = "secrecy_review", "保密审查"
    OFFICE_REVIEW = "office_review", "信息公开办审核"
    DEPUTY_APPROVAL = "deputy_approval", "分管领导审批"
    PRINCIPAL_APPROVAL = "principal_approval", "主要领导审批"


# The seed's chain: 保密审查 → 分管领导 → 主要领导 (the draft and sorting happen before submission).
DEFAULT_CHAIN = [ReviewStep.SECRECY_REVIEW, ReviewStep.DEPUTY_APPROVAL, ReviewStep.PRINCIPAL_APPROVAL]


class Category(models.Model):
    """A category of an agency's catalogue (data, not code): the seed's 11 for a township, mapped to the statutory
    items of Art.20/21 where one applies."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="categories")
    name = models.CharField("名称", max_length=50)
    column = models.CharField("所属栏目", max_length=20, choices=StatutoryColumn.choices,
                              default=StatutoryColumn.STATUTORY)
    statutory_items = models.JSONField("对应法定公开事项", default=list, blank=True)
    description = models.CharField("说明", max_length=200, blank=True)
    publish_limit_days = models.PositiveSmallIntegerField(
        "公开时限（工作日）", null=True, blank=True,
        help_text="比20个工作日更短的时限（例如行政许可、行政处罚7个工作日）；留空则为20个工作日。")
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    # Published items in this category, kept by the publishing services in the same transaction (F() updates), so
    # that category lists with counts cost the same at ten items or a hundred thousand.
    published_count = models.PositiveIntegerField("已发布条数", default=0, editable=False)

    class Meta:
        ordering = ["agency", "sort_order", "id"]
        verbose_name = "栏目分类"
        verbose_name_plural = "栏目分类"
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="category_unique_name_per_agency")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:category", args=[self.agency.code, self.pk])

    @property
    def statutory_item_labels(self) -> list[str]:
        return [StatutoryItem(v).label for v in self.statutory_items if v in StatutoryItem.values]


class ApprovalChain(models.Model):
    """The review steps for an agency (category null) or one of its categories. Steps can be dropped or added."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="approval_chains")
    category = models.OneToOneField(Category, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="approval_chain")
    steps = models.JSONField("审核步骤", default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "审核流程"
        verbose_name_plural = "审核流程"
        constraints = [
            models.UniqueConstraint(fields=["agency"], condition=Q(category__isnull=True),
                                    name="chain_one_default_per_agency"),
        ]

    def __str__(self) -> str:
        return " → ".join(ReviewStep(s).label for s in self.steps)


class StandardArea(models.Model):
    """One of the areas (试点领域) of the 基层政务公开标准目录; the list is data (26 by default, more may be added)."""

    number = models.PositiveSmallIntegerField("序号", unique=True)
    name = models.CharField("领域", max_length=50, unique=True)
    lead_ministry = models.CharField("牵头部门", max_length=50, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = "标准目录领域"
        verbose_name_plural = "标准目录领域"

    def __str__(self) -> str:
        return self.name


class DisclosureMatter(models.Model):
    """One row of an agency's 政务公开事项标准目录 (domain.md §5.3)."""

    class Audience(models.TextChoices):
        PUBLIC = "public", "全社会"
        SPECIFIC = "specific", "特定群众"

    class Mode(models.TextChoices):
        PROACTIVE = "proactive", "主动"
        ON_REQUEST = "on_request", "依申请公开"

    class Tier(models.TextChoices):
        COUNTY = "county", "县级"
        TOWNSHIP = "township", "乡级"
        VILLAGE = "village", "村级"

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="disclosure_matters")
    area = models.ForeignKey(StandardArea, on_delete=models.PROTECT, related_name="matters")
    serial = models.PositiveIntegerField("序号", default=0)
    level1 = models.CharField("一级事项", max_length=100)
    level2 = models.CharField("二级事项", max_length=100)
    content = models.TextField("公开内容（要素）")
    legal_basis = models.TextField("公开依据", blank=True)
    time_limit_text = models.CharField("公开时限", max_length=200,
                                       default="自信息形成或者变更之日起20个工作日内予以公开")
    time_limit_days = models.PositiveSmallIntegerField("公开时限（工作日）", default=20)
    # How often something must be published for the matter to count as covered (e.g. 365: at least once a year).
    expected_every_days = models.PositiveSmallIntegerField("应更新周期（天）", null=True, blank=True)
    subject = models.CharField("公开主体", max_length=100, blank=True)
    channels = models.JSONField("公开渠道和载体", default=list, blank=True)
    audience = models.JSONField("公开对象", default=list, blank=True)
    modes = models.JSONField("公开方式", default=list, blank=True)
    tiers = models.JSONField("公开层级", default=list, blank=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="matters",
                                 verbose_name="发布栏目")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["agency", "area__number", "serial", "id"]
        verbose_name = "公开事项"
        verbose_name_plural = "公开事项"

    def __str__(self) -> str:
        return f"{self.level1} · {self.level2}"


class AreaExemption(models.Model):
    """An area marked 未涉及 by an agency, with its reason (未涉及领域事项说明)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="area_exemptions")
    area = models.ForeignKey(StandardArea, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("未涉及原因", max_length=200)

    class Meta:
        verbose_name = "未涉及领域"
        verbose_name_plural = "未涉及领域"
        constraints = [models.UniqueConstraint(fields=["agency", "area"], name="area_exemption_unique")]


class DisclosureMode(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class Scope(models.TextChoices):
    PUBLIC = "public", "面向社会"
    APPLICANTS = "applicants", "面向申请人"


class DocKind(models.TextChoices):
    """What table 二 of the annual report counts under 第二十条第（一）项."""

    NONE = "", "其他"
    REGULATION = "regulation", "规章"
    NORMATIVE = "normative", "行政规范性文件"


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    ABOLISHED = "abolished", "废止"


class Item(models.Model):
    class Status(models.TextChoices):
        UNPUBLISHED = "unpublished", "未发布"
        PUBLISHED = "published", "已发布"
        WITHHELD = "withheld", "不予公开"
        WITHDRAWN = "withdrawn", "已撤回"

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="items")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="items")
    office = models.ForeignKey("agencies.Office", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="items")
    matter = models.ForeignKey(DisclosureMatter, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="items")
    index_no = models.CharField("索引号", max_length=40, unique=True, null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.UNPUBLISHED)

    # Snapshot of the published revision (what the portal shows).
    title = models.CharField("名称", max_length=200)
    summary = models.TextField("内容概述", blank=True)
    doc_no = models.CharField("文号", max_length=60, blank=True)
    issuer = models.CharField("发布机构", max_length=100, blank=True)
    topic = models.CharField("主题分类", max_length=50, blank=True)
    formed_on = models.DateField("生成日期")
    published_on = models.DateField("发布日期", null=True, blank=True)
    updated_on = models.DateField("更新日期", null=True, blank=True)
    disclosure_mode = models.CharField("公开方式", max_length=20, choices=DisclosureMode.choices,
                                       default=DisclosureMode.PROACTIVE)
    withhold_reason = models.CharField("不予公开理由", max_length=200, blank=True)
    scope = models.CharField("公开范围", max_length=20, choices=Scope.choices, default=Scope.PUBLIC)
    doc_kind = models.CharField("文件类型", max_length=20, choices=DocKind.choices, blank=True, default="")
    validity = models.CharField("有效性", max_length=20, choices=Validity.choices, default=Validity.VALID)
    abolished_on = models.DateField("废止日期", null=True, blank=True)
    body_html = models.TextField("正文", blank=True)
    version = models.PositiveIntegerField("版本", default=0)
    publish_due = models.DateField("应公开日期", null=True, blank=True)
    published_late = models.BooleanField("逾期公开", default=False)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回理由", max_length=200, blank=True)

    # Segmented text for full-text search (rjieba, search mode); filled while the item is published, empty
    # otherwise. SQLite: an external-content FTS5 table reads these columns; PostgreSQL: a generated tsvector.
    seg_title = models.TextField(blank=True, default="", editable=False)
    seg_body = models.TextField(blank=True, default="", editable=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = "目录信息"
        verbose_name_plural = "目录信息"
        indexes = [
            # an agency's published list, newest first (portal agency page, API by agency and year)
            models.Index(fields=["agency", "status", "-published_on", "-id"], name="item_agency_published"),
            # a category's published list with keyset pagination
            models.Index(fields=["category", "status", "-published_on", "-id"], name="item_category_published"),
            # the county home page: newest across all agencies
            models.Index(fields=["status", "-published_on", "-id"], name="item_published"),
            # table 二 of the annual report: 规章 and 行政规范性文件 per agency (a small fraction of the catalogue)
            models.Index(fields=["agency", "doc_kind"], condition=~Q(doc_kind=""), name="item_documents"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:item", args=[self.index_no]) if self.index_no else ""

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def shows_body(self) -> bool:
        """依申请公开 entries list their metadata only; the body and files are given on application."""
        return self.is_public and self.disclosure_mode == DisclosureMode.PROACTIVE


class Revision(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        IN_REVIEW = "in_review", "审核中"
        RETURNED = "returned", "已退回"
        PUBLISHED = "published", "已发布"
        WITHHELD = "withheld", "不予公开"
        SUPERSEDED = "superseded", "已被新版本替代"
        DISCARDED = "discarded", "已作废"

    OPEN_STATUSES = (Status.DRAFT, Status.IN_REVIEW, Status.RETURNED)

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("版本号")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    chain = models.JSONField("审核步骤", default=list)
    step_index = models.PositiveSmallIntegerField("当前步骤", default=0)
    # The step waiting for a decision (denormalised from chain[step_index]) so "待我审核" is one indexed query.
    awaiting_step = models.CharField("待办步骤", max_length=30, choices=ReviewStep.choices, blank=True, default="")

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey("agencies.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    matter = models.ForeignKey(DisclosureMatter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField("名称", max_length=200)
    summary = models.TextField("内容概述", blank=True)
    doc_no = models.CharField("文号", max_length=60, blank=True)
    issuer = models.CharField("发布机构", max_length=100, blank=True)
    topic = models.CharField("主题分类", max_length=50, blank=True)
    formed_on = models.DateField("生成日期", help_text="信息形成或者变更的日期；公开时限自次日起算。")
    disclosure_mode = models.CharField("公开方式", max_length=20, choices=DisclosureMode.choices,
                                       default=DisclosureMode.PROACTIVE)
    withhold_reason = models.CharField("不予公开理由", max_length=200, blank=True)
    scope = models.CharField("公开范围", max_length=20, choices=Scope.choices, default=Scope.PUBLIC)
    doc_kind = models.CharField("文件类型", max_length=20, choices=DocKind.choices, blank=True, default="")
    body_html = models.TextField("正文", blank=True)
    change_note = models.CharField("变更说明", max_length=200, blank=True)
    publish_due = models.DateField("应公开日期", null=True, blank=True)
    publish_due_explanation = models.CharField("期限计算说明", max_length=300, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "number"]
        verbose_name = "信息版本"
        verbose_name_plural = "信息版本"
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="revision_unique_number"),
            # one revision at a time may be worked on for an item
            models.UniqueConstraint(fields=["item"], condition=Q(status__in=["draft", "in_review", "returned"]),
                                    name="revision_one_open_per_item"),
        ]
        indexes = [
            # the 工作台: open work by state and due date
            models.Index(fields=["status", "publish_due"], name="revision_open_due",
                         condition=Q(status__in=["draft", "in_review", "returned"])),
            # 待我审核: revisions waiting at a step
            models.Index(fields=["awaiting_step"], name="revision_awaiting_step",
                         condition=Q(status="in_review")),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def current_step(self) -> str | None:
        if self.status != self.Status.IN_REVIEW or self.step_index >= len(self.chain):
            return None
        return self.chain[self.step_index]

    @property
    def current_step_label(self) -> str:
        step = self.current_step
        return ReviewStep(step).label if step else ""

    @property
    def status_label(self) -> str:
        return self.workflow.state_label(self.status)

    @property
    def status_tone(self) -> str:
        return self.workflow.state_tone(self.status)


# --- the revision workflow ------------------------------------------------------------------------------------------
# A draft is written, submitted into its agency's review chain (data: Category.chain or the agency's, e.g. 保密审查 →
# 分管领导 → 主要领导), approved step by step — each step by whoever holds that step's permission, never by its drafter
# or submitter — and published after the last step; any step returns it to the drafter; 保密审查 may end it as 不予公开.
# "approve" has no fixed target: the chain decides (the next step, or published; withheld at 保密审查 不予公开).

def _may_draft(user, revision) -> bool:
    agency = revision.item.agency
    return has_perm(user, Perm.CATALOG_DRAFT, agency) and may_draft_for_office(user, agency, revision.office_id)


def _may_review(user, revision) -> bool:
    from .services import STEP_PERMS

    step = revision.current_step
    return (bool(step) and has_perm(user, STEP_PERMS[step], revision.item.agency_id)
            and user.pk not in (revision.created_by_id, revision.submitted_by_id))


_EDITABLE = (Revision.Status.DRAFT, Revision.Status.RETURNED)


def _revision_wrong_state(wf, state: str, t) -> str:
    if t.name in ("approve", "return"):
        return f"该信息当前为“{wf.state_label(state)}”，不在审核中。"
    return f"“{wf.state_label(state)}”状态的信息不能修改，只有草稿或已退回的信息可以修改。"


REVISION_WORKFLOW = Workflow(
    key="catalog.revision", label="信息", states=Revision.Status, initial=Revision.Status.DRAFT,
    open_states=Revision.OPEN_STATUSES, timed_states=Revision.OPEN_STATUSES,
    tones={Revision.Status.PUBLISHED: "ok", Revision.Status.RETURNED: "warn"},
    wrong_state_message=_revision_wrong_state, wrong_state_error=WrongState,
    transitions=[
        Transition("edit", "修改", _EDITABLE, perm=Perm.CATALOG_DRAFT, allowed=_may_draft),
        Transition("submit", "提交审核", _EDITABLE, Revision.Status.IN_REVIEW, perm=Perm.CATALOG_DRAFT,
                   allowed=_may_draft),
        Transition("discard", "作废", _EDITABLE, Revision.Status.DISCARDED, perm=Perm.CATALOG_DRAFT,
                   allowed=_may_draft),
        Transition("approve", "审核通过", (Revision.Status.IN_REVIEW,), perm=Perm.CATALOG_VIEW, allowed=_may_review),
        Transition("return", "退回修改", (Revision.Status.IN_REVIEW,), Revision.Status.RETURNED, perm=Perm.CATALOG_VIEW,
                   allowed=_may_review),
        # the publication of a new version (system: catalog.services._publish)
        Transition("supersede", "被新版本替代", (Revision.Status.PUBLISHED,), Revision.Status.SUPERSEDED,
                   perm=Perm.CATALOG_MANAGE, allowed=lambda user, revision: False),
    ],
)
Revision.workflow = REVISION_WORKFLOW


class Decision(models.Model):
    """One reviewer's decision on one step of a revision (SEC-1 for the 保密审查 step)."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", "同意"
        RETURNED = "returned", "退回修改"

    class SecrecyResult(models.TextChoices):
        DISCLOSE = "disclose", "可以公开"
        PARTIAL = "partial", "部分公开"
        WITHHOLD = "withhold", "不予公开"

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="decisions")
    step = models.CharField("步骤", max_length=30, choices=ReviewStep.choices)
    step_index = models.PositiveSmallIntegerField()
    outcome = models.CharField("结论", max_length=20, choices=Outcome.choices)
    secrecy_result = models.CharField("保密审查结果", max_length=20, choices=SecrecyResult.choices, blank=True)
    removed_content = models.TextField("删除内容说明", blank=True)
    legal_ground = models.CharField("不予公开依据", max_length=40, blank=True)
    comment = models.TextField("意见", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["revision", "created_at", "id"]
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"

    @property
    def legal_ground_label(self) -> str:
        return WithholdingGround(self.legal_ground).label if self.legal_ground in WithholdingGround.values else ""


class WithholdingGround(models.TextChoices):
    """Legal grounds for 不予公开 (Art.14–16), the same list the reply codes A4–A10 use."""

    STATE_SECRET = "state_secret", "属于国家秘密（第十四条）"
    PROHIBITED = "prohibited", "法律、行政法规禁止公开（第十四条）"
    SECURITY = "security", "危及国家安全、公共安全、经济安全、社会稳定（第十四条）"
    THIRD_PARTY = "third_party", "涉及商业秘密、个人隐私等，公开会损害第三方合法权益（第十五条）"
    INTERNAL = "internal", "人事管理、后勤管理、内部工作流程等内部事务信息（第十六条第一款）"
    PROCESS = "process", "讨论记录、过程稿、磋商信函、请示报告等过程性信息（第十六条第二款）"
    ENFORCEMENT_FILE = "enforcement_file", "行政执法案卷信息（第十六条第二款）"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word 文档"
        XLSX = "xlsx", "Excel 表格"
        IMAGE = "image", "图片"

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    text = models.TextField("提取的文本", blank=True, editable=False)
    sort_order = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["revision", "sort_order", "id"]
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.original_name


class SensitiveFinding(models.Model):
    """Something the sensitive-content check found in a submitted revision; the 保密审查员 acknowledges each."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="findings")
    source = models.CharField("位置", max_length=200)  # 正文 or the attachment's file name
    attachment = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("类型", max_length=30)
    masked = models.CharField("内容（已遮蔽）", max_length=100)
    context = models.CharField("上下文（已遮蔽）", max_length=200)
    position = models.PositiveIntegerField(default=0)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField("处理说明", max_length=200, blank=True)

    class Meta:
        ordering = ["revision", "source", "position", "id"]
        verbose_name = "敏感信息提示"
        verbose_name_plural = "敏感信息提示"

    @property
    def kind_label(self) -> str:
        from privacy.scanning import FindingKind

        return FindingKind(self.kind).label if self.kind in FindingKind.values else self.kind

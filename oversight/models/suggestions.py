"""人大代表建议 and 政协提案 assigned to the agency (domain.md §6.5; section 六 of the annual report).

The lead office handles the suggestion within a period from assignment (three months by default), replies to the
deputy or member (办理复文) with a result class, and the reply is made public — in full by default, never with the
proposer's contact details — within 20 working days of replying, as an item of the agency's 建议提案办理 category
that goes through the normal review chain. The case follows that item: it is public once the item is published.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from casework.models import Case
from casework.workflow import Transition, Workflow
from privacy.fields import EncryptedTextField

DISCLOSURE_CATEGORY = "建议提案办理"


class SuggestionKind(models.TextChoices):
    NPC = "npc", "人大代表建议"
    CPPCC = "cppcc", "政协提案"


class SuggestionResult(models.TextChoices):
    A = "A", "A类（已解决或采纳）"
    B = "B", "B类（正在解决或列入计划）"
    C = "C", "C类（留作参考）"


class DisclosureForm(models.TextChoices):
    FULL = "full", "全文公开"
    SUMMARY = "summary", "摘要公开"
    NONE = "none", "不予公开"


class SuggestionStatus(models.TextChoices):
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "已答复，待公开复文"
    DISCLOSING = "disclosing", "复文公开审核中"
    PUBLIC = "public", "复文已公开"
    NOT_PUBLIC = "not_public", "复文不予公开"


SUGGESTION_WORKFLOW = Workflow(
    key="oversight.suggestion", label="建议提案", states=SuggestionStatus, initial=SuggestionStatus.HANDLING,
    open_states=[SuggestionStatus.HANDLING, SuggestionStatus.REPLIED, SuggestionStatus.DISCLOSING],
    tones={SuggestionStatus.PUBLIC: "ok", SuggestionStatus.NOT_PUBLIC: "ok"},
    transitions=[
        Transition("route", "调整承办", (SuggestionStatus.HANDLING,)),
        Transition("edit", "修改登记信息", tuple(SuggestionStatus.values)),
        Transition("reply", "登记办理复文", (SuggestionStatus.HANDLING,), SuggestionStatus.REPLIED),
        # correct the text to be made public (e.g. remove a phone number the sensitive-content check found)
        Transition("revise_reply", "修改办理复文", (SuggestionStatus.REPLIED,)),
        Transition("submit_disclosure", "提交复文公开", (SuggestionStatus.REPLIED,), SuggestionStatus.DISCLOSING),
        # the publication hook (system) or a person when the catalogue item was published without the hook
        Transition("made_public", "登记复文已公开", (SuggestionStatus.DISCLOSING,), SuggestionStatus.PUBLIC),
        Transition("withhold_disclosure", "决定复文不予公开", (SuggestionStatus.REPLIED,), SuggestionStatus.NOT_PUBLIC),
        # the catalogue refused the draft (保密审查: 不予公开) or the draft was discarded: back to choose again
        Transition("disclosure_failed", "退回待公开", (SuggestionStatus.DISCLOSING,), SuggestionStatus.REPLIED),
    ],
)


class Suggestion(Case):
    kind = models.CharField("类型", max_length=10, choices=SuggestionKind.choices)
    status = models.CharField("状态", max_length=30, choices=SuggestionStatus.choices,
                              default=SuggestionStatus.HANDLING)
    session_year = models.PositiveSmallIntegerField("年度")
    proposal_no = models.CharField("建议（提案）号", max_length=30, help_text="人大、政协交办时的编号，例如 第5号。")
    proposer = models.CharField("代表（委员）", max_length=100)
    # Never published (provincial rules: replies are disclosed without deputies' contact details).
    proposer_contact = EncryptedTextField("代表（委员）联系方式", blank=True)
    title = models.CharField("标题", max_length=200)
    content = models.TextField("建议（提案）内容", blank=True)
    received_on = models.DateField("交办日期")
    co_offices = models.ManyToManyField("agencies.Office", verbose_name="协办办所", blank=True, related_name="+")
    reply_due_on = models.DateField("办理期限", null=True, blank=True)
    reply_text = models.TextField("办理复文", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    result_class = models.CharField("办理结果", max_length=1, choices=SuggestionResult.choices, blank=True)
    disclosure_form = models.CharField("公开方式", max_length=10, choices=DisclosureForm.choices,
                                       default=DisclosureForm.FULL)
    disclosure_summary = models.TextField("复文摘要", blank=True)
    not_public_reason = models.CharField("不予公开理由", max_length=300, blank=True)
    disclosure_due_on = models.DateField("复文公开期限", null=True, blank=True)
    item = models.ForeignKey("catalog.Item", verbose_name="公开的目录信息", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    made_public_on = models.DateField("复文公开日期", null=True, blank=True)

    workflow = SUGGESTION_WORKFLOW
    number_prefix = "JY"

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "建议提案"
        verbose_name_plural = "建议提案"
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "session_year", "proposal_no"],
                                    name="suggestion_unique_proposal_no"),
            models.UniqueConstraint(fields=["agency", "number"], condition=~Q(number=""),
                                    name="suggestion_number_unique"),
        ]
        indexes = [
            # section 六: suggestions assigned / replied / made public in the year, per agency
            models.Index(fields=["agency", "received_on"], name="suggestion_agency_assigned"),
            models.Index(fields=["agency", "replied_on"], name="suggestion_agency_replied"),
            models.Index(fields=["status", "due_on"], name="suggestion_open_due",
                         condition=Q(status__in=["handling", "replied", "disclosing"])),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.proposal_no}：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("backoffice:suggestion", args=[self.pk])

    @property
    def assigned_on(self):
        return self.received_on

    @property
    def replied_late(self) -> bool:
        return bool(self.replied_on and self.reply_due_on and self.replied_on > self.reply_due_on)

    @property
    def made_public_late(self) -> bool:
        return bool(self.made_public_on and self.disclosure_due_on and self.made_public_on > self.disclosure_due_on)


class SuggestionTopic(models.Model):
    """A topic of a suggestion (环境整治、秸秆焚烧、便民服务、民生民意 …): free words, counted for section 六."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField("主题", max_length=30)

    class Meta:
        ordering = ["suggestion", "id"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "name"], name="suggestion_topic_unique")]

    def __str__(self) -> str:
        return self.name

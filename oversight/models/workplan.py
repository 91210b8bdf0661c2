"""The annual work plan (年度政务公开工作要点/方案): tasks with owners, due dates and completion evidence. Its completion
rate feeds section 六 (落实上级年度政务公开工作要点情况)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from casework.models import Case
from casework.workflow import Transition, Workflow


class WorkPlan(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    basis = models.CharField("依据", max_length=200, blank=True, help_text="上级年度政务公开工作要点，例如：望奎县2026年政务公开工作要点")
    item = models.ForeignKey("catalog.Item", verbose_name="已公开的方案", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "agency"]
        verbose_name = "年度工作要点"
        verbose_name_plural = "年度工作要点"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="work_plan_one_per_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("backoffice:work_plan", args=[self.pk])


class TaskStatus(models.TextChoices):
    OPEN = "open", "推进中"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已取消"


TASK_WORKFLOW = Workflow(
    key="oversight.work_task", label="工作任务", states=TaskStatus, initial=TaskStatus.OPEN,
    open_states=[TaskStatus.OPEN], tones={TaskStatus.DONE: "ok"},
    transitions=[
        Transition("edit", "修改任务", (TaskStatus.OPEN,)),
        Transition("complete", "登记完成", (TaskStatus.OPEN,), TaskStatus.DONE),
        Transition("cancel", "取消任务", (TaskStatus.OPEN,), TaskStatus.CANCELLED),
        Transition("reopen", "恢复推进", (TaskStatus.DONE, TaskStatus.CANCELLED), TaskStatus.OPEN),
    ],
)


class WorkPlanTask(Case):
    plan = models.ForeignKey(WorkPlan, verbose_name="工作要点", on_delete=models.CASCADE, related_name="tasks")
    sequence = models.PositiveSmallIntegerField("序号")
    status = models.CharField("状态", max_length=30, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    title = models.CharField("任务", max_length=300)
    owner = models.CharField("责任单位（责任人）", max_length=100)
    received_on = models.DateField("部署日期")
    due_on = models.DateField("完成时限", null=True, blank=True)
    evidence = models.TextField("完成情况及佐证", blank=True)
    evidence_item = models.ForeignKey("catalog.Item", verbose_name="佐证信息", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    cancel_reason = models.CharField("取消理由", max_length=300, blank=True)

    workflow = TASK_WORKFLOW

    class Meta:
        ordering = ["plan", "sequence", "id"]
        verbose_name = "工作任务"
        verbose_name_plural = "工作任务"
        constraints = [models.UniqueConstraint(fields=["plan", "sequence"], name="work_task_unique_sequence")]
        indexes = [models.Index(fields=["status", "due_on"], name="work_task_open_due", condition=Q(status="open"))]

    def __str__(self) -> str:
        return f"{self.sequence}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("backoffice:work_plan", args=[self.plan_id]) + f"#task-{self.pk}"

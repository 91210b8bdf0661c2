"""The shared shape of every register with a clock (复议诉讼, 建议提案, 投诉举报, 网站找错, 工作要点任务), the reminder log,
and per-agency service levels.

A register's concrete model inherits `Case` and declares its `workflow` (casework/workflow.py). Lifecycle (`status`),
outcome (each register's own result field) and derived flags (overdue, days left) are kept apart: overdue is computed
from `due_on` and today, never stored.
"""

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai import clock

from .clocks import ClockRule, Unit


class ReminderLog(models.Model):
    """One reminder sent for one clock: (key, due date, kind) is unique, so a sweep never repeats a reminder; a due
    date that moves (extension, recomputation) gets its own reminders."""

    key = models.CharField(max_length=120)
    due_on = models.DateField()
    kind = models.CharField(max_length=20)  # "before_5", "before_3", "before_1", "overdue", "escalated"
    sent_at = models.DateTimeField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "due_on", "kind"], name="reminder_once")]
        indexes = [models.Index(fields=["key"], name="reminder_key")]


class ServiceLevel(models.Model):
    """An agency's own period for one register (e.g. 投诉举报 answered within 10 working days instead of the default);
    a row without agency is the platform-wide default. Applies to cases opened after the change."""

    register = models.CharField("登记簿", max_length=60)
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    length = models.PositiveSmallIntegerField("期限")
    unit = models.CharField("单位", max_length=20, choices=Unit.choices, default=Unit.WORKING_DAYS)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "办理期限设置"
        verbose_name_plural = "办理期限设置"
        constraints = [
            models.UniqueConstraint(fields=["register", "agency"], name="service_level_per_agency"),
            models.UniqueConstraint(fields=["register"], condition=Q(agency__isnull=True),
                                    name="service_level_one_default"),
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.length}{Unit(self.unit).label}"


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=self.model.workflow.open_states)

    def timed(self):
        """Cases whose clock runs now (they can be overdue)."""
        return self.filter(status__in=self.model.workflow.timed_states)

    def overdue(self, today: date | None = None):
        return self.timed().filter(due_on__lt=today or clock.today())

    def due_between(self, start: date, end: date):
        return self.timed().filter(due_on__gte=start, due_on__lte=end)


class Case(models.Model):
    """A record handled by someone against a due date from the platform calendar."""

    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    number = models.CharField("登记编号", max_length=30, blank=True)
    status = models.CharField("状态", max_length=30)
    office = models.ForeignKey("agencies.Office", verbose_name="承办办所", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("收到日期")
    # The clock now running: the rule it was started with (ClockRule.as_dict) and its start date. Kept so that a
    # calendar change recomputes the same period; due_on is null when the calendar does not reach the due date yet.
    clock_rule = models.JSONField(default=dict, blank=True, editable=False)
    clock_start = models.DateField(null=True, blank=True, editable=False)
    due_on = models.DateField("办理期限", null=True, blank=True)
    due_explanation = models.CharField("期限计算说明", max_length=300, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", default=clock.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    workflow: ClassVar  # casework.workflow.Workflow, set by each register
    number_prefix: ClassVar[str] = ""  # e.g. "TS" → TS2026-0001; empty: no register number

    class Meta:
        abstract = True
        ordering = ["-received_on", "-id"]

    @property
    def rule(self) -> ClockRule | None:
        return ClockRule.from_dict(self.clock_rule)

    @property
    def is_open(self) -> bool:
        return self.status in self.workflow.open_states

    @property
    def is_timed(self) -> bool:
        return self.status in self.workflow.timed_states

    @property
    def is_overdue(self) -> bool:
        return self.is_timed and self.due_on is not None and clock.today() > self.due_on

    @property
    def is_provisional(self) -> bool:
        """The clock runs but the calendar does not reach its due date yet."""
        return self.is_timed and bool(self.clock_rule) and self.due_on is None

    @property
    def closed_late(self) -> bool:
        return bool(self.closed_on and self.due_on and self.closed_on > self.due_on)

    @property
    def days_left(self) -> int | None:
        """Working days left until the due date (negative: working days overdue); None without a computable date."""
        if not self.is_timed:
            return None
        from workdays.loading import working_days_left

        return working_days_left(self.due_on, clock.today())

    @property
    def status_label(self) -> str:
        return self.workflow.state_label(self.status)

    @property
    def status_tone(self) -> str:
        return self.workflow.state_tone(self.status)

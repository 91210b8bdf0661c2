"""Append-only audit events: who did what to which record, when, from which state to which, and why."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from gongkai import clock


class AppendOnlyError(RuntimeError):
    pass


class AuditEvent(models.Model):
    created_at = models.DateTimeField("时间", default=clock.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField("操作人姓名", max_length=50, blank=True)
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField("操作", max_length=80)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    from_state = models.CharField("原状态", max_length=40, blank=True)
    to_state = models.CharField("新状态", max_length=40, blank=True)
    comment = models.TextField("说明", blank=True)
    data = models.JSONField("详情", default=dict, blank=True)
    # The hash chain (audit/chain.py): the previous event's hash and this event's, over all the fields above.
    prev_hash = models.CharField("前一条哈希", max_length=64, blank=True)
    hash = models.CharField("哈希", max_length=64, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        indexes = [
            # the timeline of one record
            models.Index(fields=["target_type", "target_id", "created_at"], name="audit_target_time"),
            # the county's view of one agency's activity
            models.Index(fields=["agency", "created_at"], name="audit_agency_time"),
            # the auditor's filter by action, newest first
            models.Index(fields=["action", "id"], name="audit_action_id"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("审计记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计记录只能追加，不能删除。")

    @property
    def label(self) -> str:
        from .labels import label_for

        return label_for(self.action)

    @property
    def from_label(self) -> str:
        from .labels import state_label

        return state_label(self.from_state)

    @property
    def to_label(self) -> str:
        from .labels import state_label

        return state_label(self.to_state)


class AuditChainHead(models.Model):
    """The end of the hash chain: one row, updated in the same transaction as every append (and locked by it, which
    serialises appends on PostgreSQL). Comparing it with the last event detects the deletion of the newest events."""

    count = models.BigIntegerField("记录数", default=0)
    last_event_id = models.BigIntegerField("末条记录编号", null=True, blank=True)
    last_hash = models.CharField("末条哈希", max_length=64)
    updated_at = models.DateTimeField("更新时间", null=True, blank=True)

    class Meta:
        verbose_name = "审计记录链头"
        verbose_name_plural = "审计记录链头"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_head_single_row")]

    def __str__(self) -> str:
        return f"{self.count} {self.last_hash}"

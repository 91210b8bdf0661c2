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

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        indexes = [
            # the timeline of one record
            models.Index(fields=["target_type", "target_id", "created_at"], name="audit_target_time"),
            # the county's view of one agency's activity
            models.Index(fields=["agency", "created_at"], name="audit_agency_time"),
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

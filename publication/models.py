"""The outbox of the publication: what must be re-rendered, written in the same transaction as the change."""

from django.db import models

from gongkai import clock


class PendingTarget(models.Model):
    """One target (a URL path or a group of publication.pages) made stale by a committed change.

    Rows are deleted only after their files are written, by the drain that read them; a drain killed half-way
    leaves them for the next one. The same target may be pending several times (one row per change): a change
    committed while a drain renders it leaves its own row, so the page is rendered again with the change."""

    target = models.CharField("发布目标", max_length=600)
    created_at = models.DateTimeField("登记时间", default=clock.now)
    attempts = models.PositiveSmallIntegerField("失败次数", default=0)
    retry_after = models.DateTimeField("重试时间", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=500, blank=True)

    class Meta:
        verbose_name = "待发布页面"
        verbose_name_plural = "待发布页面"
        ordering = ["pk"]


class PublicationState(models.Model):
    """Small facts about what is on disk (e.g. the year the footers were rendered in)."""

    key = models.CharField(max_length=50, unique=True)
    value = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "发布状态"
        verbose_name_plural = "发布状态"

"""Data of the staff security controls. API tokens: a person's keys for the staff API (等保 2.0 level 3, 身份鉴别 and
访问控制): each one named, scoped, dated and revocable, and kept only as a hash."""

from django.conf import settings
from django.db import models

from gongkai import clock


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "只读"
        WRITE = "write", "读写"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="持有人", on_delete=models.PROTECT,
                              related_name="api_tokens")
    name = models.CharField("名称", max_length=50)
    scope = models.CharField("权限范围", max_length=10, choices=Scope.choices, default=Scope.READ)
    # The first characters of the key after "gk_": public, shown in lists and logs, used to look the token up.
    prefix = models.CharField("前缀", max_length=8)
    # SHA-256 of the whole key (hex). The key itself is shown once at creation and stored nowhere.
    key_hash = models.CharField("密钥摘要", max_length=64)
    created_at = models.DateTimeField("创建时间", default=clock.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    expires_on = models.DateField("有效期至", help_text="当日24时后失效。")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="吊销人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)
    last_used_from = models.GenericIPAddressField("最近使用地址", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        constraints = [
            # authentication finds the token by the prefix written in the key
            models.UniqueConstraint(fields=["prefix"], name="security_apitoken_prefix_unique"),
            # a person tells their live tokens apart by name; revoked ones keep theirs for the record
            models.UniqueConstraint(fields=["owner", "name"], condition=models.Q(revoked_at__isnull=True),
                                    name="security_apitoken_live_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.display_prefix}）"

    @property
    def display_prefix(self) -> str:
        return f"gk_{self.prefix}…"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self) -> bool:
        """Valid through the whole of `expires_on` (Beijing time), expired from the next day."""
        return clock.today() > self.expires_on

    def status_label(self) -> str:
        if self.is_revoked:
            return "已吊销"
        if self.is_expired():
            return "已过期"
        return "有效"

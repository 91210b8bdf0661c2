"""The delivery log and the preferences.

A `Delivery` is one message to one recipient on one channel for one occurrence of an event: unique by `key`, so an
event dispatched twice (a retried task, a repeated hook) sends once. The address is kept encrypted only while the
message may still be (re)sent and erased once it went out or finally failed; the masked form stays for the log.

A `Preference` is one person's choice for one channel: a staff member's (by account; for SMS and WeChat with the
number or openid to use), or a member of the public's (by the keyed hash of the address they gave: applicants are
notified unless they opted out, on the form or through the link in a notice).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from privacy.fields import EncryptedTextField


class Audience(models.TextChoices):
    APPLICANT = "applicant", "申请人"
    COMPLAINANT = "complainant", "投诉举报人"
    REPORTER = "reporter", "网站找错反映人"
    SUBSCRIBER = "subscriber", "订阅用户"
    STAFF = "staff", "工作人员"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    RETRYING = "retrying", "发送失败，等待重试"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class Delivery(models.Model):
    key = models.CharField(max_length=200, unique=True, editable=False)
    event = models.CharField("事件", max_length=60)
    channel = models.CharField("方式", max_length=20)
    audience = models.CharField("对象", max_length=20, choices=Audience.choices)
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    reference = models.CharField("事项", max_length=100, blank=True)  # e.g. "依申请公开 2026-0001"
    recipient = EncryptedTextField("接收地址", blank=True)
    recipient_masked = models.CharField("接收人", max_length=100)
    subject = models.CharField("标题", max_length=300, blank=True)
    body = models.TextField("内容")
    link = models.CharField("链接", max_length=500, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    status = models.CharField("状态", max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("错误", max_length=500, blank=True)
    next_attempt_at = models.DateTimeField("下次重试", null=True, blank=True)
    created_at = models.DateTimeField("生成时间")
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "通知发送记录"
        verbose_name_plural = "通知发送记录"
        indexes = [
            # the retry sweep: deliveries waiting for their next attempt
            models.Index(fields=["next_attempt_at"], name="delivery_retry_due",
                         condition=Q(status="retrying")),
            # the back-office log: one agency's deliveries, newest first
            models.Index(fields=["agency", "-created_at"], name="delivery_agency_created"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient_masked}（{self.get_status_display()}）"


class Preference(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="notification_preferences")
    address_index = models.CharField(max_length=64, blank=True, editable=False)
    channel = models.CharField("方式", max_length=20)
    enabled = models.BooleanField("接收", default=True)
    # A staff member's own number or openid for this channel (e-mail uses the account's address).
    address = EncryptedTextField("地址", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "通知偏好"
        verbose_name_plural = "通知偏好"
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], condition=Q(user__isnull=False),
                                    name="preference_one_per_user_channel"),
            # the public: one choice per address and channel (looked up by the address's keyed hash)
            models.UniqueConstraint(fields=["address_index", "channel"], condition=Q(user__isnull=True),
                                    name="preference_one_per_address_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {'接收' if self.enabled else '不接收'}"

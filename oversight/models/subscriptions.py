"""民生服务平台 subscriptions: the public subscribes by e-mail (or mobile, through the SMS gateway) to an agency's
categories; double opt-in with a signed link; each new publication is pushed after it commits; one-click
unsubscribe. The address is personal data: encrypted, looked up by a keyed hash, erased on unsubscribing."""

from django.db import models
from django.db.models import Q

from privacy.fields import EncryptedTextField
from privacy.masking import mask_email, mask_phone


class SubscriptionChannel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    SMS = "sms", "手机短信"


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    ACTIVE = "active", "已订阅"
    UNSUBSCRIBED = "unsubscribed", "已退订"


class Subscription(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField("方式", max_length=10, choices=SubscriptionChannel.choices,
                               default=SubscriptionChannel.EMAIL)
    address = EncryptedTextField("地址", blank=True)
    address_index = models.CharField(max_length=64, blank=True, editable=False)
    # Empty means every category of the agency.
    categories = models.ManyToManyField("catalog.Category", verbose_name="订阅栏目", blank=True, related_name="+")
    status = models.CharField("状态", max_length=20, choices=SubscriptionStatus.choices,
                              default=SubscriptionStatus.PENDING)
    created_at = models.DateTimeField("订阅时间")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("退订时间", null=True, blank=True)
    # Bumped on each confirmation e-mail, so an older confirmation link stops working.
    token_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "订阅"
        verbose_name_plural = "订阅"
        constraints = [
            # one live subscription per address and agency (erased addresses leave an empty index)
            models.UniqueConstraint(fields=["agency", "channel", "address_index"], condition=~Q(address_index=""),
                                    name="subscription_one_per_address"),
        ]
        indexes = [
            # the push: active subscribers of one agency
            models.Index(fields=["agency", "status"], name="subscription_agency_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address_masked}"

    @property
    def address_masked(self) -> str:
        if not self.address:
            return "（已删除）"
        return mask_email(self.address) if self.channel == SubscriptionChannel.EMAIL else mask_phone(self.address)


class PushLog(models.Model):
    """One publication pushed to one subscriber: unique, so a retried task never sends twice."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="pushes")
    item = models.ForeignKey("catalog.Item", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "item"], name="push_once")]

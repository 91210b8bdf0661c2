"""社会评议 (Art.46): the public rates each published item and the agency's application service (满意/基本满意/不满意,
with an optional comment). One rating per visitor, target and day; results go to the back office and the report's
监督保障 paragraph. A visitor is a keyed hash of the address and browser, never stored in clear."""

from django.db import models


class RatingValue(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class RatingTarget(models.TextChoices):
    ITEM = "item", "政府信息"
    APPLICATIONS = "applications", "依申请公开服务"


class Rating(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    target = models.CharField("评议对象", max_length=20, choices=RatingTarget.choices)
    item = models.ForeignKey("catalog.Item", verbose_name="政府信息", null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    value = models.CharField("评价", max_length=20, choices=RatingValue.choices)
    comment = models.CharField("意见建议", max_length=500, blank=True)
    target_key = models.CharField(max_length=40, editable=False)  # "item:42" or "applications:7"
    visitor_key = models.CharField(max_length=64, editable=False)
    rated_on = models.DateField("评议日期")
    created_at = models.DateTimeField("评议时间")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "社会评议"
        verbose_name_plural = "社会评议"
        constraints = [
            # throttled per visitor: one rating of one target per day
            models.UniqueConstraint(fields=["visitor_key", "target_key", "rated_on"], name="rating_once_per_day"),
        ]
        indexes = [models.Index(fields=["agency", "rated_on"], name="rating_agency_date")]

    def __str__(self) -> str:
        return f"{self.get_target_display()} {self.get_value_display()}"

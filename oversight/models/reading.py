"""Reading points (政府信息公开查阅点), deliveries of documents to them and to the archive and library (Art.25), and the
visitor log. The seed's reading point is in the township's 党政办公室 / 乡档案室, to which villages and departments
deliver their documents."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from privacy.fields import EncryptedTextField
from privacy.masking import mask_name


class ReadingPoint(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT,
                               related_name="reading_points")
    name = models.CharField("名称", max_length=100)
    place = models.CharField("设置地点", max_length=100, help_text="例如：乡政府党政办公室（乡档案室）")
    address = models.CharField("地址", max_length=200)
    hours = models.CharField("开放时间", max_length=200)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    is_active = models.BooleanField("开放", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency", "sort_order", "id"]
        verbose_name = "查阅点"
        verbose_name_plural = "查阅点"
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="reading_point_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("backoffice:reading_point", args=[self.pk])


class DeliveryDirection(models.TextChoices):
    RECEIVED = "received", "村、部门送交本机关（档案室、查阅点）"
    SENT = "sent", "本机关送交国家档案馆、公共图书馆（条例第二十五条）"


class Counterpart(models.TextChoices):
    VILLAGE = "village", "村（居）委会"
    DEPARTMENT = "department", "站所、部门"
    ARCHIVE = "archive", "国家档案馆"
    LIBRARY = "library", "公共图书馆"
    OTHER = "other", "其他"


RECEIVED_COUNTERPARTS = (Counterpart.VILLAGE, Counterpart.DEPARTMENT, Counterpart.OTHER)
SENT_COUNTERPARTS = (Counterpart.ARCHIVE, Counterpart.LIBRARY)


class Delivery(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField("送交方向", max_length=10, choices=DeliveryDirection.choices)
    reading_point = models.ForeignKey(ReadingPoint, verbose_name="查阅点", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="deliveries")
    counterpart_kind = models.CharField("送交单位类型", max_length=20, choices=Counterpart.choices)
    counterpart = models.CharField("送交单位（接收单位）", max_length=100)
    document_title = models.CharField("文件名称", max_length=200)
    doc_no = models.CharField("文号", max_length=60, blank=True)
    item = models.ForeignKey("catalog.Item", verbose_name="目录信息", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    delivered_on = models.DateField("送交日期")
    received_by = models.CharField("接收人", max_length=50)
    copies = models.PositiveSmallIntegerField("份数", default=1)
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-id"]
        verbose_name = "送交登记"
        verbose_name_plural = "送交登记"
        indexes = [models.Index(fields=["agency", "delivered_on"], name="delivery_agency_date")]

    def __str__(self) -> str:
        return f"{self.document_title}（{self.copies}份）"


class Visit(models.Model):
    """One consultation at a reading point. The visitor's name is personal data: encrypted, shown masked."""

    reading_point = models.ForeignKey(ReadingPoint, verbose_name="查阅点", on_delete=models.PROTECT,
                                      related_name="visits")
    visited_on = models.DateField("查阅日期")
    consulted = models.CharField("查阅内容", max_length=300)
    visitor_name = EncryptedTextField("查阅人", blank=True)
    purpose = models.CharField("用途", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = "查阅登记"
        verbose_name_plural = "查阅登记"
        indexes = [models.Index(fields=["reading_point", "visited_on"], name="visit_point_date")]

    @property
    def visitor_masked(self) -> str:
        return mask_name(self.visitor_name) if self.visitor_name else "未登记"

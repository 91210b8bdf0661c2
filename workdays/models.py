"""The working-day calendar as data: which years are loaded, and the exceptions to Monday–Friday within them.

A day is a working day when it is Monday–Friday and not a holiday, or when it is a weekend day marked 调休上班.
A year without a CalendarYear row is not loaded: any computation that needs it fails loudly (CAL-1).
"""

from django.db import models


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    source = models.CharField("来源", max_length=200, blank=True,
                              help_text="例如：国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）")
    loaded_at = models.DateTimeField("载入时间", auto_now_add=True)

    class Meta:
        ordering = ["year"]
        verbose_name = "已载入年份"
        verbose_name_plural = "已载入年份"

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "调休上班"

    date = models.DateField("日期", primary_key=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("节日", max_length=20, blank=True)
    source = models.CharField("来源", max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"

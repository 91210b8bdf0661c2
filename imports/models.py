"""Imports of an agency's existing records from the files its previous system exported.

An ImportRun is one uploaded file going through upload → column mapping → dry run (检查) → import, with its progress
and counts (the back-office page polls it). Every row that cannot be imported is an ImportProblem with its line
number and the reason in Chinese. An ImportMapping remembers, per agency and source (the vendor system's name), which
column holds which field, so the next export of the same system is mapped by itself.

`kind` says what is imported ("catalogue" here; registers and past reports use the same tables).
"""

from django.conf import settings
from django.db import models


class ImportKind(models.TextChoices):
    CATALOGUE = "catalogue", "政府信息公开目录"


class ImportMapping(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="import_mappings")
    kind = models.CharField("导入内容", max_length=20, choices=ImportKind.choices, default=ImportKind.CATALOGUE)
    source_name = models.CharField("数据来源", max_length=100, help_text="原系统名称，例如“拓尔思政务公开系统导出”。")
    columns = models.JSONField("字段对应", default=dict)  # field name → column name in the sheet
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency", "kind", "source_name"]
        verbose_name = "导入字段对应"
        verbose_name_plural = "导入字段对应"
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "source_name"],
                                               name="import_mapping_unique_source")]

    def __str__(self) -> str:
        return self.source_name


class ImportRun(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", "待对应字段"
        CHECKING = "checking", "检查中"
        CHECKED = "checked", "已检查"
        IMPORTING = "importing", "导入中"
        FINISHED = "finished", "已导入"
        FAILED = "failed", "导入中断"

    BUSY_STATUSES = (Status.CHECKING, Status.IMPORTING)

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="import_runs")
    kind = models.CharField("导入内容", max_length=20, choices=ImportKind.choices, default=ImportKind.CATALOGUE)
    source_name = models.CharField("数据来源", max_length=100, blank=True)
    file = models.FileField(upload_to="imports/%Y/%m/")
    file_name = models.CharField("文件名", max_length=200)
    file_size = models.PositiveBigIntegerField("大小", default=0)
    sha256 = models.CharField(max_length=64)
    columns_found = models.JSONField("文件中的列", default=list)
    columns = models.JSONField("字段对应", default=dict)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.UPLOADED)
    # Progress of the current phase (检查 or 导入); total is known after the dry run (or from an XLSX's dimension).
    processed_rows = models.PositiveIntegerField("已处理行数", default=0)
    total_rows = models.PositiveIntegerField("总行数", null=True, blank=True)
    # The outcome of the last phase: rows to import (dry run) or imported, already present (same 索引号, skipped),
    # repeated in the file (identical rows, skipped), refused (see problems); and rows per category.
    ready_rows = models.PositiveIntegerField("可导入", default=0)
    imported_rows = models.PositiveIntegerField("已导入", default=0)
    existing_rows = models.PositiveIntegerField("已存在（跳过）", default=0)
    duplicate_rows = models.PositiveIntegerField("重复行（跳过）", default=0)
    failed_rows = models.PositiveIntegerField("有问题", default=0)
    per_category = models.JSONField("各栏目条数", default=dict)
    failure = models.TextField("中断原因", blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        indexes = [
            # the back office's list of an agency's imports, newest first
            models.Index(fields=["agency", "-created_at"], name="import_run_agency_created"),
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_busy(self) -> bool:
        return self.status in self.BUSY_STATUSES

    @property
    def percent(self) -> int | None:
        if not self.total_rows:
            return None
        return min(100, round(100 * self.processed_rows / self.total_rows))


class ImportProblem(models.Model):
    """A row of the file that cannot be imported, with the reason in Chinese (from the last dry run or import)."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="problems")
    line = models.PositiveIntegerField("行号")
    index_no = models.CharField("索引号", max_length=60, blank=True)
    field = models.CharField("字段", max_length=30, blank=True)
    message = models.CharField("原因", max_length=500)

    class Meta:
        ordering = ["run", "line", "id"]
        verbose_name = "导入问题"
        verbose_name_plural = "导入问题"

    def __str__(self) -> str:
        return f"第{self.line}行：{self.message}"

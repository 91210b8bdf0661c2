"""manage.py import_catalogue AGENCY FILE [--mapping NAME|FILE.json] [--dry-run] --user USERNAME

Imports (or, with --dry-run, only checks) a catalogue export for the agency with code AGENCY, through the same
services as the back office, printing a progress line. --mapping names a mapping saved in the back office for the
agency (数据来源), or a JSON file {"index_no": "索引号", "title": "标题", …}; without it the columns are guessed from
the header names. The person (--user) must hold 管理目录 in the agency; the audit trail names them.
"""

import json
import sys
import time
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from gongkai.errors import DomainError
from imports import services
from imports.catalogue import FIELDS
from imports.command_arguments import agency_user_and_file
from imports.models import ImportMapping, ImportRun


class Progress:
    """A one-line progress bar on stderr, redrawn with a carriage return (no dependency for one line of output)."""

    def __init__(self, label: str, total: int | None, stream=sys.stderr):
        self.label, self.total, self.stream, self.started = label, total, stream, time.monotonic()

    def __call__(self, totals) -> None:
        done = totals.processed
        rate = done / max(time.monotonic() - self.started, 1e-6)
        if self.total:
            filled = int(30 * done / self.total)
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total}"
        else:
            bar = f"{done} 行"
        self.stream.write(f"\r{self.label} {bar}  {rate:,.0f} 行/秒  问题 {totals.failed}")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")


class Command(BaseCommand):
    help = "导入政府信息公开目录（CSV、XLSX 或含附件的 ZIP）。"

    def add_arguments(self, parser):
        parser.add_argument("agency", help="机关代码")
        parser.add_argument("file", help="CSV、XLSX 或 ZIP 文件")
        parser.add_argument("--mapping", help="已保存的数据来源名称，或字段对应的 JSON 文件")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不导入")
        parser.add_argument("--user", required=True, help="操作人用户名（记入审计日志）")
        parser.add_argument("--quiet", action="store_true", help="不显示进度")

    def handle(self, *args, **options):
        agency, user, path = agency_user_and_file(options)
        source_name, columns = self._mapping(agency, options["mapping"])
        try:
            with path.open("rb") as handle:
                run = services.upload_file(agency, File(handle, name=path.name), acting_user=user,
                                           source_name=source_name)
            run = services.save_mapping(run, columns or run.columns, acting_user=user, source_name=source_name)
            self.stdout.write("字段对应：" + "；".join(f"{f.label} ← {run.columns[f.name]}" for f in FIELDS
                                                   if f.name in run.columns))
            run = self._phase(run, user, "检查", services.start_check, services.run_check, options["quiet"])
            if run.status == ImportRun.Status.CHECKED and not options["dry_run"]:
                run = self._phase(run, user, "导入", services.start_import, services.run_import, options["quiet"])
        except DomainError as error:
            raise CommandError(error.message)
        self._report(run)
        if run.status in (ImportRun.Status.FAILED, ImportRun.Status.UPLOADED):
            raise CommandError(run.failure or "导入未完成。")

    def _mapping(self, agency, value):
        if not value:
            return "", None
        if value.endswith(".json") and Path(value).is_file():
            try:
                return "", json.loads(Path(value).read_text(encoding="utf-8"))
            except ValueError as error:
                raise CommandError(f"字段对应文件不是有效的 JSON：{error}")
        saved = ImportMapping.objects.filter(agency=agency, source_name=value).first()
        if saved is None:
            raise CommandError(f"“{agency.name}”没有名为“{value}”的已保存字段对应。")
        return value, saved.columns

    def _phase(self, run, user, label, start, body, quiet):
        # The command is the worker here: the state change, then the body in this process (not through Celery).
        run = start(run, acting_user=user, in_background=False)
        progress = None if quiet else Progress(label, run.total_rows)
        run = body(run, acting_user=user, on_progress=progress)
        if progress:
            progress.close()
        return run

    def _report(self, run):
        self.stdout.write(f"状态：{run.get_status_display()}；共 {run.processed_rows} 行，"
                          f"{'已导入' if run.status == ImportRun.Status.FINISHED else '可导入'} "
                          f"{run.imported_rows if run.status == ImportRun.Status.FINISHED else run.ready_rows} 条，"
                          f"已存在跳过 {run.existing_rows} 条，重复行跳过 {run.duplicate_rows} 行，"
                          f"有问题 {run.failed_rows} 行。")
        for name, count in sorted(run.per_category.items(), key=lambda kv: -kv[1]):
            self.stdout.write(f"  {name}：{count} 条")
        for problem in run.problems.all()[:200]:
            self.stdout.write(f"  第{problem.line}行：{problem.message}")
        if run.failed_rows > 200:
            self.stdout.write("  ……另有问题未列出，请在工作平台“导入”页面查看。")

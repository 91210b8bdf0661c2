"""manage.py backup [--output DIR]: one dated archive of the database, the media and the publication folders."""

import logging
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backups.archive import create_backup
from backups.audit_events import record_backup
from backups.errors import BackupFailed

logger = logging.getLogger("gongkai.backups")


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}" if unit != "B" else f"{size} B"
        size /= 1024
    return f"{size:.1f} TB"


class Command(BaseCommand):
    help = "备份数据库、上传文件与发布目录到一个带日期的归档文件 / Back up the database and the files"

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(Path(settings.VAR_DIR) / "backups"),
                            help="归档文件的目录（默认 var/backups）/ folder for the archive")

    def handle(self, *args, output, **options):
        try:
            result = create_backup(Path(output))
        except BackupFailed as error:
            logger.error("backup failed: %s", error.message)
            raise CommandError(error.message) from error
        record_backup(result)
        logger.info("backup written: %s (%s bytes, sha256 %s)", result.path, result.size, result.sha256)
        self.stdout.write(f"备份完成 / Backup written: {result.path}")
        self.stdout.write(
            f"  大小 / size: {human_size(result.size)} · 文件 / files: {result.files} · "
            f"数据表 / tables: {result.tables} · 行 / rows: {result.rows} · 用时 / time: {result.seconds:.1f} s")
        self.stdout.write(f"  SHA-256: {result.sha256}")

"""manage.py restore ARCHIVE [--yes] [--verify-only]: verify an archive, then restore it into an empty database."""

import logging
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.archive import unpack_verified
from backups.audit_events import record_restore
from backups.errors import ArchiveRejected, BackupFailed, RestoreRefused
from backups.restore import apply_restore, prepared_restore

logger = logging.getLogger("gongkai.backups")


class Command(BaseCommand):
    help = "校验并恢复备份到空数据库 / Verify a backup archive and restore it into an empty database"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份文件 gongkai-backup-*.tar.gz")
        parser.add_argument("--yes", action="store_true", help="不再询问确认 / do not ask for confirmation")
        parser.add_argument("--verify-only", action="store_true",
                            help="只校验备份文件，不恢复 / only verify the archive's checksums")

    def handle(self, *args, archive, yes, verify_only, **options):
        try:
            if verify_only:
                self._verify(Path(archive))
                return
            with prepared_restore(Path(archive)) as plan:
                created = plan.manifest["created_at"]
                self.stdout.write(f"备份已校验 / Archive verified: {plan.archive.name}（{created}，"
                                  f"{len(plan.manifest['files'])} 个文件，{plan.rows} 行）")
                self.stdout.write(f"将恢复到数据库 / restoring into database: {plan.database_name}")
                for prefix, target in plan.targets.items():
                    self.stdout.write(f"  {prefix}/ → {target}")
                if not yes and not self._confirmed():
                    raise CommandError("未确认，未作任何改动。/ Not confirmed, nothing was changed.")
                result = apply_restore(plan)
                record_restore(plan, result)
        except (ArchiveRejected, RestoreRefused, BackupFailed) as error:
            logger.error("restore of %s refused or failed: %s", archive, error.message)
            raise CommandError(error.message) from error
        logger.info("restored %s: %s tables, %s rows, %s files", archive, result.tables, result.rows, result.files)
        self.stdout.write(f"恢复完成 / Restored: 数据表 / tables {result.tables} · 行 / rows {result.rows} · "
                          f"媒体与发布文件 / media and publish files {result.files} · 用时 / time {result.seconds:.1f} s")
        if result.pending_migrations:
            self.stdout.write(f"  本程序另有 {result.pending_migrations} 个迁移未应用：请运行 manage.py migrate。"
                              f" / {result.pending_migrations} migrations pending: run manage.py migrate.")
        if not result.matches:
            lines = [f"  {table}: 备份 {expected}，恢复后 {actual}"
                     for table, (expected, actual) in result.mismatches.items()]
            raise CommandError("恢复后的行数与备份清单不符 / row counts differ from the manifest:\n" + "\n".join(lines))
        self.stdout.write("  每个表的行数与备份清单一致。/ Every table's row count matches the manifest.")

    def _verify(self, archive: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="gongkai-verify-") as staging:
            manifest = unpack_verified(archive, Path(staging))
        rows = sum(manifest["database"]["row_counts"].values())
        self.stdout.write(f"备份完好 / Archive verified: {archive.name}（{manifest['created_at']}，"
                          f"{len(manifest['files'])} 个文件校验一致，{len(manifest['database']['row_counts'])} 个表，"
                          f"{rows} 行）")

    def _confirmed(self) -> bool:
        if not sys.stdin.isatty():
            raise CommandError("非交互运行时须加 --yes 确认恢复。未作任何改动。/ Pass --yes when not interactive.")
        return input("确认恢复？输入 yes 继续 / type yes to restore: ").strip().lower() == "yes"

"""The audit events of backups and restores: system events (no acting user) on the platform's root agency, recorded by
the commands that the operator runs from the console, after the operation succeeded."""

from django.db import transaction

from agencies.models import Agency
from audit.services import record

from .archive import BackupResult
from .restore import RestorePlan, RestoreResult

LABELS = {
    "backups.archive.created": "数据备份",
    "backups.archive.restored": "从备份恢复数据",
}


def _platform_root() -> Agency | None:
    return Agency.objects.filter(parent__isnull=True).order_by("pk").first()


def record_backup(result: BackupResult) -> None:
    """In the next archive, not in this one: the event follows the copy it describes."""
    root = _platform_root()
    if root is None:
        return  # an empty database: nothing to attach the event to
    with transaction.atomic():
        record(root, "backups.archive.created", actor=None,
               data={"archive": result.path.name, "size": result.size, "sha256": result.sha256, "files": result.files,
                     "tables": result.tables, "rows": result.rows})


def record_restore(plan: RestorePlan, result: RestoreResult) -> None:
    """Appended after the restored events (after the row counts were compared), so their ids and order stay as
    they were."""
    root = _platform_root()
    if root is None:
        return
    with transaction.atomic():
        record(root, "backups.archive.restored", actor=None,
               comment="" if result.matches else f"{len(result.mismatches)} 个表的行数与备份清单不符",
               data={"archive": plan.archive.name, "created_at": plan.manifest["created_at"], "rows": result.rows,
                     "files": result.files, "row_counts_match": result.matches})

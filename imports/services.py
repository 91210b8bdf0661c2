"""Every write of an import: upload a file, map its columns (saved per source), check it (the dry run), import it.

ImportRun states:  uploaded ──check──▶ checking ──▶ checked ──import──▶ importing ──▶ finished
                      ▲ (mapping changed)              │                   └──(error)──▶ failed ──import──▶ importing
                      └────────────────────────────────┘
Checking and importing run as Celery tasks (in-process after commit in the embedded default); the command runs them
in its own process with `run_check`/`run_import`. Only the 信息公开办 (Perm.CATALOG_MANAGE) of the agency imports.
"""

import hashlib
import logging
from pathlib import Path

from django.core.files.base import File
from django.db import transaction

from agencies.access import Perm, require
from agencies.models import Agency
from audit.services import record
from casework.workflow import lock_for_update
from gongkai import clock
from gongkai.errors import DomainError

from . import catalogue
from .errors import ImportFileError, ImportStateError
from .models import ImportKind, ImportMapping, ImportRun
from .readers import ImportSource

logger = logging.getLogger(__name__)

IMPORT_MAX_BYTES = 2 * 1024 * 1024 * 1024  # a ZIP of a county's catalogue with its attachments
SOURCE_NAME_LENGTH = 100


def _source(run: ImportRun) -> ImportSource:
    return ImportSource(Path(run.file.path), run.file_name, catalogue.KNOWN_HEADERS)


def upload_file(agency: Agency, upload, *, acting_user, source_name: str = "") -> ImportRun:
    """Keep an uploaded CSV, XLSX or ZIP and read its header. The mapping starts as the one saved for this source, or
    is guessed from the header names."""
    require(acting_user, Perm.CATALOG_MANAGE, agency)
    source_name = (source_name or "").strip()
    if len(source_name) > SOURCE_NAME_LENGTH:
        raise ImportFileError(f"数据来源名称不能超过{SOURCE_NAME_LENGTH}个字。", field="source_name")
    name = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    if not name:
        raise ImportFileError("请选择要导入的文件。", field="file", code="import_no_file")
    if upload.size is not None and upload.size > IMPORT_MAX_BYTES:
        raise ImportFileError(f"文件“{name}”超过{IMPORT_MAX_BYTES // 1024 // 1024}MB，请分成几个文件导入。",
                              field="file", code="import_too_large")
    digest = hashlib.sha256()
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        run = ImportRun(agency=agency, kind=ImportKind.CATALOGUE, source_name=source_name, file_name=name,
                        file_size=upload.size or 0, sha256=digest.hexdigest(), created_by=acting_user)
        run.file.save(name, upload if isinstance(upload, File) else File(upload, name=name), save=False)
        try:
            with _source(run) as source:
                run.columns_found = source.table().columns
        except DomainError as error:
            run.file.delete(save=False)
            error.field = error.field or "file"
            raise
        saved = ImportMapping.objects.filter(agency=agency, kind=run.kind, source_name=source_name).first() \
            if source_name else None
        if saved is not None:
            run.columns = {k: v for k, v in saved.columns.items() if v in run.columns_found}
        else:
            run.columns = catalogue.guess_mapping(run.columns_found)
        run.save()
        record(run, "imports.run.uploaded", actor=acting_user, to_state=run.status,
               data={"file": name, "size": run.file_size, "sha256": run.sha256, "columns": len(run.columns_found),
                     "saved_mapping": saved is not None})
    return run


def _lock(run: ImportRun) -> ImportRun:
    return lock_for_update(ImportRun.objects.select_related("agency"), run.pk)


def save_mapping(run: ImportRun, columns: dict[str, str], *, acting_user, source_name: str = "") -> ImportRun:
    """Set which column holds which field; with a source name the mapping is also saved for the agency's next file
    from the same system. A changed mapping needs a new dry run before the import."""
    with transaction.atomic():
        run = _lock(run)
        require(acting_user, Perm.CATALOG_MANAGE, run.agency)
        if run.status not in (ImportRun.Status.UPLOADED, ImportRun.Status.CHECKED):
            raise ImportStateError(f"“{run.get_status_display()}”的导入不能再修改字段对应。")
        cleaned = catalogue.check_mapping(columns, run.columns_found)
        source_name = (source_name or run.source_name or "").strip()[:SOURCE_NAME_LENGTH]
        run.columns, run.source_name, run.status = cleaned, source_name, ImportRun.Status.UPLOADED
        run.save(update_fields=["columns", "source_name", "status", "updated_at"])
        if source_name:
            ImportMapping.objects.update_or_create(agency=run.agency, kind=run.kind, source_name=source_name,
                                                   defaults={"columns": cleaned, "updated_by": acting_user})
        record(run, "imports.mapping.saved", actor=acting_user, data={"source": source_name, "columns": cleaned})
    return run


def start_check(run: ImportRun, *, acting_user, in_background: bool = True) -> ImportRun:
    """Queue the dry run: every row checked, nothing written to the catalogue. `in_background=False` only changes
    the state, for a caller that runs `run_check` itself (the command)."""
    return _start(run, acting_user, ImportRun.Status.CHECKING, (ImportRun.Status.UPLOADED, ImportRun.Status.CHECKED),
                  in_background)


def start_import(run: ImportRun, *, acting_user, in_background: bool = True) -> ImportRun:
    """Queue the import of a checked file (or the rest of one whose import broke off)."""
    return _start(run, acting_user, ImportRun.Status.IMPORTING, (ImportRun.Status.CHECKED, ImportRun.Status.FAILED),
                  in_background)


def _start(run: ImportRun, acting_user, to_status: str, allowed: tuple, in_background: bool) -> ImportRun:
    from . import tasks

    with transaction.atomic():
        run = _lock(run)
        require(acting_user, Perm.CATALOG_MANAGE, run.agency)
        if run.status not in allowed:
            if to_status == ImportRun.Status.IMPORTING and run.status == ImportRun.Status.UPLOADED:
                raise ImportStateError("请先检查（试运行）文件，确认结果后再导入。")
            raise ImportStateError(f"该导入当前为“{run.get_status_display()}”，不能执行此操作。")
        catalogue.check_mapping(run.columns, run.columns_found)
        run.status = to_status
        run.processed_rows = 0
        run.failure = ""
        run.save(update_fields=["status", "processed_rows", "failure", "updated_at"])
        if in_background:
            task = tasks.check_run_task if to_status == ImportRun.Status.CHECKING else tasks.import_run_task
            run_id, user_id = run.pk, acting_user.pk
            transaction.on_commit(lambda: task.delay(run_id, user_id))
    return run


def run_check(run: ImportRun, *, acting_user, on_progress=None) -> ImportRun:
    """The dry run itself (the task's body): count rows per category, record every refused row."""
    return _run(run, acting_user, dry_run=True, on_progress=on_progress)


def run_import(run: ImportRun, *, acting_user, on_progress=None) -> ImportRun:
    """The import itself (the task's body), batch by batch."""
    return _run(run, acting_user, dry_run=False, on_progress=on_progress)


def _run(run: ImportRun, acting_user, *, dry_run: bool, on_progress) -> ImportRun:
    expected = ImportRun.Status.CHECKING if dry_run else ImportRun.Status.IMPORTING
    with transaction.atomic():
        run = _lock(run)
        require(acting_user, Perm.CATALOG_MANAGE, run.agency)
        if run.status != expected:
            raise ImportStateError(f"该导入当前为“{run.get_status_display()}”，不能执行此操作。")
        run.problems.all().delete()
        if dry_run:
            run.total_rows = None  # counted by this run (an import keeps the dry run's count for its bar)
        if not dry_run:
            run.started_at, run.imported_by = clock.now(), acting_user
        run.save()
    try:
        with _source(run) as source:
            totals = catalogue.process(run, source, acting_user=acting_user, dry_run=dry_run,
                                       on_progress=on_progress)
    except Exception as error:  # noqa: BLE001 - any failure ends the run as 导入中断; finished batches stay
        if not isinstance(error, DomainError):
            logger.exception("import run %s failed", run.pk)
        run.refresh_from_db()
        message = error.message if isinstance(error, DomainError) else f"{type(error).__name__}: {error}"
        with transaction.atomic():
            run.status = ImportRun.Status.FAILED if not dry_run else ImportRun.Status.UPLOADED
            run.failure = (f"在第{run.processed_rows + 1}行之后的批次中断（已完成的批次已导入，中断的批次没有写入，"
                           f"再次导入同一文件会跳过已导入的信息）：{message}" if not dry_run
                           else f"检查中断：{message}")[:2000]
            run.finished_at = clock.now()
            run.save(update_fields=["status", "failure", "finished_at", "updated_at"])
            record(run, "imports.run.failed", actor=acting_user, to_state=run.status, comment=run.failure[:500],
                   data={"processed": run.processed_rows, "imported": run.imported_rows})
        return run
    with transaction.atomic():
        run.refresh_from_db()
        run.total_rows = totals.processed
        if dry_run:
            run.status, run.checked_at = ImportRun.Status.CHECKED, clock.now()
        else:
            run.status, run.finished_at = ImportRun.Status.FINISHED, clock.now()
        run.save(update_fields=["total_rows", "status", "checked_at", "finished_at", "updated_at"])
        record(run, "imports.run.checked" if dry_run else "imports.run.finished", actor=acting_user,
               to_state=run.status, comment=run.file_name,
               data={"file": run.file_name, "rows": totals.processed, "ready": totals.ready,
                     "imported": totals.imported, "existing": totals.existing, "duplicate": totals.duplicate,
                     "failed": totals.failed})
    return run

"""Restoring an archive: verify everything first, refuse any target in use, then load, then compare.

Nothing is touched before the whole archive has been unpacked into a private staging folder and every file matched
the manifest's SHA-256; and before the target database was found empty, the archive's migrations known to this code
and no file of the archive found in the way (a different file under the same name in the media or publication
folder). Only then the database is loaded and the files moved into place; the row counts of every table are then
compared with the manifest's.
"""

import hashlib
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

from . import database
from .archive import CHUNK, FOLDERS, unpack_verified
from .errors import RestoreRefused


@dataclass
class RestorePlan:
    """A verified archive and a target found fit: what `apply_restore` will do."""

    archive: Path
    manifest: dict
    staging: Path
    connection: BaseDatabaseWrapper
    targets: dict[str, Path]
    files_to_copy: list[tuple[Path, Path]] = field(default_factory=list)
    files_already_there: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def database_name(self) -> str:
        return str(self.connection.settings_dict["NAME"])

    @property
    def rows(self) -> int:
        return sum(self.manifest["database"]["row_counts"].values())


@dataclass(frozen=True)
class RestoreResult:
    tables: int
    rows: int
    files: int
    mismatches: dict[str, tuple[int | None, int | None]]  # table: (in the manifest, after the restore)
    pending_migrations: int
    seconds: float

    @property
    def matches(self) -> bool:
        return not self.mismatches


def restore_targets() -> dict[str, Path]:
    targets = {"media": Path(settings.MEDIA_ROOT)}
    publish_root = getattr(settings, "PUBLISH_ROOT", None)
    if publish_root:
        targets["publish"] = Path(publish_root)
    return targets


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check_migrations(manifest: dict) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest["database"]["migrations"] if (app, name) not in known]
    if unknown:
        shown = "、".join(unknown[:5]) + ("等" if len(unknown) > 5 else "")
        raise RestoreRefused(f"备份来自更新版本的程序（本程序没有迁移 {shown}），拒绝恢复。请先升级程序再恢复。",
                             code="archive_newer_than_code")


def _plan_files(plan: RestorePlan) -> None:
    for name, entry in sorted(plan.manifest["files"].items()):
        prefix, _, relative = name.partition("/")
        if prefix not in FOLDERS:
            continue
        if prefix not in plan.targets:
            raise RestoreRefused("备份中有发布目录（publish/），但本机未配置 PUBLISH_ROOT，拒绝恢复。",
                                 code="publish_root_missing")
        destination = plan.targets[prefix] / relative
        if destination.exists() or destination.is_symlink():
            if destination.is_file() and _sha256(destination) == entry["sha256"]:
                plan.files_already_there += 1
                continue
            raise RestoreRefused(f"目标目录中已有不同的文件 {destination}，拒绝恢复，以免覆盖。请先移走该目录。",
                                 code="file_in_the_way")
        plan.files_to_copy.append((plan.staging / name, destination))


@contextmanager
def prepared_restore(archive: Path, *, connection: BaseDatabaseWrapper | None = None,
                     targets: dict[str, Path] | None = None) -> Iterator[RestorePlan]:
    """Verify `archive` and the target; yield the plan (the staging folder lives until the block ends)."""
    started = time.monotonic()
    connection = connection or connections["default"]
    database.check_vendor(connection)
    with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as staging:
        manifest = unpack_verified(Path(archive), Path(staging))
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise RestoreRefused(f"备份的数据库是 {vendor}，目标数据库是 {connection.vendor}，不能直接恢复。",
                                 code="vendor_mismatch")
        _check_migrations(manifest)
        database.require_empty(connection)
        plan = RestorePlan(archive=Path(archive), manifest=manifest, staging=Path(staging), connection=connection,
                           targets=restore_targets() if targets is None else targets, started=started)
        _plan_files(plan)
        yield plan


def apply_restore(plan: RestorePlan) -> RestoreResult:
    database.require_empty(plan.connection)  # again, right before loading: nobody migrated it meanwhile
    database.load(plan.connection, plan.staging / plan.manifest["database"]["file"])
    for source, destination in plan.files_to_copy:
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, destination)
    restored = database.read_contents(plan.connection)
    expected = plan.manifest["database"]["row_counts"]
    mismatches = {table: (expected.get(table), restored.row_counts.get(table))
                  for table in sorted(set(expected) | set(restored.row_counts))
                  if expected.get(table) != restored.row_counts.get(table)}
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    pending = len(known - set(restored.migrations))
    return RestoreResult(tables=len(restored.row_counts), rows=restored.rows,
                         files=len(plan.files_to_copy) + plan.files_already_there, mismatches=mismatches,
                         pending_migrations=pending, seconds=time.monotonic() - plan.started)


def restore_backup(archive: Path, *, connection: BaseDatabaseWrapper | None = None,
                   targets: dict[str, Path] | None = None) -> RestoreResult:
    with prepared_restore(archive, connection=connection, targets=targets) as plan:
        return apply_restore(plan)

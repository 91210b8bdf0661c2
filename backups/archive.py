"""The backup archive: one dated `.tar.gz` with the database copy, the media and publication folders and a manifest.

Layout (format version 1):

    database/gongkai.pgdump | database/gongkai.sqlite3   the database (pg_dump custom format, or a SQLite file)
    media/…                                             settings.MEDIA_ROOT (uploads, attachments, letters)
    publish/…                                           settings.PUBLISH_ROOT, when set and present
    manifest.json                                       last: versions, database, row counts, SHA-256 of every file

Every file is hashed as it is written into the archive, so the manifest describes exactly the bytes in it. The archive
is written under a temporary name in the output folder and renamed when complete: a backup that fails or is
interrupted never leaves anything under a `gongkai-backup-*.tar.gz` name.
"""

import hashlib
import json
import os
import platform
import stat
import tarfile
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from gongkai import clock

from . import database
from .errors import ArchiveRejected, BackupFailed

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ARCHIVE_PREFIX = "gongkai-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
PARTIAL_PREFIX = ".partial-"
FOLDERS = ("media", "publish")
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    sha256: str
    files: int
    tables: int
    rows: int
    seconds: float


def folders_to_back_up() -> dict[str, Path]:
    """The folders in the archive: the media folder always, the publication folder when configured and present."""
    folders = {"media": Path(settings.MEDIA_ROOT)}
    publish_root = getattr(settings, "PUBLISH_ROOT", None)
    if publish_root and Path(publish_root).is_dir():
        folders["publish"] = Path(publish_root)
    return folders


def app_version() -> str:
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def archive_name(at=None) -> str:
    """gongkai-backup-20261207-0300.tar.gz, in the site's time zone."""
    return f"{ARCHIVE_PREFIX}{timezone.localtime(at or clock.now()):%Y%m%d-%H%M}{ARCHIVE_SUFFIX}"


class _HashingReader:
    """Hands a file to tarfile and hashes exactly the bytes it takes."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


class _HashingWriter:
    """Wraps the output file: the archive's own SHA-256 without reading it back."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data):
        self.digest.update(data)
        self.size += len(data)
        return self.handle.write(data)

    def flush(self):
        self.handle.flush()


def _add_file(tar: tarfile.TarFile, source: Path, name: str, files: dict) -> None:
    with open(source, "rb") as handle:
        info = os.fstat(handle.fileno())
        member = tarfile.TarInfo(name)
        member.size = info.st_size
        member.mtime = int(info.st_mtime)
        member.mode = 0o644
        reader = _HashingReader(handle)
        tar.addfile(member, reader)
    files[name] = {"size": member.size, "sha256": reader.digest.hexdigest()}


def _add_folder(tar: tarfile.TarFile, prefix: str, root: Path, files: dict) -> None:
    if not root.is_dir():
        return
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if not stat.S_ISREG(path.lstat().st_mode):
                continue  # symbolic links, sockets: not data of ours
            _add_file(tar, path, f"{prefix}/{path.relative_to(root).as_posix()}", files)


def create_backup(output_dir: Path, *, connection: BaseDatabaseWrapper | None = None,
                  folders: dict[str, Path] | None = None) -> BackupResult:
    """Write one complete archive into `output_dir` and return what it holds."""
    started = time.monotonic()
    connection = connection or connections["default"]
    database.check_vendor(connection)
    folders = folders_to_back_up() if folders is None else folders
    output_dir = Path(output_dir)
    for prefix, root in folders.items():
        if output_dir.resolve().is_relative_to(Path(root).resolve()):
            raise BackupFailed(f"备份目录 {output_dir} 位于要备份的目录 {root}（{prefix}）之内，"
                               f"备份会把以前的备份也装进去：请换一个目录。", code="output_inside_backup")
    output_dir.mkdir(parents=True, exist_ok=True)
    created_at = clock.now()
    final = output_dir / archive_name(created_at)
    counter = 1
    while final.exists():  # two backups in one minute: never replace the earlier one
        counter += 1
        final = output_dir / f"{archive_name(created_at).removesuffix(ARCHIVE_SUFFIX)}-{counter}{ARCHIVE_SUFFIX}"
    descriptor, partial_name = tempfile.mkstemp(dir=output_dir, prefix=f"{PARTIAL_PREFIX}{final.name}.")
    partial = Path(partial_name)
    try:
        with open(descriptor, "wb") as handle, tempfile.TemporaryDirectory(dir=output_dir, prefix=f"{PARTIAL_PREFIX}dump.") as work:
            dump_file = Path(work) / "dump"
            contents = database.dump(connection, dump_file)
            writer = _HashingWriter(handle)
            files: dict[str, dict] = {}
            with tarfile.open(fileobj=writer, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
                _add_file(tar, dump_file, database.DUMP_FILE[connection.vendor], files)
                dump_file.unlink()
                for prefix, root in folders.items():
                    _add_folder(tar, prefix, Path(root), files)
                _add_manifest(tar, created_at, contents, folders, files)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, final)
        _fsync_folder(output_dir)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise BackupFailed(f"备份失败，未生成备份文件：{error}", code="backup_io_error") from error
        raise
    return BackupResult(path=final, size=writer.size, sha256=writer.digest.hexdigest(), files=len(files),
                        tables=len(contents.row_counts), rows=contents.rows, seconds=time.monotonic() - started)


def _add_manifest(tar: tarfile.TarFile, created_at, contents: database.DatabaseContents, folders: dict,
                  files: dict) -> None:
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.localtime(created_at).isoformat(),
        "versions": {"gongkai": app_version(), "django": django.get_version(), "python": platform.python_version(),
                     "database": contents.server_version},
        "database": {"vendor": contents.vendor, "file": database.DUMP_FILE[contents.vendor],
                     "migrations": [list(m) for m in contents.migrations], "row_counts": contents.row_counts},
        "folders": sorted(folders),
        "files": files,
    }
    data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
    member = tarfile.TarInfo(MANIFEST)
    member.size, member.mtime, member.mode = len(data), int(created_at.timestamp()), 0o644
    tar.addfile(member, _BytesReader(data))


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset:end], min(end, len(self.data))
        return chunk


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# --- reading ----------------------------------------------------------------------------------------------------

def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def unpack_verified(archive: Path, staging: Path) -> dict:
    """Unpack `archive` into the private folder `staging`, hashing every file, and return its manifest once every
    file matches it exactly (no file missing, none added, none altered). Raises ArchiveRejected otherwise; nothing
    outside `staging` is touched."""
    archive = Path(archive)
    if not archive.is_file():
        raise ArchiveRejected(f"找不到备份文件 {archive}。", code="archive_missing")
    seen: dict[str, dict] = {}
    manifest_bytes = None
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                if not _safe_member_name(member.name):
                    raise ArchiveRejected(f"备份文件含有不安全的路径 {member.name!r}，拒绝恢复。", code="unsafe_member")
                if member.isdir():
                    continue
                if not member.isfile():
                    raise ArchiveRejected(f"备份文件含有非普通文件 {member.name!r}，拒绝恢复。", code="unsafe_member")
                if member.name in seen or (member.name == MANIFEST and manifest_bytes is not None):
                    raise ArchiveRejected(f"备份文件中 {member.name} 出现了两次，拒绝恢复。", code="duplicate_member")
                source = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest_bytes = source.read()
                    continue
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                os.utime(target, (member.mtime, member.mtime))
                seen[member.name] = {"size": member.size, "sha256": digest.hexdigest()}
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as error:
        raise ArchiveRejected(f"备份文件 {archive.name} 已损坏或不完整（{error}），拒绝恢复。",
                              code="archive_corrupt") from error
    if manifest_bytes is None:
        raise ArchiveRejected(f"备份文件 {archive.name} 中没有 manifest.json：不是完整的 Gongkai 备份，拒绝恢复。",
                              code="manifest_missing")
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as error:
        raise ArchiveRejected(f"备份文件的 manifest.json 无法解析（{error}），拒绝恢复。",
                              code="manifest_invalid") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveRejected("这不是 Gongkai 的备份文件，拒绝恢复。", code="manifest_invalid")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveRejected(f"备份格式版本 {manifest.get('format_version')} 不受本程序支持"
                              f"（支持版本 {FORMAT_VERSION}），拒绝恢复。", code="format_unsupported")
    listed = manifest.get("files") or {}
    problems = []
    for name in sorted(set(listed) | set(seen)):
        if name not in seen:
            problems.append(f"缺少 {name}")
        elif name not in listed:
            problems.append(f"多出 {name}")
        elif listed[name].get("sha256") != seen[name]["sha256"] or listed[name].get("size") != seen[name]["size"]:
            problems.append(f"{name} 校验值不符")
    if problems:
        shown = "；".join(problems[:5]) + (f"；等共 {len(problems)} 处" if len(problems) > 5 else "")
        raise ArchiveRejected(f"备份文件与其清单不一致，可能已被篡改或损坏（{shown}），拒绝恢复。",
                              code="checksum_mismatch")
    described = manifest.get("database")
    if (not isinstance(described, dict) or described.get("file") not in seen
            or described.get("vendor") not in database.SUPPORTED_VENDORS
            or not isinstance(described.get("row_counts"), dict) or not isinstance(described.get("migrations"), list)):
        raise ArchiveRejected("备份清单缺少数据库的说明（文件、类型、行数或迁移），拒绝恢复。", code="manifest_invalid")
    return manifest

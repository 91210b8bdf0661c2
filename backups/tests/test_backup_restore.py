"""Backup and restore (等保 2.0 数据备份恢复): a round trip of the demo into a fresh empty database, and the refusals.

The data must be committed for pg_dump to see it, hence transactional tests; serialized rollback puts back what
migrations seeded (the holiday calendar) for the tests that follow.
"""

import hashlib
import io
import json
import os
import tarfile
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from applications.letters.render import render_files
from applications.models import Letter
from audit.models import AuditEvent
from audit.services import record
from backups import archive as archive_module
from backups.archive import create_backup, unpack_verified
from backups.database import read_contents, separate_connection
from backups.errors import ArchiveRejected, BackupFailed, RestoreRefused
from backups.restore import restore_backup
from catalog import services as catalog_services
from catalog.models import Attachment, Revision

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def site_folders(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PUBLISH_ROOT = str(tmp_path / "publish")
    (tmp_path / "publish" / "items").mkdir(parents=True)
    (tmp_path / "publish" / "items" / "index.html").write_text("<h1>政府信息公开目录</h1>", encoding="utf-8")
    return {"media": tmp_path / "media", "publish": tmp_path / "publish"}


@pytest.fixture
def empty_database(tmp_path):
    """A fresh empty database beside the test database: a new PostgreSQL database (dropped afterwards) or a new
    SQLite file."""
    if connection.vendor == "sqlite":
        with separate_connection({"ENGINE": "django.db.backends.sqlite3",
                                  "NAME": str(tmp_path / "restored.sqlite3")}) as target:
            yield target
        return
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        with separate_connection({**connection.settings_dict, "NAME": name}) as target:
            yield target
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def demo_site(site_folders):
    """The demo (every register, 2017 and this year), plus what it leaves out: an uploaded attachment and the rendered
    DOCX and PDF of a letter."""
    call_command("loaddemo", stdout=io.StringIO(), stderr=io.StringIO())
    revision = Revision.objects.filter(status=Revision.Status.DRAFT).select_related("created_by").first()
    catalog_services.add_attachment(revision, SimpleUploadedFile("通知.pdf", PDF), acting_user=revision.created_by)
    render_files(Letter.objects.select_related("application__agency").order_by("pk").first())
    return site_folders


def file_hashes(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def audit_rows(conn) -> list[tuple]:
    with conn.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditevent ORDER BY id")
        return cursor.fetchall()


def table_count(conn) -> int:
    return len(conn.introspection.table_names())


def test_the_demo_comes_back_from_its_archive_table_by_table_and_file_by_file(demo_site, empty_database, tmp_path):
    result = create_backup(tmp_path / "backups")
    source = read_contents(connection)
    assert result.path.name.startswith("gongkai-backup-") and result.path.name.endswith(".tar.gz")
    assert result.rows == source.rows and result.tables == len(source.row_counts)
    media = file_hashes(demo_site["media"])
    assert len(media) == 3  # the attachment, the letter's DOCX and PDF
    assert source.row_counts["audit_auditevent"] > 100 and source.row_counts["catalog_item"] >= 48

    targets = {"media": tmp_path / "restored-media", "publish": tmp_path / "restored-publish"}
    restored = restore_backup(result.path, connection=empty_database, targets=targets)

    assert restored.matches and restored.pending_migrations == 0
    after = read_contents(empty_database)
    assert after.row_counts == source.row_counts
    assert after.migrations == source.migrations
    assert audit_rows(empty_database) == audit_rows(connection)  # ids and values exactly: a hash chain stays valid
    assert file_hashes(targets["media"]) == media
    assert file_hashes(targets["publish"]) == file_hashes(demo_site["publish"])
    attachment = Attachment.objects.get()
    assert hashlib.sha256((targets["media"] / attachment.file.name).read_bytes()).hexdigest() == attachment.sha256


def test_the_restored_audit_table_is_append_only_again(site_folders, empty_database, tmp_path, clerk):
    record(clerk, "agencies.user.created", actor=None)
    result = create_backup(tmp_path / "backups")
    restore_backup(result.path, connection=empty_database, targets={"media": tmp_path / "m", "publish": tmp_path / "p"})
    assert audit_rows(empty_database)
    with pytest.raises(Exception, match="append-only"), empty_database.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET comment = 'changed'")


def test_the_backup_command_names_the_archive_by_its_date_and_prints_a_summary(site_folders, tmp_path, clerk, county):
    out = io.StringIO()
    with time_machine.travel(datetime(2026, 12, 7, 3, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        call_command("backup", "--output", str(tmp_path / "backups"), stdout=out)
    archive = tmp_path / "backups" / "gongkai-backup-20261207-0300.tar.gz"
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [archive.name]
    assert f"备份完成 / Backup written: {archive}" in out.getvalue() and "行 / rows:" in out.getvalue()
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["format_version"] == 1 and manifest["database"]["vendor"] == connection.vendor
    assert manifest["created_at"].startswith("2026-12-07T03:00:00")
    assert ["audit", "0002_append_only_triggers"] in manifest["database"]["migrations"]
    assert manifest["database"]["row_counts"]["agencies_user"] == 1
    assert set(manifest["files"]) == {manifest["database"]["file"], "publish/items/index.html"}
    assert manifest["versions"]["django"].startswith("5.2")
    event = AuditEvent.objects.get(action="backups.archive.created")  # a system event, after the copy it describes
    assert event.actor is None and event.actor_name == "系统" and event.agency == county
    assert event.data["archive"] == archive.name and event.data["size"] == archive.stat().st_size
    assert event.label == "数据备份"


def rewritten(archive: Path, destination: Path, *, change=None, add=None, manifest=None) -> Path:
    """A copy of `archive` with one member's bytes changed, a member added or the manifest edited."""
    with tarfile.open(archive) as source, tarfile.open(destination, "w:gz") as copy:
        for member in source:
            data = source.extractfile(member).read()
            if change and member.name.startswith(change):
                data = data[:-1] + bytes([data[-1] ^ 1])
            if member.name == "manifest.json" and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
        if add:
            member = tarfile.TarInfo(add)
            member.size = 4
            copy.addfile(member, io.BytesIO(b"evil"))
    return destination


@pytest.fixture
def small_archive(site_folders, tmp_path, clerk):
    (site_folders["media"] / "attachments").mkdir(parents=True)
    (site_folders["media"] / "attachments" / "通知.pdf").write_bytes(PDF)
    return create_backup(tmp_path / "backups").path


@pytest.mark.parametrize("how, code", [
    ({"change": "media/attachments/"}, "checksum_mismatch"),
    ({"change": "database/"}, "checksum_mismatch"),
    ({"add": "media/extra.txt"}, "checksum_mismatch"),
])
def test_an_altered_archive_is_refused_before_anything_is_touched(small_archive, empty_database, tmp_path, how, code):
    tampered = rewritten(small_archive, tmp_path / "tampered.tar.gz", **how)
    targets = {"media": tmp_path / "restored-media", "publish": tmp_path / "restored-publish"}
    with pytest.raises(ArchiveRejected) as refused:
        restore_backup(tampered, connection=empty_database, targets=targets)
    assert refused.value.code == code and "篡改" in refused.value.message
    assert table_count(empty_database) == 0 and not targets["media"].exists() and not targets["publish"].exists()


def test_a_truncated_archive_is_refused_with_a_clear_message_by_the_command(small_archive, tmp_path):
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(small_archive.read_bytes()[: small_archive.stat().st_size // 2])
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="已损坏或不完整"):
        call_command("restore", str(truncated), "--yes", stdout=io.StringIO())
    with pytest.raises(ArchiveRejected) as refused:
        unpack_verified(truncated, tmp_path / "staging")
    assert refused.value.code == "archive_corrupt"
    assert AuditEvent.objects.count() == events


def test_the_command_refuses_a_tampered_archive_and_exits_non_zero(small_archive, tmp_path):
    tampered = rewritten(small_archive, tmp_path / "tampered.tar.gz", change="media/")
    with pytest.raises(CommandError, match="可能已被篡改或损坏"):
        call_command("restore", str(tampered), "--verify-only", stdout=io.StringIO())
    out = io.StringIO()
    call_command("restore", str(small_archive), "--verify-only", stdout=out)
    assert "备份完好" in out.getvalue()


def test_an_archive_of_newer_code_is_refused(small_archive, empty_database, tmp_path):
    def future(manifest):
        manifest["database"]["migrations"].append(["catalog", "9999_from_the_future"])
        return manifest

    newer = rewritten(small_archive, tmp_path / "newer.tar.gz", manifest=future)
    with pytest.raises(RestoreRefused) as refused:
        restore_backup(newer, connection=empty_database, targets={"media": tmp_path / "m"})
    assert refused.value.code == "archive_newer_than_code" and "catalog.9999_from_the_future" in refused.value.message
    assert table_count(empty_database) == 0


def test_a_database_in_use_is_never_overwritten(small_archive, site_folders, tmp_path):
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="不是空库"):
        call_command("restore", str(small_archive), "--yes", stdout=io.StringIO())
    target = tmp_path / "restored-media"
    with pytest.raises(RestoreRefused) as refused:
        restore_backup(small_archive, targets={"media": target})
    assert refused.value.code == "target_not_empty"
    assert AuditEvent.objects.count() == events and not target.exists()


def test_a_migrated_but_otherwise_empty_database_counts_as_in_use(small_archive, empty_database, tmp_path):
    with empty_database.cursor() as cursor:
        cursor.execute("CREATE TABLE django_migrations (id integer PRIMARY KEY, app varchar(255), name varchar(255))")
    with pytest.raises(RestoreRefused, match="不是空库"):
        restore_backup(small_archive, connection=empty_database, targets={"media": tmp_path / "m"})


def test_a_different_file_in_the_media_folder_is_never_overwritten(small_archive, empty_database, tmp_path):
    target = tmp_path / "restored-media"
    (target / "attachments").mkdir(parents=True)
    (target / "attachments" / "通知.pdf").write_bytes(b"another file")
    with pytest.raises(RestoreRefused) as refused:
        restore_backup(small_archive, connection=empty_database, targets={"media": target,
                                                                           "publish": tmp_path / "p"})
    assert refused.value.code == "file_in_the_way"
    assert table_count(empty_database) == 0 and (target / "attachments" / "通知.pdf").read_bytes() == b"another file"


@pytest.mark.parametrize("interruption, expected", [(KeyboardInterrupt, KeyboardInterrupt),
                                                     (OSError("No space left on device"), BackupFailed)])
def test_an_interrupted_backup_leaves_no_archive_under_the_final_name(site_folders, tmp_path, monkeypatch, clerk,
                                                                      interruption, expected):
    (site_folders["media"] / "attachments").mkdir(parents=True)
    (site_folders["media"] / "attachments" / "a.pdf").write_bytes(PDF)
    written = []
    real_add_file = archive_module._add_file

    def add_then_stop(tar, source, name, files):
        if written:  # the database is in the archive, the first media file is next: stop half-way
            raise interruption
        real_add_file(tar, source, name, files)
        written.append(name)

    monkeypatch.setattr(archive_module, "_add_file", add_then_stop)
    output = tmp_path / "backups"
    with pytest.raises(expected):
        create_backup(output)
    assert written and list(output.iterdir()) == []  # neither a final archive nor a partial one is left
    monkeypatch.setattr(archive_module, "_add_file", real_add_file)
    assert create_backup(output).path.exists()
    assert len(os.listdir(output)) == 1


def test_the_archive_is_never_written_inside_a_folder_it_backs_up(site_folders, clerk):
    with pytest.raises(BackupFailed) as refused:
        create_backup(site_folders["publish"] / "backups")
    assert refused.value.code == "output_inside_backup" and not (site_folders["publish"] / "backups").exists()

"""Never a half-written file; a drain that fails or dies leaves its rows, and the next one completes them."""

import os
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command

from publication import pages, services, writer
from publication.models import PendingTarget

FROZEN = "2026-03-10 10:00 +0800"


def test_a_crash_between_write_and_rename_leaves_the_old_file(tmp_path, settings):
    settings.PUBLISH_ROOT = tmp_path
    page = tmp_path / "gk" / "index.html"
    assert writer.publish_file(page, "旧版".encode()) is True
    with mock.patch("publication.writer.os.replace", side_effect=OSError("killed")), pytest.raises(OSError):
        writer.publish_file(page, "新版".encode())
    assert page.read_bytes() == "旧版".encode()
    assert sorted(p.name for p in page.parent.iterdir()) == ["index.html", "index.html.gz"]  # no temporary file


def test_the_gz_is_the_gzip_of_the_file_with_the_same_mtime_and_unchanged_bytes_are_not_rewritten(tmp_path, settings):
    import gzip

    settings.PUBLISH_ROOT = tmp_path
    page = tmp_path / "index.html"
    writer.publish_file(page, b"<p>a</p>")
    gz = tmp_path / "index.html.gz"
    assert gzip.decompress(gz.read_bytes()) == b"<p>a</p>"
    assert os.stat(page).st_mtime == os.stat(gz).st_mtime
    assert oct(os.stat(page).st_mode & 0o777) == "0o644"
    os.utime(page, (1, 1))
    assert writer.publish_file(page, b"<p>a</p>") is False and os.stat(page).st_mtime == 1
    pdf = tmp_path / "r" / "2017.pdf"
    writer.publish_file(pdf, b"%PDF")
    assert not (tmp_path / "r" / "2017.pdf.gz").exists()  # binary downloads have no .gz
    assert writer.remove_file(pdf) and not (tmp_path / "r").exists()


@pytest.mark.django_db
@time_machine.travel(FROZEN, tick=False)
def test_a_failed_drain_keeps_its_rows_and_the_files_and_the_next_run_completes_them(
        publish_root, township, category, approve, office_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = approve(category)
    page = publish_root / "item" / item.index_no / "index.html"
    before = page.read_bytes()
    from catalog import services as catalog

    # the worker dies in the middle of rendering (as kill -9 would: nothing after the render runs)
    with mock.patch("publication.services.render.render", side_effect=RuntimeError("worker killed")), \
            django_capture_on_commit_callbacks(execute=True):
        catalog.set_validity(item, "expired", acting_user=office_admin)  # the request still succeeds
    assert page.read_bytes() == before  # the previous file, intact
    assert PendingTarget.objects.filter(target=pages.item(item.index_no)).exists()
    row = PendingTarget.objects.filter(target=pages.item(item.index_no)).get()
    assert row.attempts == 1 and "worker killed" in row.last_error and row.retry_after is not None

    with time_machine.travel("2026-03-10 10:10 +0800", tick=False):  # the periodic sweep, after the back-off
        call_command("publish_site", "--pending")
    assert not PendingTarget.objects.exists()
    assert "失效" in page.read_text()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_drain_that_cannot_take_the_lock_leaves_the_rows_to_the_one_holding_it(publish_root, township):
    import threading

    from django.db import connection

    from publication.locking import drain_lock

    held, release = threading.Event(), threading.Event()

    def other_drain():  # another worker (its own connection), in the middle of a drain
        try:
            with drain_lock() as got:
                assert got
                held.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=other_drain)
    worker.start()
    assert held.wait(10)
    try:
        services.mark_targets([pages.guide(township.code)])
        assert services.drain().rows == 0  # returns at once: the holder picks the row up before it stops
        assert PendingTarget.objects.count() == 1
    finally:
        release.set()
        worker.join()
    result = services.drain()
    assert result.rows == 1 and (publish_root / "gk" / township.code / "guide" / "index.html").exists()

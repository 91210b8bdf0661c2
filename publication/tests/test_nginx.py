"""deploy/nginx/ with a real nginx in front of the live server: the same bytes and headers as the embedded default,
fresh files after every change (eager and through a Celery worker), nothing half-written after a kill -9, and the
dynamic pages' refusals still in Chinese through the proxy.

The servers (nginx, the Celery worker, a database another process can open) are in servers.py; without the nginx
binary these tests are skipped with a loud message, or fail when GONGKAI_REQUIRE_NGINX=1 (.ci/run sets it).
"""

import gzip
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils.crypto import get_random_string

from catalog import services as catalog
from catalog.models import Item
from catalog.tests.factories import ItemFactory
from publication import layout, pages, services
from publication.models import PendingTarget
from security.tests.helpers import log_in

from . import servers

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The headers that must be the same on both paths (CSP compared directive by directive: its order is not stable).
SAME_HEADERS = ("content-type", "etag", "last-modified", "cache-control", "vary", "content-encoding",
                "content-length", "content-disposition", "x-frame-options", "x-content-type-options",
                "referrer-policy", "cross-origin-opener-policy")


def csp(answer) -> set[str]:
    return {d.strip() for d in answer.headers.get("content-security-policy", "").split(";") if d.strip()}


def published_urls() -> list[str]:
    return [url for url in pages.site_paths() if layout.file_for(url).exists()]


def draft_up_to_the_last_step(township, category, office, clerk, reviewer, deputy, title: str):
    revision = catalog.create_draft(township, acting_user=clerk, category=category, office=office, title=title,
                                    formed_on=date(2026, 3, 2), summary="禁烧时间与区域。",
                                    body_html="<p>全乡范围内禁止露天焚烧秸秆。</p>")
    catalog.submit_for_review(revision, acting_user=clerk)
    catalog.approve_step(revision, acting_user=reviewer, secrecy_result="disclose")
    catalog.approve_step(revision, acting_user=deputy)
    revision.refresh_from_db()
    return revision


def approve_in_the_back_office(nginx, revision, leader):
    """The leader's real request (through nginx, to the application): 主要领导 approves the last step."""
    from django.conf import settings

    session = log_in(Client(), leader).cookies[settings.SESSION_COOKIE_NAME].value
    token = get_random_string(32)
    answer = nginx.get(f"/manage/revisions/{revision.pk}/approve/", method="POST",
                       headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; csrftoken={token}"},
                       form={"csrfmiddlewaretoken": token, "expected_step": revision.step_index, "comment": "同意"})
    assert answer.status == 302 and "/login" not in answer.headers["location"], (answer.status, answer.headers)
    return Item.objects.get(pk=revision.item_id)


def test_nginx_serves_the_files_with_the_bytes_and_headers_the_application_serves(
        nginx, live_server, township, category, approve, published_report):
    approve(category)
    approve(category, title="关于2026年春季防火的通告")
    assert not services.publish_site().failed
    urls = published_urls()
    assert {"/", f"/gk/{township.code}/", f"/gk/{township.code}/feed.xml",
            f"/gk/{township.code}/annual-reports/2025.docx", f"/gk/{township.code}/annual-reports/2025.pdf"} <= set(urls)
    for url in urls:
        path = quote(url)
        variants = [{}, {"Accept-Encoding": "gzip, deflate, br"}]
        if url.endswith("/"):
            variants += [{"Cookie": "elder=1"}, {"Cookie": "elder=1; other=x", "Accept-Encoding": "gzip"}]
        for headers in variants:
            via_nginx, direct = nginx.get(path, headers=headers), servers.fetch(live_server.url, path, headers=headers)
            assert via_nginx.status == direct.status == 200, (url, headers)
            assert nginx.source_of_last("GET", path) == "file", url
            assert via_nginx.body == direct.body, (url, headers)
            for name in SAME_HEADERS:
                assert via_nginx.headers.get(name) == direct.headers.get(name), (url, headers, name)
            assert csp(via_nginx) == csp(direct) and csp(direct), url
            served = layout.file_for(url, elder="elder=1" in headers.get("Cookie", ""))
            if "gzip" in headers.get("Accept-Encoding", "") and layout.is_text(served):
                assert via_nginx.headers["content-encoding"] == "gzip"
                assert gzip.decompress(via_nginx.body) == served.read_bytes(), url
            else:
                assert via_nginx.body == served.read_bytes(), url
        revalidate = {**headers, "If-None-Match": via_nginx.headers["etag"]}  # (the etag of the last variant)
        assert nginx.get(path, headers=revalidate).status == 304, url
        assert servers.fetch(live_server.url, path, headers=revalidate).status == 304, url
    home = nginx.get("/")
    assert home.headers["content-type"] == "text/html; charset=utf-8" and home.headers["cache-control"] == "no-cache"
    feed = nginx.get(quote(f"/gk/{township.code}/feed.xml"))
    assert feed.headers["content-type"] == "application/atom+xml; charset=utf-8"
    docx = nginx.get(quote(f"/gk/{township.code}/annual-reports/2025.docx"), headers={"Accept-Encoding": "gzip"})
    assert docx.headers["content-disposition"] == "attachment; filename=2025.docx"
    assert "content-encoding" not in docx.headers and docx.body.startswith(b"PK")
    assert nginx.get(quote(f"/gk/{township.code}/annual-reports/2025.pdf")).headers["content-type"] == "application/pdf"


def test_what_is_not_a_published_file_goes_to_the_application(nginx, live_server, township, category, approve):
    item = approve(category)
    for path in ("/?x=1", "/search/?q=秸秆", f"/gk/{township.code}/c/{category.pk}/?year=2026", "/manage/",
                 "/api/v1/agencies/", "/index.html", "/index.html.gz", "/nope/"):
        encoded = quote(path, safe="/?=&")
        via_nginx, direct = nginx.get(encoded), servers.fetch(live_server.url, encoded)
        assert nginx.source_of_last("GET", encoded) != "file", path
        assert via_nginx.status == direct.status, path
    messages = nginx.get(quote(pages.item(item.index_no)), headers={"Cookie": "messages=abc"})
    assert messages.status == 200 and nginx.source_of_last("GET", quote(pages.item(item.index_no))) != "file"
    assert nginx.get("/", method="POST", form={}).status in (403, 405)


def test_an_item_approved_at_the_last_step_is_served_from_its_file_when_the_approving_request_returns(
        nginx, township, category, party_office, clerk, reviewer, deputy, principal):
    revision = draft_up_to_the_last_step(township, category, party_office, clerk, reviewer, deputy, "关于秸秆禁烧的通告")
    assert not (layout.root() / "item").exists()  # no page before the last step

    item = approve_in_the_back_office(nginx, revision, principal)

    url = quote(pages.item(item.index_no))
    page = nginx.get(url)
    assert page.status == 200 and "关于秸秆禁烧的通告" in page.text()
    assert nginx.source_of_last("GET", url) == "file"  # from its file, not rendered for this request
    listing = quote(pages.category(township.code, category.pk))
    assert "关于秸秆禁烧的通告" in nginx.get(listing).text() and nginx.source_of_last("GET", listing) == "file"


def test_with_a_celery_worker_the_approved_item_is_served_within_five_seconds(
        shared_database, celery_worker, nginx, township, category, party_office, clerk, reviewer, deputy, principal):
    revision = draft_up_to_the_last_step(township, category, party_office, clerk, reviewer, deputy, "关于防汛的通知")
    PendingTarget.objects.all().delete()  # (the drafts' steps left none; to be sure only this approval is drained)
    item = approve_in_the_back_office(nginx, revision, principal)
    approved_at = time.monotonic()

    url = quote(pages.item(item.index_no))
    while True:
        page = nginx.get(url)
        if page.status == 200 and nginx.source_of_last("GET", url) == "file":
            break
        assert time.monotonic() - approved_at < 5, "the item was not served from its file within 5 s:\n" + \
            celery_worker.output()[-3000:]
        time.sleep(0.1)
    assert "关于防汛的通知" in page.text()
    assert "publication.tasks.drain_task" in celery_worker.output()  # the worker wrote it, not this process


def test_a_withdrawn_item_is_gone_from_nginx_at_once(nginx, live_server, township, category, approve, office_admin):
    item = approve(category, title="关于秸秆禁烧的通告")
    url = quote(pages.item(item.index_no))
    assert nginx.get(url).status == 200 and nginx.source_of_last("GET", url) == "file"

    catalog.withdraw_item(item, acting_user=office_admin, reason="内容有误")

    gone = nginx.get(url)
    assert gone.status in (404, 410) and gone.status == servers.fetch(live_server.url, url).status
    assert gone.body == servers.fetch(live_server.url, url).body  # the application's own page, as without nginx
    for listing in ("/", pages.agency(township.code), pages.category(township.code, category.pk),
                    pages.agency_feed(township.code), pages.category_feed(township.code, category.pk)):
        answer = nginx.get(quote(listing))
        assert answer.status == 200 and nginx.source_of_last("GET", quote(listing)) == "file", listing
        assert "关于秸秆禁烧的通告" not in answer.text(), listing


def test_a_category_rename_shows_on_every_list_page_of_the_category(nginx, township, category, office_admin):
    items = [ItemFactory(agency=township, category=category, title=f"关于第{n}批补贴资金发放的说明",
                         published_on=date(2026, 3, n % 28 + 1)) for n in range(25)]  # two pages of 20
    assert not services.publish_site().failed
    first = quote(pages.category(township.code, category.pk))
    cursor = re.search(r'href="\?after=([^"&]+)"', nginx.get(first).text())
    assert cursor, "the first page links to the next one"
    second = f"{first}?after={cursor.group(1)}"

    category.refresh_from_db()  # (the factory counted its items in the table)
    catalog.update_category(category, acting_user=office_admin, name="惠民资金公示", column=category.column,
                            statutory_items=category.statutory_items)

    for url in (first, second, quote(pages.category_feed(township.code, category.pk)), quote(pages.agency(
            township.code)), quote(pages.guide(township.code)), *(quote(pages.item(i.index_no)) for i in items)):
        answer = nginx.get(url)
        assert answer.status == 200, url
        assert "惠民资金公示" in answer.text() and "公告公示" not in answer.text(), url
    assert nginx.source_of_last("GET", first) == "file" and nginx.source_of_last("GET", second) != "file"


KILLED_DRAIN = """
import sys, time
import django
django.setup()
from publication import services, writer

pause_at, calls = int(sys.argv[1]), 0
original = writer._write_temporary

def write_then_pause(path, data):
    global calls
    tmp = original(path, data)
    calls += 1
    if calls == pause_at:  # a temporary file written, not yet renamed: the worst moment to die
        print("PAUSED", tmp, flush=True)
        time.sleep(600)
    return tmp

writer._write_temporary = write_then_pause
services.drain()
print("FINISHED", flush=True)
"""


def snapshot(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()
            and not p.name.startswith(".")}


def test_kill_9_in_the_middle_of_a_regeneration_leaves_old_or_new_files_and_the_next_run_completes_them(
        shared_database, nginx, publish_root, county, township, category, approve, platform_admin):
    from agencies import services as agencies

    approve(category)
    approve(category, title="关于2026年春季防火的通告")
    assert not services.publish_site().failed
    old = snapshot(publish_root)
    with services.deferred():  # the change is committed, its pages are pending: the drain below writes them
        agencies.update_site_settings(acting_user=platform_admin, host_org="望奎县人民政府办公室", phone="0455-6711168")
    assert PendingTarget.objects.filter(target=pages.SITE).exists()

    # a drain in a worker process of its own, stopped (and then killed) in the middle of its 7th file
    worker = subprocess.Popen([sys.executable, "-c", KILLED_DRAIN, "7"],
                              env=servers.subprocess_env(shared_database, publish_root), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        line, deadline = "", time.monotonic() + 120
        while not line.startswith("PAUSED"):
            line = worker.stdout.readline()
            assert line or worker.poll() is None, "the drain ended before pausing"
            assert time.monotonic() < deadline, "the drain did not reach its 7th file"
        temporary = line.split(" ", 1)[1].strip()
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        servers.stop_process(worker)
        worker.stdout.close()

    killed = snapshot(publish_root)
    leftover = quote("/" + os.path.relpath(temporary, publish_root))
    assert os.path.exists(temporary)  # the file it was writing never replaced the page it was for
    assert nginx.get(leftover).status != 200 and nginx.source_of_last("GET", leftover) != "file"  # never served
    assert PendingTarget.objects.filter(target=pages.SITE).exists()  # its rows stay for the next drain
    result = services.drain()  # the next run (the lock died with the killed process)
    assert result.rows >= 1 and not result.failed and not PendingTarget.objects.exists()
    new = snapshot(publish_root)

    assert set(killed) == set(old) == set(new)
    written = [p for p in killed if killed[p] != old[p]]
    assert written and len(written) < len(old)  # killed in the middle: some files new, most still old
    for path, data in killed.items():
        assert data in (old[path], new[path]), path  # never half a file
        if path.endswith(".gz"):
            assert gzip.decompress(data) in (old[path[:-3]], new[path[:-3]]), path
    assert all(new[p] != old[p] for p in new if p.endswith("index.html")), "every page shows the new footer"
    for url in ("/", pages.agency(township.code), pages.guide(township.code)):
        assert "望奎县人民政府办公室" in nginx.get(quote(url)).text(), url


def test_the_dynamic_pages_answer_bad_input_in_chinese_with_a_4xx_through_nginx(nginx, township, category):
    ItemFactory(agency=township, category=category)
    cases = [
        ("/search/?q=" + "a" * 10_000, "检索词过长"),  # the application's message
        ("/search/?q=" + quote("秸" * 10_000), "网址过长"),  # 90 KB of URL: nginx's own page, in Chinese
        (f"/gk/{township.code}/c/{category.pk}/?after=OTk5OS05OS05OXwx", "翻页参数无效"),
        (f"/gk/{township.code}/c/{category.pk}/?after=%25%25bad", "翻页参数无效"),
        ("/gk/NOPE123/", "不存在"),
        ("/search/?q=x&agency=NOPE123", "没有找到所选机关"),
        ("/search/?q=x&agency=" + "9" * 5000, "没有找到所选机关"),
    ]
    for url, message in cases:
        answer = nginx.get(url)
        assert 400 <= answer.status < 500, (url[:80], answer.status)
        assert message in answer.text(), (url[:80], answer.text()[:300])


@pytest.mark.django_db(transaction=False)
def test_nginx_config_writes_include_files_that_nginx_accepts_in_a_server_block(tmp_path, settings, capsys):
    from django.core.management import call_command

    binary = servers.nginx_binary() or servers.unavailable("no nginx binary to check the configuration with")
    settings.PUBLISH_ROOT, settings.STATIC_ROOT = tmp_path / "publish", tmp_path / "static"
    call_command("nginx_config", "--dest", str(tmp_path / "etc"), "--upstream", "10.0.0.11:8000",
                 "--upstream", "10.0.0.12:8000")
    assert "include" in capsys.readouterr().out
    upstream = (tmp_path / "etc" / "gongkai-http.conf").read_text()
    assert "server 10.0.0.11:8000;" in upstream and "server 10.0.0.12:8000;" in upstream  # one per web node
    headers = (tmp_path / "etc" / "gongkai-headers.conf").read_text()
    assert 'add_header Cache-Control "no-cache";' in headers and 'X-Frame-Options "DENY"' in headers
    assert f"root {tmp_path / 'publish'};" in (tmp_path / "etc" / "gongkai-server.conf").read_text()
    main = tmp_path / "nginx.conf"  # as Debian's nginx.conf and a site file would include them
    main.write_text(f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\nhttp {{\n"
                    f"  include /etc/nginx/mime.types;\n  include {tmp_path}/etc/gongkai-http.conf;\n"
                    f"  server {{ listen 127.0.0.1:{servers.free_port()}; server_name gk.example.gov.cn;\n"
                    f"    include {tmp_path}/etc/gongkai-server.conf; }}\n}}\n")
    checked = subprocess.run([binary, "-t", "-q", "-p", str(tmp_path), "-c", str(main)], capture_output=True,
                             text=True)
    assert checked.returncode == 0, checked.stderr

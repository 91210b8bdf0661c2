"""The files are the pages every reader gets: byte for byte what the application answers, with no CSRF token, no
back-office link, nothing of the person asking, no personal data."""

import pytest
import time_machine

from agencies.tests.clients import client_for
from agencies.tests.factories import StaffRegistryEntryFactory
from oversight.services import reading
from publication import layout, pages, services

pytestmark = pytest.mark.django_db
FROZEN = "2026-03-10 10:00 +0800"
HOST = "127.0.0.1:8000"  # GONGKAI_BASE_URL's host, which the feeds' absolute links carry


@pytest.fixture
def site(publish_root, county, township, category, approve, office_admin, published_report):
    StaffRegistryEntryFactory(agency=township, name="李天涛", position="乡长", contact="18746567000")
    reading.save_reading_point(township, acting_user=office_admin, name="东升乡政府信息公开查阅点",
                               place="乡档案室", address="东升乡政府院内", hours="工作日")
    with time_machine.travel(FROZEN, tick=False):
        first = approve(category)
        second = approve(category, title="关于2026年春季防火的通告")
        result = services.publish_site()
    assert not result.failed
    return first, second


def published_urls() -> list[str]:
    return [url for url in pages.site_paths() if layout.file_for(url).exists()]


@time_machine.travel(FROZEN, tick=False)
def test_every_published_page_is_what_an_anonymous_reader_gets_from_the_application(site, client, settings, township):
    settings.PUBLICATION_SERVE = False  # the application itself, not the files
    urls = published_urls()
    assert {"/", f"/gk/{township.code}/guide/", f"/item/{site[0].index_no}/", "/hd/reading-points/",
            f"/gk/{township.code}/annual-reports/2025/", f"/gk/{township.code}/annual-reports/2025.json"} <= set(urls)
    for url in urls:
        if url.endswith((".pdf", ".docx", ".xlsx")):
            continue  # their containers carry the time they were made (reports.renderers)
        live = client.get(url, HTTP_HOST=HOST)
        assert live.status_code == 200, url
        body = b"".join(live.streaming_content) if live.streaming else live.content
        assert layout.file_for(url).read_bytes() == body, url
        if url.endswith("/"):
            client.cookies["elder"] = "1"
            elder = client.get(url, HTTP_HOST=HOST).content
            del client.cookies["elder"]
            assert layout.file_for(url, elder=True).read_bytes() == elder, url


@time_machine.travel(FROZEN, tick=False)
def test_no_file_holds_a_token_a_back_office_link_or_personal_data(site, publish_root):
    texts = [p for p in publish_root.rglob("*") if p.is_file() and layout.is_text(p)]
    assert len(texts) > 20
    for path in texts:
        body = path.read_text(encoding="utf-8")
        for forbidden in ("csrfmiddlewaretoken", "csrftoken", 'href="/manage', "/manage/", "18746567000", "nonce=",
                          "sessionid"):
            assert forbidden not in body, (path, forbidden)


@time_machine.travel(FROZEN, tick=False)
def test_a_logged_in_person_gets_the_same_page_as_everyone(site, settings, clerk, township):
    settings.PUBLICATION_SERVE = False
    staff = client_for("backoffice", clerk)
    for url in ("/", f"/gk/{township.code}/", f"/item/{site[0].index_no}/"):
        assert staff.get(url, HTTP_HOST=HOST).content == layout.file_for(url).read_bytes(), url


def test_publishing_a_report_writes_its_page_its_downloads_and_its_column(publish_root, township, published_report):
    assert services.drain().rows > 0  # the rows the publication's audit event left
    folder = publish_root / "gk" / township.code / "annual-reports"
    assert sorted(p.name for p in folder.iterdir()) == [
        "2025", "2025.docx", "2025.json", "2025.json.gz", "2025.pdf", "2025.xlsx"]
    assert (folder / "2025.pdf").read_bytes().startswith(b"%PDF")
    column = (publish_root / "gk" / township.code / "column" / "annual_report" / "index.html").read_text()
    assert "东升乡人民政府2025年政府信息公开工作年度报告" in column

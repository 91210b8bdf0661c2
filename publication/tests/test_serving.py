"""Without nginx the application answers published URLs from their files, as nginx would."""

import gzip
import os

import pytest
from django.utils.http import http_date

from publication import writer

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(publish_root):
    page = publish_root / "index.html"
    writer.publish_file(page, "<p>首页（文件）</p>".encode())
    writer.publish_file(publish_root / "index.elder.html", "<p>长辈版（文件）</p>".encode())
    writer.publish_file(publish_root / "gk" / "X" / "feed.xml", b"<feed/>")
    writer.publish_file(publish_root / "gk" / "X" / "annual-reports" / "2017.docx", b"PK\x03\x04")
    return page


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_file_with_its_headers(home, client):
    response = client.get("/")
    stat = os.stat(home)
    assert body(response) == "<p>首页（文件）</p>".encode()
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["ETag"] == f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'  # nginx's form
    assert response["Last-Modified"] == http_date(stat.st_mtime)
    assert response["Vary"] == "Accept-Encoding, Cookie"
    assert response["Cache-Control"] == "no-cache"  # always revalidated: never a withdrawn page from a cache
    assert response["Content-Length"] == str(stat.st_size)
    assert "Content-Disposition" not in response
    assert response["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in response  # the middleware before
    assert "Set-Cookie" not in response and not response.cookies


def test_gzip_for_clients_that_accept_it_and_the_elder_file_by_cookie(home, client):
    response = client.get("/", HTTP_ACCEPT_ENCODING="br, gzip;q=0.8")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(body(response)) == "<p>首页（文件）</p>".encode()
    assert "Content-Encoding" not in client.get("/", HTTP_ACCEPT_ENCODING="gzip;q=0, br")
    client.cookies["elder"] = "1"
    assert body(client.get("/")) == "<p>长辈版（文件）</p>".encode()


def test_304_on_a_matching_etag_or_an_unmodified_date(home, client):
    first = client.get("/")
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"] and not again.content
    assert client.get("/", HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=http_date(os.stat(home).st_mtime - 60)).status_code == 200


def test_head_feeds_and_downloads(home, client):
    head = client.head("/")
    assert head.status_code == 200 and head["Content-Length"] == str(os.stat(home).st_size) and not head.content
    feed = client.get("/gk/X/feed.xml")
    assert feed["Content-Type"] == "application/atom+xml; charset=utf-8" and body(feed) == b"<feed/>"
    docx = client.get("/gk/X/annual-reports/2017.docx", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in docx and docx["Content-Disposition"].startswith("attachment")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_application_answers_queries_posts_unpublished_urls_and_pending_messages(home, client, county):
    assert "首页（文件）" not in client.get("/", {"q": "1"}).content.decode()
    assert client.get("/gk/nope/").status_code == 404
    assert client.post("/").status_code == 405
    client.cookies["messages"] = "x"
    assert "首页（文件）" not in client.get("/").content.decode()


def test_paths_out_of_the_folder_are_never_served(home, client, publish_root):
    (publish_root.parent / "secret.html").write_text("secret")
    (publish_root / ".hidden.html").write_text("hidden")
    for url in ("/../secret.html", "/%2e%2e/secret.html", "/.hidden.html", "/index.html.gz", "/index.html"):
        response = client.get(url)
        assert response.status_code == 404 and body(response) not in (b"secret", b"hidden"), url
        assert "首页（文件）" not in body(response).decode(), url

"""A change committed → exactly its files rewritten, atomically, identical to what the application answers."""

import gzip

import pytest
import time_machine

from catalog import services as catalog
from publication import services
from publication.models import PendingTarget

pytestmark = pytest.mark.django_db
FROZEN = "2026-03-10 10:00 +0800"


def files_of(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@time_machine.travel(FROZEN, tick=False)
def test_the_last_approval_writes_the_item_its_lists_and_feeds(publish_root, township, category, approve, client,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = approve(category)
    code, cid, index = township.code, category.pk, item.index_no
    pages = ["index.html", f"gk/{code}/index.html", f"gk/{code}/c/{cid}/index.html",
             f"gk/{code}/column/statutory/index.html", f"item/{index}/index.html"]
    feeds = [f"gk/{code}/feed.xml", f"gk/{code}/c/{cid}/feed.xml"]
    expected = set()
    for page in pages:
        expected |= {page, page + ".gz", page.replace("index.html", "index.elder.html"),
                     page.replace("index.html", "index.elder.html") + ".gz"}
    expected |= {f for feed in feeds for f in (feed, feed + ".gz")}
    assert set(files_of(publish_root)) == expected  # nothing else: the guide does not list items
    assert not PendingTarget.objects.exists()

    page = (publish_root / f"item/{index}/index.html").read_bytes()
    with time_machine.travel(FROZEN, tick=False):
        pass
    live = client.get(f"/item/{index}/", {"x": "1"})  # a query string: always the application
    assert page.decode().count("秸秆禁烧") >= 1
    assert gzip.decompress((publish_root / f"item/{index}/index.html.gz").read_bytes()) == page
    elder = (publish_root / f"item/{index}/index.elder.html").read_bytes().decode()
    assert 'class="portal elder"' in elder and 'class="portal elder"' not in page.decode()
    assert live.status_code == 200


@time_machine.travel(FROZEN, tick=False)
def test_a_withdrawn_item_loses_its_files_at_once(publish_root, township, category, approve, office_admin, client,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = approve(category)
    folder = publish_root / "item" / item.index_no
    assert (folder / "index.html").exists()
    with django_capture_on_commit_callbacks(execute=True):
        catalog.withdraw_item(item, acting_user=office_admin, reason="内容有误")
    assert not folder.exists()
    assert client.get(f"/item/{item.index_no}/").status_code == 404
    category_page = (publish_root / f"gk/{township.code}/c/{category.pk}/index.html").read_text()
    assert item.title not in category_page and "共0条" in category_page


@time_machine.travel(FROZEN, tick=False)
def test_publish_site_writes_everything_then_leaves_unchanged_files_alone(publish_root, township, category, approve):
    item = approve(category)  # no drain (on_commit callbacks not run): only the rebuild writes
    first = services.publish_site()
    assert first.written > 0 and not first.failed
    assert (publish_root / "item" / item.index_no / "index.html").exists()
    assert (publish_root / f"gk/{township.code}/guide/index.html").exists()
    stat = (publish_root / "index.html").stat()
    (publish_root / "gk" / "stale").mkdir(parents=True)
    (publish_root / "gk" / "stale" / "index.html").write_text("old")
    second = services.publish_site()
    assert second.written == 0 and second.unchanged == first.written and second.removed == 1
    assert (publish_root / "index.html").stat().st_mtime == stat.st_mtime
    assert not (publish_root / "gk" / "stale").exists()
    assert not PendingTarget.objects.exists()  # the rebuild covered the rows of the approval

"""Public reads from a real PostgreSQL hot standby (issue 11, item 5; gongkai/db_router.py).

The standby is a second cluster made by pg_basebackup -R (conftest.pg_replica). `lagging()` pauses its replay, so
whatever the primary commits inside it exists only on the primary: a page that shows it read the primary, a page that
does not read the standby.
"""

import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connections
from django.test.utils import CaptureQueriesContext

from agencies.tests.clients import client_for
from applications.models import Application
from applications.tests.test_portal import form_data
from catalog.tests.factories import ItemFactory
from gongkai import db_router

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]


def test_the_replica_alias_is_a_hot_standby_holding_the_test_database(replica_reads):
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_database()")
        assert cursor.fetchone() == (True, connections["default"].settings_dict["NAME"])
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (False,)


def test_anonymous_reads_go_to_the_replica_staff_and_tokens_to_the_primary(replica_reads, township, category, clerk):
    staff = client_for("backoffice", clerk)
    api_staff = client_for("api", clerk)
    anonymous = client_for("backoffice", None)
    with replica_reads.lagging():
        item = ItemFactory(agency=township, category=category, title="关于防汛预警的紧急通知")
        page, api = f"/item/{item.index_no}/", f"/api/v1/items/{item.index_no}/"
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            assert anonymous.get(page).status_code == 404  # not replayed yet: the standby answered
            assert anonymous.get(api).status_code == 404
            assert "关于防汛预警的紧急通知" not in anonymous.get(f"/gk/{township.code}/c/{category.pk}/").content.decode()
        assert on_replica.captured_queries
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            assert "关于防汛预警的紧急通知" in staff.get(page).content.decode()
            assert api_staff.get(api).json()["title"] == "关于防汛预警的紧急通知"
            assert staff.get("/manage/").status_code == 200
        assert on_replica.captured_queries == []
    assert "关于防汛预警的紧急通知" in anonymous.get(page).content.decode()  # replayed
    assert anonymous.get(api).json()["title"] == "关于防汛预警的紧急通知"


@pytest.mark.urls("gongkai.tests.replica_probe")
def test_a_request_reads_its_own_writes_from_the_primary(replica_reads, township, category, client):
    with replica_reads.lagging():
        ItemFactory(agency=township, category=category, title="只在主库的一条")
        seen = client.get(f"/probe/{category.pk}/?mode=write").json()
    assert seen["first"] == {"alias": "replica", "in_recovery": True} and "只在主库的一条" not in seen["titles"]
    assert seen["after_write"] == seen["last"] == {"alias": "default", "in_recovery": False}
    assert seen["name_after_write"] == "改名后的栏目"


@pytest.mark.urls("gongkai.tests.replica_probe")
def test_transactions_and_row_locks_read_the_primary(replica_reads, category, client):
    seen = client.get(f"/probe/{category.pk}/?mode=atomic").json()
    assert seen["first"] == seen["after_transaction"] == {"alias": "replica", "in_recovery": True}
    assert seen["in_transaction"] == seen["select_for_update"] == {"alias": "default", "in_recovery": False}
    assert seen["last"]["alias"] == "default"  # the row lock was a write: the rest of the request stays there


@pytest.mark.urls("gongkai.tests.replica_probe")
def test_a_page_rendered_inside_a_request_reads_the_primary(replica_reads, township, category, client):
    """publication renders the pages a change affects right after it commits: they must show the change."""
    with replica_reads.lagging():
        ItemFactory(agency=township, category=category, title="刚刚发布的一条")
        seen = client.get(f"/probe/{category.pk}/?mode=nested").json()
    assert seen["first"]["alias"] == "replica" and "刚刚发布的一条" not in seen["titles"]
    assert seen["nested"]["first"] == {"alias": "default", "in_recovery": False}
    assert "刚刚发布的一条" in seen["nested"]["titles"]


def test_the_page_after_a_public_form_reads_the_primary(replica_reads, township, client):
    with time_machine.travel("2026-12-30 10:00 +0800", tick=False) as traveller, replica_reads.lagging():
        data = form_data(township, client)
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            response = client.post("/apply/", data)
            assert response.status_code == 302 and response.cookies[db_router.PIN_COOKIE]["max-age"] == 5
            receipt = client.get("/apply/receipt/")
        application = Application.objects.get()
        assert receipt.status_code == 200 and application.tracking_code in receipt.content.decode()
        assert _writes(on_replica.captured_queries) == []
        # Without the pin the same browser reads the standby, which has not replayed the application yet.
        traveller.shift(6)
        assert client.get("/apply/receipt/")["Location"] == "/track/"


def test_a_replica_that_is_down_leaves_public_reads_to_the_primary(replica_reads, unreachable_replica, settings,
                                                                   township, category, client, caplog):
    settings.DATABASE_REPLICAS = [unreachable_replica]
    with replica_reads.lagging():
        item = ItemFactory(agency=township, category=category, title="备库停机时的一条")
        assert "备库停机时的一条" in client.get(f"/item/{item.index_no}/").content.decode()
        assert "Database replica replica_down is unavailable" in caplog.text
        assert unreachable_replica in db_router._down_until
        # With a second replica that answers, readers go there (not replayed yet: 404).
        settings.DATABASE_REPLICAS = [unreachable_replica, "replica"]
        assert client.get(f"/item/{item.index_no}/").status_code == 404


@pytest.mark.urls("gongkai.tests.replica_probe")
def test_a_replica_failing_during_a_page_is_left_for_the_primary(replica_reads, category, client, caplog):
    response = client.get(f"/probe/{category.pk}/?mode=kill")
    assert response.status_code == 200
    assert response.json()["first"] == {"alias": "default", "in_recovery": False}  # the view ran again there
    assert "replica" in db_router._down_until and "Database replica replica is unavailable" in caplog.text
    db_router._down_until.clear()
    assert client.get(f"/probe/{category.pk}/").json()["first"]["alias"] == "replica"  # reconnected


def test_no_write_reaches_the_replica(replica_reads, township, category, client):
    ItemFactory(agency=township, category=category, title="关于秸秆禁烧的通告")
    replica_reads.caught_up()
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        for url in ("/", f"/gk/{township.code}/", f"/gk/{township.code}/guide/", f"/gk/{township.code}/c/{category.pk}/",
                    "/search/?q=秸秆", "/api/v1/items/", "/api/v1/agencies/", "/hd/complaint/", "/apply/"):
            assert client.get(url).status_code == 200, url
        page = client.get("/hd/complaint/").content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        client.post("/hd/rate/", {"value": "satisfied", "agency": township.code,
                                  "csrfmiddlewaretoken": token.group(1) if token else ""})
    assert on_replica.captured_queries and _writes(on_replica.captured_queries) == []

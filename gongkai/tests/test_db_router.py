"""The replica router's decisions, on both databases and without a running standby (test_replica.py has the real one).

Whether a request tried a replica is seen through `replica_down`, an alias nothing answers: a request that tries it
logs a warning, marks it down and is answered by the primary all the same.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import router

from agencies.models import Agency, User
from agencies.tests.clients import client_for
from catalog.models import Item
from catalog.tests.factories import ItemFactory
from gongkai import clock, db_router

transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__")


@pytest.fixture
def down(unreachable_replica, settings):
    settings.DATABASE_REPLICAS = [unreachable_replica]
    db_router._down_until.clear()
    yield unreachable_replica
    db_router._down_until.clear()


def tried(alias: str) -> bool:
    """Whether a request since the last call chose to read a replica (and found it down)."""
    return db_router._down_until.pop(alias, None) is not None


def test_without_replicas_the_router_and_middleware_change_nothing(settings, client, db, township):
    assert settings.DATABASE_REPLICAS == []
    routing = db_router.ReplicaRouter()
    assert routing.db_for_read(Item) is routing.db_for_write(Item) is routing.allow_migrate("default", "catalog") is None
    assert router.db_for_read(Item) == router.db_for_write(Item) == "default"
    response = client.post("/track/", {"code": "ABCD-EFGH-JKLM"})
    assert response.status_code == 404 and db_router.PIN_COOKIE not in response.cookies
    assert db_router.read_alias() == "default"


def test_outside_a_request_everything_reads_the_primary(down):
    """Celery tasks and management commands run outside any request."""
    routing = db_router.ReplicaRouter()
    assert routing.db_for_read(Item) == routing.db_for_read(Agency) == "default"
    assert routing.db_for_write(Item) == "default"
    assert routing.allow_migrate(down, "catalog") is False and routing.allow_migrate("default", "catalog") is None
    item, other = Item(), Agency()
    item._state.db, other._state.db = down, "default"
    assert routing.allow_relation(item, other) is True


def test_login_state_is_always_read_on_the_primary(down):
    token = db_router._route.set(db_router._Route(replica=down))
    try:
        routing = db_router.ReplicaRouter()
        assert routing.db_for_read(Session) == routing.db_for_read(User) == "default"
        assert routing.db_for_read(Item) == down
    finally:
        db_router._route.reset(token)


def test_a_pin_is_honoured_only_while_fresh_and_never_further_ahead_than_one_pin(rf, settings):
    now = clock.now().timestamp()

    def pinned(value) -> bool:
        request = rf.get("/")
        request.COOKIES[db_router.PIN_COOKIE] = value
        return db_router._pinned(request)

    assert pinned(str(now + 3)) and not pinned(str(now - 1))
    assert not pinned(str(now + 3600)) and not pinned("forever") and not pinned("")


@transactional
def test_only_anonymous_public_gets_try_a_replica(down, client, township, category, clerk, caplog):
    item = ItemFactory(agency=township, category=category, title="关于防汛预警的紧急通知")
    page = f"/item/{item.index_no}/"
    assert "关于防汛预警的紧急通知" in client.get(page).content.decode()  # the primary answered
    assert tried(down) and f"Database replica {down} is unavailable" in caplog.text
    assert client.get("/api/v1/items/").json()["count"] == 1 and tried(down)
    # Not tried again while it is marked down.
    assert client.get(page).status_code == 200 and down in db_router._down_until
    warnings = [r for r in caplog.records if r.name == "gongkai.replicas"]
    assert client.get(page).status_code == client.get("/").status_code == 200
    assert [r for r in caplog.records if r.name == "gongkai.replicas"] == warnings and tried(down)

    assert client.get("/manage/login/").status_code == 200 and not tried(down)  # the back office
    assert client.post("/track/", {"code": "ABCD-EFGH-JKLM"}).status_code == 404 and not tried(down)  # a POST
    assert client_for("backoffice", clerk).get(page).status_code == 200 and not tried(down)  # staff on the portal
    assert client_for("api", clerk).get("/api/v1/items/").status_code == 200 and not tried(down)  # a token


@transactional
def test_a_browser_that_wrote_reads_the_primary_for_a_few_seconds(down, client, township, category):
    import time_machine

    from applications.tests.test_portal import form_data

    with time_machine.travel("2026-12-30 10:00 +0800", tick=False) as traveller:
        data = form_data(township, client)
        assert tried(down)
        response = client.post("/apply/", data)
        assert response.status_code == 302 and response.cookies[db_router.PIN_COOKIE]["max-age"] == 5
        assert client.get("/apply/receipt/").status_code == 200 and not tried(down)
        traveller.shift(6)
        assert client.get("/apply/receipt/").status_code == 200 and tried(down)


@transactional
def test_publication_renders_and_code_in_primary_read_the_primary(down, client, township):
    from django.core.handlers.base import BaseHandler
    from django.test import RequestFactory

    handler = BaseHandler()
    handler.load_middleware()
    page = f"/gk/{township.code}/"
    rendering = RequestFactory().get(page, **{"gongkai.publication.rendering": True})  # as publication.render marks it
    response = handler.get_response(rendering)
    assert response.status_code == 200 and not response.cookies and not tried(down)
    with db_router.primary():
        assert client.get(page).status_code == 200 and not tried(down)
    assert client.get(page).status_code == 200 and tried(down)


def test_celery_tasks_read_the_primary(down):
    from gongkai.celery import app

    @app.task(name="gongkai.tests.where_a_task_reads")
    def where_a_task_reads():
        return db_router._forced_primary.get()

    assert where_a_task_reads.delay().get() is True
    assert db_router._forced_primary.get() is False


def _settings_with(env: dict) -> subprocess.CompletedProcess:
    """The production settings module read in a process of its own with `env` (it reads the environment at import)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    base.update(DJANGO_SETTINGS_MODULE="gongkai.settings", **env)
    code = ("import json, django; django.setup(); from django.conf import settings as s; print(json.dumps("
            "[s.DATABASE_REPLICAS, {a: [d['HOST'], d['PORT'], d['NAME'], d['OPTIONS']] for a, d in s.DATABASES.items()},"
            " s.DATABASE_ROUTERS, s.MIDDLEWARE[-1]]))")
    return subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=base, capture_output=True,
                          text=True, timeout=120, check=False)


def test_replica_urls_become_aliases_of_their_own_with_a_short_connect_timeout():
    done = _settings_with({"DATABASE_URL": "postgres://gongkai@10.0.0.30:5432/gongkai",
                           "DATABASE_REPLICA_URLS": "postgres://gongkai@10.0.0.31:5432/gongkai, "
                                                    "postgres://gongkai@10.0.0.32:6432/gongkai"})
    assert done.returncode == 0, done.stderr
    aliases, databases, routers, last_middleware = json.loads(done.stdout)
    assert aliases == ["replica1", "replica2"]
    assert databases["replica1"][:3] == ["10.0.0.31", 5432, "gongkai"]
    assert databases["replica2"][:3] == ["10.0.0.32", 6432, "gongkai"]
    assert databases["replica2"][3] == {"options": "-c jit=off", "connect_timeout": 2}
    assert routers == ["gongkai.db_router.ReplicaRouter"] and last_middleware == "gongkai.db_router.ReplicaMiddleware"
    plain = json.loads(_settings_with({"DATABASE_URL": "postgres://gongkai@10.0.0.30:5432/gongkai"}).stdout)
    assert plain[0] == [] and list(plain[1]) == ["default"]


def test_replicas_of_sqlite_are_refused_at_startup():
    done = _settings_with({"DATABASE_URL": "sqlite:////tmp/gongkai-nowhere.sqlite3",
                           "DATABASE_REPLICA_URLS": "postgres://gongkai@10.0.0.31:5432/gongkai"})
    assert done.returncode != 0 and "DATABASE_REPLICA_URLS are PostgreSQL streaming replicas" in done.stderr

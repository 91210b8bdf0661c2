from datetime import date
from pathlib import Path

import pytest

from catalog import services
from catalog.models import Item


@pytest.fixture
def publish_root(settings, tmp_path) -> Path:
    root = tmp_path / "publish"
    settings.PUBLISH_ROOT = root
    return root


@pytest.fixture
def approve(township, party_office, clerk, reviewer, deputy, principal):
    """Take a new draft through the whole chain (the last approval publishes it)."""

    def run(category, title="关于秸秆禁烧工作的通告", **fields) -> Item:
        revision = services.create_draft(township, acting_user=clerk, category=category, office=party_office,
                                         title=title, formed_on=fields.pop("formed_on", date(2026, 3, 2)),
                                         summary=fields.pop("summary", "禁烧时间与区域。"),
                                         body_html=fields.pop("body_html", "<p>全乡范围内禁止露天焚烧秸秆。</p>"),
                                         **fields)
        services.submit_for_review(revision, acting_user=clerk)
        services.approve_step(revision, acting_user=reviewer, secrecy_result="disclose")
        services.approve_step(revision, acting_user=deputy)
        services.approve_step(revision, acting_user=principal)
        return Item.objects.get(pk=revision.item_id)

    return run


@pytest.fixture
def published_report(monkeypatch, township, office_admin, deputy):
    """The township's 2025 annual report, published through the workflow (fake registers behind the figures)."""
    import time_machine

    from reports import services as reports
    from reports.tests.fakes import FakeApplications, FakeOversight
    from reports.tests.test_workflow import fill_texts

    applications, oversight = FakeApplications(), FakeOversight()
    monkeypatch.setattr("reports.sources._applications", lambda: applications)
    monkeypatch.setattr("reports.sources._oversight", lambda: oversight)
    applications.add(township, "natural_person", date(2025, 3, 2), date(2025, 3, 20), "granted")
    with time_machine.travel("2026-01-12 10:00 +0800", tick=False):
        report = reports.generate_report(township, 2025, acting_user=office_admin)
        fill_texts(report, office_admin)
        reports.submit_report(report, acting_user=office_admin)
        reports.approve_report(report, acting_user=deputy)
        reports.publish_report(report, acting_user=office_admin)
    return report


# --- real servers (publication/tests/servers.py) --------------------------------------------------------------------

@pytest.fixture
def nginx(live_server, publish_root, tmp_path):
    """nginx with deploy/nginx/'s configuration on a free loopback port: the test's PUBLISH_ROOT, proxying to the
    live server. Skipped loudly without the binary (failed when GONGKAI_REQUIRE_NGINX=1)."""
    from . import servers

    server = servers.start_nginx(tmp_path / "nginx", publish_root=publish_root,
                                 upstream=servers.live_upstream(live_server))
    yield server
    servers.stop_process(server.process)


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """The DATABASE_URL under which another process sees this test's database (request it before the personas)."""
    from . import servers

    url, restore = servers.shared_database_url(tmp_path)
    yield url
    restore()


@pytest.fixture
def celery_worker(shared_database, publish_root, tmp_path):
    """A real Celery worker process on Redis (a db number and a queue of this test's own), and this process sending
    its tasks there instead of running them eagerly."""
    from gongkai.celery import app

    from . import servers

    redis = servers.redis_or_skip()
    worker = servers.start_worker(tmp_path, shared_database, publish_root)
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "task_default_queue")}

    def reset_producers():
        import kombu.pools

        app._pool = None
        app.__dict__.pop("amqp", None)  # its queues, router and producer pool were made from the old settings
        kombu.pools.reset()  # the registry would hand the old connection pools out again

    reset_producers()
    app.conf.update(task_always_eager=False, broker_url=servers.REDIS_URL, task_default_queue=worker.queue)
    try:
        yield worker
    finally:
        reset_producers()
        app.conf.update(saved)
        servers.stop_process(worker.process)
        redis.delete(worker.queue, *redis.scan_iter(f"_kombu.binding*.{worker.queue}"))

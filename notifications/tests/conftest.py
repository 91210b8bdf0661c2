import pytest


@pytest.fixture(autouse=True)
def _empty_outboxes():
    from notifications.gateways import sms, wechat

    sms.outbox.clear()
    wechat.outbox.clear()
    yield
    sms.outbox.clear()
    wechat.outbox.clear()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run what the notifications kernel queued for after commit, and nothing else (the letters' PDF rendering, also
    queued on commit, takes seconds and is not what these tests are about). Yields the hook callbacks it ran."""
    from contextlib import contextmanager

    from notifications import events

    @contextmanager
    def run():
        ran = []
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            yield ran
        for callback in callbacks:
            if getattr(callback, "func", None) is events.dispatch:
                with django_capture_on_commit_callbacks(execute=True):
                    callback()
                ran.append(callback)

    return run


@pytest.fixture
def end_of_2026():
    import time_machine

    with time_machine.travel("2026-12-30 10:00 +0800", tick=False):
        yield

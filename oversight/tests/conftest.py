"""Fixtures of the supervision registers beyond the root personas."""

import pytest


@pytest.fixture
def emails(office_admin, supervisor, clerk):
    """Give the personas e-mail addresses (reminders go to them)."""
    for user, email in ((office_admin, "office@dongsheng.example"), (supervisor, "zwgk@wangkui.example"),
                        (clerk, "clerk@dongsheng.example")):
        user.email = email
        user.save(update_fields=["email"])
    return {"office": office_admin.email, "supervisor": supervisor.email, "clerk": clerk.email}


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    from oversight import sms

    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """django-ratelimit counts in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

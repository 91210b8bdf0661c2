"""Back-office sessions end after SESSION_IDLE_MINUTES (30) without a request and SESSION_ABSOLUTE_HOURS (12) after
login, whatever the activity; the login page then says so."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY

from audit.models import AuditEvent
from security.tests.helpers import log_in

pytestmark = pytest.mark.django_db


def test_an_idle_session_ends_after_thirty_minutes(client, clerk):
    with time_machine.travel("2026-12-07 09:00 +0800", tick=False) as traveller:
        log_in(client, clerk)
        traveller.shift(timedelta(minutes=29))
        assert client.get("/manage/").status_code == 200
        traveller.shift(timedelta(minutes=29))  # 58 minutes after login, but only 29 idle
        assert client.get("/manage/").status_code == 200
        traveller.shift(timedelta(minutes=31))

        response = client.get("/manage/items/")

        assert response.status_code == 302 and response["Location"] == "/manage/login/?next=%2Fmanage%2Fitems%2F"
        assert SESSION_KEY not in client.session
        page = client.get(response["Location"]).content.decode()
        assert "会话已超时，请重新登录" in page
        assert "会话已超时" not in client.get("/manage/login/").content.decode()  # said once
    event = AuditEvent.objects.get(action="security.session.expired")
    assert event.actor == clerk and event.data["reason"] == "idle" and event.label == "会话超时"


def test_a_busy_session_still_ends_twelve_hours_after_login(client, clerk):
    with time_machine.travel("2026-12-07 08:00 +0800", tick=False) as traveller:
        log_in(client, clerk)
        for _ in range(47):  # a request every 15 minutes: never idle
            traveller.shift(timedelta(minutes=15))
            assert client.get("/manage/").status_code == 200, traveller
        traveller.shift(timedelta(minutes=15))  # 12 h 0 min after login: still in
        assert client.get("/manage/").status_code == 200
        traveller.shift(timedelta(minutes=1))
        assert client.get("/manage/").status_code == 302
    assert AuditEvent.objects.get(action="security.session.expired").data["reason"] == "absolute"


def test_an_expired_session_api_call_is_anonymous(clerk):
    from rest_framework.test import APIClient

    client = APIClient()
    with time_machine.travel("2026-12-07 09:00 +0800", tick=False) as traveller:
        log_in(client, clerk)
        assert client.get("/api/v1/staff/items/").status_code == 200
        traveller.shift(timedelta(minutes=31))
        assert client.get("/api/v1/staff/items/").status_code in (401, 403)


def test_the_session_cookie_lives_no_longer_than_the_absolute_limit(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_HOURS * 3600 == 12 * 3600
